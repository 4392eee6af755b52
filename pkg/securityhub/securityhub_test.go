package securityhub_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
	"github.com/landingzone/aws-landing-zone/pkg/securityhub"
)

const (
	mgmtID = "403815927164"
	rootID = "r-ab12"
	home   = "eu-west-1"
)

var regions = []string{"eu-west-1", "eu-central-1", "us-east-1"}

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

func settings() config.SecurityHub {
	return config.SecurityHub{
		Standards:          []string{config.StandardFSBP, config.StandardCIS, config.StandardPCIDSS},
		SeverityThreshold:  "HIGH",
		NotificationEmails: []string{"secops@acme.example", "ciso@acme.example"},
		WebhookURLs:        []string{"https://events.example.com/sns/abc"},
		GuardDuty:          config.GuardDutyPlans{S3: yes(), EKS: yes(), Malware: yes(), RDS: no(), Runtime: yes(), Lambda: yes()},
	}
}

type hub struct {
	*plan.Plan
	securityID, workloadID string
}

func program(s config.SecurityHub, governed []string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		providers := account.NewProviders(ctx, account.ProvidersArgs{
			ManagementAccountID: mgmtID, AccessRoleName: "OrganizationAccountAccessRole", Regions: governed,
		})
		mgmtHome, err := providers.Management(governed[0])
		if err != nil {
			return err
		}
		security, err := account.Vend(ctx, account.VendArgs{
			Account:  config.Account{Key: config.KeySecurity, Name: "acme-security", Email: "sec@acme.example", OU: config.OUSecurity},
			ParentID: pulumi.String("ou-ab12-security"), AccessRoleName: "OrganizationAccountAccessRole", Management: mgmtHome,
		})
		if err != nil {
			return err
		}
		workload, err := account.Vend(ctx, account.VendArgs{
			Account:  config.Account{Key: "payments-prod", Name: "acme-payments-prod", Email: "payments@acme.example", OU: "Workloads/Prod"},
			ParentID: pulumi.String("ou-ab12-prod"), AccessRoleName: "OrganizationAccountAccessRole", Management: mgmtHome,
		})
		if err != nil {
			return err
		}
		mgmt, sec := map[string]*aws.Provider{}, map[string]*aws.Provider{}
		for _, r := range governed {
			if mgmt[r], err = providers.Management(r); err != nil {
				return err
			}
			if sec[r], err = providers.Member(security, r); err != nil {
				return err
			}
		}
		_, err = securityhub.New(ctx, "security-hub", &securityhub.Args{
			Prefix: "acme", HomeRegion: governed[0], Regions: governed, Settings: s, Security: security,
			Management: mgmt, SecurityProviders: sec,
			OrganizationID: pulumi.String("o-a1b2c3d4e5"), RootID: pulumi.String(rootID), ManagementAccountID: pulumi.String(mgmtID),
			ManagementAccountEmail: pulumi.String("root@acme.example"),
			Members:                []*account.Account{security, workload},
			LogBucket:              pulumi.String("acme-log-archive-111122223333-eu-west-1"),
			LogKeyArn:              pulumi.String("arn:aws:kms:eu-west-1:111122223333:key/k"), ConfigPrefix: "config",
			AdminPrincipals: []string{"arn:aws:iam::*:role/BreakGlassAdmin"},
		})
		return err
	}
}

func synth(t *testing.T, s config.SecurityHub, governed ...string) hub {
	t.Helper()
	if len(governed) == 0 {
		governed = regions
	}
	p, err := plan.Synthesize("test", mgmtID, program(s, governed))
	if err != nil {
		t.Fatal(err)
	}
	h := hub{Plan: p}
	for _, a := range p.Find(plan.AccountType) {
		switch a.Input("name") {
		case "acme-security":
			h.securityID = a.ID
		case "acme-payments-prod":
			h.workloadID = a.ID
		}
	}
	return h
}

func (h hub) named(t *testing.T, typ, name string) *plan.Resource {
	t.Helper()
	r := h.Named(typ, name)
	if r == nil {
		t.Fatalf("no %s named %s", typ, name)
	}
	return r
}

