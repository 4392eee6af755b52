package sharedservices

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/directoryservice"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DNSPort is the only port the resolver endpoint may reach.
const DNSPort = 53

// resolver forwards the directory's domain to its domain controllers through an outbound endpoint,
// and shares the forwarding rule through RAM. A consumer VPC must still associate the shared rule
// (a resource in the consumer account, per VPC): that is the workload's VPC's business.
func (b *builder) resolver(net *vpc, dir *directoryservice.Directory) (*route53.ResolverRule, *shared, error) {
	a := b.args
	hosts := dir.DnsIpAddresses.ApplyT(func(ips []string) []string {
		out := make([]string, len(ips))
		for i, ip := range ips {
			out[i] = ip + "/32"
		}
		return out
	}).(pulumi.StringArrayOutput)
	egress := ec2.SecurityGroupEgressArray{}
	for _, proto := range []string{"udp", "tcp"} {
		egress = append(egress, ec2.SecurityGroupEgressArgs{
			Description: pulumi.Sprintf("DNS (%s) to the domain controllers", proto),
			Protocol:    pulumi.String(proto), FromPort: pulumi.Int(DNSPort), ToPort: pulumi.Int(DNSPort), CidrBlocks: hosts,
		})
	}
	// No ingress: an outbound endpoint only sends queries, and security groups are stateful.
	sg, err := ec2.NewSecurityGroup(b.ctx, b.name+"-resolver-sg", &ec2.SecurityGroupArgs{
		Name:        pulumi.Sprintf("%s-resolver-outbound", a.Prefix),
		Description: pulumi.String("Route 53 Resolver outbound endpoint: DNS to the directory only"),
		VpcId:       net.vpc.ID(),
		Egress:      egress,
	}, b.opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("security group: %w", err)
	}
	// An endpoint needs two IP addresses, best in two AZs (Route 53 Developer Guide, "Values that
	// you specify when you create or edit outbound endpoints").
	endpoint, err := route53.NewResolverEndpoint(b.ctx, b.name+"-resolver-outbound", &route53.ResolverEndpointArgs{
		Name:             pulumi.Sprintf("%s-directory-outbound", a.Prefix),
		Direction:        pulumi.String("OUTBOUND"),
		SecurityGroupIds: pulumi.StringArray{sg.ID()},
		IpAddresses: route53.ResolverEndpointIpAddressArray{
			route53.ResolverEndpointIpAddressArgs{SubnetId: net.private[0].ID()},
			route53.ResolverEndpointIpAddressArgs{SubnetId: net.private[1].ID()},
		},
	}, b.opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("outbound endpoint: %w", err)
	}
	targets := dir.DnsIpAddresses.ApplyT(func(ips []string) []route53.ResolverRuleTargetIp {
		out := make([]route53.ResolverRuleTargetIp, len(ips))
		port := DNSPort
		for i := range ips {
			out[i] = route53.ResolverRuleTargetIp{Ip: &ips[i], Port: &port}
		}
		return out
	}).(route53.ResolverRuleTargetIpArrayOutput)
	rule, err := route53.NewResolverRule(b.ctx, b.name+"-resolver-rule", &route53.ResolverRuleArgs{
		Name:               pulumi.Sprintf("%s-directory", a.Prefix),
		DomainName:         pulumi.String(a.Settings.Directory.DomainName),
		RuleType:           pulumi.String("FORWARD"),
		ResolverEndpointId: endpoint.ID(),
		TargetIps:          targets,
	}, b.opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("forwarding rule: %w", err)
	}
	if _, err := route53.NewResolverRuleAssociation(b.ctx, b.name+"-resolver-rule-shared-vpc", &route53.ResolverRuleAssociationArgs{
		ResolverRuleId: rule.ID(), VpcId: net.vpc.ID(),
	}, b.opts()...); err != nil {
		return nil, nil, fmt.Errorf("forwarding rule association: %w", err)
	}
	share, err := b.share("directory-dns", rule.Arn, a.Settings.Resolver.SharedWithOus)
	return rule, share, err
}
