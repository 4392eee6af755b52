package account

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// Account is a vended (or adopted) member account.
type Account struct {
	Config   config.Account
	Resource *organizations.Account
	// ID is the 12-digit account ID.
	ID pulumi.StringOutput
	// AccessRoleArn is the role the landing zone assumes to reach into the account.
	AccessRoleArn pulumi.StringOutput
}

// VendArgs says where an account goes and how it is reached.
type VendArgs struct {
	Account config.Account
	// ParentID is the ID of the OU the account sits in.
	ParentID pulumi.StringInput
	// AccessRoleName is the role Organizations creates in a new account and the landing zone assumes.
	AccessRoleName string
	// Management is the management account's provider: accounts are created from there.
	Management *aws.Provider
}

// Vend creates the account, or adopts it when the configuration carries an import ID. Accounts are what a
// landing zone must never lose: the resource is protected, retained if it is ever deleted from the
// stack, and never closed on deletion. The resource name is the account key, so the URN does not
// depend on anything but the key (renaming a key would mean a new account, which Protect refuses).
func Vend(ctx *pulumi.Context, args VendArgs, opts ...pulumi.ResourceOption) (*Account, error) {
	a := args.Account
	if a.Key == "" || a.Email == "" || a.Name == "" {
		return nil, fmt.Errorf("account: key, name and email are required (got key %q)", a.Key)
	}
	if args.Management == nil || args.ParentID == nil || args.AccessRoleName == "" {
		return nil, fmt.Errorf("account %s: the management provider, parent OU and access role name are required", a.Key)
	}

	options := append([]pulumi.ResourceOption{
		pulumi.Provider(args.Management),
		pulumi.Protect(true),
		pulumi.RetainOnDelete(true),
		// Organizations never returns these two, so any value would show a diff forever.
		pulumi.IgnoreChanges([]string{"roleName", "iamUserAccessToBilling"}),
	}, opts...)
	if a.ImportID != "" {
		options = append(options, pulumi.Import(pulumi.ID(a.ImportID)))
	}

	res, err := organizations.NewAccount(ctx, a.Key, &organizations.AccountArgs{
		Name:                   pulumi.String(a.Name),
		Email:                  pulumi.String(a.Email),
		ParentId:               args.ParentID,
		RoleName:               pulumi.String(args.AccessRoleName),
		IamUserAccessToBilling: pulumi.String("ALLOW"),
		// Removing an account from the stack must never close it: retiring is state: suspended.
		CloseOnDeletion: pulumi.Bool(false),
		Tags:            pulumi.ToStringMap(a.Tags),
	}, options...)
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", a.Key, err)
	}
	// A workload's budget, spend cap and network belong to its WorkloadAccount (pkg/workload).
	return &Account{
		Config:        a,
		Resource:      res,
		ID:            res.ID().ToStringOutput(),
		AccessRoleArn: RoleArn(res.ID().ToStringOutput(), args.AccessRoleName),
	}, nil
}

// RoleArn is the ARN of a role in an account.
func RoleArn(accountID pulumi.StringInput, role string) pulumi.StringOutput {
	return pulumi.Sprintf("arn:aws:iam::%s:role/%s", accountID, role)
}
