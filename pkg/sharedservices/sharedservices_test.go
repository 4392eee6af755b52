package sharedservices_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
	"github.com/landingzone/aws-landing-zone/pkg/sharedservices"
)

const (
	mgmtID = "403815927164"
	orgID  = "o-a1b2c3d4e5"
	region = "eu-west-1"
	bucket = "arn:aws:s3:::acme-log-archive-645354676102-eu-west-1/vpc-flow-logs"
)

func settings() config.SharedServices {
	on := true
	return config.SharedServices{
		Directory: config.Directory{DomainName: "corp.acme.example", NetbiosName: "ACME", Edition: "Enterprise", LogRetentionDays: 365,
			SharedWith: []string{"payments-prod", "webshop-dev"}},
		Network:        config.Network{VpcCidr: "10.200.0.0/22", SubnetPrefixLength: 24, AvailabilityZones: 3},
		Resolver:       config.Resolver{Enabled: &on, SharedWithOus: []string{"Workloads/Prod"}},
		TransitGateway: config.TransitGateway{Enabled: true, FlowLogs: true, AmazonSideAsn: 64512},
	}
}

type synthesized struct {
	*plan.Plan
	accountIDs map[string]string
}

func synth(t *testing.T, s config.SharedServices, password pulumi.StringInput) synthesized {
	t.Helper()
	p, err := plan.Synthesize("test", mgmtID, program(s, password))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, a := range p.Find(plan.AccountType) {
		ids[a.Name] = a.ID
	}
	return synthesized{Plan: p, accountIDs: ids}
}

func program(s config.SharedServices, password pulumi.StringInput) pulumi.RunFunc {
	return programWith(s, password, nil, nil)
}

// programWith also attaches workload blocks to the hub and hands back the component.
func programWith(s config.SharedServices, password pulumi.StringInput, cidrs []sharedservices.WorkloadCidr, after func(*sharedservices.SharedServices)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		providers := account.NewProviders(ctx, account.ProvidersArgs{
			ManagementAccountID: mgmtID, AccessRoleName: "OrganizationAccountAccessRole", Regions: []string{region},
		})
		mgmt, err := providers.Management(region)
		if err != nil {
			return err
		}
		vend := func(key string) (*account.Account, error) {
			return account.Vend(ctx, account.VendArgs{
				Account:  config.Account{Key: key, Name: "acme-" + key, Email: key + "@acme.example", OU: config.OUInfrastructure},
				ParentID: pulumi.String("ou-ab12-infra"), AccessRoleName: "OrganizationAccountAccessRole", Management: mgmt,
			})
		}
		shared, err := vend(config.KeySharedServices)
		if err != nil {
			return err
		}
		prov, err := providers.Member(shared, region)
		if err != nil {
			return err
		}
		var consumers []sharedservices.Consumer
		for _, key := range s.Directory.SharedWith {
			acct, err := vend(key)
			if err != nil {
				return err
			}
			cp, err := providers.Member(acct, region)
			if err != nil {
				return err
			}
			consumers = append(consumers, sharedservices.Consumer{Account: acct, Provider: cp})
		}
		// Stands in for the log archive's bucket policy: what flow logs must wait for.
		grants, err := s3.NewBucketPolicy(ctx, "log-archive-bucket-policy", &s3.BucketPolicyArgs{
			Bucket: pulumi.String("acme-log-archive-645354676102-eu-west-1"), Policy: pulumi.String("{}"),
		}, pulumi.Provider(mgmt))
		if err != nil {
			return err
		}
		c, err := sharedservices.New(ctx, "shared-services", &sharedservices.Args{
			Prefix: "acme", HomeRegion: region, Settings: s, AdminPassword: password,
			AdminPrincipals: []string{"arn:aws:iam::*:role/BreakGlassAdmin"},
			Account:         shared, Provider: prov, Management: mgmt, Consumers: consumers,
			OrganizationArn: pulumi.String("arn:aws:organizations::" + mgmtID + ":organization/" + orgID),
			OUArns: map[string]pulumi.StringInput{
				"Workloads/Prod": pulumi.String("arn:aws:organizations::" + mgmtID + ":ou/" + orgID + "/ou-ab12-prod"),
			},
			FlowLogDestination: pulumi.String(bucket),
			FlowLogGrants:      grants,
			WorkloadCidrs:      cidrs,
		})
		if err == nil && after != nil {
			after(c)
		}
		return err
	}
}

