package identity

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/identitystore"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssoadmin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// AssignmentType is the type token of an account assignment.
const AssignmentType = "aws:ssoadmin/accountAssignment:AccountAssignment"

// AssignmentName is the resource name of an assignment under a component named name. It is made of
// the account key, group key and permission set name, none of which may hold a "/", so the plan reads
// the three back from it (ParseAssignmentName), and an assignment keeps its URN whatever else changes.
func AssignmentName(name string, a config.Access) string {
	return strings.Join([]string{name, a.Account, a.Group, a.PermissionSet}, "/")
}

// ParseAssignmentName reads an assignment's account, group and permission set back from its name.
func ParseAssignmentName(resourceName string) (config.Access, bool) {
	parts := strings.Split(resourceName, "/")
	if len(parts) < 4 {
		return config.Access{}, false
	}
	n := len(parts)
	return config.Access{Account: parts[n-3], Group: parts[n-2], PermissionSet: parts[n-1]}, true
}

// groupIDs returns each group's identity-store ID: the configured one, or the one its display name
// has in the identity store (one lookup per group, whatever the number of assignments). Display
// names are unique in an identity store (Identity Store API reference, GetGroupId with the
// DisplayName unique attribute), so the lookup finds exactly one group or fails the preview.
func groupIDs(ctx *pulumi.Context, groups map[string]config.Group, store pulumi.StringInput, opts []pulumi.InvokeOption) map[string]pulumi.StringOutput {
	ids := map[string]pulumi.StringOutput{}
	for _, key := range slices.Sorted(maps.Keys(groups)) {
		g := groups[key]
		if g.ID != "" {
			ids[key] = pulumi.String(g.ID).ToStringOutput()
			continue
		}
		ids[key] = identitystore.LookupGroupOutput(ctx, identitystore.LookupGroupOutputArgs{
			IdentityStoreId: store,
			AlternateIdentifier: identitystore.GetGroupAlternateIdentifierArgs{
				UniqueAttribute: identitystore.GetGroupAlternateIdentifierUniqueAttributeArgs{
					AttributePath:  pulumi.String("DisplayName"),
					AttributeValue: pulumi.String(g.DisplayName),
				},
			},
		}, opts...).GroupId()
	}
	return ids
}

// assign registers one account assignment per access: a group gets a permission set in an account.
// The assignment provisions the permission set's role in the account; it waits for the permission
// set's policies so the role is complete from the start.
func (id *Identity) assign(ctx *pulumi.Context, name string, args *Args, groups map[string]pulumi.StringOutput, deps map[string][]pulumi.Resource, opts []pulumi.ResourceOption) error {
	for _, a := range args.Access {
		ps := id.PermissionSets[a.PermissionSet]
		r, err := ssoadmin.NewAccountAssignment(ctx, AssignmentName(name, a), &ssoadmin.AccountAssignmentArgs{
			InstanceArn:      id.InstanceArn,
			PermissionSetArn: ps.Arn,
			PrincipalType:    pulumi.String("GROUP"),
			PrincipalId:      groups[a.Group],
			TargetType:       pulumi.String("AWS_ACCOUNT"),
			TargetId:         args.Accounts[a.Account].ID,
		}, append(slices.Clone(opts), pulumi.DependsOn(deps[a.PermissionSet]))...)
		if err != nil {
			return fmt.Errorf("identity: %s: %w", a.Source, err)
		}
		id.Assignments = append(id.Assignments, r)
	}
	return nil
}
