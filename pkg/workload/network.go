package workload

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/baseline"
	"github.com/landingzone/aws-landing-zone/pkg/cfn"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/stackset"
)

// NetworkTemplateParameters are the template's per-workload parameters, overridden by each stack
// instance; FlowLogDestination is set once, on the StackSet.
var NetworkTemplateParameters = []string{
	"WorkloadName", "VpcCidr", "SubnetCidrs", "AvailabilityZones", "TransitGatewayId", "HubCidr", "ResolverRuleId",
}

// NetworkTemplate is the workload VPC: one private subnet and route table per AZ (two or three,
// picked with Fn::GetAZs and Fn::Select), a flow log of all traffic to the central log bucket,
// and, by parameter, a Transit Gateway attachment with a route to the hub and the association of
// the directory's Resolver rule. The VPC's default security group loses the rules AWS creates it with
// (CIS 5.4), through the account baseline's function, which comes with the template
// (baseline.CloseDefaultSecurityGroup); nothing is ever placed in it.
func NetworkTemplate(baselineName string) cfn.Template {
	azs := map[string]any{"Fn::GetAZs": ""}
	subnets := []string{"A", "B", "C"}
	resources := map[string]cfn.Resource{
		"Vpc": {Type: "AWS::EC2::VPC", Properties: map[string]any{
			"CidrBlock":          cfn.Ref("VpcCidr"),
			"EnableDnsSupport":   true,
			"EnableDnsHostnames": true,
			"Tags":               []any{map[string]any{"Key": "Name", "Value": cfn.Ref("WorkloadName")}},
		}},
		// CIS 3.7: every VPC logs its traffic. The log archive's bucket policy admits
		// delivery.logs.amazonaws.com from any account of the organization (aws:SourceOrgID), so a
		// member account may deliver to it (VPC User Guide, "Flow logs that publish to Amazon S3").
		"FlowLog": {Type: "AWS::EC2::FlowLog", Properties: map[string]any{
			"ResourceId":             cfn.Ref("Vpc"),
			"ResourceType":           "VPC",
			"TrafficType":            "ALL",
			"LogDestinationType":     "s3",
			"LogDestination":         cfn.Ref("FlowLogDestination"),
			"MaxAggregationInterval": 600,
			"DestinationOptions":     map[string]any{"FileFormat": "plain-text", "PerHourPartition": true},
		}},
		// The attachment lands in no route table of the hub: the hub's owner (shared services)
		// associates it with prod or nonprod, which only the owner may do.
		"HubAttachment": {Type: "AWS::EC2::TransitGatewayAttachment", Condition: "AttachToHub", Properties: map[string]any{
			"TransitGatewayId": cfn.Ref("TransitGatewayId"),
			"VpcId":            cfn.Ref("Vpc"),
			"SubnetIds": []any{cfn.Ref("SubnetA"), cfn.Ref("SubnetB"),
				cfn.If("ThreeAzs", cfn.Ref("SubnetC"), cfn.NoValue())},
			"Tags": []any{map[string]any{"Key": "Name", "Value": cfn.Ref("WorkloadName")}},
		}},
		"DirectoryRuleAssociation": {Type: "AWS::Route53Resolver::ResolverRuleAssociation", Condition: "ResolveDirectory", Properties: map[string]any{
			"ResolverRuleId": cfn.Ref("ResolverRuleId"),
			"VPCId":          cfn.Ref("Vpc"),
		}},
	}
	for i, s := range subnets {
		cond := ""
		if s == "C" {
			cond = "ThreeAzs"
		}
		resources["Subnet"+s] = cfn.Resource{Type: "AWS::EC2::Subnet", Condition: cond, Properties: map[string]any{
			"VpcId":            cfn.Ref("Vpc"),
			"CidrBlock":        map[string]any{"Fn::Select": []any{strconv.Itoa(i), cfn.Ref("SubnetCidrs")}},
			"AvailabilityZone": map[string]any{"Fn::Select": []any{strconv.Itoa(i), azs}},
			"Tags":             []any{map[string]any{"Key": "Name", "Value": cfn.Sub("${WorkloadName}-private-" + strings.ToLower(s))}},
		}}
		resources["RouteTable"+s] = cfn.Resource{Type: "AWS::EC2::RouteTable", Condition: cond, Properties: map[string]any{
			"VpcId": cfn.Ref("Vpc"),
			"Tags":  []any{map[string]any{"Key": "Name", "Value": cfn.Sub("${WorkloadName}-private-" + strings.ToLower(s))}},
		}}
		resources["RouteTableAssociation"+s] = cfn.Resource{Type: "AWS::EC2::SubnetRouteTableAssociation", Condition: cond, Properties: map[string]any{
			"SubnetId":     cfn.Ref("Subnet" + s),
			"RouteTableId": cfn.Ref("RouteTable" + s),
		}}
		hubCond := "AttachToHub"
		if s == "C" {
			hubCond = "AttachToHubThreeAzs"
		}
		resources["HubRoute"+s] = cfn.Resource{Type: "AWS::EC2::Route", Condition: hubCond, DependsOn: []string{"HubAttachment"}, Properties: map[string]any{
			"RouteTableId":         cfn.Ref("RouteTable" + s),
			"DestinationCidrBlock": cfn.Ref("HubCidr"),
			"TransitGatewayId":     cfn.Ref("TransitGatewayId"),
		}}
	}
	t := cfn.Template{
		AWSTemplateFormatVersion: cfn.Version,
		Description:              "Landing zone: a workload VPC (private subnets, flow logs to the log archive, optional hub attachment and directory DNS).",
		Parameters: map[string]cfn.Parameter{
			"WorkloadName":       {Type: "String", Description: "The workload's name (Name tags)."},
			"VpcCidr":            {Type: "String", Description: "The VPC's IPv4 block."},
			"SubnetCidrs":        {Type: "CommaDelimitedList", Description: "One private subnet block per Availability Zone, in order."},
			"AvailabilityZones":  {Type: "String", Description: "How many Availability Zones get a subnet.", AllowedValues: []string{"2", "3"}},
			"TransitGatewayId":   {Type: "String", Description: "The hub to attach to; empty: no attachment.", Default: cfn.Default("")},
			"HubCidr":            {Type: "String", Description: "The shared-services VPC block, routed through the hub.", Default: cfn.Default("")},
			"ResolverRuleId":     {Type: "String", Description: "The directory's forwarding rule; empty: not associated.", Default: cfn.Default("")},
			"FlowLogDestination": {Type: "String", Description: "The log archive bucket ARN and flow-log prefix."},
		},
		Conditions: map[string]any{
			"ThreeAzs":            cfn.Equals(cfn.Ref("AvailabilityZones"), "3"),
			"AttachToHub":         cfn.Not(cfn.Equals(cfn.Ref("TransitGatewayId"), "")),
			"AttachToHubThreeAzs": map[string]any{"Fn::And": []any{cfn.Condition("AttachToHub"), cfn.Condition("ThreeAzs")}},
			"ResolveDirectory":    cfn.Not(cfn.Equals(cfn.Ref("ResolverRuleId"), "")),
		},
		Resources: resources,
		Outputs: map[string]cfn.Output{
			"VpcId": {Description: "The workload VPC.", Value: cfn.Ref("Vpc")},
		},
	}
	baseline.CloseDefaultSecurityGroup(&t, baselineName, "Vpc")
	return t
}

