package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// TestWorkflows_AreActionlintClean lints .github/workflows with actionlint (the Go module, so the
// README's test command runs it), with shellcheck on the run: scripts when it is installed.
func TestWorkflows_AreActionlintClean(t *testing.T) {
	files, err := filepath.Glob(".github/workflows/*.yml")
	if err != nil || len(files) < 2 {
		t.Fatalf("workflows: %v %v", files, err)
	}
	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else {
		t.Log("shellcheck is not installed: run: scripts are not shellchecked")
	}
	linter, err := actionlint.NewLinter(io.Discard, opts)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := linter.LintFiles(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("%s", e.Error())
	}
}

// TestWorkflows_UseOnlyOIDCForAWS: no workflow may hand AWS a stored key.
func TestWorkflows_UseOnlyOIDCForAWS(t *testing.T) {
	files, _ := filepath.Glob(".github/workflows/*.yml")
	for _, f := range files {
		text := readText(t, f)
		for _, banned := range []string{"aws-access-key-id", "aws-secret-access-key", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "PULUMI_ACCESS_TOKEN"} {
			if strings.Contains(text, banned) {
				t.Errorf("%s uses %s: credentials come from OIDC only", f, banned)
			}
		}
		if strings.Contains(text, "configure-aws-credentials") && (!strings.Contains(text, "id-token: write") || !strings.Contains(text, "role-to-assume:")) {
			t.Errorf("%s: AWS credentials without an OIDC role", f)
		}
	}
	deploy := readText(t, ".github/workflows/deploy.yml")
	if !strings.Contains(deploy, "environment: prod") || !strings.Contains(deploy, "command: up") {
		t.Errorf("deploy.yml does not run pulumi up in the protected prod environment")
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
