package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// validConfig is a small valid stack configuration, as the engine hands it to the program.
func validConfig() map[string]string {
	return map[string]string{
		"landingzone:name": "Example",
		// Its tags have been billed: activation is allowed (new organizations: see the warning test).
		"landingzone:activateCostAllocationTags": "true",
		"landingzone:prefix":                     "ex",
		"landingzone:homeRegion":                 "eu-west-1",
		"landingzone:governedRegions":            `["eu-west-1","us-east-1"]`,
		"landingzone:coreAccounts": `{"owner":"platform@example.com","costCenter":"CC-1","businessUnit":"platform",
			"logArchive":{"email":"log@example.com"},"security":{"email":"sec@example.com"},
			"sharedServices":{"email":"shared@example.com"}}`,
		"landingzone:workloads": `[
			{"name":"app-prod","email":"app-prod@example.com","environment":"prod","owner":"team@example.com",
			 "costCenter":"CC-2","businessUnit":"web","application":"app"},
			{"name":"app-dev","email":"app-dev@example.com","environment":"dev","owner":"team@example.com",
			 "costCenter":"CC-2","businessUnit":"web","application":"app"},
			{"name":"sbx","email":"sbx@example.com","environment":"sandbox","expiresOn":"2027-06-30","owner":"dev@example.com",
			 "costCenter":"CC-3","businessUnit":"web","application":"lab","budget":{"monthlyLimitUsd":100}}]`,
		"aws:region": "eu-west-1", // other namespaces are not the landing zone's business
	}
}

func problemsOf(t *testing.T, config map[string]string) Problems {
	t.Helper()
	_, err := Load(config)
	if err == nil {
		return nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load returned %T, want Problems: %v", err, err)
	}
	return ps
}

func hasProblem(ps Problems, path, fragment string) bool {
	for _, p := range ps {
		if p.Path == path && strings.Contains(p.Message, fragment) {
			return true
		}
	}
	return false
}

func TestLoad_AcceptsValidConfigurationAndAppliesDefaults(t *testing.T) {
	org, err := Load(validConfig())
	if err != nil {
		t.Fatal(err)
	}
	if org.AccessRoleName != "OrganizationAccountAccessRole" {
		t.Errorf("access role default = %q", org.AccessRoleName)
	}
	if org.CoreAccounts.LogArchive.Name != "ex-log-archive" || org.CoreAccounts.LogArchive.OU != OUSecurity {
		t.Errorf("log-archive defaults = %+v", org.CoreAccounts.LogArchive)
	}
	if org.CoreAccounts.SharedServices.OU != OUInfrastructure {
		t.Errorf("shared-services OU = %q", org.CoreAccounts.SharedServices.OU)
	}
	if got := []string{org.Workloads[0].OU, org.Workloads[1].OU, org.Workloads[2].OU}; !slices.Equal(got, []string{OUProd, OUNonProd, OUSandbox}) {
		t.Errorf("workload OUs = %v", got)
	}
	if !slices.Equal(org.Workloads[2].Budget.AlertThresholds, DefaultBudgetAlertThresholds) {
		t.Errorf("budget thresholds = %v", org.Workloads[2].Budget.AlertThresholds)
	}
	g := org.Guardrails
	if !slices.Equal(g.AllowedRegions, org.GovernedRegions) || !slices.Equal(g.RegulatedAllowedRegions, org.GovernedRegions) {
		t.Errorf("allowed Regions = %v / %v", g.AllowedRegions, g.RegulatedAllowedRegions)
	}
	l := org.LogArchive
	if l.RetentionDays != 2557 || l.ObjectLockMode != "COMPLIANCE" || l.ObjectLockDays != 365 || l.TransitionDays != 90 ||
		l.TransitionStorageClass != "GLACIER_IR" || l.AccessLogRetentionDays != 365 || l.DataEvents || l.CloudWatchLogs ||
		!slices.Equal(l.ReaderPrincipalArns, []string{"arn:aws:iam::*:role/ex-log-reader"}) {
		t.Errorf("log archive defaults = %+v", l)
	}
	if g.ScpMaxSize != 5120 || g.ScpMaxPerTarget != 5 || !*g.AIServicesOptOut {
		t.Errorf("guardrail limits = %d, %d, %v", g.ScpMaxSize, g.ScpMaxPerTarget, *g.AIServicesOptOut)
	}
}

