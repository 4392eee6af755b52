package plan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadStackFile_GivesConfigAsTheEngineDoesAndRedactsSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Pulumi.dev.yaml")
	err := os.WriteFile(path, []byte(`config:
  aws:region: eu-west-1
  landingzone:name: Acme
  prefix: acme
  landingzone:governedRegions: [eu-west-1, us-east-1]
  landingzone:managementAccountId: "012345678901"
  landingzone:directory:
    password:
      secure: v1:abcdef==
  landingzone:token:
    secure: v1:xyz
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ReadStackFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"aws:region":                      "eu-west-1",
		"landingzone:name":                "Acme",
		"landingzone:prefix":              "acme",
		"landingzone:governedRegions":     `["eu-west-1","us-east-1"]`,
		"landingzone:managementAccountId": "012345678901",
		"landingzone:directory":           `{"password":"[secret]"}`,
		"landingzone:token":               "[secret]",
	}
	for k, v := range want {
		if sc.Config[k] != v {
			t.Errorf("%s = %q, want %q", k, sc.Config[k], v)
		}
	}
	if sc.Stack != "dev" {
		t.Errorf("stack = %q", sc.Stack)
	}
	if len(sc.SecretKeys) != 2 || sc.SecretKeys[0] != "landingzone:directory" || sc.SecretKeys[1] != "landingzone:token" {
		t.Errorf("secret keys = %v", sc.SecretKeys)
	}
}

func TestStackName(t *testing.T) {
	for path, want := range map[string]string{"Pulumi.prod.yaml": "prod", "stacks/large.yaml": "large", "/x/Pulumi.a-b.yml": "a-b"} {
		if got := StackName(path); got != want {
			t.Errorf("StackName(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestMocks_IDsLookLikeAWSAndAreStable(t *testing.T) {
	if a, b := digits("payments-prod", 12), digits("payments-prod", 12); a != b || len(a) != 12 || a[0] == '0' {
		t.Errorf("account IDs %q %q", a, b)
	}
	if s := alnum("x", 10); len(s) != 10 {
		t.Errorf("alnum = %q", s)
	}
}

func TestReadStackFile_NumbersAndBooleansReadAsTheEngineHandsThem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Pulumi.dev.yaml")
	err := os.WriteFile(path, []byte(`config:
  landingzone:scp: 5120
  landingzone:on: true
  landingzone:logArchive: {retentionDays: 400, dataEvents: false, ratio: 1.5}
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ReadStackFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"landingzone:scp":        "5120",
		"landingzone:on":         "true",
		"landingzone:logArchive": `{"dataEvents":false,"ratio":1.5,"retentionDays":400}`,
	}
	for k, v := range want {
		if sc.Config[k] != v {
			t.Errorf("%s = %q, want %q", k, sc.Config[k], v)
		}
	}
}

func TestReadStackFile_RefusesYAMLPitfallsWithPathAndLine(t *testing.T) {
	for text, want := range map[string]string{
		"config:\n  landingzone:managementAccountId: 012345678901\n":              `managementAccountId: line 2: 012345678901 is read by YAML as a number`,
		"config:\n  landingzone:workloads: [{budget: {monthlyLimitUsd: .NaN}}]\n": `workloads[0].budget.monthlyLimitUsd: line 2: .NaN is not a finite number`,
		"config:\n  landingzone:logArchive:\n    a: 1\n    a: 2\n":                `logArchive.a: line 4: the key is written twice (first at line 3)`,
		"config:\n  aws:region: us-east-1\n  aws:region: eu-west-1\n":             `aws:region: line 3: the key is written twice`,
	} {
		path := filepath.Join(t.TempDir(), "Pulumi.dev.yaml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadStackFile(path)
		problems, ok := Problems(err)
		if !ok || len(problems) != 1 || !strings.HasPrefix(problems[0].String(), want) {
			t.Errorf("%q: got %v, want a problem starting %q", text, err, want)
		}
	}
}
