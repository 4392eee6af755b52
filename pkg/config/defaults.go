package config

// Every default of the configuration is applied here, and only here. The README's configuration
// reference lists the same values; keep the two in step.

// Defaults that are not derived from other settings.
const (
	DefaultAccessRoleName  = "OrganizationAccountAccessRole"
	DefaultScpMaxSize      = 5120
	DefaultScpMaxPerTarget = 5
)

// Log archive defaults: logs kept seven years, locked (compliance mode) for the first, moved to
// Glacier Instant Retrieval after 90 days.
const (
	DefaultLogRetentionDays          = 2557
	DefaultObjectLockMode            = "COMPLIANCE"
	DefaultObjectLockDays            = 365
	DefaultLogTransitionDays         = 90
	DefaultLogTransitionStorageClass = "GLACIER_IR"
	DefaultAccessLogRetentionDays    = 365
	DefaultCloudWatchRetentionDays   = 365
)

// Keyless-access defaults: the Pulumi project of this repository (Pulumi.yaml), its prod stack, and
// the GitHub environment the deploy workflow runs in (.github/workflows/deploy.yml).
const (
	DefaultPulumiProject     = "landingzone"
	DefaultPulumiStack       = "prod"
	DefaultGitHubEnvironment = "prod"
)

// DefaultBudgetAlertThresholds are the budget percentages at which the owner is told.
var DefaultBudgetAlertThresholds = []float64{80, 100}

// DefaultSandboxDeniedActions are long-lived commitments and expensive services a sandbox may not buy.
var DefaultSandboxDeniedActions = []string{
	"directconnect:CreateConnection",
	"dynamodb:PurchaseReservedCapacityOfferings",
	"ec2:AcceptReservedInstancesExchangeQuote",
	"ec2:ModifyReservedInstances",
	"ec2:PurchaseHostReservation",
	"ec2:PurchaseReservedInstancesOffering",
	"ec2:PurchaseScheduledInstances",
	"elasticache:PurchaseReservedCacheNodesOffering",
	"es:PurchaseReservedInstanceOffering",
	"outposts:CreateOrder",
	"rds:PurchaseReservedDBInstancesOffering",
	"redshift:PurchaseReservedNodeOffering",
	"route53domains:RegisterDomain",
	"route53domains:TransferDomain",
	"savingsplans:CreateSavingsPlan",
	"shield:CreateSubscription",
}

// DefaultSandboxAllowedInstanceTypes are the EC2 instance types a sandbox may run.
var DefaultSandboxAllowedInstanceTypes = []string{"t3.*", "t3a.*", "t4g.*", "m7g.medium", "m7g.large"}

// unset reports whether a setting takes its default: it is absent from the stack file. An explicit
// value, even zero or empty, is the user's and is validated as such (never fail open). For an
// Organization built in Go rather than decoded, a zero value means unset.
func (o *Organization) unset(path string, zero bool) bool {
	if o.given == nil {
		return zero
	}
	return !o.given[path] && zero
}

