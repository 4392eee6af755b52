package securityhub

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// TypeToken is the component's type: it is in every child's URN, so it never changes.
const TypeToken = "landingzone:index:SecurityHub"

// Args configures the SecurityHub component.
type Args struct {
	Prefix     string
	HomeRegion string
	// Regions are the governed Regions; HomeRegion is one of them.
	Regions  []string
	Settings config.SecurityHub
	// Security is the security account, the delegated administrator of every service.
	Security *account.Account
	// Management and SecurityProviders are the two accounts' providers by Region, one for each
	// governed Region.
	Management        map[string]*aws.Provider
	SecurityProviders map[string]*aws.Provider
	// OrganizationID, RootID and ManagementAccountID scope policies and target the root.
	OrganizationID      pulumi.StringInput
	RootID              pulumi.StringInput
	ManagementAccountID pulumi.StringInput
	// Organization is waited for before any delegation: trusted access must be on first.
	Organization pulumi.Resource
	// ManagementAccountEmail is the management account's email: GuardDuty needs it to make the
	// management account a member (organization auto-enable does not cover that account).
	ManagementAccountEmail pulumi.StringInput
	// Members are the member accounts this program vends or adopts, security account included.
	// Inspector, Macie and Detective auto-enable cover only accounts that join the organization
	// later, and these accounts may be created in the same run: each is made a member explicitly,
	// from the administrator (no provider per member account).
	Members []*account.Account
	// LogBucket, LogKeyArn and ConfigPrefix are where Config delivers (the log archive);
	// LogBucketPolicy holds Config's grant, so recorders wait for it.
	LogBucket       pulumi.StringInput
	LogKeyArn       pulumi.StringInput
	ConfigPrefix    string
	LogBucketPolicy pulumi.Resource
	// AdminPrincipals may administer the notification key besides the security account's access role.
	AdminPrincipals []string
	// KeepRecording are the IDs of adopted accounts that keep their own AWS Config recorder and
	// delivery channel (config adopt.keepConfigRecording): the config-recording StackSet skips them.
	KeepRecording []string
}

// SecurityHub is the organization's security tooling, administered from the security account.
type SecurityHub struct {
	pulumi.ResourceState

	SecurityAccountID pulumi.StringOutput
	TopicArn          pulumi.StringOutput
	// ConfigAggregatorArn is the organization Config aggregator; FindingAggregatorArn the Security Hub
	// cross-Region finding aggregator.
	ConfigAggregatorArn  pulumi.StringOutput
	FindingAggregatorArn pulumi.StringOutput
	// AnalyzerArns are the organization access analyzers by Region.
	AnalyzerArns pulumi.StringMapOutput
	// Standards are the enabled standards' ARNs (home Region ARNs; the configuration policy applies
	// them in every governed Region).
	Standards []string
}

// New registers the security services: delegations from the management account, organization
// configurations from the security account, the Config aggregator and organization-wide recording,
// and finding notifications.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*SecurityHub, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("security hub: %w", err)
	}
	c := &SecurityHub{SecurityAccountID: args.Security.ID, Standards: StandardArns(args.HomeRegion, args.Settings.Standards)}
	if err := ctx.RegisterComponentResource(TypeToken, name, c, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, args: args, parent: c}

	var err error
	if c.FindingAggregatorArn, err = b.securityHub(); err != nil {
		return nil, err
	}
	if err = b.guardDuty(); err != nil {
		return nil, err
	}
	if c.AnalyzerArns, err = b.accessAnalyzer(); err != nil {
		return nil, err
	}
	if err = b.inspector(); err != nil {
		return nil, err
	}
	if args.Settings.Macie {
		if err = b.macie(); err != nil {
			return nil, err
		}
	}
	if args.Settings.Detective {
		if err = b.detective(); err != nil {
			return nil, err
		}
	}
	if c.ConfigAggregatorArn, err = b.configAggregator(); err != nil {
		return nil, err
	}
	if err = b.configRecording(); err != nil {
		return nil, err
	}
	if c.TopicArn, err = b.notifications(); err != nil {
		return nil, err
	}

	if err := ctx.RegisterResourceOutputs(c, c.Outputs()); err != nil {
		return nil, err
	}
	return c, nil
}

// Outputs are the component's outputs, as registered and as the stack exports them.
func (c *SecurityHub) Outputs() pulumi.Map {
	return pulumi.Map{
		"securityAccountId":    c.SecurityAccountID,
		"topicArn":             c.TopicArn,
		"configAggregatorArn":  c.ConfigAggregatorArn,
		"findingAggregatorArn": c.FindingAggregatorArn,
		"analyzerArns":         c.AnalyzerArns,
		"standards":            pulumi.ToStringArray(c.Standards),
	}
}

