package organization

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/guardrails"
)

// TypeToken is the component's type: it is in every child's URN, so it never changes.
const TypeToken = "landingzone:index:Organization"

// TrustedServices are the service principals the landing zone enables trusted access for: the
// organization trail, Config and its multi-account setup, the security services administered from
// the security account, service-managed StackSets, sharing (RAM), directory sharing, IAM Identity
// Center, account management and tag policy reporting.
var TrustedServices = []string{
	"access-analyzer.amazonaws.com",
	"account.amazonaws.com",
	"cloudtrail.amazonaws.com",
	"config-multiaccountsetup.amazonaws.com",
	"config.amazonaws.com",
	"ds.amazonaws.com",
	"guardduty.amazonaws.com",
	"inspector2.amazonaws.com",
	"malware-protection.guardduty.amazonaws.com",
	"member.org.stacksets.cloudformation.amazonaws.com",
	"ram.amazonaws.com",
	"securityhub.amazonaws.com",
	"sso.amazonaws.com",
	"tagpolicies.tag.amazonaws.com",
}

// Args configures the Organization component.
type Args struct {
	// AdoptID imports the existing organization with this ID instead of creating one.
	AdoptID string
	// Live is what the adopted organization has today (ReadLive); required with AdoptID. Its trusted
	// services and policy types are kept, and its OUs that match the tree are imported.
	Live *Live
	// ServicePrincipals get trusted access.
	ServicePrincipals []string
	// OUPaths is the OU tree, parents before children ("Workloads", "Workloads/Prod").
	OUPaths []string
	// Guardrails are the organization policies and their targets.
	Guardrails guardrails.Set
	// Management is the management account's provider in the home Region.
	Management *aws.Provider
}

// Organization is the organization, its OU tree and its policies.
type Organization struct {
	pulumi.ResourceState

	Resource *organizations.Organization
	// ID is the organization ID (o-...).
	ID pulumi.StringOutput
	// RootID is the root's ID (r-...).
	RootID pulumi.StringOutput
	// ManagementAccountID is the management account's ID, as Organizations reports it.
	ManagementAccountID pulumi.StringOutput
	// OUIDs maps every OU path to its ID.
	OUIDs pulumi.StringMapOutput

	ous      map[string]*organizations.OrganizationalUnit
	Policies map[string]*organizations.Policy
}

