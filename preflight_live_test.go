package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/landingzone/aws-landing-zone/pkg/awsapi/awstest"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/preflight"
)

// liveStack is the stack the preflight scenarios check: an organization adopting its four accounts.
const liveStack = `config:
  landingzone:name: Live
  landingzone:prefix: live
  landingzone:homeRegion: us-east-1
  landingzone:governedRegions: [us-east-1, us-west-2]
  landingzone:managementAccountId: "{{mgmt}}"
  landingzone:adopt:
    organizationId: {{org}}
    accounts:
      log-archive: "{{Log Archive}}"
      security: "{{Security}}"
      shared-services: "{{Shared Services}}"
      payments-prod: "{{Payments Prod}}"
  landingzone:coreAccounts:
    owner: platform@live.example
    costCenter: CC-1
    businessUnit: platform
    logArchive: {name: Log Archive, email: logs@live.example}
    security: {name: Security, email: security@live.example}
    sharedServices: {name: Shared Services, email: shared@live.example}
  landingzone:workloads:
    - name: payments-prod
      accountName: Payments Prod
      email: payments@live.example
      environment: prod
      owner: pay@live.example
      costCenter: CC-2
      businessUnit: commerce
      application: payments
{{more}}`

// cleanOrganization seeds the organization liveStack adopts, with nothing in the way.
func cleanOrganization(t *testing.T) *seeder {
	s := newSeeder(t)
	s.organization(orgtypes.OrganizationFeatureSetAll)
	for _, ou := range []string{"Security", "Infrastructure", "Workloads", "Workloads/Prod"} {
		s.ou(ou)
	}
	s.account("Log Archive", "logs@live.example", "Security", nil)
	s.account("Security", "security@live.example", "Security", nil)
	s.account("Shared Services", "shared@live.example", "Infrastructure", nil)
	s.account("Payments Prod", "payments@live.example", "Workloads/Prod", nil)
	return s
}

// stackFor fills liveStack in with the seeded IDs; more is appended under config (more workloads).
func stackFor(s *seeder, mgmt, more string) string {
	out := strings.NewReplacer("{{mgmt}}", mgmt, "{{org}}", s.Org, "{{more}}", more).Replace(liveStack)
	for name, id := range s.Accounts {
		out = strings.ReplaceAll(out, "{{"+name+"}}", id)
	}
	return out
}

// runPreflight runs the command as a user would and returns its JSON report, text and exit status.
func runPreflight(t *testing.T, stack string, extra ...string) (*preflight.Report, string, int) {
	t.Helper()
	path := writeStack(t, stack)
	var stdout, stderr bytes.Buffer
	code := runCommand(append([]string{"preflight", path, "--format", "json"}, extra...), &stdout, &stderr)
	if code != 0 && code != exitBlocked {
		t.Fatalf("preflight exit %d: %s", code, stderr.String())
	}
	var r preflight.Report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("preflight --format json: %v\n%s", err, stdout.String())
	}
	var text bytes.Buffer
	runCommand(append([]string{"preflight", path}, extra...), &text, &stderr)
	return &r, text.String(), code
}

func status(r *preflight.Report, id string) preflight.Check {
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	return preflight.Check{ID: id, Status: "missing"}
}

