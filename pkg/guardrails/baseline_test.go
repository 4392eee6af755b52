package guardrails_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/guardrails"
)

// The account baseline's functions (pkg/baseline) run in every member account as
// <prefix>-account-baseline-<region> (and -alias); these tests evaluate the SCPs as IAM would.
const (
	baselineRole = "arn:aws:iam::111122223333:role/acme-account-baseline-eu-west-1"
	aliasRole    = "arn:aws:iam::111122223333:role/acme-account-baseline-alias"
	baselineFn   = "arn:aws:lambda:eu-west-1:111122223333:function:acme-account-baseline"
	stackSetExec = "arn:aws:iam::111122223333:role/stacksets-exec-0123456789abcdef"
)

// deniedInProd evaluates the SCPs an account in the Workloads/Prod OU inherits (the root's; none
// is attached to that OU).
func deniedInProd(t *testing.T, set guardrails.Set, r request) []string {
	t.Helper()
	var atRoot guardrails.Set
	for _, p := range set.Policies {
		if slices.Contains(p.Targets, guardrails.Root) {
			atRoot.Policies = append(atRoot.Policies, p)
		}
	}
	return deniedBy(t, atRoot, r)
}

// accountSettings are the writes that change what the account baseline set.
var accountSettings = []string{
	"iam:UpdateAccountPasswordPolicy", "iam:DeleteAccountPasswordPolicy", "iam:CreateAccountAlias",
	"iam:DeleteAccountAlias", "s3:PutAccountPublicAccessBlock", "ec2:DisableEbsEncryptionByDefault",
}

func TestSCPs_OnlyTheAutomationAndTheBaselineFunctionsChangeTheAccountSettings(t *testing.T) {
	_, set := buildAcme(t)
	ctx := map[string]string{"aws:RequestedRegion": "eu-west-1"}
	for _, action := range accountSettings {
		r := asPrincipal(accountAdmin, request{action: action, resource: "*", context: ctx})
		if got := deniedInProd(t, set, r); !slices.Contains(got, "baseline-account/ProtectAccountSafetySettings") {
			t.Errorf("an account admin may %s (denied by %v)", action, got)
		}
		for _, p := range []string{baselineRole, aliasRole, stackSetExec} {
			if got := deniedInProd(t, set, asPrincipal(p, request{action: action, resource: "*", context: ctx})); len(got) != 0 {
				t.Errorf("%s may not %s: %v", p, action, got)
			}
		}
	}
	// Its other exemptions are where it must run (Regions, suspended accounts): it stays bound by
	// the protection of the security services, the log buckets and the landing zone's roles.
	for _, r := range []request{
		{action: "cloudtrail:StopLogging", resource: "*"},
		{action: "config:StopConfigurationRecorder", resource: "*"},
		{action: "s3:PutBucketPolicy", resource: "arn:aws:s3:::acme-log-archive-111122223333-eu-west-1"},
		{action: "iam:PassRole", resource: baselineRole},
		{action: "iam:UpdateAssumeRolePolicy", resource: "arn:aws:iam::111122223333:role/OrganizationAccountAccessRole"},
	} {
		if got := deniedInProd(t, set, asPrincipal(baselineRole, r)); len(got) == 0 {
			t.Errorf("the baseline's role escapes the guardrails for %s", r.action)
		}
	}
}

// The baseline's StackSets deploy to every account under the root and every governed Region: its
// function must run in a Regulated account outside the regulated Regions and in a suspended account,
// where an account admin can do nothing.
func TestSCPs_TheBaselineFunctionsRunInRegulatedRegionsAndSuspendedAccounts(t *testing.T) {
	org, set := buildAcme(t)
	outside := ""
	for _, r := range org.GovernedRegions {
		if !slices.Contains(org.Guardrails.RegulatedAllowedRegions, r) {
			outside = r
		}
	}
	if outside == "" {
		t.Fatal("the fixture has no governed Region outside the regulated ones")
	}
	for _, ou := range []string{config.OURegulated, config.OUSuspended} {
		inherited := guardrails.Set{}
		for _, p := range set.Policies {
			if slices.Contains(p.Targets, guardrails.Root) || slices.Contains(p.Targets, ou) {
				inherited.Policies = append(inherited.Policies, p)
			}
		}
		r := request{action: "ec2:EnableEbsEncryptionByDefault", resource: "*", context: map[string]string{"aws:RequestedRegion": outside}}
		if got := deniedBy(t, inherited, asPrincipal(baselineRole, r)); len(got) != 0 {
			t.Errorf("%s: the baseline's function may not enable EBS encryption in %s: %v", ou, outside, got)
		}
		if got := deniedBy(t, inherited, asPrincipal(accountAdmin, r)); len(got) == 0 {
			t.Errorf("%s: an account admin may act in %s", ou, outside)
		}
	}
}

