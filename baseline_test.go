package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/baseline"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/guardrails"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

const (
	stackSetType         = "aws:cloudformation/stackSet:StackSet"
	stackSetInstanceType = "aws:cloudformation/stackSetInstance:StackSetInstance"
)

// checkBaseline: every account, core and workload, has the account baseline in every governed
// Region, and CIS AWS Foundations 1.8/1.9 (password policy), 2.1.4 (account-level S3 Block Public
// Access), 2.2.1 (EBS encryption by default), 5.4 (default security group without rules) and 5.6
// (IMDSv2) hold for each: members through the StackSets on the root (automatic deployment covers
// accounts added later) and the EC2 declarative policy; the management account, which StackSets
// never reach, through its own resources and the same declarative policy.
func checkBaseline(t *testing.T, s synthesized) {
	t.Helper()
	org, p := s.cfg, s.plan
	tree := p.Tree()
	if tree == nil {
		t.Fatal("no organization tree")
	}
	rootID := tree.Root.ID
	mgmt := managementAccountID(t, p)
	governed := slices.Sorted(slices.Values(org.GovernedRegions))

	stackSets := map[string]*plan.Resource{}
	for _, r := range p.Find(stackSetType) {
		stackSets[r.Input("name")] = r
	}
	regional, alias := stackSets[org.BaselineName()], stackSets[org.BaselineName()+"-alias"]
	if regional == nil || alias == nil {
		t.Fatalf("baseline StackSets missing: %v", stackSets)
	}
	auto, _ := regional.Inputs["autoDeployment"].(map[string]any)
	if regional.Input("permissionModel") != "SERVICE_MANAGED" || auto["enabled"] != true || regional.Provider.AccountID != mgmt {
		t.Errorf("baseline StackSet: %s, auto-deployment %v, from %s", regional.Input("permissionModel"), auto, regional.Provider.AccountID)
	}
	if regional.InputMap("parameters")["HomeRegion"] != org.HomeRegion {
		t.Errorf("baseline StackSet parameters %v, home Region %s", regional.InputMap("parameters"), org.HomeRegion)
	}
	applied, err := baseline.AppliedBy(regional.Input("templateBody"))
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range applied.CIS() {
		t.Errorf("member accounts: %s", problem)
	}

	// Every governed Region, through the root: every member account, in config or not.
	var regions []string
	aliases := map[string]string{} // account ID -> alias override
	for _, i := range p.Find(stackSetInstanceType) {
		dt, _ := i.Inputs["deploymentTargets"].(map[string]any)
		switch i.Input("stackSetName") {
		case regional.Input("name"):
			if !jsonIs(dt, map[string]any{"organizationalUnitIds": []any{rootID}}) {
				t.Errorf("baseline instance %s targets %v, want the whole root", i.Name, dt)
			}
			regions = append(regions, i.Input("region"))
		case alias.Input("name"):
			accounts, _ := dt["accounts"].([]any)
			if dt["accountFilterType"] != "INTERSECTION" || len(accounts) != 1 || i.Input("region") != org.HomeRegion || !jsonIs(dt["organizationalUnitIds"], []any{rootID}) {
				t.Errorf("alias instance %s: %v in %s", i.Name, dt, i.Input("region"))
				continue
			}
			aliases[accounts[0].(string)] = i.InputMap("parameterOverrides")["AccountAlias"]
		}
	}
	if slices.Sort(regions); !slices.Equal(regions, governed) {
		t.Errorf("baseline instances in %v, want every governed Region %v", regions, governed)
	}
	for _, a := range p.Find(plan.AccountType) {
		want := org.AccountAlias(a.Name)
		if got := aliases[a.ID]; got != want || config.AccountAliasName.Check(got) != "" {
			t.Errorf("account %s: alias %q, want %q", a.Name, got, want)
		}
	}
	if len(aliases) != len(p.Find(plan.AccountType)) {
		t.Errorf("%d alias instances for %d accounts", len(aliases), len(p.Find(plan.AccountType)))
	}

	checkManagementBaseline(t, s, mgmt, governed)
	checkIMDSv2(t, s, rootID)
	checkRecordingExclusions(t, s)
	// CIS 3.7: the baseline creates no VPC, so it owes no flow log (workload VPCs are checked with
	// the network; the default VPCs it touches are AWS's).
	for _, v := range p.Find("aws:ec2/vpc:Vpc") {
		if strings.Contains(v.URN, baseline.TypeToken+"$") {
			t.Errorf("the baseline creates VPC %s", v.Name)
		}
	}
}