func TestDefaults_PlaceRegulatedWorkloadsInTheRegulatedOUWhateverTheirEnvironment(t *testing.T) {
	w := Workload{Environment: EnvProd, Compliance: CompliancePCIDSS}
	if got := defaultWorkloadOU(&w); got != OURegulated {
		t.Errorf("pci-dss prod workload defaults to %q", got)
	}
}

func TestAccounts_SuspendedWorkloadSitsInTheSuspendedOU(t *testing.T) {
	c := validConfig()
	c["landingzone:workloads"] = strings.Replace(c["landingzone:workloads"], `"environment":"dev"`, `"environment":"dev","state":"suspended"`, 1)
	org, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range org.Accounts() {
		if a.Key == "app-dev" && a.OU != OUSuspended {
			t.Errorf("suspended workload sits in %q", a.OU)
		}
	}
}

func TestDecode_UnknownKeyNamesItsFullPathAndTheClosestKey(t *testing.T) {
	c := validConfig()
	c["landingzone:workloads"] = `[{"name":"a","emial":"a@example.com","budget":{"monthlyLimitUSD":5}}]`
	c["landingzone:guardrail"] = `{}`
	_, ps := Decode(c)
	for _, want := range []struct{ path, closest string }{
		{"workloads[0].emial", `"email"`},
		{"workloads[0].budget.monthlyLimitUSD", `"monthlyLimitUsd"`},
		{"guardrail", `"guardrails"`},
	} {
		if !hasProblem(ps, want.path, want.closest) {
			t.Errorf("no problem at %s suggesting %s in:\n%v", want.path, want.closest, ps)
		}
	}
}

func TestDecode_RefusesAnAccountIDWrittenAsANumber(t *testing.T) {
	c := validConfig()
	c["landingzone:adopt"] = `{"accounts":{"app-prod":12345678901}}`
	_, ps := Decode(c)
	if !hasProblem(ps, "adopt.accounts.app-prod", "quote it") {
		t.Errorf("problems: %v", ps)
	}
}

func TestDecode_ReportsTypeMismatchesWithTheirPath(t *testing.T) {
	c := validConfig()
	c["landingzone:guardrails"] = `{"scpMaxSize":"big","aiServicesOptOut":"yes","allowedRegions":"eu-west-1"}`
	c["landingzone:governedRegions"] = `eu-west-1`
	_, ps := Decode(c)
	for _, path := range []string{"guardrails.scpMaxSize", "guardrails.aiServicesOptOut", "guardrails.allowedRegions", "governedRegions"} {
		if !hasProblem(ps, path, "expected") {
			t.Errorf("no type problem at %s in:\n%v", path, ps)
		}
	}
}

func TestValidate_ReportsEveryProblemAtOnce(t *testing.T) {
	c := validConfig()
	c["landingzone:prefix"] = "Bad Prefix"
	c["landingzone:homeRegion"] = "eu-west-9"
	c["landingzone:workloads"] = `[
		{"name":"a","email":"not-an-email","environment":"prod","owner":"o@example.com","costCenter":"c","businessUnit":"b","application":"x"},
		{"name":"a","email":"log@example.com","environment":"qa","owner":"o@example.com","costCenter":"c","businessUnit":"b","application":"x","compliance":"sox"}]`
	ps := problemsOf(t, c)
	for _, want := range []struct{ path, fragment string }{
		{"prefix", "lowercase"},
		{"homeRegion", `did you mean "eu-west-1"`},
		{"workloads[0].email", "not an email"},
		{"workloads[1].name", "already used by workloads[0]"},
		{"workloads[1].email", "already used by coreAccounts.logArchive"},
		{"workloads[1].environment", `"qa" is not one of`},
		{"workloads[1].compliance", `"sox" is not a known compliance framework`},
	} {
		if !hasProblem(ps, want.path, want.fragment) {
			t.Errorf("missing %s: ...%s... in:\n%v", want.path, want.fragment, ps)
		}
	}
}

