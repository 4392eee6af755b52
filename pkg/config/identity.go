package config

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/landingzone/aws-landing-zone/pkg/iamlint"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// Identity configures IAM Identity Center: permission sets, and which groups reach which accounts
// with which permission set. The section is optional: without it the landing zone manages no
// Identity Center resource (a new organization has no Identity Center instance until someone
// enables it in the console).
type Identity struct {
	// InstanceArn and IdentityStoreID name the organization's Identity Center instance; both empty,
	// the instance is looked up (ListInstances).
	InstanceArn     string `json:"instanceArn"`
	IdentityStoreID string `json:"identityStoreId"`
	// Region is the Region of the Identity Center instance; defaults to the home Region.
	Region string `json:"region"`
	// DelegatedAdministrator is the key of the member account registered as Identity Center's
	// delegated administrator, from which permission sets and assignments are managed; empty, they
	// are managed from the management account.
	DelegatedAdministrator string `json:"delegatedAdministrator"`
	// Groups are the Identity Center groups the configuration assigns, by a key of ours.
	Groups map[string]Group `json:"groups"`
	// PermissionSets are added to (or, by name, replace) the built-in ones (DefaultPermissionSets).
	PermissionSets map[string]PermissionSet `json:"permissionSets"`
	// SecurityAudit is the security team's access to every active account; its group is the only
	// one that reaches the log-archive account.
	SecurityAudit SecurityAudit `json:"securityAudit"`
	// Assignments give groups permission sets in accounts chosen by key, OU or tag.
	Assignments []Assignment `json:"assignments"`
}

// Group is an Identity Center group: by ID, or by display name looked up in the identity store.
type Group struct {
	DisplayName string `json:"displayName"`
	ID          string `json:"id"`
}

// PermissionSet is one permission set: the role IAM Identity Center provisions in every account it
// is assigned to.
type PermissionSet struct {
	Description string `json:"description"`
	// SessionDuration is ISO-8601, between PT1H and PT12H.
	SessionDuration string `json:"sessionDuration"`
	// ManagedPolicies are AWS managed policy ARNs (arn:aws:iam::aws:policy/...).
	ManagedPolicies []string `json:"managedPolicies"`
	// CustomerManagedPolicies name policies that must exist, by name and path, in every account the
	// permission set is assigned to.
	CustomerManagedPolicies []PolicyReference `json:"customerManagedPolicies"`
	// InlinePolicy is the statements of the permission set's inline policy (IAM policy syntax).
	InlinePolicy []policy.Statement `json:"inlinePolicy"`
	// PermissionsBoundary caps what the permission set's role may do.
	PermissionsBoundary *PermissionsBoundary `json:"permissionsBoundary"`
}

// PolicyReference is a customer managed policy by name and path.
type PolicyReference struct {
	Name string `json:"name"`
	Path string `json:"path"`
}

// PermissionsBoundary is an AWS managed policy ARN or a customer managed policy: exactly one.
type PermissionsBoundary struct {
	ManagedPolicyArn      string           `json:"managedPolicyArn"`
	CustomerManagedPolicy *PolicyReference `json:"customerManagedPolicy"`
}

// SecurityAudit is the security team's standing access.
type SecurityAudit struct {
	// Group is a key of Identity.Groups.
	Group string `json:"group"`
	// PermissionSets are given to the group in every active account; default SecurityAudit.
	PermissionSets []string `json:"permissionSets"`
}

// Assignment gives a group permission sets in the accounts its selectors choose: the union of the
// accounts listed, the accounts in or under the OUs listed, and the accounts carrying all the tags.
type Assignment struct {
	Group          string            `json:"group"`
	PermissionSets []string          `json:"permissionSets"`
	Accounts       []string          `json:"accounts"`
	OUs            []string          `json:"ous"`
	Tags           map[string]string `json:"tags"`
	// AllowRegulated is the explicit consent to give an administrator permission set (see
	// Privileged) in regulated accounts; without it OU and tag selectors leave them out.
	AllowRegulated bool `json:"allowRegulated"`
}

// Access is one account assignment: a group has a permission set in an account.
type Access struct {
	Account       string // account key
	Group         string // group key
	PermissionSet string
	// Source is the config path that grants it.
	Source string
}

