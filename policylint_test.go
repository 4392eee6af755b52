package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/iamlint"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// policyBearing are the resource types whose every instance must yield at least one policy document:
// if the collection below stopped finding one of them, the lint would pass by seeing nothing.
var policyBearing = []string{
	plan.PolicyType, // SCPs; tag and AI opt-out policies hold no statements and are not IAM policies
	"aws:s3/bucketPolicy:BucketPolicy",
	"aws:kms/key:Key",
	"aws:sns/topicPolicy:TopicPolicy",
	"aws:iam/role:Role",
	"aws:iam/rolePolicy:RolePolicy",
	"aws:cloudformation/stackSet:StackSet",
	"aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", // permission sets' inline policies
}

// TestPolicyLint_EveryPolicyOfEveryFixtureNamesRealActionsKeysAndOperators lints every IAM policy
// document each stack would register against AWS's Service Authorization Reference
// (pkg/iamlint/data/iam.json): SCPs, bucket, key and topic policies, role trust and inline policies,
// the IAM policies inside CloudFormation StackSet templates, and the inline policies of Identity
// Center permission sets. Organizations and the mock engine accept an action that does not exist;
// this test does not.
func TestPolicyLint_EveryPolicyOfEveryFixtureNamesRealActionsKeysAndOperators(t *testing.T) {
	for _, file := range append(userStacks(t), fixtures(t)...) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			p, err := runPlan(readStack(t, file))
			if err != nil {
				t.Fatal(err)
			}
			docs := planPolicies(t, p)
			linted := map[string]bool{}
			for _, d := range docs {
				linted[d.resource.URN] = true
				findings, err := iamlint.Lint(d.name, d.doc)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range findings {
					t.Error(f)
				}
			}
			for _, typ := range policyBearing {
				for _, r := range p.Find(typ) {
					notIAM := typ == plan.PolicyType && !strings.Contains(r.Input("content"), `"Statement"`) || // tag, AI opt-out
						typ == "aws:cloudformation/stackSet:StackSet" && !strings.Contains(r.Input("templateBody"), `"Statement"`) // the workload VPC template declares no policy
					if !linted[r.URN] && !notIAM {
						t.Errorf("%s %s: no policy document found to lint", typ, r.Name)
					}
				}
			}
			t.Logf("%d policy documents linted", len(docs))
		})
	}
}

type planPolicy struct {
	resource *plan.Resource
	name     string
	doc      policy.Document
}

// planPolicies finds every policy document in the plan's inputs: any JSON object with a Statement
// list, whether an input is such a document (a bucket policy), holds one (a role's inline policies)
// or is a CloudFormation template that holds some (a StackSet's roles).
func planPolicies(t *testing.T, p *plan.Plan) []planPolicy {
	t.Helper()
	var out []planPolicy
	for _, r := range p.Resources {
		for _, key := range sortedInputs(r.Inputs) {
			walkPolicies(r.Inputs[key], key, func(path string, v map[string]any) {
				b, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				d, err := policy.Parse(string(b))
				if err != nil {
					t.Errorf("%s %s %s: not a policy document: %v", r.Type, r.Name, path, err)
					return
				}
				out = append(out, planPolicy{resource: r, name: fmt.Sprintf("%s %s %s", shortResourceType(r.Type), r.Name, path), doc: d})
			})
		}
	}
	return out
}

// walkPolicies calls found for every object with a Statement list in v, reading strings that hold
// JSON (policy inputs, template bodies) as the JSON they hold.
func walkPolicies(v any, path string, found func(path string, doc map[string]any)) {
	switch v := v.(type) {
	case string:
		s := strings.TrimSpace(v)
		if !strings.HasPrefix(s, "{") || !strings.Contains(s, "Statement") {
			return
		}
		var parsed map[string]any
		if json.Unmarshal([]byte(s), &parsed) == nil {
			walkPolicies(parsed, path, found)
		}
	case map[string]any:
		if _, ok := v["Statement"].([]any); ok {
			found(path, resolveIntrinsics(v).(map[string]any))
			return
		}
		for _, k := range sortedInputs(v) {
			walkPolicies(v[k], path+"."+k, found)
		}
	case []any:
		for i, e := range v {
			walkPolicies(e, fmt.Sprintf("%s[%d]", path, i), found)
		}
	}
}

// resolveIntrinsics reads CloudFormation functions inside a template's policy as the strings they
// stand for, as far as the lint needs: Fn::Sub keeps its text (its ${...} read as wildcards in
// resources), Fn::Join joins, and any other function (Ref, Fn::GetAtt, ...) is "*", which the lint
// accepts anywhere a resource or value goes.
func resolveIntrinsics(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			for k, arg := range v {
				switch {
				case k == "Fn::Sub":
					if args, ok := arg.([]any); ok && len(args) > 0 {
						arg = args[0]
					}
					if s, ok := arg.(string); ok {
						return s
					}
					return "*"
				case k == "Fn::Join":
					if args, ok := arg.([]any); ok && len(args) == 2 {
						sep, _ := args[0].(string)
						items, _ := args[1].([]any)
						var parts []string
						for _, it := range items {
							s, _ := resolveIntrinsics(it).(string)
							parts = append(parts, s)
						}
						return strings.Join(parts, sep)
					}
					return "*"
				case k == "Ref" || strings.HasPrefix(k, "Fn::"):
					return "*"
				}
			}
		}
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = resolveIntrinsics(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = resolveIntrinsics(e)
		}
		return out
	}
	return v
}

func sortedInputs(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// shortResourceType turns aws:s3/bucketPolicy:BucketPolicy into s3.BucketPolicy.
func shortResourceType(typ string) string {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 {
		return typ
	}
	mod, _, _ := strings.Cut(parts[1], "/")
	return mod + "." + parts[2]
}
