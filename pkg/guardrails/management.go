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

// EC2Attributes is the body of an EC2 declarative policy ("Declarative policy syntax and examples",
// docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative_syntax.html).
type EC2Attributes struct {
	ExceptionMessage          assign[string]           `json:"exception_message"`
	InstanceMetadataDefaults  InstanceMetadataDefaults `json:"instance_metadata_defaults"`
	SnapshotBlockPublicAccess BlockPublicAccess        `json:"snapshot_block_public_access"`
	ImageBlockPublicAccess    BlockPublicAccess        `json:"image_block_public_access"`
}

// BlockPublicAccess is the state of a public-sharing block (snapshots, images).
type BlockPublicAccess struct {
	State assign[string] `json:"state"`
}

// InstanceMetadataDefaults are the IMDS defaults for new instances.
type InstanceMetadataDefaults struct {
	HTTPTokens              assign[string] `json:"http_tokens"`
	HTTPPutResponseHopLimit assign[string] `json:"http_put_response_hop_limit"`
	HTTPEndpoint            assign[string] `json:"http_endpoint"`
	InstanceMetadataTags    assign[string] `json:"instance_metadata_tags"`
}

// EC2DeclarativePolicy is a whole EC2 declarative policy document.
type EC2DeclarativePolicy struct {
	EC2 EC2Attributes `json:"ec2_attributes"`
}

// declarativeEC2 is the part of the account baseline EC2 enforces itself, in every account and
// Region, for accounts and Regions added later too:
//   - IMDSv2 required by default for new instances (CIS 5.6; Security Hub EC2.8). Hop limit 2, the
//     documented minimum when tokens are required, so containers on the instance still reach IMDS;
//     endpoint and tags left to the AMI and launch settings (no_preference).
//   - no public EBS snapshots (block_all_sharing: already public ones become private) and no new
//     public AMIs (block_new_sharing is the only blocking state AWS offers for images).
//
// EBS encryption by default has no declarative attribute: the baseline's StackSet sets it.
func declarativeEC2() (string, error) {
	var d EC2DeclarativePolicy
	d.EC2.ExceptionMessage = assign[string]{"Refused by the landing zone's account baseline (EC2 declarative policy baseline-ec2), see the README section Account baseline."}
	d.EC2.InstanceMetadataDefaults = InstanceMetadataDefaults{
		HTTPTokens:              assign[string]{"required"},
		HTTPPutResponseHopLimit: assign[string]{"2"},
		HTTPEndpoint:            assign[string]{"no_preference"},
		InstanceMetadataTags:    assign[string]{"no_preference"},
	}
	d.EC2.SnapshotBlockPublicAccess.State = assign[string]{"block_all_sharing"}
	d.EC2.ImageBlockPublicAccess.State = assign[string]{"block_new_sharing"}
	return policy.Marshal(d)
}
