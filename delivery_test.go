package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/delivery"
)

func TestDeployRole_CoversEveryServiceTheFixturesUse(t *testing.T) {
	used := map[string]bool{}
	for _, file := range append(userStacks(t), fixtures(t)...) {
		p, err := runPlan(readStack(t, file))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		// The deploy role acts in the management account; resources inside member accounts are
		// managed through their access role, whose permissions are the account's administrator's.
		for _, r := range p.Resources {
			if !strings.HasPrefix(r.Type, "aws:") || r.Provider == nil || r.Provider.Account != config.KeyManagement {
				continue
			}
			service := delivery.ServiceOf(r.Type)
			used[service] = true
			if !slices.Contains(delivery.DeployServices, service) {
				t.Errorf("%s registers %s (service %s) in the management account, which the deploy role may not manage", file, r.Type, service)
			}
		}
	}
	for _, s := range delivery.DeployServices {
		if !used[s] && s != "account" {
			t.Errorf("the deploy role may manage %s, which no stack uses: least privilege says drop it", s)
		}
	}
}
