package securityhub

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/accessanalyzer"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/detective"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/inspector2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/macie2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
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

// inspector delegates Amazon Inspector in every governed Region and, from the administrator,
// auto-enables EC2, ECR and Lambda scanning for accounts that join later and enables it for the
// accounts that exist now.
func (b *builder) inspector() error {
	a := b.args
	for _, r := range a.Regions {
		admin, err := inspector2.NewDelegatedAdminAccount(b.ctx, b.n("inspector-admin", r), &inspector2.DelegatedAdminAccountArgs{
			AccountId: a.Security.ID,
		}, b.mgmt(r, a.Organization)...)
		if err != nil {
			return wrap("inspector delegation "+r, err)
		}
		if _, err := inspector2.NewOrganizationConfiguration(b.ctx, b.n("inspector-organization", r), &inspector2.OrganizationConfigurationArgs{
			AutoEnable: inspector2.OrganizationConfigurationAutoEnableArgs{
				Ec2: pulumi.Bool(true), Ecr: pulumi.Bool(true), Lambda: pulumi.Bool(true), LambdaCode: pulumi.Bool(false),
			},
		}, b.sec(r, admin)...); err != nil {
			return wrap("inspector organization configuration "+r, err)
		}
		if _, err := inspector2.NewEnabler(b.ctx, b.n("inspector-accounts", r), &inspector2.EnablerArgs{
			AccountIds:    a.MemberAccountIDs,
			ResourceTypes: pulumi.ToStringArray([]string{"EC2", "ECR", "LAMBDA"}),
		}, b.sec(r, admin)...); err != nil {
			return wrap("inspector enabler "+r, err)
		}
	}
	return nil
}

// macie enables Macie in the security account, delegates it in every governed Region and
// auto-enables it for new accounts.
func (b *builder) macie() error {
	a := b.args
	for _, r := range a.Regions {
		own, err := macie2.NewAccount(b.ctx, b.n("macie", r), &macie2.AccountArgs{
			FindingPublishingFrequency: pulumi.String("FIFTEEN_MINUTES"),
			Status:                     pulumi.String("ENABLED"),
		}, b.sec(r)...)
		if err != nil {
			return wrap("macie "+r, err)
		}
		admin, err := macie2.NewOrganizationAdminAccount(b.ctx, b.n("macie-admin", r), &macie2.OrganizationAdminAccountArgs{
			AdminAccountId: a.Security.ID,
		}, b.mgmt(r, own, a.Organization)...)
		if err != nil {
			return wrap("macie delegation "+r, err)
		}
		if _, err := macie2.NewOrganizationConfiguration(b.ctx, b.n("macie-organization", r), &macie2.OrganizationConfigurationArgs{
			AutoEnable: pulumi.Bool(true),
		}, b.sec(r, admin)...); err != nil {
			return wrap("macie organization configuration "+r, err)
		}
	}
	return nil
}

// detective creates the behavior graph in the security account, delegates Detective in every
// governed Region and auto-enables it for new accounts.
func (b *builder) detective() error {
	a := b.args
	for _, r := range a.Regions {
		graph, err := detective.NewGraph(b.ctx, b.n("detective", r), &detective.GraphArgs{}, b.sec(r)...)
		if err != nil {
			return wrap("detective graph "+r, err)
		}
		admin, err := detective.NewOrganizationAdminAccount(b.ctx, b.n("detective-admin", r), &detective.OrganizationAdminAccountArgs{
			AccountId: a.Security.ID,
		}, b.mgmt(r, graph, a.Organization)...)
		if err != nil {
			return wrap("detective delegation "+r, err)
		}
		if _, err := detective.NewOrganizationConfiguration(b.ctx, b.n("detective-organization", r), &detective.OrganizationConfigurationArgs{
			AutoEnable: pulumi.Bool(true),
			GraphArn:   graph.ID().ToStringOutput(),
		}, b.sec(r, admin)...); err != nil {
			return wrap("detective organization configuration "+r, err)
		}
	}
	return nil
}