func (s synthesized) named(t *testing.T, typ, name string) *plan.Resource {
	t.Helper()
	r := s.Named(typ, name)
	if r == nil {
		t.Fatalf("no %s named %s", typ, name)
	}
	return r
}

func (s synthesized) byID(typ, id string) *plan.Resource {
	for _, r := range s.Find(typ) {
		if r.ID == id {
			return r
		}
	}
	return nil
}

func TestSharedServices_DirectoryIsInTwoPrivateSubnetsOfDistinctAZs(t *testing.T) {
	s := synth(t, settings(), nil)
	dir := s.named(t, "aws:directoryservice/directory:Directory", "shared-services-directory")
	ids := dir.Inputs["vpcSettings"].(map[string]any)["subnetIds"].([]any)
	zones := map[string]bool{}
	for _, id := range ids {
		sn := s.byID("aws:ec2/subnet:Subnet", id.(string))
		if sn == nil {
			t.Fatalf("directory subnet %v is not a subnet of the component", id)
		}
		if sn.Inputs["mapPublicIpOnLaunch"] != false || !strings.Contains(sn.Name, "-private-") {
			t.Errorf("directory subnet %s is not private", sn.Name)
		}
		zones[sn.Input("availabilityZone")] = true
	}
	if len(ids) != 2 || len(zones) != 2 {
		t.Errorf("directory in subnets %v over AZs %v; AWS Managed Microsoft AD needs two subnets in two AZs", ids, zones)
	}
	if n := len(s.Find("aws:ec2/internetGateway:InternetGateway")) + len(s.Find("aws:ec2/natGateway:NatGateway")); n != 0 {
		t.Errorf("%d internet or NAT gateways without publicSubnets", n)
	}
	if got := len(s.Find("aws:ec2/subnet:Subnet")); got != 3 {
		t.Errorf("%d subnets, want one private subnet per configured AZ (3)", got)
	}
}

func TestSharedServices_PublicSubnetsAndNATOnlyWhenConfigured(t *testing.T) {
	cfg := settings()
	cfg.Network.PublicSubnets, cfg.Network.VpcCidr = true, "10.200.0.0/21"
	s := synth(t, cfg, nil)
	if got := len(s.Find("aws:ec2/natGateway:NatGateway")); got != 3 {
		t.Errorf("%d NAT gateways, want one per AZ", got)
	}
	for i := 1; i <= 3; i++ {
		rt := s.named(t, "aws:ec2/routeTable:RouteTable", "shared-services-private-rt-"+string(rune('0'+i)))
		routes, _ := rt.Inputs["routes"].([]any)
		if len(routes) != 1 || routes[0].(map[string]any)["natGatewayId"] == nil {
			t.Errorf("%s routes %v: the private subnet's default route should use its AZ's NAT gateway", rt.Name, routes)
		}
	}
	pub := s.named(t, "aws:ec2/subnet:Subnet", "shared-services-public-1")
	if pub.Input("cidrBlock") != "10.200.3.0/24" {
		t.Errorf("first public subnet is %s; public subnets follow the private ones", pub.Input("cidrBlock"))
	}
}

