package plan

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// WriteMarkdown writes the plan for a pull-request comment: the organization as a Mermaid diagram
// (GitHub renders it), then what a reviewer must check, then the counts.
func (p *Plan) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "## Landing zone plan for stack `%s`\n\n", p.Stack)
	s := p.Summary
	fmt.Fprintf(w, "%d resources, %d member accounts, %d provider instances, %d resources inside workload accounts, "+
		"new accounts created in %d waves. "+
		"Offline plan (mock engine, no AWS call): IDs and ARNs of resources not yet created are placeholders.\n\n",
		s.Resources, s.Accounts, s.Providers, s.WorkloadAccountResources, s.AccountWaves)
	if t := p.Tree(); t != nil {
		fmt.Fprintln(w, "### Organization")
		fmt.Fprintln(w)
		p.WriteMermaid(w)
		fmt.Fprintln(w)
	}
	rv := p.Review()
	if len(rv.Warnings) > 0 {
		fmt.Fprintln(w, "> [!WARNING]")
		for _, warn := range rv.Warnings {
			fmt.Fprintf(w, "> - %s\n", mdEscape(warn))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "### Protected resources (%d)\n\n", len(rv.Protected))
	fmt.Fprintln(w, "`pulumi up` refuses to delete these; a change that would replace one fails until it is unprotected on purpose.")
	fmt.Fprintln(w)
	byType := map[string][]string{}
	for _, r := range rv.Protected {
		byType[r.Type] = append(byType[r.Type], "`"+r.Name+"`")
	}
	fmt.Fprintln(w, "| Type | Count | Names |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, typ := range slices.Sorted(maps.Keys(byType)) {
		fmt.Fprintf(w, "| `%s` | %d | %s |\n", typ, len(byType[typ]), strings.Join(byType[typ], ", "))
	}
	fmt.Fprintln(w)

	if len(rv.Budgets)+len(rv.Caps) > 0 {
		fmt.Fprintln(w, "### Budgets and caps")
		fmt.Fprintln(w)
	}
	if len(rv.Budgets) > 0 {
		fmt.Fprintln(w, "| Budget | Account | Limit | Alerts |")
		fmt.Fprintln(w, "|---|---|---|---|")
		for _, b := range rv.Budgets {
			fmt.Fprintf(w, "| `%s` | %s | %s | %s |\n", b.Name, b.Account, b.Limit, mdEscape(strings.Join(b.Thresholds, "; ")))
		}
		fmt.Fprintln(w)
	}
	for _, c := range rv.Caps {
		fmt.Fprintf(w, "- guardrail %s\n", c)
	}
	if len(rv.Caps) > 0 {
		fmt.Fprintln(w)
	}
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(w, "### %s\n\n", title)
		for _, it := range items {
			fmt.Fprintf(w, "- %s\n", it)
		}
		fmt.Fprintln(w)
	}
	list("Log retention and lock", rv.Logs)
	var exempt []string
	for _, e := range rv.Exempt {
		exempt = append(exempt, fmt.Sprintf("`%s` (in %s)", e.Pattern, strings.Join(e.Policies, ", ")))
	}
	list("Principals the guardrails exempt", exempt)
	var standards []string
	for _, s := range rv.Standards {
		standards = append(standards, "`"+s+"`")
	}
	list("Security Hub standards enabled", standards)
	if len(rv.Imports) > 0 {
		fmt.Fprintf(w, "### Imports (%d): adopted from AWS, not created\n\n", len(rv.Imports))
		fmt.Fprintln(w, "| Type | Name | Import ID |")
		fmt.Fprintln(w, "|---|---|---|")
		for _, r := range rv.Imports {
			fmt.Fprintf(w, "| `%s` | `%s` | `%s` |\n", r.Type, r.Name, r.ImportID)
		}
		fmt.Fprintln(w)
	}

	fmt.Fprintln(w, "<details><summary>Counts by type, account and Region</summary>")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Type | Count |")
	fmt.Fprintln(w, "|---|---|")
	for _, t := range slices.Sorted(maps.Keys(s.ByType)) {
		fmt.Fprintf(w, "| `%s` | %d |\n", t, s.ByType[t])
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Account | Region | Resources |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, k := range p.accountRegions() {
		fmt.Fprintf(w, "| %s | %s | %d |\n", k.Account, k.Region, k.Count)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "</details>")
}

// AccountRegionCount counts the resources managed in one account and Region.
type AccountRegionCount struct {
	Account, Region string
	Count           int
}

func (p *Plan) accountRegions() []AccountRegionCount {
	counts := map[[2]string]int{}
	for _, r := range p.Resources {
		if r.Provider != nil {
			counts[[2]string{r.Provider.Account, r.Provider.Region}]++
		}
	}
	out := make([]AccountRegionCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, AccountRegionCount{k[0], k[1], n})
	}
	slices.SortFunc(out, func(a, b AccountRegionCount) int {
		if c := strings.Compare(a.Account, b.Account); c != 0 {
			return c
		}
		return strings.Compare(a.Region, b.Region)
	})
	return out
}

// WriteMermaid writes the organization as a Mermaid flowchart in a fenced block: OUs as boxes with
// the guardrails attached to them, accounts as rounded boxes.
func (p *Plan) WriteMermaid(w io.Writer) {
	t := p.Tree()
	if t == nil {
		return
	}
	fmt.Fprintln(w, "```mermaid")
	fmt.Fprintln(w, "flowchart LR")
	n := 0
	var walk func(node *Node, parent string)
	walk = func(node *Node, parent string) {
		id := fmt.Sprintf("n%d", n)
		n++
		label := mermaidText(node.Name)
		if node.Account {
			label = fmt.Sprintf("%s<br/>%s", label, mermaidText(node.Key))
			if node.Imported {
				label += " (imported)"
			}
			fmt.Fprintf(w, "  %s([\"%s\"]):::account\n", id, label)
		} else {
			if guards := guardLines(node); len(guards) > 0 {
				label += "<br/>" + strings.Join(guards, "<br/>")
			}
			fmt.Fprintf(w, "  %s[\"%s\"]\n", id, label)
		}
		if parent != "" {
			fmt.Fprintf(w, "  %s --> %s\n", parent, id)
		}
		for _, c := range node.Children {
			walk(c, id)
		}
	}
	walk(t.Root, "")
	fmt.Fprintln(w, "  classDef account fill:#eef,stroke:#557")
	fmt.Fprintln(w, "```")
}

func guardLines(n *Node) []string {
	var out []string
	for _, kind := range []struct{ typ, label string }{
		{"SERVICE_CONTROL_POLICY", "SCP"}, {"TAG_POLICY", "tag policy"}, {"AISERVICES_OPT_OUT_POLICY", "AI opt-out"},
		{"DECLARATIVE_POLICY_EC2", "EC2 declarative"},
	} {
		for _, name := range n.Policies[kind.typ] {
			out = append(out, kind.label+": "+mermaidText(name))
		}
	}
	return out
}

// mermaidText keeps a label from closing its quotes or brackets.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;").Replace(s)
}
