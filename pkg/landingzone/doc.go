// Package landingzone is the composition of the landing zone: configuration -> validation ->
// guardrail checks -> Organization -> core accounts -> workload accounts -> stack outputs.
//
// It lives here, not in main.go, so that `pulumi up` (main.go) and the offline plan (cmd/lz) run the
// very same code: a package main cannot be imported.
package landingzone
