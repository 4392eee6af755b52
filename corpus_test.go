package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

// TestTrickyConfigurations_AreAccepted runs every file of testdata/valid, configurations at the edge
// of what AWS and the landing zone accept (explicit defaults, empty lists that mean something, the
// longest names, secrets, other namespaces), through the program `pulumi up` runs: each must build.
func TestTrickyConfigurations_AreAccepted(t *testing.T) {
	files, err := filepath.Glob("testdata/valid/*.yaml")
	if err != nil || len(files) < 8 {
		t.Fatalf("tricky valid configurations: %d files, %v", len(files), err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".yaml"), func(t *testing.T) {
			p, err := runPlan(readStack(t, file))
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			// A webhook URL, secret or not, never reaches the plan in clear.
			for _, r := range p.Find("aws:sns/topicSubscription:TopicSubscription") {
				if r.Input("protocol") == "https" && r.Input("endpoint") != plan.Secret {
					t.Errorf("webhook endpoint %q registered in clear", r.Input("endpoint"))
				}
			}
			if len(p.Find(plan.AccountType)) < 3 {
				t.Errorf("%d accounts registered; the core accounts at least", len(p.Find(plan.AccountType)))
			}
		})
	}
}
