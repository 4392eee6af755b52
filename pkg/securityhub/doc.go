// Package securityhub is the SecurityHub component: the security account as delegated administrator
// of Security Hub, GuardDuty, AWS Config (aggregator), IAM Access Analyzer, Inspector and optionally
// Macie and Detective, applied organization-wide (central configuration, auto-enable, a
// service-managed StackSet for Config recording), and the notification path that tells people about
// serious findings within minutes.
//
// It creates nothing inside workload accounts from this program: every per-account effect comes from
// an organization-wide setting, so accounts created later, or outside the program, are covered too,
// or, where auto-enable covers only accounts that join later (Inspector, Macie, Detective) or not
// the management account (GuardDuty, Inspector), from a membership declared in the administrator.
package securityhub
