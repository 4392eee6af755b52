package config

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/landingzone/aws-landing-zone/pkg/iamlint"
)

const (
	maxOUDepth         = 5 // AWS Organizations nests OUs at most five levels under the root
	maxAccountNameLen  = 50
	maxEmailLen        = 64
	minEmailLen        = 6
	maxBudgetUSD       = 1_000_000
	maxAlertPercent    = 1000
	maxBudgetAlerts    = 5
	maxScpSizeLimit    = 10_240 // the highest SCP size AWS is reported to allow
	maxScpPerTarget    = 10
	minScpSizeLimit    = 1_000
	maxTagKeyLen       = 128
	maxTagValueLen     = 256
	maxProviderTags    = 40 // leaves room under the 50-tag limit for the accounts' own tags
	maxPrefixLen       = 20 // keeps "<prefix>-log-archive-<account>-<region>" under S3's 63 characters
	maxWorkloadNameLen = 40
)

var (
	emailRe     = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$`)
	accountIDRe = regexp.MustCompile(`^\d{12}$`)
	orgIDRe     = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	prefixRe    = regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]$`)
	keyRe       = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	principalRe = regexp.MustCompile(`^arn:aws:(iam|sts)::(\d{12}|\*):(role|user|assumed-role)/[\w+=,.@*/-]+$`)
	// exemptRoleRe is an exact role ARN (optional path, no wildcard in it) in one account or in all.
	exemptRoleRe = regexp.MustCompile(`^arn:aws:iam::(\d{12}|\*):role/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}$`)
	actionRe     = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9*]+$`)
	instanceRe   = regexp.MustCompile(`^[a-z0-9*-]+\.[a-z0-9*]+$|^[a-z0-9-]+\.\*$`)
	resourceType = regexp.MustCompile(`^[a-z0-9-]+:[a-z0-9-]+$`)
)

// Regions are the commercial AWS Regions the landing zone can govern.
var Regions = []string{
	"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
	"ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
	"eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1",
	"me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1",
	"us-west-2",
}

// OptInRegions are the Regions AWS launched after March 2019: disabled by default in every account.
var OptInRegions = []string{
	"af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
	"ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1", "me-central-1",
	"me-south-1", "mx-central-1",
}

var environments = []string{EnvProd, EnvStaging, EnvTest, EnvDev, EnvSandbox}
var complianceFrameworks = []string{ComplianceNone, CompliancePCIDSS, ComplianceHIPAA}
var states = []string{StateActive, StateSuspended}

func workloadPath(i int) string { return fmt.Sprintf("workloads[%d]", i) }

// Validate checks the whole (defaulted) organization and returns every problem found, each with its
// config path. It never stops at the first problem.
func (o *Organization) Validate() Problems {
	var ps Problems
	o.validateIdentity(&ps)
	o.validateRegions(&ps)
	ous := o.validateOUs(&ps)
	o.validateAccounts(&ps, ous)
	o.validateAdopt(&ps)
	o.validateGuardrails(&ps)
	o.validateLogArchive(&ps)
	o.validateSecurityHub(&ps)
	o.validateDelivery(&ps)
	o.validateSharedServices(&ps, ous)
	o.validateWorkloadNetworks(&ps)
	o.validateVending(&ps)
	o.validateIdentityCenter(&ps)
	o.validateDerivedNames(&ps)
	return ps
}

func (o *Organization) validateIdentity(ps *Problems) {
	if strings.TrimSpace(o.Name) == "" {
		ps.add("name", "is required: the organization's display name")
	}
	switch {
	case o.Prefix == "":
		ps.add("prefix", "is required: it starts every name the landing zone gives (e.g. \"acme\")")
	case len(o.Prefix) > maxPrefixLen || !prefixRe.MatchString(o.Prefix):
		ps.add("prefix", "%q must be 2-%d lowercase letters, digits and hyphens, starting with a letter", o.Prefix, maxPrefixLen)
	}
	if o.ManagementAccountID != "" && !accountIDRe.MatchString(o.ManagementAccountID) {
		ps.add("managementAccountId", "%q is not a 12-digit AWS account ID", o.ManagementAccountID)
	}
	if why := IAMRoleName.Check(o.AccessRoleName); why != "" {
		ps.add("accessRoleName", "%s", why)
	}
	if len(o.Tags) > maxProviderTags {
		ps.add("tags", "has %d tags; at most %d are allowed (AWS allows %d a resource, and accounts carry their own cost-allocation tags)", len(o.Tags), maxProviderTags, maxTagsPerResource)
	}
	// Every resource gets these tags and every account its own cost-allocation tags besides: two keys
	// that differ only in case are refused by IAM on one resource.
	accountKeys := append(slices.Clone(CostTagKeys), TagCompliance, TagManagedBy)
	seen := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(o.Tags)) {
		path := joinKey("tags", k)
		if why := tagProblem(k, o.Tags[k]); why != "" {
			ps.add(path, "%s", why)
			continue
		}
		lower := strings.ToLower(k)
		if other, dup := seen[lower]; dup {
			ps.add(path, "tag key %q differs from %q only in case; IAM refuses both on one resource", k, other)
			continue
		}
		seen[lower] = k
		for _, ak := range accountKeys {
			if strings.EqualFold(k, ak) && k != ak {
				ps.add(path, "tag key %q differs from the landing zone's tag %q only in case; IAM refuses both on one resource: write %q", k, ak, ak)
			}
		}
	}
}

func validateTag(ps *Problems, path, key, value string) {
	if why := tagProblem(key, value); why != "" {
		ps.add(path, "%s", why)
	}
}

func (o *Organization) validateRegions(ps *Problems) {
	if o.HomeRegion == "" {
		ps.add("homeRegion", "is required: the Region of the organization-wide resources (e.g. \"us-east-1\")")
	} else {
		validateRegion(ps, "homeRegion", o.HomeRegion)
	}
	if o.Given("governedRegions") && len(o.GovernedRegions) == 0 {
		ps.add("governedRegions", "lists no Region: list the home Region at least, or remove the key to govern the home Region only")
	}
	o.validateRegionList(ps, "governedRegions", o.GovernedRegions)
	o.validateRegionList(ps, "optInRegions", o.OptInRegions)
	for i, r := range o.OptInRegions {
		if slices.Contains(Regions, r) && !slices.Contains(OptInRegions, r) {
			ps.add(fmt.Sprintf("optInRegions[%d]", i), "%q is enabled by default in every account; list only opt-in Regions", r)
		}
	}
	for i, r := range o.GovernedRegions {
		if slices.Contains(OptInRegions, r) && !slices.Contains(o.OptInRegions, r) && !o.derived["governedRegions"] {
			ps.add(fmt.Sprintf("governedRegions[%d]", i), "%q is an opt-in Region, disabled by default in every account: the security services, StackSets and providers cannot use it there. Enable it in every account, then list it in optInRegions", r)
		}
	}
	if slices.Contains(OptInRegions, o.HomeRegion) && !slices.Contains(o.OptInRegions, o.HomeRegion) {
		ps.add("homeRegion", "%q is an opt-in Region, disabled by default in every account: enable it everywhere and list it in optInRegions, or choose another home Region", o.HomeRegion)
	}
	if o.HomeRegion != "" && len(o.GovernedRegions) > 0 && !slices.Contains(o.GovernedRegions, o.HomeRegion) {
		ps.add("governedRegions", "must include the home Region %q", o.HomeRegion)
	}
}

func validateRegion(ps *Problems, path, region string) bool {
	if slices.Contains(Regions, region) {
		return true
	}
	ps.add(path, "%q is not an AWS Region code; did you mean %q?", region, closest(region, Regions))
	return false
}

func (o *Organization) validateRegionList(ps *Problems, path string, regions []string) {
	if o.derived[path] {
		return // a copy of a setting validated where it is written
	}
	seen := map[string]bool{}
	for i, r := range regions {
		p := fmt.Sprintf("%s[%d]", path, i)
		if validateRegion(ps, p, r) && seen[r] {
			ps.add(p, "Region %q is listed twice", r)
		}
		seen[r] = true
	}
}

// validateOUs checks the configured OU paths and returns the set of all OU paths, defaults included.
func (o *Organization) validateOUs(ps *Problems) map[string]bool {
	ous := map[string]bool{}
	for _, p := range DefaultOUs {
		ous[p] = true
	}
	for i, p := range o.OrganizationalUnits {
		path := fmt.Sprintf("organizationalUnits[%d]", i)
		segments := strings.Split(p, "/")
		switch {
		case ous[p] && slices.Contains(DefaultOUs, p):
			ps.add(path, "%q is a default OU; list only OUs to add", p)
			continue
		case ous[p]:
			ps.add(path, "%q is listed twice", p)
			continue
		case len(segments) > maxOUDepth:
			ps.add(path, "%q is %d levels deep; AWS Organizations allows at most %d", p, len(segments), maxOUDepth)
		}
		for _, s := range segments {
			if why := OUName.Check(s); why != "" {
				ps.add(path, "%s", why)
			}
		}
		ous[p] = true
	}
	for i, p := range o.OrganizationalUnits {
		if parent, _, nested := cutLast(p, "/"); nested && !ous[parent] {
			ps.add(fmt.Sprintf("organizationalUnits[%d]", i), "parent OU %q is not declared: add it to organizationalUnits", parent)
		}
	}
	return ous
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", s, false
	}
	return s[:i], s[i+len(sep):], true
}

func (o *Organization) validateAccounts(ps *Problems, ous map[string]bool) {
	c := o.CoreAccounts
	for _, f := range []struct{ key, value string }{
		{"owner", c.Owner}, {"costCenter", c.CostCenter}, {"businessUnit", c.BusinessUnit},
	} {
		if strings.TrimSpace(f.value) == "" {
			ps.add("coreAccounts."+f.key, "is required: the core accounts' %s cost-allocation tag", f.key)
		} else {
			validateTag(ps, "coreAccounts."+f.key, f.key, f.value)
		}
	}
	if c.Owner != "" && !emailRe.MatchString(c.Owner) {
		ps.add("coreAccounts.owner", "%q is not an email address: the owner is who the core accounts' alerts go to", c.Owner)
	}

	emails := map[string]string{}
	names := map[string]string{}
	keys := map[string]string{KeyManagement: "the management account", KeyLogArchive: "coreAccounts.logArchive",
		KeySecurity: "coreAccounts.security", KeySharedServices: "coreAccounts.sharedServices"}
	for _, a := range o.Accounts() {
		o.validateAccount(ps, a, ous, emails, names, keys)
	}
	for i := range o.Workloads {
		o.validateWorkload(ps, i, ous)
		o.validateProfile(ps, i)
	}
	// Core accounts run the landing zone itself: never under the sandboxes' limits, the regulated
	// workloads' narrower Regions, or the deny-all of retired accounts.
	for _, a := range o.Accounts() {
		if a.Workload != nil || !ous[a.OU] {
			continue
		}
		for _, subtree := range []string{OUSandbox, OURegulated, OUSuspended} {
			if IsUnder(a.OU, subtree) {
				ps.add(a.ConfigPath+".ou", "%q is in the %s subtree, whose guardrails are for workload accounts; a core account belongs in %s or %s (or an OU of your own)", a.OU, subtree, OUSecurity, OUInfrastructure)
			}
		}
	}
}

func (o *Organization) validateAccount(ps *Problems, a Account, ous map[string]bool, emails, names, keys map[string]string) {
	p := a.ConfigPath
	if a.Workload != nil {
		switch {
		case a.Key == "":
			ps.add(p+".name", "is required: the workload's key, e.g. \"payments-prod\"")
		case len(a.Key) > maxWorkloadNameLen || !keyRe.MatchString(a.Key):
			ps.add(p+".name", "%q must be 1-%d lowercase letters, digits and hyphens", a.Key, maxWorkloadNameLen)
		case keys[a.Key] != "":
			ps.add(p+".name", "%q is already used by %s", a.Key, keys[a.Key])
		default:
			keys[a.Key] = p
		}
	}

	namePath := p + ".name"
	if a.Workload != nil {
		namePath = p + ".accountName"
	}
	switch {
	case a.Workload != nil && keys[a.Key] != p && !o.Given(p+".accountName") && o.given != nil:
		// The account name is derived from a name that is invalid or already used: reported there.
	case a.Name == "" || len(a.Name) > maxAccountNameLen || !printableASCII(a.Name):
		ps.add(namePath, "account name %q must be 1-%d printable ASCII characters", a.Name, maxAccountNameLen)
	case names[strings.ToLower(a.Name)] != "":
		ps.add(namePath, "account name %q is already used by %s", a.Name, names[strings.ToLower(a.Name)])
	default:
		names[strings.ToLower(a.Name)] = p
	}

	switch {
	case a.Email == "":
		ps.add(p+".email", "is required: the account's root user email, unique across AWS")
	case len(a.Email) < minEmailLen || len(a.Email) > maxEmailLen || !emailRe.MatchString(a.Email):
		ps.add(p+".email", "%q is not an email address AWS accepts (%d-%d characters, name@domain)", a.Email, minEmailLen, maxEmailLen)
	case emails[strings.ToLower(a.Email)] != "":
		ps.add(p+".email", "%q is already used by %s; every account needs its own email", a.Email, emails[strings.ToLower(a.Email)])
	default:
		emails[strings.ToLower(a.Email)] = p
	}

	ouPath := p + ".ou"
	if a.Workload == nil || a.Workload.State != StateSuspended {
		if !ous[a.OU] {
			ps.add(ouPath, "OU %q does not exist; the closest is %q (declare new OUs in organizationalUnits)", a.OU, closest(a.OU, slices.Sorted(maps.Keys(ous))))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a.Tags)) {
		if a.Workload != nil && a.Tags[k] != "" {
			validateTag(ps, p+"."+lowerFirst(k), k, a.Tags[k])
		}
	}
}

func (o *Organization) validateWorkload(ps *Problems, i int, ous map[string]bool) {
	w := &o.Workloads[i]
	p := workloadPath(i)
	if !slices.Contains(environments, w.Environment) {
		if w.Environment == "" {
			ps.add(p+".environment", "is required: one of %s", strings.Join(environments, ", "))
		} else {
			ps.add(p+".environment", "%q is not one of %s", w.Environment, strings.Join(environments, ", "))
		}
	}
	for _, f := range []struct{ key, value string }{
		{"owner", w.Owner}, {"costCenter", w.CostCenter}, {"businessUnit", w.BusinessUnit}, {"application", w.Application},
	} {
		if strings.TrimSpace(f.value) == "" {
			ps.add(p+"."+f.key, "is required: it is a cost-allocation tag of the account")
		}
	}
	if w.Owner != "" && !emailRe.MatchString(w.Owner) {
		ps.add(p+".owner", "%q is not an email address: the owner is who budget alerts and findings go to", w.Owner)
	}
	if !slices.Contains(complianceFrameworks, w.Compliance) {
		ps.add(p+".compliance", "%q is not a known compliance framework; use one of %s", w.Compliance, strings.Join(complianceFrameworks, ", "))
	}
	if !slices.Contains(states, w.State) {
		ps.add(p+".state", "%q is not one of %s", w.State, strings.Join(states, ", "))
	}

	// A suspended workload sits in the Suspended OU whatever OU it names; placement rules apply to
	// the others.
	if ous[w.OU] && w.State != StateSuspended {
		regulatedOU := IsUnder(w.OU, OURegulated)
		switch {
		case w.Compliance != ComplianceNone && slices.Contains(complianceFrameworks, w.Compliance) && !regulatedOU:
			ps.add(p+".ou", "a %s workload must sit in the %s OU or below it, not %q", w.Compliance, OURegulated, w.OU)
		case w.Compliance == ComplianceNone && regulatedOU:
			ps.add(p+".ou", "%q is for regulated workloads: set compliance (pci-dss or hipaa) or choose another OU", w.OU)
		case w.Environment == EnvSandbox && !IsUnder(w.OU, OUSandbox):
			ps.add(p+".ou", "a sandbox must sit in the %s OU or below it, not %q", OUSandbox, w.OU)
		case w.Environment != EnvSandbox && slices.Contains(environments, w.Environment) && IsUnder(w.OU, OUSandbox):
			// The Sandbox OU's SCP denies commitments and narrows instance types; a workload there
			// would run under a sandbox's limits and spend caps.
			ps.add(p+".ou", "%q is in the %s subtree, which is for sandboxes (environment: sandbox); a %s workload belongs elsewhere", w.OU, OUSandbox, w.Environment)
		case w.State == StateActive && IsUnder(w.OU, OUSuspended):
			// The Suspended subtree denies everything: an active account there cannot be used.
			ps.add(p+".ou", "%q is in the %s subtree, which denies every action: place an active account elsewhere, or set state: suspended to retire it", w.OU, OUSuspended)
		}
	}

	// A workload of another environment in the Sandbox OU is refused above: one mistake, one message.
	sandbox := w.Environment == EnvSandbox
	if w.Budget == nil {
		if sandbox {
			ps.add(p+".budget", "is required for a sandbox: set budget.monthlyLimitUsd")
		}
		return
	}
	if w.Budget.MonthlyLimitUSD <= 0 || w.Budget.MonthlyLimitUSD > maxBudgetUSD {
		ps.add(p+".budget.monthlyLimitUsd", "%v is out of range: between 0 and %d US dollars", w.Budget.MonthlyLimitUSD, maxBudgetUSD)
	}
	if len(w.Budget.AlertThresholds) == 0 {
		ps.add(p+".budget.alertThresholds", "lists no threshold: nobody would be told the budget is spent; remove the key for the default (%s)", joinFloats(DefaultBudgetAlertThresholds))
	}
	if n := len(w.Budget.AlertThresholds); n > maxBudgetAlerts {
		ps.add(p+".budget.alertThresholds", "has %d thresholds; AWS Budgets allows at most %d notifications a budget", n, maxBudgetAlerts)
	}
	seen := map[float64]bool{}
	for j, t := range w.Budget.AlertThresholds {
		tp := fmt.Sprintf("%s.budget.alertThresholds[%d]", p, j)
		switch {
		case t <= 0 || t > maxAlertPercent:
			ps.add(tp, "%v%% is out of range: between 0 and %d percent of the limit", t, maxAlertPercent)
		case seen[t]:
			ps.add(tp, "%v%% is listed twice", t)
		}
		seen[t] = true
	}
	validateAscending(ps, p+".budget.alertThresholds", w.Budget.AlertThresholds)
}

func (o *Organization) validateAdopt(ps *Problems) {
	if id := o.Adopt.OrganizationID; id != "" && !orgIDRe.MatchString(id) {
		ps.add("adopt.organizationId", "%q is not an organization ID (o- followed by 10-32 lowercase letters or digits)", id)
	}
	keys := []string{}
	for _, a := range o.Accounts() {
		keys = append(keys, a.Key)
	}
	ids := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(o.Adopt.Accounts)) {
		id := o.Adopt.Accounts[k]
		p := joinKey("adopt.accounts", k)
		switch {
		case !slices.Contains(keys, k):
			ps.add(p, "no account is named %q; the closest is %q", k, closest(k, keys))
		case !accountIDRe.MatchString(id):
			ps.add(p, "%q is not a 12-digit AWS account ID", id)
		case id == o.ManagementAccountID:
			ps.add(p, "%s is the management account, which cannot be vended as a member account", id)
		case ids[id] != "":
			ps.add(p, "account ID %s is also adopted as %q", id, ids[id])
		}
		ids[id] = k
	}
	seen := map[string]bool{}
	for i, k := range o.Adopt.KeepConfigRecording {
		p := fmt.Sprintf("adopt.keepConfigRecording[%d]", i)
		adopted := slices.Sorted(maps.Keys(o.Adopt.Accounts))
		switch {
		case seen[k]:
			ps.add(p, "%q is listed twice", k)
		case o.Adopt.Accounts[k] == "":
			// A vended account is new: it has no recorder, and skipping it would leave it unrecorded.
			if len(adopted) == 0 {
				ps.add(p, "%q is not an adopted account: only an account listed in adopt.accounts can already have a Config recorder", k)
			} else {
				ps.add(p, "%q is not an adopted account (adopt.accounts): only an existing account can already have a Config recorder; the closest is %q", k, closest(k, adopted))
			}
		}
		seen[k] = true
	}
}

// KeepConfigRecordingIDs are the IDs of the adopted accounts that keep their own Config recorder.
func (o *Organization) KeepConfigRecordingIDs() []string {
	var ids []string
	for _, k := range o.Adopt.KeepConfigRecording {
		ids = append(ids, o.Adopt.Accounts[k])
	}
	slices.Sort(ids)
	return ids
}

func (o *Organization) validateGuardrails(ps *Problems) {
	g := o.Guardrails
	o.validateRegionList(ps, "guardrails.allowedRegions", g.AllowedRegions)
	for _, r := range o.GovernedRegions {
		if slices.Contains(Regions, r) && !slices.Contains(g.AllowedRegions, r) {
			ps.add("guardrails.allowedRegions", "must include every governed Region; %q is missing", r)
		}
	}
	// The Region deny is the only control in a Region the landing zone does not govern: no Config
	// recorder, GuardDuty detector or Security Hub there. Allowing one is a decision, not a default.
	if !g.AllowUngovernedRegions {
		for i, r := range g.AllowedRegions {
			if slices.Contains(Regions, r) && !slices.Contains(o.GovernedRegions, r) {
				ps.add(fmt.Sprintf("guardrails.allowedRegions[%d]", i), "%q is not governed (no Config, GuardDuty or Security Hub there): add it to governedRegions, or set guardrails.allowUngovernedRegions: true to allow it unmonitored", r)
			}
		}
	}
	o.validateRegionList(ps, "guardrails.regulatedAllowedRegions", g.RegulatedAllowedRegions)
	if len(g.RegulatedAllowedRegions) == 0 && o.hasRegulated() {
		ps.add("guardrails.regulatedAllowedRegions", "lists no Region: the regulated accounts could use none; remove the key to take guardrails.allowedRegions")
	}
	for i, r := range g.RegulatedAllowedRegions {
		if slices.Contains(Regions, r) && !slices.Contains(g.AllowedRegions, r) {
			ps.add(fmt.Sprintf("guardrails.regulatedAllowedRegions[%d]", i), "%q is not among guardrails.allowedRegions; regulated Regions can only narrow them", r)
		}
	}
	for i, arn := range g.ExemptPrincipalArns {
		if msg := o.exemptPrincipalProblem(arn); msg != "" {
			ps.add(fmt.Sprintf("guardrails.exemptPrincipalArns[%d]", i), "%s", msg)
		}
	}
	if g.ScpMaxSize < minScpSizeLimit || g.ScpMaxSize > maxScpSizeLimit {
		ps.add("guardrails.scpMaxSize", "%d is out of range: between %d and %d characters (AWS default %d)", g.ScpMaxSize, minScpSizeLimit, maxScpSizeLimit, DefaultScpMaxSize)
	}
	if g.ScpMaxPerTarget < 2 || g.ScpMaxPerTarget > maxScpPerTarget {
		ps.add("guardrails.scpMaxPerTarget", "%d is out of range: between 2 and %d (AWS default %d, FullAWSAccess included)", g.ScpMaxPerTarget, maxScpPerTarget, DefaultScpMaxPerTarget)
	}
	for i, a := range g.SandboxDeniedActions {
		path := fmt.Sprintf("guardrails.sandboxDeniedActions[%d]", i)
		if !actionRe.MatchString(a) {
			ps.add(path, "%q is not an IAM action (service:Action)", a)
		} else if err := iamlint.CheckAction(a); err != nil {
			// Organizations accepts an action that does not exist, and the deny then matches nothing.
			ps.add(path, "%v", err)
		}
	}
	if len(g.SandboxAllowedInstanceTypes) == 0 {
		// An empty condition list cannot be written in an SCP; dropping the statement would allow
		// every instance type, the opposite of what an empty allow-list says.
		ps.add("guardrails.sandboxAllowedInstanceTypes", "lists no instance type: to forbid EC2 instances in sandboxes add ec2:RunInstances to guardrails.sandboxDeniedActions; remove the key for the default list")
	}
	for i, t := range g.SandboxAllowedInstanceTypes {
		if !instanceRe.MatchString(t) {
			ps.add(fmt.Sprintf("guardrails.sandboxAllowedInstanceTypes[%d]", i), "%q is not an EC2 instance type pattern (e.g. t3.* or m7g.large)", t)
		}
	}
	o.validateTagPolicy(ps)
}

// exemptPrincipalProblem says why an SCP exemption is refused, or returns "". An exemption by
// aws:PrincipalARN is only as strong as the protection of that name (REFERENCE.md), so only exact
// role names are exempt, each protected by the baseline SCP's ProtectLandingZoneRoles statement.
func (o *Organization) exemptPrincipalProblem(arn string) string {
	if why := partitionProblem(arn); why != "" {
		return why
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 && strings.HasPrefix(parts[0]+":"+parts[1], "arn:aws") {
		resource := parts[5]
		switch {
		case strings.HasPrefix(resource, "user/"):
			// A user can be renamed into an exempt name (iam:UpdateUser); SCPs cannot pin that.
			return fmt.Sprintf("%q is an IAM user: users cannot be exempted, since any account admin can create a user of that name or rename one into it; exempt a role", arn)
		case strings.HasPrefix(resource, "assumed-role/"):
			// aws:PrincipalArn of a role session is the role's ARN, never the session's.
			return fmt.Sprintf("%q is a role session: aws:PrincipalARN carries the role's ARN (arn:aws:iam::<account-id>:role/<name>), so this exemption would match nothing", arn)
		case strings.HasPrefix(resource, "role/") && strings.ContainsAny(resource, "*?"):
			return fmt.Sprintf("%q has a wildcard in the role name: exempt exact role names only, each protected by the baseline SCP (a pattern would exempt, and freeze, every role it matches)", arn)
		}
	}
	if !exemptRoleRe.MatchString(arn) {
		return fmt.Sprintf("%q is not an IAM role ARN (arn:aws:iam::<account-id or *>:role/<name>)", arn)
	}
	if o.ManagementAccountID != "" && parts[4] == o.ManagementAccountID {
		// SCPs never apply to the management account (AWS Organizations, "SCP effects on permissions").
		return fmt.Sprintf("%q is in the management account (managementAccountId), where SCPs never apply: the exemption does nothing; remove it", arn)
	}
	return ""
}

func (o *Organization) validateTagPolicy(ps *Problems) {
	tp := o.Guardrails.TagPolicy
	for _, k := range slices.Sorted(maps.Keys(tp.AllowedValues)) {
		p := joinKey("guardrails.tagPolicy.allowedValues", k)
		if !slices.Contains(CostTagKeys, k) {
			ps.add(p, "%q is not a cost-allocation tag key; the closest is %q", k, closest(k, CostTagKeys))
			continue
		}
		if len(tp.AllowedValues[k]) == 0 {
			ps.add(p, "lists no value: remove the key or list the allowed values")
		}
		reported := map[string]bool{}
		for _, a := range o.Accounts() {
			v := a.Tags[k]
			// Core accounts share their tags, so a disallowed value is reported once, where it is set
			// (coreAccounts.owner) or, for the fixed ones, at the core accounts as a whole.
			path := a.ConfigPath + "." + lowerFirst(k)
			if a.Workload == nil {
				path = "coreAccounts." + lowerFirst(k)
				if k == TagApplication || k == TagEnvironment {
					path = "coreAccounts"
				}
			}
			if v == "" || slices.Contains(tp.AllowedValues[k], v) || reported[path] {
				continue
			}
			reported[path] = true
			ps.add(path, "%s %q is not allowed by guardrails.tagPolicy.allowedValues.%s (%s)",
				k, v, k, strings.Join(tp.AllowedValues[k], ", "))
		}
	}
	for i, t := range tp.EnforcedFor {
		if !resourceType.MatchString(t) {
			ps.add(fmt.Sprintf("guardrails.tagPolicy.enforcedFor[%d]", i), "%q is not a resource type (service:type, e.g. ec2:instance)", t)
		}
	}
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func (o *Organization) hasRegulated() bool {
	return slices.ContainsFunc(o.Workloads, func(w Workload) bool { return w.Compliance != ComplianceNone })
}

func joinFloats(fs []float64) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = fmt.Sprint(f)
	}
	return strings.Join(s, ", ")
}
