package guardrails_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/guardrails"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

func loadAcme(t *testing.T, edit func(map[string]string)) (*config.Organization, error) {
	t.Helper()
	sc, err := plan.ReadStackFile("../../stacks/acme.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(sc.Config)
	}
	return config.Load(sc.Config)
}

func buildAcme(t *testing.T) (*config.Organization, guardrails.Set) {
	t.Helper()
	org, err := loadAcme(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	set, err := guardrails.Build(org)
	if err != nil {
		t.Fatal(err)
	}
	return org, set
}

func policyNamed(t *testing.T, set guardrails.Set, key string) (guardrails.Policy, policy.Document) {
	t.Helper()
	for _, p := range set.Policies {
		if p.Key == key {
			d, err := policy.Parse(p.Content)
			if err != nil && p.Type == guardrails.TypeSCP {
				t.Fatalf("%s: %v", key, err)
			}
			return p, d
		}
	}
	t.Fatalf("no policy %s", key)
	return guardrails.Policy{}, policy.Document{}
}

func keys(ps []guardrails.Policy) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Key)
	}
	return out
}

func TestBuild_AttachesEachPolicyWhereTheLandingZoneNeedsIt(t *testing.T) {
	_, set := buildAcme(t)
	for _, tc := range []struct {
		target, typ string
		want        []string
	}{
		{guardrails.Root, guardrails.TypeSCP, []string{"baseline-account", "baseline-security-services", "baseline-region-deny"}},
		{guardrails.Root, guardrails.TypeTag, []string{"cost-allocation-tags"}},
		{guardrails.Root, guardrails.TypeAIOptOut, []string{"ai-services-opt-out"}},
		{guardrails.Root, guardrails.TypeDeclarativeEC2, []string{"baseline-ec2"}},
		{config.OURegulated, guardrails.TypeSCP, []string{"regulated"}},
		{config.OUSandbox, guardrails.TypeSCP, []string{"sandbox"}},
		{config.OUSuspended, guardrails.TypeSCP, []string{"suspended-deny-all"}},
		{config.OUProd, guardrails.TypeSCP, nil},
	} {
		if got := keys(set.AttachedTo(tc.target, tc.typ)); !slices.Equal(got, tc.want) {
			t.Errorf("%s %s: got %v, want %v", tc.target, tc.typ, got, tc.want)
		}
	}
	if got := set.PolicyTypes(); !slices.Equal(got, []string{guardrails.TypeAIOptOut, guardrails.TypeDeclarativeEC2, guardrails.TypeSCP, guardrails.TypeTag}) {
		t.Errorf("policy types = %v", got)
	}
}

func TestBuild_EverySCPFitsTheDefaultLimitsWithRoomToSpare(t *testing.T) {
	_, set := buildAcme(t)
	for _, p := range set.Policies {
		if p.Type == guardrails.TypeSCP && len(p.Content) > config.DefaultScpMaxSize {
			t.Errorf("%s is %d characters", p.Name, len(p.Content))
		}
		if strings.ContainsAny(p.Content, "\n\t") || strings.Contains(p.Content, ": ") {
			t.Errorf("%s is not minified", p.Name)
		}
	}
}

// Statements that must bind everyone, the landing zone included.
var unexempted = []string{"DenyLeaveOrganization", "DenyRootUser"}

// Statements from which only the landing zone's automation is exempt.
var automationOnly = []string{"ProtectLandingZoneRoles", "ProtectLandingZoneNamedRoles", "ProtectLandingZoneFunctions"}

// baselineFunctions are the roles of the account baseline's functions, which apply the account
// safety settings and so are exempt from their protection (and from nothing else).
const baselineFunctions = "arn:aws:iam::*:role/acme-account-baseline-*"

// baselineRuns are the statements the account baseline's functions are exempt from: they must run in
// every governed Region and every account, and set the account safety settings.
var baselineRuns = []string{"ProtectAccountSafetySettings", "DenyOutsideAllowedRegions", "DenyOutsideRegulatedRegions", "DenyAll"}

