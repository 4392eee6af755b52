package main

import (
	"maps"
	"path/filepath"
	"slices"
	"testing"

	pconfig "github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// TestStackFiles_PlanSeesWhatThePulumiCLIHandsTheProgram loads every stack file the way the Pulumi CLI
// does (the project from Pulumi.yaml, the stack file through the SDK's project-stack loader and config
// types, secrets blinded as the plan shows them) and checks that the plan's configuration is exactly
// that: every key, and every value's text (numbers, booleans, nested objects as JSON, secrets).
func TestStackFiles_PlanSeesWhatThePulumiCLIHandsTheProgram(t *testing.T) {
	project, err := workspace.LoadProject("Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	valid, err := filepath.Glob("testdata/valid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range slices.Concat(userStacks(t), fixtures(t), valid) {
		t.Run(file, func(t *testing.T) {
			stack, err := workspace.LoadProjectStack(nil, project, file)
			if err != nil {
				t.Fatal(err)
			}
			values, err := stack.Config.Decrypt(pconfig.NewBlindingDecrypter())
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{}
			var secretKeys []string
			for k, v := range values {
				want[k.String()] = v
				if stack.Config[k].Secure() {
					secretKeys = append(secretKeys, k.String())
				}
			}
			got := readStack(t, file)
			if !maps.Equal(got.Config, want) {
				for k := range want {
					if got.Config[k] != want[k] {
						t.Errorf("%s: the plan reads %q, the Pulumi loader %q", k, got.Config[k], want[k])
					}
				}
				for k := range got.Config {
					if _, ok := want[k]; !ok {
						t.Errorf("%s: the plan reads a key the Pulumi loader does not", k)
					}
				}
			}
			slices.Sort(secretKeys)
			if !slices.Equal(got.SecretKeys, secretKeys) {
				t.Errorf("secret keys: plan %v, Pulumi loader %v", got.SecretKeys, secretKeys)
			}
		})
	}
}
