package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// golden compares output with a file in testdata, rewriting it under -update (make golden).
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run make golden to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (if the change is intended: make golden, and review the diff):\n%s", path, got)
	}
}

func TestMarkdownPlan_MatchesGoldenForTheAcmeFixture(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := runCommand([]string{"plan", acmeFixture, "--format", "markdown", "--out", "-"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	golden(t, "testdata/plan.acme.md", stdout.Bytes())
	for _, want := range []string{
		"```mermaid\nflowchart LR\n",
		"> [!WARNING]\n> - the organization would hold 13 accounts",
		"| `aws:organizations/account:Account` | 12 |",
		"- s3://acme-log-archive-645354676102-eu-west-1: Object Lock COMPLIANCE, every object locked for 365 days",
		"- `arn:aws:iam::*:role/BreakGlassAdmin` (in ",
		"- `pci-dss v4.0.1`",
		"| `acme-sandbox-bob-monthly` | sandbox-bob | 200.00 USD monthly |",
		"- guardrail acme-sandbox (on Sandbox): EC2 limited to t3.*, t4g.*, m7g.large; 13 purchase and commitment actions denied",
		"IDs and ARNs of resources not yet created are placeholders",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

var (
	mermaidNode = regexp.MustCompile(`^  (n\d+)(\["[^"]*"\]|\(\["[^"]*"\]\):::account)$`)
	mermaidEdge = regexp.MustCompile(`^  (n\d+) --> (n\d+)$`)
)

func TestMermaid_MatchesGoldenAndIsATreeOfDeclaredNodes(t *testing.T) {
	p, err := runPlan(readStack(t, "stacks/adopt.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	p.WriteMermaid(&out)
	golden(t, "testdata/mermaid.adopt.md", out.Bytes())

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if lines[0] != "```mermaid" || lines[1] != "flowchart LR" || lines[len(lines)-1] != "```" {
		t.Fatalf("not a mermaid block:\n%s", out.String())
	}
	declared, parents := map[string]bool{}, map[string]int{}
	for _, l := range lines[2 : len(lines)-1] {
		switch {
		case mermaidNode.MatchString(l):
			declared[mermaidNode.FindStringSubmatch(l)[1]] = true
		case mermaidEdge.MatchString(l):
			m := mermaidEdge.FindStringSubmatch(l)
			if !declared[m[1]] || !declared[m[2]] {
				t.Errorf("edge before its nodes: %s", l)
			}
			parents[m[2]]++
		case strings.HasPrefix(l, "  classDef "):
		default:
			t.Errorf("unexpected line %q", l)
		}
	}
	// Every node but the root has exactly one parent: the OU tree, with every account in it.
	if len(parents) != len(declared)-1 {
		t.Errorf("%d nodes, %d with a parent", len(declared), len(parents))
	}
	for n, c := range parents {
		if c != 1 {
			t.Errorf("%s has %d parents", n, c)
		}
	}
	if !strings.Contains(out.String(), `(["Initech Logs<br/>log-archive (imported)"]):::account`) {
		t.Errorf("the adopted log-archive account is not marked imported:\n%s", out.String())
	}
}

func TestPlanReport_LabelsPlaceholderIDsAndImports(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := runCommand([]string{"plan", "stacks/adopt.yaml", "--out", "-"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{
		"Initech Logs  [account log-archive, 333344445555 (imported)]",
		"[account security, ",
		"(placeholder)]",
		"Imports (adopted from AWS, not created): 3",
		"import organizations Organization organization <- o-a1b2c3d4e5",
		"placeholders from the mock engine",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, stdout.String())
		}
	}
}