func TestSCPs_NoAccountAdminCanBecomeOrRewireTheBaselineFunctions(t *testing.T) {
	_, set := buildAcme(t)
	for _, role := range []string{baselineRole, aliasRole} {
		for _, action := range []string{"iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PassRole", "iam:DeleteRole"} {
			r := asPrincipal(accountAdmin, request{action: action, resource: role})
			if got := deniedInProd(t, set, r); !slices.Contains(got, "baseline-account/ProtectLandingZoneNamedRoles") {
				t.Errorf("an account admin may %s on %s (denied by %v)", action, role, got)
			}
		}
	}
	for _, action := range []string{"lambda:InvokeFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
		"lambda:CreateFunction", "lambda:AddPermission", "lambda:CreateFunctionUrlConfig", "lambda:DeleteFunction"} {
		r := asPrincipal(accountAdmin, request{action: action, resource: baselineFn, context: map[string]string{"aws:RequestedRegion": "eu-west-1"}})
		if got := deniedInProd(t, set, r); !slices.Contains(got, "baseline-account/ProtectLandingZoneFunctions") {
			t.Errorf("an account admin may %s on the baseline function (denied by %v)", action, got)
		}
		// A configured exemption is no automation either.
		r = asPrincipal("arn:aws:iam::111122223333:role/BreakGlassAdmin", request{action: action, resource: baselineFn})
		if got := deniedInProd(t, set, r); !slices.Contains(got, "baseline-account/ProtectLandingZoneFunctions") {
			t.Errorf("the break-glass role may %s on the baseline function (denied by %v)", action, got)
		}
	}
	// CloudFormation invokes the custom resource's function as the StackSets execution role.
	r := asPrincipal(stackSetExec, request{action: "lambda:InvokeFunction", resource: baselineFn, context: map[string]string{"aws:RequestedRegion": "eu-west-1"}})
	if got := deniedInProd(t, set, r); len(got) != 0 {
		t.Errorf("the StackSets execution role may not invoke the baseline function: %v", got)
	}
	// An application's own function is not the landing zone's business.
	r = asPrincipal(accountAdmin, request{action: "lambda:UpdateFunctionCode", resource: "arn:aws:lambda:eu-west-1:111122223333:function:orders", context: map[string]string{"aws:RequestedRegion": "eu-west-1"}})
	if got := deniedInProd(t, set, r); len(got) != 0 {
		t.Errorf("an application function is protected: %v", got)
	}
}

func TestDeclarativeEC2_RequiresIMDSv2AndBlocksPublicSnapshotsAndImagesEverywhere(t *testing.T) {
	_, set := buildAcme(t)
	p, _ := policyNamed(t, set, "baseline-ec2")
	if p.Type != guardrails.TypeDeclarativeEC2 || !slices.Equal(p.Targets, []string{guardrails.Root}) {
		t.Fatalf("baseline-ec2 is %s on %v, want a declarative policy on the root", p.Type, p.Targets)
	}
	var d guardrails.EC2DeclarativePolicy
	if err := json.Unmarshal([]byte(p.Content), &d); err != nil {
		t.Fatal(err)
	}
	imds := d.EC2.InstanceMetadataDefaults
	if imds.HTTPTokens.Assign != "required" || imds.HTTPPutResponseHopLimit.Assign != "2" {
		t.Errorf("IMDS defaults = %+v, want tokens required, hop limit 2", imds)
	}
	if d.EC2.SnapshotBlockPublicAccess.State.Assign != "block_all_sharing" || d.EC2.ImageBlockPublicAccess.State.Assign != "block_new_sharing" {
		t.Errorf("public sharing = %+v / %+v", d.EC2.SnapshotBlockPublicAccess, d.EC2.ImageBlockPublicAccess)
	}
	var raw map[string]map[string]any
	if err := json.Unmarshal([]byte(p.Content), &raw); err != nil || len(raw) != 1 || raw["ec2_attributes"] == nil {
		t.Errorf("a declarative EC2 policy has the one top-level key ec2_attributes: %s", p.Content)
	}
	if len(p.Content) > guardrails.MaxDeclarativePolicySize {
		t.Errorf("baseline-ec2 is %d characters", len(p.Content))
	}
}

// With the network hub on (Acme), only the automation attaches VPCs to transit gateways: an account
// admin cannot put another VPC behind the association the landing zone makes for the account, nor
// add a second attachment that would break its lookup.
func TestSCPs_OnlyTheAutomationAttachesVPCsWhileTheHubExists(t *testing.T) {
	org, set := buildAcme(t)
	if org.SharedServices == nil || !org.SharedServices.TransitGateway.Enabled {
		t.Fatal("the Acme fixture has no hub: this test would prove nothing")
	}
	ctx := map[string]string{"aws:RequestedRegion": "eu-west-1"}
	for _, action := range []string{"ec2:CreateTransitGatewayVpcAttachment", "ec2:DeleteTransitGatewayVpcAttachment",
		"ec2:ModifyTransitGatewayVpcAttachment", "ec2:AcceptTransitGatewayVpcAttachment"} {
		r := request{action: action, resource: "arn:aws:ec2:eu-west-1:111122223333:transit-gateway-attachment/tgw-attach-0123", context: ctx}
		if got := deniedInProd(t, set, asPrincipal(accountAdmin, r)); !slices.Contains(got, "baseline-account/ProtectHubAttachments") {
			t.Errorf("an account admin may %s (denied by %v)", action, got)
		}
		if got := deniedInProd(t, set, asPrincipal(stackSetExec, r)); len(got) != 0 {
			t.Errorf("the StackSets execution role may not %s: %v", action, got)
		}
	}
}