// ApplyDefaults fills every unset setting with its default. It is idempotent.
func (o *Organization) ApplyDefaults() {
	if o.unset("accessRoleName", o.AccessRoleName == "") {
		o.AccessRoleName = DefaultAccessRoleName
	}
	if o.unset("activateCostAllocationTags", o.ActivateCostAllocationTags == nil) {
		off := false
		o.ActivateCostAllocationTags = &off
	}
	if o.derived == nil {
		o.derived = map[string]bool{}
	}
	if o.unset("governedRegions", len(o.GovernedRegions) == 0) && o.HomeRegion != "" {
		o.GovernedRegions = []string{o.HomeRegion}
		o.derived["governedRegions"] = true
	}

	core := []struct {
		acct *CoreAccount
		key  string
		path string
		ou   string
	}{
		{&o.CoreAccounts.LogArchive, KeyLogArchive, "coreAccounts.logArchive", OUSecurity},
		{&o.CoreAccounts.Security, KeySecurity, "coreAccounts.security", OUSecurity},
		{&o.CoreAccounts.SharedServices, KeySharedServices, "coreAccounts.sharedServices", OUInfrastructure},
	}
	for _, c := range core {
		if o.unset(c.path+".name", c.acct.Name == "") {
			c.acct.Name = o.Prefix + "-" + c.key
		}
		if o.unset(c.path+".ou", c.acct.OU == "") {
			c.acct.OU = c.ou
		}
	}

	for i := range o.Workloads {
		w := &o.Workloads[i]
		p := workloadPath(i)
		if o.unset(p+".accountName", w.AccountName == "") {
			w.AccountName = o.Prefix + "-" + w.Name
		}
		if o.unset(p+".compliance", w.Compliance == "") {
			w.Compliance = ComplianceNone
		}
		if o.unset(p+".state", w.State == "") {
			w.State = StateActive
		}
		if o.unset(p+".ou", w.OU == "") {
			w.OU = defaultWorkloadOU(w)
		}
		o.applyWorkloadDefaults(w, p)
		if w.Budget != nil && o.unset(p+".budget.alertThresholds", len(w.Budget.AlertThresholds) == 0) {
			w.Budget.AlertThresholds = append([]float64(nil), DefaultBudgetAlertThresholds...)
		}
	}

	g := &o.Guardrails
	if o.unset("guardrails.allowedRegions", len(g.AllowedRegions) == 0) {
		g.AllowedRegions = append([]string(nil), o.GovernedRegions...)
		o.derived["guardrails.allowedRegions"] = true
	}
	if o.unset("guardrails.regulatedAllowedRegions", len(g.RegulatedAllowedRegions) == 0) {
		g.RegulatedAllowedRegions = append([]string(nil), g.AllowedRegions...)
		o.derived["guardrails.regulatedAllowedRegions"] = true
	}
	if o.unset("guardrails.scpMaxSize", g.ScpMaxSize == 0) {
		g.ScpMaxSize = DefaultScpMaxSize
	}
	if o.unset("guardrails.scpMaxPerTarget", g.ScpMaxPerTarget == 0) {
		g.ScpMaxPerTarget = DefaultScpMaxPerTarget
	}
	if o.unset("guardrails.sandboxDeniedActions", g.SandboxDeniedActions == nil) {
		g.SandboxDeniedActions = append([]string(nil), DefaultSandboxDeniedActions...)
	}
	if o.unset("guardrails.sandboxAllowedInstanceTypes", g.SandboxAllowedInstanceTypes == nil) {
		g.SandboxAllowedInstanceTypes = append([]string(nil), DefaultSandboxAllowedInstanceTypes...)
	}
	l := &o.LogArchive
	if o.unset("logArchive.retentionDays", l.RetentionDays == 0) {
		l.RetentionDays = DefaultLogRetentionDays
	}
	if o.unset("logArchive.objectLockMode", l.ObjectLockMode == "") {
		l.ObjectLockMode = DefaultObjectLockMode
	}
	if o.unset("logArchive.objectLockDays", l.ObjectLockDays == 0) {
		l.ObjectLockDays = DefaultObjectLockDays
	}
	if o.unset("logArchive.transitionDays", l.TransitionDays == 0) {
		l.TransitionDays = DefaultLogTransitionDays
	}
	if o.unset("logArchive.transitionStorageClass", l.TransitionStorageClass == "") {
		l.TransitionStorageClass = DefaultLogTransitionStorageClass
	}
	if o.unset("logArchive.accessLogRetentionDays", l.AccessLogRetentionDays == 0) {
		l.AccessLogRetentionDays = DefaultAccessLogRetentionDays
	}
	if o.unset("logArchive.cloudWatchLogsRetentionDays", l.CloudWatchLogsRetentionDays == 0) {
		l.CloudWatchLogsRetentionDays = DefaultCloudWatchRetentionDays
	}
	if o.unset("logArchive.readerPrincipalArns", l.ReaderPrincipalArns == nil) {
		l.ReaderPrincipalArns = []string{"arn:aws:iam::*:role/" + o.Prefix + "-log-reader"}
		o.derived["logArchive.readerPrincipalArns"] = true
	}

	o.applySecurityHubDefaults()
	o.applyDeliveryDefaults()
	o.applySharedServicesDefaults()
	o.applyVendingDefaults()
	o.applyIdentityDefaults()

	if g.AIServicesOptOut == nil {
		optOut := true
		g.AIServicesOptOut = &optOut
	}
}

