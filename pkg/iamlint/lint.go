package iamlint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// Finding is one thing in one policy that can never be right.
type Finding struct {
	// Policy is the name the caller gave the document.
	Policy string
	// Statement is the statement's Sid, or its position ("statement 2") when it has none.
	Statement string
	Problem   string
}

// String writes the finding as the tests report it: policy: statement: problem.
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s", f.Policy, f.Statement, f.Problem)
}

// Lint checks every statement of a policy document against the reference; name says which policy the
// findings are about. The error is only ever about the embedded reference itself.
func Lint(name string, d policy.Document) ([]Finding, error) {
	r, err := ref()
	if err != nil {
		return nil, err
	}
	var out []Finding
	for i, st := range d.Statement {
		where := fmt.Sprintf("statement %d", i)
		if st.Sid != "" {
			where = fmt.Sprintf("statement %q", st.Sid)
		}
		for _, p := range r.lintStatement(st) {
			out = append(out, Finding{Policy: name, Statement: where, Problem: p})
		}
	}
	return out, nil
}

// CheckAction returns an error when an action name, or a pattern with "*" and "?", names no IAM action;
// the error suggests the nearest name.
func CheckAction(name string) error {
	r, err := ref()
	if err != nil {
		return err
	}
	if _, problem := r.resolve(name); problem != "" {
		return fmt.Errorf("%s", problem)
	}
	return nil
}

// match is one entry of Action or NotAction and the actions it stands for.
type match struct {
	pattern string
	all     bool     // "*": every action of every service
	svc     *service // nil when all
	actions []*action
}

func (m match) wildcard() bool { return strings.ContainsAny(m.pattern, "*?") }

// resolve finds the actions an Action entry names, or says why it names none.
func (r *reference) resolve(pattern string) (match, string) {
	if pattern == "*" {
		return match{pattern: pattern, all: true}, ""
	}
	prefix, name, ok := strings.Cut(pattern, ":")
	if !ok || prefix == "" || name == "" {
		return match{}, fmt.Sprintf("action %q is not of the form service:Action", pattern)
	}
	svc := r.services[strings.ToLower(prefix)]
	if svc == nil {
		prefixes := make([]string, 0, len(r.services))
		for _, s := range r.services {
			prefixes = append(prefixes, s.prefix)
		}
		slices.Sort(prefixes)
		return match{}, fmt.Sprintf("action %q: %q is not an IAM service prefix; did you mean %q?", pattern, prefix, nearest(prefix, prefixes))
	}
	m := match{pattern: pattern, svc: svc}
	if !strings.ContainsAny(name, "*?") {
		if a := svc.actions[strings.ToLower(name)]; a != nil {
			m.actions = []*action{a}
		}
	} else {
		glob := policyPattern(name)
		for _, n := range svc.actionNames {
			if globsIntersect(glob, policyPattern(n)) {
				m.actions = append(m.actions, svc.actions[strings.ToLower(n)])
			}
		}
	}
	if len(m.actions) == 0 {
		if m.wildcard() {
			return match{}, fmt.Sprintf("action pattern %q matches no %s action", pattern, svc.prefix)
		}
		return match{}, fmt.Sprintf("action %q does not exist; did you mean %q?", pattern, svc.prefix+":"+nearest(name, svc.actionNames))
	}
	return m, ""
}

func (r *reference) lintStatement(st policy.Statement) []string {
	var problems []string
	if st.Effect != policy.Allow && st.Effect != policy.Deny {
		problems = append(problems, fmt.Sprintf("Effect %q is neither Allow nor Deny", st.Effect))
	}
	if (len(st.Action) == 0) == (len(st.NotAction) == 0) {
		problems = append(problems, "a statement has either Action or NotAction, and only one")
	}
	var matches []match
	// anyAction: the statement may apply to any action of any service (Action "*" or NotAction), so a
	// condition key need only exist.
	anyAction := len(st.NotAction) > 0
	for _, list := range []policy.Strings{st.Action, st.NotAction} {
		for _, a := range list {
			m, problem := r.resolve(a)
			if problem != "" {
				problems = append(problems, problem)
				continue
			}
			if m.all {
				anyAction = true
			}
			if len(st.NotAction) == 0 {
				matches = append(matches, m)
			}
		}
	}
	if len(matches) == 0 && len(st.Action) > 0 {
		// Every action was wrong (already reported): nothing to check keys or resources against.
		return problems
	}
	problems = append(problems, r.lintConditions(st.Condition, matches, anyAction)...)
	if !anyAction {
		problems = append(problems, lintResources(st.Resource, matches)...)
	}
	return problems
}

