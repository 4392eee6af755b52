package config

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"time"
)

// Workload profiles: what a workload account gets besides its OU's guardrails.
const (
	// ProfileStandard is an ordinary workload: budget alerts when a budget is set.
	ProfileStandard = "standard"
	// ProfileRegulated is a PCI DSS or HIPAA workload, under the Regulated OU.
	ProfileRegulated = "regulated"
	// ProfileSandbox is an experiment: a budget with a hard cap, an expiry date and anomaly alerts.
	ProfileSandbox = "sandbox"
)

var profiles = []string{ProfileStandard, ProfileRegulated, ProfileSandbox}

// WorkloadNetwork is a workload's VPC: private subnets only, deployed by the workload network
// StackSet from the management account (no provider in the workload account).
type WorkloadNetwork struct {
	// Cidr is the VPC's IPv4 block; it may not overlap any other VPC of the configuration.
	Cidr string `json:"cidr"`
	// AvailabilityZones is how many AZs get a private subnet (2 or 3: the template spreads them with
	// Fn::GetAZs).
	AvailabilityZones int `json:"availabilityZones"`
	// SubnetPrefixLength is every subnet's size (24 for a /24).
	SubnetPrefixLength int `json:"subnetPrefixLength"`
	// AttachToHub attaches the VPC to the shared-services Transit Gateway (prod or nonprod route
	// table by environment); defaults to true when the hub exists.
	AttachToHub *bool `json:"attachToHub"`
	// ResolveDirectory associates the directory's Resolver forwarding rule with the VPC; defaults to
	// true when the shared resolver exists.
	ResolveDirectory *bool `json:"resolveDirectory"`
}

// Vending configures account creation.
type Vending struct {
	// WaveSize is how many new accounts are requested at once: each wave waits for the previous one
	// (DefaultWaveSize, at most MaxWaveSize).
	WaveSize int `json:"waveSize"`
}

// FinOps is the organization-wide monthly budget and who it alerts.
type FinOps struct {
	// Email is the FinOps contact: the organization budget's alerts go there.
	Email string `json:"email"`
	// BudgetUSD is the whole organization's monthly cost budget in US dollars.
	BudgetUSD float64 `json:"budgetUsd"`
	// AlertThresholds are percentages of the limit, ascending.
	AlertThresholds []float64 `json:"alertThresholds"`
}

// Vending wave sizes. AWS publishes no limit on concurrent CreateAccount requests: the documented
// limits are the organization's account quota (10 by default, ACCOUNT_LIMIT_EXCEEDED) and a daily
// creation rate (ConstraintViolationException ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED: "the number of
// accounts that you can create in one day"), and CONCURRENT_ACCOUNT_MODIFICATION means "you already
// submitted a request with the same information" (a duplicate), not too many at once
// (Organizations API reference: CreateAccount errors, CreateAccountStatus FailureReason). So the
// wave size is a pacing choice, not an AWS figure: 5 by default, a modest burst that keeps a
// failed first run cheap to read (a few failed creations, not dozens) and stays clear of API
// throttling (TooManyRequestsException, retried by the provider); at most 20, beyond which one
// wave's failures (a daily-rate or quota refusal hits every request of the wave) and the
// Organizations API's request rate weigh more than the minutes saved.
const (
	DefaultWaveSize = 5
	MaxWaveSize     = 20
)

// MaxHubWorkloads is how many workload VPCs may be attached to the hub. The shared-services private
// route tables return traffic to them through managed prefix lists, and a route to a prefix list
// counts as the list's maximum entries against the routes-per-route-table quota, 50 by default and
// at most 1,000 (Amazon VPC User Guide, "Amazon VPC quotas", Route tables; "Reference prefix lists
// in your AWS resources"). One route is the NAT gateway's default route, so 999 blocks fit.
const MaxHubWorkloads = 999

// Workload network defaults and bounds.
const (
	DefaultWorkloadAvailabilityZones  = 2
	DefaultWorkloadSubnetPrefixLength = 24
	maxWorkloadAvailabilityZones      = 3
)

