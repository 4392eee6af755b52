package config

import "fmt"

// derivedName is a name the program gives an AWS resource, built from settings, with the config path
// of the setting a person would change to fix it.
type derivedName struct {
	path string
	name string
	rule NameRule
}

// placeholderAccountID stands for an account ID not known before the account exists: every ID is
// 12 digits, so names that hold one are as long as with the real ID.
const placeholderAccountID = "000000000000"

// derivedNames lists every name the landing zone derives from the prefix, the Regions and the
// workloads, as the components build them (pkg/logarchive, pkg/securityhub, pkg/account). The
// whole-organization test checks the names actually registered against the same rules.
func (o *Organization) derivedNames() []derivedName {
	p := o.Prefix
	logAccount := placeholderAccountID
	if id := o.Adopt.Accounts[KeyLogArchive]; id != "" {
		logAccount = id
	}
	names := []derivedName{
		{"prefix", fmt.Sprintf("%s-log-archive-%s-%s", p, logAccount, o.HomeRegion), BucketName},
		{"prefix", fmt.Sprintf("%s-log-archive-s3-%s-%s", p, logAccount, o.HomeRegion), BucketName},
		{"prefix", "alias/" + p + "-log-archive", KMSAliasName},
		{"prefix", "alias/" + p + "-cloudtrail-logs", KMSAliasName},
		{"prefix", p + "-organization-trail", TrailName},
		{"prefix", "/aws/cloudtrail/" + p + "-organization-trail", LogGroupName},
		{"prefix", p + "-cloudtrail-cloudwatch", IAMRoleName},
		{"prefix", p + "-config-aggregator", IAMRoleName},
		{"prefix", p + "-config-recorder", IAMRoleName},
		{"prefix", p + "-findings-forwarder", IAMRoleName},
		{"prefix", p + "-log-reader", IAMRoleName},
		{"prefix", p + "-organization", ConfigAggregatorName},
		{"prefix", p + "-config-recording", StackSetName},
		{"prefix", p + "-security-hub", SecurityHubPolicyName},
		{"prefix", p + "-security-findings", SNSTopicName},
		{"prefix", p + "-findings-securityhub", EventRuleName},
		{"prefix", p + "-findings-guardduty", EventRuleName},
		{"accessRoleName", o.AccessRoleName, IAMRoleName},
		{"prefix", o.BaselineName(), StackSetName},
		{"prefix", o.BaselineName() + "-alias", StackSetName},
		{"prefix", o.BaselineName() + "-alias", IAMRoleName},
		{"prefix", o.AccountAlias(KeyManagement), AccountAliasName},
	}
	// A workload's alias is its own problem only when the prefix makes good aliases (the management
	// account's alias, above, reports a bad prefix once).
	if AccountAliasName.Check(o.AccountAlias(KeyManagement)) == "" {
		for _, a := range o.Accounts() {
			path := "prefix"
			if a.Workload != nil {
				path = a.ConfigPath + ".name"
			}
			names = append(names, derivedName{path, o.AccountAlias(a.Key), AccountAliasName})
		}
	}
	for i, r := range o.GovernedRegions {
		names = append(names, derivedName{fmt.Sprintf("governedRegions[%d]", i), p + "-organization-" + r, AnalyzerName},
			derivedName{fmt.Sprintf("governedRegions[%d]", i), o.BaselineName() + "-" + r, IAMRoleName})
	}
	for i, w := range o.Workloads {
		if w.Budget != nil {
			names = append(names, derivedName{o.accountNamePath(i), w.AccountName + "-monthly", BudgetName})
		}
	}
	return names
}

// accountNamePath is where a workload's account name comes from: accountName when written, else the
// workload's name (the account is named "<prefix>-<name>").
func (o *Organization) accountNamePath(i int) string {
	if o.given == nil || o.Given(workloadPath(i)+".accountName") {
		return workloadPath(i) + ".accountName"
	}
	return workloadPath(i) + ".name"
}

// validateDerivedNames refuses a configuration from which the program would derive a name AWS
// refuses. A setting already refused where it is written is not reported again through its copies.
func (o *Organization) validateDerivedNames(ps *Problems) {
	reported := map[string]bool{}
	for _, p := range *ps {
		reported[p.Path] = true
	}
	if o.Prefix == "" || reported["prefix"] || reported["homeRegion"] {
		return // every derived name holds them: the problem is already reported where it is written
	}
	for _, d := range o.derivedNames() {
		if reported[d.path] {
			continue
		}
		if why := d.rule.Check(d.name); why != "" {
			ps.add(d.path, "would give the %s", why)
			reported[d.path] = true
		}
	}
}

// BaselineName starts the name of everything the account baseline puts into accounts (pkg/baseline):
// its StackSets, functions and roles.
func (o *Organization) BaselineName() string { return o.Prefix + "-account-baseline" }

// AccountAlias is the IAM account alias of an account, from the naming convention: "<prefix>-<key>"
// ("<prefix>-management" for the management account).
func (o *Organization) AccountAlias(key string) string { return o.Prefix + "-" + key }
