package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/workload"
)

// TestFixtureURNs_EveryURNBeforeWorkloadAccountIsCurrentOrAnAlias proves that moving workload
// vending into the WorkloadAccount component replaces nothing: every URN of the golden file as it
// was before the component (testdata/urns.before-workload.golden, from commit 0436800) is either
// still a URN of the fixtures or an alias a current resource declares, which the engine follows
// instead of deleting the old resource and creating a new one. For an account, a replacement
// would be a new AWS account.
func TestFixtureURNs_EveryURNBeforeWorkloadAccountIsCurrentOrAnAlias(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "urns.before-workload.golden"))
	if err != nil {
		t.Fatal(err)
	}
	current, aliasOf := map[string]bool{}, map[string]string{}
	moved := 0
	for _, file := range fixtures(t) {
		for _, r := range synthesize(t, file).plan.Resources {
			current[r.URN] = true
			for _, a := range r.Aliases {
				if prev, dup := aliasOf[a]; dup && prev != r.URN {
					t.Errorf("%s is an alias of both %s and %s: the engine could not tell which one it became", a, prev, r.URN)
				}
				aliasOf[a] = r.URN
			}
		}
	}
	for _, old := range strings.Fields(string(data)) {
		switch {
		case current[old]:
		case aliasOf[old] != "":
			moved++
			if !strings.Contains(aliasOf[old], workload.TypeToken+"$") {
				t.Errorf("%s moved to %s, outside a WorkloadAccount: only workload vending moved", old, aliasOf[old])
			}
		default:
			t.Errorf("URN gone without an alias (the resource would be replaced or deleted): %s", old)
		}
	}
	// Every workload account and budget of the fixtures moved: the test is not passing by seeing
	// nothing move.
	if moved == 0 {
		t.Fatal("no URN moved through an alias: the WorkloadAccount component is not in the fixtures")
	}
	for a, urn := range aliasOf {
		if current[a] {
			t.Errorf("%s declares alias %s, which is itself a current URN", urn, a)
		}
	}
	t.Logf("%d URNs moved under WorkloadAccount through aliases", moved)
}
