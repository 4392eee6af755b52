package importer

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// Options are what the live organization does not say.
type Options struct {
	// Name and Prefix of the landing zone; empty: derived from the management account's name.
	Name, Prefix string
	// HomeRegion and GovernedRegions (HomeRegion first when empty).
	HomeRegion      string
	GovernedRegions []string
	// Schema is the path of landingzone.schema.json relative to the written file, for the
	// yaml-language-server line (editors complete and check the file with it).
	Schema string
}

// tagFields maps the workload fields to the cost-allocation tag keys they come from (the keys the
// landing zone puts on every account, config.CostTagKeys), with the usual spellings of other
// organizations accepted too.
var tagFields = []struct {
	field string
	keys  []string
}{
	{"environment", []string{config.TagEnvironment, "Env", "environment", "env", "Stage"}},
	{"owner", []string{config.TagOwner, "owner", "Contact", "OwnerEmail"}},
	{"costCenter", []string{config.TagCostCenter, "cost-center", "costcenter", "CostCentre", "cost_center"}},
	{"businessUnit", []string{config.TagBusinessUnit, "business-unit", "BU", "Department"}},
	{"application", []string{config.TagApplication, "App", "application", "Project", "Service"}},
}

// environments maps common Environment tag values to the configuration's environments.
var environments = map[string]string{
	"prod": config.EnvProd, "production": config.EnvProd, "prd": config.EnvProd, "live": config.EnvProd,
	"staging": config.EnvStaging, "stage": config.EnvStaging, "stg": config.EnvStaging, "preprod": config.EnvStaging, "uat": config.EnvStaging,
	"test": config.EnvTest, "testing": config.EnvTest, "qa": config.EnvTest,
	"dev": config.EnvDev, "development": config.EnvDev,
	"sandbox": config.EnvSandbox, "sbx": config.EnvSandbox,
}

// coreGuesses recognise the core accounts by name (or email); the first account that matches wins.
var coreGuesses = []struct {
	key, field string
	re         *regexp.Regexp
}{
	{config.KeyLogArchive, "logArchive", regexp.MustCompile(`(?i)log[\s_-]*(archive|s\b)|logging`)},
	{config.KeySecurity, "security", regexp.MustCompile(`(?i)security|audit`)},
	{config.KeySharedServices, "sharedServices", regexp.MustCompile(`(?i)shared[\s_-]*services?|infrastructure|network`)},
}

var nonKey = regexp.MustCompile(`[^a-z0-9]+`)

