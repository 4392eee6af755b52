package main

import (
	"encoding/json"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/baseline"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/guardrails"
	"github.com/landingzone/aws-landing-zone/pkg/identity"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
	"github.com/landingzone/aws-landing-zone/pkg/workload"
)

var update = flag.Bool("update", false, "rewrite testdata/urns.golden from the fixtures")

// acmeFixture is the example organization the tests pin (tree, outputs, URNs). It is the prod stack
// of Acme: its URNs are those of stack "prod".
const acmeFixture = "stacks/acme.yaml"

// fixtures are the organization definitions the project ships in stacks/: their content is ours, so
// tests may pin it.
func fixtures(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("stacks/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 4 || !slices.Contains(files, acmeFixture) {
		t.Fatalf("fixtures: %v", files)
	}
	return files
}

// userStacks are the stack files at the project root (Pulumi.prod.yaml and any other): the user's own
// organizations. Tests check every invariant on them and pin nothing of their content.
func userStacks(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("Pulumi.*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Pulumi.<stack>.deploy.yaml holds a stack's Pulumi Deployments settings, not a stack.
	return slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, ".deploy.yaml") })
}

// readStack reads a stack file; the Acme fixture is read as the stack it is, prod.
func readStack(t testing.TB, file string) *plan.StackConfig {
	t.Helper()
	sc, err := plan.ReadStackFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if file == acmeFixture {
		sc.Stack = "prod"
	}
	return sc
}

// runPlan synthesizes a stack with the program `pulumi up` runs, under the mock engine.
func runPlan(sc *plan.StackConfig) (*plan.Plan, error) {
	return plan.Run(sc, program(sc.Config, sc.SecretKeys, false))
}

type synthesized struct {
	file string
	cfg  *config.Organization
	set  guardrails.Set
	plan *plan.Plan
}

func synthesize(t *testing.T, file string) synthesized {
	t.Helper()
	sc := readStack(t, file)
	p, err := runPlan(sc)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	org, err := config.Load(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	set, err := guardrails.Build(org)
	if err != nil {
		t.Fatal(err)
	}
	return synthesized{file: file, cfg: org, set: set, plan: p}
}

func TestWholeOrganization_Invariants(t *testing.T) {
	for _, file := range append(userStacks(t), fixtures(t)...) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			s := synthesize(t, file)
			checkAccounts(t, s)
			checkGuardrails(t, s)
			checkProviders(t, s)
			checkLogs(t, s)
			checkSecurity(t, s)
			checkNetwork(t, s)
			checkWorkloads(t, s)
			checkIdentity(t, s)
			checkBaseline(t, s)
		})
	}
}

// ouPaths maps OU IDs to paths (OU resources are named by their path) and the root ID to Root.
func ouPaths(p *plan.Plan) map[string]string {
	paths := map[string]string{}
	for _, ou := range p.Find(plan.OUType) {
		paths[ou.ID] = ou.Name
	}
	if t := p.Tree(); t != nil {
		paths[t.Root.ID] = guardrails.Root
	}
	return paths
}

