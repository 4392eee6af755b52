package sharedservices

import (
	"fmt"
	"net/netip"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// vpc is the shared-services network: one private subnet per AZ (the directory and the resolver
// endpoint use the first two), and a public subnet per AZ when configured.
type vpc struct {
	vpc     *ec2.Vpc
	private []*ec2.Subnet
	public  []*ec2.Subnet
	// routeTables are the private subnets' route tables, one per AZ.
	routeTables []*ec2.RouteTable
}

// SubnetCIDRs carves a VPC block into n consecutive subnets of a prefix length: private subnets
// first, public ones after.
func SubnetCIDRs(vpcCidr string, bits, n int) ([]string, error) {
	prefix, err := netip.ParsePrefix(vpcCidr)
	if err != nil || !prefix.Addr().Is4() || prefix.Masked() != prefix {
		return nil, fmt.Errorf("%q is not an IPv4 network block", vpcCidr)
	}
	if bits <= prefix.Bits() || bits > 28 || bits-prefix.Bits() < 31 && 1<<(bits-prefix.Bits()) < n {
		return nil, fmt.Errorf("%s cannot hold %d subnets of /%d", vpcCidr, n, bits)
	}
	base := prefix.Addr().As4()
	start := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	out := make([]string, n)
	for i := range n {
		a := start + uint32(i)<<(32-bits)
		out[i] = netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}), bits).String()
	}
	return out, nil
}

func (b *builder) network() (*vpc, error) {
	n := b.args.Settings.Network
	cidrs, err := SubnetCIDRs(n.VpcCidr, n.SubnetPrefixLength, n.Subnets())
	if err != nil {
		return nil, err
	}
	// Only the AZs of the Region proper: Local and Wavelength Zones are opt-in and cannot host the
	// directory (Terraform aws_availability_zones, opt-in-status filter). The output form of the
	// call: a new account's provider is not configured yet during a first preview.
	names := aws.GetAvailabilityZonesOutput(b.ctx, aws.GetAvailabilityZonesOutputArgs{
		State: pulumi.String("available"),
		Filters: aws.GetAvailabilityZonesFilterArray{aws.GetAvailabilityZonesFilterArgs{
			Name: pulumi.String("opt-in-status"), Values: pulumi.StringArray{pulumi.String("opt-in-not-required")},
		}},
	}, pulumi.Provider(b.args.Provider)).Names()
	zones := make([]pulumi.StringOutput, n.AvailabilityZones)
	for i := range zones {
		zones[i] = names.ApplyT(func(names []string) (string, error) {
			if len(names) < n.AvailabilityZones {
				return "", fmt.Errorf("sharedServices.network.availabilityZones: %s has %d Availability Zones available to the shared-services account, %d are configured",
					b.args.HomeRegion, len(names), n.AvailabilityZones)
			}
			return names[i], nil
		}).(pulumi.StringOutput)
	}

	v := &vpc{}
	tags := func(name string) pulumi.StringMap { return pulumi.StringMap{"Name": pulumi.String(name)} }
	v.vpc, err = ec2.NewVpc(b.ctx, b.name+"-vpc", &ec2.VpcArgs{
		CidrBlock: pulumi.String(n.VpcCidr),
		// The directory and the resolver need VPC DNS.
		EnableDnsSupport:   pulumi.Bool(true),
		EnableDnsHostnames: pulumi.Bool(true),
		Tags:               tags(b.args.Prefix + "-shared-services"),
	}, b.opts()...)
	if err != nil {
		return nil, fmt.Errorf("vpc: %w", err)
	}
	// Adopting the default security group removes every rule it has (CIS 5.4; Terraform
	// aws_default_security_group: "removes all ingress and egress rules").
	if _, err := ec2.NewDefaultSecurityGroup(b.ctx, b.name+"-default-sg", &ec2.DefaultSecurityGroupArgs{
		VpcId: v.vpc.ID(),
		Tags:  tags(b.args.Prefix + "-shared-services-default-unused"),
	}, b.opts()...); err != nil {
		return nil, fmt.Errorf("default security group: %w", err)
	}
	if err := b.flowLog("vpc-flow-logs", &ec2.FlowLogArgs{VpcId: v.vpc.ID()}); err != nil {
		return nil, err
	}

	var natGateways []*ec2.NatGateway
	if n.PublicSubnets {
		if natGateways, v.public, err = b.publicSubnets(v.vpc, zones, cidrs[n.AvailabilityZones:]); err != nil {
			return nil, err
		}
	}
	for i := range n.AvailabilityZones {
		suffix := fmt.Sprintf("%d", i+1)
		subnet, err := ec2.NewSubnet(b.ctx, b.name+"-private-"+suffix, &ec2.SubnetArgs{
			VpcId: v.vpc.ID(), CidrBlock: pulumi.String(cidrs[i]), AvailabilityZone: zones[i],
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                pulumi.StringMap{"Name": pulumi.Sprintf("%s-shared-services-private-%s", b.args.Prefix, zones[i])},
		}, b.opts()...)
		if err != nil {
			return nil, fmt.Errorf("private subnet %s: %w", suffix, err)
		}
		rtArgs := &ec2.RouteTableArgs{VpcId: v.vpc.ID(), Tags: pulumi.StringMap{"Name": pulumi.Sprintf("%s-shared-services-private-%s", b.args.Prefix, zones[i])}}
		if natGateways != nil {
			rtArgs.Routes = ec2.RouteTableRouteArray{ec2.RouteTableRouteArgs{CidrBlock: pulumi.String("0.0.0.0/0"), NatGatewayId: natGateways[i].ID()}}
		}
		rt, err := ec2.NewRouteTable(b.ctx, b.name+"-private-rt-"+suffix, rtArgs, b.opts()...)
		if err != nil {
			return nil, fmt.Errorf("private route table %s: %w", suffix, err)
		}
		if _, err := ec2.NewRouteTableAssociation(b.ctx, b.name+"-private-rta-"+suffix, &ec2.RouteTableAssociationArgs{
			SubnetId: subnet.ID(), RouteTableId: rt.ID(),
		}, b.opts()...); err != nil {
			return nil, fmt.Errorf("private route table association %s: %w", suffix, err)
		}
		v.private, v.routeTables = append(v.private, subnet), append(v.routeTables, rt)
	}
	b.c.VpcID = v.vpc.ID().ToStringOutput()
	b.c.PrivateSubnetIDs = subnetIDs(v.private)
	b.c.PublicSubnetIDs = subnetIDs(v.public)
	return v, nil
}