// Identity Center limits (IAM Identity Center user guide, "Quotas": one inline policy per permission
// set, "32,768 bytes. Maximum size of non-whitespace characters in the inline policy per permission
// set is 10,240 bytes"; managed policies per permission set: IAM's quota of 10 managed policies per
// role applies in every account the permission set is provisioned to, 20 after an IAM quota increase
// in each; "Number of provisioned permission sets allowed per AWS account: 500". API reference,
// CreatePermissionSet: Name 1-32 characters of [\w+=,.@-], Description 1-700 characters).
const (
	MaxInlinePolicySize         = 10_240
	MaxManagedPoliciesPerSet    = 10
	MaxPermissionSetsPerAccount = 500
	maxPermissionSetNameLen     = 32
	maxPermissionSetDescLen     = 700
	minSessionDuration          = time.Hour
	maxSessionDuration          = 12 * time.Hour
	awsManagedPolicyArnPrefix   = "arn:aws:iam::aws:policy/"
	maxGroupDisplayNameLen      = 1024
	maxCustomerPolicyNameLen    = 128
	maxCustomerPolicyPathLen    = 512
	regulatedConsentSuggestion  = "set allowRegulated: true on the assignment to give it explicitly"
)

var (
	permissionSetNameRe = regexp.MustCompile(`^[\w+=,.@-]{1,32}$`)
	// ISO-8601 durations as CreatePermissionSet takes them; the landing zone accepts hours, minutes
	// and seconds (PT8H, PT1H30M), the only units within 1-12 hours.
	sessionDurationRe = regexp.MustCompile(`^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$`)
	instanceArnRe     = regexp.MustCompile(`^arn:aws[a-z-]*:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}$`)
	identityStoreIDRe = regexp.MustCompile(`^d-[0-9a-f]{10}$`)
	groupIDRe         = regexp.MustCompile(`^([0-9a-f]{10}-)?[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$`)
	awsManagedArnRe   = regexp.MustCompile(`^arn:aws[a-z-]*:iam::aws:policy/(?:[\w+=,.@-]+/)*[\w+=,.@-]+$`)
	policyNameRe      = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)
	policyPathRe      = regexp.MustCompile(`^/(?:[\x21-\x7e]*/)?$`)
)

// ParseSessionDuration reads an ISO-8601 session duration (PT8H, PT1H30M).
func ParseSessionDuration(s string) (time.Duration, bool) {
	m := sessionDurationRe.FindStringSubmatch(s)
	if m == nil || s == "PT" {
		return 0, false
	}
	var d time.Duration
	for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second} {
		if m[i+1] == "" {
			continue
		}
		n, err := strconv.Atoi(m[i+1])
		if err != nil {
			return 0, false
		}
		d += time.Duration(n) * unit
	}
	return d, true
}

// Privileged reports whether a permission set gives administrator access: AdministratorAccess or
// PowerUserAccess, or an inline Allow of every action or of every IAM action. Such a permission set
// reaches a regulated account only with the assignment's explicit allowRegulated.
func (ps PermissionSet) Privileged() bool {
	for _, arn := range ps.ManagedPolicies {
		name := arn[strings.LastIndex(arn, "/")+1:]
		if name == "AdministratorAccess" || name == "PowerUserAccess" || name == "IAMFullAccess" {
			return true
		}
	}
	for _, st := range ps.InlinePolicy {
		if st.Effect != policy.Allow {
			continue
		}
		if len(st.NotAction) > 0 || slices.Contains(st.Action, "*") || slices.Contains(st.Action, "iam:*") {
			return true
		}
	}
	return false
}

// InlinePolicyDocument is the permission set's inline policy as AWS stores it (minified), or "" when
// it has none.
func (ps PermissionSet) InlinePolicyDocument() (string, error) {
	if len(ps.InlinePolicy) == 0 {
		return "", nil
	}
	return policy.Document{Version: policy.Version, Statement: ps.InlinePolicy}.JSON()
}

// Regulated reports whether an account holds a regulated (PCI DSS, HIPAA) workload.
func (a Account) Regulated() bool {
	return a.Workload != nil && a.Workload.Compliance != ComplianceNone
}

