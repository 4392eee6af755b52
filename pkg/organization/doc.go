// Package organization is the Organization component: the AWS Organization itself (adopted or
// created with all features), trusted access for the services the landing zone uses, the policy
// types it enables, the OU tree, and the guardrail policies with their attachments.
//
// It does not vend accounts (package account does) and does not decide what the policies say
// (package guardrails does).
package organization
