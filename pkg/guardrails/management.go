package guardrails

import (
	"slices"
	"strings"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// Organization management policies (tag, AI opt-out) use the "@@assign" inheritance syntax, not the
// IAM language.

type assign[T any] struct {
	Assign T `json:"@@assign"`
}

type tagRule struct {
	TagKey      assign[string]    `json:"tag_key"`
	TagValue    *assign[[]string] `json:"tag_value,omitempty"`
	EnforcedFor *assign[[]string] `json:"enforced_for,omitempty"`
}

type tagPolicyDocument struct {
	Tags map[string]tagRule `json:"tags"`
}

// tagPolicy fixes the capitalization of every cost-allocation tag key, restricts values where the
// configuration lists them, and refuses noncompliant tagging on the configured resource types.
func tagPolicy(org *config.Organization) (string, error) {
	tp := org.Guardrails.TagPolicy
	d := tagPolicyDocument{Tags: map[string]tagRule{}}
	for _, key := range config.CostTagKeys {
		rule := tagRule{TagKey: assign[string]{key}}
		if values := tp.AllowedValues[key]; len(values) > 0 {
			sorted := slices.Clone(values)
			slices.Sort(sorted)
			rule.TagValue = &assign[[]string]{sorted}
		}
		if len(tp.EnforcedFor) > 0 {
			rule.EnforcedFor = &assign[[]string]{slices.Clone(tp.EnforcedFor)}
		}
		d.Tags[strings.ToLower(key)] = rule
	}
	return policy.Marshal(d)
}

type aiOptOutDocument struct {
	Services map[string]struct {
		OptOutPolicy assign[string] `json:"opt_out_policy"`
	} `json:"services"`
}

// aiOptOut opts every account out of AWS AI services using its content to improve them.
func aiOptOut() (string, error) {
	d := aiOptOutDocument{Services: map[string]struct {
		OptOutPolicy assign[string] `json:"opt_out_policy"`
	}{"default": {OptOutPolicy: assign[string]{"optOut"}}}}
	return policy.Marshal(d)
}