// Condition operators by family; each also exists with the IfExists suffix and the ForAllValues: and
// ForAnyValue: prefixes, except Null.
var operatorFamily = map[string]string{
	"stringequals": "String", "stringnotequals": "String", "stringequalsignorecase": "String",
	"stringnotequalsignorecase": "String", "stringlike": "String", "stringnotlike": "String",
	"numericequals": "Numeric", "numericnotequals": "Numeric", "numericlessthan": "Numeric",
	"numericlessthanequals": "Numeric", "numericgreaterthan": "Numeric", "numericgreaterthanequals": "Numeric",
	"dateequals": "Date", "datenotequals": "Date", "datelessthan": "Date", "datelessthanequals": "Date",
	"dategreaterthan": "Date", "dategreaterthanequals": "Date",
	"bool":         "Bool",
	"binaryequals": "Binary",
	"ipaddress":    "IpAddress", "notipaddress": "IpAddress",
	"arnequals": "Arn", "arnlike": "Arn", "arnnotequals": "Arn", "arnnotlike": "Arn",
	"null": "Null",
}

// familiesFor are the operator families that can compare a key, as used, of the reference's type.
// AWS compares an ARN-typed key with String operators as well as Arn ones; the reference types some
// ARN keys as String (aws:SourceVpcArn, kms:EncryptionContext:aws:s3:arn), so a String key whose name
// ends in "arn" takes Arn operators too. aws:EpochTime is the one Date key AWS documents as Numeric
// too ("AWS global condition context keys").
func familiesFor(k *conditionKey, used string) []string {
	switch strings.TrimPrefix(k.typ, "ArrayOf") {
	case "String":
		if strings.HasSuffix(strings.ToLower(used), "arn") {
			return []string{"String", "Arn"}
		}
		return []string{"String"}
	case "ARN":
		return []string{"Arn", "String"}
	case "Bool":
		return []string{"Bool"}
	case "Numeric":
		return []string{"Numeric"}
	case "Date":
		if strings.EqualFold(k.name, "aws:EpochTime") {
			return []string{"Date", "Numeric"}
		}
		return []string{"Date"}
	case "IPAddress":
		return []string{"IpAddress"}
	case "Binary":
		return []string{"Binary"}
	}
	return nil // a type the lint does not know: any operator
}

// family returns the family of a condition operator, or "" if there is no such operator.
func family(op string) string {
	base := op
	set := false
	for _, p := range []string{"ForAllValues:", "ForAnyValue:"} {
		if len(base) > len(p) && strings.EqualFold(base[:len(p)], p) {
			base, set = base[len(p):], true
		}
	}
	ifExists := len(base) > len("IfExists") && strings.EqualFold(base[len(base)-len("IfExists"):], "IfExists")
	if ifExists {
		base = base[:len(base)-len("IfExists")]
	}
	f := operatorFamily[strings.ToLower(base)]
	if f == "Null" && (set || ifExists) {
		return ""
	}
	return f
}

func (r *reference) lintConditions(conds policy.Conditions, matches []match, anyAction bool) []string {
	var problems []string
	for _, op := range sortedKeys(conds) {
		fam := family(op)
		if fam == "" {
			problems = append(problems, fmt.Sprintf("condition operator %q does not exist", op))
			continue
		}
		for _, key := range sortedKeys(conds[op]) {
			k, problem := r.lookupKey(key, matches, anyAction)
			if problem != "" {
				problems = append(problems, problem)
				continue
			}
			if fams := familiesFor(k, key); fam != "Null" && fams != nil && !slices.Contains(fams, fam) {
				problems = append(problems, fmt.Sprintf("condition %s on %q: the key is of type %s; use a %s operator",
					op, key, k.typ, strings.Join(fams, " or ")))
			}
		}
	}
	return problems
}