// SubnetCidrs are the first n blocks of the given prefix length inside the VPC block, in order.
func SubnetCidrs(vpcCidr string, prefixLength, n int) ([]string, error) {
	vpc, err := netip.ParsePrefix(vpcCidr)
	if err != nil || !vpc.Addr().Is4() || prefixLength <= vpc.Bits() || prefixLength > 32 {
		return nil, fmt.Errorf("subnets of /%d do not fit in %q", prefixLength, vpcCidr)
	}
	if prefixLength-vpc.Bits() < 31 && 1<<(prefixLength-vpc.Bits()) < n {
		return nil, fmt.Errorf("%s holds fewer than %d subnets of /%d", vpcCidr, n, prefixLength)
	}
	a := vpc.Masked().Addr().As4()
	base := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	var out []string
	for i := range n {
		v := base + uint32(i)<<(32-prefixLength)
		out = append(out, netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), prefixLength).String())
	}
	return out, nil
}

// NetworkStackSetArgs configures the one StackSet every workload network is an instance of.
type NetworkStackSetArgs struct {
	Prefix string
	// BaselineName names the account baseline's function and roles (config BaselineName), which
	// the template reuses to close the VPC's default security group.
	BaselineName string
	// FlowLogDestination is the log archive bucket ARN with the flow-log prefix.
	FlowLogDestination pulumi.StringInput
	// Management is the management account's provider in the home Region.
	Management *aws.Provider
	// After are what the stacks need first: the log bucket's grants, the organization.
	After []pulumi.Resource
}