func TestSharedServices_DirectorySecretAndKeyLiveInTheSharedServicesAccountAndAreKept(t *testing.T) {
	s := synth(t, settings(), nil)
	for _, r := range []*plan.Resource{
		s.named(t, "aws:directoryservice/directory:Directory", "shared-services-directory"),
		s.named(t, "aws:secretsmanager/secret:Secret", "shared-services-admin-secret"),
		s.named(t, "aws:kms/key:Key", "shared-services-key"),
	} {
		if r.Provider.Account != config.KeySharedServices || r.Provider.Region != region {
			t.Errorf("%s is managed in %s/%s, want shared-services/%s", r.Name, r.Provider.Account, r.Provider.Region, region)
		}
		if !r.Protect || !r.RetainOnDelete {
			t.Errorf("%s: protect %v, retain %v", r.Name, r.Protect, r.RetainOnDelete)
		}
	}
	dir := s.named(t, "aws:directoryservice/directory:Directory", "shared-services-directory")
	if dir.CustomTimeouts["create"] != sharedservices.DirectoryCreateTimeout || dir.CustomTimeouts["delete"] != sharedservices.DirectoryDeleteTimeout {
		t.Errorf("directory timeouts %v: creation takes 20-40 minutes", dir.CustomTimeouts)
	}
	key := s.named(t, "aws:kms/key:Key", "shared-services-key")
	secret := s.named(t, "aws:secretsmanager/secret:Secret", "shared-services-admin-secret")
	if key.Inputs["enableKeyRotation"] != true || secret.Input("kmsKeyId") != key.Output("arn") {
		t.Errorf("secret encrypted with %q, want the rotated key %s", secret.Input("kmsKeyId"), key.Output("arn"))
	}
	logs := s.named(t, "aws:cloudwatch/logGroup:LogGroup", "shared-services-directory-logs")
	if logs.Input("kmsKeyId") != key.Output("arn") || logs.Inputs["retentionInDays"] != 365.0 {
		t.Errorf("directory logs: key %q, retention %v", logs.Input("kmsKeyId"), logs.Inputs["retentionInDays"])
	}
	d, err := policy.Parse(key.Input("policy"))
	if err != nil {
		t.Fatal(err)
	}
	st, ok := d.Find("CloudWatchLogsDirectoryLogs")
	if !ok || !slices.Equal(st.Condition["ArnEquals"]["kms:EncryptionContext:aws:logs:arn"],
		[]string{"arn:aws:logs:eu-west-1:" + s.accountIDs[config.KeySharedServices] + ":log-group:" + logs.Input("name")}) {
		t.Errorf("the key lets CloudWatch Logs use it beyond the directory's log group: %+v", st)
	}
}

func TestSharedServices_AdminPasswordIsSecretAndOnlyUsedAtCreation(t *testing.T) {
	for name, pw := range map[string]pulumi.StringInput{"generated": nil, "configured": pulumi.String("Corr3ct-Horse-Battery")} {
		t.Run(name, func(t *testing.T) {
			s := synth(t, settings(), pw)
			dir := s.named(t, "aws:directoryservice/directory:Directory", "shared-services-directory")
			value := s.named(t, "aws:secretsmanager/secretVersion:SecretVersion", "shared-services-admin-secret-value")
			if dir.Input("password") != plan.Secret || value.Input("secretString") != plan.Secret {
				t.Errorf("password shown as %q, secret value as %q; both must be secrets", dir.Input("password"), value.Input("secretString"))
			}
			if !slices.Contains(dir.IgnoreChanges, "password") || !slices.Contains(value.IgnoreChanges, "secretString") {
				t.Errorf("a later password would replace the directory: ignoreChanges %v / %v", dir.IgnoreChanges, value.IgnoreChanges)
			}
		})
	}
}

func TestSharedServices_DirectoryIsSharedByHandshakeAcceptedInEachConsumer(t *testing.T) {
	s := synth(t, settings(), nil)
	for _, key := range []string{"payments-prod", "webshop-dev"} {
		share := s.named(t, "aws:directoryservice/sharedDirectory:SharedDirectory", "shared-services-directory-share-"+key)
		target := share.Inputs["target"].(map[string]any)
		if share.Input("method") != "HANDSHAKE" || target["id"] != s.accountIDs[key] || share.Provider.Account != config.KeySharedServices {
			t.Errorf("share for %s: method %s, target %v, from %s", key, share.Input("method"), target, share.Provider.Account)
		}
		accept := s.named(t, "aws:directoryservice/sharedDirectoryAccepter:SharedDirectoryAccepter", "shared-services-directory-accept-"+key)
		if accept.Provider.Account != key || accept.Input("sharedDirectoryId") != share.Output("sharedDirectoryId") {
			t.Errorf("acceptance for %s in %s of %q", key, accept.Provider.Account, accept.Input("sharedDirectoryId"))
		}
	}
	if n := len(s.Find("aws:directoryservice/sharedDirectory:SharedDirectory")); n != 2 {
		t.Errorf("%d shares for 2 configured consumers", n)
	}
}