func checkAccounts(t *testing.T, s synthesized) {
	t.Helper()
	paths := ouPaths(s.plan)
	registered := map[string]*plan.Resource{}
	for _, r := range s.plan.Find(plan.AccountType) {
		registered[r.Name] = r
	}
	want := s.cfg.Accounts()
	if len(registered) != len(want) {
		t.Errorf("%d accounts registered, %d configured", len(registered), len(want))
	}
	for _, a := range want {
		r := registered[a.Key]
		if r == nil {
			t.Errorf("account %s not registered", a.Key)
			continue
		}
		if !r.Protect || !r.RetainOnDelete || r.Inputs["closeOnDeletion"] != false {
			t.Errorf("%s: protect=%v retainOnDelete=%v closeOnDeletion=%v", a.Key, r.Protect, r.RetainOnDelete, r.Inputs["closeOnDeletion"])
		}
		if !slices.Contains(r.IgnoreChanges, "roleName") || !slices.Contains(r.IgnoreChanges, "iamUserAccessToBilling") {
			t.Errorf("%s: ignoreChanges = %v", a.Key, r.IgnoreChanges)
		}
		if got := paths[r.Input("parentId")]; got != a.OU {
			t.Errorf("%s sits in %q, want %q", a.Key, got, a.OU)
		}
		if a.Workload != nil && a.Workload.State == config.StateSuspended && paths[r.Input("parentId")] != config.OUSuspended {
			t.Errorf("suspended %s is not in the Suspended OU", a.Key)
		}
		if a.Workload != nil && a.Workload.Compliance != config.ComplianceNone && a.Workload.State == config.StateActive &&
			!config.IsUnder(paths[r.Input("parentId")], config.OURegulated) {
			t.Errorf("regulated %s is outside the Regulated OU", a.Key)
		}
		tags := r.InputMap("tags")
		for _, k := range config.CostTagKeys {
			if tags[k] == "" || tags[k] != a.Tags[k] {
				t.Errorf("%s: cost tag %s = %q, want %q", a.Key, k, tags[k], a.Tags[k])
			}
		}
		if a.ImportID != "" && r.ImportID != a.ImportID {
			t.Errorf("%s: adopted as %q, want %q", a.Key, r.ImportID, a.ImportID)
		}
	}
	budgets := s.plan.Find("aws:budgets/budget:Budget")
	wantBudgets := 0
	for _, w := range s.cfg.Workloads {
		if w.Budget != nil && w.Active() { // a suspended workload's budget stops
			wantBudgets++
		}
	}
	if s.cfg.FinOps != nil {
		wantBudgets++
	}
	if len(budgets) != wantBudgets {
		t.Errorf("%d budgets, want %d", len(budgets), wantBudgets)
	}
	for _, org := range s.plan.Find(plan.OrganizationType) {
		if !org.Protect || !org.RetainOnDelete {
			t.Errorf("organization not protected")
		}
		principals, _ := org.Inputs["awsServiceAccessPrincipals"].([]any)
		if slices.Contains(principals, any("macie.amazonaws.com")) != s.cfg.SecurityHub.Macie {
			t.Errorf("trusted access for Macie does not follow securityHub.macie")
		}
		if slices.Contains(principals, any("detective.amazonaws.com")) != s.cfg.SecurityHub.Detective {
			t.Errorf("trusted access for Detective does not follow securityHub.detective")
		}
		if org.ImportID != s.cfg.Adopt.OrganizationID {
			t.Errorf("organization import ID %q, want %q", org.ImportID, s.cfg.Adopt.OrganizationID)
		}
	}
}