// NewNetworkStackSet creates the service-managed StackSet of workload networks, from the management
// account, without automatic deployment: a network exists only where a workload asks for one (one
// stack instance each, with its parameters). One StackSet, whatever the number of workloads, and
// no provider in any workload account.
func NewNetworkStackSet(ctx *pulumi.Context, name string, args *NetworkStackSetArgs, opts ...pulumi.ResourceOption) (*cloudformation.StackSet, error) {
	body, err := NetworkTemplate(args.BaselineName).JSON()
	if err != nil {
		return nil, fmt.Errorf("workload networks: %w", err)
	}
	// Every parameter an instance overrides must be declared on the StackSet ("You can only
	// override the parameter values that are specified in the stack set", CloudFormation API
	// reference, CreateStackInstances ParameterOverrides). These values are never deployed:
	// auto-deployment is off and every instance overrides them.
	params := pulumi.StringMap{"FlowLogDestination": args.FlowLogDestination}
	for _, p := range NetworkTemplateParameters {
		params[p] = pulumi.String("")
	}
	params["VpcCidr"], params["SubnetCidrs"], params["AvailabilityZones"] = pulumi.String("10.0.0.0/16"), pulumi.String("10.0.0.0/24,10.0.1.0/24"), pulumi.String("2")
	params["WorkloadName"] = pulumi.String("unused")
	stackSetArgs := stackset.Args(pulumi.Sprintf("%s-workload-network", args.Prefix),
		"Workload VPCs: one stack instance per workload that asks for a network.", pulumi.String(body), stackset.Manual)
	stackSetArgs.Parameters = params
	return cloudformation.NewStackSet(ctx, name, stackSetArgs, append([]pulumi.ResourceOption{pulumi.Provider(args.Management),
		pulumi.DependsOn(args.After), stackset.Options()}, opts...)...)
}

// NetworkArgs places one workload's network.
type NetworkArgs struct {
	// StackSet is the workload network StackSet; Region its instances' Region (the home Region).
	StackSet *cloudformation.StackSet
	Region   string
	// RootID targets the organization root intersected with the account: the instance follows the
	// account whatever OU it moves to (the Suspended OU included).
	RootID     pulumi.StringInput
	Management *aws.Provider
	// Hub is nil when the workload is not attached to the hub.
	Hub *HubArgs
	// ResolverRuleID is nil when the directory's rule is not associated.
	ResolverRuleID pulumi.StringInput
	// Shares are the RAM associations (resource and principals) of the shares of what the stack
	// uses: the hub's when Hub is set, the resolver rule's when ResolverRuleID is. Required with
	// either: the stack's attachment or rule association fails until the share reaches the account.
	Shares []pulumi.Resource
}

// HubArgs is the shared-services Transit Gateway a workload VPC attaches to.
type HubArgs struct {
	TransitGatewayID pulumi.StringInput
	// HubCidr is the shared-services VPC block, routed from the workload through the hub.
	HubCidr string
	// RouteTableID is the prod or nonprod route table the attachment is associated with;
	// SharedRouteTableID the shared one its routes propagate into.
	RouteTableID       pulumi.StringInput
	SharedRouteTableID pulumi.StringInput
	// Shared is the shared-services provider: only the Transit Gateway's owner may associate an
	// attachment with a route table or propagate it ("The owner of the transit gateway ... the
	// attachment owner cannot associate or propagate", Transit Gateway Guide, "Sharing
	// considerations").
	Shared *aws.Provider
	// Isolated leaves the attachment in no route table and its block out of the shared one: a
	// suspended workload keeps its VPC and attachment (the stack's parameters do not change) but
	// reaches nothing through the hub, and nothing reaches it.
	Isolated bool
}

// Network is a workload's VPC stack instance and its place in the hub.
type Network struct {
	Instance *cloudformation.StackSetInstance
	// AttachmentID is the Transit Gateway attachment, as the hub's owner sees it ("" off the hub).
	AttachmentID pulumi.StringOutput
	cidr         string
	accountID    pulumi.StringOutput
}

// Outputs are the network's stack outputs.
func (n *Network) Outputs() pulumi.Map {
	return pulumi.Map{
		"cidr":                   pulumi.String(n.cidr),
		"stackId":                n.StackID(),
		"transitGatewayAttachId": n.AttachmentID,
	}
}

