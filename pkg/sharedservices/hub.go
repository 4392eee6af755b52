package sharedservices

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Route tables of the hub. Workload attachments are associated with prod or nonprod and propagate
// into shared only; the shared-services VPC is associated with shared and propagates into prod and
// nonprod. So prod and nonprod each learn the shared-services routes and never each other's.
const (
	RouteTableProd    = "prod"
	RouteTableNonProd = "nonprod"
	RouteTableShared  = "shared"
)

// RouteTables are the hub's route tables, in creation order.
var RouteTables = []string{RouteTableProd, RouteTableNonProd, RouteTableShared}

type transitGateway struct {
	id          pulumi.StringOutput
	routeTables pulumi.StringMapOutput
	share       *shared
}

func (b *builder) hub(net *vpc) (*transitGateway, error) {
	a := b.args
	t := a.Settings.TransitGateway
	tgw, err := ec2transitgateway.NewTransitGateway(b.ctx, b.name+"-tgw", &ec2transitgateway.TransitGatewayArgs{
		Description:   pulumi.Sprintf("%s network hub", a.Prefix),
		AmazonSideAsn: pulumi.Int(t.AmazonSideAsn),
		// No attachment lands in a default route table (a default table would let every attachment
		// reach every other), so an accepted attachment reaches nothing until this account
		// associates it with prod or nonprod. Shared attachments are therefore accepted
		// automatically: workload VPCs are created by a StackSet whose stack would otherwise wait
		// on an attachment in pendingAcceptance, and the review that matters, which route table an
		// attachment joins, stays here (pkg/workload: one association per workload network).
		AutoAcceptSharedAttachments:  pulumi.String("enable"),
		DefaultRouteTableAssociation: pulumi.String("disable"),
		DefaultRouteTablePropagation: pulumi.String("disable"),
		DnsSupport:                   pulumi.String("enable"),
		Tags:                         pulumi.StringMap{"Name": pulumi.String(a.Prefix + "-hub")},
	}, b.opts(pulumi.Protect(true))...)
	if err != nil {
		return nil, fmt.Errorf("transit gateway: %w", err)
	}
	tables := map[string]*ec2transitgateway.RouteTable{}
	ids := pulumi.StringMap{}
	for _, name := range RouteTables {
		rt, err := ec2transitgateway.NewRouteTable(b.ctx, b.name+"-tgw-rt-"+name, &ec2transitgateway.RouteTableArgs{
			TransitGatewayId: tgw.ID(),
			Tags:             pulumi.StringMap{"Name": pulumi.String(a.Prefix + "-hub-" + name)},
		}, b.opts()...)
		if err != nil {
			return nil, fmt.Errorf("route table %s: %w", name, err)
		}
		tables[name], ids[name] = rt, rt.ID()
	}
	subnets := pulumi.StringArray{}
	for _, s := range net.private {
		subnets = append(subnets, s.ID())
	}
	attachment, err := ec2transitgateway.NewVpcAttachment(b.ctx, b.name+"-tgw-shared-vpc", &ec2transitgateway.VpcAttachmentArgs{
		TransitGatewayId: tgw.ID(), VpcId: net.vpc.ID(), SubnetIds: subnets,
		TransitGatewayDefaultRouteTableAssociation: pulumi.Bool(false),
		TransitGatewayDefaultRouteTablePropagation: pulumi.Bool(false),
		DnsSupport: pulumi.String("enable"),
		Tags:       pulumi.StringMap{"Name": pulumi.String(a.Prefix + "-shared-services")},
	}, b.opts()...)
	if err != nil {
		return nil, fmt.Errorf("shared-services attachment: %w", err)
	}
	if _, err := ec2transitgateway.NewRouteTableAssociation(b.ctx, b.name+"-tgw-shared-vpc-association", &ec2transitgateway.RouteTableAssociationArgs{
		TransitGatewayAttachmentId: attachment.ID(), TransitGatewayRouteTableId: tables[RouteTableShared].ID(),
	}, b.opts()...); err != nil {
		return nil, fmt.Errorf("shared-services association: %w", err)
	}
	for _, name := range []string{RouteTableProd, RouteTableNonProd} {
		if _, err := ec2transitgateway.NewRouteTablePropagation(b.ctx, b.name+"-tgw-shared-vpc-to-"+name, &ec2transitgateway.RouteTablePropagationArgs{
			TransitGatewayAttachmentId: attachment.ID(), TransitGatewayRouteTableId: tables[name].ID(),
		}, b.opts()...); err != nil {
			return nil, fmt.Errorf("shared-services propagation to %s: %w", name, err)
		}
	}
	if err := b.returnRoutes(net, tgw, attachment); err != nil {
		return nil, err
	}
	if t.FlowLogs {
		if err := b.flowLog("tgw-flow-logs", &ec2.FlowLogArgs{TransitGatewayId: tgw.ID()}); err != nil {
			return nil, err
		}
	}
	share, err := b.share("transit-gateway", tgw.Arn, t.SharedWithOus)
	if err != nil {
		return nil, err
	}
	return &transitGateway{id: tgw.ID().ToStringOutput(), routeTables: ids.ToStringMapOutput(), share: share}, nil
}

