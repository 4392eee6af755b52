package main

import (
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

// TestStackOutputs_CarryWhatOtherStacksNeed checks the values behind the stack outputs: the OU IDs,
// each account's access role, the log archive's locations and the findings topic.
func TestStackOutputs_CarryWhatOtherStacksNeed(t *testing.T) {
	org, v := acmeValues(t, func(lz *LandingZone) []any {
		logArchive := lz.Accounts[config.KeyLogArchive]
		return []any{lz.Organization.OUIDs, logArchive.ID, logArchive.AccessRoleArn, lz.LogArchive.Outputs(), lz.SecurityHub.Outputs()}
	})
	got := map[string]any{"ous": v[0], "logID": v[1], "logRole": v[2], "logArchive": v[3], "securityHub": v[4]}

	ous := got["ous"].(map[string]string)
	for _, path := range org.OUPaths() {
		if !strings.HasPrefix(ous[path], "ou-") {
			t.Errorf("OU %s has ID %q", path, ous[path])
		}
	}
	if got["logRole"] != "arn:aws:iam::"+got["logID"].(string)+":role/OrganizationAccountAccessRole" {
		t.Errorf("log-archive access role = %v", got["logRole"])
	}
	la := got["logArchive"].(map[string]any)
	if !strings.HasPrefix(la["bucketName"].(string), "acme-log-archive-"+got["logID"].(string)) ||
		la["trailArn"] != "arn:aws:cloudtrail:eu-west-1:403815927164:trail/acme-organization-trail" ||
		la["prefixes"].(map[string]string)["config"] != "config" {
		t.Errorf("logArchive outputs = %v", la)
	}
	sh := got["securityHub"].(map[string]any)
	if !strings.HasSuffix(sh["topicArn"].(string), ":acme-security-findings") || len(sh["analyzerArns"].(map[string]string)) != 3 ||
		len(sh["standards"].([]string)) != 3 {
		t.Errorf("securityHub outputs = %v", sh)
	}
}

// acmeValues synthesizes the Acme fixture with the composition and its stack outputs, and returns
// the values of the outputs pick chooses.
func acmeValues(t *testing.T, pick func(lz *LandingZone) []any) (*config.Organization, []any) {
	t.Helper()
	sc := readStack(t, acmeFixture)
	org, err := config.Load(sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var got []any
	wg.Add(1)
	_, err = plan.Synthesize("prod", org.ManagementAccountID, func(ctx *pulumi.Context) error {
		lz, err := landingZone(ctx, org, nil)
		if err != nil {
			return err
		}
		lz.export(ctx)
		pulumi.All(pick(lz)...).ApplyT(func(v []any) error {
			got = v
			wg.Done()
			return nil
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	return org, got
}

// TestStackOutputs_WorkloadsAndCostAllocation checks the workload outputs: each networked workload's
// stack ID is the stack in its own account, a budgeted workload names its budget, and the cost
// categories are the three groupings.
func TestStackOutputs_WorkloadsAndCostAllocation(t *testing.T) {
	org, v := acmeValues(t, func(lz *LandingZone) []any {
		workloads := pulumi.Map{}
		for key, w := range lz.Workloads {
			workloads[key] = w.Outputs()
		}
		return []any{workloads, lz.Costs.CategoryArns}
	})
	workloads, categories := v[0].(map[string]any), v[1].(map[string]string)
	networked := 0
	for i := range org.Workloads {
		w := &org.Workloads[i]
		out, ok := workloads[w.Name].(map[string]any)
		if !ok {
			t.Errorf("no output for workload %s", w.Name)
			continue
		}
		id, _ := out["id"].(string)
		if len(id) != 12 || out["profile"] != w.Profile {
			t.Errorf("%s: id %q, profile %v", w.Name, id, out["profile"])
		}
		if (w.Budget != nil && w.Active()) != (out["budgetName"] != "") {
			t.Errorf("%s: budget %v, active %v, budgetName %q", w.Name, w.Budget != nil, w.Active(), out["budgetName"])
		}
		if w.Network == nil {
			if out["network"] != nil {
				t.Errorf("%s has a network output without a network", w.Name)
			}
			continue
		}
		networked++
		n, _ := out["network"].(map[string]any)
		if n["cidr"] != w.Network.Cidr || !strings.Contains(n["stackId"].(string), ":"+id+":stack/") {
			t.Errorf("%s: network outputs %v, want its CIDR and the stack in account %s", w.Name, n, id)
		}
	}
	if networked == 0 {
		t.Fatal("the Acme fixture has no networked workload: this test would prove nothing")
	}
	if len(categories) != 3 {
		t.Errorf("cost categories %v, want business unit, environment and application", categories)
	}
}