// StackID is the ID of the workload's network stack in its account. The provider leaves stackId
// empty for an instance targeted through an OU and lists, in stackInstanceSummaries, every instance
// under that OU (terraform-provider-aws stack_set_instance.go, resourceStackSetInstanceRead): the
// one of this account is picked by its account ID.
func (n *Network) StackID() pulumi.StringOutput {
	return pulumi.All(n.Instance.StackInstanceSummaries, n.accountID).ApplyT(func(v []any) string {
		summaries, _ := v[0].([]cloudformation.StackSetInstanceStackInstanceSummary)
		for _, s := range summaries {
			if s.AccountId != nil && *s.AccountId == v[1].(string) && s.StackId != nil {
				return *s.StackId
			}
		}
		return ""
	}).(pulumi.StringOutput)
}

// AddNetwork deploys the workload's VPC as an instance of the network StackSet in its account, and
// associates its hub attachment with the prod or nonprod route table from the shared-services
// account.
func (w *Account) AddNetwork(args *NetworkArgs) error {
	cfg := w.args.Account.Workload.Network
	if cfg == nil {
		return fmt.Errorf("workload %s: no network configured", w.name)
	}
	if args == nil || args.StackSet == nil || args.Management == nil || args.RootID == nil || args.Region == "" {
		return fmt.Errorf("workload %s: network: the StackSet, Region, root ID and management provider are required", w.name)
	}
	if (args.Hub != nil || args.ResolverRuleID != nil) && len(args.Shares) == 0 {
		return fmt.Errorf("workload %s: network: the hub and the resolver rule need their RAM share associations to wait for", w.name)
	}
	if args.Hub != nil && (args.Hub.Shared == nil || args.Hub.TransitGatewayID == nil || args.Hub.RouteTableID == nil || args.Hub.SharedRouteTableID == nil) {
		return fmt.Errorf("workload %s: network: the hub needs its Transit Gateway, route tables and the shared-services provider", w.name)
	}
	subnets, err := SubnetCidrs(cfg.Cidr, cfg.SubnetPrefixLength, cfg.AvailabilityZones)
	if err != nil {
		return fmt.Errorf("workload %s: network: %w", w.name, err)
	}
	overrides := pulumi.StringMap{
		"WorkloadName":      pulumi.String(w.args.Account.Name),
		"VpcCidr":           pulumi.String(cfg.Cidr),
		"SubnetCidrs":       pulumi.String(strings.Join(subnets, ",")),
		"AvailabilityZones": pulumi.String(strconv.Itoa(cfg.AvailabilityZones)),
		"TransitGatewayId":  pulumi.String(""),
		"HubCidr":           pulumi.String(""),
		"ResolverRuleId":    pulumi.String(""),
	}
	if h := args.Hub; h != nil {
		overrides["TransitGatewayId"], overrides["HubCidr"] = h.TransitGatewayID, pulumi.String(h.HubCidr)
	}
	if args.ResolverRuleID != nil {
		overrides["ResolverRuleId"] = args.ResolverRuleID
	}
	// The stack creates the Transit Gateway attachment and the resolver rule association in the
	// workload account: both fail (InvalidTransitGatewayID.NotFound, a rule not found) until the
	// RAM share's resource and principal associations exist, and nothing else orders them
	// (hashicorp/terraform-provider-aws#10025: wait for aws_ram_principal_association and
	// aws_ram_resource_association before the attachment).
	opts := []pulumi.ResourceOption{pulumi.Provider(args.Management), pulumi.Parent(w)}
	if len(args.Shares) > 0 {
		opts = append(opts, pulumi.DependsOn(args.Shares))
	}
	instance, err := cloudformation.NewStackSetInstance(w.ctx, w.name+"-network", &cloudformation.StackSetInstanceArgs{
		StackSetName:         args.StackSet.Name,
		CallAs:               pulumi.String("SELF"),
		Region:               pulumi.String(args.Region),
		DeploymentTargets:    stackset.Account(args.RootID, w.AccountID),
		ParameterOverrides:   overrides,
		OperationPreferences: stackset.Operations(),
		// Removing the instance (the workload drops its network) keeps the VPC: networks are not
		// torn down by a config edit.
		RetainStack: pulumi.Bool(true),
	}, append(opts, stackset.InstanceOptions())...)
	if err != nil {
		return fmt.Errorf("workload %s: network: %w", w.name, err)
	}
	w.Network = &Network{Instance: instance, AttachmentID: pulumi.String("").ToStringOutput(), cidr: cfg.Cidr, accountID: w.AccountID}
	if args.Hub != nil && !args.Hub.Isolated {
		if err := w.joinHub(args.Hub); err != nil {
			return fmt.Errorf("workload %s: network: %w", w.name, err)
		}
	}
	return nil
}

