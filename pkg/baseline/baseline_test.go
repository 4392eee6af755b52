package baseline_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/baseline"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

const (
	mgmtID = "403815927164"
	rootID = "r-ab12"
	home   = "eu-west-1"
)

var regions = []string{"eu-west-1", "eu-central-1", "us-east-1"}

func program(ctx *pulumi.Context) error {
	providers := account.NewProviders(ctx, account.ProvidersArgs{
		ManagementAccountID: mgmtID, AccessRoleName: "OrganizationAccountAccessRole", Regions: regions,
	})
	mgmt := map[string]*aws.Provider{}
	for _, r := range regions {
		var err error
		if mgmt[r], err = providers.Management(r); err != nil {
			return err
		}
	}
	var members []baseline.Member
	for _, key := range []string{"log-archive", "payments-prod"} {
		a, err := account.Vend(ctx, account.VendArgs{
			Account:  config.Account{Key: key, Name: "acme-" + key, Email: key + "@acme.example", OU: "Workloads/Prod"},
			ParentID: pulumi.String("ou-ab12-prod"), AccessRoleName: "OrganizationAccountAccessRole", Management: mgmt[home],
		})
		if err != nil {
			return err
		}
		members = append(members, baseline.Member{Key: key, Alias: "acme-" + key, ID: a.ID, Resource: a.Resource})
	}
	_, err := baseline.New(ctx, "account-baseline", &baseline.Args{
		Name: "acme-account-baseline", HomeRegion: home, Regions: regions, Members: members,
		ManagementAlias: "acme-management", RootID: pulumi.String(rootID), Management: mgmt,
	})
	return err
}

