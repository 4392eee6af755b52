package plan

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// reportReview writes, for the terminal, what the Markdown report gives a reviewer: warnings,
// protected resources, budgets, log retention and lock, exempt principals, standards, imports.
func (p *Plan) reportReview(w io.Writer) {
	rv := p.Review()
	for _, warn := range rv.Warnings {
		fmt.Fprintf(w, "WARNING: %s\n", warn)
	}
	if len(rv.Warnings) > 0 {
		fmt.Fprintln(w)
	}
	byType := map[string]int{}
	for _, r := range rv.Protected {
		byType[shortType(r.Type)]++
	}
	var parts []string
	for _, t := range slices.Sorted(maps.Keys(byType)) {
		parts = append(parts, fmt.Sprintf("%d %s", byType[t], t))
	}
	fmt.Fprintf(w, "Protected (pulumi refuses to delete them): %d: %s\n\n", len(rv.Protected), strings.Join(parts, ", "))
	if len(rv.Budgets) > 0 {
		fmt.Fprintln(w, "Budgets:")
		for _, b := range rv.Budgets {
			fmt.Fprintf(w, "  %s on %s: %s; alerts %s\n", b.Name, b.Account, b.Limit, strings.Join(b.Thresholds, "; "))
		}
		fmt.Fprintln(w)
	}
	if len(rv.Caps) > 0 {
		fmt.Fprintln(w, "Caps set by guardrails:")
		for _, c := range rv.Caps {
			fmt.Fprintf(w, "  %s\n", c)
		}
		fmt.Fprintln(w)
	}
	if len(rv.Logs) > 0 {
		fmt.Fprintln(w, "Log retention and lock:")
		for _, l := range rv.Logs {
			fmt.Fprintf(w, "  %s\n", l)
		}
		fmt.Fprintln(w)
	}
	if len(rv.Exempt) > 0 {
		fmt.Fprintln(w, "Principals the guardrails exempt:")
		for _, e := range rv.Exempt {
			fmt.Fprintf(w, "  %s (%d policies)\n", e.Pattern, len(e.Policies))
		}
		fmt.Fprintln(w)
	}
	if len(rv.Standards) > 0 {
		fmt.Fprintf(w, "Security Hub standards: %s\n\n", strings.Join(rv.Standards, ", "))
	}
	if len(rv.Imports) > 0 {
		fmt.Fprintf(w, "Imports (adopted from AWS, not created): %d\n", len(rv.Imports))
		for _, r := range rv.Imports {
			fmt.Fprintf(w, "  import %s %s <- %s\n", shortType(r.Type), r.Name, r.ImportID)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "IDs of the %d resources not yet created are placeholders from the mock engine; AWS assigns the real ones.\n\n", rv.Placeholds)
}