func regionsOf(rs []*plan.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Provider.Region)
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func TestSecurityHub_EveryDelegationIsRegisteredFromTheManagementAccountInEachRegion(t *testing.T) {
	s := settings()
	s.Macie, s.Detective = true, true
	h := synth(t, s)
	regional := map[string]string{
		"aws:guardduty/organizationAdminAccount:OrganizationAdminAccount": "adminAccountId",
		"aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount":      "accountId",
		"aws:macie2/organizationAdminAccount:OrganizationAdminAccount":    "adminAccountId",
		"aws:detective/organizationAdminAccount:OrganizationAdminAccount": "accountId",
	}
	for typ, idInput := range regional {
		rs := h.Find(typ)
		if got := regionsOf(rs); !slices.Equal(got, sorted(regions)) {
			t.Errorf("%s in Regions %v, want every governed Region", typ, got)
		}
		for _, r := range rs {
			if r.Provider.Account != config.KeyManagement || r.Input(idInput) != h.securityID {
				t.Errorf("%s %s: from %s, delegates to %s", typ, r.Name, r.Provider.Account, r.Input(idInput))
			}
		}
	}
	var principals []string
	for _, d := range h.Find("aws:organizations/delegatedAdministrator:DelegatedAdministrator") {
		principals = append(principals, d.Input("servicePrincipal"))
		if d.Provider.Account != config.KeyManagement || d.Input("accountId") != h.securityID {
			t.Errorf("%s delegated from %s to %s", d.Input("servicePrincipal"), d.Provider.Account, d.Input("accountId"))
		}
	}
	if !slices.Equal(sorted(principals), []string{"access-analyzer.amazonaws.com", "config-multiaccountsetup.amazonaws.com", "config.amazonaws.com"}) {
		t.Errorf("Organizations delegations = %v", principals)
	}
}

func TestSecurityHub_EveryOrganizationConfigurationIsSetFromTheSecurityAccount(t *testing.T) {
	s := settings()
	s.Macie, s.Detective = true, true
	h := synth(t, s)
	for _, typ := range []string{
		"aws:securityhub/organizationConfiguration:OrganizationConfiguration",
		"aws:securityhub/configurationPolicy:ConfigurationPolicy",
		"aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation",
		"aws:securityhub/findingAggregator:FindingAggregator",
		"aws:guardduty/organizationConfiguration:OrganizationConfiguration",
		"aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature",
		"aws:inspector2/organizationConfiguration:OrganizationConfiguration",
		"aws:macie2/organizationConfiguration:OrganizationConfiguration",
		"aws:detective/organizationConfiguration:OrganizationConfiguration",
		"aws:accessanalyzer/analyzer:Analyzer",
		"aws:cfg/configurationAggregator:ConfigurationAggregator",
	} {
		rs := h.Find(typ)
		if len(rs) == 0 {
			t.Errorf("no %s", typ)
		}
		for _, r := range rs {
			if r.Provider.Account != config.KeySecurity || r.Provider.AccountID != h.securityID {
				t.Errorf("%s %s set from %s", typ, r.Name, r.Provider.Account)
			}
		}
	}
}

func TestSecurityHub_CentralConfigurationEnablesTheStandardsEverywhereFromTheRoot(t *testing.T) {
	h := synth(t, settings())
	org := h.named(t, "aws:securityhub/organizationConfiguration:OrganizationConfiguration", "security-hub-hub-organization")
	if org.Inputs["autoEnable"] != false || org.Inputs["organizationConfiguration"].(map[string]any)["configurationType"] != "CENTRAL" {
		t.Errorf("organization configuration = %v", org.Inputs)
	}
	pol := h.named(t, "aws:securityhub/configurationPolicy:ConfigurationPolicy", "security-hub-hub-policy")
	cp := pol.Inputs["configurationPolicy"].(map[string]any)
	var standards []string
	for _, s := range cp["enabledStandardArns"].([]any) {
		standards = append(standards, s.(string))
	}
	want := []string{
		"arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
		"arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
		"arn:aws:securityhub:eu-west-1::standards/pci-dss/v/4.0.1",
	}
	if cp["serviceEnabled"] != true || !slices.Equal(standards, want) {
		t.Errorf("configuration policy = %v", cp)
	}
	assoc := h.named(t, "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation", "security-hub-hub-policy-root")
	if assoc.Input("targetId") != rootID || assoc.Input("policyId") != pol.ID {
		t.Errorf("association = %v", assoc.Inputs)
	}
}

