package identity

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssoadmin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// permissionSets registers every permission set with its policies, and returns, by permission set
// name, the resources an assignment of it waits for: the permission set and everything attached to
// it, so that the first provisioning of its role in an account already carries every policy.
//
// The Terraform AWS provider, which pulumi-aws is generated from, provisions the permission set to
// every account it is already assigned to after each attachment change (ssoadmin_* resources call
// ProvisionPermissionSet with ALL_PROVISIONED_ACCOUNTS), so a later policy change reaches existing
// assignments in the same update. Identity Center refuses concurrent changes to one permission set
// with ConflictException (hashicorp/terraform-provider-aws#19215, #26138), which the provider
// retries for managed policies only: the attachments of one permission set are made one after the
// other, each waiting for the previous one; different permission sets still change in parallel.
func (id *Identity) permissionSets(ctx *pulumi.Context, name string, sets map[string]config.PermissionSet, instanceArn pulumi.StringInput, opts []pulumi.ResourceOption) (map[string][]pulumi.Resource, error) {
	deps := map[string][]pulumi.Resource{}
	for _, psName := range slices.Sorted(maps.Keys(sets)) {
		s := sets[psName]
		base := name + "-" + psName
		args := &ssoadmin.PermissionSetArgs{
			InstanceArn:     instanceArn,
			Name:            pulumi.String(psName),
			SessionDuration: pulumi.String(s.SessionDuration),
		}
		if s.Description != "" {
			args.Description = pulumi.String(s.Description)
		}
		ps, err := ssoadmin.NewPermissionSet(ctx, base, args, opts...)
		if err != nil {
			return nil, fmt.Errorf("identity: permission set %s: %w", psName, err)
		}
		id.PermissionSets[psName] = ps
		deps[psName] = []pulumi.Resource{ps}
		// next waits for the permission set and everything attached to it so far.
		next := func() []pulumi.ResourceOption {
			return append(slices.Clone(opts), pulumi.DependsOn(slices.Clone(deps[psName])))
		}
		attached := func(r pulumi.Resource, err error) error {
			if err != nil {
				return fmt.Errorf("identity: permission set %s: %w", psName, err)
			}
			deps[psName] = append(deps[psName], r)
			return nil
		}

		for _, arn := range s.ManagedPolicies {
			r, err := ssoadmin.NewManagedPolicyAttachment(ctx, base+"-"+policyName(arn), &ssoadmin.ManagedPolicyAttachmentArgs{
				InstanceArn:      instanceArn,
				PermissionSetArn: ps.Arn,
				ManagedPolicyArn: pulumi.String(arn),
			}, next()...)
			if err := attached(r, err); err != nil {
				return nil, err
			}
		}
		for _, ref := range s.CustomerManagedPolicies {
			r, err := ssoadmin.NewCustomerManagedPolicyAttachment(ctx, base+"-customer-"+strings.Trim(ref.Path+ref.Name, "/"), &ssoadmin.CustomerManagedPolicyAttachmentArgs{
				InstanceArn:      instanceArn,
				PermissionSetArn: ps.Arn,
				CustomerManagedPolicyReference: ssoadmin.CustomerManagedPolicyAttachmentCustomerManagedPolicyReferenceArgs{
					Name: pulumi.String(ref.Name),
					Path: pulumi.String(ref.Path),
				},
			}, next()...)
			if err := attached(r, err); err != nil {
				return nil, err
			}
		}
		doc, err := s.InlinePolicyDocument()
		if err != nil {
			return nil, fmt.Errorf("identity: permission set %s: inline policy: %w", psName, err)
		}
		if doc != "" {
			r, err := ssoadmin.NewPermissionSetInlinePolicy(ctx, base+"-inline", &ssoadmin.PermissionSetInlinePolicyArgs{
				InstanceArn:      instanceArn,
				PermissionSetArn: ps.Arn,
				InlinePolicy:     pulumi.String(doc),
			}, next()...)
			if err := attached(r, err); err != nil {
				return nil, err
			}
		}
		if b := s.PermissionsBoundary; b != nil {
			boundary := ssoadmin.PermissionsBoundaryAttachmentPermissionsBoundaryArgs{}
			if b.ManagedPolicyArn != "" {
				boundary.ManagedPolicyArn = pulumi.String(b.ManagedPolicyArn)
			} else {
				boundary.CustomerManagedPolicyReference = ssoadmin.PermissionsBoundaryAttachmentPermissionsBoundaryCustomerManagedPolicyReferenceArgs{
					Name: pulumi.String(b.CustomerManagedPolicy.Name),
					Path: pulumi.String(b.CustomerManagedPolicy.Path),
				}
			}
			r, err := ssoadmin.NewPermissionsBoundaryAttachment(ctx, base+"-boundary", &ssoadmin.PermissionsBoundaryAttachmentArgs{
				InstanceArn:         instanceArn,
				PermissionSetArn:    ps.Arn,
				PermissionsBoundary: boundary,
			}, next()...)
			if err := attached(r, err); err != nil {
				return nil, err
			}
		}
	}
	return deps, nil
}

// policyName is the last segment of a managed policy ARN ("job-function/Billing" -> "Billing").
func policyName(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}
