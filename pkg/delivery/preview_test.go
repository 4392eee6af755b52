package delivery_test

import (
	"encoding/json"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/cfn"
	"github.com/landingzone/aws-landing-zone/pkg/delivery"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// glob matches IAM wildcards (* any run, ? one character), across "/" as IAM does.
func glob(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	ok, err := path.Match(strings.ReplaceAll(pattern, "/", "\x00"), strings.ReplaceAll(s, "/", "\x00"))
	return err == nil && ok
}

func anyGlob(patterns []string, s string, fold bool) bool {
	return slices.ContainsFunc(patterns, func(p string) bool { return glob(p, s, fold) })
}

// resourceOrg is the aws:ResourceOrgID of the request decide evaluates ("" when the key is absent).
var resourceOrg = "o-abc123def4"

// matches reports whether an identity-policy statement covers the request. The only condition the
// preview policies use is modelled, StringNotEqualsIfExists on aws:ResourceOrgID; any other fails
// the test.
func matches(t *testing.T, st policy.Statement, action, resource string) bool {
	t.Helper()
	for op, keys := range st.Condition {
		for key, values := range keys {
			if op != "StringNotEqualsIfExists" || key != "aws:ResourceOrgID" {
				t.Fatalf("statement %s has a condition this evaluator does not model: %s %s", st.Sid, op, key)
			}
			if resourceOrg == "" || slices.Contains(values, resourceOrg) {
				return false
			}
		}
	}
	switch {
	case len(st.Action) > 0 && !anyGlob(st.Action, action, true),
		len(st.NotAction) > 0 && anyGlob(st.NotAction, action, true),
		len(st.Resource) > 0 && !anyGlob(st.Resource, resource, false),
		len(st.NotResource) > 0 && anyGlob(st.NotResource, resource, false):
		return false
	}
	return true
}

// decide evaluates identity policies as IAM does within one account: an explicit deny wins, then an
// allow, else the implicit deny.
func decide(t *testing.T, action, resource string, docs ...policy.Document) string {
	t.Helper()
	allowed := false
	for _, d := range docs {
		for _, st := range d.Statement {
			if !matches(t, st, action, resource) {
				continue
			}
			if st.Effect == policy.Deny {
				return "explicit deny"
			}
			allowed = true
		}
	}
	if allowed {
		return "allow"
	}
	return "implicit deny"
}

// everything stands in for ReadOnlyAccess at its worst: whatever AWS adds to a managed policy, the
// preview roles' own denies must still hold.
var everything = policy.Document{Version: policy.Version, Statement: []policy.Statement{
	{Effect: policy.Allow, Action: policy.Strings{"*"}, Resource: policy.Strings{"*"}},
}}

// Requests a preview must never make, whatever else the role holds.
var forbidden = []struct{ action, resource string }{
	{"sts:AssumeRole", "arn:aws:iam::111122223333:role/OrganizationAccountAccessRole"},
	{"sts:AssumeRole", "arn:aws:iam::111122223333:role/acme-deploy"},
	{"sts:AssumeRole", "arn:aws:iam::403815927164:role/acme-deploy"},
	{"sts:AssumeRole", "arn:aws:iam::111122223333:role/stacksets-exec-0123456789abcdef"},
	{"s3:GetObject", "arn:aws:s3:::acme-log-archive-111122223333-eu-west-1/AWSLogs/o-abc/CloudTrail/x.json.gz"},
	{"s3:GetObjectVersion", "arn:aws:s3:::acme-log-archive-111122223333-eu-west-1/AWSLogs/o-abc/CloudTrail/x.json.gz"},
	{"secretsmanager:GetSecretValue", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:directory-admin-AbCdEf"},
	{"kms:Decrypt", "arn:aws:kms:eu-west-1:111122223333:key/0d1f2e3c-1111-2222-3333-444455556666"},
	{"ssm:GetParameter", "arn:aws:ssm:eu-west-1:111122223333:parameter/db/password"},
	{"logs:GetLogEvents", "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/directoryservice/d-1:log-stream:x"},
}

func TestPreviewPolicy_TheManagementPreviewRoleCanNeverAssumeTheAccessRoleNorReadData(t *testing.T) {
	doc := delivery.PreviewPolicy("acme", "o-abc123def4")
	for _, r := range forbidden {
		if got := decide(t, r.action, r.resource, doc, everything); got != "explicit deny" {
			t.Errorf("%s on %s: %s, want an explicit deny whatever else the role holds", r.action, r.resource, got)
		}
	}
	// What it needs: the member preview role of any member account.
	if got := decide(t, "sts:AssumeRole", "arn:aws:iam::111122223333:role/acme-preview", doc); got != "allow" {
		t.Errorf("assuming the member preview role: %s", got)
	}
	// A role of that name in another organization's (or no organization's) account is no way out.
	resourceOrg = "o-someoneelse"
	if got := decide(t, "sts:AssumeRole", "arn:aws:iam::999988887777:role/acme-preview", doc, everything); got != "explicit deny" {
		t.Errorf("assuming acme-preview outside the organization: %s", got)
	}
	resourceOrg = "o-abc123def4"
	// A read of configuration stays with ReadOnlyAccess.
	if got := decide(t, "s3:GetBucketPolicy", "arn:aws:s3:::acme-log-archive-111122223333-eu-west-1", doc, everything); got != "allow" {
		t.Errorf("reading a bucket policy: %s", got)
	}
}

// memberTemplate is the member preview role's template for a management preview role.
func memberTemplate(t *testing.T, arn string) (trust, deny policy.Document, props map[string]any) {
	t.Helper()
	body, err := delivery.MemberPreviewTemplate("acme", arn, "AROAEXAMPLEPREVIEWID1")
	if err != nil {
		t.Fatal(err)
	}
	var tmpl cfn.Template
	if err := json.Unmarshal([]byte(body), &tmpl); err != nil {
		t.Fatal(err)
	}
	if err := tmpl.Check(); err != nil {
		t.Fatal(err)
	}
	if len(tmpl.Resources) != 1 || tmpl.Resources["PreviewRole"].Type != "AWS::IAM::Role" {
		t.Fatalf("resources: %+v", tmpl.Resources)
	}
	props = tmpl.Resources["PreviewRole"].Properties
	reparse := func(v any) policy.Document {
		raw, _ := json.Marshal(v)
		d, err := policy.Parse(string(raw))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	policies := props["Policies"].([]any)
	if len(policies) != 1 {
		t.Fatalf("inline policies: %v", policies)
	}
	return reparse(props["AssumeRolePolicyDocument"]), reparse(policies[0].(map[string]any)["PolicyDocument"]), props
}

func TestMemberPreviewTemplate_TrustsExactlyTheManagementPreviewRole(t *testing.T) {
	const arn = "arn:aws:iam::403815927164:role/acme-preview"
	trust, _, props := memberTemplate(t, arn)
	if props["RoleName"] != "acme-preview" {
		t.Errorf("role name %v", props["RoleName"])
	}
	// IAM pins the trust to the role's unique ID: a recreated management role must change the template.
	if d, _ := props["Description"].(string); !strings.Contains(d, "AROAEXAMPLEPREVIEWID1") {
		t.Errorf("the template does not name the management preview role's unique ID: %q", d)
	}
	if len(trust.Statement) != 1 {
		t.Fatalf("trust: %+v", trust)
	}
	st := trust.Statement[0]
	if st.Effect != policy.Allow || !slices.Equal(st.Action, policy.Strings{"sts:AssumeRole"}) || st.Principal == nil ||
		!slices.Equal(st.Principal.AWS, policy.Strings{arn}) || st.Principal.Everyone || len(st.Principal.Service) > 0 ||
		len(st.Principal.Federated) > 0 || st.NotPrincipal != nil {
		t.Errorf("trust statement: %+v", st)
	}
	// Not the account (":root" would let any admin of the management account in), no wildcard.
	if strings.Contains(st.Principal.AWS[0], ":root") || strings.ContainsAny(st.Principal.AWS[0], "*?") {
		t.Errorf("trust principal %q is not one exact role", st.Principal.AWS[0])
	}
}

func TestMemberPreviewTemplate_ReadsConfigurationNeverWritesNorReadsData(t *testing.T) {
	_, deny, props := memberTemplate(t, "arn:aws:iam::403815927164:role/acme-preview")
	// The grants are AWS's ReadOnlyAccess and the program's invokes (no write, no stored data);
	// everything else in the inline policy denies.
	if managed, _ := props["ManagedPolicyArns"].([]any); len(managed) != 1 || managed[0] != delivery.ReadOnlyAccess {
		t.Errorf("managed policies %v, want exactly ReadOnlyAccess", props["ManagedPolicyArns"])
	}
	for _, st := range deny.Statement {
		if st.Effect != policy.Deny && (!slices.Equal(st.Action, delivery.PreviewInvokeActions) || len(st.NotAction) > 0) {
			t.Errorf("inline statement %s grants more than the program's invokes: %+v", st.Sid, st)
		}
	}
	if got := decide(t, "secretsmanager:GetRandomPassword", "*", deny); got != "allow" {
		t.Errorf("the shared services' password invoke: %s", got)
	}
	for _, r := range forbidden {
		if got := decide(t, r.action, r.resource, deny, everything); got != "explicit deny" {
			t.Errorf("member preview role: %s on %s: %s", r.action, r.resource, got)
		}
	}
	for _, read := range []string{"s3:GetBucketPolicy", "kms:GetKeyPolicy", "iam:GetRole", "ec2:DescribeVpcs", "ds:DescribeDirectories", "secretsmanager:DescribeSecret"} {
		if got := decide(t, read, "*", deny, everything); got != "allow" {
			t.Errorf("member preview role: %s: %s, a refresh needs it", read, got)
		}
	}
}

func TestDelivery_MemberPreviewRoleIsAStackSetOnTheRootTrustingTheManagementPreviewRole(t *testing.T) {
	p := synth(t, settings)
	sets := p.Find("aws:cloudformation/stackSet:StackSet")
	if len(sets) != 1 {
		t.Fatalf("%d StackSets, want 1", len(sets))
	}
	s := sets[0]
	auto, _ := s.Inputs["autoDeployment"].(map[string]any)
	if s.Input("permissionModel") != "SERVICE_MANAGED" || s.Input("callAs") != "SELF" || auto["enabled"] != true ||
		!slices.Equal(s.Inputs["capabilities"].([]any), []any{"CAPABILITY_NAMED_IAM"}) {
		t.Errorf("StackSet: %+v", s.Inputs)
	}
	var tmpl cfn.Template
	if err := json.Unmarshal([]byte(s.Input("templateBody")), &tmpl); err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(tmpl.Resources["PreviewRole"].Properties["AssumeRolePolicyDocument"])
	trust, err := policy.Parse(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := p.Named("aws:iam/role:Role", "delivery-preview-role").Output("arn")
	if want != "arn:aws:iam::"+mgmtID+":role/acme-preview" || !slices.Equal(trust.Statement[0].Principal.AWS, policy.Strings{want}) {
		t.Errorf("member role trusts %v, want exactly the management preview role %v", trust.Statement[0].Principal, want)
	}
	instances := p.Find("aws:cloudformation/stackSetInstance:StackSetInstance")
	if len(instances) != 1 {
		t.Fatalf("%d instances, want 1 (IAM is global)", len(instances))
	}
	targets, _ := instances[0].Inputs["deploymentTargets"].(map[string]any)
	if instances[0].Input("region") != "eu-west-1" || !slices.Equal(targets["organizationalUnitIds"].([]any), []any{"r-ab12"}) {
		t.Errorf("instance: %+v", instances[0].Inputs)
	}
}
