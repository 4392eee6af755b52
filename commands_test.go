package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestPlan_PrintsTheAcmeTreeAndWritesPlanJSON(t *testing.T) {
	out := filepath.Join(t.TempDir(), "plan.json")
	var stdout, stderr bytes.Buffer
	if code := runCommand([]string{"plan", acmeFixture, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{
		"Root  <- SCPs: FullAWSAccess, acme-baseline-account",
		"Regulated  <- SCPs: FullAWSAccess, acme-regulated (2)",
		"acme-cde-prod  [account cardholder-data-prod,",
		"provider instances: 10   resources inside workload accounts: 2",
		"Trail acme-organization-trail in management/eu-west-1: organization, multi-Region, global events, log file validation, KMS-encrypted",
		"  log-archive: 1 kms Alias, 1 kms Key, 2 s3 BucketLifecycleConfigurationV2",
		"security         us-east-1",
		"Shared services in shared-services/eu-west-1:",
		"Directory corp.acme.example (ACME, AWS Managed Microsoft AD Enterprise): shared with payments-prod, webshop-prod",
		"Resolver rule corp.acme.example: forwards to the directory; shared with OU Regulated, OU Workloads",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
	if !regexp.MustCompile(`(?m)^security\s+us-east-1\s+\d+$`).MatchString(stdout.String()) {
		t.Errorf("no security account row in us-east-1")
	}
	if !regexp.MustCompile(`(?m)^aws:organizations/account:Account\s+12$`).MatchString(stdout.String()) {
		t.Errorf("no account count of 12 by type")
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Stack     string `json:"stack"`
		Resources []struct {
			URN, Type, Name string
			Custom          bool
			Parent          string
			Provider        *struct{ URN, Account, AccountID, Region string }
			Protect         *bool
			RetainOnDelete  *bool
			DependsOn       []string
			Inputs          map[string]any
		} `json:"resources"`
		Summary struct {
			Resources, Providers, Accounts int
			ByType                         map[string]int
		} `json:"summary"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Stack != "acme" || doc.Summary.Resources != len(doc.Resources) || doc.Summary.Accounts != 12 || doc.Summary.Providers != 10 {
		t.Errorf("summary: stack %q %+v with %d resources", doc.Stack, doc.Summary, len(doc.Resources))
	}
	for _, r := range doc.Resources {
		if r.URN == "" || r.Type == "" || r.Protect == nil || r.RetainOnDelete == nil || r.DependsOn == nil || r.Inputs == nil {
			t.Errorf("resource lacks a field: %+v", r)
		}
		if r.Custom && r.Type != "pulumi:providers:aws" && (r.Provider == nil || r.Provider.Account == "" || r.Provider.AccountID == "" || r.Provider.Region == "") {
			t.Errorf("%s: provider %+v", r.URN, r.Provider)
		}
	}
}

func TestPlan_TakesAnyStackFileWithFlagsAfterIt(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := runCommand([]string{"plan", "stacks/minimal.yaml", "--out", "-"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), `Plan for stack "minimal"`) {
		t.Errorf("output: %s", stdout.String())
	}
}

func TestPlan_RefusedConfigurationExitsOneListingEveryProblem(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := runCommand([]string{"plan", "testdata/bad/many-problems.yaml", "--out", "-"}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, want := range []string{"refused, nothing would be created", "3 problems", "prefix:", "workloads[0] (website-prod).email:", "workloads[0] (website-prod).environment:"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if stdout.Len() != 0 {
		t.Errorf("a refused plan printed a plan: %s", stdout.String())
	}
}

func TestPlan_UsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{}, {"apply"}, {"plan", "a.yaml", "b.yaml"}, {"plan", "--stack", "prod", "x.yaml"}, {"plan", "--stack", "nope"}, {"plan", "--no-such-flag"}} {
		var stdout, stderr bytes.Buffer
		if code := runCommand(args, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestPlan_StackFlagReadsPulumiStackFileInDir(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("stacks/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.staging.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := runCommand([]string{"plan", "--stack", "staging", "--dir", dir, "--out", "-"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), `Plan for stack "staging"`) {
		t.Errorf("output: %s", stdout.String())
	}
}

func TestHelp_PrintsUsageAndExitsZero(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		var stdout, stderr bytes.Buffer
		if code := runCommand(args, &stdout, &stderr); code != 0 {
			t.Errorf("%v: exit %d, want 0", args, code)
		}
		if !strings.Contains(stdout.String(), "go run . plan [--stack NAME | FILE]") || stderr.Len() != 0 {
			t.Errorf("%v: stdout %q stderr %q", args, stdout.String(), stderr.String())
		}
	}
}

func TestPlan_WarnsAboutAllowedRegionsTheLandingZoneDoesNotGovern(t *testing.T) {
	out := filepath.Join(t.TempDir(), "plan.json")
	var stdout, stderr bytes.Buffer
	if code := runCommand([]string{"plan", "stacks/large.yaml", "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := "Warnings\n  - guardrails.allowedRegions: ca-central-1 is allowed but not governed"
	if !strings.Contains(stdout.String(), want) {
		t.Errorf("output lacks %q:\n%.2000s", want, stdout.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	// The third: the stack's organization is new, so its cost tags wait for the first bill.
	if len(doc.Warnings) != 3 || !strings.Contains(doc.Warnings[0], "ca-central-1") || !strings.Contains(doc.Warnings[1], "263 accounts") ||
		!strings.Contains(doc.Warnings[2], "activateCostAllocationTags: false") {
		t.Errorf("plan.json warnings = %v", doc.Warnings)
	}

	stdout.Reset()
	if code := runCommand([]string{"plan", acmeFixture, "--out", "-"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if strings.Contains(stdout.String(), "is allowed but not governed") {
		t.Errorf("acme governs every allowed Region, yet the plan warns:\n%.2000s", stdout.String())
	}
}

func TestPlan_WarnsWhenTheAccountsExceedTheDefaultQuota(t *testing.T) {
	for file, warns := range map[string]bool{acmeFixture: true, "stacks/minimal.yaml": false} {
		var stdout, stderr bytes.Buffer
		if code := runCommand([]string{"plan", file, "--out", "-"}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", file, code, stderr.String())
		}
		got := strings.Contains(stdout.String(), `request an increase of the AWS Organizations quota "Number of AWS accounts in an organization"`)
		if got != warns {
			t.Errorf("%s: quota warning %v, want %v:\n%.1500s", file, got, warns, stdout.String())
		}
	}
}

// Adopting an organization that may already run GuardDuty or AWS Config: the plan says, before
// anything is created, that their detectors and recorders would collide with the landing zone's.
func TestPlan_AdoptionListsTheDetectorAndRecorderPrerequisite(t *testing.T) {
	for file, want := range map[string]bool{"stacks/adopt.yaml": true, acmeFixture: false} {
		var stdout, stderr bytes.Buffer
		if code := runCommand([]string{"plan", file, "--out", "-"}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", file, code, stderr.String())
		}
		got := strings.Contains(stdout.String(), "no GuardDuty detector (aws guardduty list-detectors) and no AWS Config recorder")
		if got != want {
			t.Errorf("%s: adoption prerequisite listed %v, want %v", file, got, want)
		}
	}
}

func TestPlan_YAMLPitfallsAndSyntaxErrorsAreRefusedWithExitOneAndTheLine(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct{ text, want string }{
		"pitfall": {"config:\n  landingzone:managementAccountId: 012345678901\n", "managementAccountId: line 2: 012345678901 is read by YAML as a number"},
		"syntax":  {"config:\n  landingzone:name: Acme\n   prefix: acme\n", "line 3"},
	} {
		file := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(file, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := runCommand([]string{"plan", file, "--out", "-"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%s: exit %d, want 1 with %q:\n%s", name, code, tc.want, stderr.String())
		}
	}
}
