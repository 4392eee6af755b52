package plan

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// DefaultAccountQuota is the number of accounts (management included) a new organization may hold
// until AWS raises it on request ("Maximum number of accounts in an organization: 10", AWS
// Organizations quotas: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
const DefaultAccountQuota = 10

// Review is what a reviewer of a change to the organization looks at, read from the plan's
// resources: the same facts feed the terminal report and the Markdown one.
type Review struct {
	Protected  []*Resource
	Budgets    []BudgetLine
	Caps       []string // spending caps the guardrails set, by policy and where it is attached
	Logs       []string
	Exempt     []ExemptPrincipal
	Standards  []string
	Imports    []*Resource
	Warnings   []string
	Placeholds int // resources whose ID is a mock engine placeholder
}

// BudgetLine is one budget: on which account, how much, and when it alerts.
type BudgetLine struct {
	Name, Account, Limit string
	Thresholds           []string
}

// ExemptPrincipal is a principal pattern the SCPs exempt, with the policies that exempt it.
type ExemptPrincipal struct {
	Pattern  string
	Policies []string
}

// Review reads the plan for a reviewer.
func (p *Plan) Review() *Review {
	rv := &Review{}
	accountByID := map[string]string{}
	for _, r := range p.Find(AccountType) {
		accountByID[r.ID] = r.Name
	}
	for _, r := range p.Resources {
		if r.Protect {
			rv.Protected = append(rv.Protected, r)
		}
		if r.ImportID != "" {
			rv.Imports = append(rv.Imports, r)
		}
		if r.Custom && r.ImportID == "" && r.Type != ProviderType {
			rv.Placeholds++
		}
	}
	for _, r := range p.Find("aws:budgets/budget:Budget") {
		b := BudgetLine{Name: r.Input("name"), Limit: r.Input("limitAmount") + " " + r.Input("limitUnit") + " " + strings.ToLower(r.Input("timeUnit"))}
		filters, _ := r.Inputs["costFilters"].([]any)
		for _, f := range filters {
			fm, _ := f.(map[string]any)
			if fm["name"] != "LinkedAccount" {
				continue
			}
			vals, _ := fm["values"].([]any)
			for _, v := range vals {
				if s, _ := v.(string); accountByID[s] != "" {
					b.Account = accountByID[s]
				}
			}
		}
		notes, _ := r.Inputs["notifications"].([]any)
		for _, n := range notes {
			nm, _ := n.(map[string]any)
			to, _ := nm["subscriberEmailAddresses"].([]any)
			b.Thresholds = append(b.Thresholds, fmt.Sprintf("%v%% %s -> %s", nm["threshold"], strings.ToLower(fmt.Sprint(nm["notificationType"])), joinAny(to)))
		}
		rv.Budgets = append(rv.Budgets, b)
	}
	rv.Caps = p.caps()
	rv.Logs = p.logFacts()
	rv.Exempt = p.exemptPrincipals()
	for _, r := range p.Find("aws:securityhub/configurationPolicy:ConfigurationPolicy") {
		cp, _ := r.Inputs["configurationPolicy"].(map[string]any)
		arns, _ := cp["enabledStandardArns"].([]any)
		for _, a := range arns {
			if s, ok := a.(string); ok {
				// arn:aws:securityhub:REGION::standards/NAME/v/VERSION -> NAME v VERSION
				_, std, _ := strings.Cut(s, ":standards/")
				rv.Standards = append(rv.Standards, strings.Replace(std, "/v/", " v", 1))
			}
		}
	}
	rv.Warnings = p.warnings(rv)
	return rv
}

func joinAny(vs []any) string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, fmt.Sprint(v))
	}
	return strings.Join(out, ", ")
}

// caps reads the spending caps of the SCPs: instance types a guardrail limits EC2 to, and the
// purchases and commitments it denies (reserved capacity, savings plans, domains, ...).
func (p *Plan) caps() []string {
	where := map[string][]string{} // policy ID -> target names
	names := map[string]string{}
	for _, r := range p.Find(OUType) {
		names[r.ID] = r.Input("name")
	}
	for _, r := range p.Find(AccountType) {
		names[r.ID] = r.Name
	}
	if orgs := p.Find(OrganizationType); len(orgs) == 1 {
		if roots, ok := orgs[0].state["roots"]; ok && roots.IsArray() && len(roots.ArrayValue()) > 0 {
			names[roots.ArrayValue()[0].ObjectValue()["id"].StringValue()] = "Root"
		}
	}
	for _, a := range p.Find(AttachmentType) {
		if n := names[a.Input("targetId")]; n != "" {
			where[a.Input("policyId")] = append(where[a.Input("policyId")], n)
		}
	}
	var out []string
	for _, r := range p.Find(PolicyType) {
		if r.Input("type") != "SERVICE_CONTROL_POLICY" {
			continue
		}
		var doc struct {
			Statement []struct {
				Effect    string
				Action    any
				Condition map[string]map[string]any
			}
		}
		if json.Unmarshal([]byte(r.Input("content")), &doc) != nil {
			continue
		}
		var parts []string
		purchases := 0
		for _, st := range doc.Statement {
			if st.Effect != "Deny" {
				continue
			}
			for _, op := range []string{"StringNotLike", "StringNotEquals"} {
				if types := stringsOf(st.Condition[op]["ec2:InstanceType"]); len(types) > 0 {
					parts = append(parts, "EC2 limited to "+strings.Join(types, ", "))
				}
			}
			for _, a := range stringsOf(st.Action) {
				if strings.Contains(a, "Purchase") || strings.Contains(a, "Reserved") || strings.HasPrefix(a, "savingsplans:") || strings.HasPrefix(a, "route53domains:") {
					purchases++
				}
			}
		}
		if purchases > 0 {
			parts = append(parts, fmt.Sprintf("%d purchase and commitment actions denied", purchases))
		}
		if len(parts) > 0 {
			targets := where[r.ID]
			sort.Strings(targets)
			out = append(out, fmt.Sprintf("%s (on %s): %s", r.Input("name"), strings.Join(targets, ", "), strings.Join(parts, "; ")))
		}
	}
	return out
}