var automation = []string{"arn:aws:iam::*:role/OrganizationAccountAccessRole", "arn:aws:iam::*:role/stacksets-exec-*"}

func TestSCPs_EveryOtherDenyExemptsExactlyTheAutomationAndConfiguredRoles(t *testing.T) {
	_, set := buildAcme(t)
	for _, p := range set.Policies {
		if p.Type != guardrails.TypeSCP {
			continue
		}
		_, d := policyNamed(t, set, p.Key)
		for _, s := range d.Statement {
			if s.Effect != policy.Deny {
				t.Errorf("%s/%s: SCPs here only deny", p.Key, s.Sid)
			}
			if slices.Contains(unexempted, s.Sid) {
				continue
			}
			want := append(slices.Clone(automation), "arn:aws:iam::*:role/BreakGlassAdmin")
			if slices.Contains(automationOnly, s.Sid) {
				want = automation
			}
			if slices.Contains(baselineRuns, s.Sid) {
				want = append(want, baselineFunctions)
			}
			if got := s.Condition["ArnNotLike"]["aws:PrincipalARN"]; !slices.Equal(got, want) {
				t.Errorf("%s/%s exempts %v, want exactly %v", p.Key, s.Sid, got, want)
			}
		}
	}
}

// An admin of a member account: not the landing zone, not exempt.
const accountAdmin = "arn:aws:iam::111122223333:role/Admin"

// memberARN is an exempt pattern as it exists in one member account.
func memberARN(pattern string) string {
	return strings.Replace(strings.Replace(pattern, "::*:", "::111122223333:", 1), "stacksets-exec-*", "stacksets-exec-0123456789abcdef", 1)
}

func TestSCPs_NoAccountAdminCanCreateChangeOrBecomeAnExemptRole(t *testing.T) {
	_, set := buildAcme(t)
	_, d := policyNamed(t, set, "baseline-region-deny")
	region, _ := d.Find("DenyOutsideAllowedRegions")
	exempt := region.Condition["ArnNotLike"]["aws:PrincipalARN"]
	if len(exempt) == 0 {
		t.Fatal("no exemption found")
	}
	for _, pattern := range exempt {
		role := memberARN(pattern)
		for _, action := range []string{
			"iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy",
			"iam:DetachRolePolicy", "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary",
			"iam:DeleteRolePermissionsBoundary", "iam:TagRole", "iam:UntagRole", "iam:DeleteRole",
			"iam:UpdateRole", "iam:UpdateRoleDescription", "iam:PassRole", "sts:AssumeRole",
		} {
			r := asPrincipal(accountAdmin, request{action: action, resource: role})
			if got := deniedBy(t, set, r); !slices.Contains(got, "baseline-account/ProtectLandingZoneRoles") {
				t.Errorf("an account admin may %s on exempt %s (denied by %v)", action, role, got)
			}
		}
		// A configured exemption is not the automation: it cannot rewrite who may become an exempt role.
		r := asPrincipal("arn:aws:iam::111122223333:role/BreakGlassAdmin", request{action: "iam:UpdateAssumeRolePolicy", resource: role})
		if len(deniedBy(t, set, r)) == 0 {
			t.Errorf("the break-glass role may change the trust policy of %s", role)
		}
	}
	// The automation still manages them.
	r := asPrincipal(memberARN(automation[0]), request{action: "iam:CreateRole", resource: "arn:aws:iam::111122223333:role/BreakGlassAdmin"})
	if got := deniedBy(t, set, r); len(got) != 0 {
		t.Errorf("the access role may not create the break-glass role: %v", got)
	}
}