// With central configuration AWS designates the administrator in the linked Regions itself and
// refuses later changes there: one designation, in the home Region, after every hub exists.
func TestSecurityHub_AdministratorIsDesignatedInTheHomeRegionOnly(t *testing.T) {
	h := synth(t, settings())
	designations := h.Find("aws:securityhub/organizationAdminAccount:OrganizationAdminAccount")
	if len(designations) != 1 {
		t.Fatalf("%d Security Hub designations, want one (home Region)", len(designations))
	}
	admin := designations[0]
	if admin.Name != "security-hub-hub-admin-"+home || admin.Provider.Region != home || admin.Provider.Account != config.KeyManagement ||
		admin.Input("adminAccountId") != h.securityID {
		t.Errorf("designation %s from %s/%s for %s", admin.Name, admin.Provider.Account, admin.Provider.Region, admin.Input("adminAccountId"))
	}
	for _, r := range regions {
		own := h.named(t, "aws:securityhub/account:Account", "security-hub-hub-"+r)
		if own.Provider.Region != r || own.Inputs["enableDefaultStandards"] != false || !slices.Contains(admin.DependsOn, own.URN) {
			t.Errorf("%s: hub %v, designation waits for %v", r, own.Inputs, admin.DependsOn)
		}
	}
	agg := h.named(t, "aws:securityhub/findingAggregator:FindingAggregator", "security-hub-finding-aggregator")
	org := h.named(t, "aws:securityhub/organizationConfiguration:OrganizationConfiguration", "security-hub-hub-organization")
	if !slices.Contains(agg.DependsOn, admin.URN) || !slices.Contains(org.DependsOn, agg.URN) {
		t.Errorf("ordering: aggregator waits for %v, central configuration for %v", agg.DependsOn, org.DependsOn)
	}
}

func TestSecurityHub_FindingAggregatorLinksEveryOtherGovernedRegion(t *testing.T) {
	h := synth(t, settings())
	agg := h.named(t, "aws:securityhub/findingAggregator:FindingAggregator", "security-hub-finding-aggregator")
	var linked []string
	for _, r := range agg.Inputs["specifiedRegions"].([]any) {
		linked = append(linked, r.(string))
	}
	if agg.Input("linkingMode") != "SPECIFIED_REGIONS" || !slices.Equal(sorted(linked), []string{"eu-central-1", "us-east-1"}) || agg.Provider.Region != home {
		t.Errorf("aggregator = %v in %s", agg.Inputs, agg.Provider.Region)
	}
	single := synth(t, settings(), "eu-west-1")
	if agg := single.named(t, "aws:securityhub/findingAggregator:FindingAggregator", "security-hub-finding-aggregator"); agg.Input("linkingMode") != "NO_REGIONS" {
		t.Errorf("single-Region aggregator = %v", agg.Inputs)
	}
}

func TestSecurityHub_GuardDutyAutoEnablesEveryAccountWithTheConfiguredPlans(t *testing.T) {
	h := synth(t, settings())
	for _, r := range regions {
		org := h.named(t, "aws:guardduty/organizationConfiguration:OrganizationConfiguration", "security-hub-guardduty-organization-"+r)
		det := h.named(t, "aws:guardduty/detector:Detector", "security-hub-guardduty-"+r)
		if org.Input("autoEnableOrganizationMembers") != "ALL" || org.Input("detectorId") != det.ID {
			t.Errorf("%s organization configuration = %v", r, org.Inputs)
		}
		admin := h.named(t, "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount", "security-hub-guardduty-admin-"+r)
		if !slices.Contains(admin.DependsOn, det.URN) {
			t.Errorf("%s: delegation does not wait for the administrator's detector", r)
		}
	}
	for feature, want := range map[string]string{"S3_DATA_EVENTS": "ALL", "RDS_LOGIN_EVENTS": "NONE", "RUNTIME_MONITORING": "ALL", "LAMBDA_NETWORK_LOGS": "ALL"} {
		f := h.named(t, "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature", "security-hub-guardduty-org-"+feature+"-us-east-1")
		if f.Input("name") != feature || f.Input("autoEnable") != want {
			t.Errorf("%s = %v, want autoEnable %s", feature, f.Inputs, want)
		}
	}
	runtime := h.named(t, "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature", "security-hub-guardduty-org-RUNTIME_MONITORING-eu-west-1")
	if extra := runtime.Inputs["additionalConfigurations"].([]any); len(extra) != 3 {
		t.Errorf("runtime monitoring agents = %v", extra)
	}
	own := h.named(t, "aws:guardduty/detectorFeature:DetectorFeature", "security-hub-guardduty-RDS_LOGIN_EVENTS-eu-west-1")
	if own.Input("status") != "DISABLED" {
		t.Errorf("administrator RDS plan = %v", own.Inputs)
	}
}

