package main

import (
	"path/filepath"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// The mock engine accepts any name; AWS does not. Every name the plan registers, for every fixture
// and user stack, must pass AWS's rule for its resource type (pkg/config/awsrules.go), so that the
// names the components build and the rules config validates cannot drift apart.
func TestWholeOrganization_EveryRegisteredNameIsOneAWSAccepts(t *testing.T) {
	checked := map[string]int{}
	for _, file := range append(userStacks(t), fixtures(t)...) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			p, err := runPlan(readStack(t, file))
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range p.Resources {
				rule, ok := config.ResourceNameRules[r.Type]
				if !ok {
					continue
				}
				name := r.Input(rule.Input)
				if name == "" {
					t.Errorf("%s %s has no %s input", r.Type, r.Name, rule.Input)
					continue
				}
				if why := rule.Rule.Check(name); why != "" {
					t.Errorf("%s %s: %s", r.Type, r.Name, why)
				}
				checked[r.Type]++
			}
		})
	}
	for typ := range config.ResourceNameRules {
		if checked[typ] == 0 {
			t.Errorf("no fixture registers a %s: its rule is untested", typ)
		}
	}
}
