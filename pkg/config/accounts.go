package config

import "strings"

// DefaultOUs is the OU tree every landing zone has, parents before children.
var DefaultOUs = []string{
	OUSecurity, OUInfrastructure, OUWorkloads, OUProd, OUNonProd, OURegulated, OUSandbox, OUSuspended,
}

// Account is the one view of an account the rest of the program uses, core or workload.
type Account struct {
	// Key names the account in config, resource names, the plan and stack outputs.
	Key   string
	Name  string
	Email string
	// ConfigPath is where the account is described ("coreAccounts.security", "workloads[3]").
	ConfigPath string
	// OU is the path of the OU the account sits in now: the Suspended OU for a suspended workload.
	OU string
	// Tags are the account's cost-allocation tags.
	Tags map[string]string
	// ImportID is the ID of an existing account to adopt, or empty to create one.
	ImportID string
	// Workload is set for workload accounts.
	Workload *Workload
}

// OUPaths returns the default OUs followed by the configured ones, parents before children.
func (o *Organization) OUPaths() []string {
	paths := append([]string(nil), DefaultOUs...)
	seen := map[string]bool{}
	for _, p := range paths {
		seen[p] = true
	}
	// Configured paths are sorted by depth so a parent is always created before its children,
	// whatever order the stack file lists them in.
	for depth := 1; depth <= maxOUDepth; depth++ {
		for _, p := range o.OrganizationalUnits {
			if !seen[p] && len(strings.Split(p, "/")) == depth {
				seen[p] = true
				paths = append(paths, p)
			}
		}
	}
	return paths
}

// Accounts returns the core accounts (log-archive, security, shared-services) then the workloads,
// in config order.
func (o *Organization) Accounts() []Account {
	c := o.CoreAccounts
	coreTags := func() map[string]string {
		return map[string]string{
			TagOwner:        c.Owner,
			TagCostCenter:   c.CostCenter,
			TagBusinessUnit: c.BusinessUnit,
			TagApplication:  "landing-zone",
			TagEnvironment:  EnvProd,
		}
	}
	accounts := []Account{
		{Key: KeyLogArchive, Name: c.LogArchive.Name, Email: c.LogArchive.Email, ConfigPath: "coreAccounts.logArchive", OU: c.LogArchive.OU, Tags: coreTags()},
		{Key: KeySecurity, Name: c.Security.Name, Email: c.Security.Email, ConfigPath: "coreAccounts.security", OU: c.Security.OU, Tags: coreTags()},
		{Key: KeySharedServices, Name: c.SharedServices.Name, Email: c.SharedServices.Email, ConfigPath: "coreAccounts.sharedServices", OU: c.SharedServices.OU, Tags: coreTags()},
	}
	for i := range o.Workloads {
		w := &o.Workloads[i]
		ou := w.OU
		if w.State == StateSuspended {
			ou = OUSuspended
		}
		tags := map[string]string{
			TagOwner:        w.Owner,
			TagCostCenter:   w.CostCenter,
			TagBusinessUnit: w.BusinessUnit,
			TagApplication:  w.Application,
			TagEnvironment:  w.Environment,
		}
		if w.Compliance != ComplianceNone {
			tags[TagCompliance] = w.Compliance
		}
		if w.ExpiresOn != "" {
			tags[TagExpiresOn] = w.ExpiresOn
		}
		accounts = append(accounts, Account{
			Key: w.Name, Name: w.AccountName, Email: w.Email, ConfigPath: workloadPath(i), OU: ou, Tags: tags, Workload: w,
		})
	}
	for i := range accounts {
		accounts[i].ImportID = o.Adopt.Accounts[accounts[i].Key]
	}
	return accounts
}

// IsUnder reports whether OU path p is ancestor or equal to OU path q.
func IsUnder(q, p string) bool {
	return q == p || strings.HasPrefix(q, p+"/")
}

// LogBucketPrefix starts the name of every log-archive bucket; the guardrails protect buckets with
// this prefix from any change by anyone but the landing zone.
func (o *Organization) LogBucketPrefix() string {
	return o.Prefix + "-log-archive-"
}
