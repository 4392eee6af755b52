package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

func TestForceNew_CoversEveryTypeTheFixturesRegister(t *testing.T) {
	for _, file := range append(userStacks(t), fixtures(t)...) {
		p, err := runPlan(readStack(t, file))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for typ := range p.Summary.ByType {
			if !strings.HasPrefix(typ, "aws:") {
				continue // components and providers have no provider schema
			}
			if _, ok := plan.ForceNew(typ); !ok {
				t.Errorf("%s registers %s, which the ForceNew table lacks: add it to hack/forcenew and regenerate", file, typ)
			}
		}
	}
}

// writePlan plans a stack file's text and writes its plan.json.
func writePlan(t *testing.T, dir, name, stackText string) string {
	t.Helper()
	stackFile := filepath.Join(dir, name+".yaml")
	if err := os.WriteFile(stackFile, []byte(stackText), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, name+".json")
	var stdout, stderr bytes.Buffer
	if code := runCommand([]string{"plan", stackFile, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("plan %s: exit %d: %s", name, code, stderr.String())
	}
	return out
}

func TestDiffCommand_RefusesAChangedAccountEmailUnlessAllowed(t *testing.T) {
	acme, err := os.ReadFile(acmeFixture)
	if err != nil {
		t.Fatal(err)
	}
	const email = "aws+payments-prod@acme.example"
	if !strings.Contains(string(acme), email) {
		t.Fatalf("the fixture no longer has %s", email)
	}
	baseDir, headDir := t.TempDir(), t.TempDir()
	base := writePlan(t, baseDir, "acme", string(acme))
	head := writePlan(t, headDir, "acme", strings.Replace(string(acme), email, "payments-prod@acme.example", 1))

	var stdout, stderr bytes.Buffer
	if code := runCommand([]string{"diff", base, head}, &stdout, &stderr); code != 3 {
		t.Fatalf("exit %d, want 3: %s%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "!!!   REPLACE payments-prod (aws:organizations/account:Account): protected, stateful: email") ||
		!strings.Contains(stderr.String(), "--allow-destructive") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	stdout.Reset()
	if code := runCommand([]string{"diff", "--allow-destructive", "--format", "markdown", base, head}, &stdout, &stderr); code != 0 {
		t.Fatalf("with --allow-destructive: exit %d", code)
	}
	if !strings.Contains(stdout.String(), "> [!CAUTION]") {
		t.Errorf("markdown:\n%s", stdout.String())
	}

	stdout.Reset()
	if code := runCommand([]string{"diff", base, base}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "No change") {
		t.Errorf("a plan against itself: exit %d: %s", code, stdout.String())
	}
}

func TestDiffCommand_RefusesAMissingBaseAFileThatIsNotAPlanAndAnotherStack(t *testing.T) {
	dir := t.TempDir()
	minimal, err := os.ReadFile("stacks/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	acme, err := os.ReadFile(acmeFixture)
	if err != nil {
		t.Fatal(err)
	}
	head := writePlan(t, dir, "minimal", string(minimal))
	other := writePlan(t, dir, "acme", string(acme))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"diff", filepath.Join(dir, "base.json"), head}, "base: " + filepath.Join(dir, "base.json") + " does not exist"},
		{[]string{"diff", "stacks/minimal.yaml", head}, "is not a plan.json"},
		{[]string{"diff", other, head}, "different stacks"},
		{[]string{"diff", head}, "give two plan.json files"},
	} {
		var stdout, stderr bytes.Buffer
		if code := runCommand(tc.args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, stderr.String(), tc.want)
		}
	}
}