func TestSecurityHub_ConfigIsAggregatedAndRecordedInEveryAccountAndRegion(t *testing.T) {
	h := synth(t, settings())
	agg := h.named(t, "aws:cfg/configurationAggregator:ConfigurationAggregator", "security-hub-config-aggregator")
	src := agg.Inputs["organizationAggregationSource"].(map[string]any)
	var aggRegions []string
	for _, r := range src["regions"].([]any) {
		aggRegions = append(aggRegions, r.(string))
	}
	role := h.named(t, "aws:iam/role:Role", "security-hub-config-aggregator-role")
	if !slices.Equal(aggRegions, regions) || src["roleArn"] != role.Output("arn") {
		t.Errorf("aggregator source = %v", src)
	}
	set := h.named(t, "aws:cloudformation/stackSet:StackSet", "security-hub-config-recording")
	auto := set.Inputs["autoDeployment"].(map[string]any)
	if set.Input("permissionModel") != "SERVICE_MANAGED" || auto["enabled"] != true || set.Provider.Account != config.KeyManagement {
		t.Errorf("StackSet = %v", set.Inputs)
	}
	// From the management account (SELF), with managed execution so that the parallel Regional
	// instance creations queue instead of failing with OperationInProgressException.
	if set.Input("callAs") != "SELF" || set.Inputs["managedExecution"].(map[string]any)["active"] != true {
		t.Errorf("StackSet callAs %q, managed execution %v", set.Input("callAs"), set.Inputs["managedExecution"])
	}
	if p := set.InputMap("parameters"); p["BucketName"] != "acme-log-archive-111122223333-eu-west-1" || p["KeyPrefix"] != "config" || p["HomeRegion"] != home {
		t.Errorf("StackSet parameters = %v", p)
	}
	var tmpl struct {
		Resources map[string]struct {
			Type       string         `json:"Type"`
			Properties map[string]any `json:"Properties"`
		} `json:"Resources"`
	}
	if err := json.Unmarshal([]byte(set.Input("templateBody")), &tmpl); err != nil {
		t.Fatal(err)
	}
	recorder := tmpl.Resources["Recorder"]
	global := recorder.Properties["RecordingGroup"].(map[string]any)["IncludeGlobalResourceTypes"]
	if recorder.Type != "AWS::Config::ConfigurationRecorder" || !strings.Contains(mustJSON(global), `"Fn::If":["IsHomeRegion",true,false]`) {
		t.Errorf("recorder = %v", recorder)
	}
	if tmpl.Resources["DeliveryChannel"].Properties["S3KmsKeyArn"] == nil {
		t.Errorf("delivery channel is not encrypted with the log key")
	}
	instances := h.Find("aws:cloudformation/stackSetInstance:StackSetInstance")
	var instanceRegions []string
	for _, i := range instances {
		instanceRegions = append(instanceRegions, i.Input("region"))
		targets := i.Inputs["deploymentTargets"].(map[string]any)["organizationalUnitIds"].([]any)
		if !slices.Equal(targets, []any{rootID}) || i.Input("callAs") != "SELF" || i.Provider.Account != config.KeyManagement {
			t.Errorf("StackSet instance %s targets %v, want the root", i.Name, targets)
		}
	}
	if !slices.Equal(sorted(instanceRegions), sorted(regions)) {
		t.Errorf("StackSet instances in %v", instanceRegions)
	}
	// StackSets never reach the management account: its own recorders, global types once.
	for _, r := range regions {
		rec := h.named(t, "aws:cfg/recorder:Recorder", "security-hub-config-recorder-"+r)
		group := rec.Inputs["recordingGroup"].(map[string]any)
		if rec.Provider.Account != config.KeyManagement || rec.Provider.Region != r || group["allSupported"] != true || group["includeGlobalResourceTypes"] != (r == home) {
			t.Errorf("management recorder %s = %v", r, rec.Inputs)
		}
		ch := h.named(t, "aws:cfg/deliveryChannel:DeliveryChannel", "security-hub-config-delivery-"+r)
		if ch.Input("s3BucketName") != "acme-log-archive-111122223333-eu-west-1" || ch.Input("s3KeyPrefix") != "config" || !slices.Contains(ch.DependsOn, rec.URN) {
			t.Errorf("management delivery channel %s = %v", r, ch.Inputs)
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestSecurityHub_OrganizationAnalyzerInEveryRegionAndNoOptionalServiceWhenOff(t *testing.T) {
	h := synth(t, settings())
	analyzers := h.Find("aws:accessanalyzer/analyzer:Analyzer")
	if !slices.Equal(regionsOf(analyzers), sorted(regions)) {
		t.Errorf("analyzers in %v", regionsOf(analyzers))
	}
	for _, a := range analyzers {
		if a.Input("type") != "ORGANIZATION" {
			t.Errorf("analyzer %s type %s", a.Name, a.Input("type"))
		}
	}
	if len(h.Find("aws:macie2/account:Account"))+len(h.Find("aws:detective/graph:Graph")) != 0 {
		t.Errorf("Macie or Detective built while switched off")
	}
}

// An Enabler holds the administrator or members, never both; an existing account is enabled only
// after its member association; the management account is not auto-enabled, so it is associated too.
func TestSecurityHub_InspectorEnablesTheAdministratorAloneThenAssociatedMembersAndTheManagementAccount(t *testing.T) {
	h := synth(t, settings())
	for _, r := range regions {
		own := h.named(t, "aws:inspector2/enabler:Enabler", "security-hub-inspector-"+r)
		delegation := h.named(t, "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount", "security-hub-inspector-admin-"+r)
		if ids := own.Inputs["accountIds"].([]any); !slices.Equal(ids, []any{h.securityID}) || own.Provider.Account != config.KeySecurity ||
			!slices.Contains(own.DependsOn, delegation.URN) {
			t.Errorf("%s: administrator enabler accounts %v from %s, waits for %v", r, ids, own.Provider.Account, own.DependsOn)
		}
		org := h.named(t, "aws:inspector2/organizationConfiguration:OrganizationConfiguration", "security-hub-inspector-organization-"+r)
		if !slices.Contains(org.DependsOn, own.URN) {
			t.Errorf("%s: the organization configuration does not wait for Inspector in the administrator", r)
		}
		members := h.named(t, "aws:inspector2/enabler:Enabler", "security-hub-inspector-accounts-"+r)
		ids := members.Inputs["accountIds"].([]any)
		if slices.Contains(ids, any(h.securityID)) || !slices.Contains(ids, any(h.workloadID)) || !slices.Contains(ids, any(mgmtID)) {
			t.Errorf("%s: member enabler accounts = %v, want the workload and management accounts and not the administrator", r, ids)
		}
		for key, id := range map[string]string{"payments-prod": h.workloadID, config.KeyManagement: mgmtID} {
			assoc := h.named(t, "aws:inspector2/memberAssociation:MemberAssociation", "security-hub-inspector-member-"+key+"-"+r)
			if assoc.Input("accountId") != id || assoc.Provider.Account != config.KeySecurity || !slices.Contains(members.DependsOn, assoc.URN) {
				t.Errorf("%s: association of %s = %v from %s; enabler waits for %v", r, key, assoc.Inputs, assoc.Provider.Account, members.DependsOn)
			}
		}
		if len(h.Find("aws:inspector2/memberAssociation:MemberAssociation")) != 2*len(regions) {
			t.Errorf("the administrator is associated as its own member")
		}
	}
}

// Organization auto-enable does not cover the management account: it gets a detector (which creates
// the service-linked role the administrator needs) and is made a member from the administrator.
func TestSecurityHub_ManagementAccountIsAGuardDutyMemberInEveryRegion(t *testing.T) {
	h := synth(t, settings())
	for _, r := range regions {
		mgmtDetector := h.named(t, "aws:guardduty/detector:Detector", "security-hub-guardduty-management-"+r)
		if mgmtDetector.Provider.Account != config.KeyManagement || mgmtDetector.Provider.Region != r || mgmtDetector.Inputs["enable"] != true {
			t.Errorf("%s: management detector in %s/%s", r, mgmtDetector.Provider.Account, mgmtDetector.Provider.Region)
		}
		admin := h.named(t, "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount", "security-hub-guardduty-admin-"+r)
		if !slices.Contains(admin.DependsOn, mgmtDetector.URN) {
			t.Errorf("%s: the designation does not wait for the management account's detector (service-linked role)", r)
		}
		adminDetector := h.named(t, "aws:guardduty/detector:Detector", "security-hub-guardduty-"+r)
		member := h.named(t, "aws:guardduty/member:Member", "security-hub-guardduty-member-management-"+r)
		if member.Provider.Account != config.KeySecurity || member.Provider.Region != r || member.Input("accountId") != mgmtID ||
			member.Input("detectorId") != adminDetector.ID || member.Input("email") != "root@acme.example" || member.Inputs["invite"] == true ||
			!slices.Contains(member.IgnoreChanges, "invite") || !slices.Contains(member.DependsOn, admin.URN) {
			t.Errorf("%s: management membership = %v from %s", r, member.Inputs, member.Provider.Account)
		}
	}
}

func TestSecurityHub_RulesNotifyAtOrAboveTheSeverityThreshold(t *testing.T) {
	h := synth(t, settings())
	shRule := h.named(t, "aws:cloudwatch/eventRule:EventRule", "security-hub-findings-securityhub-"+home)
	var pattern struct {
		Source  []string `json:"source"`
		Details struct {
			Findings struct {
				Severity    struct{ Label []string } `json:"Severity"`
				ProductName []map[string]string      `json:"ProductName"`
			} `json:"findings"`
		} `json:"detail"`
	}
	if err := json.Unmarshal([]byte(shRule.Input("eventPattern")), &pattern); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pattern.Details.Findings.Severity.Label, []string{"HIGH", "CRITICAL"}) || pattern.Source[0] != "aws.securityhub" ||
		pattern.Details.Findings.ProductName[0]["anything-but"] != "GuardDuty" {
		t.Errorf("Security Hub rule pattern = %s", shRule.Input("eventPattern"))
	}
	if len(h.Find("aws:cloudwatch/eventRule:EventRule")) != 1+len(regions) {
		t.Errorf("want the Security Hub rule in the home Region and a GuardDuty rule in every Region")
	}
	topic := h.named(t, "aws:sns/topic:Topic", "security-hub-findings-topic")
	for _, r := range regions {
		rule := h.named(t, "aws:cloudwatch/eventRule:EventRule", "security-hub-findings-guardduty-"+r)
		if !strings.Contains(rule.Input("eventPattern"), `"severity":[{"numeric":[">=",7]}]`) {
			t.Errorf("GuardDuty rule %s pattern = %s", r, rule.Input("eventPattern"))
		}
		target := h.named(t, "aws:cloudwatch/eventTarget:EventTarget", "security-hub-findings-guardduty-target-"+r)
		want := topic.Output("arn")
		if r != home {
			want = "arn:aws:events:" + home + ":" + h.securityID + ":event-bus/default"
			if target.Input("roleArn") == "" {
				t.Errorf("forwarding target %s has no role", r)
			}
		}
		if target.Input("arn") != want {
			t.Errorf("GuardDuty target %s = %s, want %s", r, target.Input("arn"), want)
		}
	}
	critical := settings()
	critical.SeverityThreshold = "CRITICAL"
	c := synth(t, critical, "eu-west-1")
	if !strings.Contains(c.named(t, "aws:cloudwatch/eventRule:EventRule", "security-hub-findings-securityhub-eu-west-1").Input("eventPattern"), `"Label":["CRITICAL"]`) {
		t.Errorf("CRITICAL threshold not applied")
	}
}

func TestSecurityHub_TopicAdmitsOnlyThisAccountsRulesAndIsEncrypted(t *testing.T) {
	h := synth(t, settings())
	topic := h.named(t, "aws:sns/topic:Topic", "security-hub-findings-topic")
	key := h.named(t, "aws:kms/key:Key", "security-hub-findings-key")
	if topic.Input("kmsMasterKeyId") != key.Output("arn") || key.Inputs["enableKeyRotation"] != true || !key.Protect {
		t.Errorf("topic key %s, key %v", topic.Input("kmsMasterKeyId"), key.Inputs)
	}
	tp, err := policy.Parse(h.named(t, "aws:sns/topicPolicy:TopicPolicy", "security-hub-findings-topic-policy").Input("policy"))
	if err != nil {
		t.Fatal(err)
	}
	var allows []policy.Statement
	for _, s := range tp.Statement {
		if s.Effect == policy.Allow {
			allows = append(allows, s)
		}
	}
	if len(allows) != 1 {
		t.Fatalf("topic policy allows %d statements, want only EventBridge", len(allows))
	}
	s := allows[0]
	if !slices.Equal(s.Principal.Service, []string{"events.amazonaws.com"}) || !slices.Equal(s.Action, []string{"sns:Publish"}) ||
		!slices.Equal(s.Resource, []string{topic.Output("arn")}) ||
		!slices.Equal(s.Condition["StringEquals"]["aws:SourceAccount"], []string{h.securityID}) ||
		s.Condition["ArnLike"]["aws:SourceArn"][0] != "arn:aws:events:*:"+h.securityID+":rule/acme-findings-*" {
		t.Errorf("EventBridge grant = %+v", s)
	}
	kp, err := policy.Parse(key.Input("policy"))
	if err != nil {
		t.Fatal(err)
	}
	events, ok := kp.Find("EventBridgePublishes")
	if !ok || !events.HasAction("kms:GenerateDataKey") || !events.HasAction("kms:Decrypt") || !slices.Equal(events.Principal.Service, []string{"events.amazonaws.com"}) {
		t.Errorf("EventBridge cannot encrypt to the topic: %+v", events)
	}
	if len(kp.Statement) != 3 {
		t.Errorf("the key policy grants %d statements; want administration, the preview's configuration reads and EventBridge only", len(kp.Statement))
	}
	if reads, ok := kp.Find("PreviewReadsKeyConfiguration"); !ok || reads.HasAction("kms:Decrypt") ||
		!slices.Equal(reads.Condition["ArnEquals"]["aws:PrincipalArn"], []string{"arn:aws:iam::" + h.securityID + ":role/acme-preview"}) {
		t.Errorf("preview key reads: %+v", reads)
	}
	for _, st := range kp.Statement {
		if slices.Contains(st.Action, "kms:*") || (st.Principal != nil && st.Principal.Everyone) {
			t.Errorf("key policy statement %s is too broad", st.Sid)
		}
	}
	var protocols []string
	for _, sub := range h.Find("aws:sns/topicSubscription:TopicSubscription") {
		protocols = append(protocols, sub.Input("protocol")+":"+sub.Input("endpoint"))
	}
	if !slices.Equal(sorted(protocols), []string{"email:ciso@acme.example", "email:secops@acme.example", "https:[secret]"}) {
		// The webhook URL carries its token: it is registered as a secret (encrypted in the state).
		t.Errorf("subscriptions = %v; want the emails in clear and the webhook URL as a secret", protocols)
	}
}

func TestSecurityHub_OptionalServicesAreDelegatedAndAutoEnabled(t *testing.T) {
	s := settings()
	s.Macie, s.Detective = true, true
	h := synth(t, s)
	for _, r := range regions {
		graph := h.named(t, "aws:detective/graph:Graph", "security-hub-detective-"+r)
		org := h.named(t, "aws:detective/organizationConfiguration:OrganizationConfiguration", "security-hub-detective-organization-"+r)
		if org.Inputs["autoEnable"] != true || org.Input("graphArn") != graph.ID {
			t.Errorf("detective %s = %v", r, org.Inputs)
		}
		macie := h.named(t, "aws:macie2/organizationConfiguration:OrganizationConfiguration", "security-hub-macie-organization-"+r)
		if macie.Inputs["autoEnable"] != true {
			t.Errorf("macie %s = %v", r, macie.Inputs)
		}
	}
}

// Auto-enable covers accounts that join later: accounts that exist now (or are created in the same
// run) are made members explicitly, from the administrator, without a provider per member account.
func TestSecurityHub_MacieAndDetectiveEnrolExistingAccountsFromTheAdministrator(t *testing.T) {
	s := settings()
	s.Macie, s.Detective = true, true
	h := synth(t, s)
	for _, r := range regions {
		macieAdmin := h.named(t, "aws:macie2/organizationAdminAccount:OrganizationAdminAccount", "security-hub-macie-admin-"+r)
		m := h.named(t, "aws:macie2/member:Member", "security-hub-macie-member-payments-prod-"+r)
		if m.Provider.Account != config.KeySecurity || m.Provider.Region != r || m.Input("accountId") != h.workloadID ||
			m.Input("email") != "payments@acme.example" || m.Inputs["invite"] == true || !slices.Contains(m.IgnoreChanges, "invite") || m.Input("status") != "ENABLED" ||
			!slices.Contains(m.DependsOn, macieAdmin.URN) {
			t.Errorf("%s: macie member = %v from %s", r, m.Inputs, m.Provider.Account)
		}
		graph := h.named(t, "aws:detective/graph:Graph", "security-hub-detective-"+r)
		detectiveAdmin := h.named(t, "aws:detective/organizationAdminAccount:OrganizationAdminAccount", "security-hub-detective-admin-"+r)
		d := h.named(t, "aws:detective/member:Member", "security-hub-detective-member-payments-prod-"+r)
		if d.Provider.Account != config.KeySecurity || d.Input("accountId") != h.workloadID || d.Input("graphArn") != graph.ID ||
			d.Input("emailAddress") != "payments@acme.example" || !slices.Contains(d.DependsOn, detectiveAdmin.URN) {
			t.Errorf("%s: detective member = %v from %s", r, d.Inputs, d.Provider.Account)
		}
	}
	for _, typ := range []string{"aws:macie2/member:Member", "aws:detective/member:Member"} {
		for _, m := range h.Find(typ) {
			if m.Input("accountId") == h.securityID {
				t.Errorf("%s: the administrator is made a member of itself", typ)
			}
		}
		if n := len(h.Find(typ)); n != len(regions) {
			t.Errorf("%d %s, want one per Region for the one workload account", n, typ)
		}
	}
}

func TestSecurityHub_RefusesIncompleteArguments(t *testing.T) {
	s := settings()
	s.NotificationEmails = nil
	if _, err := plan.Synthesize("test", mgmtID, program(s, regions)); err == nil || !strings.Contains(err.Error(), "notification email") {
		t.Errorf("err = %v", err)
	}
	s = settings()
	s.Standards = []string{"iso-27001"}
	if _, err := plan.Synthesize("test", mgmtID, program(s, regions)); err == nil || !strings.Contains(err.Error(), `unknown standard "iso-27001"`) {
		t.Errorf("err = %v", err)
	}
}

// Designating the administrator of one service in several Regions at once fails on a new
// organization: the home Region goes first, the other Regions wait for it, and each service's home
// designation waits for the previous service's.
func TestSecurityHub_DelegationsAreMadeInTheHomeRegionFirstOneServiceAtATime(t *testing.T) {
	s := settings()
	s.Macie, s.Detective = true, true
	h := synth(t, s)
	home := regions[0]
	services := []struct{ typ, name string }{
		{"aws:guardduty/organizationAdminAccount:OrganizationAdminAccount", "guardduty-admin"},
		{"aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount", "inspector-admin"},
		{"aws:macie2/organizationAdminAccount:OrganizationAdminAccount", "macie-admin"},
		{"aws:detective/organizationAdminAccount:OrganizationAdminAccount", "detective-admin"},
	}
	var previous *plan.Resource
	for _, svc := range services {
		first := h.named(t, svc.typ, "security-hub-"+svc.name+"-"+home)
		if previous != nil && !slices.Contains(first.DependsOn, previous.URN) {
			t.Errorf("%s does not wait for %s", first.Name, previous.Name)
		}
		for _, r := range regions[1:] {
			other := h.named(t, svc.typ, "security-hub-"+svc.name+"-"+r)
			if !slices.Contains(other.DependsOn, first.URN) {
				t.Errorf("%s does not wait for the home Region's %s", other.Name, first.Name)
			}
		}
		previous = first
	}
}
