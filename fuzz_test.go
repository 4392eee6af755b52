package main

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

// FuzzStackFile feeds stack files through all that `go run . plan` does (read, decode, validate,
// synthesize under the mock engine), seeded with every fixture, bad configuration and tricky valid
// configuration. For any input: no panic; any YAML that parses is either planned or refused with
// configuration problems (exit 1, never exit 2), and every refusal names its config path. Every
// `go test` replays the seeds and the crashers kept in testdata/fuzz/FuzzStackFile. Coverage-guided
// fuzzing of this binary (it links the whole AWS SDK) is slow, so CI fuzzes the reading, decoding and
// validation without synthesis (pkg/plan FuzzReadDecodeValidate, make fuzz); run this one by hand for
// longer: go test . -run '^$' -fuzz FuzzStackFile -fuzztime 10m.
// maxFuzzInput keeps the fuzzer on stack files it can plan many times a second (stacks/large.yaml,
// 261 accounts, takes a good part of a second under coverage instrumentation).
const maxFuzzInput = 16 << 10

func FuzzStackFile(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{"stacks/*.yaml", "Pulumi.*.yaml", "testdata/bad/*.yaml", "testdata/valid/*.yaml"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, files...)
	}
	for _, file := range seeds {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) <= maxFuzzInput {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			t.Skip("large organizations are covered by the whole-organization tests; fuzzing them is slow")
		}
		var parsed any
		if yaml.Unmarshal(data, &parsed) != nil {
			t.Skip("not YAML: the plan refuses it with the parser's line")
		}
		sc, err := plan.ParseStackFile(data, "Pulumi.fuzz.yaml")
		if err == nil {
			_, err = runPlan(sc)
		}
		if err == nil {
			return
		}
		problems, ok := plan.Problems(err)
		if !ok {
			var parseErr *yaml.TypeError
			if errors.As(err, &parseErr) {
				t.Skip("not a stack file's shape")
			}
			t.Fatalf("refused without configuration problems (exit 2): %v", err)
		}
		if len(problems) == 0 {
			t.Fatal("refused with an empty problem list")
		}
		if i := slices.IndexFunc(problems, func(p config.Problem) bool { return p.Path == "" }); i >= 0 {
			t.Fatalf("a refusal names no config path: %s", problems[i].Message)
		}
	})
}
