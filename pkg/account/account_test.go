package account_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

const mgmtID = "403815927164"

var workload = config.Account{
	Key: "payments-prod", Name: "acme-payments-prod", Email: "aws+payments-prod@acme.example",
	ConfigPath: "workloads[0]", OU: config.OUProd,
	Tags: map[string]string{"Owner": "pay@acme.example", "CostCenter": "CC-1", "BusinessUnit": "commerce", "Application": "payments", "Environment": "prod"},
	Workload: &config.Workload{
		Name: "payments-prod", Owner: "pay@acme.example",
	},
}

// vend runs a program that vends one account the way the composition does, then uses member providers.
func vend(t *testing.T, a config.Account, use func(ctx *pulumi.Context, p *account.Providers, acct *account.Account) error) *plan.Plan {
	t.Helper()
	p, err := plan.Synthesize("test", mgmtID, func(ctx *pulumi.Context) error {
		providers := account.NewProviders(ctx, account.ProvidersArgs{
			ManagementAccountID: mgmtID, AccessRoleName: "OrganizationAccountAccessRole",
			Tags: map[string]string{"Organization": "acme"}, Regions: []string{"eu-west-1", "us-east-1"},
		})
		mgmt, err := providers.Management("eu-west-1")
		if err != nil {
			return err
		}
		acct, err := account.Vend(ctx, account.VendArgs{
			Account: a, ParentID: pulumi.String("ou-ab12-prod0001"), AccessRoleName: "OrganizationAccountAccessRole", Management: mgmt,
		})
		if err != nil {
			return err
		}
		if use != nil {
			return use(ctx, providers, acct)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func only(t *testing.T, p *plan.Plan, typ string) *plan.Resource {
	t.Helper()
	rs := p.Find(typ)
	if len(rs) != 1 {
		t.Fatalf("%d resources of type %s, want 1", len(rs), typ)
	}
	return rs[0]
}

func TestVend_AccountIsProtectedRetainedNeverClosedAndOnItsOU(t *testing.T) {
	p := vend(t, workload, nil)
	a := only(t, p, plan.AccountType)
	if !a.Protect || !a.RetainOnDelete {
		t.Errorf("protect=%v retainOnDelete=%v", a.Protect, a.RetainOnDelete)
	}
	if a.Inputs["closeOnDeletion"] != false {
		t.Errorf("closeOnDeletion = %v", a.Inputs["closeOnDeletion"])
	}
	if !slices.Equal(a.IgnoreChanges, []string{"roleName", "iamUserAccessToBilling"}) {
		t.Errorf("ignoreChanges = %v", a.IgnoreChanges)
	}
	if a.Input("parentId") != "ou-ab12-prod0001" || a.Input("email") != workload.Email || a.Input("name") != workload.Name {
		t.Errorf("inputs = %v", a.Inputs)
	}
	if a.Input("roleName") != "OrganizationAccountAccessRole" {
		t.Errorf("roleName = %q", a.Input("roleName"))
	}
	for k, v := range workload.Tags {
		if a.InputMap("tags")[k] != v {
			t.Errorf("tag %s = %q, want %q", k, a.InputMap("tags")[k], v)
		}
	}
	if a.URN != "urn:pulumi:test::landingzone::aws:organizations/account:Account::payments-prod" {
		t.Errorf("URN = %s (the account key alone must name it)", a.URN)
	}
	if a.Provider.Account != config.KeyManagement || a.Provider.AccountID != mgmtID {
		t.Errorf("account created through %+v, want the management account", a.Provider)
	}
}

func TestVend_AdoptsAnExistingAccountByImport(t *testing.T) {
	adopted := workload
	adopted.ImportID = "333344445555"
	p := vend(t, adopted, nil)
	a := only(t, p, plan.AccountType)
	if a.ImportID != "333344445555" || a.ID != "333344445555" {
		t.Errorf("import ID = %q, ID = %q", a.ImportID, a.ID)
	}
	if !a.Protect {
		t.Errorf("adopted account not protected")
	}
}

func TestVend_RefusesAnAccountWithoutEmail(t *testing.T) {
	bad := workload
	bad.Email = ""
	_, err := plan.Synthesize("test", mgmtID, func(ctx *pulumi.Context) error {
		providers := account.NewProviders(ctx, account.ProvidersArgs{AccessRoleName: "r", Regions: []string{"eu-west-1"}})
		mgmt, err := providers.Management("eu-west-1")
		if err != nil {
			return err
		}
		_, err = account.Vend(ctx, account.VendArgs{Account: bad, ParentID: pulumi.String("ou"), AccessRoleName: "r", Management: mgmt})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "email") {
		t.Errorf("err = %v", err)
	}
}

func TestProviders_OnePerAccountAndRegionAssumingTheAccessRole(t *testing.T) {
	p := vend(t, workload, func(ctx *pulumi.Context, providers *account.Providers, acct *account.Account) error {
		for range 3 { // asking again must not create another provider
			if _, err := providers.Member(acct, "us-east-1"); err != nil {
				return err
			}
		}
		if _, err := providers.Member(acct, "eu-west-1"); err != nil {
			return err
		}
		if _, err := providers.Management("eu-west-1"); err != nil {
			return err
		}
		if providers.Count() != 3 {
			t.Errorf("Count() = %d, want 3", providers.Count())
		}
		return nil
	})
	provs := p.Find(plan.ProviderType)
	if len(provs) != 3 {
		t.Fatalf("%d providers registered, want 3 (management + 2 Regions of the member)", len(provs))
	}
	acct := only(t, p, plan.AccountType)
	for _, prov := range provs {
		allowed, _ := prov.Inputs["allowedAccountIds"].([]any)
		tags := prov.Inputs["defaultTags"].(map[string]any)["tags"].(map[string]any)
		if tags["ManagedBy"] != "landing-zone" || tags["Organization"] != "acme" {
			t.Errorf("%s default tags = %v", prov.Name, tags)
		}
		if prov.Name == "management-eu-west-1" {
			if prov.Inputs["assumeRole"] != nil || !slices.Equal(allowed, []any{mgmtID}) {
				t.Errorf("management provider: %v", prov.Inputs)
			}
			continue
		}
		role, _ := prov.Inputs["assumeRole"].(map[string]any)
		if role["roleArn"] != "arn:aws:iam::"+acct.ID+":role/OrganizationAccountAccessRole" {
			t.Errorf("%s assumes %v", prov.Name, role["roleArn"])
		}
		if !slices.Equal(allowed, []any{acct.ID}) {
			t.Errorf("%s allowedAccountIds = %v", prov.Name, allowed)
		}
		if tags["CostCenter"] != "CC-1" {
			t.Errorf("member provider does not tag with the account's cost tags: %v", tags)
		}
	}
}

func TestProviders_ManagementIsNotPinnedWhenNoAccountIDIsConfigured(t *testing.T) {
	p, err := plan.Synthesize("test", "", func(ctx *pulumi.Context) error {
		_, err := account.NewProviders(ctx, account.ProvidersArgs{AccessRoleName: "r", Regions: []string{"eu-west-1"}}).Management("eu-west-1")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if prov := only(t, p, plan.ProviderType); prov.Inputs["allowedAccountIds"] != nil {
		t.Errorf("allowedAccountIds = %v", prov.Inputs["allowedAccountIds"])
	}
}

func TestProviders_RefuseARegionThatIsNotGoverned(t *testing.T) {
	_, err := plan.Synthesize("test", "", func(ctx *pulumi.Context) error {
		_, err := account.NewProviders(ctx, account.ProvidersArgs{Regions: []string{"eu-west-1"}}).Management("ap-south-1")
		return err
	})
	if err == nil || !strings.Contains(err.Error(), `"ap-south-1" is not governed`) {
		t.Errorf("err = %v", err)
	}
}

func TestProviders_AReadOnlyRunAssumesTheReadOnlyRoleWithItsOwnSessionName(t *testing.T) {
	var count int
	p, err := plan.Synthesize("test", mgmtID, memberProgram(account.ProvidersArgs{ReadOnlyRoleName: "acme-preview"}, &count))
	if err != nil {
		t.Fatal(err)
	}
	if count != 3 {
		t.Errorf("a read-only run must not add providers: %d, want 3", count)
	}
	acct := only(t, p, plan.AccountType)
	for _, prov := range p.Find(plan.ProviderType) {
		role, _ := prov.Inputs["assumeRole"].(map[string]any)
		if prov.Name == "management-eu-west-1" {
			if role != nil {
				t.Errorf("management provider assumes %v", role)
			}
			continue
		}
		if role["roleArn"] != "arn:aws:iam::"+acct.ID+":role/acme-preview" || role["sessionName"] != account.ReadOnlySessionName {
			t.Errorf("%s assumes %v: want the read-only role", prov.Name, role)
		}
		if strings.Contains(fmt.Sprint(prov.Inputs["assumeRole"]), "OrganizationAccountAccessRole") {
			t.Errorf("%s still names the access role", prov.Name)
		}
	}
	// The account's access role is still what the account exports: only the providers change.
	if got := only(t, p, plan.AccountType).Input("roleName"); got != "OrganizationAccountAccessRole" {
		t.Errorf("roleName = %q", got)
	}
}
