package config

import (
	"fmt"
	"slices"
)

// Warnings are what a valid configuration allows but a reviewer should see: the plan prints them
// before anything else. Every warning the configuration can give is built here.
func (o *Organization) Warnings() []string {
	var ws []string
	for _, r := range o.Guardrails.AllowedRegions {
		if !slices.Contains(o.GovernedRegions, r) {
			ws = append(ws, fmt.Sprintf("guardrails.allowedRegions: %s is allowed but not governed (guardrails.allowUngovernedRegions): the region-deny SCP lets every account use it, with no Config, GuardDuty or Security Hub there", r))
		}
	}
	return ws
}
