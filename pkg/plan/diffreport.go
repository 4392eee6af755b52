package plan

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes the diff for a terminal.
func (d *Diff) WriteText(w io.Writer) {
	fmt.Fprintf(w, "Plan diff for stack %q: %s\n", d.Stack, d.counts())
	if d.Empty() {
		fmt.Fprintln(w, "No change: the head plan declares exactly what the base plan does.")
		return
	}
	if len(d.Flagged) > 0 {
		fmt.Fprintf(w, "\n!!! %d protected or stateful resource(s) would be REMOVED or REPLACED:\n", len(d.Flagged))
		for _, f := range d.Flagged {
			fmt.Fprintf(w, "!!!   %s %s (%s): %s\n", strings.ToUpper(f.Action), f.Resource.Name, f.Resource.Type, f.Reason)
		}
	}
	section := func(title string, rs []*Resource) {
		if len(rs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, len(rs))
		for _, r := range rs {
			fmt.Fprintf(w, "  %s %s%s\n", r.Type, r.Name, where(r))
		}
	}
	section("Added", d.Added)
	if len(d.Imported) > 0 {
		fmt.Fprintf(w, "\nImported, not created (%d):\n", len(d.Imported))
		for _, r := range d.Imported {
			fmt.Fprintf(w, "  %s %s%s  <- import %s\n", r.Type, r.Name, where(r), r.ImportID)
		}
	}
	section("Removed", d.Removed)
	if len(d.Renamed) > 0 {
		fmt.Fprintln(w, "\nURN changes (removed and added: the same thing under a new name or parent?):")
		for _, p := range d.Renamed {
			fmt.Fprintf(w, "  %s\n    -> %s\n", p[0].URN, p[1].URN)
		}
	}
	if len(d.Changed) > 0 {
		fmt.Fprintf(w, "\nChanged (%d):\n", len(d.Changed))
		for _, c := range d.Changed {
			verb := "update"
			if c.Replace() {
				verb = "REPLACE"
			}
			fmt.Fprintf(w, "  %s %s %s%s\n", verb, c.Head.Type, c.Head.Name, where(c.Head))
			if len(c.Paths) > 0 {
				fmt.Fprintf(w, "    inputs: %s\n", strings.Join(c.Paths, ", "))
			}
			if len(c.Options) > 0 {
				fmt.Fprintf(w, "    options: %s\n", strings.Join(c.Options, ", "))
			}
			if c.Replace() {
				fmt.Fprintf(w, "    replaced because: %s\n", strings.Join(c.ReplacedBy, ", "))
			}
		}
	}
}

// WriteMarkdown writes the diff for a pull-request comment.
func (d *Diff) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "### Plan diff for stack `%s`\n\n%s\n\n", d.Stack, d.counts())
	if d.Empty() {
		fmt.Fprintln(w, "No change: the head plan declares exactly what the base plan does.")
		return
	}
	if len(d.Flagged) > 0 {
		fmt.Fprintf(w, "> [!CAUTION]\n> **%d protected or stateful resource(s) would be removed or replaced.** Do not merge unless that is intended.\n>\n", len(d.Flagged))
		for _, f := range d.Flagged {
			fmt.Fprintf(w, "> - **%s** `%s` (`%s`): %s\n", strings.ToUpper(f.Action), f.Resource.Name, f.Resource.Type, mdEscape(f.Reason))
		}
		fmt.Fprintln(w)
	}
	if len(d.Added)+len(d.Imported)+len(d.Removed)+len(d.Changed) > 0 {
		fmt.Fprintln(w, "| Change | Type | Name | Account/Region | Details |")
		fmt.Fprintln(w, "|---|---|---|---|---|")
		row := func(change string, r *Resource, details string) {
			fmt.Fprintf(w, "| %s | `%s` | `%s` | %s | %s |\n", change, r.Type, r.Name, strings.TrimPrefix(where(r), " in "), mdEscape(details))
		}
		for _, r := range d.Added {
			row("add", r, "")
		}
		for _, r := range d.Imported {
			row("**import**", r, "adopts existing "+r.ImportID)
		}
		for _, r := range d.Removed {
			row("**remove**", r, "")
		}
		for _, c := range d.Changed {
			change, details := "update", strings.Join(c.Paths, ", ")
			if c.Replace() {
				change, details = "**replace**", "replaced because: "+strings.Join(c.ReplacedBy, ", ")
			}
			if len(c.Options) > 0 {
				details = strings.TrimPrefix(details+"; options: "+strings.Join(c.Options, ", "), "; ")
			}
			row(change, c.Head, details)
		}
		fmt.Fprintln(w)
	}
	if len(d.Renamed) > 0 {
		fmt.Fprintln(w, "URN changes (removed and added: the same thing under a new name or parent? add an alias):")
		for _, p := range d.Renamed {
			fmt.Fprintf(w, "- `%s` -> `%s`\n", p[0].URN, p[1].URN)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "<sub>Offline plans (mock engine). Replacements read from the provider's ForceNew attributes: %s.</sub>\n", ForceNewSource)
}

func (d *Diff) counts() string {
	replace := 0
	for _, c := range d.Changed {
		if c.Replace() {
			replace++
		}
	}
	return fmt.Sprintf("%d to add, %d to import, %d to change (%d replaced), %d to remove; %d flagged",
		len(d.Added), len(d.Imported), len(d.Changed), replace, len(d.Removed), len(d.Flagged))
}

func where(r *Resource) string {
	if r.Provider == nil {
		return ""
	}
	return fmt.Sprintf(" in %s/%s", r.Provider.Account, r.Provider.Region)
}

// mdEscape keeps a value from breaking a Markdown table.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