// NetworkAttachesToHub reports whether a workload's VPC is attached to the Transit Gateway.
func (w *Workload) NetworkAttachesToHub() bool {
	return w.Network != nil && w.Network.AttachToHub != nil && *w.Network.AttachToHub
}

// NetworkResolvesDirectory reports whether the directory's Resolver rule is associated with the VPC.
func (w *Workload) NetworkResolvesDirectory() bool {
	return w.Network != nil && w.Network.ResolveDirectory != nil && *w.Network.ResolveDirectory
}

// Active reports whether the workload is in use (not suspended).
func (w *Workload) Active() bool { return w.State != StateSuspended }

// hubEnabled and resolverEnabled say whether the shared services offer a hub and a resolver rule.
func (o *Organization) hubEnabled() bool {
	return o.SharedServices != nil && o.SharedServices.TransitGateway.Enabled
}

func (o *Organization) resolverEnabled() bool {
	return o.SharedServices != nil && o.SharedServices.ResolverEnabled()
}

// sharedWith reports whether a RAM share with these OU paths (empty: the whole organization)
// reaches an account in OU ou: the share covers each OU's whole subtree.
func sharedWith(ous []string, ou string) bool {
	if len(ous) == 0 {
		return true
	}
	for _, s := range ous {
		if IsUnder(ou, s) {
			return true
		}
	}
	return false
}

// hubReaches and resolverReaches say whether the Transit Gateway and the directory's Resolver
// rule are shared with a workload's OU: a VPC can attach to or associate only what is shared with
// its account.
func (o *Organization) hubReaches(w *Workload) bool {
	return o.hubEnabled() && sharedWith(o.SharedServices.TransitGateway.SharedWithOus, w.OU)
}

func (o *Organization) resolverReaches(w *Workload) bool {
	return o.resolverEnabled() && sharedWith(o.SharedServices.Resolver.SharedWithOus, w.OU)
}

// defaultProfile places a workload by what it already says, never weaker: a regulated framework
// makes it regulated, a sandbox environment or the Sandbox OU a sandbox.
func defaultProfile(w *Workload) string {
	switch {
	case w.Compliance != ComplianceNone:
		return ProfileRegulated
	case w.Environment == EnvSandbox || (w.Active() && IsUnder(w.OU, OUSandbox)):
		return ProfileSandbox
	default:
		return ProfileStandard
	}
}

func (o *Organization) applyWorkloadDefaults(w *Workload, p string) {
	if o.unset(p+".profile", w.Profile == "") {
		w.Profile = defaultProfile(w)
		o.derived[p+".profile"] = true
	}
	if n := w.Network; n != nil {
		if o.unset(p+".network.availabilityZones", n.AvailabilityZones == 0) {
			n.AvailabilityZones = DefaultWorkloadAvailabilityZones
		}
		if o.unset(p+".network.subnetPrefixLength", n.SubnetPrefixLength == 0) {
			n.SubnetPrefixLength = DefaultWorkloadSubnetPrefixLength
		}
		// Joined by default when the hub or the rule is shared with the workload's OU.
		if n.AttachToHub == nil {
			n.AttachToHub = boolPtr(o.hubReaches(w))
		}
		if n.ResolveDirectory == nil {
			n.ResolveDirectory = boolPtr(o.resolverReaches(w))
		}
	}
}

func (o *Organization) applyVendingDefaults() {
	if o.unset("vending.waveSize", o.Vending.WaveSize == 0) {
		o.Vending.WaveSize = DefaultWaveSize
	}
	if f := o.FinOps; f != nil && o.unset("finOps.alertThresholds", len(f.AlertThresholds) == 0) {
		f.AlertThresholds = append([]float64(nil), DefaultBudgetAlertThresholds...)
	}
}