func checkGuardrails(t *testing.T, s synthesized) {
	t.Helper()
	paths := ouPaths(s.plan)
	policies := map[string]*plan.Resource{}
	for _, p := range s.plan.Find(plan.PolicyType) {
		policies[p.ID] = p
		if p.Input("type") == guardrails.TypeSCP && len(p.Input("content")) > s.cfg.Guardrails.ScpMaxSize {
			t.Errorf("SCP %s is %d characters; the limit is %d", p.Input("name"), len(p.Input("content")), s.cfg.Guardrails.ScpMaxSize)
		}
	}
	// Every attachment the guardrail set calls for is registered, and no other.
	var got, want []string
	scpsPerTarget := map[string]int{}
	for _, a := range s.plan.Find(plan.AttachmentType) {
		pol := policies[a.Input("policyId")]
		target, ok := paths[a.Input("targetId")]
		if pol == nil || !ok {
			t.Errorf("attachment %s joins unknown policy or target", a.Name)
			continue
		}
		got = append(got, pol.Name+"@"+target)
		if pol.Input("type") == guardrails.TypeSCP {
			scpsPerTarget[target]++
		}
	}
	for _, p := range s.set.Policies {
		for _, target := range p.Targets {
			want = append(want, p.Key+"@"+target)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("attachments:\n got %v\nwant %v", got, want)
	}
	for target, n := range scpsPerTarget {
		if n+1 > s.cfg.Guardrails.ScpMaxPerTarget { // FullAWSAccess counts
			t.Errorf("%s has %d SCPs with FullAWSAccess; the limit is %d", target, n+1, s.cfg.Guardrails.ScpMaxPerTarget)
		}
	}
	for _, key := range []string{"baseline-account", "baseline-security-services", "baseline-region-deny"} {
		if !slices.Contains(got, key+"@"+guardrails.Root) {
			t.Errorf("baseline %s not on the root", key)
		}
	}
	for key, ou := range map[string]string{"regulated": config.OURegulated, "sandbox": config.OUSandbox, "suspended-deny-all": config.OUSuspended} {
		if !slices.Contains(got, key+"@"+ou) {
			t.Errorf("%s not on %s", key, ou)
		}
	}
}

// managementSide are the SecurityHub component's resources that live in the management account:
// delegations, the Config StackSet and the management account's own recorders.
var managementSide = []string{
	"aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
	"aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
	"aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
	"aws:macie2/organizationAdminAccount:OrganizationAdminAccount",
	"aws:detective/organizationAdminAccount:OrganizationAdminAccount",
	"aws:organizations/delegatedAdministrator:DelegatedAdministrator",
	"aws:cloudformation/stackSet:StackSet",
	"aws:cloudformation/stackSetInstance:StackSetInstance",
	"aws:cfg/recorder:Recorder",
	"aws:cfg/deliveryChannel:DeliveryChannel",
	"aws:cfg/recorderStatus:RecorderStatus",
}

// expectedAccount says in which account a resource must be managed.
func expectedAccount(r *plan.Resource) string {
	switch {
	case strings.Contains(r.URN, "landingzone:index:LogArchive$"):
		if slices.Contains([]string{"aws:cloudtrail/trail:Trail", "aws:cloudwatch/logGroup:LogGroup", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"}, r.Type) ||
			strings.Contains(r.Name, "-trail-logs-key") { // the log group's key lives with the log group
			return config.KeyManagement
		}
		return config.KeyLogArchive
	case strings.Contains(r.URN, "landingzone:index:SharedServices$"):
		switch r.Type {
		case "aws:ram/sharingWithOrganization:SharingWithOrganization":
			return config.KeyManagement
		case "aws:directoryservice/sharedDirectoryAccepter:SharedDirectoryAccepter":
			// Each consumer accepts its share in its own account: the name ends with its key.
			return strings.TrimPrefix(r.Name, "shared-services-directory-accept-")
		}
		return config.KeySharedServices
	case strings.Contains(r.URN, workload.TypeToken+"$") && strings.HasPrefix(r.Type, "aws:ec2transitgateway/"):
		// Only the hub's owner associates an attachment with its route tables.
		return config.KeySharedServices
	case strings.Contains(r.URN, "landingzone:index:SecurityHub$"):
		// The management account's own GuardDuty detectors live there; its membership is declared
		// from the administrator.
		if slices.Contains(managementSide, r.Type) || strings.Contains(r.Name, "config-recorder-role") ||
			strings.Contains(r.Name, "guardduty-management-") {
			return config.KeyManagement
		}
		return config.KeySecurity
	}
	return config.KeyManagement
}

func checkProviders(t *testing.T, s synthesized) {
	t.Helper()
	for _, r := range s.plan.Resources {
		if !r.Custom || r.Type == plan.ProviderType {
			continue
		}
		want := expectedAccount(r)
		if strings.Contains(r.URN, identity.TypeToken+"$") {
			want = identityAccount(s.cfg, r)
		}
		if r.Provider == nil || r.Provider.Account != want || !slices.Contains(s.cfg.GovernedRegions, r.Provider.Region) {
			t.Errorf("%s is managed through %+v, want %s in a governed Region", r.URN, r.Provider, want)
			continue
		}
		regional := strings.Contains(r.URN, "landingzone:index:SecurityHub$") || strings.Contains(r.URN, baseline.TypeToken+"$")
		if !regional && r.Provider.Region != identityRegion(s.cfg, r) {
			t.Errorf("%s is in %s; only the Regional security services and the account baseline leave the home Region", r.URN, r.Provider.Region)
		}
		if want == config.KeyManagement && s.cfg.ManagementAccountID != "" && r.Provider.AccountID != s.cfg.ManagementAccountID {
			t.Errorf("%s: account ID %s", r.URN, r.Provider.AccountID)
		}
	}
	// Management and security in every governed Region, log-archive in the home Region, whatever
	// the number of workload accounts; with shared services, the shared-services account and each
	// directory consumer in the home Region (a handshake share is accepted inside the consumer); the
	// account administering Identity Center in its Region, if no other provider is there already.
	want, consumers := 2*len(s.cfg.GovernedRegions)+1, 0
	if ss := s.cfg.SharedServices; ss != nil {
		consumers = len(ss.Directory.SharedWith)
		want += 1 + consumers
	}
	want += identityProviders(s)
	if s.plan.Summary.Providers != want {
		t.Errorf("%d providers, want %d", s.plan.Summary.Providers, want)
	}
	if n := s.plan.Summary.WorkloadAccountResources; n != consumers {
		t.Errorf("%d resources inside workload accounts, want %d (one directory-share acceptance per consumer); the landing zone reaches them organization-wide otherwise", n, consumers)
	}
	for _, prov := range s.plan.Find(plan.ProviderType) {
		allowed, _ := prov.Inputs["allowedAccountIds"].([]any)
		if strings.HasPrefix(prov.Name, "management-") && s.cfg.ManagementAccountID != "" && !slices.Equal(allowed, []any{s.cfg.ManagementAccountID}) {
			t.Errorf("management provider %s not pinned to %s: %v", prov.Name, s.cfg.ManagementAccountID, allowed)
		}
	}
}

// checkLogs: exactly one organization trail and one central (Object Lock) bucket, no bucket
// anywhere without encryption, Block Public Access, a TLS-only policy, Object Lock and an EventBridge
// feed, no key that lets anyone create grants for anything but AWS resources, and the trail's log
// group KMS-encrypted.
func checkLogs(t *testing.T, s synthesized) {
	t.Helper()
	trails := s.plan.Find("aws:cloudtrail/trail:Trail")
	if len(trails) != 1 || trails[0].Inputs["isOrganizationTrail"] != true || trails[0].Inputs["isMultiRegionTrail"] != true ||
		trails[0].Inputs["enableLogFileValidation"] != true || trails[0].Input("kmsKeyId") == "" {
		t.Errorf("want exactly one organization, multi-Region, validated, encrypted trail; got %d", len(trails))
	}
	central := 0
	for _, b := range s.plan.Find("aws:s3/bucketV2:BucketV2") {
		if b.Inputs["objectLockEnabled"] == true {
			central++
			if len(trails) == 1 && trails[0].Input("s3BucketName") != b.ID {
				t.Errorf("the trail writes to %s, not the central bucket %s", trails[0].Input("s3BucketName"), b.ID)
			}
		}
		if !b.Protect || b.Inputs["forceDestroy"] == true {
			t.Errorf("bucket %s: protect=%v forceDestroy=%v", b.ID, b.Protect, b.Inputs["forceDestroy"])
		}
		if !strings.HasPrefix(b.ID, s.cfg.LogBucketPrefix()) {
			t.Errorf("bucket %s is outside the SCP-protected prefix %s", b.ID, s.cfg.LogBucketPrefix())
		}
		var encrypted, private, tlsOnly bool
		for _, e := range s.plan.Find("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2") {
			encrypted = encrypted || e.Input("bucket") == b.ID && len(e.Inputs["rules"].([]any)) > 0
		}
		for _, p := range s.plan.Find("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock") {
			private = private || p.Input("bucket") == b.ID && p.Inputs["blockPublicAcls"] == true && p.Inputs["blockPublicPolicy"] == true &&
				p.Inputs["ignorePublicAcls"] == true && p.Inputs["restrictPublicBuckets"] == true
		}
		for _, p := range s.plan.Find("aws:s3/bucketPolicy:BucketPolicy") {
			if p.Input("bucket") != b.ID {
				continue
			}
			d, err := policy.Parse(p.Input("policy"))
			if err != nil {
				t.Fatal(err)
			}
			st, ok := d.Find("DenyInsecureTransport")
			tlsOnly = ok && st.Effect == policy.Deny && slices.Equal(st.Condition["Bool"]["aws:SecureTransport"], []string{"false"})
		}
		var locked, toEventBridge bool
		for _, l := range s.plan.Find("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2") {
			locked = locked || l.Input("bucket") == b.ID && l.Input("objectLockEnabled") == "Enabled"
		}
		for _, n := range s.plan.Find("aws:s3/bucketNotification:BucketNotification") {
			toEventBridge = toEventBridge || n.Input("bucket") == b.ID && n.Inputs["eventbridge"] == true
		}
		if !encrypted || !private || !tlsOnly || !locked || !toEventBridge {
			t.Errorf("bucket %s: encrypted=%v blockPublicAccess=%v tlsOnly=%v objectLock=%v eventBridge=%v", b.ID, encrypted, private, tlsOnly, locked, toEventBridge)
		}
	}
	if central != 1 {
		t.Errorf("%d central log buckets, want 1", central)
	}
	// A grant can hand out Decrypt: every key allows kms:CreateGrant only for AWS resources.
	for _, k := range s.plan.Find("aws:kms/key:Key") {
		d, err := policy.Parse(k.Input("policy"))
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range d.Statement {
			if st.Effect == policy.Allow && st.HasAction("kms:CreateGrant") && !slices.Equal(st.Condition["Bool"]["kms:GrantIsForAWSResource"], []string{"true"}) {
				t.Errorf("key %s: %s allows kms:CreateGrant without kms:GrantIsForAWSResource", k.Name, st.Sid)
			}
		}
	}
	for _, g := range s.plan.Find("aws:cloudwatch/logGroup:LogGroup") {
		if strings.Contains(g.URN, "landingzone:index:LogArchive$") && g.Input("kmsKeyId") == "" {
			t.Errorf("trail log group %s is not KMS-encrypted", g.Name)
		}
	}
}

// checkSecurity: Config records every account and governed Region (the StackSet on the root with
// automatic deployment, plus the management account's own recorders), Security Hub and GuardDuty
// cover the whole organization, and every governed Region has an organization analyzer.
func checkSecurity(t *testing.T, s synthesized) {
	t.Helper()
	rootID := s.plan.Tree().Root.ID
	governed := slices.Clone(s.cfg.GovernedRegions)
	slices.Sort(governed)
	regionsOf := func(typ string, filter func(*plan.Resource) bool) []string {
		var out []string
		for _, r := range s.plan.Find(typ) {
			if filter == nil || filter(r) {
				out = append(out, r.Provider.Region)
			}
		}
		slices.Sort(out)
		return out
	}

	// The Config StackSet (the account baseline's are checked by checkBaseline).
	sets := slices.DeleteFunc(s.plan.Find("aws:cloudformation/stackSet:StackSet"), func(r *plan.Resource) bool {
		return r.Input("name") != s.cfg.Prefix+"-config-recording"
	})
	if len(sets) != 1 || sets[0].Input("permissionModel") != "SERVICE_MANAGED" || sets[0].Inputs["autoDeployment"].(map[string]any)["enabled"] != true {
		t.Fatalf("want one service-managed, auto-deploying Config StackSet")
	}
	// CloudFormation's side of StackSets trusted access has no resource: the plan must say so.
	if items := s.plan.Prerequisites(); !slices.ContainsFunc(items, func(i string) bool {
		return strings.HasPrefix(i, "aws cloudformation activate-organizations-access")
	}) {
		t.Errorf("a service-managed StackSet but no activate-organizations-access prerequisite: %q", items)
	}
	var instanceRegions []string
	for _, i := range s.plan.Find("aws:cloudformation/stackSetInstance:StackSetInstance") {
		if i.Input("stackSetName") != sets[0].Input("name") {
			continue
		}
		if targets := i.Inputs["deploymentTargets"].(map[string]any)["organizationalUnitIds"].([]any); !slices.Equal(targets, []any{rootID}) {
			t.Errorf("StackSet instance %s targets %v, not the root %s", i.Name, targets, rootID)
		}
		instanceRegions = append(instanceRegions, i.Input("region"))
	}
	slices.Sort(instanceRegions)
	if !slices.Equal(instanceRegions, governed) {
		t.Errorf("Config StackSet instances in %v, want %v", instanceRegions, governed)
	}
	if got := regionsOf("aws:cfg/recorder:Recorder", func(r *plan.Resource) bool { return r.Provider.Account == config.KeyManagement }); !slices.Equal(got, governed) {
		t.Errorf("management recorders in %v, want %v", got, governed)
	}

	assoc := s.plan.Find("aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation")
	if len(assoc) != 1 || assoc[0].Input("targetId") != rootID {
		t.Errorf("the Security Hub configuration policy is not associated with the root")
	}
	for _, org := range s.plan.Find("aws:securityhub/organizationConfiguration:OrganizationConfiguration") {
		if org.Inputs["organizationConfiguration"].(map[string]any)["configurationType"] != "CENTRAL" {
			t.Errorf("Security Hub is not centrally configured")
		}
	}
	agg := s.plan.Find("aws:securityhub/findingAggregator:FindingAggregator")
	if len(agg) != 1 || agg[0].Provider.Region != s.cfg.HomeRegion {
		t.Fatalf("want one finding aggregator in the home Region")
	}
	if linked, _ := agg[0].Inputs["specifiedRegions"].([]any); len(linked) != len(governed)-1 {
		t.Errorf("the finding aggregator links %v; want every governed Region but the home one", linked)
	}
	allMembers := func(r *plan.Resource) bool { return r.Input("autoEnableOrganizationMembers") == "ALL" }
	if got := regionsOf("aws:guardduty/organizationConfiguration:OrganizationConfiguration", allMembers); !slices.Equal(got, governed) {
		t.Errorf("GuardDuty auto-enables all members in %v, want %v", got, governed)
	}
	organization := func(r *plan.Resource) bool { return r.Input("type") == "ORGANIZATION" }
	if got := regionsOf("aws:accessanalyzer/analyzer:Analyzer", organization); !slices.Equal(got, governed) {
		t.Errorf("organization analyzers in %v, want %v", got, governed)
	}
	pci, hipaa := false, false
	for _, w := range s.cfg.Workloads {
		pci = pci || w.Compliance == config.CompliancePCIDSS
		hipaa = hipaa || w.Compliance == config.ComplianceHIPAA
	}
	policy := s.plan.Find("aws:securityhub/configurationPolicy:ConfigurationPolicy")[0]
	standards := mustJSON(policy.Inputs["configurationPolicy"].(map[string]any)["enabledStandardArns"])
	if pci && !strings.Contains(standards, "standards/pci-dss/v/4.0.1") {
		t.Errorf("the organization has PCI DSS workloads but the standards are %s (want PCI DSS v4.0.1)", standards)
	}
	if hipaa && !strings.Contains(standards, "standards/nist-800-53/v/5.0.0") {
		t.Errorf("the organization has HIPAA workloads but the standards are %s (want NIST SP 800-53 Rev. 5)", standards)
	}
	if strings.Contains(standards, "pci-dss/v/3.2.1") {
		t.Errorf("PCI DSS v3.2.1 is retired: %s", standards)
	}

	// Security Hub central configuration: the administrator is designated in the home Region only.
	if got := regionsOf("aws:securityhub/organizationAdminAccount:OrganizationAdminAccount", nil); !slices.Equal(got, []string{s.cfg.HomeRegion}) {
		t.Errorf("Security Hub administrator designated in %v, want the home Region %s only", got, s.cfg.HomeRegion)
	}
	// The management account is not covered by organization auto-enable: GuardDuty and Inspector
	// enrol it explicitly in every governed Region.
	mgmtID := s.plan.Find(plan.OrganizationType)[0].Output("masterAccountId")
	isMgmt := func(r *plan.Resource) bool { return r.Input("accountId") == mgmtID }
	if got := regionsOf("aws:guardduty/member:Member", isMgmt); !slices.Equal(got, governed) {
		t.Errorf("management account a GuardDuty member in %v, want %v", got, governed)
	}
	if got := regionsOf("aws:inspector2/memberAssociation:MemberAssociation", isMgmt); !slices.Equal(got, governed) {
		t.Errorf("management account an Inspector member in %v, want %v", got, governed)
	}
	// Every member account existing now is enrolled where auto-enable covers only later accounts.
	securityID := ""
	for _, a := range s.plan.Find(plan.AccountType) {
		if a.Name == config.KeySecurity {
			securityID = a.ID
		}
	}
	enrolled := map[string]map[string]int{}
	for _, typ := range []string{"aws:inspector2/memberAssociation:MemberAssociation", "aws:macie2/member:Member", "aws:detective/member:Member"} {
		enrolled[typ] = map[string]int{}
		for _, r := range s.plan.Find(typ) {
			enrolled[typ][r.Input("accountId")]++
		}
	}
	// An Inspector enabler holds the administrator alone or members only, never both.
	for _, e := range s.plan.Find("aws:inspector2/enabler:Enabler") {
		ids, _ := e.Inputs["accountIds"].([]any)
		if slices.Contains(ids, any(securityID)) && len(ids) != 1 {
			t.Errorf("Inspector enabler %s mixes the administrator with members: %v", e.Name, ids)
		}
	}
	for _, a := range s.plan.Find(plan.AccountType) {
		want := len(governed)
		if a.ID == securityID {
			want = 0 // the administrator is enrolled by its designation
		}
		if got := enrolled["aws:inspector2/memberAssociation:MemberAssociation"][a.ID]; got != want {
			t.Errorf("account %s: %d Inspector member associations, want %d", a.Name, got, want)
		}
		for typ, on := range map[string]bool{"aws:macie2/member:Member": s.cfg.SecurityHub.Macie, "aws:detective/member:Member": s.cfg.SecurityHub.Detective} {
			if got := enrolled[typ][a.ID]; on && got != want {
				t.Errorf("account %s: %d %s, want %d", a.Name, got, typ, want)
			}
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestFixtureURNs_AreStable fails when a change renames or re-parents anything in a fixture: a new URN
// means Pulumi would replace the resource, and for an account that means a new account. If the
// change is intended, add an alias for the old URN, then run `make golden`.
func TestFixtureURNs_AreStable(t *testing.T) {
	var lines []string
	for _, file := range fixtures(t) {
		s := synthesize(t, file)
		for _, r := range s.plan.Resources {
			lines = append(lines, r.URN)
		}
	}
	sort.Strings(lines)
	golden := filepath.Join("testdata", "urns.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run make golden to create it)", err)
	}
	want := strings.Fields(string(data))
	gotSet := map[string]bool{}
	for _, l := range lines {
		gotSet[l] = true
	}
	for _, w := range want {
		if !gotSet[w] {
			t.Errorf("URN gone (the resource would be replaced or deleted): %s", w)
		}
	}
	wantSet := map[string]bool{}
	for _, w := range want {
		wantSet[w] = true
	}
	for _, l := range lines {
		if !wantSet[l] {
			t.Errorf("new URN not in the golden file: %s", l)
		}
	}
}

// TestBadConfigurations_AreRefusedWithTheirProblemsAndRegisterNothing runs every file of
// testdata/bad through the same program `pulumi up` runs. Each file names, in `# want:` lines, the
// problems it must report.
func TestBadConfigurations_AreRefusedWithTheirProblemsAndRegisterNothing(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil || len(files) < 25 {
		t.Fatalf("bad configurations: %d files, %v", len(files), err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			wants := wantLines(t, file)
			if len(wants) == 0 {
				t.Fatalf("%s has no # want: line", file)
			}
			// Refused when the stack file is read (YAML pitfalls) or when the program runs.
			p := &plan.Plan{}
			sc, err := plan.ReadStackFile(file)
			if err == nil {
				p, err = runPlan(sc)
			}
			problems, ok := plan.Problems(err)
			if !ok {
				t.Fatalf("not refused with configuration problems: %v", err)
			}
			text := problems.Error()
			for _, w := range wants {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in:\n%s", w, text)
				}
			}
			// One mistake, one message: a file refused for one reason gets that reason alone, and
			// every refusal names its config path.
			if len(wants) == 1 && !slices.Contains(severalReasons, filepath.Base(file)) && len(problems) != 1 {
				t.Errorf("one mistake gave %d messages:\n%s", len(problems), text)
			}
			for _, p := range problems {
				if p.Path == "" {
					t.Errorf("a refusal names no config path: %s", p.Message)
				}
			}
			if len(p.Resources) != 0 {
				t.Errorf("a refused configuration registered %d resources", len(p.Resources))
			}
		})
	}
}

// severalReasons are bad configurations whose one mistake is rightly refused in several places.
var severalReasons = []string{
	// Core accounts are tagged Environment=prod: an allow-list without prod refuses them as well
	// as the workload.
	"tag-value-not-allowed.yaml",
}

func wantLines(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var wants []string
	for _, line := range strings.Split(string(data), "\n") {
		if w, ok := strings.CutPrefix(line, "# want: "); ok {
			wants = append(wants, w)
		}
	}
	return wants
}

func TestPlan_AccountsAndTreeAgreeWithTheAcmeFixture(t *testing.T) {
	s := synthesize(t, acmeFixture)
	tree := s.plan.Tree()
	for ou, accounts := range map[string][]string{
		"Regulated": {"acme-cde-prod"},
		"Sandbox":   {"acme-sandbox-alice", "acme-sandbox-bob"},
		"Suspended": {"acme-legacy-crm-prod"},
		"Data":      {"acme-analytics-prod"},
		"Security":  {"acme-log-archive", "acme-security"},
	} {
		var got []string
		for _, c := range tree.Root.Find(ou).Children {
			if c.Account {
				got = append(got, c.Name)
			}
		}
		if !slices.Equal(got, accounts) {
			t.Errorf("%s holds %v, want %v", ou, got, accounts)
		}
	}
	if s.plan.Summary.Accounts != 12 || s.plan.Summary.ByType[plan.OUType] != 9 {
		t.Errorf("summary = %+v", s.plan.Summary)
	}
}

// checkNetwork: every VPC has a flow log to the central bucket, created after the bucket's grants;
// every VPC's default security group is adopted with no rule; no two VPCs overlap; the directory,
// its secret and key are protected, and the directory sits in private subnets of distinct AZs.
func checkNetwork(t *testing.T, s synthesized) {
	t.Helper()
	bucket := s.plan.Named("aws:s3/bucketV2:BucketV2", "log-archive-bucket")
	policy := s.plan.Named("aws:s3/bucketPolicy:BucketPolicy", "log-archive-bucket-policy")
	if bucket == nil || policy == nil {
		t.Fatal("no central log bucket or bucket policy")
	}
	flowLogs, defaultSGs := map[string]bool{}, map[string]bool{}
	for _, fl := range s.plan.Find("aws:ec2/flowLog:FlowLog") {
		if want := "arn:aws:s3:::" + bucket.ID + "/vpc-flow-logs"; fl.Input("logDestination") != want || fl.Input("logDestinationType") != "s3" {
			t.Errorf("flow log %s goes to %s %q, want s3 %q", fl.Name, fl.Input("logDestinationType"), fl.Input("logDestination"), want)
		}
		if !slices.Contains(fl.DependsOn, policy.URN) {
			t.Errorf("flow log %s does not wait for the bucket policy that grants its delivery", fl.Name)
		}
		flowLogs[fl.Input("vpcId")] = true
	}
	for _, sg := range s.plan.Find("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup") {
		if in, out := sg.Inputs["ingress"], sg.Inputs["egress"]; in != nil && len(in.([]any)) > 0 || out != nil && len(out.([]any)) > 0 {
			t.Errorf("default security group %s has rules: %v %v", sg.Name, in, out)
		}
		defaultSGs[sg.Input("vpcId")] = true
	}
	var blocks []netip.Prefix
	for _, vpc := range s.plan.Find("aws:ec2/vpc:Vpc") {
		if !flowLogs[vpc.ID] {
			t.Errorf("VPC %s has no flow log (CIS 3.7)", vpc.Name)
		}
		if !defaultSGs[vpc.ID] {
			t.Errorf("VPC %s's default security group is not emptied (CIS 5.4)", vpc.Name)
		}
		block := netip.MustParsePrefix(vpc.Input("cidrBlock"))
		for _, other := range blocks {
			if block.Overlaps(other) {
				t.Errorf("VPC %s (%s) overlaps %s", vpc.Name, block, other)
			}
		}
		blocks = append(blocks, block)
	}
	for _, typ := range []string{"aws:directoryservice/directory:Directory", "aws:secretsmanager/secret:Secret"} {
		for _, r := range s.plan.Find(typ) {
			if !r.Protect || !r.RetainOnDelete {
				t.Errorf("%s is not protected and retained", r.URN)
			}
		}
	}
	for _, k := range s.plan.Find("aws:kms/key:Key") {
		if !k.Protect || k.Inputs["enableKeyRotation"] != true {
			t.Errorf("key %s is not protected with rotation on", k.URN)
		}
	}
	if org := s.plan.Find("aws:organizations/organization:Organization"); len(org) == 1 {
		for _, r := range s.plan.Find("aws:ram/sharingWithOrganization:SharingWithOrganization") {
			if !slices.Contains(r.DependsOn, org[0].URN) {
				t.Errorf("%s does not wait for the organization: RAM sharing needs it (all features, trusted access)", r.URN)
			}
		}
	}
	subnets := map[string]*plan.Resource{}
	for _, sn := range s.plan.Find("aws:ec2/subnet:Subnet") {
		subnets[sn.ID] = sn
	}
	for _, d := range s.plan.Find("aws:directoryservice/directory:Directory") {
		zones := map[string]bool{}
		ids, _ := d.Inputs["vpcSettings"].(map[string]any)["subnetIds"].([]any)
		for _, id := range ids {
			sn := subnets[id.(string)]
			if sn == nil || sn.Inputs["mapPublicIpOnLaunch"] != false || !strings.Contains(sn.Name, "-private-") {
				t.Errorf("directory %s is in subnet %v, not a private subnet", d.Name, id)
				continue
			}
			zones[sn.Input("availabilityZone")] = true
		}
		if len(ids) != 2 || len(zones) != 2 {
			t.Errorf("directory %s: subnets %v in AZs %v, want two subnets in two AZs", d.Name, ids, zones)
		}
	}
}