func checkManagementBaseline(t *testing.T, s synthesized, mgmt string, governed []string) {
	t.Helper()
	p := s.plan
	inMgmt := func(typ string) []*plan.Resource {
		var out []*plan.Resource
		for _, r := range p.Find(typ) {
			if r.Provider != nil && r.Provider.AccountID == mgmt {
				out = append(out, r)
			}
		}
		return out
	}
	pw := inMgmt("aws:iam/accountPasswordPolicy:AccountPasswordPolicy")
	if len(pw) != 1 {
		t.Fatalf("management account: %d password policies", len(pw))
	}
	if n, _ := pw[0].Inputs["minimumPasswordLength"].(float64); n < 14 {
		t.Errorf("CIS 1.8: management password length %v", pw[0].Inputs["minimumPasswordLength"])
	}
	if n, _ := pw[0].Inputs["passwordReusePrevention"].(float64); n < 24 {
		t.Errorf("CIS 1.9: management password reuse prevention %v", pw[0].Inputs["passwordReusePrevention"])
	}
	bpa := inMgmt("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock")
	if len(bpa) != 1 {
		t.Fatalf("management account: %d account-level S3 Block Public Access", len(bpa))
	}
	for _, k := range []string{"blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"} {
		if bpa[0].Inputs[k] != true {
			t.Errorf("CIS 2.1.4: management account %s = %v", k, bpa[0].Inputs[k])
		}
	}
	if a := inMgmt("aws:iam/accountAlias:AccountAlias"); len(a) != 1 || a[0].Input("accountAlias") != s.cfg.AccountAlias(config.KeyManagement) {
		t.Errorf("management account alias: %v", a)
	}
	regionsOf := func(typ string, ok func(*plan.Resource) bool) []string {
		var out []string
		for _, r := range inMgmt(typ) {
			if ok(r) && r.RetainOnDelete {
				out = append(out, r.Provider.Region)
			}
		}
		slices.Sort(out)
		return out
	}
	if got := regionsOf("aws:ebs/encryptionByDefault:EncryptionByDefault", func(r *plan.Resource) bool { return r.Inputs["enabled"] == true }); !slices.Equal(got, governed) {
		t.Errorf("CIS 2.2.1: management EBS encryption by default (retained) in %v, want %v", got, governed)
	}
	closed := func(r *plan.Resource) bool {
		return jsonIs(r.Inputs["ingress"], []any{}) && jsonIs(r.Inputs["egress"], []any{}) && r.Input("vpcId") != ""
	}
	var sgs []string
	for _, r := range inMgmt("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup") {
		if closed(r) {
			sgs = append(sgs, r.Provider.Region)
		}
	}
	if slices.Sort(sgs); !slices.Equal(sgs, governed) {
		t.Errorf("CIS 5.4: management default VPC's default security group closed in %v, want %v", sgs, governed)
	}
}

// checkIMDSv2: the EC2 declarative policy requiring IMDSv2 is attached to the root, so it applies to
// every account, the management account included, and its type is enabled on the root.
func checkIMDSv2(t *testing.T, s synthesized, rootID string) {
	t.Helper()
	p := s.plan
	var declarative *plan.Resource
	for _, r := range p.Find(plan.PolicyType) {
		if r.Input("type") == guardrails.TypeDeclarativeEC2 {
			declarative = r
		}
	}
	if declarative == nil {
		t.Fatal("no EC2 declarative policy")
	}
	var d guardrails.EC2DeclarativePolicy
	if err := json.Unmarshal([]byte(declarative.Input("content")), &d); err != nil {
		t.Fatal(err)
	}
	if d.EC2.InstanceMetadataDefaults.HTTPTokens.Assign != "required" {
		t.Errorf("IMDSv2: http_tokens = %q", d.EC2.InstanceMetadataDefaults.HTTPTokens.Assign)
	}
	attached := false
	for _, a := range p.Find(plan.AttachmentType) {
		attached = attached || a.Input("policyId") == declarative.ID && a.Input("targetId") == rootID
	}
	orgs := p.Find(plan.OrganizationType)
	types, _ := orgs[0].Inputs["enabledPolicyTypes"].([]any)
	if !attached || !slices.Contains(types, any(guardrails.TypeDeclarativeEC2)) {
		t.Errorf("IMDSv2: declarative policy attached to the root %v, type enabled %v", attached, types)
	}
}

