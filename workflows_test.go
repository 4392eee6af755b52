package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/landingzone/aws-landing-zone/pkg/delivery"
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

// TestWorkflows_PreviewsAreReadOnlyRunsAndDeploysAreNot: every job that takes the preview role runs
// read-only (member providers assume the member preview role, the only one it may assume) with
// program-based refresh; no job that takes the deploy role does.
func TestWorkflows_PreviewsAreReadOnlyRunsAndDeploysAreNot(t *testing.T) {
	type job struct {
		Env   map[string]string `yaml:"env"`
		Steps []struct {
			With map[string]string `yaml:"with"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	}
	files, _ := filepath.Glob(".github/workflows/*.yml")
	previews, deploys := 0, 0
	for _, f := range files {
		var wf struct {
			Env  map[string]string `yaml:"env"`
			Jobs map[string]job    `yaml:"jobs"`
		}
		if err := yaml.Unmarshal([]byte(readText(t, f)), &wf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for name, j := range wf.Jobs {
			role := ""
			for _, st := range j.Steps {
				if r := st.With["role-to-assume"]; r != "" {
					role = r
				}
				if _, ok := st.Env[delivery.ReadOnlyEnv]; ok {
					t.Errorf("%s/%s sets %s on one step: set it on the job, so every step agrees", f, name, delivery.ReadOnlyEnv)
				}
			}
			readOnly := j.Env[delivery.ReadOnlyEnv] == "true" || wf.Env[delivery.ReadOnlyEnv] == "true"
			switch {
			case strings.Contains(role, "AWS_PREVIEW_ROLE_ARN"):
				previews++
				if !readOnly || j.Env["PULUMI_RUN_PROGRAM"] != "true" {
					t.Errorf("%s/%s takes the preview role without %s=true and PULUMI_RUN_PROGRAM=true: %v", f, name, delivery.ReadOnlyEnv, j.Env)
				}
			case strings.Contains(role, "AWS_DEPLOY_ROLE_ARN"):
				deploys++
				if readOnly {
					t.Errorf("%s/%s deploys as a read-only run", f, name)
				}
			}
		}
	}
	if previews == 0 || deploys == 0 {
		t.Errorf("%d preview and %d deploy jobs found: the check checked nothing", previews, deploys)
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

// pulumiGlob translates a --target/--exclude pattern as the Pulumi CLI does: "**" matches anything,
// "*" anything but ":" (pulumi/pulumi pkg/resource/deploy/deployment.go, NewUrnTargets).
func pulumiGlob(glob string) *regexp.Regexp {
	segments := strings.Split(glob, "**")
	for i, seg := range segments {
		parts := strings.Split(seg, "*")
		for j, p := range parts {
			parts[j] = regexp.QuoteMeta(p)
		}
		segments[i] = strings.Join(parts, "[^:]*")
	}
	return regexp.MustCompile("^" + strings.Join(segments, ".*") + "$")
}

// TestDriftWorkflow_ExcludesExactlyTheSecretValues: the read-only drift run may skip only what it
// cannot read without reading data (a secret version's read is GetSecretValue), nothing else.
func TestDriftWorkflow_ExcludesExactlyTheSecretValues(t *testing.T) {
	text := readText(t, ".github/workflows/drift.yml")
	m := regexp.MustCompile(`--exclude '([^']+)'`).FindAllStringSubmatch(text, -1)
	if len(m) != 1 {
		t.Fatalf("want one --exclude in drift.yml, found %d", len(m))
	}
	exclude := pulumiGlob(m[0][1])
	p, err := runPlan(readStack(t, acmeFixture))
	if err != nil {
		t.Fatal(err)
	}
	secrets := 0
	for _, r := range p.Resources {
		isSecretValue := r.Type == "aws:secretsmanager/secretVersion:SecretVersion"
		if isSecretValue {
			secrets++
		}
		if exclude.MatchString(r.URN) != isSecretValue {
			t.Errorf("%s: excluded = %v, want %v", r.URN, !isSecretValue, isSecretValue)
		}
	}
	if secrets == 0 {
		t.Fatal("the Acme fixture has no secret version: the exclusion is untested")
	}
	for _, flag := range []string{"--preview-only", "--run-program", "--expect-no-changes"} {
		if !strings.Contains(text, flag) {
			t.Errorf("drift.yml lacks %s", flag)
		}
	}
}