func TestSharedServices_RAMSharesNameTheConfiguredPrincipals(t *testing.T) {
	cfg := settings()
	s := synth(t, cfg, nil)
	principals := func(share string) []string {
		var out []string
		for _, pa := range s.Find("aws:ram/principalAssociation:PrincipalAssociation") {
			if strings.HasPrefix(pa.Name, "shared-services-"+share+"-share-") {
				out = append(out, pa.Input("principal"))
			}
		}
		return out
	}
	ouArn := "arn:aws:organizations::" + mgmtID + ":ou/" + orgID + "/ou-ab12-prod"
	orgArn := "arn:aws:organizations::" + mgmtID + ":organization/" + orgID
	if got := principals("directory-dns"); !slices.Equal(got, []string{ouArn}) {
		t.Errorf("resolver rule shared with %v, want the configured OU %s", got, ouArn)
	}
	if got := principals("transit-gateway"); !slices.Equal(got, []string{orgArn}) {
		t.Errorf("transit gateway shared with %v, want the whole organization (no OU configured)", got)
	}
	for _, rs := range s.Find("aws:ram/resourceShare:ResourceShare") {
		if rs.Inputs["allowExternalPrincipals"] != false {
			t.Errorf("%s allows principals outside the organization", rs.Name)
		}
	}
	sharing := s.named(t, "aws:ram/sharingWithOrganization:SharingWithOrganization", "shared-services-ram-organization-sharing")
	if sharing.Provider.Account != config.KeyManagement {
		t.Errorf("RAM organization sharing enabled from %s; only the management account can", sharing.Provider.Account)
	}
}

