package baseline

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/stackset"
)

// TypeToken is the component's type: it is in every child's URN, so it never changes.
const TypeToken = "landingzone:index:AccountBaseline"

// Member is a member account the baseline names: its alias is a per-account value.
type Member struct {
	// Key is the account key (config), for resource names.
	Key string
	// Alias is the account alias from the naming convention.
	Alias string
	// ID is the 12-digit account ID.
	ID pulumi.StringInput
	// Resource is the account (the alias instance waits for it).
	Resource pulumi.Resource
}

// Args configures the account baseline.
type Args struct {
	// Name starts the names of the StackSets, functions and roles (<prefix>-account-baseline).
	Name string
	// HomeRegion sets the account-wide settings and holds the StackSets; Regions are every governed
	// Region (HomeRegion among them).
	HomeRegion string
	Regions    []string
	// Members are the member accounts in config, for their aliases; the baseline itself reaches every
	// account under the root, in config or not.
	Members []Member
	// ManagementAlias is the management account's alias.
	ManagementAlias string
	// RootID is the organization root: the StackSets' deployment target.
	RootID pulumi.StringInput
	// Organization is waited for: trusted access for StackSets and the guardrails come first.
	Organization pulumi.Resource
	// Management are the management account's providers, by Region (every governed Region).
	Management map[string]*aws.Provider
}

// Baseline is the account baseline of the whole organization.
type Baseline struct {
	pulumi.ResourceState

	// StackSet deploys the Regional baseline; AliasStackSet the account aliases.
	StackSet      *cloudformation.StackSet
	AliasStackSet *cloudformation.StackSet
	// StackSetName and AliasStackSetName are their names.
	StackSetName      pulumi.StringOutput
	AliasStackSetName pulumi.StringOutput
}

// New registers the baseline: the StackSets for member accounts and the management account's own
// settings.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Baseline, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("account baseline: %w", err)
	}
	b := &Baseline{}
	if err := ctx.RegisterComponentResource(TypeToken, name, b, opts...); err != nil {
		return nil, err
	}
	c := &builder{ctx: ctx, name: name, args: args, parent: b}
	if err := c.members(b); err != nil {
		return nil, fmt.Errorf("account baseline: %w", err)
	}
	if err := c.management(); err != nil {
		return nil, fmt.Errorf("account baseline: management account: %w", err)
	}
	if err := ctx.RegisterResourceOutputs(b, pulumi.Map{
		"stackSetName":      b.StackSetName,
		"aliasStackSetName": b.AliasStackSetName,
	}); err != nil {
		return nil, err
	}
	return b, nil
}

func (a *Args) check() error {
	switch {
	case a == nil:
		return fmt.Errorf("args are required")
	case a.Name == "" || a.HomeRegion == "" || a.ManagementAlias == "":
		return fmt.Errorf("name, home Region and management alias are required")
	case !slices.Contains(a.Regions, a.HomeRegion):
		return fmt.Errorf("home Region %s is not among the Regions %v", a.HomeRegion, a.Regions)
	case a.RootID == nil:
		return fmt.Errorf("the root ID is required")
	}
	for _, r := range a.Regions {
		if a.Management[r] == nil {
			return fmt.Errorf("no management provider for Region %s", r)
		}
	}
	for _, m := range a.Members {
		if m.Key == "" || m.Alias == "" || m.ID == nil {
			return fmt.Errorf("member %q: key, alias and ID are required", m.Key)
		}
	}
	return nil
}

type builder struct {
	ctx    *pulumi.Context
	name   string
	args   *Args
	parent pulumi.Resource
}

func (c *builder) n(parts ...string) string {
	out := c.name
	for _, p := range parts {
		out += "-" + p
	}
	return out
}

func (c *builder) opts(region string, dependsOn ...pulumi.Resource) []pulumi.ResourceOption {
	return account.In(c.parent, c.args.Management[region], dependsOn...)
}

