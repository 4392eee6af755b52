// Package plan runs the landing-zone program under Pulumi's mock engine, with no AWS credentials and
// no Pulumi CLI, and describes what `pulumi up` would build: every resource with its inputs, options,
// provider (account and Region) and dependencies, the organization tree with its guardrails, and the
// counts. It is the offline plan (`go run . plan`), and the whole-organization tests read the same Plan.
//
// plan.json is a contract other tools read: keep its shape (see Plan and Resource) stable.
package plan