func TestSCPs_TheLandingZonePrefixIsProtectedButNotExempt(t *testing.T) {
	_, set := buildAcme(t)
	// A role people assume, named with the prefix, is bound by the guardrails like any other.
	reader := "arn:aws:iam::111122223333:role/acme-log-reader"
	r := asPrincipal(reader, request{action: "ec2:RunInstances", resource: "*", context: map[string]string{"aws:RequestedRegion": "ap-south-1"}})
	if got := deniedBy(t, set, r); !slices.Contains(got, "baseline-region-deny/DenyOutsideAllowedRegions") {
		t.Errorf("%s escapes the Region deny: %v", reader, got)
	}
	r = asPrincipal(reader, request{action: "cloudtrail:StopLogging", resource: "*"})
	if got := deniedBy(t, set, r); !slices.Contains(got, "baseline-security-services/ProtectCloudTrail") {
		t.Errorf("%s may stop the trail: %v", reader, got)
	}
	// ...and nobody but the automation may create one of that name, which the log archive trusts.
	for _, role := range []string{reader, "arn:aws:iam::111122223333:role/acme-config-recorder-eu-west-1"} {
		r = asPrincipal(accountAdmin, request{action: "iam:CreateRole", resource: role})
		if got := deniedBy(t, set, r); !slices.Contains(got, "baseline-account/ProtectLandingZoneNamedRoles") {
			t.Errorf("an account admin may create %s: %v", role, got)
		}
	}
}

func TestSCPs_AnExemptionPinnedToAnAccountAppliesOnlyThere(t *testing.T) {
	org, err := loadAcme(t, func(c map[string]string) {
		c["landingzone:guardrails"] = `{"exemptPrincipalArns":["arn:aws:iam::222233334444:role/SecurityBreakGlass"]}`
	})
	if err != nil {
		t.Fatal(err)
	}
	set, err := guardrails.Build(org)
	if err != nil {
		t.Fatal(err)
	}
	stop := request{action: "cloudtrail:StopLogging", resource: "*"}
	if got := deniedBy(t, set, asPrincipal("arn:aws:iam::222233334444:role/SecurityBreakGlass", stop)); len(got) != 0 {
		t.Errorf("pinned exemption not applied in its account: %v", got)
	}
	if got := deniedBy(t, set, asPrincipal("arn:aws:iam::111122223333:role/SecurityBreakGlass", stop)); len(got) == 0 {
		t.Errorf("pinned exemption applies in another account")
	}
	create := request{action: "iam:CreateRole", resource: "arn:aws:iam::222233334444:role/SecurityBreakGlass"}
	if got := deniedBy(t, set, asPrincipal("arn:aws:iam::222233334444:role/Admin", create)); !slices.Contains(got, "baseline-account/ProtectLandingZoneRoles") {
		t.Errorf("pinned exempt role not protected in its account: %v", got)
	}
}

func TestBaseline_DeniesLeavingRootUserAndProtectsLogBucketsAndRoles(t *testing.T) {
	_, set := buildAcme(t)
	_, d := policyNamed(t, set, "baseline-account")
	leave, _ := d.Find("DenyLeaveOrganization")
	if !leave.HasAction("organizations:LeaveOrganization") || leave.Condition != nil {
		t.Errorf("leave organization: %+v", leave)
	}
	root, _ := d.Find("DenyRootUser")
	if !slices.Equal(root.Condition["ArnLike"]["aws:PrincipalArn"], []string{"arn:aws:iam::*:root"}) ||
		!root.HasAction("s3:GetObject") || !root.HasAction("iam:CreateAccessKey") || !slices.Equal(root.Resource, []string{"*"}) {
		t.Errorf("root user: %+v", root)
	}
	buckets, _ := d.Find("ProtectLogArchiveBuckets")
	for _, a := range []string{"s3:DeleteObject", "s3:DeleteBucket", "s3:PutBucketPolicy", "s3:PutLifecycleConfiguration",
		"s3:PutEncryptionConfiguration", "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration", "s3:PutReplicationConfiguration",
		"s3:PutBucketNotification"} {
		if !buckets.HasAction(a) {
			t.Errorf("log buckets not protected from %s", a)
		}
	}
	if !slices.Equal(buckets.Resource, []string{"arn:aws:s3:::acme-log-archive-*", "arn:aws:s3:::acme-log-archive-*/*"}) {
		t.Errorf("log bucket resources = %v", buckets.Resource)
	}
	roles, _ := d.Find("ProtectLandingZoneRoles")
	if want := append(slices.Clone(automation), "arn:aws:iam::*:role/BreakGlassAdmin", baselineFunctions); !slices.Equal(roles.Resource, want) {
		t.Errorf("ProtectLandingZoneRoles protects %v, want exactly the exempt roles %v", roles.Resource, want)
	}
	named, _ := d.Find("ProtectLandingZoneNamedRoles")
	if !slices.Equal(named.Resource, []string{"arn:aws:iam::*:role/acme-*"}) {
		t.Errorf("ProtectLandingZoneNamedRoles protects %v", named.Resource)
	}
	safety, _ := d.Find("ProtectAccountSafetySettings")
	for _, a := range []string{"ec2:DisableEbsEncryptionByDefault", "ec2:CreateDefaultVpc", "s3:PutAccountPublicAccessBlock"} {
		if !safety.HasAction(a) {
			t.Errorf("account safety lacks %s", a)
		}
	}
}

