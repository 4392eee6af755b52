package preflight

import (
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Fix runs the one-time bootstrap steps that no resource type in the provider covers, each printed
// before it runs, each idempotent (read first, act only when needed):
//
//   - CloudFormation ActivateOrganizationsAccess, for service-managed StackSets. The Organizations
//     trusted access principals are not here: the program's organization resource declares them.
//
// It needs the organization to exist; it returns the first error.
func Fix(ctx context.Context, in Input, w io.Writer) error {
	if !needsStackSets(in) {
		fmt.Fprintln(w, "fix: the stack has no service-managed StackSet: nothing to activate")
		return nil
	}
	out, err := in.Clients.CloudFormation.DescribeOrganizationsAccess(ctx, &cloudformation.DescribeOrganizationsAccessInput{})
	if err != nil {
		return fmt.Errorf("fix: reading CloudFormation organizations access: %w", err)
	}
	if out.Status == cfntypes.OrganizationStatusEnabled {
		fmt.Fprintln(w, "fix: CloudFormation StackSets organizations access is already ENABLED")
		return nil
	}
	fmt.Fprintf(w, "fix: running cloudformation ActivateOrganizationsAccess (StackSets organizations access is %s)\n", out.Status)
	if _, err := in.Clients.CloudFormation.ActivateOrganizationsAccess(ctx, &cloudformation.ActivateOrganizationsAccessInput{}); err != nil {
		return fmt.Errorf("fix: cloudformation ActivateOrganizationsAccess: %w (it needs the organization's management account with administrator rights)", err)
	}
	fmt.Fprintln(w, "fix: done: CloudFormation StackSets organizations access activated")
	return nil
}
