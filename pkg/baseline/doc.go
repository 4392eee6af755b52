// Package baseline is the account baseline: what every account of the organization gets, core and
// workload accounts alike, in every governed Region, and how.
//
//   - Member accounts get it from service-managed CloudFormation StackSets deployed from the
//     management account with automatic deployment to the root, so an account created later, or
//     outside this program, gets it as it joins. No provider reaches into a member account: the
//     resources grow with the Regions, not with the accounts (one alias instance per account).
//   - The management account, which StackSets never reach, gets the same settings as pulumi-aws
//     resources through the management account's providers.
//   - What EC2 enforces organization-wide (IMDSv2 by default, no public snapshots or AMIs) is an
//     EC2 declarative policy of pkg/guardrails, not part of this package.
//
// CloudFormation has no resource type for the account password policy, the account-level S3 Block
// Public Access, EBS encryption by default, the account alias or the rules of a default security
// group: a small custom resource (function.py, tested against moto) sets them at stack creation.
//
// It is not the workload's own network, budget or profile (pkg/workload).
package baseline
