package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/landingzone/aws-landing-zone/pkg/awsapi"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/importer"
	"github.com/landingzone/aws-landing-zone/pkg/preflight"
)

// exitBlocked is preflight's exit status when a check blocks pulumi up.
const exitBlocked = 4

// preflightCommand runs `preflight`: the offline plan of the stack, then the checks of the live
// organization against it (and first, with --fix, the bootstrap steps).
func preflightCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("preflight", stderr)
	stack := fs.String("stack", "", "stack name")
	dir := fs.String("dir", ".", "project directory")
	format := fs.String("format", "text", "text or json")
	fix := fs.Bool("fix", false, "run the bootstrap steps first")
	files, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "preflight: --format %q: use text or json\n", *format)
		return 2
	}
	p, sc, code := planStack("preflight", *stack, *dir, files, stderr)
	if p == nil {
		return code
	}
	org, err := config.Load(sc.Config, sc.SecretKeys...)
	if err != nil { // the plan accepted it: this cannot differ, but never check against nothing
		fmt.Fprintf(stderr, "preflight: %v\n", err)
		return 1
	}
	ctx := context.Background()
	clients, err := awsapi.Load(ctx, org.HomeRegion)
	if err != nil {
		fmt.Fprintf(stderr, "preflight: %v\n", err)
		return 2
	}
	in := preflight.Input{Config: org, Plan: p, Clients: clients}
	if *fix {
		// The steps' lines go where the report's do not interfere with JSON.
		note := stdout
		if *format == "json" {
			note = stderr
		}
		if err := preflight.Fix(ctx, in, note); err != nil {
			fmt.Fprintf(stderr, "preflight: %v\n", err)
			return 2
		}
	}
	report := preflight.Run(ctx, in)
	if *format == "json" {
		if err := report.WriteJSON(stdout); err != nil {
			fmt.Fprintf(stderr, "preflight: %v\n", err)
			return 2
		}
	} else {
		report.WriteText(stdout)
	}
	if report.Blocked() {
		return exitBlocked
	}
	return 0
}

// importCommand runs `import-config`: the live organization as a stack file adopting it.
func importCommand(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import-config", stderr)
	out := fs.String("out", "Pulumi.imported.yaml", "where to write the stack file")
	home := fs.String("home-region", "", "home Region (default: the AWS configuration's Region, else us-east-1)")
	regions := fs.String("regions", "", "governed Regions, comma-separated (default: the home Region)")
	prefix := fs.String("prefix", "", "name prefix")
	name := fs.String("name", "", "organization display name")
	dir := fs.String("dir", ".", "project directory (where landingzone.schema.json is)")
	rest, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "import-config: unexpected argument %q (use --out FILE)\n", rest[0])
		return 2
	}
	region := *home
	if region == "" {
		region = os.Getenv("AWS_REGION")
	}
	if region == "" {
		region = "us-east-1"
	}
	ctx := context.Background()
	clients, err := awsapi.Load(ctx, region)
	if err != nil {
		fmt.Fprintf(stderr, "import-config: %v\n", err)
		return 2
	}
	live, err := importer.Read(ctx, clients)
	if err != nil {
		fmt.Fprintf(stderr, "import-config: %v\n", err)
		return 2
	}
	opt := importer.Options{Name: *name, Prefix: *prefix, HomeRegion: region, Schema: "landingzone.schema.json"}
	if *regions != "" {
		opt.GovernedRegions = strings.Split(*regions, ",")
	}
	if *out != "-" {
		schema, _ := filepath.Abs(filepath.Join(*dir, "landingzone.schema.json"))
		target, _ := filepath.Abs(*out)
		if rel, err := filepath.Rel(filepath.Dir(target), schema); err == nil {
			opt.Schema = filepath.ToSlash(rel)
		}
	}
	var file bytes.Buffer
	if err := importer.Write(&file, live, opt); err != nil {
		fmt.Fprintf(stderr, "import-config: %v\n", err)
		return 2
	}
	if *out == "-" {
		_, _ = stdout.Write(file.Bytes())
	} else {
		if err := os.WriteFile(*out, file.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "import-config: %v\n", err)
			return 2
		}
		fmt.Fprintf(stdout, "Wrote %s: organization %s, %d accounts adopted, %d OUs. Review the lines marked REVIEW, then: go run . plan %s\n",
			*out, live.ID, len(live.Accounts), len(live.OUs), *out)
	}
	return 0
}
