package plan

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testStack = "urn:pulumi:prod::landingzone::"

func mgmt() *ProviderRef {
	return &ProviderRef{URN: testStack + "pulumi:providers:aws::management", Account: "management", AccountID: "111111111111", Region: "eu-west-1"}
}

// basePlan is a small organization: one OU, one account, one SCP, the log bucket.
func basePlan() *Plan {
	logs := &ProviderRef{URN: testStack + "pulumi:providers:aws::log-archive", Account: "log-archive", AccountID: "222222222222", Region: "eu-west-1"}
	return &Plan{Stack: "prod", Resources: []*Resource{
		{URN: testStack + "landingzone:index:Organization$aws:organizations/organization:Organization::organization", Type: OrganizationType, Name: "organization", Custom: true, Protect: true, Provider: mgmt(),
			Inputs: map[string]any{"featureSet": "ALL", "awsServiceAccessPrincipals": []any{"cloudtrail.amazonaws.com"}}},
		{URN: testStack + "landingzone:index:Organization$aws:organizations/organizationalUnit:OrganizationalUnit::Workloads", Type: OUType, Name: "Workloads", Custom: true, Protect: true, Provider: mgmt(),
			Inputs: map[string]any{"name": "Workloads", "parentId": "r-abcd"}},
		{URN: testStack + "aws:organizations/account:Account::payments-prod", Type: AccountType, Name: "payments-prod", Custom: true, Protect: true, RetainOnDelete: true, Provider: mgmt(),
			Inputs: map[string]any{"name": "acme-payments-prod", "email": "aws+payments-prod@acme.example", "parentId": "ou-abcd-workload"}},
		{URN: testStack + "landingzone:index:Organization$aws:organizations/policy:Policy::baseline", Type: PolicyType, Name: "baseline", Custom: true, Provider: mgmt(),
			Inputs: map[string]any{"name": "acme-baseline", "type": "SERVICE_CONTROL_POLICY", "content": `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`}},
		{URN: testStack + "landingzone:index:LogArchive$aws:s3/bucketV2:BucketV2::log-archive-logs", Type: "aws:s3/bucketV2:BucketV2", Name: "log-archive-logs", Custom: true, Protect: true, Provider: logs,
			Inputs: map[string]any{"bucket": "acme-logs-222222222222", "objectLockEnabled": true}},
	}}
}

func named(p *Plan, name string) *Resource {
	for _, r := range p.Resources {
		if r.Name == name {
			return r
		}
	}
	return nil
}