func TestSharedServices_FlowLogsGoToTheCentralBucketAfterItsGrants(t *testing.T) {
	s := synth(t, settings(), nil)
	grants := s.named(t, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-bucket-policy")
	vpc := s.named(t, "aws:ec2/vpc:Vpc", "shared-services-vpc")
	tgw := s.named(t, "aws:ec2transitgateway/transitGateway:TransitGateway", "shared-services-tgw")
	for name, want := range map[string][2]string{"shared-services-vpc-flow-logs": {"vpcId", vpc.ID}, "shared-services-tgw-flow-logs": {"transitGatewayId", tgw.ID}} {
		fl := s.named(t, "aws:ec2/flowLog:FlowLog", name)
		if fl.Input("logDestination") != bucket || fl.Input("logDestinationType") != "s3" || fl.Input(want[0]) != want[1] {
			t.Errorf("%s: %s -> %s %s", name, fl.Input(want[0]), fl.Input("logDestinationType"), fl.Input("logDestination"))
		}
		if !slices.Contains(fl.DependsOn, grants.URN) {
			t.Errorf("%s does not wait for the bucket policy granting delivery", name)
		}
	}
	if tfl := s.named(t, "aws:ec2/flowLog:FlowLog", "shared-services-tgw-flow-logs"); tfl.Inputs["maxAggregationInterval"] != 60.0 || tfl.Inputs["trafficType"] != nil {
		t.Errorf("transit gateway flow logs take only a 60-second interval and no traffic type, got %v, %v", tfl.Inputs["maxAggregationInterval"], tfl.Inputs["trafficType"])
	}
	sg := s.named(t, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "shared-services-default-sg")
	if sg.Input("vpcId") != vpc.ID || sg.Inputs["ingress"] != nil || sg.Inputs["egress"] != nil {
		t.Errorf("default security group of %s keeps rules: %v", sg.Input("vpcId"), sg.Inputs)
	}
}

func TestSharedServices_NothingButTheDirectorysOwnDependentsWaitsForIt(t *testing.T) {
	s := synth(t, settings(), nil)
	dir := s.named(t, "aws:directoryservice/directory:Directory", "shared-services-directory")
	// Walk the dependency graph: everything that waits for the directory, directly or not.
	waits := map[string]bool{dir.URN: true}
	for changed := true; changed; {
		changed = false
		for _, r := range s.Resources {
			if waits[r.URN] {
				continue
			}
			for _, d := range r.DependsOn {
				if waits[d] {
					waits[r.URN], changed = true, true
					break
				}
			}
		}
	}
	// The directory's own dependents: its logs, its shares, and the DNS that forwards to it.
	own := []string{
		"aws:directoryservice/logSubscription:LogSubscription", "aws:directoryservice/sharedDirectory:SharedDirectory",
		"aws:directoryservice/sharedDirectoryAccepter:SharedDirectoryAccepter", "aws:ec2/securityGroup:SecurityGroup",
		"aws:route53/resolverEndpoint:ResolverEndpoint", "aws:route53/resolverRule:ResolverRule",
		"aws:route53/resolverRuleAssociation:ResolverRuleAssociation",
	}
	for _, r := range s.Resources {
		if !waits[r.URN] || r.URN == dir.URN {
			continue
		}
		dnsShare := strings.HasPrefix(r.Name, "shared-services-directory-dns-share-") // the rule's RAM share
		if !slices.Contains(own, r.Type) && !dnsShare {
			t.Errorf("%s waits for the directory (20-40 minutes) without needing it", r.URN)
		}
	}
	for _, name := range []string{"shared-services-admin-secret-value", "shared-services-vpc-flow-logs", "shared-services-tgw"} {
		for _, r := range s.Resources {
			if r.Name == name && waits[r.URN] {
				t.Errorf("%s waits for the directory", name)
			}
		}
	}
}

func TestSharedServices_ResolverEndpointMayOnlySendDNSToTheDirectory(t *testing.T) {
	s := synth(t, settings(), nil)
	dir := s.named(t, "aws:directoryservice/directory:Directory", "shared-services-directory")
	var want []any
	for _, ip := range dir.OutputStrings("dnsIpAddresses") {
		want = append(want, ip+"/32")
	}
	if len(want) != 2 {
		t.Fatalf("directory DNS addresses %v", want)
	}
	sg := s.named(t, "aws:ec2/securityGroup:SecurityGroup", "shared-services-resolver-sg")
	if in, _ := sg.Inputs["ingress"].([]any); len(in) != 0 {
		t.Errorf("resolver security group has ingress %v", in)
	}
	egress, _ := sg.Inputs["egress"].([]any)
	protocols := []string{}
	for _, e := range egress {
		rule := e.(map[string]any)
		if rule["fromPort"] != 53.0 || rule["toPort"] != 53.0 || !slices.Equal(rule["cidrBlocks"].([]any), want) {
			t.Errorf("egress %v: want port 53 to %v only", rule, want)
		}
		protocols = append(protocols, rule["protocol"].(string))
	}
	if slices.Sort(protocols); !slices.Equal(protocols, []string{"tcp", "udp"}) {
		t.Errorf("egress protocols %v, want DNS over tcp and udp", protocols)
	}
	rule := s.named(t, "aws:route53/resolverRule:ResolverRule", "shared-services-resolver-rule")
	targets, _ := json.Marshal(rule.Inputs["targetIps"])
	if rule.Input("ruleType") != "FORWARD" || rule.Input("domainName") != "corp.acme.example" || strings.Count(string(targets), `"port":53`) != 2 {
		t.Errorf("forwarding rule %s %s -> %s", rule.Input("ruleType"), rule.Input("domainName"), targets)
	}
}

func TestSharedServices_HubKeepsProdAndNonProdApart(t *testing.T) {
	s := synth(t, settings(), nil)
	tgw := s.named(t, "aws:ec2transitgateway/transitGateway:TransitGateway", "shared-services-tgw")
	for _, k := range []string{"defaultRouteTableAssociation", "defaultRouteTablePropagation"} {
		if tgw.Input(k) != "disable" {
			t.Errorf("transit gateway %s = %q, want disable", k, tgw.Input(k))
		}
	}
	// Accepted attachments join no route table: only this account's associations route them.
	if tgw.Input("autoAcceptSharedAttachments") != "enable" {
		t.Errorf("transit gateway autoAcceptSharedAttachments = %q, want enable (workload VPC stacks create attachments)", tgw.Input("autoAcceptSharedAttachments"))
	}
	rt := func(name string) string {
		return s.named(t, "aws:ec2transitgateway/routeTable:RouteTable", "shared-services-tgw-rt-"+name).ID
	}
	attachment := s.named(t, "aws:ec2transitgateway/vpcAttachment:VpcAttachment", "shared-services-tgw-shared-vpc")
	if attachment.Inputs["transitGatewayDefaultRouteTableAssociation"] != false || attachment.Inputs["transitGatewayDefaultRouteTablePropagation"] != false {
		t.Errorf("shared-services attachment uses the default route table")
	}
	// What each route table learns: prod and nonprod only the shared-services VPC, never each other.
	learns := map[string][]string{}
	for _, p := range s.Find("aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation") {
		learns[p.Input("transitGatewayRouteTableId")] = append(learns[p.Input("transitGatewayRouteTableId")], p.Input("transitGatewayAttachmentId"))
	}
	for _, name := range []string{"prod", "nonprod"} {
		if got := learns[rt(name)]; !slices.Equal(got, []string{attachment.ID}) {
			t.Errorf("the %s route table learns routes from %v, want only the shared-services VPC", name, got)
		}
	}
	assoc := s.Find("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation")
	if len(assoc) != 1 || assoc[0].Input("transitGatewayRouteTableId") != rt("shared") || assoc[0].Input("transitGatewayAttachmentId") != attachment.ID {
		t.Errorf("the shared-services VPC must use the shared route table: %v", assoc)
	}
}

func TestSharedServices_OptionalPartsAreLeftOutWhenOff(t *testing.T) {
	cfg := settings()
	off := false
	cfg.Resolver.Enabled, cfg.TransitGateway.Enabled, cfg.Directory.SharedWith = &off, false, nil
	s := synth(t, cfg, nil)
	for _, typ := range []string{
		"aws:route53/resolverEndpoint:ResolverEndpoint", "aws:ec2transitgateway/transitGateway:TransitGateway",
		"aws:ram/resourceShare:ResourceShare", "aws:ram/sharingWithOrganization:SharingWithOrganization",
		"aws:directoryservice/sharedDirectory:SharedDirectory",
	} {
		if n := len(s.Find(typ)); n != 0 {
			t.Errorf("%d %s with the feature off", n, typ)
		}
	}
	if n := len(s.Find("aws:ec2/flowLog:FlowLog")); n != 1 {
		t.Errorf("%d flow logs, want the VPC's only", n)
	}
}

func TestSubnetCIDRs_CarvesConsecutiveBlocks(t *testing.T) {
	for _, c := range []struct {
		vpc  string
		bits int
		n    int
		want []string
	}{
		{"10.200.0.0/22", 24, 4, []string{"10.200.0.0/24", "10.200.1.0/24", "10.200.2.0/24", "10.200.3.0/24"}},
		{"10.0.0.0/16", 20, 2, []string{"10.0.0.0/20", "10.0.16.0/20"}},
		{"172.16.0.0/26", 28, 4, []string{"172.16.0.0/28", "172.16.0.16/28", "172.16.0.32/28", "172.16.0.48/28"}},
	} {
		got, err := sharedservices.SubnetCIDRs(c.vpc, c.bits, c.n)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("SubnetCIDRs(%s, /%d, %d) = %v, %v; want %v", c.vpc, c.bits, c.n, got, err, c.want)
		}
	}
	for _, bad := range []struct {
		vpc  string
		bits int
		n    int
	}{{"10.0.0.0/24", 26, 5}, {"10.0.0.0/24", 24, 1}, {"10.0.0.1/24", 26, 2}, {"fd00::/56", 64, 2}} {
		if _, err := sharedservices.SubnetCIDRs(bad.vpc, bad.bits, bad.n); err == nil {
			t.Errorf("SubnetCIDRs(%s, /%d, %d) accepted", bad.vpc, bad.bits, bad.n)
		}
	}
}

