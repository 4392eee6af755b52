package plan_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/guardrails"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

// FuzzReadDecodeValidate is the fast half of the stack-file fuzzing, the one CI runs for 60 s (make
// fuzz): reading the stack file (the Pulumi SDK loader and the YAML pitfalls), decoding, defaults,
// validation and the guardrails' limits, for mutations of every stack file, bad and tricky valid
// configuration. For any YAML that parses: no panic, and either an accepted organization or
// configuration problems (exit 1, never exit 2) that each name a config path. It runs in this
// package because it links no pulumi-aws: coverage-guided fuzzing of a binary holding the whole AWS
// SDK manages a handful of executions a second. The root FuzzStackFile adds synthesis under the mock
// engine; every `go test` replays its seeds and the crashers kept in testdata/fuzz.
func FuzzReadDecodeValidate(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{"../../stacks/*.yaml", "../../Pulumi.*.yaml", "../../testdata/bad/*.yaml", "../../testdata/valid/*.yaml"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, files...)
	}
	if len(seeds) < 100 {
		f.Fatalf("%d seeds", len(seeds))
	}
	for _, file := range seeds {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var parsed any
		if yaml.Unmarshal(data, &parsed) != nil {
			t.Skip("not YAML: the plan refuses it with the parser's line")
		}
		sc, err := plan.ParseStackFile(data, "Pulumi.fuzz.yaml")
		var org *config.Organization
		if err == nil {
			org, err = config.Load(sc.Config, sc.SecretKeys...)
		}
		if err == nil {
			_, err = guardrails.Build(org)
		}
		if err == nil {
			return
		}
		problems, ok := plan.Problems(err)
		if !ok {
			t.Fatalf("refused without configuration problems (exit 2): %v", err)
		}
		if i := slices.IndexFunc(problems, func(p config.Problem) bool { return p.Path == "" }); len(problems) == 0 || i >= 0 {
			t.Fatalf("a refusal names no config path: %v", problems)
		}
	})
}
