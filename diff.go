package main

import (
	"fmt"
	"io"

	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

// diffCommand runs `diff BASE.json HEAD.json`: what the head plan changes, and whether it removes
// or replaces anything that must not be lost.
func diffCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("diff", stderr)
	format := fs.String("format", "text", "text or markdown")
	allow := fs.Bool("allow-destructive", false, "exit 0 even when protected or stateful resources are removed or replaced")
	files, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if len(files) != 2 {
		fmt.Fprintln(stderr, "diff: give two plan.json files: BASE.json HEAD.json")
		return 2
	}
	if *format != "text" && *format != "markdown" {
		fmt.Fprintf(stderr, "diff: --format %q: use text or markdown\n", *format)
		return 2
	}
	base, err := plan.ReadPlan(files[0])
	if err != nil {
		fmt.Fprintf(stderr, "diff: base: %v\n", err)
		return 2
	}
	head, err := plan.ReadPlan(files[1])
	if err != nil {
		fmt.Fprintf(stderr, "diff: head: %v\n", err)
		return 2
	}
	d, err := plan.Compare(base, head)
	if err != nil {
		fmt.Fprintf(stderr, "diff: %v\n", err)
		return 2
	}
	if *format == "markdown" {
		d.WriteMarkdown(stdout)
	} else {
		d.WriteText(stdout)
	}
	if d.Blocking() && !*allow {
		fmt.Fprintf(stderr, "diff: %d protected or stateful resource(s) would be removed or replaced; if that is intended, run again with --allow-destructive\n", len(d.Flagged))
		return 3
	}
	return 0
}
