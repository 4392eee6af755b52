package config

import (
	"strings"
	"testing"
)

func TestSharedServices_DefaultsFillAnAbsentNetworkAndNameTheDomain(t *testing.T) {
	c := validConfig()
	c["landingzone:sharedServices"] = `{"directory":{"domainName":"corp.example.com"}}`
	org, err := Load(c)
	if err != nil {
		t.Fatal(err)
	}
	s := org.SharedServices
	if s.Directory.NetbiosName != "CORP" || s.Directory.Edition != EditionStandard || s.Directory.LogRetentionDays != DefaultDirectoryLogRetention {
		t.Errorf("directory defaults: %+v", s.Directory)
	}
	if s.Network.VpcCidr != DefaultSharedVpcCidr || s.Network.SubnetPrefixLength != 24 || s.Network.AvailabilityZones != 2 || s.Network.PublicSubnets {
		t.Errorf("network defaults: %+v", s.Network)
	}
	if !s.ResolverEnabled() || s.TransitGateway.Enabled || s.TransitGateway.AmazonSideAsn != DefaultTransitGatewayAsn {
		t.Errorf("resolver on and hub off by default: %+v %+v", s.Resolver, s.TransitGateway)
	}
}

func TestSharedServices_AbsentBuildsNothingAndRefusesAnOrphanPassword(t *testing.T) {
	org, err := Load(validConfig())
	if err != nil || org.SharedServices != nil {
		t.Fatalf("no sharedServices section: %v, %+v", err, org)
	}
	c := validConfig()
	c["landingzone:directoryAdminPassword"] = "Corr3ct-Horse"
	if ps := problemsOf(t, c); len(ps) != 1 || ps[0].Path != "directoryAdminPassword" {
		t.Errorf("problems %v", ps)
	}
}

func TestSharedServices_AdminPasswordFollowsAWSRule(t *testing.T) {
	for pw, ok := range map[string]bool{
		"Corr3ct-Horse":            true,  // all four classes
		"correct-horse1":           true,  // lower, digit, special
		"CORRECT HORSE1":           false, // upper and digit; a space is not a special character
		"Sh0rt!":                   false, // under 8
		"alllowercase":             false,
		strings.Repeat("Aa1!", 17): false, // 68 characters, over 64
		Secret:                     true,  // the offline plan's stand-in for a secret is not judged
	} {
		c := validConfig()
		c["landingzone:sharedServices"] = `{"directory":{"domainName":"corp.example.com"}}`
		c["landingzone:directoryAdminPassword"] = pw
		ps := problemsOf(t, c)
		if got := len(ps) == 0; got != ok {
			t.Errorf("password %q: accepted %v, want %v (%v)", pw, got, ok, ps)
		}
	}
}

func TestSharedServices_DomainNames(t *testing.T) {
	for name, ok := range map[string]bool{
		"corp.example.com": true, "ad.acme-corp.io": true, "corp": false, "-corp.example.com": false,
		"corp..example.com": false, "corp.example.123": false, "corp_ad.example.com": false,
	} {
		if got := validDomainName(name); got != ok {
			t.Errorf("validDomainName(%q) = %v, want %v", name, got, ok)
		}
	}
}
