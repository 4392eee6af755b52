// Package importer writes a stack file from a live organization (`import-config`): the organization
// and every existing account adopted by ID, the OU tree, the accounts' cost-allocation tags turned
// into the workload fields, and the core accounts guessed from their names and marked for review. So
// adopting an existing organization starts from the truth, not from a template filled in by hand.
//
// It reads only (pkg/awsapi); what it writes is a proposal for a person to review, and the plan
// (`go run . plan FILE`) then shows what adopting it would change.
package importer