func TestPreflight_CleanOrganizationPassesEveryCheck(t *testing.T) {
	e := emulator(t)
	s := cleanOrganization(t)
	r, text, code := runPreflight(t, stackFor(s, motoAccount, ""))
	if code != 0 {
		t.Errorf("exit %d, want 0:\n%s", code, text)
	}
	want := []string{preflight.CheckCaller, preflight.CheckOrganization, preflight.CheckQuota, preflight.CheckAccounts, preflight.CheckOUs,
		preflight.CheckPolicies, preflight.CheckDelegated, preflight.CheckTrusted, preflight.CheckStackSets, preflight.CheckRegions,
		preflight.CheckControlTower, preflight.CheckAccessRole, preflight.CheckConfig, preflight.CheckGuardDuty, preflight.CheckSecurityHub,
		preflight.CheckCostTags}
	for _, id := range want {
		if c := status(r, id); c.Status != preflight.Pass {
			t.Errorf("%s: %s %s (%s), want pass", id, c.Status, c.Detail, c.Action)
		}
	}
	for _, s := range []string{"5 accounts needed (5 existing, 0 new) of 10, the organization's quota in Service Quotas", "4 OU(s) exist and are imported", "assumable in every adopted account (4:",
		"activateCostAllocationTags is false; not yet billed: " + strings.Join(config.CostTagKeys, ", ")} {
		if !strings.Contains(text, s) {
			t.Errorf("report lacks %q:\n%s", s, text)
		}
	}
	// The read went through the SDK to each emulated API, not around it.
	for _, call := range []string{"cloudformation:DescribeOrganizationsAccess", "account:ListRegions", "controltower:ListLandingZones", "servicequotas:ListServiceQuotas", "sts:AssumeRole", "ce:ListCostAllocationTags"} {
		if !slices.Contains(e.Fake.Calls, call) {
			t.Errorf("no %s call reached the emulator (calls: %v)", call, e.Fake.Calls)
		}
	}
	if e.Fake.Activations != 0 {
		t.Error("preflight without --fix changed something")
	}
	t.Logf("clean organization:\n%s", text)
}

