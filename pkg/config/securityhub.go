package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Security Hub standards the landing zone can enable, by the name used in config.
const (
	StandardFSBP    = "aws-foundational-security-best-practices"
	StandardCIS     = "cis-aws-foundations-benchmark"
	StandardPCIDSS  = "pci-dss"
	StandardNIST    = "nist-800-53"
	DefaultSeverity = "HIGH"
)

// StandardVersions are the standard versions enabled for each name. The ARN of a standard is
// arn:aws:securityhub:<region>::standards/<name>/v/<version> (Security Hub user guide, "Standards
// reference"). PCI DSS is v4.0.1: the PCI Security Standards Council retired v3.2.1 on 31 March
// 2024, and AWS recommends v4.0.1 ("Security Hub offers support for both PCI DSS v3.2.1 and PCI DSS
// v4.0.1. We recommend using v4.0.1", docs.aws.amazon.com/securityhub/latest/userguide/
// securityhub-standards-pcidss.html). NIST SP 800-53 Rev. 5 is "nist-800-53/v/5.0.0".
var StandardVersions = map[string]string{
	StandardFSBP:   "1.0.0",
	StandardCIS:    "3.0.0",
	StandardPCIDSS: "4.0.1",
	StandardNIST:   "5.0.0",
}

// Severities are the Security Hub severity labels, lowest first.
var Severities = []string{"INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"}

func boolPtr(b bool) *bool { return &b }

func (o *Organization) applySecurityHubDefaults() {
	s := &o.SecurityHub
	if o.unset("securityHub.standards", s.Standards == nil) {
		s.Standards = []string{StandardFSBP, StandardCIS}
		if o.hasCompliance(CompliancePCIDSS) {
			s.Standards = append(s.Standards, StandardPCIDSS)
		}
		// Security Hub has no HIPAA standard; NIST SP 800-53 Rev. 5 is the one whose controls map to
		// the HIPAA Security Rule (NIST SP 800-66 maps HIPAA to 800-53), so a HIPAA workload turns it on.
		if o.hasCompliance(ComplianceHIPAA) {
			s.Standards = append(s.Standards, StandardNIST)
		}
		o.derived["securityHub.standards"] = true
	}
	if o.unset("securityHub.severityThreshold", s.SeverityThreshold == "") {
		s.SeverityThreshold = DefaultSeverity
	}
	// The default is the core accounts' owner; without one, that is the problem reported (one
	// mistake, one message), not an empty notification list.
	if o.unset("securityHub.notificationEmails", s.NotificationEmails == nil) {
		if o.CoreAccounts.Owner != "" {
			s.NotificationEmails = []string{o.CoreAccounts.Owner}
		}
		o.derived["securityHub.notificationEmails"] = true
	}
	g := &s.GuardDuty
	for _, plan := range []struct {
		p   **bool
		def bool
	}{{&g.S3, true}, {&g.EKS, true}, {&g.Malware, true}, {&g.RDS, true}, {&g.Runtime, false}, {&g.Lambda, true}} {
		if *plan.p == nil {
			*plan.p = boolPtr(plan.def)
		}
	}
}

func (o *Organization) hasCompliance(framework string) bool {
	for _, w := range o.Workloads {
		if w.Compliance == framework {
			return true
		}
	}
	return false
}

func (o *Organization) validateSecurityHub(ps *Problems) {
	s := o.SecurityHub
	const p = "securityHub"
	known := slices.Sorted(maps.Keys(StandardVersions))
	if len(s.Standards) == 0 {
		ps.add(p+".standards", "lists no standard: no control would check the accounts; remove the key for the default standards")
	}
	seen := map[string]bool{}
	for i, std := range s.Standards {
		path := fmt.Sprintf("%s.standards[%d]", p, i)
		switch {
		case StandardVersions[std] == "":
			ps.add(path, "%q is not a standard the landing zone enables; did you mean %q? (known: %s)", std, closest(std, known), strings.Join(known, ", "))
		case seen[std]:
			ps.add(path, "%q is listed twice", std)
		}
		seen[std] = true
	}
	if !o.derived["securityHub.standards"] && o.hasCompliance(CompliancePCIDSS) && !seen[StandardPCIDSS] {
		for i, w := range o.Workloads {
			if w.Compliance == CompliancePCIDSS {
				ps.add(p+".standards", "workloads[%d] (%s) is a PCI DSS workload, so the organization requires the %s standard: add it", i, w.Name, StandardPCIDSS)
				break
			}
		}
	}
	if !o.derived["securityHub.standards"] && o.hasCompliance(ComplianceHIPAA) && !seen[StandardNIST] {
		for i, w := range o.Workloads {
			if w.Compliance == ComplianceHIPAA {
				ps.add(p+".standards", "workloads[%d] (%s) is a HIPAA workload, so the organization requires the %s standard (the HIPAA-relevant checks Security Hub offers): add it", i, w.Name, StandardNIST)
				break
			}
		}
	}
	if !slices.Contains(Severities, s.SeverityThreshold) {
		ps.add(p+".severityThreshold", "%q is not a severity; use one of %s", s.SeverityThreshold, strings.Join(Severities, ", "))
	}
	if len(s.NotificationEmails) == 0 && !o.derived["securityHub.notificationEmails"] {
		ps.add(p+".notificationEmails", "lists nobody: findings would reach no one")
	}
	if !o.derived["securityHub.notificationEmails"] {
		for i, e := range s.NotificationEmails {
			if !emailRe.MatchString(e) {
				ps.add(fmt.Sprintf("%s.notificationEmails[%d]", p, i), "%q is not an email address", e)
			}
		}
	}
	for i, u := range s.WebhookURLs {
		if u == Secret {
			continue // a secret the offline plan cannot read; the engine hands the program the value
		}
		// The URL is not quoted back: a webhook URL carries its token.
		if why := httpsURLProblem(u); why != "" {
			ps.add(fmt.Sprintf("%s.webhookUrls[%d]", p, i), "the URL %s", why)
		}
	}
}

// SeverityAtOrAbove returns the severity labels at or above a threshold.
func SeverityAtOrAbove(threshold string) []string {
	i := slices.Index(Severities, threshold)
	if i < 0 {
		return nil
	}
	return slices.Clone(Severities[i:])
}
