package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/delivery"
)

func TestDeployRole_CoversEveryServiceTheFixturesUse(t *testing.T) {
	used := map[string]bool{}
	for _, file := range append(userStacks(t), fixtures(t)...) {
		p, err := runPlan(readStack(t, file))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for typ := range p.Summary.ByType {
			if !strings.HasPrefix(typ, "aws:") {
				continue
			}
			service := delivery.ServiceOf(typ)
			used[service] = true
			if !slices.Contains(delivery.DeployServices, service) {
				t.Errorf("%s registers %s (service %s), which the deploy role may not manage", file, typ, service)
			}
		}
	}
	for _, s := range delivery.DeployServices {
		if !used[s] && s != "account" {
			t.Errorf("the deploy role may manage %s, which no stack uses: least privilege says drop it", s)
		}
	}
}