// lookupKey finds a condition key: global, or a key of at least one of the statement's actions (any
// key of the service for a wildcard pattern; any key at all when the statement covers every action).
func (r *reference) lookupKey(key string, matches []match, anyAction bool) (*conditionKey, string) {
	if k := find(r.globals, key); k != nil {
		return k, ""
	}
	known := find(r.keys, key)
	if known == nil && providerKey(key) && (anyAction || slices.ContainsFunc(matches, func(m match) bool { return m.svc.prefix == "sts" })) {
		return &conditionKey{name: key}, ""
	}
	if anyAction {
		if known == nil {
			return nil, fmt.Sprintf("condition key %q does not exist", key)
		}
		return known, ""
	}
	for _, m := range matches {
		if m.wildcard() {
			if k := find(m.svc.keys, key); k != nil {
				return k, ""
			}
		}
		for _, a := range m.actions {
			if k := find(a.keys, key); k != nil {
				return k, ""
			}
		}
	}
	if known == nil {
		return nil, fmt.Sprintf("condition key %q does not exist", key)
	}
	return nil, fmt.Sprintf("condition key %q is never present for %s: it is neither one of their keys nor global",
		key, strings.Join(patterns(matches), ", "))
}

// providerKey reports whether a key is an identity provider's claim (token.actions.githubusercontent.com:sub,
// oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:aud): its prefix is the provider's URL, which the
// reference cannot list since every account registers its own providers. The lint accepts such a key
// on the sts actions that federate, whatever its type.
func providerKey(key string) bool {
	i := strings.LastIndex(key, ":")
	return i > 0 && strings.Contains(key[:i], ".")
}

func find(keys []*conditionKey, used string) *conditionKey {
	for _, k := range keys {
		if k.matches(used) {
			return k
		}
	}
	return nil
}

// lintResources reports an Action entry none of whose actions can act on any of the statement's
// Resources: the statement can never apply to it.
func lintResources(resources policy.Strings, matches []match) []string {
	if len(resources) == 0 {
		return nil
	}
	globs := make([][]token, len(resources))
	for i, res := range resources {
		if strings.Trim(res, "*") == "" {
			return nil
		}
		globs[i] = policyPattern(res)
	}
	var problems []string
	for _, m := range matches {
		if slices.ContainsFunc(m.actions, func(a *action) bool { return canAct(m.svc, a, globs) }) {
			continue
		}
		quoted := fmt.Sprintf("%q", []string(resources))
		if m.wildcard() {
			problems = append(problems, fmt.Sprintf("none of the %d actions %q matches can act on Resource %s",
				len(m.actions), m.pattern, quoted))
			continue
		}
		a := m.actions[0]
		if len(a.resourceTypes) == 0 {
			problems = append(problems, fmt.Sprintf("action %q has no resource types, so only Resource \"*\" matches it, not %s",
				m.pattern, quoted))
			continue
		}
		var types []string
		for _, rt := range a.resourceTypes {
			types = append(types, fmt.Sprintf("%s (%s)", rt, m.svc.resourceTypes[rt].arn))
		}
		problems = append(problems, fmt.Sprintf("action %q can never match Resource %s: it acts on %s",
			m.pattern, quoted, strings.Join(types, ", ")))
	}
	return problems
}

// canAct reports whether the action can act on a resource some Resource pattern names. An action
// without resource types is authorized against "*".
func canAct(svc *service, a *action, globs [][]token) bool {
	for _, g := range globs {
		for _, rt := range a.resourceTypes {
			if globsIntersect(g, svc.resourceTypes[rt].pattern) {
				return true
			}
		}
	}
	return false
}

func patterns(matches []match) []string {
	out := make([]string, len(matches))
	for i, m := range matches {
		out[i] = m.pattern
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
