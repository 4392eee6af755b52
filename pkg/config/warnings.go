package config

import (
	"fmt"
	"slices"
	"strings"
)

// Warnings are what a valid configuration allows but a reviewer should see: the plan prints them
// before anything else. Every warning the configuration can give is built here.
func (o *Organization) Warnings() []string {
	var ws []string
	for _, r := range o.Guardrails.AllowedRegions {
		if !slices.Contains(o.GovernedRegions, r) {
			ws = append(ws, fmt.Sprintf("guardrails.allowedRegions: %s is allowed but not governed (guardrails.allowUngovernedRegions): the region-deny SCP lets every account use it, with no Config, GuardDuty or Security Hub there", r))
		}
	}
	if o.Given("guardrails.sandboxDeniedActions") && len(o.Guardrails.SandboxDeniedActions) == 0 {
		ws = append(ws, "guardrails.sandboxDeniedActions: [] denies no action in the Sandbox OU: sandboxes may buy reserved capacity, Savings Plans and domains (remove the key for the default list)")
	}
	if n := len(o.Accounts()) + 1; n > DefaultAccountQuota {
		ws = append(ws, fmt.Sprintf("accounts: the organization would hold %d accounts (the management account and %d members); an organization's default quota is %d. "+
			"Before pulumi up, from the management account, request an increase of the AWS Organizations quota \"Number of AWS accounts in an organization\" in the Service Quotas console, Region us-east-1 "+
			"(aws service-quotas list-service-quotas --service-code organizations --region us-east-1 gives its quota code), or account creation stops at the quota with ACCOUNT_LIMIT_EXCEEDED", n, n-1, DefaultAccountQuota))
	}
	if o.ActivateCostAllocationTags != nil && !*o.ActivateCostAllocationTags {
		ws = append(ws, fmt.Sprintf("activateCostAllocationTags: false: the cost-allocation tags (%s) are not activated, so budgets, cost categories and Cost Explorer cannot group by them yet. "+
			"AWS activates a key only once it has seen it in billing data (up to 24 hours after the first tagged cost); then set activateCostAllocationTags: true "+
			"(check with aws ce list-cost-allocation-tags --tag-keys %s)", strings.Join(CostTagKeys, ", "), strings.Join(CostTagKeys, " ")))
	}
	return ws
}

// DefaultAccountQuota is the number of accounts an organization may hold, the management account
// included, until the quota is raised (AWS Organizations User Guide, "Quotas for AWS Organizations":
// "10 — The default maximum number of accounts allowed in an organization"; newly created
// organizations may have less).
const DefaultAccountQuota = 10
