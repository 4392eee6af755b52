package stackset

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func TestArgs_ServiceManagedFromTheManagementAccountWithManagedExecution(t *testing.T) {
	for _, tc := range []struct {
		deploy          AutoDeploy
		enabled         bool
		retain          pulumi.BoolInput
		wantRetainValue bool
	}{
		{Manual, false, nil, false},
		{RetainOnRemoval, true, pulumi.Bool(true), true},
		{DeleteOnRemoval, true, pulumi.Bool(false), false},
	} {
		a := Args(pulumi.String("n"), "d", pulumi.String("{}"), tc.deploy)
		if a.PermissionModel != pulumi.String("SERVICE_MANAGED") || a.CallAs != pulumi.String("SELF") {
			t.Errorf("%d: permission model %v, call as %v", tc.deploy, a.PermissionModel, a.CallAs)
		}
		if m := a.ManagedExecution.(cloudformation.StackSetManagedExecutionArgs); m.Active != pulumi.Bool(true) {
			t.Errorf("%d: managed execution %v, want active (concurrent instance operations queue)", tc.deploy, m.Active)
		}
		auto := a.AutoDeployment.(cloudformation.StackSetAutoDeploymentArgs)
		if auto.Enabled != pulumi.Bool(tc.enabled) {
			t.Errorf("%d: automatic deployment %v, want %v", tc.deploy, auto.Enabled, tc.enabled)
		}
		if tc.retain == nil && auto.RetainStacksOnAccountRemoval != nil {
			t.Errorf("%d: retain set without automatic deployment", tc.deploy)
		}
		if tc.retain != nil && auto.RetainStacksOnAccountRemoval != pulumi.Bool(tc.wantRetainValue) {
			t.Errorf("%d: retain on removal %v, want %v", tc.deploy, auto.RetainStacksOnAccountRemoval, tc.wantRetainValue)
		}
	}
}

func TestTargets_RootAndOneAccountThroughTheRoot(t *testing.T) {
	root := Root(pulumi.String("r-abcd"))
	if root.Accounts != nil || root.AccountFilterType != nil {
		t.Errorf("root targets narrowed: %+v", root)
	}
	one := Account(pulumi.String("r-abcd"), pulumi.String("123456789012"))
	if one.AccountFilterType != pulumi.String("INTERSECTION") {
		t.Errorf("one account's filter %v, want INTERSECTION", one.AccountFilterType)
	}
	ous, accounts := one.OrganizationalUnitIds.(pulumi.StringArray), one.Accounts.(pulumi.StringArray)
	if len(ous) != 1 || ous[0] != pulumi.String("r-abcd") || len(accounts) != 1 || accounts[0] != pulumi.String("123456789012") {
		t.Errorf("one account's targets: OUs %v, accounts %v", ous, accounts)
	}
	if op := Operations(); op.FailureTolerancePercentage != pulumi.Int(10) || op.MaxConcurrentPercentage != pulumi.Int(100) || op.RegionConcurrencyType != pulumi.String("PARALLEL") {
		t.Errorf("operations %+v", op)
	}
}
