package baseline

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// Applied is what the Regional template's custom resource hands its function in an account: in the
// home Region and in every other Region, the conditions resolved, as CloudFormation passes them.
// The tests judge it (CIS), and run the function on it.
type Applied struct {
	Home, Other map[string]any
}

// AppliedBy reads a Regional baseline template and returns what its custom resource applies. It
// refuses a template whose custom resource does not run this package's code, or whose only condition
// is not "this is the home Region".
func AppliedBy(templateBody string) (Applied, error) {
	var t struct {
		Conditions map[string]any
		Resources  map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(templateBody), &t); err != nil {
		return Applied{}, fmt.Errorf("template: %w", err)
	}
	wantCondition := map[string]any{"Fn::Equals": []any{map[string]any{"Ref": "AWS::Region"}, map[string]any{"Ref": "HomeRegion"}}}
	var props map[string]any
	for id, r := range t.Resources {
		if r.Type != TypeBaseline {
			continue
		}
		if props != nil {
			return Applied{}, fmt.Errorf("template: more than one %s", TypeBaseline)
		}
		props = r.Properties
		token, _ := props["ServiceToken"].(map[string]any)
		att, _ := token["Fn::GetAtt"].([]any)
		if len(att) != 2 || att[1] != "Arn" {
			return Applied{}, fmt.Errorf("%s: ServiceToken is not a function's ARN", id)
		}
		fn := t.Resources[fmt.Sprint(att[0])]
		code, _ := fn.Properties["Code"].(map[string]any)
		if fn.Type != "AWS::Lambda::Function" || code["ZipFile"] != functionCode {
			return Applied{}, fmt.Errorf("%s: the function is not the baseline's tested code (function.py)", id)
		}
	}
	if props == nil {
		return Applied{}, fmt.Errorf("template: no %s resource", TypeBaseline)
	}
	a := Applied{Home: map[string]any{}, Other: map[string]any{}}
	for k, v := range props {
		if k == "ServiceToken" {
			continue
		}
		m, _ := v.(map[string]any)
		branches, isIf := m["Fn::If"].([]any)
		if !isIf {
			a.Home[k], a.Other[k] = v, v
			continue
		}
		if len(branches) != 3 || !reflect.DeepEqual(t.Conditions[fmt.Sprint(branches[0])], wantCondition) {
			return Applied{}, fmt.Errorf("%s: chosen by a condition other than the home Region", k)
		}
		for dst, branch := range map[*map[string]any]any{&a.Home: branches[1], &a.Other: branches[2]} {
			if !reflect.DeepEqual(branch, map[string]any{"Ref": "AWS::NoValue"}) {
				(*dst)[k] = branch
			}
		}
	}
	return a, nil
}

// CIS returns every CIS AWS Foundations control the applied settings miss: 1.8 and 1.9 (password
// length and reuse) and 2.1.4 (account-level S3 Block Public Access) once per account, from the home
// Region; 2.2.1 (EBS encryption by default) and 5.4 (default security group without rules) in every
// Region.
func (a Applied) CIS() []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	atLeast := func(m map[string]any, key string, min int) {
		var n int
		if _, err := fmt.Sscan(fmt.Sprint(m[key]), &n); err != nil || n < min {
			add("password policy %s is %v, CIS wants at least %d", key, m[key], min)
		}
	}
	pw, _ := a.Home["PasswordPolicy"].(map[string]any)
	if pw == nil {
		add("CIS 1.8/1.9: no password policy in the home Region")
	} else {
		atLeast(pw, "MinimumPasswordLength", 14)
		atLeast(pw, "PasswordReusePrevention", 24)
	}
	block, _ := a.Home["PublicAccessBlock"].(map[string]any)
	for _, k := range []string{"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"} {
		if block[k] != "true" {
			add("CIS 2.1.4: account-level S3 Block Public Access %s is %v", k, block[k])
		}
	}
	for where, m := range map[string]map[string]any{"home Region": a.Home, "other Regions": a.Other} {
		if m["EbsEncryptionByDefault"] != "true" {
			add("CIS 2.2.1: EBS encryption by default is %v in the %s", m["EbsEncryptionByDefault"], where)
		}
		if m["DefaultSecurityGroups"] != "closed" {
			add("CIS 5.4: default security groups are %v in the %s", m["DefaultSecurityGroups"], where)
		}
	}
	return problems
}
