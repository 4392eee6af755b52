// Package cfn builds CloudFormation templates from Go values, for the StackSets the landing zone
// deploys into member accounts, and checks them: every Ref, Fn::GetAtt, Fn::Sub variable, condition
// and DependsOn must name something the template declares (or a pseudo parameter), so a template
// that CloudFormation would reject at validation is refused by the tests instead.
//
// Template anatomy: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
// Intrinsic functions: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
package cfn

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// Template is a CloudFormation template.
type Template struct {
	AWSTemplateFormatVersion string               `json:"AWSTemplateFormatVersion"`
	Description              string               `json:"Description"`
	Parameters               map[string]Parameter `json:"Parameters,omitempty"`
	Conditions               map[string]any       `json:"Conditions,omitempty"`
	Resources                map[string]Resource  `json:"Resources"`
	Outputs                  map[string]Output    `json:"Outputs,omitempty"`
}

// Parameter is a template parameter.
type Parameter struct {
	Type          string   `json:"Type"`
	Description   string   `json:"Description"`
	Default       *string  `json:"Default,omitempty"`
	AllowedValues []string `json:"AllowedValues,omitempty"`
}

// Resource is one resource of a template.
type Resource struct {
	Type           string         `json:"Type"`
	Condition      string         `json:"Condition,omitempty"`
	DependsOn      []string       `json:"DependsOn,omitempty"`
	DeletionPolicy string         `json:"DeletionPolicy,omitempty"`
	Properties     map[string]any `json:"Properties"`
}

// Output is a template output.
type Output struct {
	Description string `json:"Description"`
	Value       any    `json:"Value"`
	Condition   string `json:"Condition,omitempty"`
}

// Version is the only template format version CloudFormation knows.
const Version = "2010-09-09"

// Default returns a parameter default.
func Default(s string) *string { return &s }

// Ref refers to a parameter, a resource or a pseudo parameter.
func Ref(name string) map[string]any { return map[string]any{"Ref": name} }

// GetAtt reads an attribute of a resource.
func GetAtt(resource, attribute string) map[string]any {
	return map[string]any{"Fn::GetAtt": []string{resource, attribute}}
}

// Sub substitutes ${Name} variables (parameters, resources, pseudo parameters) in s.
func Sub(s string) map[string]any { return map[string]any{"Fn::Sub": s} }

// If chooses by a condition.
func If(condition string, ifTrue, ifFalse any) map[string]any {
	return map[string]any{"Fn::If": []any{condition, ifTrue, ifFalse}}
}

// Equals compares two values (a condition function).
func Equals(a, b any) map[string]any { return map[string]any{"Fn::Equals": []any{a, b}} }

// Not negates a condition function.
func Not(c any) map[string]any { return map[string]any{"Fn::Not": []any{c}} }

// Condition refers to a named condition inside another condition.
func Condition(name string) map[string]any { return map[string]any{"Condition": name} }

// NoValue removes a property when used as its value (AWS::NoValue).
func NoValue() map[string]any { return Ref("AWS::NoValue") }

// JSON is the template as CloudFormation reads it, after Check.
func (t Template) JSON() (string, error) {
	if err := t.Check(); err != nil {
		return "", err
	}
	return policy.Marshal(t)
}

// pseudoParameters are the names Ref and Fn::Sub resolve without a declaration.
var pseudoParameters = []string{"AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition",
	"AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix"}

var (
	subVariable  = regexp.MustCompile(`\$\{([^}!]+)\}`)
	resourceType = regexp.MustCompile(`^(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+|Custom::[A-Za-z0-9_@-]+)$`)
	logicalID    = regexp.MustCompile(`^[A-Za-z0-9]+$`)
)

