package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

// TestImportConfig_WritesAStackThePlanAcceptsAdoptingEveryAccount: a moto organization of 3 OUs and
// 10 tagged accounts becomes a stack file that the offline plan accepts as written, in which every
// existing account is imported, none created.
func TestImportConfig_WritesAStackThePlanAcceptsAdoptingEveryAccount(t *testing.T) {
	emulator(t)
	s := newSeeder(t)
	s.organization(orgtypes.OrganizationFeatureSetAll)
	for _, ou := range []string{"Security", "Infrastructure", "Workloads"} {
		s.ou(ou)
	}
	core := map[string]string{"Owner": "platform@corp.example", "CostCenter": "CC-100", "BusinessUnit": "platform"}
	s.account("Log Archive", "aws-logs@corp.example", "Security", core)
	s.account("Audit", "aws-audit@corp.example", "Security", core)
	s.account("Shared Services", "aws-shared@corp.example", "Infrastructure", core)
	workloads := []struct{ name, env, app string }{
		{"Payments Prod", "production", "payments"}, {"Payments Staging", "staging", "payments"},
		{"Webshop Prod", "prod", "webshop"}, {"Webshop Dev", "development", "webshop"},
		{"Data Lake", "prod", "datalake"}, {"Data Lake Test", "test", "datalake"}, {"Billing", "prod", "billing"},
	}
	for _, w := range workloads {
		key := strings.ToLower(strings.ReplaceAll(w.name, " ", "-"))
		// "Department" is how some organizations spell the business unit: it is read too.
		s.account(w.name, "aws-"+key+"@corp.example", "Workloads", map[string]string{
			"Owner": w.app + "-team@corp.example", "CostCenter": "CC-" + w.app, "Department": "commerce", "Application": w.app, "Environment": w.env,
		})
	}
	if len(s.Accounts) != 10 || len(s.OUs) != 3 {
		t.Fatalf("seeded %d accounts and %d OUs", len(s.Accounts), len(s.OUs))
	}

	dir := t.TempDir()
	out := filepath.Join(dir, "Pulumi.corp.yaml")
	var stdout, stderr bytes.Buffer
	if code := runCommand([]string{"import-config", "--out", out, "--home-region", "us-east-1", "--regions", "us-east-1,us-west-2", "--prefix", "corp", "--name", "Corp"}, &stdout, &stderr); code != 0 {
		t.Fatalf("import-config exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{
		"# yaml-language-server: $schema=", "organizationId: " + s.Org,
		`# REVIEW: guessed from the name "Audit": adopted as the security account.`,
		`environment: "prod"`, `environment: "dev"`, `businessUnit: "commerce"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the stack file lacks %q:\n%s", want, text)
		}
	}

	// The file as written: the same reader and program as `go run . plan`.
	sc, err := plan.ReadStackFile(out)
	if err != nil {
		t.Fatalf("the written file is refused: %v\n%s", err, text)
	}
	p, err := plan.Run(sc, program(sc.Config, sc.SecretKeys, false))
	if err != nil {
		t.Fatalf("the plan refuses the written file: %v\n%s", err, text)
	}
	var imported []string
	for _, r := range p.Find(plan.AccountType) {
		if r.ImportID == "" {
			t.Errorf("account %s would be created, not adopted", r.Name)
			continue
		}
		imported = append(imported, r.ImportID)
	}
	for name, id := range s.Accounts {
		if !slices.Contains(imported, id) {
			t.Errorf("account %s (%s) is not adopted", name, id)
		}
	}
	if len(imported) != 10 {
		t.Errorf("%d accounts imported, want the 10 that exist", len(imported))
	}
	if r := p.Named("aws:organizations/organization:Organization", "organization"); r == nil || r.ImportID != s.Org {
		t.Errorf("the organization is not imported as %s", s.Org)
	}
	t.Logf("import-config wrote:\n%s", text)
}