// New registers the organization, the OU tree, the policies and their attachments.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Organization, error) {
	if args == nil || args.Management == nil {
		return nil, fmt.Errorf("organization: the management provider is required")
	}
	if err := checkTree(args.OUPaths); err != nil {
		return nil, fmt.Errorf("organization: %w", err)
	}
	for _, p := range args.Guardrails.Policies {
		for _, t := range p.Targets {
			if t != guardrails.Root && !slices.Contains(args.OUPaths, t) {
				return nil, fmt.Errorf("organization: policy %s targets OU %q, which is not in the tree", p.Key, t)
			}
		}
	}

	if (args.AdoptID != "") != (args.Live != nil) {
		return nil, fmt.Errorf("organization: adopting organization %q needs what it has today (ReadLive), and only then", args.AdoptID)
	}

	o := &Organization{ous: map[string]*organizations.OrganizationalUnit{}, Policies: map[string]*organizations.Policy{}}
	if err := ctx.RegisterComponentResource(TypeToken, name, o, opts...); err != nil {
		return nil, err
	}
	child := []pulumi.ResourceOption{pulumi.Parent(o), pulumi.Provider(args.Management)}

	orgOpts := append(slices.Clone(child), pulumi.Protect(true), pulumi.RetainOnDelete(true))
	if args.AdoptID != "" {
		orgOpts = append(orgOpts, pulumi.Import(pulumi.ID(args.AdoptID)))
	}
	// The declared lists are the whole lists: what an adopted organization has enabled is kept.
	principals := union(args.ServicePrincipals, nil)
	policyTypes := args.Guardrails.PolicyTypes()
	if args.Live != nil {
		principals = union(principals, args.Live.TrustedServices)
		policyTypes = union(policyTypes, args.Live.PolicyTypes)
	}
	org, err := organizations.NewOrganization(ctx, name, &organizations.OrganizationArgs{
		FeatureSet:                 pulumi.String("ALL"),
		AwsServiceAccessPrincipals: pulumi.ToStringArray(principals),
		EnabledPolicyTypes:         pulumi.ToStringArray(policyTypes),
	}, orgOpts...)
	if err != nil {
		return nil, fmt.Errorf("organization: %w", err)
	}
	o.Resource = org
	o.ID = org.ID().ToStringOutput()
	o.ManagementAccountID = org.MasterAccountId
	o.RootID = org.Roots.Index(pulumi.Int(0)).Id().Elem()

	ouIDs := pulumi.StringMap{}
	for _, path := range args.OUPaths {
		parentID, leaf := o.RootID, path
		if i := strings.LastIndex(path, "/"); i >= 0 {
			parentID, leaf = o.ous[path[:i]].ID().ToStringOutput(), path[i+1:]
		}
		ouOpts := slices.Clone(child)
		if args.Live != nil && args.Live.OUs[path] != "" {
			ouOpts = append(ouOpts, pulumi.Import(pulumi.ID(args.Live.OUs[path])))
		}
		ou, err := organizations.NewOrganizationalUnit(ctx, path, &organizations.OrganizationalUnitArgs{
			Name:     pulumi.String(leaf),
			ParentId: parentID,
		}, ouOpts...)
		if err != nil {
			return nil, fmt.Errorf("organization: OU %s: %w", path, err)
		}
		o.ous[path] = ou
		ouIDs[path] = ou.ID().ToStringOutput()
	}
	o.OUIDs = ouIDs.ToStringMapOutput()

	for _, p := range args.Guardrails.Policies {
		pol, err := organizations.NewPolicy(ctx, p.Key, &organizations.PolicyArgs{
			Name:        pulumi.String(p.Name),
			Type:        pulumi.String(p.Type),
			Description: pulumi.String(p.Description),
			Content:     pulumi.String(p.Content),
		}, append(slices.Clone(child), pulumi.DependsOn([]pulumi.Resource{org}))...)
		if err != nil {
			return nil, fmt.Errorf("organization: policy %s: %w", p.Key, err)
		}
		o.Policies[p.Key] = pol
		for _, target := range p.Targets {
			if _, err := organizations.NewPolicyAttachment(ctx, p.Key+"@"+target, &organizations.PolicyAttachmentArgs{
				PolicyId: pol.ID().ToStringOutput(),
				TargetId: o.TargetID(target),
			}, child...); err != nil {
				return nil, fmt.Errorf("organization: attach %s to %s: %w", p.Key, target, err)
			}
		}
	}

	if err := ctx.RegisterResourceOutputs(o, pulumi.Map{
		"organizationId": o.ID,
		"rootId":         o.RootID,
		"ouIds":          o.OUIDs,
	}); err != nil {
		return nil, err
	}
	return o, nil
}

// TargetID returns the ID of the root (guardrails.Root) or of the OU at a path.
func (o *Organization) TargetID(target string) pulumi.StringOutput {
	if target == guardrails.Root {
		return o.RootID
	}
	return o.ous[target].ID().ToStringOutput()
}

// OUID returns the ID of the OU at a path; the path must be in the tree.
func (o *Organization) OUID(path string) (pulumi.StringOutput, error) {
	ou, ok := o.ous[path]
	if !ok {
		return pulumi.StringOutput{}, fmt.Errorf("organization: no OU %q", path)
	}
	return ou.ID().ToStringOutput(), nil
}

// checkTree refuses a tree where a child comes before its parent or a path repeats.
func checkTree(paths []string) error {
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[p] {
			return fmt.Errorf("OU %q is listed twice", p)
		}
		if i := strings.LastIndex(p, "/"); i >= 0 && !seen[p[:i]] {
			return fmt.Errorf("OU %q comes before its parent %q", p, p[:i])
		}
		seen[p] = true
	}
	return nil
}