// Check reports every reference in the template to something it does not declare, every malformed
// logical ID or resource type, and a template with no resource, all at once.
func (t Template) Check() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if t.AWSTemplateFormatVersion != Version {
		add("AWSTemplateFormatVersion is %q, not %q", t.AWSTemplateFormatVersion, Version)
	}
	if len(t.Resources) == 0 {
		add("no resource: CloudFormation refuses a template without Resources")
	}
	names := func(where string, ids []string) {
		for _, id := range ids {
			if !logicalID.MatchString(id) {
				add("%s %q: a logical ID is alphanumeric", where, id)
			}
		}
	}
	names("parameter", keys(t.Parameters))
	names("resource", keys(t.Resources))
	names("condition", keys(t.Conditions))
	names("output", keys(t.Outputs))
	for _, id := range keys(t.Parameters) {
		if _, clash := t.Resources[id]; clash {
			add("%q is both a parameter and a resource", id)
		}
	}
	refable := func(name string) bool {
		_, p := t.Parameters[name]
		_, r := t.Resources[name]
		return p || r || slices.Contains(pseudoParameters, name)
	}
	condition := func(where, name string) {
		if _, ok := t.Conditions[name]; !ok && name != "" {
			add("%s: condition %q is not declared", where, name)
		}
	}
	var walk func(where string, v any, inCondition bool)
	walk = func(where string, v any, inCondition bool) {
		switch v := v.(type) {
		case map[string]any:
			if len(v) == 1 {
				for k, arg := range v {
					switch k {
					case "Ref":
						if name, _ := arg.(string); !refable(name) {
							add("%s: Ref %v names no parameter, resource or pseudo parameter", where, arg)
						}
						if _, isResource := t.Resources[fmt.Sprint(arg)]; isResource && inCondition {
							add("%s: a condition may not Ref a resource (%v)", where, arg)
						}
					case "Fn::GetAtt":
						parts, _ := arg.([]string)
						if len(parts) != 2 {
							add("%s: Fn::GetAtt takes [resource, attribute]", where)
						} else if _, ok := t.Resources[parts[0]]; !ok {
							add("%s: Fn::GetAtt names no resource %q", where, parts[0])
						}
					case "Fn::Sub":
						s, ok := arg.(string)
						if !ok {
							add("%s: Fn::Sub takes a string here", where)
						}
						for _, m := range subVariable.FindAllStringSubmatch(s, -1) {
							name, _, _ := strings.Cut(m[1], ".")
							if !refable(name) {
								add("%s: Fn::Sub variable ${%s} names nothing declared", where, m[1])
							}
						}
					case "Fn::If":
						parts, _ := arg.([]any)
						if len(parts) != 3 {
							add("%s: Fn::If takes [condition, true value, false value]", where)
						} else if name, _ := parts[0].(string); name != "" {
							condition(where, name)
						}
					case "Condition":
						if name, ok := arg.(string); ok {
							condition(where, name)
						}
					}
				}
			}
			for _, k := range keys(v) {
				walk(where+"."+k, v[k], inCondition)
			}
		case []any:
			for i, e := range v {
				walk(fmt.Sprintf("%s[%d]", where, i), e, inCondition)
			}
		}
	}
	for _, id := range keys(t.Conditions) {
		walk("Conditions."+id, t.Conditions[id], true)
	}
	for _, id := range keys(t.Resources) {
		r := t.Resources[id]
		if !resourceType.MatchString(r.Type) {
			add("Resources.%s: type %q is not AWS::Service::Type or Custom::Name", id, r.Type)
		}
		condition("Resources."+id, r.Condition)
		for _, d := range r.DependsOn {
			if _, ok := t.Resources[d]; !ok {
				add("Resources.%s: DependsOn %q names no resource", id, d)
			}
		}
		if !slices.Contains([]string{"", "Delete", "Retain", "RetainExceptOnCreate", "Snapshot"}, r.DeletionPolicy) {
			add("Resources.%s: DeletionPolicy %q is not one CloudFormation knows", id, r.DeletionPolicy)
		}
		walk("Resources."+id+".Properties", normalize(r.Properties), false)
	}
	for _, id := range keys(t.Outputs) {
		condition("Outputs."+id, t.Outputs[id].Condition)
		walk("Outputs."+id+".Value", normalize(t.Outputs[id].Value), false)
	}
	if len(problems) > 0 {
		return fmt.Errorf("CloudFormation template %q:\n  %s", t.Description, strings.Join(problems, "\n  "))
	}
	return nil
}

// normalize turns the Go values a template is built from (typed slices and maps, structs such as
// policy documents) into the generic JSON shapes Check walks.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalize(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalize(e)
		}
		return out
	default:
		return v
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Or is true when any of its 2 to 10 conditions is (a condition function).
func Or(conditions ...any) map[string]any { return map[string]any{"Fn::Or": conditions} }

// maxOr is how many conditions Fn::Or takes at most ("The minimum number of conditions that you can
// include is 2, and the maximum is 10", Condition functions, Fn::Or).
const maxOr = 10

// AccountIn is a condition function true in the accounts listed: Fn::Equals on AWS::AccountId, in
// nested Fn::Or groups of at most ten. It is how a StackSet template leaves out chosen accounts
// (Condition: Not(AccountIn(...))) without changing which accounts its instances target.
func AccountIn(accountIDs ...string) any {
	terms := make([]any, len(accountIDs))
	for i, id := range accountIDs {
		terms[i] = Equals(Ref("AWS::AccountId"), id)
	}
	for len(terms) > 1 {
		var grouped []any
		for start := 0; start < len(terms); start += maxOr {
			group := terms[start:min(start+maxOr, len(terms))]
			if len(group) == 1 {
				grouped = append(grouped, group[0])
			} else {
				grouped = append(grouped, Or(group...))
			}
		}
		terms = grouped
	}
	if len(terms) == 0 {
		return Equals("no", "account")
	}
	return terms[0]
}