// Each scenario seeds one problem into the clean organization: its check, and no other, blocks.
func TestPreflight_EachBlockerIsFoundWithItsAction(t *testing.T) {
	for _, tc := range []struct {
		name, check, detail, action string
		// setup changes the live organization or the fake; it returns the management account ID the
		// stack names and workloads to add to the stack.
		setup func(t *testing.T, s *seeder, e *awstest.Emulator) (mgmt, more string)
	}{
		{"credentials of another account", preflight.CheckCaller, "not the configured management account 999999999999", "use credentials of account 999999999999",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) { return "999999999999", "" }},
		{"account quota", preflight.CheckQuota, "6 accounts needed (5 existing, 1 new) of 5", "request an increase to at least 6",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				e.Fake.AccountQuota = 5
				return motoAccount, newWorkload("webshop-prod", "webshop@live.example")
			}},
		{"email of an account not adopted", preflight.CheckAccounts, "email webshop@live.example is already account", "adopt it: adopt.accounts.webshop-prod:",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				s.account("Old Webshop", "webshop@live.example", "", nil)
				return motoAccount, newWorkload("webshop-prod", "webshop@live.example")
			}},
		{"policy of the same name", preflight.CheckPolicies, `SERVICE_CONTROL_POLICY "live-baseline-account"`, "delete or rename them",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				if _, err := s.orgs.CreatePolicy(s.ctx, &organizations.CreatePolicyInput{Name: aws.String("live-baseline-account"), Type: orgtypes.PolicyTypeServiceControlPolicy,
					Description: aws.String("theirs"), Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)}); err != nil {
					t.Fatal(err)
				}
				return motoAccount, ""
			}},
		{"delegated administrator elsewhere", preflight.CheckDelegated, "access-analyzer.amazonaws.com is delegated to account", "deregister-delegated-administrator",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				if _, err := s.orgs.RegisterDelegatedAdministrator(s.ctx, &organizations.RegisterDelegatedAdministratorInput{
					AccountId: aws.String(s.Accounts["Payments Prod"]), ServicePrincipal: aws.String("access-analyzer.amazonaws.com")}); err != nil {
					t.Fatal(err)
				}
				return motoAccount, ""
			}},
		{"GuardDuty administrator elsewhere", preflight.CheckDelegated, "guardduty.amazonaws.com is delegated to account", "deregister-delegated-administrator",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				if _, err := s.orgs.RegisterDelegatedAdministrator(s.ctx, &organizations.RegisterDelegatedAdministratorInput{
					AccountId: aws.String(s.Accounts["Log Archive"]), ServicePrincipal: aws.String("guardduty.amazonaws.com")}); err != nil {
					t.Fatal(err)
				}
				return motoAccount, ""
			}},
		{"StackSets organizations access off", preflight.CheckStackSets, "access is DISABLED", "preflight --fix",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				e.Fake.StackSetsAccess = "DISABLED"
				return motoAccount, ""
			}},
		{"governed opt-in Region disabled", preflight.CheckRegions, "opt-in Region af-south-1 is DISABLED", "aws account enable-region",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				return motoAccount, "  landingzone:optInRegions: [af-south-1]\n"
			}},
		{"Control Tower landing zone", preflight.CheckControlTower, "an AWS Control Tower landing zone manages this organization", "decommission",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				e.Fake.LandingZones = []string{"arn:aws:controltower:us-east-1:123456789012:landingzone/1A2B3C4D5E6F7G8H"}
				return motoAccount, ""
			}},
		{"access role not assumable", preflight.CheckAccessRole, "security (", "create the role OrganizationAccountAccessRole",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				e.Fake.DenyRoles["arn:aws:iam::"+s.Accounts["Security"]+":role/OrganizationAccountAccessRole"] = true
				return motoAccount, ""
			}},
		{"Config recorder in an adopted account", preflight.CheckConfig, `us-west-2: recorder "default" (role arn:aws:iam::`, "aws configservice delete-delivery-channel",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				id := s.Accounts["Payments Prod"]
				s.recorder(id, "us-west-2", "arn:aws:iam::"+id+":role/their-recorder")
				// The landing zone's own recorder (a second run) is not a collision.
				s.recorder("", "us-east-1", "arn:aws:iam::"+motoAccount+":role/live-config-recorder")
				return motoAccount, ""
			}},
		{"GuardDuty detector in the security account", preflight.CheckGuardDuty, "security (", "pulumi import aws:guardduty/detector:Detector",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				s.detector(s.Accounts["Security"], "us-east-1")
				return motoAccount, ""
			}},
		{"Security Hub in the security account", preflight.CheckSecurityHub, "already enabled in the security account", "pulumi import aws:securityhub/account:Account",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				s.securityHub(s.Accounts["Security"], "us-west-2")
				return motoAccount, ""
			}},
		{"cost-allocation tags activated before AWS has billed them", preflight.CheckCostTags, "AWS has not yet seen " + config.TagEnvironment + ", " + config.TagOwner + " in the billing data",
			"set landingzone:activateCostAllocationTags: false until AWS lists them (up to 24 h after the first tagged cost",
			func(t *testing.T, s *seeder, e *awstest.Emulator) (string, string) {
				e.Fake.CostTags = map[string]string{config.TagApplication: "Inactive", config.TagBusinessUnit: "Active", config.TagCostCenter: "Inactive"}
				return motoAccount, "  landingzone:activateCostAllocationTags: true\n"
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := emulator(t)
			s := cleanOrganization(t)
			mgmt, more := tc.setup(t, s, e)
			stack := stackFor(s, mgmt, more)
			if tc.check == preflight.CheckRegions {
				stack = strings.Replace(stack, "governedRegions: [us-east-1, us-west-2]", "governedRegions: [us-east-1, us-west-2, af-south-1]", 1)
			}
			r, text, code := runPreflight(t, stack)
			if code != exitBlocked {
				t.Errorf("exit %d, want %d (a blocker)", code, exitBlocked)
			}
			c := status(r, tc.check)
			if c.Status != preflight.Block || !strings.Contains(c.Detail, tc.detail) || !strings.Contains(c.Action, tc.action) {
				t.Errorf("%s: %s %q -> %q; want block saying %q -> %q\n%s", tc.check, c.Status, c.Detail, c.Action, tc.detail, tc.action, text)
			}
			if strings.Contains(c.Detail, "live-config-recorder") {
				t.Errorf("the landing zone's own recorder is reported as a collision: %s", c.Detail)
			}
			for _, other := range r.Checks {
				if other.ID != tc.check && other.Status == preflight.Block {
					t.Errorf("%s blocks too: %s", other.ID, other.Detail)
				}
			}
		})
	}
}

func newWorkload(name, email string) string {
	return "    - name: " + name + "\n      email: " + email + "\n      environment: prod\n      owner: web@live.example\n      costCenter: CC-3\n      businessUnit: commerce\n      application: webshop\n"
}

