package config

// Organization is the whole landing zone of one stack. Each field is one `landingzone:<key>` in the
// stack configuration; the json tags are those keys and the config paths errors name.
type Organization struct {
	// Name is the organization's display name, used in descriptions and tags.
	Name string `json:"name"`
	// Prefix starts every name the landing zone gives (accounts, policies, buckets): lowercase
	// letters, digits and hyphens.
	Prefix string `json:"prefix"`
	// HomeRegion is where organization-wide resources live (the trail, aggregators).
	HomeRegion string `json:"homeRegion"`
	// GovernedRegions are the Regions the landing zone operates in; HomeRegion is one of them.
	GovernedRegions []string `json:"governedRegions"`
	// ManagementAccountID pins the management provider to that account when set.
	ManagementAccountID string `json:"managementAccountId"`
	// AccessRoleName is the role assumed in member accounts (created by Organizations on vending).
	AccessRoleName string `json:"accessRoleName"`
	// Tags are added to every resource through the providers' default tags.
	Tags map[string]string `json:"tags"`
	// Adopt describes what already exists and is imported rather than created.
	Adopt Adopt `json:"adopt"`
	// OrganizationalUnits are OU paths added to the default tree (e.g. "Workloads/Data").
	OrganizationalUnits []string `json:"organizationalUnits"`
	// CoreAccounts are the log-archive, security and shared-services accounts.
	CoreAccounts CoreAccounts `json:"coreAccounts"`
	// Workloads are the accounts vended for workloads and sandboxes.
	Workloads []Workload `json:"workloads"`
	// Guardrails configures the service control, tag and AI opt-out policies.
	Guardrails Guardrails `json:"guardrails"`
	// LogArchive configures the central log store and the organization trail.
	LogArchive LogArchive `json:"logArchive"`
	// SecurityHub configures the security services administered from the security account.
	SecurityHub SecurityHub `json:"securityHub"`
	// Delivery configures keyless access (OIDC) for Pulumi Deployments, Pulumi ESC and GitHub Actions.
	Delivery Delivery `json:"delivery"`
	// SharedServices configures what the shared-services account runs for the others: the directory,
	// its DNS and the network hub. Nil: nothing is built in that account.
	SharedServices *SharedServices `json:"sharedServices"`
	// DirectoryAdminPassword is the directory's Admin password at creation (a Pulumi secret); empty:
	// generated. Either way it is kept in Secrets Manager in the shared-services account.
	DirectoryAdminPassword string `json:"directoryAdminPassword"`
	// OptInRegions are opt-in Regions (disabled by default) the organization has enabled in every
	// account; an opt-in Region may be governed only when it is listed here.
	OptInRegions []string `json:"optInRegions"`
	// Vending configures how new accounts are created (waves).
	Vending Vending `json:"vending"`
	// FinOps is the organization-wide budget and its contact; nil: none.
	FinOps *FinOps `json:"finOps"`
	// Identity configures IAM Identity Center permission sets and group access (identity.go); nil
	// when the stack manages none.
	Identity *Identity `json:"identity"`
	// ActivateCostAllocationTags activates the cost-allocation tag keys (CostTagKeys) in the
	// management account's billing. AWS refuses to activate a key it has not yet seen in billing
	// data, up to 24 hours after a tagged resource first costs something, and nothing here can tell
	// whether it has (an adopted organization may never have used these keys), so the default is
	// false and the plan warns to switch it on once they are billed.
	ActivateCostAllocationTags *bool `json:"activateCostAllocationTags"`

	// derived holds the config paths ApplyDefaults filled from another setting, so a bad value is
	// reported once, where it was written, not again at every copy.
	derived map[string]bool
	// given holds every config path the stack file sets (Decode fills it); defaults fill only the
	// others. Nil for an Organization built in Go, where a zero value means unset.
	given map[string]bool
	// refused holds the paths Decode already refused (and the keys a misspelt key meant), so that
	// validation does not report the same mistake a second time.
	refused map[string]bool
}

// Adopt lists existing resources to import into the stack instead of creating them.
type Adopt struct {
	// OrganizationID is the existing organization (o-xxxxxxxxxx) to import.
	OrganizationID string `json:"organizationId"`
	// Accounts maps an account key (log-archive, security, shared-services or a workload name) to the
	// 12-digit ID of the existing account to import for it.
	Accounts map[string]string `json:"accounts"`
	// KeepConfigRecording lists adopted accounts (keys of Accounts) that already have an AWS Config
	// recorder or delivery channel and keep them: AWS allows one of each per account and Region, so
	// the landing zone's config-recording StackSet skips these accounts instead of failing there.
	KeepConfigRecording []string `json:"keepConfigRecording"`
}

