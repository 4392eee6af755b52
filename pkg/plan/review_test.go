package plan

import (
	"strings"
	"testing"
)

func TestReview_WarnsOfTheAccountQuotaAndOfExemptionsSCPsCannotEnforce(t *testing.T) {
	p := basePlan()
	p.Summary.Accounts = 10 // plus the management account: 11, over the default quota of 10
	scp := named(p, "baseline")
	scp.Inputs["content"] = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*",` +
		`"Condition":{"ArnNotLike":{"aws:PrincipalARN":["arn:aws:iam::111111111111:role/Admin","arn:aws:iam::*:role/OrganizationAccountAccessRole"]}}}]}`
	rv := p.Review()
	if len(rv.Warnings) != 2 {
		t.Fatalf("warnings: %q", rv.Warnings)
	}
	if !strings.Contains(rv.Warnings[1], "11 accounts") || !strings.Contains(rv.Warnings[0], "arn:aws:iam::111111111111:role/Admin is a management-account principal") {
		t.Errorf("warnings: %q", rv.Warnings)
	}
	if len(rv.Exempt) != 2 || rv.Exempt[0].Pattern != "arn:aws:iam::*:role/OrganizationAccountAccessRole" || rv.Exempt[0].Policies[0] != "acme-baseline" {
		t.Errorf("exempt: %+v", rv.Exempt)
	}
}

func TestReview_ListsProtectedResourcesImportsAndPlaceholders(t *testing.T) {
	p := basePlan()
	named(p, "Workloads").ImportID = "ou-abcd-workload"
	rv := p.Review()
	if len(rv.Protected) != 4 || len(rv.Imports) != 1 || rv.Imports[0].Name != "Workloads" {
		t.Errorf("protected %d, imports %+v", len(rv.Protected), rv.Imports)
	}
	if rv.Placeholds != 4 {
		t.Errorf("%d placeholder IDs, want 4 (5 custom resources, one imported)", rv.Placeholds)
	}
}
