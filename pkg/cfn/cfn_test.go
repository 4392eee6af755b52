package cfn

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func valid() Template {
	return Template{
		AWSTemplateFormatVersion: Version,
		Description:              "test",
		Parameters:               map[string]Parameter{"Name": {Type: "String", Description: "a name", Default: Default("x")}},
		Conditions:               map[string]any{"HasName": Not(Equals(Ref("Name"), ""))},
		Resources: map[string]Resource{
			"Role": {Type: "AWS::IAM::Role", Properties: map[string]any{"RoleName": Sub("${Name}-${AWS::Region}")}},
			"Thing": {Type: "Custom::Thing", Condition: "HasName", DependsOn: []string{"Role"}, Properties: map[string]any{
				"Role": GetAtt("Role", "Arn"), "Maybe": If("HasName", Ref("Name"), NoValue()),
				"List": []any{Ref("AWS::AccountId"), map[string]any{"Nested": Ref("Role")}},
			}},
		},
		Outputs: map[string]Output{"RoleArn": {Description: "the role", Value: GetAtt("Role", "Arn")}},
	}
}

func TestCheck_AcceptsAWellFormedTemplate(t *testing.T) {
	body, err := valid().JSON()
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal([]byte(body), &back); err != nil {
		t.Fatal(err)
	}
	if back["AWSTemplateFormatVersion"] != Version || back["Resources"].(map[string]any)["Thing"] == nil {
		t.Fatalf("template lost its content: %s", body)
	}
}

func TestCheck_ReportsEveryDanglingReference(t *testing.T) {
	tpl := valid()
	tpl.Conditions["Bad"] = Equals(Ref("Role"), "x")
	tpl.Resources["Broken"] = Resource{Type: "AWS::IAM::Nope::Extra", Condition: "Missing", DependsOn: []string{"Ghost"},
		DeletionPolicy: "Keep", Properties: map[string]any{
			"A": Ref("Nothing"), "B": GetAtt("Ghost", "Arn"), "C": Sub("${Undeclared}-x"), "D": If("NoSuch", 1, 2),
		}}
	tpl.Resources["bad-id"] = Resource{Type: "AWS::S3::Bucket"}
	err := tpl.Check()
	if err == nil {
		t.Fatal("a template with dangling references was accepted")
	}
	for _, want := range []string{
		`condition may not Ref a resource (Role)`, `type "AWS::IAM::Nope::Extra"`, `condition "Missing" is not declared`,
		`DependsOn "Ghost"`, `DeletionPolicy "Keep"`, `Ref Nothing names no`, `Fn::GetAtt names no resource "Ghost"`,
		`${Undeclared}`, `condition "NoSuch" is not declared`, `resource "bad-id": a logical ID is alphanumeric`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, err)
		}
	}
}

func TestCheck_RefusesAnEmptyTemplate(t *testing.T) {
	if err := (Template{AWSTemplateFormatVersion: "2011"}).Check(); err == nil ||
		!strings.Contains(err.Error(), "no resource") || !strings.Contains(err.Error(), "2011") {
		t.Fatalf("got %v", err)
	}
}

// AccountIn nests Fn::Or in groups of 2 to 10 (CloudFormation's bounds) whatever the number of
// accounts, and every account appears exactly once.
func TestAccountIn_NestsOrWithinCloudFormationsBounds(t *testing.T) {
	for _, n := range []int{1, 2, 10, 11, 25, 101} {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("%012d", i)
		}
		seen := map[string]int{}
		var walk func(v any)
		walk = func(v any) {
			m := v.(map[string]any)
			if or, ok := m["Fn::Or"]; ok {
				terms := or.([]any)
				if len(terms) < 2 || len(terms) > 10 {
					t.Errorf("%d accounts: an Fn::Or of %d conditions", n, len(terms))
				}
				for _, c := range terms {
					walk(c)
				}
				return
			}
			eq := m["Fn::Equals"].([]any)
			seen[eq[1].(string)]++
		}
		walk(AccountIn(ids...))
		for _, id := range ids {
			if seen[id] != 1 {
				t.Errorf("%d accounts: %s appears %d times", n, id, seen[id])
			}
		}
	}
}