// Suspended reports whether an account is a suspended workload: it gets no access.
func (a Account) Suspended() bool {
	return a.Workload != nil && a.Workload.State == StateSuspended
}

// AccessMatrix expands the identity configuration into every account assignment, by account in
// config order, then group, then permission set. It is empty without an identity section, and
// meaningful only for a valid configuration.
func (o *Organization) AccessMatrix() []Access {
	var ignored Problems
	return o.expandAccess(&ignored)
}

// expandAccess expands the security team's access and every assignment, reporting what cannot be
// granted (unknown names, suspended or log-archive targets, duplicates) to ps.
func (o *Organization) expandAccess(ps *Problems) []Access {
	id := o.Identity
	if id == nil {
		return nil
	}
	accounts := o.Accounts()
	granted := map[[3]string]string{} // account, group, permission set -> source
	var out []Access
	grant := func(a Account, group, set, source, path string) {
		k := [3]string{a.Key, group, set}
		if prev, dup := granted[k]; dup {
			if prev != source {
				ps.add(path, "group %q already has %s in %s through %s: duplicate assignment", group, set, a.Key, prev)
			}
			return
		}
		granted[k] = source
		out = append(out, Access{Account: a.Key, Group: group, PermissionSet: set, Source: source})
	}

	sa := id.SecurityAudit
	for _, a := range accounts {
		if a.Suspended() {
			continue
		}
		for _, set := range sa.PermissionSets {
			grant(a, sa.Group, set, "identity.securityAudit", "identity.securityAudit")
		}
	}

	ous := map[string]bool{}
	for _, ou := range o.OUPaths() {
		ous[ou] = true
	}
	for i, as := range id.Assignments {
		p := fmt.Sprintf("identity.assignments[%d]", i)
		privileged := false
		for _, set := range as.PermissionSets {
			if s, ok := id.PermissionSets[set]; ok && s.Privileged() {
				privileged = true
			}
		}
		chosen := map[string]bool{}
		for j, key := range as.Accounts {
			jp := fmt.Sprintf("%s.accounts[%d]", p, j)
			a, ok := findAccount(accounts, key)
			switch {
			case !ok:
				ps.add(jp, "no account is named %q; the closest is %q", key, closest(key, accountKeys(accounts)))
			case chosen[key]:
				ps.add(jp, "account %q is listed twice", key)
			case a.Suspended():
				ps.add(jp, "account %q is suspended: it gets no access; remove it from the assignment", key)
			case a.Key == KeyLogArchive && as.Group != sa.Group:
				ps.add(jp, "only the security team (identity.securityAudit.group %q) may reach the log-archive account", sa.Group)
			case a.Regulated() && privileged && !as.AllowRegulated:
				ps.add(jp, "account %q is regulated (%s) and the assignment gives administrator access: %s", key, a.Workload.Compliance, regulatedConsentSuggestion)
			}
			chosen[key] = true
		}
		for j, ou := range as.OUs {
			jp := fmt.Sprintf("%s.ous[%d]", p, j)
			switch {
			case !ous[ou]:
				ps.add(jp, "OU %q does not exist; the closest is %q", ou, closest(ou, slices.Sorted(maps.Keys(ous))))
			case slices.Contains(as.OUs[:j], ou):
				ps.add(jp, "OU %q is listed twice", ou)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(as.Tags)) {
			o.checkTagSelector(ps, accounts, joinKey(p+".tags", k), k, as.Tags[k])
		}

		for _, a := range accounts {
			listed := slices.Contains(as.Accounts, a.Key)
			selected := listed || selectedByOU(a, as.OUs) || selectedByTags(a, as.Tags)
			if !selected || a.Suspended() {
				continue
			}
			// OU and tag selectors leave out the accounts an explicit listing is refused for above:
			// the log-archive account for anyone but the security team, and regulated accounts for
			// administrator access without consent.
			if (a.Key == KeyLogArchive && as.Group != sa.Group) || (a.Regulated() && privileged && !as.AllowRegulated) {
				continue
			}
			for _, set := range as.PermissionSets {
				grant(a, as.Group, set, p, p)
			}
		}
	}

	order := map[string]int{}
	for i, a := range accounts {
		order[a.Key] = i
	}
	slices.SortStableFunc(out, func(x, y Access) int {
		if d := order[x.Account] - order[y.Account]; d != 0 {
			return d
		}
		if c := strings.Compare(x.Group, y.Group); c != 0 {
			return c
		}
		return strings.Compare(x.PermissionSet, y.PermissionSet)
	})
	return out
}

func selectedByOU(a Account, ous []string) bool {
	for _, ou := range ous {
		if IsUnder(a.OU, ou) {
			return true
		}
	}
	return false
}

// selectedByTags: every tag of the selector matches; an empty selector selects nothing.
func selectedByTags(a Account, tags map[string]string) bool {
	if len(tags) == 0 {
		return false
	}
	for k, v := range tags {
		if a.Tags[k] != v {
			return false
		}
	}
	return true
}

// checkTagSelector refuses a tag no account carries: a misspelt value would otherwise select nothing,
// silently.
func (o *Organization) checkTagSelector(ps *Problems, accounts []Account, path, key, value string) {
	values := map[string]bool{}
	for _, a := range accounts {
		if v, ok := a.Tags[key]; ok && v != "" {
			values[v] = true
		}
	}
	switch {
	case len(values) == 0:
		keys := map[string]bool{}
		for _, a := range accounts {
			for k := range a.Tags {
				keys[k] = true
			}
		}
		ps.add(path, "no account carries the tag key %q; the closest is %q", key, closest(key, slices.Sorted(maps.Keys(keys))))
	case !values[value]:
		ps.add(path, "no account carries %s=%q; the values in use are %s", key, value, strings.Join(slices.Sorted(maps.Keys(values)), ", "))
	}
}

func findAccount(accounts []Account, key string) (Account, bool) {
	for _, a := range accounts {
		if a.Key == key {
			return a, true
		}
	}
	return Account{}, false
}

func accountKeys(accounts []Account) []string {
	keys := make([]string, len(accounts))
	for i, a := range accounts {
		keys[i] = a.Key
	}
	return keys
}

func (o *Organization) validateIdentityCenter(ps *Problems) {
	id := o.Identity
	if id == nil {
		return
	}
	if (id.InstanceArn == "") != (id.IdentityStoreID == "") {
		ps.add("identity", "set both instanceArn and identityStoreId, or neither (the instance is then looked up)")
	}
	if id.InstanceArn != "" && !instanceArnRe.MatchString(id.InstanceArn) {
		ps.add("identity.instanceArn", "%q is not an IAM Identity Center instance ARN (arn:aws:sso:::instance/ssoins-<16 characters>)", id.InstanceArn)
	}
	if id.IdentityStoreID != "" && !identityStoreIDRe.MatchString(id.IdentityStoreID) {
		ps.add("identity.identityStoreId", "%q is not an identity store ID (d- followed by 10 hexadecimal digits)", id.IdentityStoreID)
	}
	if validateRegion(ps, "identity.region", id.Region) && !slices.Contains(o.GovernedRegions, id.Region) {
		ps.add("identity.region", "%q is not governed: the Identity Center instance must be in one of governedRegions", id.Region)
	}
	accounts := o.Accounts()
	if d := id.DelegatedAdministrator; d != "" {
		a, ok := findAccount(accounts, d)
		switch {
		case !ok:
			ps.add("identity.delegatedAdministrator", "no account is named %q; the closest is %q (leave it empty to administer from the management account)", d, closest(d, accountKeys(accounts)))
		case a.Suspended():
			ps.add("identity.delegatedAdministrator", "account %q is suspended", d)
		case a.Key == KeyLogArchive:
			ps.add("identity.delegatedAdministrator", "the log-archive account holds only logs; delegate to shared-services (AWS Security Reference Architecture) or security")
		}
	}

	for _, k := range slices.Sorted(maps.Keys(id.Groups)) {
		g, p := id.Groups[k], joinKey("identity.groups", k)
		if !keyRe.MatchString(k) {
			ps.add(p, "group key %q must be lowercase letters, digits and hyphens", k)
		}
		switch {
		case (g.DisplayName == "") == (g.ID == ""):
			ps.add(p, "set exactly one of displayName (looked up in the identity store) and id")
		case g.ID != "" && !groupIDRe.MatchString(g.ID):
			ps.add(p+".id", "%q is not an identity store group ID (a UUID)", g.ID)
		case g.DisplayName != "" && (len(g.DisplayName) > maxGroupDisplayNameLen || strings.TrimSpace(g.DisplayName) != g.DisplayName):
			ps.add(p+".displayName", "%q must be 1-%d characters without leading or trailing spaces", g.DisplayName, maxGroupDisplayNameLen)
		}
	}

	for _, name := range slices.Sorted(maps.Keys(id.PermissionSets)) {
		validatePermissionSet(ps, joinKey("identity.permissionSets", name), name, id.PermissionSets[name])
	}

	group := func(path, key string) {
		if key == "" {
			ps.add(path, "is required: a key of identity.groups")
		} else if _, ok := id.Groups[key]; !ok {
			ps.add(path, "no group is named %q; the closest is %q (declare it in identity.groups)", key, closest(key, slices.Sorted(maps.Keys(id.Groups))))
		}
	}
	sets := func(path string, names []string) {
		if len(names) == 0 {
			ps.add(path, "lists no permission set")
		}
		for j, n := range names {
			jp := fmt.Sprintf("%s[%d]", path, j)
			if _, ok := id.PermissionSets[n]; !ok {
				ps.add(jp, "no permission set is named %q; the closest is %q", n, closest(n, slices.Sorted(maps.Keys(id.PermissionSets))))
			} else if slices.Contains(names[:j], n) {
				ps.add(jp, "permission set %q is listed twice", n)
			}
		}
	}
	group("identity.securityAudit.group", id.SecurityAudit.Group)
	sets("identity.securityAudit.permissionSets", id.SecurityAudit.PermissionSets)
	for j, n := range id.SecurityAudit.PermissionSets {
		if s, ok := id.PermissionSets[n]; ok && s.Privileged() {
			ps.add(fmt.Sprintf("identity.securityAudit.permissionSets[%d]", j), "%q gives administrator access; the security team's standing access to every account is audit access: give administrator access through an assignment", n)
		}
	}
	for i, as := range id.Assignments {
		p := fmt.Sprintf("identity.assignments[%d]", i)
		group(p+".group", as.Group)
		sets(p+".permissionSets", as.PermissionSets)
		if len(as.Accounts) == 0 && len(as.OUs) == 0 && len(as.Tags) == 0 {
			ps.add(p, "chooses no account: list accounts, ous or tags")
		}
	}

	matrix := o.expandAccess(ps)
	perAccount := map[string]map[string]bool{}
	for _, a := range matrix {
		if perAccount[a.Account] == nil {
			perAccount[a.Account] = map[string]bool{}
		}
		perAccount[a.Account][a.PermissionSet] = true
	}
	for _, k := range slices.Sorted(maps.Keys(perAccount)) {
		if n := len(perAccount[k]); n > MaxPermissionSetsPerAccount {
			ps.add("identity.assignments", "account %q would have %d permission sets provisioned; IAM Identity Center allows %d per account", k, n, MaxPermissionSetsPerAccount)
		}
	}
}

func validatePermissionSet(ps *Problems, p, name string, s PermissionSet) {
	if !permissionSetNameRe.MatchString(name) {
		ps.add(p, "permission set name %q must be 1-%d letters, digits and +=,.@_-", name, maxPermissionSetNameLen)
	}
	if len(s.Description) > maxPermissionSetDescLen || !latin1Printable(s.Description) {
		ps.add(p+".description", "must be at most %d printable characters", maxPermissionSetDescLen)
	}
	if d, ok := ParseSessionDuration(s.SessionDuration); !ok {
		ps.add(p+".sessionDuration", "%q is not an ISO-8601 duration such as PT1H, PT8H or PT1H30M", s.SessionDuration)
	} else if d < minSessionDuration || d > maxSessionDuration {
		ps.add(p+".sessionDuration", "%q is %s; IAM Identity Center sessions last between 1 and 12 hours (PT1H to PT12H)", s.SessionDuration, d)
	}
	if n := len(s.ManagedPolicies) + len(s.CustomerManagedPolicies); n > MaxManagedPoliciesPerSet {
		ps.add(p, "attaches %d managed policies; a permission set's role holds at most %d (IAM's managed policies per role quota, in every account it is provisioned to)", n, MaxManagedPoliciesPerSet)
	}
	for i, arn := range s.ManagedPolicies {
		ip := fmt.Sprintf("%s.managedPolicies[%d]", p, i)
		if !awsManagedArnRe.MatchString(arn) {
			ps.add(ip, "%q is not an AWS managed policy ARN (%s<name>); customer managed policies go in customerManagedPolicies", arn, awsManagedPolicyArnPrefix)
		} else if slices.Contains(s.ManagedPolicies[:i], arn) {
			ps.add(ip, "%q is listed twice", arn)
		}
	}
	for i, ref := range s.CustomerManagedPolicies {
		validatePolicyReference(ps, fmt.Sprintf("%s.customerManagedPolicies[%d]", p, i), ref)
	}
	if b := s.PermissionsBoundary; b != nil {
		bp := p + ".permissionsBoundary"
		switch {
		case (b.ManagedPolicyArn == "") == (b.CustomerManagedPolicy == nil):
			ps.add(bp, "set exactly one of managedPolicyArn and customerManagedPolicy")
		case b.ManagedPolicyArn != "" && !awsManagedArnRe.MatchString(b.ManagedPolicyArn):
			ps.add(bp+".managedPolicyArn", "%q is not an AWS managed policy ARN (%s<name>)", b.ManagedPolicyArn, awsManagedPolicyArnPrefix)
		case b.CustomerManagedPolicy != nil:
			validatePolicyReference(ps, bp+".customerManagedPolicy", *b.CustomerManagedPolicy)
		}
	}
	if len(s.ManagedPolicies)+len(s.CustomerManagedPolicies)+len(s.InlinePolicy) == 0 {
		ps.add(p, "grants nothing: attach managedPolicies, customerManagedPolicies or an inlinePolicy")
	}
	validateInlinePolicy(ps, p+".inlinePolicy", s)
}

func validatePolicyReference(ps *Problems, p string, ref PolicyReference) {
	if !policyNameRe.MatchString(ref.Name) {
		ps.add(p+".name", "%q is not an IAM policy name (1-%d letters, digits and +=,.@_-)", ref.Name, maxCustomerPolicyNameLen)
	}
	if ref.Path != "" && (len(ref.Path) > maxCustomerPolicyPathLen || !policyPathRe.MatchString(ref.Path)) {
		ps.add(p+".path", "%q is not an IAM path (starts and ends with /)", ref.Path)
	}
}

func validateInlinePolicy(ps *Problems, p string, s PermissionSet) {
	for i, st := range s.InlinePolicy {
		sp := fmt.Sprintf("%s[%d]", p, i)
		if st.Effect != policy.Allow && st.Effect != policy.Deny {
			ps.add(sp+".Effect", "%q must be Allow or Deny", st.Effect)
		}
		if st.Principal != nil || st.NotPrincipal != nil {
			ps.add(sp, "an identity policy names no Principal")
		}
		if (len(st.Action) == 0) == (len(st.NotAction) == 0) {
			ps.add(sp, "needs exactly one of Action and NotAction")
		}
		if len(st.Resource) == 0 && len(st.NotResource) == 0 {
			ps.add(sp, "needs Resource (or NotResource)")
		}
		for j, a := range append(slices.Clone(st.Action), st.NotAction...) {
			if err := iamlint.CheckAction(a); err != nil {
				ps.add(fmt.Sprintf("%s.Action[%d]", sp, j), "%v", err)
			}
		}
	}
	doc, err := s.InlinePolicyDocument()
	if err != nil {
		ps.add(p, "cannot be written as JSON: %v", err)
		return
	}
	if n := nonSpace(doc); n > MaxInlinePolicySize {
		ps.add(p, "is %d characters (whitespace aside) as AWS stores it; IAM Identity Center allows %d in a permission set's inline policy: move statements to customer managed policies", n, MaxInlinePolicySize)
	}
}

func nonSpace(s string) int {
	n := 0
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			n++
		}
	}
	return n
}

func latin1Printable(s string) bool {
	for _, r := range s {
		allowed := r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7e) || (r >= 0xa1 && r <= 0xff)
		if !allowed {
			return false
		}
	}
	return true
}
