package importer

import (
	"strings"
	"testing"
)

func TestWrite_TagsBecomeWorkloadFieldsAndGapsAreMarkedForReview(t *testing.T) {
	org := &Organization{ID: "o-abc1234567", ManagementAccountID: "111111111111", ManagementName: "Initech Management",
		Accounts: []Account{
			{ID: "222222222222", Name: "Initech Logging", Email: "logs@initech.example", OU: "Security", Status: "ACTIVE"},
			{ID: "333333333333", Name: "TPS Reports", Email: "tps@initech.example", Status: "ACTIVE",
				Tags: map[string]string{"Env": "Production", "Project": "tps", "Department": "finance", "Owner": "tps@initech.example", "Compliance": "PCI-DSS"}},
			{ID: "444444444444", Name: "Old", Email: "old@initech.example", Status: "SUSPENDED"},
		}}
	var b strings.Builder
	if err := Write(&b, org, Options{HomeRegion: "us-east-2"}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"landingzone:prefix: initech-management", "governedRegions: [us-east-2]",
		`log-archive: "222222222222"`, `tps-reports: "333333333333"`,
		`environment: "prod"`, `application: "tps"`, `businessUnit: "finance"`, "compliance: pci-dss",
		`costCenter: ""  # REVIEW: the account has no CostCenter tag`,
		"# REVIEW: at the root today",
		"# REVIEW: no existing account looks like the security account",
		"# Not imported: Old (444444444444) is SUSPENDED.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "444444444444\"") {
		t.Error("a suspended account is adopted")
	}
}

func TestKey_MakesAValidWorkloadName(t *testing.T) {
	for in, want := range map[string]string{"Payments Prod": "payments-prod", "  Data/Lake_01 ": "data-lake-01", "123 Corp": "account-123-corp"} {
		if got := key(in); got != want {
			t.Errorf("key(%q) = %q, want %q", in, got, want)
		}
	}
}
