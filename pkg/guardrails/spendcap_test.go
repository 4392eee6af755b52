package guardrails_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/guardrails"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
	"github.com/landingzone/aws-landing-zone/pkg/workload"
)

// The sandbox spend cap (pkg/workload) is a deny-all AWS Budgets attaches outside the guardrail
// set; it must exempt exactly what the Suspended OU's deny-all exempts.
func TestSpendCap_ExemptsWhatTheSuspendedDenyAllExemptsTheBaselineFunctionsIncluded(t *testing.T) {
	org, set := buildAcme(t)
	var suspendedExempt []string
	for _, p := range set.Policies {
		d, err := policy.Parse(p.Content)
		if err != nil {
			t.Fatal(err)
		}
		if s, ok := d.Find("DenyAll"); ok && p.Type == guardrails.TypeSCP {
			suspendedExempt = s.Condition["ArnNotLike"]["aws:PrincipalARN"]
		}
	}
	if len(suspendedExempt) == 0 {
		t.Fatal("no Suspended deny-all in the Acme guardrails")
	}
	exempt := guardrails.DenyAllExemptPrincipals(org)
	if !slices.Equal(slices.Sorted(slices.Values(exempt)), slices.Sorted(slices.Values(suspendedExempt))) {
		t.Errorf("cap exempts %v, the Suspended deny-all %v", exempt, suspendedExempt)
	}
	capSet := guardrails.Set{Policies: []guardrails.Policy{{Key: "spend-cap", Type: guardrails.TypeSCP, Content: mustContent(t, workload.CapPolicy(exempt))}}}
	for _, p := range []string{baselineRole, aliasRole, stackSetExec} {
		if got := deniedBy(t, capSet, asPrincipal(p, request{action: "lambda:UpdateFunctionCode", resource: baselineFn})); len(got) != 0 {
			t.Errorf("a capped sandbox denies %s: %v", p, got)
		}
	}
	if got := deniedBy(t, capSet, asPrincipal(accountAdmin, request{action: "ec2:RunInstances", resource: "*"})); len(got) == 0 {
		t.Error("a capped sandbox's admin may still run instances")
	}
}

// A capped sandbox's owner may read and stop what bills, and do nothing that could spend more.
func TestSpendCap_LetsTheOwnerStopWhatBillsButStartNothing(t *testing.T) {
	capSet := guardrails.Set{Policies: []guardrails.Policy{{Key: "spend-cap", Type: guardrails.TypeSCP,
		Content: mustContent(t, workload.CapPolicy([]string{"arn:aws:iam::*:role/OrganizationAccountAccessRole"}))}}}
	for _, a := range []string{
		"ec2:StopInstances", "ec2:TerminateInstances", "ec2:DeleteNatGateway", "ec2:ReleaseAddress", "ec2:DeleteVolume",
		"rds:StopDBInstance", "rds:StopDBCluster", "rds:DeleteDBInstance", "rds:DeleteDBCluster", "sagemaker:StopNotebookInstance",
		"sagemaker:DeleteEndpoint", "ecs:DeleteService", "eks:DeleteNodegroup", "lambda:DeleteFunction", "autoscaling:DeleteAutoScalingGroup",
		"elasticloadbalancing:DeleteLoadBalancer", "s3:DeleteObject", "s3:DeleteBucket", "dynamodb:DeleteTable", "ec2:DescribeInstances",
	} {
		if got := deniedBy(t, capSet, asPrincipal(accountAdmin, request{action: a, resource: "*"})); len(got) != 0 {
			t.Errorf("a capped sandbox's owner may not %s", a)
		}
	}
	for _, a := range []string{
		"ec2:RunInstances", "ec2:StartInstances", "ec2:ModifyInstanceAttribute", "rds:StartDBInstance", "rds:ModifyDBInstance",
		"autoscaling:UpdateAutoScalingGroup", "autoscaling:SetDesiredCapacity", "ecs:UpdateService", "eks:UpdateNodegroupConfig",
		"lambda:PutProvisionedConcurrencyConfig", "sagemaker:StartNotebookInstance", "s3:PutObject", "iam:CreateRole",
	} {
		if got := deniedBy(t, capSet, asPrincipal(accountAdmin, request{action: a, resource: "*"})); len(got) == 0 {
			t.Errorf("a capped sandbox's owner may still %s", a)
		}
	}
	// No allowed write can raise spend: only stops, terminations, deletions, releases, detachments,
	// cancellations and pauses besides reads.
	spendNeutral := []string{"Stop", "Terminate", "Delete", "BatchDelete", "Release", "Deregister", "Detach", "Disassociate", "Cancel", "Pause"}
	reads := []string{"Describe", "Get", "List", "View", "Lookup", "Filter", "*"}
	for _, a := range workload.CapActionsAllowed() {
		service, verb, _ := strings.Cut(a, ":")
		if service == "support" {
			continue
		}
		ok := false
		for _, p := range append(slices.Clone(spendNeutral), reads...) {
			ok = ok || strings.HasPrefix(verb, p)
		}
		if !ok {
			t.Errorf("the cap allows %s, neither a read nor a stop", a)
		}
	}
}

func mustContent(t *testing.T, d policy.Document) string {
	t.Helper()
	s, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if len(s) > 5120 {
		t.Errorf("the cap SCP is %d characters; the default SCP limit is 5,120", len(s))
	}
	return s
}