// checkRecordingExclusions: the config-recording StackSet reaches every member account, its instances
// target the whole root with no account filter (targets are ForceNew, and a replaced root instance
// deletes every member's recorder) and retain their stacks, and its template records in every
// account but the adopted ones that keep their own recorder, and only those.
func checkRecordingExclusions(t *testing.T, s synthesized) {
	t.Helper()
	keep := s.cfg.KeepConfigRecordingIDs()
	n := 0
	for _, i := range s.plan.Find(stackSetInstanceType) {
		if i.Input("stackSetName") != s.cfg.Prefix+"-config-recording" {
			continue
		}
		n++
		dt, _ := i.Inputs["deploymentTargets"].(map[string]any)
		if dt["accountFilterType"] != nil || len(asSlice(dt["accounts"])) > 0 || len(asSlice(dt["organizationalUnitIds"])) != 1 {
			t.Errorf("config recording %s targets %v: want the root alone", i.Name, dt)
		}
		if i.Inputs["retainStack"] != true {
			t.Errorf("config recording %s does not retain its stacks", i.Name)
		}
	}
	if n != len(s.cfg.GovernedRegions) {
		t.Errorf("%d config-recording instances", n)
	}
	var set *plan.Resource
	for _, r := range s.plan.Find("aws:cloudformation/stackSet:StackSet") {
		if r.Input("name") == s.cfg.Prefix+"-config-recording" {
			set = r
		}
	}
	if set == nil {
		t.Fatal("no config-recording StackSet")
	}
	var tpl struct {
		Conditions map[string]any
		Resources  map[string]struct{ Type, Condition string }
	}
	if err := json.Unmarshal([]byte(set.Input("templateBody")), &tpl); err != nil {
		t.Fatal(err)
	}
	records := func(account string) bool {
		if tpl.Resources["Recorder"].Condition == "" {
			return true
		}
		return evalCondition(t, tpl.Conditions[tpl.Resources["Recorder"].Condition], account)
	}
	for _, r := range []string{"RecorderRole", "Recorder", "DeliveryChannel"} {
		if tpl.Resources[r].Condition != tpl.Resources["Recorder"].Condition {
			t.Errorf("%s's condition %q differs from the recorder's", r, tpl.Resources[r].Condition)
		}
	}
	for _, a := range s.cfg.Accounts() {
		if a.ImportID == "" {
			continue
		}
		if want := !slices.Contains(keep, a.ImportID); records(a.ImportID) != want {
			t.Errorf("account %s (%s): recorded %v, want %v", a.Key, a.ImportID, !want, want)
		}
	}
	if records("999999999999") != true {
		t.Error("an account outside config (one that joins later) is not recorded")
	}
}

// evalCondition evaluates the condition functions a template uses to leave accounts out.
func evalCondition(t *testing.T, c any, account string) bool {
	t.Helper()
	m, _ := c.(map[string]any)
	for fn, arg := range m {
		args := asSlice(arg)
		switch fn {
		case "Fn::Not":
			return !evalCondition(t, args[0], account)
		case "Fn::Or":
			for _, a := range args {
				if evalCondition(t, a, account) {
					return true
				}
			}
			return false
		case "Fn::Equals":
			value := func(v any) any {
				if r, ok := v.(map[string]any); ok && r["Ref"] == "AWS::AccountId" {
					return account
				}
				return v
			}
			return value(args[0]) == value(args[1])
		}
	}
	t.Fatalf("condition %v is not one the test evaluates", c)
	return false
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func jsonIs(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func managementAccountID(t *testing.T, p *plan.Plan) string {
	t.Helper()
	orgs := p.Find(plan.OrganizationType)
	if len(orgs) != 1 {
		t.Fatal("no organization")
	}
	return orgs[0].Output("masterAccountId")
}
