package identity

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssoadmin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// TypeToken is the component's type: it is in every child's URN, so it never changes.
const TypeToken = "landingzone:index:Identity"

// ServicePrincipal is IAM Identity Center's service principal, for trusted access and delegation.
const ServicePrincipal = "sso.amazonaws.com"

// Args configures the Identity component.
type Args struct {
	// Settings are the validated, defaulted identity settings.
	Settings config.Identity
	// Access is every assignment to make (config.Organization.AccessMatrix).
	Access []config.Access
	// Accounts are the member accounts by key; every account Access names must be here.
	Accounts map[string]*account.Account
	// DelegatedAdministrator is the member account that administers Identity Center, or nil for the
	// management account.
	DelegatedAdministrator *account.Account
	// Provider reaches the administering account (management or delegated administrator) in the
	// Identity Center instance's Region: every permission set and assignment is declared through it.
	Provider *aws.Provider
	// Management registers the delegated administrator (only the management account may).
	Management *aws.Provider
	// Organization is waited for before delegating: delegation needs Identity Center's trusted access.
	Organization pulumi.Resource
}

// Identity is the organization's Identity Center configuration as the landing zone manages it.
type Identity struct {
	pulumi.ResourceState

	InstanceArn     pulumi.StringOutput
	IdentityStoreID pulumi.StringOutput
	// PermissionSets are the permission sets by name.
	PermissionSets map[string]*ssoadmin.PermissionSet
	// Assignments are the account assignments, in the order of Access.
	Assignments []*ssoadmin.AccountAssignment
	// Access is what the assignments grant, by account key, group key and permission set name.
	Access []config.Access
	// AdministeredFrom is the key of the account the resources are declared from.
	AdministeredFrom string
}

func (a *Args) check() error {
	if a.Provider == nil || a.Management == nil {
		return fmt.Errorf("the administering account's and the management account's providers are required")
	}
	if a.DelegatedAdministrator != nil && a.Organization == nil {
		return fmt.Errorf("delegating administration needs the organization (trusted access) to wait for")
	}
	for _, acc := range a.Access {
		if a.Accounts[acc.Account] == nil {
			return fmt.Errorf("%s: account %q is not among the vended accounts", acc.Source, acc.Account)
		}
		if _, ok := a.Settings.PermissionSets[acc.PermissionSet]; !ok {
			return fmt.Errorf("%s: no permission set %q", acc.Source, acc.PermissionSet)
		}
		if _, ok := a.Settings.Groups[acc.Group]; !ok {
			return fmt.Errorf("%s: no group %q", acc.Source, acc.Group)
		}
	}
	return nil
}

// New registers the delegation (when there is one), the permission sets with their policies, and
// one account assignment per (account, group, permission set) of Access.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Identity, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("identity: %w", err)
	}
	id := &Identity{PermissionSets: map[string]*ssoadmin.PermissionSet{}, Access: args.Access, AdministeredFrom: config.KeyManagement}
	if err := ctx.RegisterComponentResource(TypeToken, name, id, opts...); err != nil {
		return nil, err
	}
	in := []pulumi.ResourceOption{pulumi.Parent(id), pulumi.Provider(args.Provider)}
	invoke := []pulumi.InvokeOption{pulumi.Parent(id), pulumi.Provider(args.Provider)}

	if d := args.DelegatedAdministrator; d != nil {
		// Only the management account registers a delegated administrator, once Identity Center has
		// trusted access (IAM Identity Center user guide, "Delegated administration"). The delegated
		// administrator can neither assign access to the management account nor manage a permission
		// set provisioned there: the landing zone assigns member accounts only.
		delegation, err := organizations.NewDelegatedAdministrator(ctx, name+"-delegated-administrator", &organizations.DelegatedAdministratorArgs{
			AccountId:        d.ID,
			ServicePrincipal: pulumi.String(ServicePrincipal),
		}, pulumi.Parent(id), pulumi.Provider(args.Management), pulumi.DependsOn([]pulumi.Resource{args.Organization}))
		if err != nil {
			return nil, fmt.Errorf("identity: delegated administrator: %w", err)
		}
		// Reads and writes from the delegated administrator wait until it is one.
		in = append(in, pulumi.DependsOn([]pulumi.Resource{delegation}))
		invoke = append(invoke, pulumi.DependsOn([]pulumi.Resource{delegation}))
		id.AdministeredFrom = d.Config.Key
	}

	id.InstanceArn, id.IdentityStoreID = instance(ctx, args.Settings, invoke)
	deps, err := id.permissionSets(ctx, name, args.Settings.PermissionSets, id.InstanceArn, in)
	if err != nil {
		return nil, err
	}
	groups := groupIDs(ctx, args.Settings.Groups, id.IdentityStoreID, invoke)
	if err := id.assign(ctx, name, args, groups, deps, in); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(id, id.Outputs()); err != nil {
		return nil, err
	}
	return id, nil
}

// Outputs are the component's stack outputs: the instance, each permission set's ARN, and the
// access matrix (account -> group -> permission sets).
func (id *Identity) Outputs() pulumi.Map {
	sets := pulumi.StringMap{}
	for name, ps := range id.PermissionSets {
		sets[name] = ps.Arn
	}
	matrix := map[string]map[string][]string{}
	for _, a := range id.Access {
		if matrix[a.Account] == nil {
			matrix[a.Account] = map[string][]string{}
		}
		matrix[a.Account][a.Group] = append(matrix[a.Account][a.Group], a.PermissionSet)
	}
	access := pulumi.Map{}
	for acct, byGroup := range matrix {
		groups := pulumi.Map{}
		for g, names := range byGroup {
			groups[g] = pulumi.ToStringArray(names)
		}
		access[acct] = groups
	}
	return pulumi.Map{
		"instanceArn":      id.InstanceArn,
		"identityStoreId":  id.IdentityStoreID,
		"administeredFrom": pulumi.String(id.AdministeredFrom),
		"permissionSets":   sets,
		"access":           access,
		"assignments":      pulumi.Int(len(id.Assignments)),
	}
}

// instance returns the configured Identity Center instance, or the organization's one, looked up.
// An organization has at most one organization instance (IAM Identity Center user guide,
// "Organization and account instances"): with none, the lookup fails before anything is changed.
func instance(ctx *pulumi.Context, s config.Identity, opts []pulumi.InvokeOption) (arn, store pulumi.StringOutput) {
	if s.InstanceArn != "" {
		return pulumi.String(s.InstanceArn).ToStringOutput(), pulumi.String(s.IdentityStoreID).ToStringOutput()
	}
	found := ssoadmin.GetInstancesOutput(ctx, opts...)
	first := func(what string) func([]string) (string, error) {
		return func(values []string) (string, error) {
			if len(values) != 1 {
				return "", fmt.Errorf("identity: ListInstances returned %d IAM Identity Center %s; enable Identity Center for the organization (once, in the console, from the management account), or set identity.instanceArn and identity.identityStoreId", len(values), what)
			}
			return values[0], nil
		}
	}
	return found.Arns().ApplyT(first("instances")).(pulumi.StringOutput),
		found.IdentityStoreIds().ApplyT(first("identity stores")).(pulumi.StringOutput)
}