// defaultWorkloadOU places a workload by what it is: regulated workloads are isolated first, then
// sandboxes, then production and the rest.
func defaultWorkloadOU(w *Workload) string {
	switch {
	case w.Compliance != ComplianceNone:
		return OURegulated
	case w.Environment == EnvSandbox:
		return OUSandbox
	case w.Environment == EnvProd:
		return OUProd
	default:
		return OUNonProd
	}
}

func (o *Organization) applyDeliveryDefaults() {
	d := &o.Delivery
	if d.PulumiProject == "" {
		d.PulumiProject = DefaultPulumiProject
	}
	if d.PulumiStack == "" {
		d.PulumiStack = DefaultPulumiStack
	}
	if d.GitHubEnvironment == "" {
		d.GitHubEnvironment = DefaultGitHubEnvironment
	}
}

// Identity Center defaults: the permission sets every landing zone offers, and the security team's
// standing access.
const (
	// DefaultSessionDuration is IAM Identity Center's own default (CreatePermissionSet).
	DefaultSessionDuration = "PT1H"
	// DefaultSecurityAuditPermissionSet is what the security team gets in every account.
	DefaultSecurityAuditPermissionSet = "SecurityAudit"
)

// DefaultPermissionSets are the built-in permission sets, AWS managed policies only (IAM User Guide,
// "AWS managed policies for job functions"). A configured permission set of the same name replaces
// one. BreakGlass is AdministratorAccess with the shortest session Identity Center allows.
func DefaultPermissionSets() map[string]PermissionSet {
	managed := func(names ...string) []string {
		arns := make([]string, len(names))
		for i, n := range names {
			arns[i] = awsManagedPolicyArnPrefix + n
		}
		return arns
	}
	return map[string]PermissionSet{
		"Administrator": {Description: "Full administrator access", SessionDuration: "PT4H", ManagedPolicies: managed("AdministratorAccess")},
		"PowerUser":     {Description: "Full access to AWS services except IAM and Organizations", SessionDuration: "PT8H", ManagedPolicies: managed("PowerUserAccess")},
		"ReadOnly":      {Description: "Read-only access to resources and data", SessionDuration: "PT8H", ManagedPolicies: managed("ReadOnlyAccess")},
		"SecurityAudit": {Description: "Security audit: configuration metadata, no data", SessionDuration: "PT8H", ManagedPolicies: managed("SecurityAudit")},
		"Billing":       {Description: "Billing and cost management", SessionDuration: "PT4H", ManagedPolicies: managed("job-function/Billing")},
		"BreakGlass":    {Description: "Emergency administrator access: short sessions, every use reviewed", SessionDuration: "PT1H", ManagedPolicies: managed("AdministratorAccess")},
	}
}

func (o *Organization) applyIdentityDefaults() {
	id := o.Identity
	if id == nil {
		return
	}
	if id.Region == "" {
		id.Region = o.HomeRegion
	}
	sets := DefaultPermissionSets()
	for name, s := range id.PermissionSets {
		if s.SessionDuration == "" {
			s.SessionDuration = DefaultSessionDuration
		}
		// IAM's default path, as CreatePolicy takes it.
		for i := range s.CustomerManagedPolicies {
			if s.CustomerManagedPolicies[i].Path == "" {
				s.CustomerManagedPolicies[i].Path = "/"
			}
		}
		if b := s.PermissionsBoundary; b != nil && b.CustomerManagedPolicy != nil && b.CustomerManagedPolicy.Path == "" {
			b.CustomerManagedPolicy.Path = "/"
		}
		sets[name] = s
	}
	id.PermissionSets = sets
	if id.SecurityAudit.PermissionSets == nil {
		id.SecurityAudit.PermissionSets = []string{DefaultSecurityAuditPermissionSet}
	}
}
