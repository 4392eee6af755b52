package securityhub

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/accessanalyzer"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/detective"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/inspector2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/macie2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// delegate registers the security account as delegated administrator of a service with
// Organizations (global, once), from the management account.
func (b *builder) delegate(what, servicePrincipal string) (*organizations.DelegatedAdministrator, error) {
	d, err := organizations.NewDelegatedAdministrator(b.ctx, b.n("delegate-"+what), &organizations.DelegatedAdministratorArgs{
		AccountId:        b.args.Security.ID,
		ServicePrincipal: pulumi.String(servicePrincipal),
	}, b.mgmt(b.args.HomeRegion, b.args.Organization)...)
	if err != nil {
		return nil, wrap("delegation of "+servicePrincipal, err)
	}
	return d, nil
}

// accessAnalyzer delegates IAM Access Analyzer and creates an organization analyzer in the security
// account in every governed Region (CIS 1.20): findings for any resource shared outside the
// organization.
func (b *builder) accessAnalyzer() (pulumi.StringMapOutput, error) {
	a := b.args
	delegation, err := b.delegate("access-analyzer", "access-analyzer.amazonaws.com")
	if err != nil {
		return pulumi.StringMapOutput{}, err
	}
	arns := pulumi.StringMap{}
	for _, r := range a.Regions {
		analyzer, err := accessanalyzer.NewAnalyzer(b.ctx, b.n("access-analyzer", r), &accessanalyzer.AnalyzerArgs{
			AnalyzerName: pulumi.Sprintf("%s-organization-%s", a.Prefix, r),
			Type:         pulumi.String("ORGANIZATION"),
		}, b.sec(r, delegation)...)
		if err != nil {
			return pulumi.StringMapOutput{}, wrap("access analyzer "+r, err)
		}
		arns[r] = analyzer.Arn
	}
	return arns.ToStringMapOutput(), nil
}

// inspectorScans are the resource types Inspector scans in every account.
var inspectorScans = []string{"EC2", "ECR", "LAMBDA"}

// inspector delegates Amazon Inspector in every governed Region and, from the administrator,
// enables scanning in the administrator itself, auto-enables it for accounts that join later, and
// associates and enables the accounts that exist now, the management account included.
//
// AWS and provider rules: an Enabler holds either the administrator account or member accounts,
// never both (the provider refuses the mix: "account_ids can contain either the administrator
// account or one or more member accounts", hashicorp/terraform-provider-aws#31307, PR #31038);
// the administrator must have Inspector on before it can manage the organization; an existing
// account is enabled by the administrator only once it is associated as a member
// (inspector2.MemberAssociation, Inspector API AssociateMember); auto-enable covers new accounts
// only. The management account is not auto-enabled either: the administrator associates and enables
// it like any other organization account.
func (b *builder) inspector() error {
	a := b.args
	var home pulumi.Resource
	for _, r := range b.homeFirst() {
		admin, err := inspector2.NewDelegatedAdminAccount(b.ctx, b.n("inspector-admin", r), &inspector2.DelegatedAdminAccountArgs{
			AccountId: a.Security.ID,
		}, b.mgmt(r, a.Organization, b.designationOrder(r, home))...)
		if err != nil {
			return wrap("inspector delegation "+r, err)
		}
		home = b.designated(r, admin, home)
		own, err := inspector2.NewEnabler(b.ctx, b.n("inspector", r), &inspector2.EnablerArgs{
			AccountIds:    pulumi.StringArray{a.Security.ID},
			ResourceTypes: pulumi.ToStringArray(inspectorScans),
		}, b.sec(r, admin)...)
		if err != nil {
			return wrap("inspector in the administrator "+r, err)
		}
		orgConfig, err := inspector2.NewOrganizationConfiguration(b.ctx, b.n("inspector-organization", r), &inspector2.OrganizationConfigurationArgs{
			AutoEnable: inspector2.OrganizationConfigurationAutoEnableArgs{
				Ec2: pulumi.Bool(true), Ecr: pulumi.Bool(true), Lambda: pulumi.Bool(true), LambdaCode: pulumi.Bool(false),
			},
		}, b.sec(r, own)...)
		if err != nil {
			return wrap("inspector organization configuration "+r, err)
		}
		ids := pulumi.StringArray{}
		associations := []pulumi.Resource{own, orgConfig}
		associate := func(key string, id pulumi.StringInput) error {
			assoc, err := inspector2.NewMemberAssociation(b.ctx, b.n("inspector-member-"+key, r), &inspector2.MemberAssociationArgs{
				AccountId: id,
			}, b.sec(r, own)...)
			if err != nil {
				return wrap("inspector member "+key+" "+r, err)
			}
			ids = append(ids, id)
			associations = append(associations, assoc)
			return nil
		}
		if err := associate(config.KeyManagement, a.ManagementAccountID); err != nil {
			return err
		}
		for _, m := range b.members() {
			if err := associate(m.Config.Key, m.ID); err != nil {
				return err
			}
		}
		if _, err := inspector2.NewEnabler(b.ctx, b.n("inspector-accounts", r), &inspector2.EnablerArgs{
			AccountIds:    ids,
			ResourceTypes: pulumi.ToStringArray(inspectorScans),
		}, b.sec(r, associations...)...); err != nil {
			return wrap("inspector enabler "+r, err)
		}
	}
	return nil
}

