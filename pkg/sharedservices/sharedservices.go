package sharedservices

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ram"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// TypeToken is the component's type: it is in every child's URN, so it never changes.
const TypeToken = "landingzone:index:SharedServices"

// Consumer is a workload account the directory is shared with.
type Consumer struct {
	Account *account.Account
	// Provider reaches into the consumer account in the home Region, where it accepts the share.
	Provider *aws.Provider
}

// Args configures the SharedServices component.
type Args struct {
	Prefix     string
	HomeRegion string
	Settings   config.SharedServices
	// AdminPassword is the directory's Admin password at creation; nil: one is generated.
	AdminPassword pulumi.StringInput
	// AdminPrincipals (ARN patterns) may manage the key, besides the shared-services access role.
	AdminPrincipals []string
	// Account is the shared-services account and Provider reaches into it in the home Region.
	Account  *account.Account
	Provider *aws.Provider
	// Management is the management account's provider in the home Region: only it can enable
	// sharing with the organization in AWS RAM, once the organization (all features, trusted access
	// for RAM) exists: Organization is waited for.
	Management   *aws.Provider
	Organization pulumi.Resource
	// Consumers are the accounts the directory is shared with, in config order.
	Consumers []Consumer
	// WorkloadCidrs are the VPC blocks of the workloads attached to the hub (pkg/workload), with
	// their positions in the configuration: the shared-services subnets route them back through
	// the hub, in prefix lists by position (PrefixListSlot).
	WorkloadCidrs []WorkloadCidr
	// OrganizationArn and OUArns (by OU path) are the RAM principals shares may name.
	OrganizationArn pulumi.StringInput
	OUArns          map[string]pulumi.StringInput
	// FlowLogDestination is the S3 ARN (bucket and prefix) flow logs are delivered to, and
	// FlowLogGrants the bucket policy that lets them in: flow logs are created after it.
	FlowLogDestination pulumi.StringInput
	FlowLogGrants      pulumi.Resource
}

// SharedServices is the shared-services account's directory, DNS and network hub.
type SharedServices struct {
	pulumi.ResourceState

	VpcID            pulumi.StringOutput
	PrivateSubnetIDs pulumi.StringArrayOutput
	PublicSubnetIDs  pulumi.StringArrayOutput
	DirectoryID      pulumi.StringOutput
	DomainName       pulumi.StringOutput
	DNSAddresses     pulumi.StringArrayOutput
	AdminSecretArn   pulumi.StringOutput
	KeyArn           pulumi.StringOutput
	// ResolverRuleID is empty when the resolver is off; TransitGatewayID and RouteTableIDs when
	// the hub is off.
	ResolverRuleID   pulumi.StringOutput
	TransitGatewayID pulumi.StringOutput
	RouteTableIDs    pulumi.StringMapOutput
	// ShareArns are the RAM resource shares by what they share ("directory-dns", "transit-gateway").
	ShareArns pulumi.StringMapOutput
	// HubShared and ResolverShared are the RAM associations (resource and principals) of the
	// Transit Gateway's and the Resolver rule's shares: a member account can attach to the hub or
	// associate the rule only once they exist, or the call fails as if the resource did not
	// exist (InvalidTransitGatewayID.NotFound: hashicorp/terraform-provider-aws#10025). Whatever
	// uses them in a member account depends on these. Empty when the hub or the resolver is off.
	HubShared      []pulumi.Resource
	ResolverShared []pulumi.Resource
	// SharedDirectoryIDs are the directory's IDs in each consumer account, by account key.
	SharedDirectoryIDs pulumi.StringMapOutput
}

