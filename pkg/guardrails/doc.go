// Package guardrails builds the organization policies of the landing zone (service control, tag and
// AI services opt-out policies) from a validated spec, decides where each one attaches, and checks
// every AWS limit on them (document size, policies per target) before anything is registered.
//
// It registers nothing: the organization component turns the Set into resources.
package guardrails
