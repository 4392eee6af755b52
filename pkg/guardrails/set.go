package guardrails

import (
	"fmt"
	"slices"
	"strings"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// Organization policy types, as Organizations names them.
const (
	TypeSCP      = "SERVICE_CONTROL_POLICY"
	TypeTag      = "TAG_POLICY"
	TypeAIOptOut = "AISERVICES_OPT_OUT_POLICY"
	// TypeDeclarativeEC2 is the EC2 declarative policy (Organizations API reference, PolicyType).
	// The provider accepts it: aws_organizations_policy's `type` and aws_organizations_organization's
	// `enabled_policy_types` are validated with enum.Validate[awstypes.PolicyType]
	// (terraform-provider-aws internal/service/organizations/policy.go and organization.go), the
	// AWS SDK for Go v2's list, which gained DECLARATIVE_POLICY_EC2 in service/organizations v1.36.0
	// (2024-12-02, its CHANGELOG), months before pulumi-aws v6.83.4's provider was built.
	TypeDeclarativeEC2 = "DECLARATIVE_POLICY_EC2"
)

// Root is the attachment target that stands for the organization root; any other target is an OU path.
const Root = "Root"

// FullAWSAccess is the AWS-managed SCP attached to the root, every OU and every account by default;
// it counts against the per-target SCP limit.
const FullAWSAccess = "FullAWSAccess"

// Size limits of non-SCP policy documents, in characters (AWS Organizations quotas).
const (
	MaxTagPolicySize      = 10_000
	MaxAIOptOutPolicySize = 2_500
	// MaxDeclarativePolicySize: "Maximum size of a declarative policy document: 10,000 characters"
	// (AWS Organizations quotas, docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
	MaxDeclarativePolicySize = 10_000
)

// Policy is one organization policy and where it attaches.
type Policy struct {
	// Key is the stable resource name: it is in the URN, so it never changes.
	Key string
	// Name is the policy's name in Organizations.
	Name        string
	Type        string
	Description string
	// Content is the minified document, as AWS stores and counts it.
	Content string
	// Targets are Root or OU paths.
	Targets []string
}

// Set is every organization policy of the landing zone.
type Set struct {
	Policies []Policy
}

// Build creates the policies the organization's configuration calls for and checks them against the
// configured limits. A limit breach is returned as config.Problems naming the policy or target and the
// limit, before anything is registered.
func Build(org *config.Organization) (Set, error) {
	var set Set
	add := func(key, typ, description string, content string, targets ...string) {
		set.Policies = append(set.Policies, Policy{
			Key: key, Name: org.Prefix + "-" + key, Type: typ, Description: description, Content: content, Targets: targets,
		})
	}
	addSCP := func(key, description string, d policy.Document, targets ...string) error {
		content, err := d.JSON()
		if err != nil {
			return fmt.Errorf("guardrails: %s: %w", key, err)
		}
		add(key, TypeSCP, description, content, targets...)
		return nil
	}

	scps := []struct {
		key, description string
		doc              policy.Document
		target           string
	}{
		{"baseline-account", "Keeps accounts in the organization; denies the root user; protects landing-zone roles, log buckets and account safety settings.", baselineAccount(org), Root},
		{"baseline-security-services", "Protects CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer and Macie from being stopped or changed.", baselineSecurityServices(org), Root},
		{"baseline-region-deny", "Denies requests outside the allowed Regions, global services excepted.", regionDeny(org, "DenyOutsideAllowedRegions", org.Guardrails.AllowedRegions), Root},
		{"regulated", "PCI DSS and HIPAA workloads: encrypted storage only, regulated Regions only.", regulated(org), config.OURegulated},
		{"sandbox", "Sandboxes: no long-lived commitments, expensive services or large instances.", sandbox(org), config.OUSandbox},
		{"suspended-deny-all", "Suspended accounts: everything denied; the account is kept, not closed.", suspended(org), config.OUSuspended},
	}
	for _, s := range scps {
		if err := addSCP(s.key, s.description, s.doc, s.target); err != nil {
			return Set{}, err
		}
	}

	tags, err := tagPolicy(org)
	if err != nil {
		return Set{}, fmt.Errorf("guardrails: tag policy: %w", err)
	}
	add("cost-allocation-tags", TypeTag, "Cost-allocation tag keys and their allowed values.", tags, Root)

	if *org.Guardrails.AIServicesOptOut {
		optOut, err := aiOptOut()
		if err != nil {
			return Set{}, fmt.Errorf("guardrails: AI opt-out policy: %w", err)
		}
		add("ai-services-opt-out", TypeAIOptOut, "Opts every account out of AWS AI services using its content.", optOut, Root)
	}

	ec2Baseline, err := declarativeEC2()
	if err != nil {
		return Set{}, fmt.Errorf("guardrails: EC2 declarative policy: %w", err)
	}
	// Attached to the root: a management policy, unlike an SCP, applies to every account of the
	// organization, the management account included (README: "Account baseline").
	add("baseline-ec2", TypeDeclarativeEC2, "Account baseline: IMDSv2 by default for new instances, no public EBS snapshots or AMIs.", ec2Baseline, Root)

	if problems := set.Check(org.Guardrails.ScpMaxSize, org.Guardrails.ScpMaxPerTarget, org.OUPaths()); len(problems) > 0 {
		return Set{}, problems
	}
	return set, nil
}

// Check returns every AWS limit the set breaks: a document larger than its type allows, or a target
// with more SCPs attached (FullAWSAccess counted) than maxPerTarget.
func (s Set) Check(maxSCPSize, maxPerTarget int, ous []string) config.Problems {
	var problems config.Problems
	for _, p := range s.Policies {
		limit, setting := maxSCPSize, " (guardrails.scpMaxSize)"
		switch p.Type {
		case TypeTag:
			limit, setting = MaxTagPolicySize, ""
		case TypeAIOptOut:
			limit, setting = MaxAIOptOutPolicySize, ""
		case TypeDeclarativeEC2:
			limit, setting = MaxDeclarativePolicySize, ""
		}
		if n := len(p.Content); n > limit {
			problems = append(problems, config.Problem{Path: "guardrails", Message: fmt.Sprintf(
				"%s %q is %s characters after minification; the limit%s is %s: split it or shorten its lists",
				typeName(p.Type), p.Name, thousands(n), setting, thousands(limit))})
		}
	}
	for _, target := range append([]string{Root}, ous...) {
		names := []string{FullAWSAccess}
		for _, p := range s.AttachedTo(target, TypeSCP) {
			names = append(names, p.Name)
		}
		if len(names) > maxPerTarget {
			what := "the root"
			if target != Root {
				what = fmt.Sprintf("OU %q", target)
			}
			problems = append(problems, config.Problem{Path: "guardrails", Message: fmt.Sprintf(
				"%s would have %d SCPs attached (%s); the limit (guardrails.scpMaxPerTarget) is %d",
				what, len(names), strings.Join(names, ", "), maxPerTarget)})
		}
	}
	return problems
}

// AttachedTo returns the policies of one type attached directly to a target.
func (s Set) AttachedTo(target, typ string) []Policy {
	var out []Policy
	for _, p := range s.Policies {
		if p.Type == typ && slices.Contains(p.Targets, target) {
			out = append(out, p)
		}
	}
	return out
}

// PolicyTypes returns the policy types the set uses, which the organization root must enable.
func (s Set) PolicyTypes() []string {
	var types []string
	for _, p := range s.Policies {
		if !slices.Contains(types, p.Type) {
			types = append(types, p.Type)
		}
	}
	slices.Sort(types)
	return types
}

func typeName(t string) string {
	switch t {
	case TypeTag:
		return "tag policy"
	case TypeAIOptOut:
		return "AI opt-out policy"
	case TypeDeclarativeEC2:
		return "EC2 declarative policy"
	}
	return "SCP"
}

// thousands writes n with comma separators, as the error messages quote AWS limits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