func TestBaseline_ProtectsEverySecurityService(t *testing.T) {
	_, set := buildAcme(t)
	_, d := policyNamed(t, set, "baseline-security-services")
	for sid, action := range map[string]string{
		"ProtectCloudTrail": "cloudtrail:StopLogging", "ProtectConfig": "config:StopConfigurationRecorder",
		"ProtectGuardDuty": "guardduty:DeleteDetector", "ProtectSecurityHub": "securityhub:DisableSecurityHub",
		"ProtectAccessAnalyzer": "access-analyzer:DeleteAnalyzer",
	} {
		s, ok := d.Find(sid)
		if !ok || !s.HasAction(action) {
			t.Errorf("%s does not deny %s", sid, action)
		}
	}
}

func TestRegionDeny_DeniesOutsideAllowedRegionsExceptGlobalServices(t *testing.T) {
	org, set := buildAcme(t)
	_, d := policyNamed(t, set, "baseline-region-deny")
	s, _ := d.Find("DenyOutsideAllowedRegions")
	if !slices.Equal(s.Condition["StringNotEquals"]["aws:RequestedRegion"], org.Guardrails.AllowedRegions) {
		t.Errorf("regions = %v", s.Condition["StringNotEquals"])
	}
	for _, global := range []string{"iam:*", "organizations:*", "sts:*", "support:*", "route53:*", "cloudfront:*", "budgets:*"} {
		if !slices.Contains(s.NotAction, global) {
			t.Errorf("region deny would block global service %s", global)
		}
	}
	if len(s.Action) != 0 {
		t.Errorf("region deny must use NotAction only")
	}
}

func TestRegulated_NarrowsRegionsAndDeniesUnencryptedStorage(t *testing.T) {
	_, set := buildAcme(t)
	_, d := policyNamed(t, set, "regulated")
	s, _ := d.Find("DenyOutsideRegulatedRegions")
	if !slices.Equal(s.Condition["StringNotEquals"]["aws:RequestedRegion"], []string{"eu-west-1", "eu-central-1"}) {
		t.Errorf("regulated regions = %v", s.Condition["StringNotEquals"])
	}
	for sid, cond := range map[string]string{"DenyUnencryptedEBS": "ec2:Encrypted", "DenyUnencryptedRDS": "rds:StorageEncrypted", "DenyUnencryptedEFS": "elasticfilesystem:Encrypted"} {
		st, ok := d.Find(sid)
		if !ok || !slices.Equal(st.Condition["Bool"][cond], []string{"false"}) {
			t.Errorf("%s: %+v", sid, st)
		}
	}
}