func TestPreflightFix_ActivatesStackSetsAccessOncePrintingItFirst(t *testing.T) {
	e := emulator(t)
	s := cleanOrganization(t)
	e.Fake.StackSetsAccess = "DISABLED"
	path := writeStack(t, stackFor(s, motoAccount, ""))
	var stdout, stderr bytes.Buffer
	if code := runCommand([]string{"preflight", path, "--fix"}, &stdout, &stderr); code != 0 {
		t.Fatalf("preflight --fix exit %d: %s%s", code, stdout.String(), stderr.String())
	}
	out := stdout.String()
	step := strings.Index(out, "fix: running cloudformation ActivateOrganizationsAccess (StackSets organizations access is DISABLED)")
	if step < 0 || step > strings.Index(out, "preflight: stack") {
		t.Errorf("the step is not printed before it runs and before the report:\n%s", out)
	}
	if e.Fake.Activations != 1 || !strings.Contains(out, "PASS   stacksets-access") {
		t.Errorf("%d activations, want 1, and the check passing after it:\n%s", e.Fake.Activations, out)
	}
	// Idempotent: a second run reads ENABLED and calls nothing.
	stdout.Reset()
	if code := runCommand([]string{"preflight", path, "--fix"}, &stdout, &stderr); code != 0 || e.Fake.Activations != 1 {
		t.Errorf("second --fix: exit %d, %d activations, want 0 and still 1:\n%s", code, e.Fake.Activations, stdout.String())
	}
	if !strings.Contains(stdout.String(), "fix: CloudFormation StackSets organizations access is already ENABLED") {
		t.Errorf("the second run does not say there was nothing to do:\n%s", stdout.String())
	}
}

func TestPreflight_OrganizationWithoutAllFeaturesBlocks(t *testing.T) {
	emulator(t)
	s := newSeeder(t)
	s.organization(orgtypes.OrganizationFeatureSetConsolidatedBilling)
	for _, n := range []string{"Log Archive", "Security", "Shared Services", "Payments Prod"} {
		s.Accounts[n] = s.account(n, strings.ToLower(strings.Fields(n)[0])+"@other.example", "", nil)
	}
	r, _, code := runPreflight(t, stackFor(s, motoAccount, ""))
	if c := status(r, preflight.CheckOrganization); code != exitBlocked || c.Status != preflight.Block || !strings.Contains(c.Detail, "feature set CONSOLIDATED_BILLING") || !strings.Contains(c.Action, "enable all features") {
		t.Errorf("exit %d, %s: %s -> %s; want a block asking for all features", code, c.Status, c.Detail, c.Action)
	}
}

func TestPreflight_ExistingOrganizationNotAdoptedBlocksAndNamesIt(t *testing.T) {
	emulator(t)
	s := cleanOrganization(t)
	stack := stackFor(s, motoAccount, "")
	// The same stack without its adopt section: it would create a second organization.
	start, end := strings.Index(stack, "  landingzone:adopt:"), strings.Index(stack, "  landingzone:coreAccounts:")
	stack = stack[:start] + stack[end:]
	r, _, code := runPreflight(t, stack)
	org := status(r, preflight.CheckOrganization)
	if code != exitBlocked || org.Status != preflight.Block || !strings.Contains(org.Action, "adopt.organizationId: "+s.Org) || !strings.Contains(org.Action, "import-config") {
		t.Errorf("exit %d, organization %s: %s -> %s; want a block naming %s and import-config", code, org.Status, org.Detail, org.Action, s.Org)
	}
}

func TestPreflight_NoOrganizationYetPassesAndCountsTheNewAccounts(t *testing.T) {
	emulator(t)
	s := newSeeder(t)
	stack := stackFor(s, motoAccount, "")
	start, end := strings.Index(stack, "  landingzone:adopt:"), strings.Index(stack, "  landingzone:coreAccounts:")
	r, text, code := runPreflight(t, stack[:start]+stack[end:])
	if code != 0 {
		t.Errorf("exit %d, want 0:\n%s", code, text)
	}
	if c := status(r, preflight.CheckQuota); c.Status != preflight.Pass || !strings.Contains(c.Detail, "5 accounts needed (1 existing, 4 new) of 10") {
		t.Errorf("quota: %s %s", c.Status, c.Detail)
	}
	if c := status(r, preflight.CheckStackSets); c.Status != preflight.Warn || !strings.Contains(c.Action, "preflight --fix") {
		t.Errorf("stacksets: %s %s -> %s; want a warning saying when to run --fix", c.Status, c.Detail, c.Action)
	}
}

