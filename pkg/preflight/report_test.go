package preflight

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestReport_TextShowsEachVerdictWithItsActionAndTheJSONSaysTheSame(t *testing.T) {
	r := &Report{Stack: "prod", OrganizationID: "o-abc1234567", CallerAccount: "111111111111"}
	r.add(CheckCaller, Pass, "the credentials are the configured management account 111111111111", "")
	r.add(CheckQuota, Warn, "9 accounts needed of 10", "request an increase")
	r.add(CheckStackSets, Block, "access is DISABLED", "go run . preflight --fix")
	var text bytes.Buffer
	r.WriteText(&text)
	for _, want := range []string{
		"preflight: stack prod against o-abc1234567, as account 111111111111 (read-only)",
		"  BLOCK  stacksets-access       access is DISABLED\n",
		"-> go run . preflight --fix",
		"1 passed, 1 warnings, 1 blockers: act on every blocker before pulumi up.",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if !r.Blocked() {
		t.Error("a report with a block is not Blocked")
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Checks) != 3 || back.Checks[2].Status != Block || back.Checks[2].Action != "go run . preflight --fix" {
		t.Errorf("JSON round trip: %v %+v", err, back)
	}
}

func TestIsAccountQuota_FindsTheQuotaByItsName(t *testing.T) {
	for name, want := range map[string]bool{
		"Default maximum number of accounts":        true,
		"Number of AWS accounts in an organization": true,
		"Maximum number of OUs":                     false,
		"Number of policies of each type":           false,
	} {
		if got := isAccountQuota(name); got != want {
			t.Errorf("isAccountQuota(%q) = %v, want %v", name, got, want)
		}
	}
}