// New registers the shared-services VPC, the directory, its DNS and, when configured, the hub.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*SharedServices, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("shared services: %w", err)
	}
	s := &SharedServices{}
	if err := ctx.RegisterComponentResource(TypeToken, name, s, opts...); err != nil {
		return nil, err
	}
	in := []pulumi.ResourceOption{pulumi.Parent(s), pulumi.Provider(args.Provider)}
	b := &builder{ctx: ctx, name: name, args: args, in: in, c: s}

	net, err := b.network()
	if err != nil {
		return nil, fmt.Errorf("shared services: %w", err)
	}
	dir, err := b.directory(net)
	if err != nil {
		return nil, fmt.Errorf("shared services: %w", err)
	}
	shares := pulumi.StringMap{}
	s.ResolverRuleID = pulumi.String("").ToStringOutput()
	if args.Settings.ResolverEnabled() {
		rule, share, err := b.resolver(net, dir)
		if err != nil {
			return nil, fmt.Errorf("shared services: resolver: %w", err)
		}
		s.ResolverRuleID, shares["directory-dns"], s.ResolverShared = rule.ID().ToStringOutput(), share.arn, share.associations
	}
	s.TransitGatewayID, s.RouteTableIDs = pulumi.String("").ToStringOutput(), pulumi.StringMap{}.ToStringMapOutput()
	if args.Settings.TransitGateway.Enabled {
		hub, err := b.hub(net)
		if err != nil {
			return nil, fmt.Errorf("shared services: transit gateway: %w", err)
		}
		s.TransitGatewayID, s.RouteTableIDs, shares["transit-gateway"], s.HubShared = hub.id, hub.routeTables, hub.share.arn, hub.share.associations
	}
	s.ShareArns = shares.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(s, s.Outputs()); err != nil {
		return nil, err
	}
	return s, nil
}

// Outputs are the component's outputs, as registered and as the stack exports them.
func (s *SharedServices) Outputs() pulumi.Map {
	return pulumi.Map{
		"vpcId": s.VpcID, "privateSubnetIds": s.PrivateSubnetIDs, "publicSubnetIds": s.PublicSubnetIDs,
		"directoryId": s.DirectoryID, "domainName": s.DomainName, "dnsIpAddresses": s.DNSAddresses,
		"adminSecretArn": s.AdminSecretArn, "keyArn": s.KeyArn, "resolverRuleId": s.ResolverRuleID,
		"transitGatewayId": s.TransitGatewayID, "routeTableIds": s.RouteTableIDs, "shareArns": s.ShareArns,
		"sharedDirectoryIds": s.SharedDirectoryIDs,
	}
}

func (a *Args) check() error {
	switch {
	case a == nil:
		return fmt.Errorf("no arguments")
	case a.Prefix == "" || a.HomeRegion == "":
		return fmt.Errorf("the prefix and home Region are required")
	case a.Account == nil || a.Provider == nil || a.Management == nil:
		return fmt.Errorf("the shared-services account, its provider and the management provider are required")
	case a.FlowLogDestination == nil || a.FlowLogGrants == nil:
		return fmt.Errorf("the flow-log destination and the bucket policy granting it are required: every VPC has flow logs")
	case a.Settings.Directory.DomainName == "":
		return fmt.Errorf("the directory's domain name is required")
	case a.Settings.Network.AvailabilityZones < 2:
		return fmt.Errorf("%d Availability Zones: the directory needs two", a.Settings.Network.AvailabilityZones)
	case a.OrganizationArn == nil:
		return fmt.Errorf("the organization ARN is required: shares name it or its OUs")
	}
	for _, ous := range [][]string{a.Settings.Resolver.SharedWithOus, a.Settings.TransitGateway.SharedWithOus} {
		for _, ou := range ous {
			if a.OUArns[ou] == nil {
				return fmt.Errorf("OU %q has no ARN to share with", ou)
			}
		}
	}
	if len(a.Consumers) != len(a.Settings.Directory.SharedWith) {
		return fmt.Errorf("%d consumer accounts for %d configured directory shares", len(a.Consumers), len(a.Settings.Directory.SharedWith))
	}
	for i, c := range a.Consumers {
		if c.Account == nil || c.Provider == nil || c.Account.Config.Key != a.Settings.Directory.SharedWith[i] {
			return fmt.Errorf("consumer %d: the account %q and its provider are required", i, a.Settings.Directory.SharedWith[i])
		}
	}
	return nil
}