// CreateManagedPrefixList and ModifyManagedPrefixList take at most 100 entries a call: the
// attached workload blocks go to lists of at most 100, by position in the configuration, each
// routed from every private route table; the first list keeps its original name.
func TestSharedServices_WorkloadBlocksAreRoutedInPrefixListsOfAtMostAHundred(t *testing.T) {
	var cidrs []sharedservices.WorkloadCidr
	for i := range 250 {
		if i%10 == 9 {
			continue // not attached
		}
		cidrs = append(cidrs, sharedservices.WorkloadCidr{Position: i, Cidr: fmt.Sprintf("10.%d.%d.0/24", 1+i/256, i%256)})
	}
	p, err := plan.Synthesize("test", mgmtID, programWith(settings(), nil, cidrs, nil))
	if err != nil {
		t.Fatal(err)
	}
	lists := p.Find("aws:ec2/managedPrefixList:ManagedPrefixList")
	if len(lists) != 3 {
		t.Fatalf("%d prefix lists for 225 blocks at positions 0-249, want 3", len(lists))
	}
	seen := map[string]bool{}
	for _, l := range lists {
		entries := l.Inputs["entries"].([]any)
		if len(entries) > sharedservices.PrefixListEntriesPerCall || l.Inputs["maxEntries"] != float64(len(entries)) {
			t.Errorf("%s: %d entries, maxEntries %v", l.Name, len(entries), l.Inputs["maxEntries"])
		}
		for _, e := range entries {
			seen[e.(map[string]any)["cidr"].(string)] = true
		}
		routes := 0
		for _, r := range p.Find("aws:ec2/route:Route") {
			if r.Input("destinationPrefixListId") == l.ID {
				routes++
			}
		}
		if routes != settings().Network.AvailabilityZones {
			t.Errorf("%s is routed from %d route tables, want every private one (%d)", l.Name, routes, settings().Network.AvailabilityZones)
		}
	}
	if len(seen) != len(cidrs) {
		t.Errorf("%d blocks routed, want %d", len(seen), len(cidrs))
	}
	if p.Named("aws:ec2/managedPrefixList:ManagedPrefixList", "shared-services-workload-vpcs") == nil ||
		p.Named("aws:ec2/route:Route", "shared-services-private-rt-0-to-workloads") == nil {
		t.Error("the first prefix list or its route was renamed: it would be replaced")
	}
}