// TestPreflight_EveryBlockerAtOnce is the README's second example: an organization with every
// problem the checks find. go test . -run EveryBlockerAtOnce -v prints it.
func TestPreflight_EveryBlockerAtOnce(t *testing.T) {
	e := emulator(t)
	s := cleanOrganization(t)
	s.account("Old Webshop", "webshop@live.example", "", nil)
	if _, err := s.orgs.CreatePolicy(s.ctx, &organizations.CreatePolicyInput{Name: aws.String("live-baseline-account"), Type: orgtypes.PolicyTypeServiceControlPolicy,
		Description: aws.String("theirs"), Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.orgs.RegisterDelegatedAdministrator(s.ctx, &organizations.RegisterDelegatedAdministratorInput{
		AccountId: aws.String(s.Accounts["Payments Prod"]), ServicePrincipal: aws.String("access-analyzer.amazonaws.com")}); err != nil {
		t.Fatal(err)
	}
	s.recorder(s.Accounts["Payments Prod"], "us-west-2", "arn:aws:iam::"+s.Accounts["Payments Prod"]+":role/their-recorder")
	s.detector(s.Accounts["Security"], "us-east-1")
	s.securityHub(s.Accounts["Security"], "us-east-1")
	e.Fake.AccountQuota = 5
	e.Fake.StackSetsAccess = "DISABLED"
	e.Fake.LandingZones = []string{"arn:aws:controltower:us-east-1:123456789012:landingzone/1A2B3C4D5E6F7G8H"}
	e.Fake.DenyRoles["arn:aws:iam::"+s.Accounts["Shared Services"]+":role/OrganizationAccountAccessRole"] = true
	e.Fake.CostTags = map[string]string{config.TagApplication: "Inactive"}
	stack := stackFor(s, motoAccount, newWorkload("webshop-prod", "webshop@live.example")+"  landingzone:optInRegions: [af-south-1]\n  landingzone:activateCostAllocationTags: true\n")
	stack = strings.Replace(stack, "governedRegions: [us-east-1, us-west-2]", "governedRegions: [us-east-1, us-west-2, af-south-1]", 1)
	r, text, code := runPreflight(t, stack)
	if code != exitBlocked {
		t.Errorf("exit %d, want %d", code, exitBlocked)
	}
	for _, id := range []string{preflight.CheckQuota, preflight.CheckAccounts, preflight.CheckPolicies, preflight.CheckDelegated, preflight.CheckStackSets,
		preflight.CheckRegions, preflight.CheckControlTower, preflight.CheckAccessRole, preflight.CheckConfig, preflight.CheckGuardDuty, preflight.CheckSecurityHub,
		preflight.CheckCostTags} {
		if c := status(r, id); c.Status != preflight.Block {
			t.Errorf("%s: %s %s, want block", id, c.Status, c.Detail)
		}
	}
	t.Logf("every blocker:\n%s", text)
}

func TestPreflight_NewAccountsWarnAboutAGovernedOptInRegion(t *testing.T) {
	emulator(t)
	s := cleanOrganization(t)
	// ap-east-1 is an opt-in Region the emulated management account has enabled.
	stack := stackFor(s, motoAccount, newWorkload("webshop-prod", "webshop@live.example")+"  landingzone:optInRegions: [ap-east-1]\n")
	stack = strings.Replace(stack, "governedRegions: [us-east-1, us-west-2]", "governedRegions: [us-east-1, us-west-2, ap-east-1]", 1)
	r, text, code := runPreflight(t, stack)
	c := status(r, preflight.CheckRegions)
	if code != 0 || c.Status != preflight.Warn || !strings.Contains(c.Detail, "the 1 new account(s) start with opt-in Region ap-east-1 disabled") {
		t.Errorf("exit %d, %s: %s; want a warning about the new account\n%s", code, c.Status, c.Detail, text)
	}
}

// An adopted account listed in adopt.keepConfigRecording keeps its own recorder: preflight expects it
// (pass) instead of blocking, and warns when the listed account has no recorder at all (a gap).
func TestPreflight_KeptConfigRecordingIsExpectedAndItsAbsenceIsAGap(t *testing.T) {
	e := emulator(t)
	s := cleanOrganization(t)
	id := s.Accounts["Payments Prod"]
	for _, region := range []string{"us-east-1", "us-west-2"} { // every governed Region
		s.recorder(id, region, "arn:aws:iam::"+id+":role/their-recorder")
	}
	stack := stackFor(s, motoAccount, "")
	// keepConfigRecording sits beside accounts in the adopt section.
	stack = strings.Replace(stack, "    accounts:\n", "    keepConfigRecording: [payments-prod]\n    accounts:\n", 1)
	r, text, code := runPreflight(t, stack)
	if c := status(r, preflight.CheckConfig); code != 0 || c.Status != preflight.Pass || !strings.Contains(c.Detail, "payments-prod ("+id+") us-west-2") {
		t.Errorf("exit %d, %s %q; want pass naming the kept recorder\n%s", code, c.Status, c.Detail, text)
	}

	if err := e.Reset(); err != nil {
		t.Fatal(err)
	}
	s = cleanOrganization(t)
	stack = strings.Replace(stackFor(s, motoAccount, ""), "    accounts:\n", "    keepConfigRecording: [payments-prod]\n    accounts:\n", 1)
	r, text, _ = runPreflight(t, stack)
	if c := status(r, preflight.CheckConfig); c.Status != preflight.Warn || !strings.Contains(c.Detail, "nothing records them") || !strings.Contains(c.Action, "remove them from landingzone:adopt.keepConfigRecording") {
		t.Errorf("%s %q -> %q; want a warning about the gap\n%s", c.Status, c.Detail, c.Action, text)
	}
}

// The cost-allocation-tags check against what Cost Explorer has seen (ListCostAllocationTags, in
// pages of two in the emulator, so every key past the first page is found only by paginating). The
// block (true, keys not yet billed) is in TestPreflight_EachBlockerIsFoundWithItsAction, false with
// nothing billed in the clean organization.
func TestPreflight_CostAllocationTagsFollowWhatAWSHasBilled(t *testing.T) {
	allSeen := map[string]string{}
	for i, k := range config.CostTagKeys {
		allSeen[k] = map[bool]string{true: "Active", false: "Inactive"}[i%2 == 0]
	}
	for _, tc := range []struct {
		name     string
		activate string
		seen     map[string]string
		status   preflight.Status
		detail   []string
		action   string
	}{
		{"false, every key billed: switch it on", "false", allSeen, preflight.Warn,
			[]string{config.TagOwner + " (Active)", config.TagEnvironment + " (Inactive)", "activateCostAllocationTags is false"},
			"AWS has seen every key: set activateCostAllocationTags: true"},
		{"false, some keys not yet billed", "false", map[string]string{config.TagApplication: "Inactive", config.TagOwner: "Inactive"}, preflight.Pass,
			[]string{"not yet billed: " + config.TagBusinessUnit + ", " + config.TagCostCenter + ", " + config.TagEnvironment, "seen: " + config.TagApplication + " (Inactive), " + config.TagOwner + " (Inactive)"}, ""},
		{"true, every key billed", "true", allSeen, preflight.Pass,
			[]string{"every cost-allocation tag key is in the billing data", config.TagOwner + " (Active)"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := emulator(t)
			s := cleanOrganization(t)
			e.Fake.CostTags = tc.seen
			// A key AWS has seen that is not one of the stack's, and one differing only in case, are not counted.
			e.Fake.CostTags["team"] = "Active"
			e.Fake.CostTags[strings.ToLower(config.TagCostCenter)] = "Inactive"
			r, text, code := runPreflight(t, stackFor(s, motoAccount, "  landingzone:activateCostAllocationTags: "+tc.activate+"\n"))
			if code != 0 {
				t.Errorf("exit %d, want 0 (nothing blocks):\n%s", code, text)
			}
			c := status(r, preflight.CheckCostTags)
			ok := c.Status == tc.status && c.Action == tc.action
			for _, d := range tc.detail {
				ok = ok && strings.Contains(c.Detail, d)
			}
			if !ok {
				t.Errorf("%s %q -> %q; want %s saying %q -> %q", c.Status, c.Detail, c.Action, tc.status, tc.detail, tc.action)
			}
			if strings.Contains(c.Detail, "team") {
				t.Errorf("a key the stack does not use is reported: %s", c.Detail)
			}
			for _, other := range r.Checks {
				if other.ID != preflight.CheckCostTags && other.Status != preflight.Pass {
					t.Errorf("%s: %s %s", other.ID, other.Status, other.Detail)
				}
			}
		})
	}
}
