package baseline

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ebs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// management declares the baseline of the management account, which no StackSet reaches, with the
// same settings as the member accounts' template, through the management account's providers (the
// ones every other component uses: no provider is added). Every setting is retained if it ever
// leaves the stack: deleting ebs.EncryptionByDefault would switch encryption off, deleting the
// password policy would remove it.
func (c *builder) management() error {
	a := c.args
	home := a.HomeRegion
	retain := func(region string) []pulumi.ResourceOption {
		return append(c.opts(region), pulumi.RetainOnDelete(true))
	}
	p := Password
	if _, err := iam.NewAccountPasswordPolicy(c.ctx, c.n("management-password-policy"), &iam.AccountPasswordPolicyArgs{
		MinimumPasswordLength:      pulumi.Int(p.MinimumPasswordLength),
		PasswordReusePrevention:    pulumi.Int(p.PasswordReusePrevention),
		MaxPasswordAge:             pulumi.Int(p.MaxPasswordAge),
		RequireSymbols:             pulumi.Bool(p.RequireSymbols),
		RequireNumbers:             pulumi.Bool(p.RequireNumbers),
		RequireUppercaseCharacters: pulumi.Bool(p.RequireUppercaseCharacters),
		RequireLowercaseCharacters: pulumi.Bool(p.RequireLowercaseCharacters),
		AllowUsersToChangePassword: pulumi.Bool(p.AllowUsersToChangePassword),
	}, retain(home)...); err != nil {
		return fmt.Errorf("password policy: %w", err)
	}
	// The account-level block is global (s3control); declared once, from the home Region.
	if _, err := s3.NewAccountPublicAccessBlock(c.ctx, c.n("management-s3-public-access-block"), &s3.AccountPublicAccessBlockArgs{
		BlockPublicAcls:       pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, retain(home)...); err != nil {
		return fmt.Errorf("S3 Block Public Access: %w", err)
	}
	// An account has one alias; creating one replaces the one it had (IAM User Guide, "Your AWS
	// account ID and its alias").
	if _, err := iam.NewAccountAlias(c.ctx, c.n("management-alias"), &iam.AccountAliasArgs{
		AccountAlias: pulumi.String(a.ManagementAlias),
	}, retain(home)...); err != nil {
		return fmt.Errorf("account alias: %w", err)
	}
	for _, r := range a.Regions {
		if _, err := ebs.NewEncryptionByDefault(c.ctx, c.n("management-ebs-encryption", r), &ebs.EncryptionByDefaultArgs{
			Enabled: pulumi.Bool(true),
		}, retain(r)...); err != nil {
			return fmt.Errorf("EBS encryption by default in %s: %w", r, err)
		}
		if err := c.closeDefaultSecurityGroup(r); err != nil {
			return err
		}
	}
	return nil
}

// closeDefaultSecurityGroup takes the default security group of the Region's default VPC with no
// rule (CIS 5.4): aws_default_security_group revokes every rule it does not declare. It needs the
// VPC's ID; the lookup is plural so that a Region whose default VPC was deleted (the other way to
// meet CIS 5.4) gets nothing, where the singular lookup would fail. aws_default_vpc is not used: it
// would create a default VPC where there is none.
func (c *builder) closeDefaultSecurityGroup(region string) error {
	vpcs, err := ec2.GetVpcs(c.ctx, &ec2.GetVpcsArgs{
		Filters: []ec2.GetVpcsFilter{{Name: "is-default", Values: []string{"true"}}},
	}, pulumi.Provider(c.args.Management[region]), pulumi.Parent(c.parent))
	if err != nil {
		return fmt.Errorf("default VPC in %s: %w", region, err)
	}
	// A Region has at most one default VPC.
	if len(vpcs.Ids) == 0 {
		return nil
	}
	if _, err := ec2.NewDefaultSecurityGroup(c.ctx, c.n("management-default-sg", region), &ec2.DefaultSecurityGroupArgs{
		VpcId:   pulumi.String(vpcs.Ids[0]),
		Ingress: ec2.DefaultSecurityGroupIngressArray{},
		Egress:  ec2.DefaultSecurityGroupEgressArray{},
	}, c.opts(region)...); err != nil {
		return fmt.Errorf("default security group in %s: %w", region, err)
	}
	return nil
}
