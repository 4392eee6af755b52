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

  go run . preflight [--stack NAME | FILE] [--dir DIR] [--format text|json] [--fix]
      Check the live organization against the stack before pulumi up, read-only, with the
      management account's credentials (the standard AWS chain: AWS_PROFILE, SSO, environment):
      the caller, the organization and its feature set, the account quota, emails and names in use,
      OUs, policies and delegated administrators that collide, trusted access and StackSets access,
      opt-in Regions, Control Tower, and, through the access role, the Config recorders, GuardDuty
      detectors and Security Hub of the accounts adopted. Each check passes, warns or blocks, with
      the action to take. Exits 4 on a blocker.
      --format F    text (default) or json
      --fix         first run the idempotent one-time bootstrap steps that have no resource type
                    (CloudFormation ActivateOrganizationsAccess), each printed before it runs

  go run . import-config [--out FILE] [--home-region R] [--regions R1,R2] [--prefix P] [--name N]
      Read the live organization (OUs, accounts with their OUs and tags, delegated administrators)
      and write a stack file adopting it: adopt.organizationId and adopt.accounts filled in, the
      cost-allocation tags as workload fields, core accounts guessed from names (marked REVIEW).
      --out FILE    where to write (default: Pulumi.imported.yaml; "-" for stdout)

  go run . help
      This text.

Exit status: 0 done (preflight: no blocker), 1 the configuration was refused (every problem is
listed), 2 other errors, 3 the diff removes or replaces a protected or stateful resource, 4 preflight
found a blocker (act on each, then run it again).
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
	case "preflight":
		return preflightCommand(args[1:], stdout, stderr)
	case "import-config":
		return importCommand(args[1:], stdout, stderr)
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
	fs := newFlags("plan", stderr)
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
	p, _, code := planStack("plan", *stack, *dir, files, stderr)
	if p == nil {
		return code
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

// planStack picks the stack file (a positional FILE, or --stack NAME in dir, default prod) and runs
// the offline plan of it. On failure the plan is nil and code is the exit status (1: the
// configuration is refused, 2: other errors), the message already written to stderr.
func planStack(cmd, stack, dir string, files []string, stderr io.Writer) (p *plan.Plan, sc *plan.StackConfig, code int) {
	file := ""
	switch {
	case len(files) > 1:
		fmt.Fprintf(stderr, "%s: one stack file at a time\n", cmd)
		return nil, nil, 2
	case len(files) == 1 && stack != "":
		fmt.Fprintf(stderr, "%s: give either --stack or a stack file, not both\n", cmd)
		return nil, nil, 2
	case len(files) == 1:
		file = files[0]
	default:
		if stack == "" {
			stack = "prod"
		}
		file = filepath.Join(dir, "Pulumi."+stack+".yaml")
	}

	sc, err := plan.ReadStackFile(file)
	if problems, ok := plan.Problems(err); ok {
		fmt.Fprintf(stderr, "%s: %s: refused, nothing would be created.\n%s\n", cmd, file, problems.Error())
		return nil, nil, 1
	}
	var unreadable *iofs.PathError
	if errors.As(err, &unreadable) {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return nil, nil, 2
	}
	if err != nil { // the file is there but is not YAML: the error names the line
		fmt.Fprintf(stderr, "%s: refused, nothing would be created: %v\n", cmd, err)
		return nil, nil, 1
	}
	p, err = plan.Run(sc, program(sc.Config, sc.SecretKeys, false))
	if problems, ok := plan.Problems(err); ok {
		fmt.Fprintf(stderr, "%s: %s: refused, nothing would be created.\n%s\n", cmd, file, problems.Error())
		return nil, nil, 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s: %v\n", cmd, file, err)
		return nil, nil, 2
	}
	return p, sc, 0
}

// parseInterspersed parses flags that may come before or after the positional arguments: parse,
// take a positional argument, parse the rest. When parsing stops the command, ok is false and code
// newFlags is a subcommand's flag set: errors and -h print the usage to stderr, and parsing
// returns the error instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}

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
