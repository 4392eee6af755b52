package securityhub

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// guardDutyPlan is one protection plan: the feature name GuardDuty uses, and its agent-management
// settings where it has them.
type guardDutyPlan struct {
	feature    string
	enabled    bool
	additional []string
}

func (b *builder) guardDutyPlans() []guardDutyPlan {
	g := b.args.Settings.GuardDuty
	return []guardDutyPlan{
		{feature: "S3_DATA_EVENTS", enabled: *g.S3},
		{feature: "EKS_AUDIT_LOGS", enabled: *g.EKS},
		{feature: "EBS_MALWARE_PROTECTION", enabled: *g.Malware},
		{feature: "RDS_LOGIN_EVENTS", enabled: *g.RDS},
		{feature: "RUNTIME_MONITORING", enabled: *g.Runtime, additional: []string{"EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"}},
		{feature: "LAMBDA_NETWORK_LOGS", enabled: *g.Lambda},
	}
}

// guardDuty creates the administrator's detector in every governed Region, designates it from the
// management account in each Region (GuardDuty delegation is regional), and from the administrator
// auto-enables GuardDuty and the configured protection plans for all accounts, current and future.
//
// The management account is enrolled too: it gets its own detector first, which creates the
// GuardDuty service-linked role the administrator needs to manage it ("The management account must
// have the GuardDuty service-linked role (SLR) so that the delegated GuardDuty administrator
// account can enable and manage GuardDuty in that account. Once you enable GuardDuty in a Region
// for the management account, this SLR gets created automatically", GuardDuty user guide,
// delegated-admin-designate.html), then the administrator makes it a member (CreateMembers).
func (b *builder) guardDuty() error {
	a := b.args
	var home pulumi.Resource
	for _, r := range b.homeFirst() {
		detector, err := guardduty.NewDetector(b.ctx, b.n("guardduty", r), &guardduty.DetectorArgs{
			Enable:                     pulumi.Bool(true),
			FindingPublishingFrequency: pulumi.String("FIFTEEN_MINUTES"),
		}, b.sec(r)...)
		if err != nil {
			return wrap("guardduty detector "+r, err)
		}
		mgmtDetector, err := guardduty.NewDetector(b.ctx, b.n("guardduty-management", r), &guardduty.DetectorArgs{
			Enable:                     pulumi.Bool(true),
			FindingPublishingFrequency: pulumi.String("FIFTEEN_MINUTES"),
		}, b.mgmt(r)...)
		if err != nil {
			return wrap("guardduty management detector "+r, err)
		}
		admin, err := guardduty.NewOrganizationAdminAccount(b.ctx, b.n("guardduty-admin", r), &guardduty.OrganizationAdminAccountArgs{
			AdminAccountId: a.Security.ID,
		}, b.mgmt(r, detector, mgmtDetector, a.Organization, b.designationOrder(r, home))...)
		if err != nil {
			return wrap("guardduty delegation "+r, err)
		}
		home = b.designated(r, admin, home)
		orgConfig, err := guardduty.NewOrganizationConfiguration(b.ctx, b.n("guardduty-organization", r), &guardduty.OrganizationConfigurationArgs{
			DetectorId:                    detector.ID().ToStringOutput(),
			AutoEnableOrganizationMembers: pulumi.String("ALL"),
		}, b.sec(r, admin)...)
		if err != nil {
			return wrap("guardduty organization configuration "+r, err)
		}
		// An organization account is associated by CreateMembers without an invitation. The
		// provider reads `invite` back as true for an enabled member ("the state value is true based
		// on a relationshipStatus of Disabled, Enabled, Invited, or EmailVerificationInProgress",
		// guardduty.Member docs; the update then calls InviteMembers or DisassociateMembers,
		// terraform-provider-aws internal/service/guardduty/member.go): ignore it, so a later update
		// never tries to undo the membership.
		if _, err := guardduty.NewMember(b.ctx, b.n("guardduty-member-management", r), &guardduty.MemberArgs{
			AccountId:                a.ManagementAccountID,
			DetectorId:               detector.ID().ToStringOutput(),
			Email:                    a.ManagementAccountEmail,
			DisableEmailNotification: pulumi.Bool(true),
		}, append(b.sec(r, admin, orgConfig, mgmtDetector), pulumi.IgnoreChanges([]string{"invite"}))...); err != nil {
			return wrap("guardduty management membership "+r, err)
		}
		for _, plan := range b.guardDutyPlans() {
			autoEnable, status := "NONE", "DISABLED"
			if plan.enabled {
				autoEnable, status = "ALL", "ENABLED"
			}
			orgExtra := guardduty.OrganizationConfigurationFeatureAdditionalConfigurationArray{}
			ownExtra := guardduty.DetectorFeatureAdditionalConfigurationArray{}
			for _, extra := range plan.additional {
				orgExtra = append(orgExtra, guardduty.OrganizationConfigurationFeatureAdditionalConfigurationArgs{
					Name: pulumi.String(extra), AutoEnable: pulumi.String(autoEnable),
				})
				ownExtra = append(ownExtra, guardduty.DetectorFeatureAdditionalConfigurationArgs{
					Name: pulumi.String(extra), Status: pulumi.String(status),
				})
			}
			// Members get the plan through the organization configuration; the administrator's own
			// detector is not a member and is set directly.
			if _, err := guardduty.NewOrganizationConfigurationFeature(b.ctx, b.n("guardduty-org-"+plan.feature, r), &guardduty.OrganizationConfigurationFeatureArgs{
				DetectorId: detector.ID().ToStringOutput(), Name: pulumi.String(plan.feature), AutoEnable: pulumi.String(autoEnable),
				AdditionalConfigurations: orgExtra,
			}, b.sec(r, orgConfig)...); err != nil {
				return wrap("guardduty plan "+plan.feature+" "+r, err)
			}
			if _, err := guardduty.NewDetectorFeature(b.ctx, b.n("guardduty-"+plan.feature, r), &guardduty.DetectorFeatureArgs{
				DetectorId: detector.ID().ToStringOutput(), Name: pulumi.String(plan.feature), Status: pulumi.String(status),
				AdditionalConfigurations: ownExtra,
			}, b.sec(r)...); err != nil {
				return wrap("guardduty detector plan "+plan.feature+" "+r, err)
			}
		}
	}
	return nil
}