// key turns an account name into a workload name: lowercase letters, digits and hyphens.
func key(name string) string {
	k := strings.Trim(nonKey.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(k) > 40 {
		k = strings.TrimRight(k[:40], "-")
	}
	if k == "" || (k[0] >= '0' && k[0] <= '9') {
		k = "account-" + k
	}
	return k
}

func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Write writes the stack file for the organization. Every guess is commented "REVIEW:".
func Write(w io.Writer, org *Organization, opt Options) error {
	if opt.HomeRegion == "" {
		return fmt.Errorf("import: the home Region is required (--home-region)")
	}
	if len(opt.GovernedRegions) == 0 {
		opt.GovernedRegions = []string{opt.HomeRegion}
	}
	if !slices.Contains(opt.GovernedRegions, opt.HomeRegion) {
		opt.GovernedRegions = append([]string{opt.HomeRegion}, opt.GovernedRegions...)
	}
	if opt.Name == "" {
		opt.Name = org.ManagementName
		if opt.Name == "" {
			opt.Name = org.ID
		}
	}
	if opt.Prefix == "" {
		opt.Prefix = key(opt.Name)
		if len(opt.Prefix) > 20 {
			opt.Prefix = strings.TrimRight(opt.Prefix[:20], "-")
		}
	}
	if opt.Schema == "" {
		opt.Schema = "landingzone.schema.json"
	}

	// Core accounts first, guessed from names; every other active account is a workload.
	core := map[string]*Account{}
	var workloads []*Account
	var skipped []string
	for i := range org.Accounts {
		a := &org.Accounts[i]
		if a.Status != "" && a.Status != "ACTIVE" {
			skipped = append(skipped, fmt.Sprintf("%s (%s) is %s", a.Name, a.ID, a.Status))
			continue
		}
		matched := false
		for _, g := range coreGuesses {
			if core[g.key] == nil && (g.re.MatchString(a.Name) || g.re.MatchString(strings.Split(a.Email, "@")[0])) {
				core[g.key], matched = a, true
				break
			}
		}
		if !matched {
			workloads = append(workloads, a)
		}
	}

	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# yaml-language-server: $schema=%s\n", opt.Schema)
	p("# Written by `go run . import-config` from organization %s (management account %s).\n", org.ID, org.ManagementAccountID)
	p("# Every existing account is adopted (imported by ID, never created again). Read each line marked\n")
	p("# REVIEW, then run `go run . plan THIS-FILE` and `go run . preflight THIS-FILE` before pulumi up.\n")
	for _, s := range skipped {
		p("# Not imported: %s.\n", s)
	}
	if len(org.Delegated) > 0 {
		p("# Delegated administrators today (the stack delegates the security services to the security account;\n")
		p("# preflight blocks on any other):\n")
		services := make([]string, 0, len(org.Delegated))
		for s := range org.Delegated {
			services = append(services, s)
		}
		sort.Strings(services)
		for _, s := range services {
			p("#   %s -> %s\n", s, strings.Join(org.Delegated[s], ", "))
		}
	}
	p("config:\n")
	p("  landingzone:name: %s\n", q(opt.Name))
	p("  landingzone:prefix: %s  # REVIEW: starts every name the landing zone gives\n", opt.Prefix)
	p("  landingzone:homeRegion: %s\n", opt.HomeRegion)
	p("  landingzone:governedRegions: [%s]\n", strings.Join(opt.GovernedRegions, ", "))
	p("  landingzone:managementAccountId: %q\n", org.ManagementAccountID)
	p("  landingzone:adopt:\n")
	p("    organizationId: %s\n", org.ID)
	p("    accounts:\n")
	for _, g := range coreGuesses {
		if a := core[g.key]; a != nil {
			p("      %s: %q\n", g.key, a.ID)
		}
	}
	keys := map[string]bool{config.KeyManagement: true, config.KeyLogArchive: true, config.KeySecurity: true, config.KeySharedServices: true}
	wkeys := make([]string, len(workloads))
	for i, a := range workloads {
		k := key(a.Name)
		for n := 2; keys[k]; n++ {
			k = fmt.Sprintf("%s-%d", key(a.Name), n)
		}
		keys[k], wkeys[i] = true, k
		p("      %s: %q\n", k, a.ID)
	}
	var extra []string
	for _, ou := range org.OUs {
		if !slices.Contains(config.DefaultOUs, ou) {
			extra = append(extra, ou)
		}
	}
	if len(extra) > 0 {
		p("  # The organization's OUs beyond the default tree (%s); they are imported.\n", strings.Join(config.DefaultOUs, ", "))
		p("  landingzone:organizationalUnits:\n")
		for _, ou := range extra {
			p("    - %s\n", q(ou))
		}
	}

	// Core accounts' cost tags: the first core account that carries them.
	p("  landingzone:coreAccounts:\n")
	for _, f := range []struct{ field, tag string }{{"owner", config.TagOwner}, {"costCenter", config.TagCostCenter}, {"businessUnit", config.TagBusinessUnit}} {
		v := ""
		for _, g := range coreGuesses {
			if a := core[g.key]; a != nil && v == "" {
				v = tagValue(a.Tags, f.field)
			}
		}
		if v == "" {
			p("    %s: \"\"  # REVIEW: no core account carries a %s tag\n", f.field, f.tag)
		} else {
			p("    %s: %s\n", f.field, q(v))
		}
	}
	for _, g := range coreGuesses {
		a := core[g.key]
		p("    %s:\n", g.field)
		if a == nil {
			p("      # REVIEW: no existing account looks like the %s account: this one is created. Give its email.\n", g.key)
			p("      email: \"\"\n")
			continue
		}
		p("      # REVIEW: guessed from the name %q: adopted as the %s account.\n", a.Name, g.key)
		p("      name: %s\n", q(a.Name))
		p("      email: %s\n", q(a.Email))
		if a.OU != "" {
			p("      ou: %s\n", q(a.OU))
		}
	}
	if len(workloads) > 0 {
		p("  landingzone:workloads:\n")
	}
	for i, a := range workloads {
		p("    - name: %s\n", wkeys[i])
		p("      accountName: %s\n", q(a.Name))
		p("      email: %s\n", q(a.Email))
		if a.OU != "" {
			p("      ou: %s\n", q(a.OU))
		} else {
			p("      # REVIEW: at the root today; pulumi up moves it to the OU its environment defaults to.\n")
		}
		for _, f := range tagFields {
			v := tagValue(a.Tags, f.field)
			if f.field == "environment" {
				if env, ok := environments[strings.ToLower(v)]; ok {
					v = env
				} else if v != "" {
					p("      # REVIEW: Environment tag %q is not one of prod, staging, test, dev, sandbox.\n", v)
				}
			}
			if v == "" {
				p("      %s: \"\"  # REVIEW: the account has no %s tag\n", f.field, f.keys[0])
				continue
			}
			p("      %s: %s\n", f.field, q(v))
		}
		if c := strings.ToLower(a.Tags[config.TagCompliance]); c == config.CompliancePCIDSS || c == config.ComplianceHIPAA {
			p("      compliance: %s\n", c)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// tagValue reads a workload field from an account's tags, trying each spelling.
func tagValue(tags map[string]string, field string) string {
	for _, f := range tagFields {
		if f.field != field {
			continue
		}
		for _, k := range f.keys {
			if v := strings.TrimSpace(tags[k]); v != "" {
				return v
			}
		}
	}
	return ""
}