func TestRegulated_S3DeniesOnlyExplicitNonKMSEncryptionNotDefaultEncryptionOrMultipartParts(t *testing.T) {
	_, set := buildAcme(t)
	put := func(headers map[string]string) request {
		return asPrincipal("arn:aws:iam::111122223333:role/App", request{action: "s3:PutObject", resource: "arn:aws:s3:::data/report.csv",
			context: headers})
	}
	regulated := func(r request) []string {
		var out []string
		for _, by := range deniedBy(t, set, r) {
			if strings.HasPrefix(by, "regulated/") {
				out = append(out, by)
			}
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		headers map[string]string
		denied  bool
	}{
		// Relies on the bucket's default encryption (SSE-KMS); also every multipart UploadPart,
		// which S3 authorizes as s3:PutObject and which never carries the header.
		{"no encryption header", map[string]string{"aws:RequestedRegion": "eu-west-1"}, false},
		{"SSE-KMS", map[string]string{"aws:RequestedRegion": "eu-west-1", "s3:x-amz-server-side-encryption": "aws:kms"}, false},
		{"DSSE-KMS", map[string]string{"aws:RequestedRegion": "eu-west-1", "s3:x-amz-server-side-encryption": "aws:kms:dsse"}, false},
		{"SSE-S3 asked for", map[string]string{"aws:RequestedRegion": "eu-west-1", "s3:x-amz-server-side-encryption": "AES256"}, true},
		{"SSE-C", map[string]string{"aws:RequestedRegion": "eu-west-1", "s3:x-amz-server-side-encryption-customer-algorithm": "AES256"}, true},
	} {
		if got := regulated(put(tc.headers)); (len(got) > 0) != tc.denied {
			t.Errorf("%s: denied by %v, want denied = %v", tc.name, got, tc.denied)
		}
	}
}

func TestSandboxAndSuspended(t *testing.T) {
	_, set := buildAcme(t)
	_, sb := policyNamed(t, set, "sandbox")
	commit, _ := sb.Find("DenyCommitmentsAndExpensiveServices")
	if !commit.HasAction("ec2:PurchaseReservedInstancesOffering") || !commit.HasAction("savingsplans:CreateSavingsPlan") {
		t.Errorf("sandbox commitments: %v", commit.Action)
	}
	big, _ := sb.Find("DenyLargeInstanceTypes")
	if !slices.Equal(big.Condition["StringNotLike"]["ec2:InstanceType"], []string{"t3.*", "t4g.*", "m7g.large"}) {
		t.Errorf("sandbox instance types: %v", big.Condition)
	}
	_, sus := policyNamed(t, set, "suspended-deny-all")
	all, _ := sus.Find("DenyAll")
	if !slices.Equal(all.Action, []string{"*"}) || !slices.Equal(all.Resource, []string{"*"}) {
		t.Errorf("suspended: %+v", all)
	}
}

func TestTagPolicy_EnforcesCostTagKeysAndAllowedValues(t *testing.T) {
	_, set := buildAcme(t)
	p, _ := policyNamed(t, set, "cost-allocation-tags")
	var doc struct {
		Tags map[string]struct {
			TagKey      map[string]string   `json:"tag_key"`
			TagValue    map[string][]string `json:"tag_value"`
			EnforcedFor map[string][]string `json:"enforced_for"`
		} `json:"tags"`
	}
	if err := json.Unmarshal([]byte(p.Content), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range config.CostTagKeys {
		rule, ok := doc.Tags[strings.ToLower(key)]
		if !ok || rule.TagKey["@@assign"] != key {
			t.Errorf("tag %s: %+v", key, rule)
		}
		if !slices.Equal(rule.EnforcedFor["@@assign"], []string{"ec2:instance", "s3:bucket"}) {
			t.Errorf("tag %s enforced for %v", key, rule.EnforcedFor)
		}
	}
	if got := doc.Tags["environment"].TagValue["@@assign"]; !slices.Equal(got, []string{"dev", "prod", "sandbox", "staging", "test"}) {
		t.Errorf("Environment values = %v", got)
	}
	if doc.Tags["owner"].TagValue != nil {
		t.Errorf("Owner has no configured values, so none must be enforced")
	}
}

func TestAIOptOut_OptsOutOfEveryService(t *testing.T) {
	_, set := buildAcme(t)
	p, _ := policyNamed(t, set, "ai-services-opt-out")
	if p.Content != `{"services":{"default":{"opt_out_policy":{"@@assign":"optOut"}}}}` {
		t.Errorf("content = %s", p.Content)
	}
}

func TestAIOptOut_CanBeSwitchedOff(t *testing.T) {
	org, err := loadAcme(t, func(c map[string]string) {
		c["landingzone:guardrails"] = `{"aiServicesOptOut": false}`
	})
	if err != nil {
		t.Fatal(err)
	}
	set, err := guardrails.Build(org)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.AttachedTo(guardrails.Root, guardrails.TypeAIOptOut)) != 0 || slices.Contains(set.PolicyTypes(), guardrails.TypeAIOptOut) {
		t.Errorf("AI opt-out still built")
	}
}

func TestBuild_RefusesAnSCPLargerThanTheLimitNamingPolicySizeAndLimit(t *testing.T) {
	var principals []string
	for i := range 40 {
		principals = append(principals, fmt.Sprintf(`"arn:aws:iam::*:role/team-%02d-break-glass-administrator"`, i))
	}
	org, err := loadAcme(t, func(c map[string]string) {
		c["landingzone:guardrails"] = `{"exemptPrincipalArns":[` + strings.Join(principals, ",") + `]}`
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = guardrails.Build(org)
	var ps config.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("err = %v", err)
	}
	found := false
	for _, p := range ps {
		if strings.Contains(p.Message, `SCP "acme-baseline-security-services" is`) && strings.Contains(p.Message, "the limit (guardrails.scpMaxSize) is 5,120") {
			found = true
		}
	}
	if !found {
		t.Errorf("problems: %v", ps)
	}
}

func TestBuild_RefusesMoreSCPsOnATargetThanTheLimit(t *testing.T) {
	org, err := loadAcme(t, func(c map[string]string) { c["landingzone:guardrails"] = `{"scpMaxPerTarget":3}` })
	if err != nil {
		t.Fatal(err)
	}
	_, err = guardrails.Build(org)
	if err == nil || !strings.Contains(err.Error(), "the root would have 4 SCPs attached (FullAWSAccess, acme-baseline-account") ||
		!strings.Contains(err.Error(), "the limit (guardrails.scpMaxPerTarget) is 3") {
		t.Errorf("err = %v", err)
	}
}

func TestSCPs_LogReadersTrustedByNameAreProtectedWhateverTheirName(t *testing.T) {
	org, err := loadAcme(t, func(c map[string]string) {
		c["landingzone:logArchive"] = `{"readerPrincipalArns":["arn:aws:iam::111122223333:role/SecurityAuditor","arn:aws:iam::*:role/acme-log-reader"]}`
	})
	if err != nil {
		t.Fatal(err)
	}
	set, err := guardrails.Build(org)
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"arn:aws:iam::111122223333:role/SecurityAuditor", "arn:aws:iam::111122223333:role/acme-log-reader"} {
		for _, action := range []string{"iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy"} {
			r := asPrincipal(accountAdmin, request{action: action, resource: role})
			if got := deniedBy(t, set, r); !slices.Contains(got, "baseline-account/ProtectLandingZoneNamedRoles") {
				t.Errorf("an account admin may %s on the log reader %s: %v", action, role, got)
			}
		}
		// Who may assume a reader is its trust policy's business, which only the automation writes.
		r := asPrincipal(accountAdmin, request{action: "sts:AssumeRole", resource: role})
		if got := deniedBy(t, set, r); slices.Contains(got, "baseline-account/ProtectLandingZoneNamedRoles") {
			t.Errorf("assuming the log reader %s is denied by the SCP: %v", role, got)
		}
	}
}

// deniedAt returns the statements of the SCPs attached to the root or one OU that deny the request:
// what applies to an account directly in that OU.
func deniedAt(t *testing.T, set guardrails.Set, ou string, r request) []string {
	t.Helper()
	var applicable guardrails.Set
	for _, p := range set.Policies {
		if slices.Contains(p.Targets, guardrails.Root) || slices.Contains(p.Targets, ou) {
			applicable.Policies = append(applicable.Policies, p)
		}
	}
	return deniedBy(t, applicable, r)
}

// The read-only preview role the landing zone deploys to every member account by StackSet
// (pkg/delivery, "<prefix>-preview").
const memberPreviewRole = "arn:aws:iam::111122223333:role/acme-preview"

func TestSCPs_TheMemberPreviewRoleIsProtectedFromAccountAdminsAndChangedOnlyByTheStackSet(t *testing.T) {
	_, set := buildAcme(t)
	for _, action := range []string{
		"iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:DetachRolePolicy",
		"iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary", "iam:TagRole",
		"iam:UntagRole", "iam:DeleteRole", "iam:UpdateRole", "iam:PassRole",
	} {
		r := request{action: action, resource: memberPreviewRole}
		for _, who := range []string{accountAdmin, "arn:aws:iam::111122223333:role/BreakGlassAdmin"} {
			if got := deniedBy(t, set, asPrincipal(who, r)); !slices.Contains(got, "baseline-account/ProtectLandingZoneNamedRoles") {
				t.Errorf("%s may %s on the member preview role (denied by %v)", who, action, got)
			}
		}
		// The StackSet's execution role creates and updates it.
		if got := deniedBy(t, set, asPrincipal(memberARN(automation[1]), r)); len(got) != 0 {
			t.Errorf("the StackSet execution role may not %s on the member preview role: %v", action, got)
		}
	}
}

func TestSCPs_TheMemberPreviewRoleIsNotExemptButItsReadsPassEveryOUItPreviews(t *testing.T) {
	org, set := buildAcme(t)
	// Not exempt: bound by the guardrails like any role.
	for _, r := range []request{
		{action: "cloudtrail:StopLogging", resource: "*"},
		{action: "ec2:DescribeVpcs", resource: "*", context: map[string]string{"aws:RequestedRegion": "ap-south-1"}},
	} {
		if got := deniedBy(t, set, asPrincipal(memberPreviewRole, r)); len(got) == 0 {
			t.Errorf("the member preview role escapes the guardrails on %s", r.action)
		}
	}
	// The reads a preview and a refresh make, in every Region the OU allows, pass every SCP that
	// applies there: the root's and the OU's (the Regulated OU narrows the Regions, and denies
	// unencrypted writes, never reads). IAM, Organizations and STS are global: their calls go to
	// us-east-1 whatever the Region.
	reads := []string{
		"ec2:DescribeVpcs", "ec2:DescribeSubnets", "s3:GetBucketPolicy", "s3:GetBucketVersioning", "s3:GetEncryptionConfiguration",
		"kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "ds:DescribeDirectories", "config:DescribeConfigurationRecorders",
		"guardduty:GetDetector", "securityhub:GetEnabledStandards", "logs:DescribeLogGroups", "sns:GetTopicAttributes", "events:DescribeRule",
	}
	for _, tc := range []struct {
		ou      string
		regions []string
	}{
		{config.OUProd, org.Guardrails.AllowedRegions},
		{config.OUSecurity, org.Guardrails.AllowedRegions},
		{config.OURegulated, org.Guardrails.RegulatedAllowedRegions},
		{config.OUSandbox, org.Guardrails.AllowedRegions},
	} {
		for _, region := range tc.regions {
			for _, action := range reads {
				r := asPrincipal(memberPreviewRole, request{action: action, resource: "*", context: map[string]string{"aws:RequestedRegion": region}})
				if got := deniedAt(t, set, tc.ou, r); len(got) != 0 {
					t.Errorf("%s in %s (%s): the preview's read is denied by %v", action, tc.ou, region, got)
				}
			}
		}
		for _, action := range []string{"iam:GetRole", "iam:ListAttachedRolePolicies", "organizations:DescribeOrganization", "sts:GetCallerIdentity"} {
			r := asPrincipal(memberPreviewRole, request{action: action, resource: "*", context: map[string]string{"aws:RequestedRegion": "us-east-1"}})
			if got := deniedAt(t, set, tc.ou, r); len(got) != 0 {
				t.Errorf("%s in %s: denied by %v", action, tc.ou, got)
			}
		}
	}
}
