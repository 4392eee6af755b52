// Command lz is the landing zone's offline tool. `lz plan` runs the same program as `pulumi up`
// under Pulumi's mock engine and shows what it would build, with no AWS credentials and no Pulumi CLI.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

const usage = `usage: lz plan [--stack NAME | FILE] [--out plan.json] [--dir DIR]

  --stack NAME  read Pulumi.NAME.yaml in DIR (default: prod)
  FILE          read any stack file instead, e.g. stacks/large.yaml
  --out PATH    where to write plan.json (default: plan.json; "-" for none)
  --dir DIR     the project directory holding Pulumi.<stack>.yaml (default: .)

Exit status: 0 planned, 1 the configuration was refused (every problem is listed), 2 other errors.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "plan" {
		fmt.Fprint(stderr, usage)
		return 2
	}
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	stack := fs.String("stack", "", "stack name")
	out := fs.String("out", "plan.json", "plan.json path")
	dir := fs.String("dir", ".", "project directory")
	// Flags may come before or after the file: parse, take a positional argument, parse the rest.
	var files []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	file := ""
	switch {
	case len(files) > 1:
		fmt.Fprintln(stderr, "lz plan: one stack file at a time")
		return 2
	case len(files) == 1 && *stack != "":
		fmt.Fprintln(stderr, "lz plan: give either --stack or a stack file, not both")
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
	if err != nil {
		fmt.Fprintf(stderr, "lz plan: %v\n", err)
		return 2
	}
	p, err := plan.Run(sc)
	if problems, ok := plan.Problems(err); ok {
		fmt.Fprintf(stderr, "lz plan: %s: refused, nothing would be created.\n%s\n", file, problems.Error())
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "lz plan: %s: %v\n", file, err)
		return 2
	}
	p.Report(stdout)
	if *out != "-" {
		if err := p.WriteJSON(*out); err != nil {
			fmt.Fprintf(stderr, "lz plan: writing %s: %v\n", *out, err)
			return 2
		}
		fmt.Fprintf(stdout, "\nWrote %s (%d resources).\n", *out, len(p.Resources))
	}
	return 0
}