// macie enables Macie in the security account, delegates it in every governed Region,
// auto-enables it for accounts that join later and, from the administrator, makes every existing
// member account a member. Auto-enable covers accounts as they join; the accounts already there are
// added by the administrator ("The Macie administrator then enables Macie for other accounts in the
// organization, adds those accounts as Macie member accounts", Macie user guide, "Managing multiple
// Macie accounts with AWS Organizations"); for an organization account, macie2.Member with invite
// off associates it (CreateMember) without an invitation.
func (b *builder) macie() error {
	a := b.args
	var home pulumi.Resource
	for _, r := range b.homeFirst() {
		own, err := macie2.NewAccount(b.ctx, b.n("macie", r), &macie2.AccountArgs{
			FindingPublishingFrequency: pulumi.String("FIFTEEN_MINUTES"),
			Status:                     pulumi.String("ENABLED"),
		}, b.sec(r)...)
		if err != nil {
			return wrap("macie "+r, err)
		}
		admin, err := macie2.NewOrganizationAdminAccount(b.ctx, b.n("macie-admin", r), &macie2.OrganizationAdminAccountArgs{
			AdminAccountId: a.Security.ID,
		}, b.mgmt(r, own, a.Organization, b.designationOrder(r, home))...)
		if err != nil {
			return wrap("macie delegation "+r, err)
		}
		home = b.designated(r, admin, home)
		orgConfig, err := macie2.NewOrganizationConfiguration(b.ctx, b.n("macie-organization", r), &macie2.OrganizationConfigurationArgs{
			AutoEnable: pulumi.Bool(true),
		}, b.sec(r, admin)...)
		if err != nil {
			return wrap("macie organization configuration "+r, err)
		}
		for _, m := range b.members() {
			// No invitation for an organization account. The provider reads `invite` back as true
			// for any ENABLED member and, on a diff to false, calls DisassociateMember
			// (terraform-provider-aws internal/service/macie2/member.go): ignore it, so a later
			// update never disassociates the account.
			if _, err := macie2.NewMember(b.ctx, b.n("macie-member-"+m.Config.Key, r), &macie2.MemberArgs{
				AccountId: m.ID,
				Email:     pulumi.String(m.Config.Email),
				Status:    pulumi.String("ENABLED"),
			}, append(b.sec(r, admin, orgConfig), pulumi.IgnoreChanges([]string{"invite"}))...); err != nil {
				return wrap("macie member "+m.Config.Key+" "+r, err)
			}
		}
	}
	return nil
}

// detective creates the behavior graph in the security account, delegates Detective in every
// governed Region, auto-enables it for accounts that join later and, from the administrator, enables
// every existing member account (CreateMembers: for an organization account this enables it
// directly, without an invitation; the provider waits for INVITED or ENABLED,
// terraform-provider-aws internal/service/detective/member.go).
func (b *builder) detective() error {
	a := b.args
	var home pulumi.Resource
	for _, r := range b.homeFirst() {
		graph, err := detective.NewGraph(b.ctx, b.n("detective", r), &detective.GraphArgs{}, b.sec(r)...)
		if err != nil {
			return wrap("detective graph "+r, err)
		}
		admin, err := detective.NewOrganizationAdminAccount(b.ctx, b.n("detective-admin", r), &detective.OrganizationAdminAccountArgs{
			AccountId: a.Security.ID,
		}, b.mgmt(r, graph, a.Organization, b.designationOrder(r, home))...)
		if err != nil {
			return wrap("detective delegation "+r, err)
		}
		home = b.designated(r, admin, home)
		orgConfig, err := detective.NewOrganizationConfiguration(b.ctx, b.n("detective-organization", r), &detective.OrganizationConfigurationArgs{
			AutoEnable: pulumi.Bool(true),
			GraphArn:   graph.ID().ToStringOutput(),
		}, b.sec(r, admin)...)
		if err != nil {
			return wrap("detective organization configuration "+r, err)
		}
		for _, m := range b.members() {
			if _, err := detective.NewMember(b.ctx, b.n("detective-member-"+m.Config.Key, r), &detective.MemberArgs{
				AccountId:                m.ID,
				EmailAddress:             pulumi.String(m.Config.Email),
				GraphArn:                 graph.ID().ToStringOutput(),
				DisableEmailNotification: pulumi.Bool(true),
			}, b.sec(r, admin, orgConfig)...); err != nil {
				return wrap("detective member "+m.Config.Key+" "+r, err)
			}
		}
	}
	return nil
}
