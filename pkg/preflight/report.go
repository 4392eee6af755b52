package preflight

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Status is a check's verdict.
type Status string

// Verdicts: pass (nothing to do), warn (pulumi up works; read this), block (pulumi up would fail or
// do harm: act first).
const (
	Pass  Status = "pass"
	Warn  Status = "warn"
	Block Status = "block"
)

// Check is one verdict about the live organization.
type Check struct {
	// ID names the check (stable: scripts read the JSON).
	ID     string `json:"id"`
	Status Status `json:"status"`
	// Detail says what was found.
	Detail string `json:"detail"`
	// Action says what to do about it (empty on a pass).
	Action string `json:"action,omitempty"`
}

// Report is every check of one run.
type Report struct {
	Stack string `json:"stack"`
	// OrganizationID is the live organization the credentials belong to ("" when there is none).
	OrganizationID string  `json:"organizationId,omitempty"`
	CallerAccount  string  `json:"callerAccount,omitempty"`
	Checks         []Check `json:"checks"`
}

func (r *Report) add(id string, s Status, detail, action string) {
	r.Checks = append(r.Checks, Check{ID: id, Status: s, Detail: detail, Action: action})
}

// Count returns how many checks have a status.
func (r *Report) Count(s Status) int {
	n := 0
	for _, c := range r.Checks {
		if c.Status == s {
			n++
		}
	}
	return n
}

// Blocked tells whether any check blocks pulumi up.
func (r *Report) Blocked() bool { return r.Count(Block) > 0 }

// WriteText writes the report for a terminal: one line per check, the action under it.
func (r *Report) WriteText(w io.Writer) {
	org := r.OrganizationID
	if org == "" {
		org = "no organization"
	}
	fmt.Fprintf(w, "preflight: stack %s against %s, as account %s (read-only)\n\n", r.Stack, org, r.CallerAccount)
	for _, c := range r.Checks {
		fmt.Fprintf(w, "  %-5s  %-22s %s\n", strings.ToUpper(string(c.Status)), c.ID, c.Detail)
		if c.Action != "" {
			fmt.Fprintf(w, "  %5s  %-22s -> %s\n", "", "", c.Action)
		}
	}
	fmt.Fprintf(w, "\n%d passed, %d warnings, %d blockers", r.Count(Pass), r.Count(Warn), r.Count(Block))
	if r.Blocked() {
		fmt.Fprintln(w, ": act on every blocker before pulumi up.")
	} else {
		fmt.Fprintln(w, ": nothing blocks pulumi up.")
	}
}

// WriteJSON writes the report as JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
