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
		{config.OURegulated, guardrails.TypeSCP, []string{"regulated"}},
		{config.OUSandbox, guardrails.TypeSCP, []string{"sandbox"}},
		{config.OUSuspended, guardrails.TypeSCP, []string{"suspended-deny-all"}},
		{config.OUProd, guardrails.TypeSCP, nil},
	} {
		if got := keys(set.AttachedTo(tc.target, tc.typ)); !slices.Equal(got, tc.want) {
			t.Errorf("%s %s: got %v, want %v", tc.target, tc.typ, got, tc.want)
		}
	}
	if got := set.PolicyTypes(); !slices.Equal(got, []string{guardrails.TypeAIOptOut, guardrails.TypeSCP, guardrails.TypeTag}) {
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

func TestSCPs_EveryOtherDenyExemptsTheLandingZoneAndConfiguredPrincipals(t *testing.T) {
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
			exempt := s.Condition["ArnNotLike"]["aws:PrincipalARN"]
			for _, want := range []string{
				"arn:aws:iam::*:role/OrganizationAccountAccessRole",
				"arn:aws:iam::*:role/stacksets-exec-*",
				"arn:aws:iam::*:role/BreakGlassAdmin",
			} {
				if !slices.Contains(exempt, want) {
					t.Errorf("%s/%s does not exempt %s (exempts %v)", p.Key, s.Sid, want, exempt)
				}
			}
		}
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
		"s3:PutEncryptionConfiguration", "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration", "s3:PutReplicationConfiguration"} {
		if !buckets.HasAction(a) {
			t.Errorf("log buckets not protected from %s", a)
		}
	}
	if !slices.Equal(buckets.Resource, []string{"arn:aws:s3:::acme-log-archive-*", "arn:aws:s3:::acme-log-archive-*/*"}) {
		t.Errorf("log bucket resources = %v", buckets.Resource)
	}
	roles, _ := d.Find("ProtectLandingZoneRoles")
	if !slices.Contains(roles.Resource, "arn:aws:iam::*:role/OrganizationAccountAccessRole") || !roles.HasAction("iam:DeleteRole") {
		t.Errorf("roles: %+v", roles)
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
	s3, _ := d.Find("DenyS3WithoutKMS")
	if !slices.Contains(s3.Condition["StringNotEqualsIfExists"]["s3:x-amz-server-side-encryption"], "aws:kms") {
		t.Errorf("S3: %+v", s3)
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
