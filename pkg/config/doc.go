// Package config is the typed model of one AWS Organization as described in a stack's configuration.
//
// It decodes the `landingzone:*` stack configuration strictly (an unknown or misspelt key is an
// error naming its path and the closest valid key), applies every default in one place
// (defaults.go) and validates the whole description at once (validate.go), so a bad configuration
// is refused, with every problem and its config path, before any resource is registered. It never
// fails open: an absent key takes its default, a present one is honoured or refused (decode.go).
// AWS's own rules for names, tags, URLs and ARNs, with their sources, are in awsrules.go; the names
// the program derives are checked against them (names.go). schema.go generates the stack file's JSON
// Schema for editors.
//
// It is not where resources are built: components receive plain values derived from a validated
// Organization and never read configuration themselves.
package config