// The hub's and the resolver rule's RAM associations are handed out, for whatever attaches to the
// hub or associates the rule in a member account to wait for.
func TestSharedServices_ExposesEachShareAssociationsForConsumersToWaitFor(t *testing.T) {
	var mu sync.Mutex
	exposed := map[string][]string{}
	record := func(what string, rs []pulumi.Resource) {
		for _, r := range rs {
			r.URN().ApplyT(func(u pulumi.URN) int {
				mu.Lock()
				defer mu.Unlock()
				exposed[what] = append(exposed[what], string(u))
				return 0
			})
		}
	}
	p, err := plan.Synthesize("test", mgmtID, programWith(settings(), nil, nil, func(c *sharedservices.SharedServices) {
		record("transit-gateway", c.HubShared)
		record("directory-dns", c.ResolverShared)
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, what := range []string{"transit-gateway", "directory-dns"} {
		var want []string
		for _, typ := range []string{"aws:ram/resourceAssociation:ResourceAssociation", "aws:ram/principalAssociation:PrincipalAssociation"} {
			for _, r := range p.Find(typ) {
				if strings.HasPrefix(r.Name, "shared-services-"+what+"-share-") {
					want = append(want, r.URN)
				}
			}
		}
		slices.Sort(want)
		got := slices.Sorted(slices.Values(exposed[what]))
		if len(want) < 2 || !slices.Equal(got, want) {
			t.Errorf("%s share: exposed %v, want its resource and principal associations %v", what, got, want)
		}
	}
}