// publicSubnets builds, per AZ, a public subnet and a NAT gateway in it, behind one internet gateway.
func (b *builder) publicSubnets(v *ec2.Vpc, zones []pulumi.StringOutput, cidrs []string) ([]*ec2.NatGateway, []*ec2.Subnet, error) {
	igw, err := ec2.NewInternetGateway(b.ctx, b.name+"-igw", &ec2.InternetGatewayArgs{
		VpcId: v.ID(), Tags: pulumi.StringMap{"Name": pulumi.String(b.args.Prefix + "-shared-services")},
	}, b.opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("internet gateway: %w", err)
	}
	rt, err := ec2.NewRouteTable(b.ctx, b.name+"-public-rt", &ec2.RouteTableArgs{
		VpcId:  v.ID(),
		Routes: ec2.RouteTableRouteArray{ec2.RouteTableRouteArgs{CidrBlock: pulumi.String("0.0.0.0/0"), GatewayId: igw.ID()}},
		Tags:   pulumi.StringMap{"Name": pulumi.String(b.args.Prefix + "-shared-services-public")},
	}, b.opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("public route table: %w", err)
	}
	var nats []*ec2.NatGateway
	var subnets []*ec2.Subnet
	for i, cidr := range cidrs {
		suffix := fmt.Sprintf("%d", i+1)
		subnet, err := ec2.NewSubnet(b.ctx, b.name+"-public-"+suffix, &ec2.SubnetArgs{
			VpcId: v.ID(), CidrBlock: pulumi.String(cidr), AvailabilityZone: zones[i],
			// Nothing gets a public address unless it asks for one.
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                pulumi.StringMap{"Name": pulumi.Sprintf("%s-shared-services-public-%s", b.args.Prefix, zones[i])},
		}, b.opts()...)
		if err != nil {
			return nil, nil, fmt.Errorf("public subnet %s: %w", suffix, err)
		}
		if _, err := ec2.NewRouteTableAssociation(b.ctx, b.name+"-public-rta-"+suffix, &ec2.RouteTableAssociationArgs{
			SubnetId: subnet.ID(), RouteTableId: rt.ID(),
		}, b.opts()...); err != nil {
			return nil, nil, fmt.Errorf("public route table association %s: %w", suffix, err)
		}
		eip, err := ec2.NewEip(b.ctx, b.name+"-nat-eip-"+suffix, &ec2.EipArgs{Domain: pulumi.String("vpc")}, b.opts()...)
		if err != nil {
			return nil, nil, fmt.Errorf("nat address %s: %w", suffix, err)
		}
		// A NAT gateway needs the internet gateway attached first (Terraform aws_nat_gateway:
		// "it's recommended to denote that the NAT Gateway depends on the Internet Gateway").
		nat, err := ec2.NewNatGateway(b.ctx, b.name+"-nat-"+suffix, &ec2.NatGatewayArgs{
			AllocationId: eip.ID(), SubnetId: subnet.ID(),
		}, b.opts(pulumi.DependsOn([]pulumi.Resource{igw}))...)
		if err != nil {
			return nil, nil, fmt.Errorf("nat gateway %s: %w", suffix, err)
		}
		nats, subnets = append(nats, nat), append(subnets, subnet)
	}
	return nats, subnets, nil
}

// flowLog delivers a VPC's or Transit Gateway's flow logs to the central bucket, once the bucket
// policy grants delivery.logs.amazonaws.com the write: AWS checks the grant when the flow log is
// created (VPC User Guide, "Flow logs that publish to Amazon S3", cross-account delivery).
func (b *builder) flowLog(name string, args *ec2.FlowLogArgs) error {
	args.LogDestinationType = pulumi.String("s3")
	args.LogDestination = b.args.FlowLogDestination
	args.TrafficType = pulumi.String("ALL")
	if args.TransitGatewayId == nil {
		args.MaxAggregationInterval = pulumi.Int(600)
	} else {
		// Transit Gateway flow logs refuse a traffic type and accept only a 60-second interval
		// (Transit Gateway Guide, "Create and manage Transit Gateway Flow Logs using APIs or the CLI").
		args.TrafficType = nil
		args.MaxAggregationInterval = pulumi.Int(60)
	}
	args.DestinationOptions = &ec2.FlowLogDestinationOptionsArgs{FileFormat: pulumi.String("plain-text"), PerHourPartition: pulumi.Bool(true)}
	if _, err := ec2.NewFlowLog(b.ctx, b.name+"-"+name, args, b.opts(pulumi.DependsOn([]pulumi.Resource{b.args.FlowLogGrants}))...); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func subnetIDs(subnets []*ec2.Subnet) pulumi.StringArrayOutput {
	ids := pulumi.StringArray{}
	for _, s := range subnets {
		ids = append(ids, s.ID().ToStringOutput())
	}
	return ids.ToStringArrayOutput()
}
