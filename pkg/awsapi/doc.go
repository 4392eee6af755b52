// Package awsapi is the landing zone's read of the live AWS organization: AWS SDK for Go v2 clients
// behind small interfaces (only the calls the preflight, bootstrap, import and role-wait code make),
// built from the standard configuration chain (environment, shared profile, SSO, web identity,
// instance role) with config.LoadDefaultConfig.
//
// Because the clients come from that chain, the standard AWS_ENDPOINT_URL and per-service
// AWS_ENDPOINT_URL_<SERVICE> variables point every client at an emulator: that is how the tests run
// against moto and local servers, and no test reaches AWS.
//
// It is not the Pulumi program: nothing here creates or changes a resource the stack manages. The
// only writes are the idempotent bootstrap steps of `preflight --fix` (fix.go in pkg/preflight).
package awsapi
