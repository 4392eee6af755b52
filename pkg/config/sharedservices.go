package config

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
)

// SharedServices configures the shared-services account: the VPC, the AWS Managed Microsoft AD
// directory, the DNS that forwards its domain, and the optional Transit Gateway hub. Absent, the
// account is vended and nothing is built in it.
type SharedServices struct {
	Directory      Directory      `json:"directory"`
	Network        Network        `json:"network"`
	Resolver       Resolver       `json:"resolver"`
	TransitGateway TransitGateway `json:"transitGateway"`
}

// Directory is the AWS Managed Microsoft AD directory.
type Directory struct {
	// DomainName is the directory's fully qualified DNS name (corp.example.com).
	DomainName string `json:"domainName"`
	// NetbiosName is the short domain name (CORP); defaults to the first label, upper-cased.
	NetbiosName string `json:"netbiosName"`
	// Edition is Standard or Enterprise.
	Edition string `json:"edition"`
	// LogRetentionDays keeps the domain controllers' security logs in CloudWatch Logs.
	LogRetentionDays int `json:"logRetentionDays"`
	// SharedWith are the workloads (by name) the directory is shared with.
	SharedWith []string `json:"sharedWith"`
}

// Network is the shared-services VPC.
type Network struct {
	// VpcCidr is the VPC's IPv4 block; it must not overlap any other network routed to it.
	VpcCidr string `json:"vpcCidr"`
	// SubnetPrefixLength is every subnet's size (24 for a /24).
	SubnetPrefixLength int `json:"subnetPrefixLength"`
	// AvailabilityZones is how many AZs get a private subnet (at least two: the directory needs two).
	AvailabilityZones int `json:"availabilityZones"`
	// PublicSubnets adds a public subnet and a NAT gateway per AZ, for egress to the internet.
	PublicSubnets bool `json:"publicSubnets"`
}

// Resolver is the Route 53 Resolver outbound endpoint and the forwarding rule for the directory's domain.
type Resolver struct {
	// Enabled defaults to true.
	Enabled *bool `json:"enabled"`
	// SharedWithOus are the OU paths the rule is shared with; empty: the whole organization.
	SharedWithOus []string `json:"sharedWithOus"`
}

// TransitGateway is the network hub.
type TransitGateway struct {
	Enabled bool `json:"enabled"`
	// SharedWithOus are the OU paths the Transit Gateway is shared with; empty: the whole organization.
	SharedWithOus []string `json:"sharedWithOus"`
	// FlowLogs delivers the Transit Gateway's flow logs to the central log bucket.
	FlowLogs bool `json:"flowLogs"`
	// AmazonSideAsn is the Transit Gateway's BGP ASN.
	AmazonSideAsn int `json:"amazonSideAsn"`
}

// Directory editions AWS Managed Microsoft AD offers.
const (
	EditionStandard   = "Standard"
	EditionEnterprise = "Enterprise"
)

// Shared-services defaults.
const (
	DefaultDirectoryEdition        = EditionStandard
	DefaultDirectoryLogRetention   = 365
	DefaultSharedVpcCidr           = "10.255.0.0/22"
	DefaultSubnetPrefixLength      = 24
	DefaultAvailabilityZones       = 2
	DefaultTransitGatewayAsn       = 64512
	minAvailabilityZones           = 2 // AWS Managed Microsoft AD needs two subnets in two AZs
	maxAvailabilityZones           = 6
	minVpcPrefix, maxVpcPrefix     = 16, 28 // the VPC sizes AWS accepts
	maxNetbiosLen                  = 15
	minPasswordLen, maxPasswordLen = 8, 64
)

var (
	dnsLabelRe = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
	// NetBIOS domain names may not contain \ / : * ? " < > | or a period (AWS CreateMicrosoftAD
	// ShortName pattern; Microsoft's naming conventions for NetBIOS domain names).
	netbiosForbidden = `\/:*?"<>|.`
)

// ResolverEnabled reports whether the resolver endpoint and forwarding rule are built.
func (s *SharedServices) ResolverEnabled() bool {
	return s.Resolver.Enabled == nil || *s.Resolver.Enabled
}

