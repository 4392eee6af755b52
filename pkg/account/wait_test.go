package account_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

// waitProgram vends one account and asks for its provider in two Regions, with a role waiter.
func waitProgram(wait func(context.Context, string) error) pulumi.RunFunc {
	return memberProgram(account.ProvidersArgs{WaitForRole: wait}, nil)
}

// memberProgram vends one account and asks for its provider in two Regions, with the providers'
// arguments args (the management account, access role and Regions filled in); count, if not nil,
// receives the number of providers.
func memberProgram(args account.ProvidersArgs, count *int) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		args.ManagementAccountID, args.AccessRoleName = mgmtID, "OrganizationAccountAccessRole"
		args.Regions = []string{"eu-west-1", "us-east-1"}
		providers := account.NewProviders(ctx, args)
		mgmt, err := providers.Management("eu-west-1")
		if err != nil {
			return err
		}
		acct, err := account.Vend(ctx, account.VendArgs{
			Account: workload, ParentID: pulumi.String("ou-ab12-prod0001"), AccessRoleName: "OrganizationAccountAccessRole", Management: mgmt,
		})
		if err != nil {
			return err
		}
		for _, r := range []string{"eu-west-1", "us-east-1"} {
			if _, err := providers.Member(acct, r); err != nil {
				return err
			}
		}
		if count != nil {
			*count = providers.Count()
		}
		return nil
	}
}

func TestProviders_MemberRoleArnWaitsForTheRoleDuringAnUpdateWithTheSameInputs(t *testing.T) {
	var mu sync.Mutex
	var waited []string
	wait := func(_ context.Context, arn string) error {
		mu.Lock()
		defer mu.Unlock()
		waited = append(waited, arn)
		return nil
	}
	withWait, err := plan.Synthesize("test", mgmtID, waitProgram(wait))
	if err != nil {
		t.Fatal(err)
	}
	without, err := plan.Synthesize("test", mgmtID, waitProgram(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(waited) != 2 || !strings.HasSuffix(waited[0], ":role/OrganizationAccountAccessRole") {
		t.Fatalf("waited for %v, want the access role once per provider (the waiter dedupes per role)", waited)
	}
	// The waited ARN is the provider's input, unchanged: no provider diff appears.
	for _, name := range []string{"payments-prod-eu-west-1", "payments-prod-us-east-1"} {
		a, b := withWait.Named(plan.ProviderType, name), without.Named(plan.ProviderType, name)
		if a == nil || b == nil {
			t.Fatalf("provider %s missing", name)
		}
		if got, want := a.Inputs["assumeRole"], b.Inputs["assumeRole"]; !strings.Contains(toString(got), waited[0]) || toString(got) != toString(want) {
			t.Errorf("%s assumeRole %v with the wait, %v without: must be identical and name %s", name, got, want, waited[0])
		}
	}
}

func TestProviders_NoWaitInAPreview(t *testing.T) {
	called := false
	dryRun := func(info *pulumi.RunInfo) { info.DryRun = true }
	if _, err := plan.Synthesize("test", mgmtID, waitProgram(func(context.Context, string) error { called = true; return nil }), dryRun); err != nil {
		t.Fatal(err)
	}
	if called {
		t.Error("the role waiter ran during a preview: the role of an account not yet created cannot be assumed")
	}
}

func TestProviders_RoleThatNeverBecomesAssumableFailsTheUpdate(t *testing.T) {
	wait := func(_ context.Context, arn string) error {
		return errors.New("account 123: the access role " + arn + " is still not assumable after 10m0s")
	}
	_, err := plan.Synthesize("test", mgmtID, waitProgram(wait))
	if err == nil || !strings.Contains(err.Error(), "still not assumable") {
		t.Fatalf("error %v, want the waiter's error", err)
	}
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if m, ok := v.(map[string]any); ok {
		s, _ := m["roleArn"].(string)
		return "roleArn=" + s
	}
	return ""
}
