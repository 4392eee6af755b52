// Package identity is the Identity component: IAM Identity Center permission sets and the account
// assignments that give groups of people access to the organization's accounts, declared from the
// management account or from Identity Center's delegated administrator.
//
// It neither enables Identity Center (an organization instance is enabled once, in the console, from
// the management account) nor manages users and groups: those come from the identity source (the
// Identity Center directory or an external identity provider through SCIM). Which group reaches which
// account is decided in package config (Organization.AccessMatrix), so validation and the plan see
// exactly what this component registers.
package identity