func (o *Organization) applySharedServicesDefaults() {
	s := o.SharedServices
	if s == nil {
		return
	}
	d := &s.Directory
	if d.NetbiosName == "" && d.DomainName != "" {
		d.NetbiosName = strings.ToUpper(strings.Split(d.DomainName, ".")[0])
		if len(d.NetbiosName) > maxNetbiosLen {
			d.NetbiosName = d.NetbiosName[:maxNetbiosLen]
		}
		o.derived["sharedServices.directory.netbiosName"] = true
	}
	if d.Edition == "" {
		d.Edition = DefaultDirectoryEdition
	}
	if o.unset("sharedServices.directory.logRetentionDays", d.LogRetentionDays == 0) {
		d.LogRetentionDays = DefaultDirectoryLogRetention
	}
	n := &s.Network
	if n.VpcCidr == "" {
		n.VpcCidr = DefaultSharedVpcCidr
	}
	if o.unset("sharedServices.network.subnetPrefixLength", n.SubnetPrefixLength == 0) {
		n.SubnetPrefixLength = DefaultSubnetPrefixLength
	}
	if o.unset("sharedServices.network.availabilityZones", n.AvailabilityZones == 0) {
		n.AvailabilityZones = DefaultAvailabilityZones
	}
	if s.Resolver.Enabled == nil {
		s.Resolver.Enabled = boolPtr(true)
	}
	if o.unset("sharedServices.transitGateway.amazonSideAsn", s.TransitGateway.AmazonSideAsn == 0) {
		s.TransitGateway.AmazonSideAsn = DefaultTransitGatewayAsn
	}
}

// Subnets returns the subnet count of the shared-services VPC: a private subnet per AZ, and a
// public one per AZ when configured.
func (n Network) Subnets() int {
	if n.PublicSubnets {
		return 2 * n.AvailabilityZones
	}
	return n.AvailabilityZones
}

func (o *Organization) validateSharedServices(ps *Problems, ous map[string]bool) {
	s := o.SharedServices
	if s == nil {
		if o.DirectoryAdminPassword != "" {
			ps.add("directoryAdminPassword", "is set but there is no directory: configure sharedServices.directory or remove it")
		}
		return
	}
	const p = "sharedServices"
	d := s.Directory
	switch {
	case d.DomainName == "":
		ps.add(p+".directory.domainName", "is required: the directory's DNS name (e.g. corp.example.com)")
	case !validDomainName(d.DomainName):
		ps.add(p+".directory.domainName", "%q is not a DNS name of at least two labels (letters, digits and inner hyphens, e.g. corp.example.com)", d.DomainName)
	}
	if !o.derived[p+".directory.netbiosName"] && (d.NetbiosName != "" || d.DomainName != "") {
		switch {
		case d.NetbiosName == "" || len(d.NetbiosName) > maxNetbiosLen:
			ps.add(p+".directory.netbiosName", "%q must be 1-%d characters", d.NetbiosName, maxNetbiosLen)
		case strings.ContainsAny(d.NetbiosName, netbiosForbidden) || strings.TrimSpace(d.NetbiosName) != d.NetbiosName || !printableASCII(d.NetbiosName):
			ps.add(p+".directory.netbiosName", "%q may not contain %s, a period or leading/trailing spaces", d.NetbiosName, `\ / : * ? " < > |`)
		}
	}
	if d.Edition != EditionStandard && d.Edition != EditionEnterprise {
		ps.add(p+".directory.edition", "%q is not an edition of AWS Managed Microsoft AD: %s or %s", d.Edition, EditionStandard, EditionEnterprise)
	}
	if !slices.Contains(CloudWatchRetentionDays, d.LogRetentionDays) {
		ps.add(p+".directory.logRetentionDays", "%d is not a CloudWatch Logs retention period; use one of %s", d.LogRetentionDays, joinInts(CloudWatchRetentionDays))
	}
	workloads := map[string]*Workload{}
	for i := range o.Workloads {
		workloads[o.Workloads[i].Name] = &o.Workloads[i]
	}
	seen := map[string]bool{}
	for i, name := range d.SharedWith {
		path := fmt.Sprintf("%s.directory.sharedWith[%d]", p, i)
		w := workloads[name]
		switch {
		case w == nil:
			names := make([]string, 0, len(workloads))
			for n := range workloads {
				names = append(names, n)
			}
			ps.add(path, "%q is not a configured workload; the closest is %q", name, closest(name, names))
		case w.State == StateSuspended:
			ps.add(path, "%q is suspended: a suspended account gets nothing shared", name)
		case seen[name]:
			ps.add(path, "%q is listed twice", name)
		}
		seen[name] = true
	}
	o.validateNetwork(ps, p+".network", s.Network)
	o.validateShareOUs(ps, p+".resolver.sharedWithOus", s.Resolver.SharedWithOus, ous)
	o.validateShareOUs(ps, p+".transitGateway.sharedWithOus", s.TransitGateway.SharedWithOus, ous)
	// Private ASN ranges a Transit Gateway accepts: 64512-65534 and 4200000000-4294967294.
	if asn := s.TransitGateway.AmazonSideAsn; (asn < 64512 || asn > 65534) && (asn < 4200000000 || asn > 4294967294) {
		ps.add(p+".transitGateway.amazonSideAsn", "%d is not a private ASN: 64512-65534 or 4200000000-4294967294", asn)
	}
	if pw := o.DirectoryAdminPassword; pw != "" && pw != Secret {
		if problem := passwordProblem(pw); problem != "" {
			ps.add("directoryAdminPassword", "%s (AWS Managed Microsoft AD's rule); store it with `pulumi config set --secret directoryAdminPassword`", problem)
		}
	}
}

