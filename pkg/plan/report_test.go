package plan_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

func stackSetProgram(permissionModel string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		p, err := aws.NewProvider(ctx, "management-eu-west-1", &aws.ProviderArgs{Region: pulumi.String("eu-west-1")})
		if err != nil {
			return err
		}
		_, err = cloudformation.NewStackSet(ctx, "recording", &cloudformation.StackSetArgs{
			Name: pulumi.String("acme-config-recording"), PermissionModel: pulumi.String(permissionModel), TemplateBody: pulumi.String("{}"),
		}, pulumi.Provider(p))
		return err
	}
}

// A service-managed StackSet fails to create until CloudFormation's own organizations access is
// activated, which no resource can do: the plan says so before anyone runs `pulumi up`.
func TestReport_ListsTheStackSetsActivationAsAPrerequisiteOfAServiceManagedStackSet(t *testing.T) {
	p, err := plan.Synthesize("test", "403815927164", stackSetProgram("SERVICE_MANAGED"))
	if err != nil {
		t.Fatal(err)
	}
	items := p.Prerequisites()
	if len(items) != 1 || !strings.HasPrefix(items[0], "aws cloudformation activate-organizations-access") || !strings.Contains(items[0], "acme-config-recording") {
		t.Errorf("prerequisites = %q", items)
	}
	var out bytes.Buffer
	p.Report(&out)
	if !strings.Contains(out.String(), "Prerequisites (before the first `pulumi up`") || !strings.Contains(out.String(), "  - aws cloudformation activate-organizations-access") {
		t.Errorf("report lacks the prerequisites:\n%s", out.String())
	}

	self, err := plan.Synthesize("test", "403815927164", stackSetProgram("SELF_MANAGED"))
	if err != nil {
		t.Fatal(err)
	}
	if items := self.Prerequisites(); len(items) != 0 {
		t.Errorf("a self-managed StackSet needs no organizations access: %q", items)
	}
}