// builder carries what every part of the component needs.
type builder struct {
	ctx  *pulumi.Context
	name string
	args *Args
	in   []pulumi.ResourceOption
	c    *SharedServices

	// sharing is RAM's organization sharing, created once for every share.
	sharing *ram.SharingWithOrganization
}

func (b *builder) opts(extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append(slices.Clone(b.in), extra...)
}

// shared is a RAM share and its associations: the resource's and every principal's. A consumer
// can use the resource only once both exist (RAM associates asynchronously; the provider waits for
// each association to be ASSOCIATED).
type shared struct {
	arn          pulumi.StringOutput
	associations []pulumi.Resource
}

// share puts one resource in a RAM share for the configured OUs, or the whole organization.
func (b *builder) share(what string, resourceArn pulumi.StringInput, ous []string) (*shared, error) {
	// Sharing with an organization or OU without invitations needs RAM's organization sharing,
	// which only the management account can enable (EnableSharingWithAwsOrganization; Terraform
	// aws_ram_sharing_with_organization).
	if b.sharing == nil {
		opts := []pulumi.ResourceOption{pulumi.Parent(b.c), pulumi.Provider(b.args.Management)}
		if b.args.Organization != nil {
			opts = append(opts, pulumi.DependsOn([]pulumi.Resource{b.args.Organization}))
		}
		var err error
		b.sharing, err = ram.NewSharingWithOrganization(b.ctx, b.name+"-ram-organization-sharing", &ram.SharingWithOrganizationArgs{}, opts...)
		if err != nil {
			return nil, fmt.Errorf("ram organization sharing: %w", err)
		}
	}
	rs, err := ram.NewResourceShare(b.ctx, b.name+"-"+what+"-share", &ram.ResourceShareArgs{
		Name: pulumi.Sprintf("%s-%s", b.args.Prefix, what),
		// Only accounts of the organization: never a principal outside it.
		AllowExternalPrincipals: pulumi.Bool(false),
	}, b.opts(pulumi.DependsOn([]pulumi.Resource{b.sharing}))...)
	if err != nil {
		return nil, fmt.Errorf("%s share: %w", what, err)
	}
	ra, err := ram.NewResourceAssociation(b.ctx, b.name+"-"+what+"-share-resource", &ram.ResourceAssociationArgs{
		ResourceArn: resourceArn, ResourceShareArn: rs.Arn,
	}, b.opts()...)
	if err != nil {
		return nil, fmt.Errorf("%s share resource: %w", what, err)
	}
	out := &shared{arn: rs.Arn, associations: []pulumi.Resource{ra}}
	principals := map[string]pulumi.StringInput{"organization": b.args.OrganizationArn}
	keys := []string{"organization"}
	if len(ous) > 0 {
		principals, keys = map[string]pulumi.StringInput{}, nil
		for _, ou := range ous {
			key := ouKey(ou)
			principals[key], keys = b.args.OUArns[ou], append(keys, key)
		}
	}
	for _, k := range keys {
		pa, err := ram.NewPrincipalAssociation(b.ctx, b.name+"-"+what+"-share-"+k, &ram.PrincipalAssociationArgs{
			Principal: principals[k], ResourceShareArn: rs.Arn,
		}, b.opts()...)
		if err != nil {
			return nil, fmt.Errorf("%s share principal %s: %w", what, k, err)
		}
		out.associations = append(out.associations, pa)
	}
	return out, nil
}

// ouKey names an OU in resource names: "Workloads/Prod" -> "workloads-prod".
func ouKey(path string) string {
	out := []rune{}
	for _, r := range path {
		switch {
		case r >= 'A' && r <= 'Z':
			out = append(out, r-'A'+'a')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			out = append(out, r)
		default:
			out = append(out, '-')
		}
	}
	return "ou-" + string(out)
}
