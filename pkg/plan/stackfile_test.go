package plan

import (
	"os"
	"path/filepath"
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