func TestValidate_Rules(t *testing.T) {
	workload := func(extra string) string {
		return `[{"name":"w","email":"w@example.com","environment":"prod","owner":"o@example.com","costCenter":"c","businessUnit":"b","application":"x"` + extra + `}]`
	}
	cases := []struct {
		name, key, value, path, fragment string
	}{
		{"management account ID is 12 digits", "managementAccountId", "12345", "managementAccountId", "12-digit"},
		{"home Region among governed", "governedRegions", `["us-east-1"]`, "governedRegions", "must include the home Region"},
		{"Region listed twice", "governedRegions", `["eu-west-1","eu-west-1"]`, "governedRegions[1]", "listed twice"},
		{"OU depth at most 5", "organizationalUnits", `["Workloads/Prod/a","Workloads/Prod/a/b","Workloads/Prod/a/b/c","Workloads/Prod/a/b/c/d"]`, "organizationalUnits[3]", "at most 5"},
		{"OU parent declared", "organizationalUnits", `["Workloads/Data/Lake"]`, "organizationalUnits[0]", `parent OU "Workloads/Data" is not declared`},
		{"OU reference exists", "workloads", workload(`,"ou":"Workloads/Prd"`), "workloads[0].ou", `closest is "Workloads/Prod"`},
		{"regulated workload in Regulated", "workloads", workload(`,"compliance":"hipaa","ou":"Workloads/Prod"`), "workloads[0].ou", "must sit in the Regulated OU"},
		{"unregulated workload not in Regulated", "workloads", workload(`,"ou":"Regulated"`), "workloads[0].ou", "set compliance"},
		{"sandbox needs a budget", "workloads", `[{"name":"s","email":"s@example.com","environment":"sandbox","owner":"o@example.com","costCenter":"c","businessUnit":"b","application":"x"}]`, "workloads[0].budget", "required for a sandbox"},
		{"budget in range", "workloads", workload(`,"budget":{"monthlyLimitUsd":-5}`), "workloads[0].budget.monthlyLimitUsd", "out of range"},
		{"threshold in range", "workloads", workload(`,"budget":{"monthlyLimitUsd":5,"alertThresholds":[0]}`), "workloads[0].budget.alertThresholds[0]", "out of range"},
		{"account name printable ASCII", "workloads", workload(`,"accountName":"caf\u00e9"`), "workloads[0].accountName", "printable ASCII"},
		{"account name at most 50", "workloads", workload(`,"accountName":"` + strings.Repeat("x", 51) + `"`), "workloads[0].accountName", "1-50"},
		{"owner is an email", "workloads", workload(`,"owner":"the web team"`), "workloads[0].owner", "not an email"},
		{"state known", "workloads", workload(`,"state":"closed"`), "workloads[0].state", "not one of"},
		{"workload key not a core key", "workloads", `[{"name":"security","email":"w@example.com","environment":"prod","owner":"o@example.com","costCenter":"c","businessUnit":"b","application":"x"}]`, "workloads[0].name", "already used by coreAccounts.security"},
		{"adopt org ID shape", "adopt", `{"organizationId":"org-1"}`, "adopt.organizationId", "not an organization ID"},
		{"adopt account ID 12 digits", "adopt", `{"accounts":{"security":"1234"}}`, "adopt.accounts.security", "12-digit"},
		{"adopt known account", "adopt", `{"accounts":{"securty":"123456789012"}}`, "adopt.accounts.securty", `closest is "security"`},
		{"exempt principal is an ARN", "guardrails", `{"exemptPrincipalArns":["BreakGlass"]}`, "guardrails.exemptPrincipalArns[0]", "not an IAM role ARN"},
		{"exempt principal is not a user, who can be renamed into the name", "guardrails", `{"exemptPrincipalArns":["arn:aws:iam::*:user/BreakGlass"]}`, "guardrails.exemptPrincipalArns[0]", "users cannot be exempted"},
		{"exempt principal is not a role session, which aws:PrincipalARN never carries", "guardrails", `{"exemptPrincipalArns":["arn:aws:sts::123456789012:assumed-role/BreakGlass/alice"]}`, "guardrails.exemptPrincipalArns[0]", "would match nothing"},
		{"exempt principal is an exact role name", "guardrails", `{"exemptPrincipalArns":["arn:aws:iam::*:role/team-*"]}`, "guardrails.exemptPrincipalArns[0]", "exempt exact role names only"},
		{"allowed Region outside governed needs the opt-in", "guardrails", `{"allowedRegions":["eu-west-1","us-east-1","ca-central-1"]}`, "guardrails.allowedRegions[2]", "guardrails.allowUngovernedRegions: true"},
		{"sandbox denies actions that exist", "guardrails", `{"sandboxDeniedActions":["savingsplans:CreatePlan"]}`, "guardrails.sandboxDeniedActions[0]", `did you mean "savingsplans:CreateSavingsPlan"`},
		{"sandbox deny patterns match an action", "guardrails", `{"sandboxDeniedActions":["ec2:Buy*"]}`, "guardrails.sandboxDeniedActions[0]", `matches no ec2 action`},
		{"SCP size limit in range", "guardrails", `{"scpMaxSize":20000}`, "guardrails.scpMaxSize", "out of range"},
		{"allowed Regions cover governed", "guardrails", `{"allowedRegions":["eu-west-1"]}`, "guardrails.allowedRegions", `"us-east-1" is missing`},
		{"regulated Regions narrow allowed", "guardrails", `{"regulatedAllowedRegions":["ap-south-1"]}`, "guardrails.regulatedAllowedRegions[0]", "can only narrow"},
		{"tag policy key is a cost tag", "guardrails", `{"tagPolicy":{"allowedValues":{"Envronment":["prod"]}}}`, "guardrails.tagPolicy.allowedValues.Envronment", `closest is "Environment"`},
		{"workload tags within allowed values", "guardrails", `{"tagPolicy":{"allowedValues":{"Environment":["production"]}}}`, "workloads[0].environment", `"prod" is not allowed`},
		{"provider tags not aws:", "tags", `{"aws:owner":"x"}`, `tags["aws:owner"]`, "reserved"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := validConfig()
			c["landingzone:"+tc.key] = tc.value
			if ps := problemsOf(t, c); !hasProblem(ps, tc.path, tc.fragment) {
				t.Errorf("want %s: ...%s..., got:\n%v", tc.path, tc.fragment, ps)
			}
		})
	}
}