// logFacts says how long logs are kept and how they are locked.
func (p *Plan) logFacts() []string {
	var out []string
	for _, r := range p.Find("aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2") {
		rule, _ := r.Inputs["rule"].(map[string]any)
		ret, _ := rule["defaultRetention"].(map[string]any)
		period := fmt.Sprintf("%v days", ret["days"])
		if ret["years"] != nil {
			period = fmt.Sprintf("%v years", ret["years"])
		}
		out = append(out, fmt.Sprintf("s3://%s: Object Lock %v, every object locked for %s", r.Input("bucket"), ret["mode"], period))
	}
	for _, r := range p.Find("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2") {
		rules, _ := r.Inputs["rules"].([]any)
		for _, rl := range rules {
			rm, _ := rl.(map[string]any)
			var steps []string
			ts, _ := rm["transitions"].([]any)
			for _, t := range ts {
				tm, _ := t.(map[string]any)
				steps = append(steps, fmt.Sprintf("%v after %v days", tm["storageClass"], tm["days"]))
			}
			if exp, ok := rm["expiration"].(map[string]any); ok {
				steps = append(steps, fmt.Sprintf("expire after %v days", exp["days"]))
			}
			out = append(out, fmt.Sprintf("s3://%s: %s", r.Input("bucket"), strings.Join(steps, ", ")))
		}
	}
	for _, r := range p.Find("aws:cloudwatch/logGroup:LogGroup") {
		days := "never expires"
		if d, ok := r.Inputs["retentionInDays"]; ok {
			days = fmt.Sprintf("kept %v days", d)
		}
		out = append(out, fmt.Sprintf("log group %s: %s", r.Input("name"), days))
	}
	return out
}

// exemptPrincipals reads the principals the SCPs exempt (ArnNotLike/ArnNotEquals aws:PrincipalARN).
func (p *Plan) exemptPrincipals() []ExemptPrincipal {
	byPattern := map[string]map[string]bool{}
	for _, r := range p.Find(PolicyType) {
		if r.Input("type") != "SERVICE_CONTROL_POLICY" {
			continue
		}
		var doc struct {
			Statement []struct {
				Condition map[string]map[string]any
			}
		}
		if json.Unmarshal([]byte(r.Input("content")), &doc) != nil {
			continue
		}
		for _, st := range doc.Statement {
			for op, keys := range st.Condition {
				if op != "ArnNotLike" && op != "ArnNotEquals" {
					continue
				}
				for key, v := range keys {
					if !strings.EqualFold(key, "aws:PrincipalARN") {
						continue
					}
					for _, pat := range stringsOf(v) {
						if byPattern[pat] == nil {
							byPattern[pat] = map[string]bool{}
						}
						byPattern[pat][r.Input("name")] = true
					}
				}
			}
		}
	}
	var out []ExemptPrincipal
	for _, pat := range slices.Sorted(maps.Keys(byPattern)) {
		out = append(out, ExemptPrincipal{Pattern: pat, Policies: slices.Sorted(maps.Keys(byPattern[pat]))})
	}
	return out
}

func stringsOf(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// warnings are what AWS would refuse or silently not enforce.
func (p *Plan) warnings(rv *Review) []string {
	var out []string
	if n := p.Summary.Accounts + 1; n > DefaultAccountQuota {
		out = append(out, fmt.Sprintf("the organization would hold %d accounts (management included); a new organization's quota is %d: request an increase (Service Quotas, AWS Organizations) before pulumi up", n, DefaultAccountQuota))
	}
	mgmtID := ""
	for _, r := range p.Resources {
		if r.Provider != nil && r.Provider.Account == "management" {
			mgmtID = r.Provider.AccountID
			break
		}
	}
	for _, e := range rv.Exempt {
		if mgmtID != "" && strings.Contains(e.Pattern, ":"+mgmtID+":") {
			out = append(out, fmt.Sprintf("SCP exemption %s is a management-account principal: SCPs never apply to the management account, so the exemption does nothing", e.Pattern))
		}
	}
	sort.Strings(out)
	return out
}