// CoreAccounts are the accounts every landing zone has.
type CoreAccounts struct {
	LogArchive     CoreAccount `json:"logArchive"`
	Security       CoreAccount `json:"security"`
	SharedServices CoreAccount `json:"sharedServices"`
	// Owner, CostCenter and BusinessUnit are the cost-allocation tags of the core accounts.
	Owner        string `json:"owner"`
	CostCenter   string `json:"costCenter"`
	BusinessUnit string `json:"businessUnit"`
}

// CoreAccount is one core account.
type CoreAccount struct {
	// Name is the account name shown in Organizations; defaults to "<prefix>-<key>".
	Name string `json:"name"`
	// Email is the account's root user email, unique across AWS.
	Email string `json:"email"`
	// OU is the path of the OU the account sits in.
	OU string `json:"ou"`
}

// Workload is one workload (or sandbox) account.
type Workload struct {
	// Name is the account key: part of the resource's URN, so renaming it replaces the account
	// (which Protect refuses). Lowercase letters, digits and hyphens.
	Name string `json:"name"`
	// AccountName is the name shown in Organizations; defaults to "<prefix>-<name>".
	AccountName string `json:"accountName"`
	Email       string `json:"email"`
	// OU defaults from Environment and Compliance (see defaults.go).
	OU           string `json:"ou"`
	Environment  string `json:"environment"`
	Owner        string `json:"owner"`
	CostCenter   string `json:"costCenter"`
	BusinessUnit string `json:"businessUnit"`
	Application  string `json:"application"`
	// Compliance is none, pci-dss or hipaa; anything but none must sit under the Regulated OU.
	Compliance string `json:"compliance"`
	// Budget is the monthly cost budget; required for sandboxes.
	Budget *Budget `json:"budget"`
	// State is active or suspended; a suspended account moves to the Suspended OU, never closed.
	State string `json:"state"`
	// Profile is standard, regulated or sandbox; defaults from Compliance and Environment (workload.go).
	Profile string `json:"profile"`
	// ExpiresOn (YYYY-MM-DD) is when a sandbox is due to be retired: the ExpiresOn tag; required for a sandbox.
	ExpiresOn string `json:"expiresOn"`
	// Network is the workload's optional VPC, deployed by the workload network StackSet.
	Network *WorkloadNetwork `json:"network"`
}

// Budget is a monthly cost budget on one account.
type Budget struct {
	// MonthlyLimitUSD is the monthly limit in US dollars.
	MonthlyLimitUSD float64 `json:"monthlyLimitUsd"`
	// AlertThresholds are percentages of the limit at which the owner is notified.
	AlertThresholds []float64 `json:"alertThresholds"`
}

// Guardrails configures the organization policies.
type Guardrails struct {
	// AllowedRegions are the Regions outside which the region-deny SCP refuses requests; defaults to
	// the governed Regions. A Region that is not governed (no Config, GuardDuty or Security Hub
	// there) may be listed only with AllowUngovernedRegions.
	AllowedRegions []string `json:"allowedRegions"`
	// AllowUngovernedRegions is the explicit opt-in to list in AllowedRegions a Region the landing
	// zone does not govern; the plan then warns about each one.
	AllowUngovernedRegions bool `json:"allowUngovernedRegions"`
	// RegulatedAllowedRegions narrows the Regions for the Regulated OU; defaults to AllowedRegions.
	RegulatedAllowedRegions []string `json:"regulatedAllowedRegions"`
	// ExemptPrincipalArns are IAM roles (besides the landing zone's automation: the access role and
	// the StackSets execution role) the SCPs do not apply to: exact role ARNs, in one member account
	// (arn:aws:iam::<account-id>:role/<name>) or in every one (arn:aws:iam::*:role/<name>). The
	// baseline SCP denies everyone but the automation creating or changing a role of that name.
	ExemptPrincipalArns []string `json:"exemptPrincipalArns"`
	// ScpMaxSize is the SCP document size limit in characters (AWS default 5,120).
	ScpMaxSize int `json:"scpMaxSize"`
	// ScpMaxPerTarget is how many SCPs may attach to one root, OU or account, FullAWSAccess
	// included (AWS default 5).
	ScpMaxPerTarget int `json:"scpMaxPerTarget"`
	// SandboxDeniedActions are the actions denied in the Sandbox OU (long-lived commitments and
	// expensive services).
	SandboxDeniedActions []string `json:"sandboxDeniedActions"`
	// SandboxAllowedInstanceTypes are the EC2 instance type patterns allowed in sandboxes.
	SandboxAllowedInstanceTypes []string `json:"sandboxAllowedInstanceTypes"`
	// AIServicesOptOut attaches the AI services opt-out policy to the root.
	AIServicesOptOut *bool `json:"aiServicesOptOut"`
	// TagPolicy configures the cost-allocation tag policy.
	TagPolicy TagPolicy `json:"tagPolicy"`
}

