package securityhub

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/securityhub"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// securityHub enables Security Hub in the security account in every governed Region, designates it
// from the management account in the home Region, aggregates findings into the home Region, and switches the
// organization to central configuration with one configuration policy on the root: Security Hub on
// in every current and future account and governed Region, with the configured standards.
//
// AWS ordering: trusted access (the organization) before the designation; the hub exists in the
// administrator before it is designated; central configuration needs the finding aggregator, and is
// set from the administrator account, not the management account.
func (b *builder) securityHub() (pulumi.StringOutput, error) {
	a := b.args
	var hubs []pulumi.Resource
	for _, r := range a.Regions {
		hub, err := securityhub.NewAccount(b.ctx, b.n("hub", r), &securityhub.AccountArgs{
			// Standards come from the configuration policy, for every account alike.
			EnableDefaultStandards:  pulumi.Bool(false),
			ControlFindingGenerator: pulumi.String("SECURITY_CONTROL"),
			AutoEnableControls:      pulumi.Bool(true),
		}, b.sec(r)...)
		if err != nil {
			return pulumi.StringOutput{}, wrap("hub "+r, err)
		}
		hubs = append(hubs, hub)
	}
	// With central configuration the administrator is designated in the home Region only: "Ensure
	// that you designate your delegated administrator in your intended home Region. When you start
	// using central configuration, the same delegated administrator is automatically set in all
	// linked Regions", and it can then no longer be changed or removed through Security Hub
	// (docs.aws.amazon.com/securityhub/latest/userguide/start-central-configuration.html). A
	// designation per Region is refused in the linked Regions once central configuration is on.
	// Stacks deployed before this rule had one designation per governed Region: the README says how
	// to drop the others from the state without calling AWS.
	designation, err := securityhub.NewOrganizationAdminAccount(b.ctx, b.n("hub-admin", a.HomeRegion), &securityhub.OrganizationAdminAccountArgs{
		AdminAccountId: a.Security.ID,
	}, b.mgmt(a.HomeRegion, append(hubs, a.Organization)...)...)
	if err != nil {
		return pulumi.StringOutput{}, wrap("hub delegation", err)
	}

	var linked []string
	for _, r := range a.Regions {
		if r != a.HomeRegion {
			linked = append(linked, r)
		}
	}
	aggregatorArgs := &securityhub.FindingAggregatorArgs{LinkingMode: pulumi.String("SPECIFIED_REGIONS"), SpecifiedRegions: pulumi.ToStringArray(linked)}
	if len(linked) == 0 {
		aggregatorArgs = &securityhub.FindingAggregatorArgs{LinkingMode: pulumi.String("NO_REGIONS")}
	}
	aggregator, err := securityhub.NewFindingAggregator(b.ctx, b.n("finding-aggregator"), aggregatorArgs,
		b.sec(a.HomeRegion, append(hubs, designation)...)...)
	if err != nil {
		return pulumi.StringOutput{}, wrap("finding aggregator", err)
	}

	orgConfig, err := securityhub.NewOrganizationConfiguration(b.ctx, b.n("hub-organization"), &securityhub.OrganizationConfigurationArgs{
		// Central configuration and auto-enable do not mix: the policy below enables every account.
		AutoEnable:                pulumi.Bool(false),
		AutoEnableStandards:       pulumi.String("NONE"),
		OrganizationConfiguration: securityhub.OrganizationConfigurationOrganizationConfigurationArgs{ConfigurationType: pulumi.String("CENTRAL")},
	}, b.sec(a.HomeRegion, aggregator)...)
	if err != nil {
		return pulumi.StringOutput{}, wrap("organization configuration", err)
	}
	policy, err := securityhub.NewConfigurationPolicy(b.ctx, b.n("hub-policy"), &securityhub.ConfigurationPolicyArgs{
		Name:        pulumi.Sprintf("%s-security-hub", a.Prefix),
		Description: pulumi.String("Security Hub on in every account and governed Region, with the landing zone's standards."),
		ConfigurationPolicy: securityhub.ConfigurationPolicyConfigurationPolicyArgs{
			ServiceEnabled:      pulumi.Bool(true),
			EnabledStandardArns: pulumi.ToStringArray(StandardArns(a.HomeRegion, a.Settings.Standards)),
			SecurityControlsConfiguration: securityhub.ConfigurationPolicyConfigurationPolicySecurityControlsConfigurationArgs{
				DisabledControlIdentifiers: pulumi.StringArray{},
			},
		},
	}, b.sec(a.HomeRegion, orgConfig)...)
	if err != nil {
		return pulumi.StringOutput{}, wrap("configuration policy", err)
	}
	if _, err := securityhub.NewConfigurationPolicyAssociation(b.ctx, b.n("hub-policy-root"), &securityhub.ConfigurationPolicyAssociationArgs{
		PolicyId: policy.ID().ToStringOutput(),
		TargetId: a.RootID,
	}, b.sec(a.HomeRegion)...); err != nil {
		return pulumi.StringOutput{}, wrap("configuration policy association", err)
	}
	return aggregator.ID().ToStringOutput(), nil
}