// PrefixListEntriesPerCall is the most entries CreateManagedPrefixList (Entries) and
// ModifyManagedPrefixList (AddEntries, RemoveEntries) take in one call (EC2 API reference:
// "Maximum number of 100 items"). The provider sends a list's whole entry set in one create and
// every added entry in one modify (terraform-provider-aws
// internal/service/ec2/vpc_managed_prefix_list.go), so a list of more than 100 entries cannot be
// created and one that grows by more than 100 cannot be updated: the workload blocks are split into
// lists of at most 100.
const PrefixListEntriesPerCall = 100

// WorkloadCidr is an attached workload VPC's block and the workload's position in the
// configuration (workloads[Position]).
type WorkloadCidr struct {
	Position int
	Cidr     string
}

// PrefixListSlot is the prefix list a workload's block goes to: one list per 100 positions of the
// configuration's workloads, attached or not, so that attaching, detaching or suspending one
// workload changes its own list only, and a workload appended at the end changes the last list or
// adds one. Workloads are retired by state, not removed from the configuration, so positions are
// stable; removing one from the middle shifts the blocks after it across lists for one run.
func PrefixListSlot(position int) int { return position / PrefixListEntriesPerCall }

// returnRoutes routes the workload VPCs attached to the hub from the shared-services private
// subnets back through it: managed prefix lists of their blocks (at most 100 entries each,
// PrefixListEntriesPerCall), and one route to each list per private route table. A prefix list
// counts as its maximum number of entries against the route table's routes quota (50 by default,
// adjustable to 1,000: Amazon VPC User Guide, "Amazon VPC quotas" and "Reference prefix lists in
// your AWS resources"), so the routes cost one quota unit per attached workload, however they are
// split: more than about 45 attached workloads need that quota raised in the shared-services
// account, and pkg/config refuses more than its 1,000 ceiling allows.
func (b *builder) returnRoutes(net *vpc, tgw *ec2transitgateway.TransitGateway, attachment *ec2transitgateway.VpcAttachment) error {
	slots := map[int][]string{}
	for _, c := range b.args.WorkloadCidrs {
		k := PrefixListSlot(c.Position)
		slots[k] = append(slots[k], c.Cidr)
	}
	for _, k := range slices.Sorted(maps.Keys(slots)) {
		cidrs := slots[k]
		// The first list keeps the name it had before the split: nothing is replaced.
		suffix := ""
		if k > 0 {
			suffix = fmt.Sprintf("-%d", k)
		}
		entries := ec2.ManagedPrefixListEntryTypeArray{}
		for _, c := range cidrs {
			entries = append(entries, ec2.ManagedPrefixListEntryTypeArgs{Cidr: pulumi.String(c)})
		}
		list, err := ec2.NewManagedPrefixList(b.ctx, b.name+"-workload-vpcs"+suffix, &ec2.ManagedPrefixListArgs{
			Name:          pulumi.Sprintf("%s-workload-vpcs%s", b.args.Prefix, suffix),
			AddressFamily: pulumi.String("IPv4"),
			MaxEntries:    pulumi.Int(len(cidrs)),
			Entries:       entries,
		}, b.opts()...)
		if err != nil {
			return fmt.Errorf("workload VPC prefix list %d: %w", k, err)
		}
		for i, rt := range net.routeTables {
			if _, err := ec2.NewRoute(b.ctx, fmt.Sprintf("%s-private-rt-%d-to-workloads%s", b.name, i, suffix), &ec2.RouteArgs{
				RouteTableId:            rt.ID(),
				DestinationPrefixListId: list.ID(),
				TransitGatewayId:        tgw.ID(),
			}, b.opts(pulumi.DependsOn([]pulumi.Resource{attachment}))...); err != nil {
				return fmt.Errorf("route to the workload VPCs (list %d): %w", k, err)
			}
		}
	}
	return nil
}
