// Package preflight checks the live organization against a stack before `pulumi up`, read-only, and
// runs the one-time bootstrap steps no resource type covers (`preflight --fix`).
//
// A plan runs under the mock engine and sees only the configuration; Pulumi sees only its state.
// The failures users of other landing zones lose hours to are in neither: an AWS Config recorder
// already in an account, the account quota reached halfway, an email already used, an OU, policy or
// delegated administrator that already exists, StackSets organizations access not activated, a role
// that cannot be assumed, Control Tower already in charge, cost-allocation tags activated before AWS
// has billed them. Each check here reads one of those
// through pkg/awsapi and says pass, warn or block, with the action to take.
//
// It is not the Pulumi program and changes nothing the stack manages; the import of an existing
// organization into a stack file is pkg/importer.
package preflight