func validDomainName(name string) bool {
	labels := strings.Split(name, ".")
	if len(labels) < 2 || len(name) > 255 {
		return false
	}
	for _, l := range labels {
		if !dnsLabelRe.MatchString(l) {
			return false
		}
	}
	return strings.Trim(labels[len(labels)-1], "0123456789") != "" // a top-level label is never numeric
}

func (o *Organization) validateNetwork(ps *Problems, p string, n Network) {
	if n.AvailabilityZones < minAvailabilityZones || n.AvailabilityZones > maxAvailabilityZones {
		ps.add(p+".availabilityZones", "%d is out of range: between %d (the directory needs two AZs) and %d", n.AvailabilityZones, minAvailabilityZones, maxAvailabilityZones)
	}
	prefix, err := netip.ParsePrefix(n.VpcCidr)
	switch {
	case err != nil || !prefix.Addr().Is4():
		ps.add(p+".vpcCidr", "%q is not an IPv4 CIDR block (e.g. 10.255.0.0/22)", n.VpcCidr)
		return
	case prefix.Masked() != prefix:
		ps.add(p+".vpcCidr", "%q has host bits set; the block is %s", n.VpcCidr, prefix.Masked())
		return
	case prefix.Bits() < minVpcPrefix || prefix.Bits() > maxVpcPrefix:
		ps.add(p+".vpcCidr", "%q is a /%d; a VPC is between /%d and /%d", n.VpcCidr, prefix.Bits(), minVpcPrefix, maxVpcPrefix)
		return
	}
	switch {
	case n.SubnetPrefixLength <= prefix.Bits() || n.SubnetPrefixLength > maxVpcPrefix:
		ps.add(p+".subnetPrefixLength", "/%d does not fit: between /%d and /%d inside %s", n.SubnetPrefixLength, prefix.Bits()+1, maxVpcPrefix, n.VpcCidr)
	case n.SubnetPrefixLength-prefix.Bits() < 31 && 1<<(n.SubnetPrefixLength-prefix.Bits()) < n.Subnets():
		ps.add(p+".vpcCidr", "%s holds %d subnets of /%d; %d are needed (%d AZs%s): widen it or use smaller subnets",
			n.VpcCidr, 1<<(n.SubnetPrefixLength-prefix.Bits()), n.SubnetPrefixLength, n.Subnets(), n.AvailabilityZones, map[bool]string{true: ", private and public", false: ""}[n.PublicSubnets])
	}
	// Overlaps with the workload VPCs are checked with them (validateWorkloadNetworks).
}

func (o *Organization) validateShareOUs(ps *Problems, p string, paths []string, ous map[string]bool) {
	seen := map[string]bool{}
	for i, ou := range paths {
		path := fmt.Sprintf("%s[%d]", p, i)
		switch {
		case !ous[ou]:
			known := make([]string, 0, len(ous))
			for k := range ous {
				known = append(known, k)
			}
			ps.add(path, "OU %q does not exist; the closest is %q", ou, closest(ou, known))
		case ou == OUSuspended:
			ps.add(path, "nothing is shared with the %s OU", OUSuspended)
		case seen[ou]:
			ps.add(path, "%q is listed twice", ou)
		}
		seen[ou] = true
	}
}

// passwordProblem checks AWS Managed Microsoft AD's admin password rule: 8-64 characters and three of
// lower case, upper case, digits and special characters (CreateMicrosoftAD Password pattern).
func passwordProblem(pw string) string {
	if len(pw) < minPasswordLen || len(pw) > maxPasswordLen {
		return fmt.Sprintf("the password must be %d-%d characters", minPasswordLen, maxPasswordLen)
	}
	var lower, upper, digit, special bool
	for _, r := range pw {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case !strings.ContainsRune(" \t\r\n\f\v", r):
			special = true
		}
	}
	classes := 0
	for _, has := range []bool{lower, upper, digit, special} {
		if has {
			classes++
		}
	}
	if classes < 3 {
		return "the password must mix three of lower case, upper case, digits and special characters"
	}
	return ""
}