func synth(t *testing.T) *plan.Plan {
	t.Helper()
	p, err := plan.Synthesize("test", mgmtID, program)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func stackSet(t *testing.T, p *plan.Plan, name string) *plan.Resource {
	t.Helper()
	for _, r := range p.Find("aws:cloudformation/stackSet:StackSet") {
		if r.Input("name") == name {
			return r
		}
	}
	t.Fatalf("no StackSet %s", name)
	return nil
}

func template(t *testing.T, r *plan.Resource) map[string]any {
	t.Helper()
	var tpl map[string]any
	if err := json.Unmarshal([]byte(r.Input("templateBody")), &tpl); err != nil {
		t.Fatal(err)
	}
	return tpl
}

func resources(tpl map[string]any, typ string) []map[string]any {
	var out []map[string]any
	for _, r := range tpl["Resources"].(map[string]any) {
		if m := r.(map[string]any); m["Type"] == typ {
			out = append(out, m)
		}
	}
	return out
}

func TestBaseline_MembersGetItFromAServiceManagedStackSetOnTheRootInEveryRegion(t *testing.T) {
	p := synth(t)
	s := stackSet(t, p, "acme-account-baseline")
	auto, _ := s.Inputs["autoDeployment"].(map[string]any)
	managed, _ := s.Inputs["managedExecution"].(map[string]any)
	if s.Input("permissionModel") != "SERVICE_MANAGED" || s.Input("callAs") != "SELF" || auto["enabled"] != true ||
		auto["retainStacksOnAccountRemoval"] != true || managed["active"] != true {
		t.Errorf("baseline StackSet = %v", s.Inputs)
	}
	if !slices.Contains(s.IgnoreChanges, "administrationRoleArn") || s.Provider.AccountID != mgmtID || s.Provider.Region != home {
		t.Errorf("StackSet: ignore %v, from %s/%s", s.IgnoreChanges, s.Provider.AccountID, s.Provider.Region)
	}
	if got := s.InputMap("parameters"); got["HomeRegion"] != home {
		t.Errorf("parameters = %v", got)
	}
	var got []string
	for _, i := range p.Find("aws:cloudformation/stackSetInstance:StackSetInstance") {
		if i.Input("stackSetName") != "acme-account-baseline" {
			continue
		}
		dt, _ := i.Inputs["deploymentTargets"].(map[string]any)
		if ous, _ := dt["organizationalUnitIds"].([]any); len(ous) != 1 || ous[0] != rootID || dt["accounts"] != nil {
			t.Errorf("instance %s targets %v, want the root only", i.Name, dt)
		}
		got = append(got, i.Input("region"))
	}
	slices.Sort(got)
	if want := slices.Sorted(slices.Values(regions)); !slices.Equal(got, want) {
		t.Errorf("baseline instances in %v, want %v", got, want)
	}
}

func TestBaseline_TheTemplateMeetsCISInTheHomeRegionAndEveryOther(t *testing.T) {
	p := synth(t)
	a, err := baseline.AppliedBy(stackSet(t, p, "acme-account-baseline").Input("templateBody"))
	if err != nil {
		t.Fatal(err)
	}
	if problems := a.CIS(); len(problems) > 0 {
		t.Errorf("CIS: %v", problems)
	}
	pw := a.Home["PasswordPolicy"].(map[string]any)
	if pw["MinimumPasswordLength"] != "14" || pw["PasswordReusePrevention"] != "24" || pw["RequireSymbols"] != "true" {
		t.Errorf("password policy = %v", pw)
	}
	// Global settings once per account: not again in every Region.
	if a.Other["PasswordPolicy"] != nil || a.Other["PublicAccessBlock"] != nil {
		t.Errorf("global settings outside the home Region: %v", a.Other)
	}
}

func TestBaseline_AppliedByRefusesATemplateThatWeakensOrSwapsTheFunction(t *testing.T) {
	body := stackSet(t, synth(t), "acme-account-baseline").Input("templateBody")
	weak := strings.Replace(body, `"MinimumPasswordLength":"14"`, `"MinimumPasswordLength":"8"`, 1)
	a, err := baseline.AppliedBy(weak)
	if err != nil || len(a.CIS()) != 1 || !strings.Contains(a.CIS()[0], "MinimumPasswordLength") {
		t.Errorf("a weak password policy is not reported: %v %v", err, a.CIS())
	}
	var tpl map[string]any
	_ = json.Unmarshal([]byte(body), &tpl)
	fn := tpl["Resources"].(map[string]any)["Function"].(map[string]any)
	fn["Properties"].(map[string]any)["Code"] = map[string]any{"ZipFile": "def handler(e, c): pass"}
	swapped, _ := json.Marshal(tpl)
	if _, err := baseline.AppliedBy(string(swapped)); err == nil || !strings.Contains(err.Error(), "function.py") {
		t.Errorf("a function other than the tested one is accepted: %v", err)
	}
}

func TestBaseline_TheFunctionRoleMayDoWhatTheFunctionDoesAndNoMore(t *testing.T) {
	tpl := template(t, stackSet(t, synth(t), "acme-account-baseline"))
	roles := resources(tpl, "AWS::IAM::Role")
	if len(roles) != 1 {
		t.Fatalf("roles = %d", len(roles))
	}
	props := roles[0]["Properties"].(map[string]any)
	if name := props["RoleName"].(map[string]any)["Fn::Sub"]; name != "acme-account-baseline-${AWS::Region}" {
		t.Errorf("role name %v: the guardrails protect and exempt acme-account-baseline-*", name)
	}
	trust, _ := json.Marshal(props["AssumeRolePolicyDocument"])
	if !strings.Contains(string(trust), `"Service":"lambda.amazonaws.com"`) || strings.Contains(string(trust), `"AWS"`) {
		t.Errorf("trust = %s", trust)
	}
	doc, _ := json.Marshal(props["Policies"])
	var actions []string
	var pol []struct {
		PolicyDocument struct{ Statement []struct{ Action []string } }
	}
	_ = json.Unmarshal(doc, &pol)
	for _, s := range pol[0].PolicyDocument.Statement {
		actions = append(actions, s.Action...)
	}
	slices.Sort(actions)
	want := []string{"ec2:DescribeSecurityGroups", "ec2:DescribeVpcs", "ec2:EnableEbsEncryptionByDefault",
		"ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "iam:UpdateAccountPasswordPolicy",
		"logs:CreateLogStream", "logs:PutLogEvents", "s3:PutAccountPublicAccessBlock"}
	if !slices.Equal(actions, want) {
		t.Errorf("role actions = %v, want %v", actions, want)
	}
	fns := resources(tpl, "AWS::Lambda::Function")
	fp := fns[0]["Properties"].(map[string]any)
	if fp["FunctionName"] != "acme-account-baseline" || fp["Runtime"] != baseline.Runtime || fp["Handler"] != "index.handler" {
		t.Errorf("function = %v", fp)
	}
	logs := resources(tpl, "AWS::Logs::LogGroup")[0]["Properties"].(map[string]any)
	if logs["LogGroupName"] != "/aws/lambda/acme-account-baseline" || logs["RetentionInDays"] != float64(365) {
		t.Errorf("log group = %v", logs)
	}
}

// CloudFormation's inline code (AWS::Lambda::Function Code, ZipFile) was limited to 4,096
// characters until 2022 (aws/aws-cdk#20624 records the removal; the zip it makes "cannot exceed 4MB",
// AWS::Lambda::Function Code); a bound of 8,192 is kept here so the function stays small enough to
// read in a template. A StackSet's TemplateBody may hold at most 51,200 bytes (CreateStackSet).
func TestBaseline_TheInlineCodeAndTemplatesStayWithinCloudFormationLimits(t *testing.T) {
	p := synth(t)
	for _, name := range []string{"acme-account-baseline", "acme-account-baseline-alias"} {
		body := stackSet(t, p, name).Input("templateBody")
		if len(body) > 51_200 {
			t.Errorf("%s template is %d bytes", name, len(body))
		}
		for _, fn := range resources(template(t, stackSet(t, p, name)), "AWS::Lambda::Function") {
			code := fn["Properties"].(map[string]any)["Code"].(map[string]any)["ZipFile"].(string)
			if len(code) > 8192 || !strings.Contains(code, "def handler(event, context)") {
				t.Errorf("%s: inline code is %d characters", name, len(code))
			}
		}
	}
}

func TestBaseline_EachAccountInConfigGetsItsAliasFromAnOverrideOnItsOwnInstance(t *testing.T) {
	p := synth(t)
	s := stackSet(t, p, "acme-account-baseline-alias")
	if auto, _ := s.Inputs["autoDeployment"].(map[string]any); auto["enabled"] != false || s.Input("permissionModel") != "SERVICE_MANAGED" {
		t.Errorf("alias StackSet = %v", s.Inputs)
	}
	tpl := template(t, s)
	alias := resources(tpl, baseline.TypeAlias)
	if len(alias) != 1 || alias[0]["Condition"] != "HasAlias" {
		t.Fatalf("alias resources = %v", alias)
	}
	if ref := alias[0]["Properties"].(map[string]any)["AccountAlias"]; !jsonEqual(ref, map[string]any{"Ref": "AccountAlias"}) {
		t.Errorf("alias = %v", ref)
	}
	ids := map[string]string{}
	for _, a := range p.Find(plan.AccountType) {
		ids[a.ID] = a.Input("name")
	}
	got := map[string]string{}
	for _, i := range p.Find("aws:cloudformation/stackSetInstance:StackSetInstance") {
		if i.Input("stackSetName") != "acme-account-baseline-alias" {
			continue
		}
		dt := i.Inputs["deploymentTargets"].(map[string]any)
		accounts, _ := dt["accounts"].([]any)
		if dt["accountFilterType"] != "INTERSECTION" || len(accounts) != 1 || i.Input("region") != home ||
			!jsonEqual(dt["organizationalUnitIds"], []any{rootID}) {
			t.Errorf("alias instance %s = %v in %s", i.Name, dt, i.Input("region"))
			continue
		}
		got[ids[accounts[0].(string)]] = i.InputMap("parameterOverrides")["AccountAlias"]
		if !slices.Contains(i.ReplaceOnChanges, "parameterOverrides") || !i.DeleteBeforeReplace {
			t.Errorf("alias instance %s: a new alias must replace the instance, old one first (replace %v, delete first %v)", i.Name, i.ReplaceOnChanges, i.DeleteBeforeReplace)
		}
	}
	if want := map[string]string{"acme-log-archive": "acme-log-archive", "acme-payments-prod": "acme-payments-prod"}; !jsonEqual(got, want) {
		t.Errorf("aliases by account name = %v, want %v", got, want)
	}
}

func TestBaseline_TheManagementAccountGetsTheSameSettingsDirectlyAndKeepsThemIfRemoved(t *testing.T) {
	p := synth(t)
	one := func(typ string) *plan.Resource {
		rs := p.Find(typ)
		if len(rs) != 1 {
			t.Fatalf("%d %s", len(rs), typ)
		}
		return rs[0]
	}
	pw := one("aws:iam/accountPasswordPolicy:AccountPasswordPolicy")
	if pw.Inputs["minimumPasswordLength"] != float64(14) || pw.Inputs["passwordReusePrevention"] != float64(24) ||
		pw.Inputs["requireSymbols"] != true || pw.Inputs["requireLowercaseCharacters"] != true {
		t.Errorf("password policy = %v", pw.Inputs)
	}
	bpa := one("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock")
	for _, k := range []string{"blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy", "restrictPublicBuckets"} {
		if bpa.Inputs[k] != true {
			t.Errorf("S3 Block Public Access %s = %v", k, bpa.Inputs[k])
		}
	}
	if alias := one("aws:iam/accountAlias:AccountAlias"); alias.Input("accountAlias") != "acme-management" {
		t.Errorf("alias = %v", alias.Inputs)
	}
	var ebs, sgs []string
	for _, r := range p.Find("aws:ebs/encryptionByDefault:EncryptionByDefault") {
		if r.Inputs["enabled"] != true || !r.RetainOnDelete {
			t.Errorf("EBS encryption in %s: %v, retained %v", r.Provider.Region, r.Inputs, r.RetainOnDelete)
		}
		ebs = append(ebs, r.Provider.Region)
	}
	for _, r := range p.Find("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup") {
		if in, eg := r.Inputs["ingress"], r.Inputs["egress"]; !jsonEqual(in, []any{}) || !jsonEqual(eg, []any{}) || r.Input("vpcId") == "" {
			t.Errorf("default security group in %s: %v", r.Provider.Region, r.Inputs)
		}
		sgs = append(sgs, r.Provider.Region)
	}
	want := slices.Sorted(slices.Values(regions))
	for what, got := range map[string][]string{"EBS encryption by default": ebs, "closed default security group": sgs} {
		if slices.Sort(got); !slices.Equal(got, want) {
			t.Errorf("%s in %v, want %v", what, got, want)
		}
	}
	for _, r := range append(p.Find("aws:iam/accountPasswordPolicy:AccountPasswordPolicy"), append(
		p.Find("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"), append(p.Find("aws:ebs/encryptionByDefault:EncryptionByDefault"),
			p.Find("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")...)...)...) {
		if r.Provider.AccountID != mgmtID {
			t.Errorf("%s %s is in account %s, not the management account", r.Type, r.Name, r.Provider.AccountID)
		}
	}
}

func TestBaseline_EverythingGoesThroughTheManagementAccountsProviders(t *testing.T) {
	p := synth(t)
	n := 0
	for _, r := range p.Resources {
		if !r.Custom || !strings.Contains(r.Parent, baseline.TypeToken) {
			continue
		}
		n++
		if r.Provider == nil || r.Provider.AccountID != mgmtID {
			t.Errorf("%s %s is not declared through the management account: %+v", r.Type, r.Name, r.Provider)
		}
	}
	// 2 StackSets, 3 Regional instances, 2 alias instances, 3 management resources, 2 per Region.
	if want := 2 + 3 + 2 + 3 + 2*3; n != want {
		t.Errorf("%d resources under the baseline, want %d", n, want)
	}
}

func TestBaseline_RefusesIncompleteArgs(t *testing.T) {
	for name, args := range map[string]*baseline.Args{
		"nil":               nil,
		"home not a Region": {Name: "x", HomeRegion: "eu-west-2", Regions: regions, ManagementAlias: "x-management", RootID: pulumi.String(rootID)},
		"no root":           {Name: "x", HomeRegion: home, Regions: regions, ManagementAlias: "x-management"},
	} {
		_, err := plan.Synthesize("test", mgmtID, func(ctx *pulumi.Context) error {
			_, err := baseline.New(ctx, "b", args)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "account baseline:") {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