func TestValidate_EmailsAreUniqueIgnoringCase(t *testing.T) {
	c := validConfig()
	c["landingzone:workloads"] = `[{"name":"w","email":"SEC@example.com","environment":"prod","owner":"o@example.com","costCenter":"c","businessUnit":"b","application":"x"}]`
	if ps := problemsOf(t, c); !hasProblem(ps, "workloads[0].email", "already used by coreAccounts.security") {
		t.Errorf("problems: %v", ps)
	}
}

func TestProblems_ErrorListsEveryProblemWithItsPath(t *testing.T) {
	ps := Problems{{Path: "a.b", Message: "bad"}, {Path: "c[0]", Message: "worse"}}
	got := ps.Error()
	for _, want := range []string{"2 problems", "  - a.b: bad", "  - c[0]: worse"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}

func TestDecode_TopLevelStringsAreTakenVerbatim(t *testing.T) {
	c := validConfig()
	c["landingzone:name"] = `{"not":"json for a string key"}`
	org, ps := Decode(c)
	if len(ps) > 0 || org.Name != c["landingzone:name"] {
		t.Errorf("name = %q, problems %v", org.Name, ps)
	}
}

func TestDefaults_SecurityHubAddsPCIDSSWhenTheOrganizationHasPCIWorkloads(t *testing.T) {
	c := validConfig()
	org, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(org.SecurityHub.Standards, []string{StandardFSBP, StandardCIS}) || org.SecurityHub.SeverityThreshold != "HIGH" ||
		!slices.Equal(org.SecurityHub.NotificationEmails, []string{"platform@example.com"}) {
		t.Errorf("security defaults = %+v", org.SecurityHub)
	}
	g := org.SecurityHub.GuardDuty
	if !*g.S3 || !*g.EKS || !*g.Malware || !*g.RDS || !*g.Lambda || *g.Runtime {
		t.Errorf("GuardDuty plan defaults = %+v", g)
	}
	c["landingzone:workloads"] = strings.Replace(c["landingzone:workloads"], `"environment":"prod"`, `"environment":"prod","compliance":"pci-dss"`, 1)
	if org, err = Load(c); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(org.SecurityHub.Standards, StandardPCIDSS) {
		t.Errorf("standards = %v, want pci-dss added for the PCI workload", org.SecurityHub.Standards)
	}
}

func TestDefaults_SecurityHubAddsNIST80053WhenTheOrganizationHasHIPAAWorkloads(t *testing.T) {
	c := validConfig()
	c["landingzone:workloads"] = strings.Replace(c["landingzone:workloads"], `"environment":"prod"`, `"environment":"prod","compliance":"hipaa"`, 1)
	org, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(org.SecurityHub.Standards, StandardNIST) || slices.Contains(org.SecurityHub.Standards, StandardPCIDSS) {
		t.Errorf("standards = %v, want nist-800-53 (and not pci-dss) for the HIPAA workload", org.SecurityHub.Standards)
	}
	c["landingzone:securityHub"] = `{"standards":["aws-foundational-security-best-practices"]}`
	if ps := problemsOf(t, c); !hasProblem(ps, "securityHub.standards", "HIPAA workload") {
		t.Errorf("explicit standards without NIST SP 800-53 for a HIPAA workload accepted: %v", ps)
	}
}

func TestStandardVersions_PCIDSSIsTheCurrentVersionNotTheRetiredOne(t *testing.T) {
	if v := StandardVersions[StandardPCIDSS]; v != "4.0.1" {
		t.Errorf("PCI DSS version %s; v3.2.1 was retired by the PCI SSC, Security Hub recommends v4.0.1", v)
	}
	if v := StandardVersions[StandardNIST]; v != "5.0.0" {
		t.Errorf("NIST SP 800-53 version %s, want Rev. 5 (5.0.0)", v)
	}
}

func TestValidate_OptInRegionsMustBeEnabledToBeGoverned(t *testing.T) {
	c := validConfig()
	c["landingzone:governedRegions"] = `["eu-west-1","af-south-1"]`
	if ps := problemsOf(t, c); !hasProblem(ps, "governedRegions[1]", "opt-in Region") {
		t.Errorf("problems: %v", ps)
	}
	c["landingzone:optInRegions"] = `["af-south-1"]`
	if ps := problemsOf(t, c); len(ps) != 0 {
		t.Errorf("an enabled opt-in Region is refused: %v", ps)
	}
	c["landingzone:optInRegions"] = `["af-south-1","eu-west-1"]`
	if ps := problemsOf(t, c); !hasProblem(ps, "optInRegions[1]", "enabled by default") {
		t.Errorf("problems: %v", ps)
	}
}

func TestValidate_RefusesExemptingAManagementAccountPrincipalWhereSCPsNeverApply(t *testing.T) {
	c := validConfig()
	c["landingzone:managementAccountId"] = "111122223333"
	c["landingzone:guardrails"] = `{"exemptPrincipalArns":["arn:aws:iam::111122223333:role/Deployer","arn:aws:iam::444455556666:role/BreakGlass"]}`
	ps := problemsOf(t, c)
	if !hasProblem(ps, "guardrails.exemptPrincipalArns[0]", "SCPs never apply") {
		t.Errorf("management-account exemption accepted: %v", ps)
	}
	if hasProblem(ps, "guardrails.exemptPrincipalArns[1]", "") {
		t.Errorf("an exemption pinned to a member account must be accepted: %v", ps)
	}
}

func TestValidate_AllowsAnUngovernedRegionOnlyWithTheOptInAndWarns(t *testing.T) {
	c := validConfig()
	c["landingzone:guardrails"] = `{"allowedRegions":["eu-west-1","us-east-1","ca-central-1"],"allowUngovernedRegions":true}`
	org, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	ws := org.Warnings()
	if len(ws) != 1 || !strings.Contains(ws[0], "ca-central-1 is allowed but not governed") {
		t.Errorf("warnings = %v", ws)
	}
	org, err = Load(validConfig())
	if err != nil {
		t.Fatal(err)
	}
	if ws := org.Warnings(); len(ws) != 0 {
		t.Errorf("governed Regions only, yet warnings: %v", ws)
	}
}

func TestWarnings_NameTheAccountQuotaOnlyBeyondTenAccounts(t *testing.T) {
	org, err := Load(validConfig())
	if err != nil {
		t.Fatal(err)
	}
	for len(org.Accounts())+1 <= DefaultAccountQuota {
		if ws := org.Warnings(); len(ws) != 0 {
			t.Fatalf("%d accounts, yet warnings: %v", len(org.Accounts())+1, ws)
		}
		w := org.Workloads[0]
		w.Name = fmt.Sprintf("extra-%d", len(org.Workloads))
		org.Workloads = append(org.Workloads, w)
	}
	ws := org.Warnings()
	if len(ws) != 1 || !strings.Contains(ws[0], "would hold 11 accounts") || !strings.Contains(ws[0], "Service Quotas") {
		t.Errorf("warnings = %v", ws)
	}
}

func TestLoad_AbsentTakesTheDefaultButAnExplicitValueIsHonouredOrRefused(t *testing.T) {
	// Absent: the default.
	org, err := Load(validConfig())
	if err != nil {
		t.Fatal(err)
	}
	if org.LogArchive.ObjectLockDays != DefaultObjectLockDays || len(org.Guardrails.SandboxDeniedActions) == 0 {
		t.Fatalf("defaults not applied: lock %d days, %d denied actions", org.LogArchive.ObjectLockDays, len(org.Guardrails.SandboxDeniedActions))
	}
	// Explicit empty list that means something: honoured, not replaced.
	c := validConfig()
	c["landingzone:guardrails"] = `{"sandboxDeniedActions":[]}`
	org, err = Load(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(org.Guardrails.SandboxDeniedActions) != 0 || !org.Given("guardrails.sandboxDeniedActions") {
		t.Errorf("explicit [] replaced by %v", org.Guardrails.SandboxDeniedActions)
	}
	if !slices.ContainsFunc(org.Warnings(), func(w string) bool { return strings.HasPrefix(w, "guardrails.sandboxDeniedActions") }) {
		t.Errorf("no warning for a sandbox that denies nothing: %v", org.Warnings())
	}
	// Explicit zero, empty list or empty string that would defeat a control: refused at its path.
	for key, value := range map[string]string{
		"landingzone:logArchive":          `{"objectLockDays":0}`,
		"landingzone:guardrails":          `{"sandboxAllowedInstanceTypes":[]}`,
		"landingzone:managementAccountId": ``,
		"landingzone:securityHub":         `{"standards":[]}`,
	} {
		c := validConfig()
		c[key] = value
		ps := problemsOf(t, c)
		if len(ps) != 1 || !strings.HasPrefix(ps[0].Path, strings.TrimPrefix(key, "landingzone:")) {
			t.Errorf("%s = %s: want one problem at its path, got %v", key, value, ps)
		}
	}
}

func TestDecode_NullIsNeitherAbsentNorAValue(t *testing.T) {
	c := validConfig()
	c["landingzone:logArchive"] = `{"objectLockMode":null}`
	if ps := problemsOf(t, c); !hasProblem(ps, "logArchive.objectLockMode", "has no value") {
		t.Errorf("null accepted: %v", ps)
	}
}

func TestLoad_ProblemsNameTheWorkloadBesideItsIndex(t *testing.T) {
	c := validConfig()
	c["landingzone:workloads"] = strings.Replace(c["landingzone:workloads"], `"budget":{"monthlyLimitUsd":100}`, `"budget":{"monthlyLimitUsd":-5}`, 1)
	ps := problemsOf(t, c)
	if len(ps) != 1 || ps[0].Path != "workloads[2].budget.monthlyLimitUsd" ||
		!strings.HasPrefix(ps[0].String(), "workloads[2] (sbx).budget.monthlyLimitUsd: ") {
		t.Errorf("got %v; want one problem shown at workloads[2] (sbx).budget.monthlyLimitUsd", ps)
	}
}

func TestLoad_UnderTheEngineASecretIsAcceptedOnlyWhereItCanStaySecret(t *testing.T) {
	// The engine hands secrets decrypted and names their keys (PULUMI_CONFIG_SECRET_KEYS).
	c := validConfig()
	c["landingzone:securityHub"] = `{"webhookUrls":["https://hooks.example.com/t0ken"]}`
	if _, err := Load(c, "landingzone:securityHub"); err != nil {
		t.Errorf("a secret webhook refused: %v", err)
	}
	ps := func() Problems {
		_, err := Load(validConfig(), "landingzone:coreAccounts")
		var ps Problems
		errors.As(err, &ps)
		return ps
	}()
	if !hasProblem(ps, "coreAccounts", "holds a secret") {
		t.Errorf("a secret in coreAccounts accepted: %v", ps)
	}
	// Offline, the plan sees the blinded value at its exact path.
	c = validConfig()
	c["landingzone:guardrails"] = `{"scpMaxSize":"[secret]"}`
	if ps := problemsOf(t, c); len(ps) != 1 || !hasProblem(ps, "guardrails.scpMaxSize", "holds a secret") {
		t.Errorf("a secret SCP size: %v", ps)
	}
}

func TestClosest_PrefersTheKeyAShortenedKeyStarts(t *testing.T) {
	keys := []string{"githubBranch", "githubEnvironment", "githubRepository"}
	for typed, want := range map[string]string{"githubRepo": "githubRepository", "githubBrnach": "githubBranch", "gi": "githubBranch"} {
		if got := closest(typed, keys); got != want {
			t.Errorf("closest(%q) = %q, want %q", typed, got, want)
		}
	}
}

// Cost-allocation tags cannot be activated before AWS has billed them, which nothing here can know:
// left off by default, adopted organization or not, with a warning that says when and how to switch
// them on; an explicit value is the user's.
func TestActivateCostAllocationTags_OffUntilSaidWithAWarning(t *testing.T) {
	c := validConfig()
	delete(c, "landingzone:activateCostAllocationTags")
	for _, adopt := range []string{"", `{"organizationId":"o-abcdefghij"}`} {
		if adopt != "" {
			c["landingzone:adopt"] = adopt
		}
		org, err := Load(c)
		if err != nil {
			t.Fatal(err)
		}
		if org.ActivateCostAllocationTags == nil || *org.ActivateCostAllocationTags {
			t.Errorf("adopt %q: cost tags activated by default", adopt)
		}
		ws := org.Warnings()
		if len(ws) != 1 || !strings.Contains(ws[0], "activateCostAllocationTags: false") || !strings.Contains(ws[0], "aws ce list-cost-allocation-tags") {
			t.Errorf("adopt %q: warnings = %v", adopt, ws)
		}
	}
	c["landingzone:activateCostAllocationTags"] = "true"
	org, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	if !*org.ActivateCostAllocationTags || len(org.Warnings()) != 0 {
		t.Errorf("an explicit true: activate %v, warnings %v", *org.ActivateCostAllocationTags, org.Warnings())
	}
}
