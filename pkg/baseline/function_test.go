package baseline_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/baseline"
)

// TestFunction_PythonUnitTests runs testdata/test_function.py: the custom resource's code against
// moto's mock of IAM, S3 Control and EC2, on the very properties the templates hand it. It needs
// python3 with boto3 and moto (5.2.1 is the version it was written against) and fails, never skips,
// when they are missing: the baseline's code would otherwise ship untested.
func TestFunction_PythonUnitTests(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is not on PATH: the account baseline's function (function.py) cannot be tested; install Python 3 and `pip install moto==5.2.1`")
	}
	if out, err := exec.Command(python, "-c", "import boto3, moto").CombinedOutput(); err != nil {
		t.Fatalf("python3 cannot import boto3 and moto (%v): %s\ninstall them: python3 -m pip install moto==5.2.1", err, out)
	}
	p := synth(t)
	applied, err := baseline.AppliedBy(stackSet(t, p, "acme-account-baseline").Input("templateBody"))
	if err != nil {
		t.Fatal(err)
	}
	events, err := json.Marshal(map[string]any{
		"home": applied.Home, "region": applied.Other,
		"alias": map[string]any{"AccountAlias": "acme-payments-prod"},
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "events.json")
	if err := os.WriteFile(path, events, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-m", "unittest", "-v", "test_function")
	cmd.Dir = "testdata"
	cmd.Env = append(os.Environ(), "BASELINE_EVENTS="+path, "PYTHONDONTWRITEBYTECODE=1",
		// moto must never reach a real endpoint, whatever credentials the machine has.
		"AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_SESSION_TOKEN=testing", "AWS_DEFAULT_REGION=eu-west-1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the function's Python tests failed (%v):\n%s", err, out)
	}
	if !strings.Contains(string(out), "Ran 11 tests") || !strings.Contains(string(out), "\nOK") {
		t.Fatalf("unexpected unittest output:\n%s", out)
	}
}