// validateProfile checks that a workload's profile agrees with what it says elsewhere: a profile is
// never weaker than its compliance framework or environment.
func (o *Organization) validateProfile(ps *Problems, i int) {
	w := &o.Workloads[i]
	p := workloadPath(i)
	if !slices.Contains(profiles, w.Profile) {
		ps.add(p+".profile", "%q is not one of %s", w.Profile, strings.Join(profiles, ", "))
		return
	}
	if o.derived[p+".profile"] && w.Profile == ProfileSandbox && w.Environment != EnvSandbox {
		// Derived from the Sandbox OU for a workload that is not a sandbox: the OU is the
		// mistake, and validateWorkload reports it.
		return
	}
	switch {
	case w.Compliance != ComplianceNone && w.Profile != ProfileRegulated:
		ps.add(p+".profile", "%q is weaker than compliance %s: a regulated framework needs the regulated profile", w.Profile, w.Compliance)
	case w.Profile == ProfileRegulated && w.Compliance == ComplianceNone:
		ps.add(p+".compliance", "is none, but the profile is regulated: set pci-dss or hipaa")
	case w.Environment == EnvSandbox && w.Profile != ProfileSandbox:
		ps.add(p+".profile", "%q for a sandbox environment would drop its spend cap: use sandbox", w.Profile)
	case w.Profile == ProfileSandbox && w.Environment != EnvSandbox && slices.Contains(environments, w.Environment):
		ps.add(p+".environment", "%q with the sandbox profile: a sandbox's environment is sandbox", w.Environment)
	}
	if w.Profile != ProfileSandbox {
		if w.ExpiresOn != "" {
			ps.add(p+".expiresOn", "is for sandboxes only; a %s workload does not expire", w.Profile)
		}
		return
	}
	if w.ExpiresOn == "" {
		ps.add(p+".expiresOn", "is required for a sandbox: the date (YYYY-MM-DD) it is due to be retired")
	} else if _, err := time.Parse(time.DateOnly, w.ExpiresOn); err != nil {
		ps.add(p+".expiresOn", "%q is not a date (YYYY-MM-DD)", w.ExpiresOn)
	}
}

// validateAscending refuses thresholds that do not strictly ascend: AWS sends one notification a
// threshold, and a list out of order is a list someone misread.
func validateAscending(ps *Problems, path string, thresholds []float64) {
	for j := 1; j < len(thresholds); j++ {
		if thresholds[j] <= thresholds[j-1] {
			ps.add(fmt.Sprintf("%s[%d]", path, j), "%v%% does not come after %v%%: list thresholds in ascending order", thresholds[j], thresholds[j-1])
			return
		}
	}
}

// vpc is one VPC the configuration declares, for the overlap check.
type vpc struct {
	path   string
	prefix netip.Prefix
}

// validateWorkloadNetworks checks every workload VPC and refuses any two VPCs of the configuration
// (the shared-services VPC included) whose blocks overlap: routing through the hub would be
// ambiguous. Sorted by address, an overlap is always between neighbours' running maximum, so the
// check is O(n log n) at 5,000 VPCs.
func (o *Organization) validateWorkloadNetworks(ps *Problems) {
	var vpcs []vpc
	if s := o.SharedServices; s != nil {
		if pr, err := netip.ParsePrefix(s.Network.VpcCidr); err == nil && pr.Addr().Is4() && pr.Masked() == pr {
			vpcs = append(vpcs, vpc{"sharedServices.network.vpcCidr", pr})
		}
	}
	for i := range o.Workloads {
		w := &o.Workloads[i]
		if w.Network == nil {
			continue
		}
		p := workloadPath(i) + ".network"
		if pr, ok := o.validateWorkloadNetwork(ps, p, w); ok {
			vpcs = append(vpcs, vpc{p + ".cidr", pr})
		}
	}
	attached := 0
	for i := range o.Workloads {
		if o.Workloads[i].NetworkAttachesToHub() {
			attached++
		}
	}
	if attached > MaxHubWorkloads {
		ps.add("workloads", "%d workload VPCs attached to the hub; at most %d: the shared-services route tables route each one back through the hub (a prefix list counts as its entries against the routes-per-route-table quota, at most 1,000 once raised): set network.attachToHub: false on the others, or give them a summarized route",
			attached, MaxHubWorkloads)
	}
	sort.SliceStable(vpcs, func(a, b int) bool { return vpcs[a].prefix.Addr().Less(vpcs[b].prefix.Addr()) })
	widest := -1 // the earlier VPC reaching furthest
	for k := range vpcs {
		if widest >= 0 && vpcs[widest].prefix.Overlaps(vpcs[k].prefix) {
			first, second := vpcs[widest], vpcs[k]
			if second.path < first.path && strings.HasPrefix(first.path, "workloads") {
				first, second = second, first
			}
			ps.add(second.path, "%s overlaps %s (%s): every VPC needs its own addresses", second.prefix, first.path, first.prefix)
		}
		if widest < 0 || lastAddr(vpcs[k].prefix).Compare(lastAddr(vpcs[widest].prefix)) > 0 {
			widest = k
		}
	}
}