func compare(t *testing.T, base, head *Plan) *Diff {
	t.Helper()
	d, err := Compare(base, head)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDiff_UnchangedPlanHasNothingToReport(t *testing.T) {
	d := compare(t, basePlan(), basePlan())
	if !d.Empty() || d.Blocking() {
		t.Fatalf("diff of a plan with itself: %+v", d)
	}
	var out bytes.Buffer
	d.WriteMarkdown(&out)
	if !strings.Contains(out.String(), "No change") {
		t.Errorf("markdown: %s", out.String())
	}
}

func TestDiff_AddedAccountIsAnAdditionAndNotFlagged(t *testing.T) {
	head := basePlan()
	head.Resources = append(head.Resources, &Resource{URN: testStack + "aws:organizations/account:Account::payments-dev", Type: AccountType, Name: "payments-dev", Custom: true, Protect: true, Provider: mgmt(),
		Inputs: map[string]any{"name": "acme-payments-dev", "email": "aws+payments-dev@acme.example"}})
	d := compare(t, basePlan(), head)
	if len(d.Added) != 1 || d.Added[0].Name != "payments-dev" || len(d.Removed)+len(d.Changed)+len(d.Imported) != 0 || d.Blocking() {
		t.Fatalf("diff: %+v", d)
	}
}

func TestDiff_RenamedAccountIsARemovalFlaggedWithItsNewURN(t *testing.T) {
	head := basePlan()
	acct := named(head, "payments-prod")
	acct.Name, acct.URN = "payments-production", testStack+"aws:organizations/account:Account::payments-production"
	d := compare(t, basePlan(), head)
	if len(d.Removed) != 1 || len(d.Added) != 1 || len(d.Renamed) != 1 {
		t.Fatalf("removed %d added %d renamed %d", len(d.Removed), len(d.Added), len(d.Renamed))
	}
	if !d.Blocking() || d.Flagged[0].Action != "remove" || !strings.Contains(d.Flagged[0].Reason, "payments-production") || !strings.Contains(d.Flagged[0].Reason, "alias") {
		t.Fatalf("flags: %+v", d.Flagged)
	}
}

func TestDiff_ChangedEmailReplacesTheAccount(t *testing.T) {
	head := basePlan()
	named(head, "payments-prod").Inputs["email"] = "payments@acme.example"
	d := compare(t, basePlan(), head)
	if len(d.Changed) != 1 || !d.Changed[0].Replace() || d.Changed[0].Paths[0] != "email" {
		t.Fatalf("changed: %+v", d.Changed)
	}
	if !d.Blocking() || d.Flagged[0].Action != "replace" || !strings.Contains(d.Flagged[0].Reason, "email") {
		t.Fatalf("flags: %+v", d.Flagged)
	}
	var out bytes.Buffer
	d.WriteText(&out)
	if !strings.Contains(out.String(), "!!!   REPLACE payments-prod") {
		t.Errorf("text does not shout the replacement:\n%s", out.String())
	}
}

func TestDiff_MovingAnAccountToAnotherOUIsAnUpdate(t *testing.T) {
	head := basePlan()
	named(head, "payments-prod").Inputs["parentId"] = "ou-abcd-regulated"
	d := compare(t, basePlan(), head)
	if len(d.Changed) != 1 || d.Changed[0].Replace() || d.Blocking() {
		t.Fatalf("parentId is MoveAccount, not a replacement: %+v", d.Changed[0])
	}
}

func TestDiff_RemovedLogBucketIsFlagged(t *testing.T) {
	head := basePlan()
	head.Resources = head.Resources[:len(head.Resources)-1]
	d := compare(t, basePlan(), head)
	if len(d.Removed) != 1 || !d.Blocking() || d.Flagged[0].Action != "remove" || !strings.Contains(d.Flagged[0].Reason, "protected, stateful") {
		t.Fatalf("diff: %+v flags %+v", d, d.Flagged)
	}
	var out bytes.Buffer
	d.WriteMarkdown(&out)
	if !strings.Contains(out.String(), "[!CAUTION]") || !strings.Contains(out.String(), "**REMOVE** `log-archive-logs`") {
		t.Errorf("markdown:\n%s", out.String())
	}
}

func TestDiff_ChangedSCPContentIsAnUpdateWithItsPath(t *testing.T) {
	head := basePlan()
	named(head, "baseline").Inputs["content"] = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"account:CloseAccount","Resource":"*"}]}`
	d := compare(t, basePlan(), head)
	if len(d.Changed) != 1 || d.Changed[0].Replace() || d.Blocking() || strings.Join(d.Changed[0].Paths, ",") != "content" {
		t.Fatalf("changed: %+v", d.Changed)
	}
}

func TestDiff_ReformattedPolicyIsNoChange(t *testing.T) {
	head := basePlan()
	named(head, "baseline").Inputs["content"] = `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}`
	if d := compare(t, basePlan(), head); !d.Empty() {
		t.Fatalf("whitespace in a JSON document is not a change: %+v", d.Changed)
	}
}

func TestDiff_ImportIsReportedAsAnImportNotAnAddition(t *testing.T) {
	head := basePlan()
	head.Resources = append(head.Resources, &Resource{URN: testStack + "landingzone:index:Organization$aws:organizations/organizationalUnit:OrganizationalUnit::Security", Type: OUType, Name: "Security", Custom: true, Protect: true, ImportID: "ou-abcd-12345678", Provider: mgmt(),
		Inputs: map[string]any{"name": "Security", "parentId": "r-abcd"}})
	d := compare(t, basePlan(), head)
	if len(d.Imported) != 1 || len(d.Added) != 0 || d.Blocking() {
		t.Fatalf("diff: %+v", d)
	}
	var out bytes.Buffer
	d.WriteMarkdown(&out)
	if !strings.Contains(out.String(), "| **import** | `aws:organizations/organizationalUnit:OrganizationalUnit` | `Security` |") || !strings.Contains(out.String(), "ou-abcd-12345678") {
		t.Errorf("markdown:\n%s", out.String())
	}
}

func TestDiff_MovingABucketToAnotherRegionReplacesIt(t *testing.T) {
	head := basePlan()
	named(head, "log-archive-logs").Provider.Region = "eu-central-1"
	d := compare(t, basePlan(), head)
	if !d.Blocking() || !strings.Contains(d.Flagged[0].Reason, "moves from log-archive/eu-west-1 to log-archive/eu-central-1") {
		t.Fatalf("flags: %+v", d.Flagged)
	}
}

func TestDiff_RefusesPlansOfDifferentStacks(t *testing.T) {
	head := basePlan()
	head.Stack = "staging"
	if _, err := Compare(basePlan(), head); err == nil || !strings.Contains(err.Error(), "different stacks") {
		t.Fatalf("err = %v", err)
	}
}

func TestReadPlan_RefusesMissingAndNonPlanFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for path, want := range map[string]string{
		filepath.Join(dir, "base.json"):                                                 "does not exist",
		write("stack.yaml", "config:\n  aws:region: x\n"):                               "is not a plan.json",
		write("other.json", `{"name":"x"}`):                                             `no "stack" field`,
		write("noURN.json", `{"stack":"prod","summary":{},"resources":[{"type":"x"}]}`): "resources[0] has no urn",
	} {
		if _, err := ReadPlan(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", filepath.Base(path), err, want)
		}
	}
	good := basePlan()
	path := filepath.Join(dir, "plan.json")
	if err := good.WriteJSON(path); err != nil {
		t.Fatal(err)
	}
	p, err := ReadPlan(path)
	if err != nil || len(p.Resources) != len(good.Resources) {
		t.Fatalf("a plan.json round trip: %v", err)
	}
}

func TestForceNew_AccountEmailReplacesAndSCPContentDoesNot(t *testing.T) {
	for _, tc := range []struct {
		typ, path string
		replace   bool
	}{
		{AccountType, "email", true},
		{AccountType, "name", false}, // renamed in place since the provider calls PutAccountName
		{AccountType, "parentId", false},
		{PolicyType, "content", false},
		{PolicyType, "type", true},
		{"aws:s3/bucketV2:BucketV2", "bucket", true},
		{"aws:s3/bucketV2:BucketV2", "objectLockEnabled", true},
		{"aws:kms/key:Key", "policy", false},
		{"aws:kms/key:Key", "keyUsage", true},
		{"aws:cloudtrail/trail:Trail", "name", true},
		{OUType, "parentId", true},
		{"aws:cloudformation/stackSet:StackSet", "autoDeployment.enabled", true},
	} {
		rule, ok := ForceNew(tc.typ)
		if !ok {
			t.Fatalf("%s not in the ForceNew table", tc.typ)
		}
		if got := forcesNew(rule, tc.path); got != tc.replace {
			t.Errorf("%s %s: replace = %v, want %v (from %s)", tc.typ, tc.path, got, tc.replace, rule.Source)
		}
	}
}

func TestForceNew_EveryRuleNamesItsSource(t *testing.T) {
	for _, typ := range ForceNewTypes() {
		rule, _ := ForceNew(typ)
		if rule.Terraform == "" || !strings.HasPrefix(rule.Source, "internal/service/") || rule.Replace == nil {
			t.Errorf("%s: %+v", typ, rule)
		}
	}
	if !strings.Contains(ForceNewSource, "terraform-provider-aws") {
		t.Errorf("source %q", ForceNewSource)
	}
}

func TestDiff_AResourceMovedUnderAnAliasIsNeitherRemovedNorAdded(t *testing.T) {
	head := basePlan()
	acct := named(head, "payments-prod")
	old := acct.URN
	acct.URN = testStack + "landingzone:index:WorkloadAccount$aws:organizations/account:Account::payments-prod"
	acct.Aliases = []string{old}
	d := compare(t, basePlan(), head)
	if len(d.Removed) != 0 || len(d.Added) != 0 || d.Blocking() || !d.Empty() {
		t.Errorf("an aliased move shows as removed %d, added %d, blocking %v", len(d.Removed), len(d.Added), d.Blocking())
	}
	acct.Aliases = nil
	if d := compare(t, basePlan(), head); !d.Blocking() {
		t.Error("without the alias, the protected account's new URN is not flagged")
	}
}

func TestReportWorkloads_CountsCapsNetworksAndWaves(t *testing.T) {
	wl := testStack + "landingzone:index:WorkloadAccount"
	p := &Plan{Stack: "prod", Resources: []*Resource{
		{URN: wl + "::sbx", Type: workloadType, Name: "sbx"},
		{URN: wl + "$aws:budgets/budget:Budget::sbx-monthly", Type: "aws:budgets/budget:Budget", Custom: true},
		{URN: wl + "$aws:budgets/budgetAction:BudgetAction::sbx-spend-cap", Type: budgetActionType, Name: "sbx-spend-cap", Custom: true},
		{URN: wl + "$aws:cloudformation/stackSetInstance:StackSetInstance::sbx-network", Type: stackInstanceTyp, Custom: true},
	}}
	p.Summary.AccountWaves = 2
	var out bytes.Buffer
	p.reportWorkloads(&out)
	for _, want := range []string{"Workload accounts: 1; budgets 1, sandbox spend caps 1", "networks: 1 VPC stack instances", "0 joined to the hub", "created in 2 waves",
		"sandboxes with a spend cap: sbx.", "REVERSE_BUDGET_ACTION", "aws organizations detach-policy --policy-id <<prefix>-sandbox-spend-cap> --target-id <account ID>"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
}
