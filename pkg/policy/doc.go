// Package policy holds the typed IAM policy language: the one set of Go structs from which every
// policy document of the landing zone is built (service control policies, bucket, key, topic and
// trust policies), marshalled minified so sizes are what AWS counts.
//
// It does not know what any particular policy says; the guardrails and the components do.
package policy
