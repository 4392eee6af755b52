package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/identity"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

// generatedStack is an organization with n workload accounts spread over prod, non-prod, regulated
// and sandbox, as a large estate would be, with every component on: shared services with the
// directory, DNS and the hub, Macie and Detective, Identity Center, the FinOps budget, and a
// network for every workload (a /24 each, from 10.1.0.0 up; sandboxes stay off the hub).
func generatedStack(n int) *plan.StackConfig {
	workloads := make([]map[string]any, 0, n)
	envs := []string{"prod", "staging", "dev", "test"}
	for i := range n {
		w := map[string]any{
			"name": fmt.Sprintf("app%04d-%s", i/4, envs[i%4]), "email": fmt.Sprintf("aws+w%04d@bench.example", i),
			"environment": envs[i%4], "owner": fmt.Sprintf("team%03d@bench.example", i/20),
			"costCenter": fmt.Sprintf("CC-%03d", i/50), "businessUnit": "bu" + fmt.Sprint(i%7),
			// At most 500 applications: a cost category takes 500 rules (one per application).
			"application": fmt.Sprintf("app%03d", (i/4)%250),
		}
		network := map[string]any{"cidr": fmt.Sprintf("10.%d.%d.0/24", 1+i/256, i%256), "subnetPrefixLength": 26}
		switch {
		case i%25 == 0:
			w["compliance"] = "pci-dss"
		case i%10 == 9:
			w["name"] = fmt.Sprintf("sandbox%04d", i)
			w["environment"] = "sandbox"
			w["expiresOn"] = "2027-06-30"
			w["budget"] = map[string]any{"monthlyLimitUsd": 200}
			network["attachToHub"], network["resolveDirectory"] = false, false
		}
		// The shared-services route tables return traffic to at most config.MaxHubWorkloads
		// attached VPCs (the routes-per-route-table quota): beyond the first 1,000 workloads (900
		// attached, in 9 prefix lists), the VPCs stay off the hub.
		if i >= 1000 {
			network["attachToHub"] = false
		}
		w["network"] = network
		workloads = append(workloads, w)
	}
	text, _ := json.Marshal(workloads)
	return &plan.StackConfig{Stack: fmt.Sprintf("bench%d", n), Config: map[string]string{
		"landingzone:name":            "Bench",
		"landingzone:prefix":          "bench",
		"landingzone:homeRegion":      "us-east-1",
		"landingzone:governedRegions": `["us-east-1","us-west-2","eu-west-1"]`,
		"landingzone:coreAccounts": `{"owner":"platform@bench.example","costCenter":"CC-0","businessUnit":"platform",
			"logArchive":{"email":"log@bench.example"},"security":{"email":"sec@bench.example"},"sharedServices":{"email":"shared@bench.example"}}`,
		"landingzone:workloads": string(text),
		"landingzone:identity":  benchIdentity,
		"landingzone:securityHub": `{"standards":["aws-foundational-security-best-practices","cis-aws-foundations-benchmark","pci-dss"],
			"notificationEmails":["secops@bench.example"],"macie":true,"detective":true}`,
		"landingzone:sharedServices": `{"directory":{"domainName":"corp.bench.example"},"network":{"vpcCidr":"10.255.0.0/22"},
			"transitGateway":{"enabled":true}}`,
		"landingzone:finOps": `{"email":"finops@bench.example","budgetUsd":1000000}`,
	}}
}

// benchIdentity gives 5 groups access by OU and tag, administered from the shared-services account:
// the security team audits every account, administrators reach the unregulated OUs, developers get
// PowerUser in dev accounts, support reads production and operators read the regulated accounts.
const benchIdentity = `{"delegatedAdministrator":"shared-services",
	"groups":{"security":{"displayName":"security"},"admins":{"displayName":"admins"},"developers":{"displayName":"developers"},
		"support":{"displayName":"support"},"operators":{"displayName":"operators"}},
	"securityAudit":{"group":"security"},
	"assignments":[
		{"group":"admins","permissionSets":["Administrator"],"ous":["Workloads","Sandbox","Infrastructure"]},
		{"group":"developers","permissionSets":["PowerUser"],"tags":{"Environment":"dev"}},
		{"group":"support","permissionSets":["ReadOnly"],"tags":{"Environment":"prod"}},
		{"group":"operators","permissionSets":["ReadOnly"],"ous":["Regulated"]}]}`