// joinHub finds the attachment the stack created, as the hub's owner sees it, and associates it
// with the workload's route table and propagates its routes into the shared one. The hub accepts
// shared attachments automatically (pkg/sharedservices): an accepted attachment is in no route
// table and reaches nothing until these two resources exist.
func (w *Account) joinHub(h *HubArgs) error {
	// The lookup waits for the stack instance: the attachment exists once the stack does.
	owner := pulumi.All(w.Network.Instance.ID(), w.AccountID).ApplyT(func(v []any) string { return v[1].(string) }).(pulumi.StringOutput)
	attachment := ec2transitgateway.GetAttachmentOutput(w.ctx, ec2transitgateway.GetAttachmentOutputArgs{
		Filters: AttachmentFilters(h.TransitGatewayID, owner),
	}, pulumi.Provider(h.Shared), pulumi.Parent(w))
	id := attachment.TransitGatewayAttachmentId()
	in := []pulumi.ResourceOption{pulumi.Provider(h.Shared), pulumi.Parent(w)}
	// Moving a workload between prod and nonprod changes transit_gateway_route_table_id, which is
	// ForceNew, and Pulumi creates the replacement before deleting the old one; an attachment has
	// only one association, so the new AssociateTransitGatewayRouteTable would fail. With
	// replace_existing_association the provider first disassociates whatever table holds the
	// attachment, then associates; deleting the old resource afterwards meets
	// InvalidAssociation.NotFound, which the provider treats as done. The argument is Optional, not
	// ForceNew, with a no-op update: adding it to existing associations replaces nothing
	// (terraform-provider-aws internal/service/ec2/transitgateway_route_table_association.go).
	if _, err := ec2transitgateway.NewRouteTableAssociation(w.ctx, w.name+"-hub-association", &ec2transitgateway.RouteTableAssociationArgs{
		TransitGatewayAttachmentId: id,
		TransitGatewayRouteTableId: h.RouteTableID,
		ReplaceExistingAssociation: pulumi.Bool(true),
	}, in...); err != nil {
		return fmt.Errorf("hub association: %w", err)
	}
	if _, err := ec2transitgateway.NewRouteTablePropagation(w.ctx, w.name+"-hub-propagation", &ec2transitgateway.RouteTablePropagationArgs{
		TransitGatewayAttachmentId: id,
		TransitGatewayRouteTableId: h.SharedRouteTableID,
	}, in...); err != nil {
		return fmt.Errorf("hub propagation: %w", err)
	}
	w.Network.AttachmentID = id
	return nil
}

// AttachmentStates are the states in which the hub's owner finds a workload's attachment: once
// the stack exists it is available, but during a later update it may be modifying (a subnet added
// with a third AZ); a lookup limited to available would fail the run while the attachment is busy
// (EC2 API reference, DescribeTransitGatewayAttachments, filter "state"; TransitGatewayAttachmentState
// values). Not pendingAcceptance: the hub accepts shared attachments automatically, and an
// attachment not yet accepted cannot be associated, so matching one would only fail later.
var AttachmentStates = []string{"available", "modifying"}

// AttachmentFilters find one workload account's VPC attachment on the hub. They match one
// attachment only because a workload account has one VPC (workloads[].network, one stack
// instance per account); the data source fails on several matches, so a second VPC attached from
// the same account would stop the run, not pick one at random.
func AttachmentFilters(transitGatewayID, ownerAccountID pulumi.StringInput) ec2transitgateway.GetAttachmentFilterArray {
	return ec2transitgateway.GetAttachmentFilterArray{
		ec2transitgateway.GetAttachmentFilterArgs{Name: pulumi.String("transit-gateway-id"), Values: pulumi.StringArray{transitGatewayID}},
		ec2transitgateway.GetAttachmentFilterArgs{Name: pulumi.String("resource-owner-id"), Values: pulumi.StringArray{ownerAccountID}},
		ec2transitgateway.GetAttachmentFilterArgs{Name: pulumi.String("resource-type"), Values: pulumi.ToStringArray([]string{"vpc"})},
		ec2transitgateway.GetAttachmentFilterArgs{Name: pulumi.String("state"), Values: pulumi.ToStringArray(AttachmentStates)},
	}
}

// RouteTableFor is the hub route table a workload's attachment is associated with.
func RouteTableFor(w *config.Workload) string {
	if w.Environment == config.EnvProd {
		return "prod"
	}
	return "nonprod"
}