// members deploys the baseline to every member account. It follows the config-recording StackSet
// (pkg/securityhub/config.go): service-managed, created by the management account itself (CallAs
// SELF), managed execution so that the Regional instances and automatic deployments queue instead of
// failing with OperationInProgressException, and the administration role AWS reports ignored.
// StackSets never deploy to the management account (API reference, DeploymentTargets), which
// management() covers.
func (c *builder) members(b *Baseline) error {
	a := c.args
	regional, err := regionalTemplate(a.Name).JSON()
	if err != nil {
		return fmt.Errorf("baseline template: %w", err)
	}
	// An account that leaves keeps its baseline (the custom resource never undoes it anyway).
	args := stackset.Args(pulumi.String(a.Name),
		"The account baseline in every account and governed Region: password policy, S3 Block Public Access, EBS encryption by default, closed default security group.",
		pulumi.String(regional), stackset.RetainOnRemoval)
	args.Parameters = pulumi.StringMap{"HomeRegion": pulumi.String(a.HomeRegion)}
	b.StackSet, err = cloudformation.NewStackSet(c.ctx, c.n("stackset"), args, append(c.opts(a.HomeRegion, a.Organization), stackset.Options())...)
	if err != nil {
		return fmt.Errorf("baseline StackSet: %w", err)
	}
	b.StackSetName = b.StackSet.Name
	for _, r := range a.Regions {
		// One instance per Region, targeting the root: every account under it, now and later
		// (automatic deployment), whatever their number.
		if _, err := cloudformation.NewStackSetInstance(c.ctx, c.n("stackset", r), &cloudformation.StackSetInstanceArgs{
			StackSetName:         b.StackSet.Name,
			CallAs:               pulumi.String("SELF"),
			Region:               pulumi.String(r),
			DeploymentTargets:    stackset.Root(a.RootID),
			OperationPreferences: stackset.Operations(),
		}, append(c.opts(a.HomeRegion), stackset.InstanceOptions())...); err != nil {
			return fmt.Errorf("baseline StackSet instance %s: %w", r, err)
		}
	}
	return c.aliases(b)
}

// aliases gives each member account in config its alias: a value per account, so one StackSet
// instance per account, in the home Region, selected from the root with AccountFilterType
// INTERSECTION and given its own AccountAlias parameter override ("INTERSECTION: StackSets deploys
// to the accounts specified in Accounts parameter", CloudFormation API reference, DeploymentTargets;
// "Account-level targets for service-managed StackSets", CloudFormation User Guide). Service-managed
// instances are created from OUs only ("for create and delete operations, specify
// OrganizationalUnitIds"), hence the root with a filter. The alias StackSet has no automatic
// deployment ("whether StackSets automatically deploys to Organizations accounts that are added to
// the target organization or organizational unit", CreateStackSet, AutoDeployment): an account outside config has no key, so no alias by the convention, and an automatic
// instance could not carry a per-account value. Its own StackSet, not an override on the baseline's
// instance in the home Region: that instance belongs to the root target and its automatic
// deployment; two Pulumi resources on one stack instance would undo each other's parameters.
func (c *builder) aliases(b *Baseline) error {
	a := c.args
	body, err := aliasTemplate(a.Name).JSON()
	if err != nil {
		return fmt.Errorf("alias template: %w", err)
	}
	args := stackset.Args(pulumi.String(a.Name+"-alias"),
		"The account alias of every member account in config, from the naming convention.", pulumi.String(body), stackset.Manual)
	args.Parameters = pulumi.StringMap{"AccountAlias": pulumi.String("")}
	b.AliasStackSet, err = cloudformation.NewStackSet(c.ctx, c.n("alias-stackset"), args, append(c.opts(a.HomeRegion, a.Organization), stackset.Options())...)
	if err != nil {
		return fmt.Errorf("alias StackSet: %w", err)
	}
	b.AliasStackSetName = b.AliasStackSet.Name
	for _, m := range a.Members {
		if _, err := cloudformation.NewStackSetInstance(c.ctx, c.n("alias", m.Key), &cloudformation.StackSetInstanceArgs{
			StackSetName:         b.AliasStackSet.Name,
			CallAs:               pulumi.String("SELF"),
			Region:               pulumi.String(a.HomeRegion),
			DeploymentTargets:    stackset.Account(a.RootID, m.ID),
			ParameterOverrides:   pulumi.StringMap{"AccountAlias": pulumi.String(m.Alias)},
			OperationPreferences: stackset.Operations(),
			// The provider updates an instance's overrides with UpdateStackInstances naming the OU
			// as an account (terraform-provider-aws stack_set_instance.go, Update: Accounts is the
			// ID's OU part), which a service-managed StackSet refuses; delete and create it
			// instead (deleting the alias stack leaves the alias, the function does nothing on
			// Delete), old one first: the new instance is for the same account and Region.
		}, append(c.opts(a.HomeRegion, m.Resource), stackset.InstanceOptions(),
			pulumi.ReplaceOnChanges([]string{"parameterOverrides"}),
			pulumi.DeleteBeforeReplace(true))...); err != nil {
			return fmt.Errorf("alias of %s: %w", m.Key, err)
		}
	}
	return nil
}