func lastAddr(p netip.Prefix) netip.Addr {
	a := p.Masked().Addr().As4()
	host := 32 - p.Bits()
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	v |= uint32((uint64(1) << host) - 1)
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

func (o *Organization) validateWorkloadNetwork(ps *Problems, p string, w *Workload) (netip.Prefix, bool) {
	n := w.Network
	if n.AvailabilityZones < minAvailabilityZones || n.AvailabilityZones > maxWorkloadAvailabilityZones {
		ps.add(p+".availabilityZones", "%d is out of range: between %d and %d", n.AvailabilityZones, minAvailabilityZones, maxWorkloadAvailabilityZones)
	}
	switch {
	case n.AttachToHub != nil && *n.AttachToHub && !o.hubEnabled():
		ps.add(p+".attachToHub", "is true but there is no hub: set sharedServices.transitGateway.enabled, or attachToHub: false")
	case n.AttachToHub != nil && *n.AttachToHub && w.Active() && !o.hubReaches(w):
		ps.add(p+".attachToHub", "is true but the hub is not shared with OU %q: add it to sharedServices.transitGateway.sharedWithOus, or attachToHub: false", w.OU)
	}
	switch {
	case n.ResolveDirectory != nil && *n.ResolveDirectory && !o.resolverEnabled():
		ps.add(p+".resolveDirectory", "is true but the directory's resolver rule is off: add sharedServices with resolver.enabled, or resolveDirectory: false")
	case n.ResolveDirectory != nil && *n.ResolveDirectory && w.Active() && !o.resolverReaches(w):
		ps.add(p+".resolveDirectory", "is true but the directory's resolver rule is not shared with OU %q: add it to sharedServices.resolver.sharedWithOus, or resolveDirectory: false", w.OU)
	}
	prefix, err := netip.ParsePrefix(n.Cidr)
	switch {
	case n.Cidr == "":
		ps.add(p+".cidr", "is required: the VPC's IPv4 block (e.g. 10.1.0.0/22)")
		return prefix, false
	case err != nil || !prefix.Addr().Is4():
		ps.add(p+".cidr", "%q is not an IPv4 CIDR block (e.g. 10.1.0.0/22)", n.Cidr)
		return prefix, false
	case prefix.Masked() != prefix:
		ps.add(p+".cidr", "%q has host bits set; the block is %s", n.Cidr, prefix.Masked())
		return prefix, false
	case prefix.Bits() < minVpcPrefix || prefix.Bits() > maxVpcPrefix:
		ps.add(p+".cidr", "%q is a /%d; a VPC is between /%d and /%d", n.Cidr, prefix.Bits(), minVpcPrefix, maxVpcPrefix)
		return prefix, false
	}
	switch {
	case n.SubnetPrefixLength <= prefix.Bits() || n.SubnetPrefixLength > maxVpcPrefix:
		ps.add(p+".subnetPrefixLength", "/%d does not fit: between /%d and /%d inside %s", n.SubnetPrefixLength, prefix.Bits()+1, maxVpcPrefix, n.Cidr)
	case n.SubnetPrefixLength-prefix.Bits() < 31 && 1<<(n.SubnetPrefixLength-prefix.Bits()) < n.AvailabilityZones:
		ps.add(p+".cidr", "%s holds %d subnets of /%d; %d are needed (one per AZ): widen it or use smaller subnets",
			n.Cidr, 1<<(n.SubnetPrefixLength-prefix.Bits()), n.SubnetPrefixLength, n.AvailabilityZones)
	}
	return prefix, true
}

// maxCostCategoryRules is how many rules one cost category takes through the API (AWS Billing User
// Guide, "Quotas and limits": cost category rules per cost category (API) 500, (UI) 100): the cost
// categories have one rule per business unit, environment or application.
const maxCostCategoryRules = 500

// validateCostCategories refuses more distinct values of a categorized tag than a cost category
// can hold rules, and any value a cost category would refuse: every account's business unit,
// environment and application becomes a rule's Value (pkg/workload Categorize), whose rules are
// narrower than a tag's (CostCategoryValue). Each value is reported where it is set, once.
func (o *Organization) validateCostCategories(ps *Problems) {
	accounts := o.Accounts()
	reported := map[string]bool{}
	for _, tag := range []struct{ key, path string }{
		{TagBusinessUnit, "businessUnit"}, {TagEnvironment, "environment"}, {TagApplication, "application"},
	} {
		values := map[string]bool{}
		for _, a := range accounts {
			v := a.Tags[tag.key]
			values[v] = true
			path := a.ConfigPath + "." + tag.path
			if a.Workload == nil {
				path = "coreAccounts." + tag.path
			}
			// Empty values are reported as required, and values no tag may hold as tags, where
			// they are set: one mistake, one message.
			if v == "" || reported[path] || tagProblem(tag.key, v) != "" {
				continue
			}
			if why := CostCategoryValue.Check(v); why != "" {
				reported[path] = true
				ps.add(path, "%s: the %s-%s cost category groups accounts by this value", why, o.Prefix, costCategoryName(tag.path))
			}
		}
		if len(values) > maxCostCategoryRules {
			ps.add("workloads", "%d distinct %s values; the %s cost category takes at most %d (one rule each, AWS Billing quotas): group them", len(values), tag.path, tag.key, maxCostCategoryRules)
		}
	}
}

// costCategoryName is the cost category's name after the prefix (pkg/workload Categorize).
func costCategoryName(path string) string {
	if path == "businessUnit" {
		return "business-unit"
	}
	return path
}

func (o *Organization) validateVending(ps *Problems) {
	o.validateCostCategories(ps)
	if s := o.Vending.WaveSize; s < 1 || s > MaxWaveSize {
		ps.add("vending.waveSize", "%d is out of range: between 1 and %d new accounts requested at once (default %d; AWS publishes no concurrency limit, README \"Vending in waves\")", s, MaxWaveSize, DefaultWaveSize)
	}
	f := o.FinOps
	if f == nil {
		return
	}
	if !emailRe.MatchString(f.Email) {
		ps.add("finOps.email", "%q is not an email address: the organization budget's alerts go there", f.Email)
	}
	if f.BudgetUSD <= 0 || f.BudgetUSD > maxOrgBudgetUSD {
		ps.add("finOps.budgetUsd", "%v is out of range: between 0 and %d US dollars", f.BudgetUSD, maxOrgBudgetUSD)
	}
	validateThresholds(ps, "finOps.alertThresholds", f.AlertThresholds)
}

// maxOrgBudgetUSD bounds the organization budget (a typo guard, not an AWS limit).
const maxOrgBudgetUSD = 1_000_000_000

// validateThresholds checks a budget's alert thresholds: some, at most AWS's number of
// notifications a budget, each a percentage, ascending.
func validateThresholds(ps *Problems, path string, ts []float64) {
	if len(ts) == 0 {
		ps.add(path, "lists no threshold: nobody would be told the budget is spent; remove the key for the default (%s)", joinFloats(DefaultBudgetAlertThresholds))
	}
	if len(ts) > maxBudgetAlerts {
		ps.add(path, "has %d thresholds; AWS Budgets allows at most %d notifications a budget", len(ts), maxBudgetAlerts)
	}
	for j, t := range ts {
		if t <= 0 || t > maxAlertPercent {
			ps.add(fmt.Sprintf("%s[%d]", path, j), "%v%% is out of range: between 0 and %d percent of the limit", t, maxAlertPercent)
			return
		}
	}
	validateAscending(ps, path, ts)
}