func (a *Args) check() error {
	switch {
	case a == nil:
		return fmt.Errorf("no arguments")
	case a.Prefix == "" || a.HomeRegion == "" || !slices.Contains(a.Regions, a.HomeRegion):
		return fmt.Errorf("the prefix, the home Region and the governed Regions (with the home Region) are required")
	case a.Security == nil:
		return fmt.Errorf("the security account is required")
	case a.OrganizationID == nil || a.RootID == nil || a.ManagementAccountID == nil || a.ManagementAccountEmail == nil:
		return fmt.Errorf("the organization ID, root ID, management account ID and email are required")
	case a.LogBucket == nil || a.LogKeyArn == nil || a.ConfigPrefix == "":
		return fmt.Errorf("the log archive's bucket, key and Config prefix are required")
	case len(a.Settings.NotificationEmails) == 0:
		return fmt.Errorf("at least one notification email is required")
	case config.SeverityAtOrAbove(a.Settings.SeverityThreshold) == nil:
		return fmt.Errorf("unknown severity threshold %q", a.Settings.SeverityThreshold)
	}
	for _, r := range a.Regions {
		if a.Management[r] == nil || a.SecurityProviders[r] == nil {
			return fmt.Errorf("no management or security provider for governed Region %s", r)
		}
	}
	for _, m := range a.Members {
		if m == nil || m.Config.Key == "" || m.Config.Email == "" {
			return fmt.Errorf("every member account needs its key and email")
		}
	}
	for _, s := range a.Settings.Standards {
		if config.StandardVersions[s] == "" {
			return fmt.Errorf("unknown standard %q", s)
		}
	}
	return nil
}

// StandardArns returns the Security Hub ARNs of standards, in a Region.
func StandardArns(region string, standards []string) []string {
	arns := make([]string, 0, len(standards))
	for _, s := range standards {
		arns = append(arns, fmt.Sprintf("arn:aws:securityhub:%s::standards/%s/v/%s", region, s, config.StandardVersions[s]))
	}
	return arns
}

// builder holds what every part of the component needs.
type builder struct {
	ctx    *pulumi.Context
	name   string
	args   *Args
	parent pulumi.Resource
	// lastHomeDesignation is the latest delegated-administrator designation in the home Region.
	lastHomeDesignation pulumi.Resource
}

// homeFirst is the governed Regions, the home Region first: designations are made there first.
func (b *builder) homeFirst() []string {
	regions := []string{b.args.HomeRegion}
	for _, r := range b.args.Regions {
		if r != b.args.HomeRegion {
			regions = append(regions, r)
		}
	}
	return regions
}

// designationOrder is what a service's delegated-administrator designation in a Region waits for.
// Designating one administrator in every Region at once fails on a new organization (one Region
// succeeds, the others fail and succeed on a rerun; GuardDuty and Macie alike:
// aws-samples/aws-secure-environment-accelerator#778), and the provider retries only its own
// Organizations calls on ConcurrentModificationException. So the home Region's designation waits for
// the previous service's, and the other Regions wait for the home Region's.
func (b *builder) designationOrder(region string, home pulumi.Resource) pulumi.Resource {
	if region == b.args.HomeRegion {
		return b.lastHomeDesignation
	}
	return home
}

// designated records a designation made in a Region; it returns the home Region's designation.
func (b *builder) designated(region string, designation, home pulumi.Resource) pulumi.Resource {
	if region == b.args.HomeRegion {
		b.lastHomeDesignation = designation
		return designation
	}
	return home
}

// mgmt and sec are the options of a resource in the management or security account, in a Region.
func (b *builder) mgmt(region string, dependsOn ...pulumi.Resource) []pulumi.ResourceOption {
	return b.opts(b.args.Management[region], dependsOn)
}

func (b *builder) sec(region string, dependsOn ...pulumi.Resource) []pulumi.ResourceOption {
	return b.opts(b.args.SecurityProviders[region], dependsOn)
}

func (b *builder) opts(p *aws.Provider, dependsOn []pulumi.Resource) []pulumi.ResourceOption {
	return account.In(b.parent, p, dependsOn...)
}

// members are the accounts the administrator enrols explicitly: every member account but the
// administrator itself, which is enrolled by its designation.
func (b *builder) members() []*account.Account {
	var out []*account.Account
	for _, m := range b.args.Members {
		if m.Config.Key != config.KeySecurity {
			out = append(out, m)
		}
	}
	return out
}

// n names a child: "<component>-<what>" or "<component>-<what>-<region>".
func (b *builder) n(what string, region ...string) string {
	if len(region) == 0 {
		return b.name + "-" + what
	}
	return b.name + "-" + what + "-" + region[0]
}

func wrap(what string, err error) error { return fmt.Errorf("security hub: %s: %w", what, err) }