// BenchmarkPlan synthesizes whole organizations under the mock engine, as `go run . plan` does.
// Run: make bench (go test . -run '^$' -bench Plan -benchmem)
func BenchmarkPlan(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 5000} {
		sc := generatedStack(n)
		b.Run(fmt.Sprintf("workloads=%d", n), func(b *testing.B) {
			var p *plan.Plan
			for b.Loop() {
				var err error
				if p, err = runPlan(sc); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(p.Summary.Resources), "resources")
			b.ReportMetric(float64(p.Summary.Providers), "providers")
			b.ReportMetric(float64(len(p.Find(identity.AssignmentType))), "assignments")
			b.ReportMetric(float64(len(p.Find("aws:cloudformation/stackSetInstance:StackSetInstance"))), "stackinstances")
		})
	}
}

func TestGeneratedStack_IsValidAtEveryBenchmarkSize(t *testing.T) {
	for _, n := range []int{10, 100, 1000} {
		p, err := runPlan(generatedStack(n))
		if err != nil {
			t.Fatalf("%d workloads: %v", n, err)
		}
		if p.Summary.Accounts != n+3 {
			t.Errorf("%d workloads: %d accounts", n, p.Summary.Accounts)
		}
		org, err := config.Load(generatedStack(n).Config)
		if err != nil {
			t.Fatal(err)
		}
		// One assignment per (account, group, permission set), all from one delegated administrator
		// provider: management and security in each of the 3 Regions, log-archive and shared-services.
		if got, want := len(p.Find(identity.AssignmentType)), len(org.AccessMatrix()); got != want || got < n {
			t.Errorf("%d workloads: %d assignments, want %d", n, got, want)
		}
		// Management and security in each of the 3 Regions, log-archive and shared-services: the
		// workload networks, budgets, caps and hub associations add none.
		if p.Summary.Providers != 8 {
			t.Errorf("%d workloads: %d providers, want 8 whatever the number of accounts", n, p.Summary.Providers)
		}
		if got := len(p.Find("aws:cloudformation/stackSetInstance:StackSetInstance")); got < n {
			t.Errorf("%d workloads, each with a network: %d stack instances", n, got)
		}
	}
}

// TestGeneratedStack_WriteForTheProcessBenchmark writes the benchmark's stacks as stack files, so
// the whole `plan` process can be measured as a user runs it (README, Performance):
//
//	LZ_BENCH_STACKS=/tmp go test . -run TestGeneratedStack_WriteForTheProcessBenchmark
//	go build -o /tmp/lz . && /usr/bin/time -v /tmp/lz plan /tmp/bench1000.yaml
//
// JSON is YAML, so each configuration value is written as the JSON the engine would hand over.
func TestGeneratedStack_WriteForTheProcessBenchmark(t *testing.T) {
	dir := os.Getenv("LZ_BENCH_STACKS")
	if dir == "" {
		t.Skip("set LZ_BENCH_STACKS to a directory to write the benchmark stacks")
	}
	for _, n := range []int{10, 100, 1000, 5000} {
		sc := generatedStack(n)
		var b strings.Builder
		b.WriteString("config:\n")
		for _, k := range slices.Sorted(maps.Keys(sc.Config)) {
			v := sc.Config[k]
			if !strings.HasPrefix(v, "{") && !strings.HasPrefix(v, "[") {
				q, _ := json.Marshal(v)
				v = string(q)
			}
			fmt.Fprintf(&b, "  %s: %s\n", k, strings.Join(strings.Fields(v), " "))
		}
		path := filepath.Join(dir, fmt.Sprintf("bench%d.yaml", n))
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := plan.ReadStackFile(path); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
}