// TagPolicy configures the cost-allocation tag policy attached to the root.
type TagPolicy struct {
	// AllowedValues restricts a cost-allocation tag key to a list of values.
	AllowedValues map[string][]string `json:"allowedValues"`
	// EnforcedFor lists resource types ("ec2:instance", "s3:bucket") on which noncompliant tag
	// operations are refused.
	EnforcedFor []string `json:"enforcedFor"`
}

// LogArchive configures the log-archive account's buckets, key and the organization trail.
type LogArchive struct {
	// RetentionDays is when log objects expire; never shorter than ObjectLockDays.
	RetentionDays int `json:"retentionDays"`
	// ObjectLockMode is COMPLIANCE (nobody can shorten it) or GOVERNANCE.
	ObjectLockMode string `json:"objectLockMode"`
	// ObjectLockDays is the default retention of every log object version.
	ObjectLockDays int `json:"objectLockDays"`
	// TransitionDays is when log objects move to TransitionStorageClass.
	TransitionDays         int    `json:"transitionDays"`
	TransitionStorageClass string `json:"transitionStorageClass"`
	// AccessLogRetentionDays is when server access logs of the log bucket expire.
	AccessLogRetentionDays int `json:"accessLogRetentionDays"`
	// DataEvents adds S3 object-level (data) events to the trail (CIS 3.8/3.9; costly).
	DataEvents bool `json:"dataEvents"`
	// CloudWatchLogs also delivers the trail to a log group in the management account.
	CloudWatchLogs              bool `json:"cloudWatchLogs"`
	CloudWatchLogsRetentionDays int  `json:"cloudWatchLogsRetentionDays"`
	// ReaderPrincipalArns may read and decrypt the logs (within the organization only).
	ReaderPrincipalArns []string `json:"readerPrincipalArns"`
}

// SecurityHub configures the security services, administered by the security account.
type SecurityHub struct {
	// Standards are the Security Hub standards enabled organization-wide.
	Standards []string `json:"standards"`
	// SeverityThreshold is the lowest finding severity that notifies people.
	SeverityThreshold string `json:"severityThreshold"`
	// NotificationEmails receive the findings at or above the threshold.
	NotificationEmails []string `json:"notificationEmails"`
	// WebhookURLs are HTTPS endpoints (an incident tool or a chat relay) subscribed to the findings.
	WebhookURLs []string `json:"webhookUrls"`
	// Macie and Detective are delegated and auto-enabled too when set.
	Macie     bool `json:"macie"`
	Detective bool `json:"detective"`
	// GuardDuty selects the GuardDuty protection plans, enabled for every account.
	GuardDuty GuardDutyPlans `json:"guardDuty"`
}

// GuardDutyPlans are the GuardDuty protection plans; unset ones take their default.
type GuardDutyPlans struct {
	S3      *bool `json:"s3"`
	EKS     *bool `json:"eks"`
	Malware *bool `json:"malware"`
	RDS     *bool `json:"rds"`
	Runtime *bool `json:"runtime"`
	Lambda  *bool `json:"lambda"`
}

// Compliance frameworks.
const (
	ComplianceNone   = "none"
	CompliancePCIDSS = "pci-dss"
	ComplianceHIPAA  = "hipaa"
)

// Workload states.
const (
	StateActive    = "active"
	StateSuspended = "suspended"
)

// Environments.
const (
	EnvProd    = "prod"
	EnvStaging = "staging"
	EnvTest    = "test"
	EnvDev     = "dev"
	EnvSandbox = "sandbox"
)

// Default OU paths.
const (
	OUSecurity       = "Security"
	OUInfrastructure = "Infrastructure"
	OUWorkloads      = "Workloads"
	OUProd           = "Workloads/Prod"
	OUNonProd        = "Workloads/NonProd"
	OURegulated      = "Regulated"
	OUSandbox        = "Sandbox"
	OUSuspended      = "Suspended"
)

// Core account keys: the names the plan and the stack outputs use.
const (
	KeyManagement     = "management"
	KeyLogArchive     = "log-archive"
	KeySecurity       = "security"
	KeySharedServices = "shared-services"
)

// Cost-allocation tag keys put on every account and enforced by the tag policy.
const (
	TagOwner        = "Owner"
	TagCostCenter   = "CostCenter"
	TagBusinessUnit = "BusinessUnit"
	TagApplication  = "Application"
	TagEnvironment  = "Environment"
	// TagCompliance marks a regulated workload's account with its framework.
	TagCompliance = "Compliance"
	// TagExpiresOn carries a sandbox's expiry date.
	TagExpiresOn = "ExpiresOn"
	// TagManagedBy marks everything the landing zone creates (the providers' default tags).
	TagManagedBy = "ManagedBy"
)

// CostTagKeys are the cost-allocation tag keys, in a stable order.
var CostTagKeys = []string{TagApplication, TagBusinessUnit, TagCostCenter, TagEnvironment, TagOwner}
