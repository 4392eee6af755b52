package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"path/filepath"

	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

const usage = `landingzone: one Pulumi stack builds and keeps one AWS Organization.

Run by the Pulumi engine (pulumi up / preview), it is the Pulumi program. Run by hand, it is the
offline tool, which runs the same program under Pulumi's mock engine (no AWS credentials, no Pulumi CLI):

  go run . plan [--stack NAME | FILE] [--out plan.json] [--dir DIR] [--format text|markdown]
      Show what pulumi up would build for a stack and write plan.json.
      --stack NAME  read Pulumi.NAME.yaml in DIR (default: prod)
      FILE          read any stack file instead, e.g. stacks/large.yaml
      --out PATH    where to write plan.json (default: plan.json; "-" for none)
      --dir DIR     the project directory holding Pulumi.<stack>.yaml (default: .)
      --format F    text (default) for a terminal, markdown for a pull-request comment
                    (the organization as a Mermaid diagram, then what a reviewer checks)

  go run . diff BASE.json HEAD.json [--format text|markdown] [--allow-destructive]
      What HEAD changes from BASE (two plan.json files of one stack): resources added, imported,
      changed (with the input paths) and removed, and, loudly, every protected or stateful
      resource removed or replaced (replacement as the AWS provider's ForceNew attributes decide).
      Exits 3 on such a change unless --allow-destructive is given.

  go run . help
      This text.

Exit status: 0 done, 1 the configuration was refused (every problem is listed), 2 other errors,
3 the diff removes or replaces a protected or stateful resource.
`

// runCommand runs an offline subcommand and returns the exit status.
func runCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		fmt.Fprintln(stderr, "\nlandingzone: no command given, and no Pulumi engine to run the program under (use pulumi up, or a command above)")
		return 2
	}
	switch args[0] {
	case "plan":
		return planCommand(args[1:], stdout, stderr)
	case "diff":
		return diffCommand(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprint(stderr, usage)
	fmt.Fprintf(stderr, "\nlandingzone: unknown command %q\n", args[0])
	return 2
}

// planCommand runs `plan`: the composition under the mock engine, the report, plan.json.
func planCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	stack := fs.String("stack", "", "stack name")
	out := fs.String("out", "plan.json", "plan.json path")
	dir := fs.String("dir", ".", "project directory")
	format := fs.String("format", "text", "text or markdown")
	files, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if *format != "text" && *format != "markdown" {
		fmt.Fprintf(stderr, "plan: --format %q: use text or markdown\n", *format)
		return 2
	}
	file := ""
	switch {
	case len(files) > 1:
		fmt.Fprintln(stderr, "plan: one stack file at a time")
		return 2
	case len(files) == 1 && *stack != "":
		fmt.Fprintln(stderr, "plan: give either --stack or a stack file, not both")
		return 2
	case len(files) == 1:
		file = files[0]
	default:
		if *stack == "" {
			*stack = "prod"
		}
		file = filepath.Join(*dir, "Pulumi."+*stack+".yaml")
	}

	sc, err := plan.ReadStackFile(file)
	if problems, ok := plan.Problems(err); ok {
		fmt.Fprintf(stderr, "plan: %s: refused, nothing would be created.\n%s\n", file, problems.Error())
		return 1
	}
	var unreadable *iofs.PathError
	if errors.As(err, &unreadable) {
		fmt.Fprintf(stderr, "plan: %v\n", err)
		return 2
	}
	if err != nil { // the file is there but is not YAML: the error names the line
		fmt.Fprintf(stderr, "plan: refused, nothing would be created: %v\n", err)
		return 1
	}
	p, err := plan.Run(sc, program(sc.Config, sc.SecretKeys, false))
	if problems, ok := plan.Problems(err); ok {
		fmt.Fprintf(stderr, "plan: %s: refused, nothing would be created.\n%s\n", file, problems.Error())
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "plan: %s: %v\n", file, err)
		return 2
	}
	// The Markdown is the whole of stdout (a comment body): the note on plan.json goes to stderr.
	note := stdout
	if *format == "markdown" {
		p.WriteMarkdown(stdout)
		note = stderr
	} else {
		p.Report(stdout)
	}
	if *out != "-" {
		if err := p.WriteJSON(*out); err != nil {
			fmt.Fprintf(stderr, "plan: writing %s: %v\n", *out, err)
			return 2
		}
		fmt.Fprintf(note, "\nWrote %s (%d resources).\n", *out, len(p.Resources))
	}
	return 0
}

// parseInterspersed parses flags that may come before or after the positional arguments: parse,
// take a positional argument, parse the rest. When parsing stops the command, ok is false and code
// is its exit status (0 for -h, 2 for a bad flag).
func parseInterspersed(fs *flag.FlagSet, args []string) (positional []string, code int, ok bool) {
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, false
			}
			return nil, 2, false
		}
		if fs.NArg() == 0 {
			return positional, 0, true
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
}
