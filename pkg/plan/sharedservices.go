package plan

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// reportSharedServices shows what the shared-services account offers and to whom: the VPC, the
// directory and the accounts it is shared with, the DNS rule and the hub, and who their RAM shares
// reach.
func (p *Plan) reportSharedServices(w io.Writer) {
	vpcs := p.Find("aws:ec2/vpc:Vpc")
	dirs := p.Find("aws:directoryservice/directory:Directory")
	if len(vpcs) == 0 && len(dirs) == 0 {
		return
	}
	where := ""
	if len(vpcs) > 0 && vpcs[0].Provider != nil {
		where = fmt.Sprintf(" in %s/%s", vpcs[0].Provider.Account, vpcs[0].Provider.Region)
	}
	fmt.Fprintf(w, "Shared services%s:\n", where)
	for _, v := range vpcs {
		var subnets []string
		for _, s := range p.Find("aws:ec2/subnet:Subnet") {
			if s.Input("vpcId") == v.ID {
				kind := "private"
				if strings.Contains(s.Name, "-public-") {
					kind = "public"
				}
				subnets = append(subnets, fmt.Sprintf("%s %s %s", kind, s.Input("availabilityZone"), s.Input("cidrBlock")))
			}
		}
		flow := "NO flow logs"
		for _, fl := range p.Find("aws:ec2/flowLog:FlowLog") {
			if fl.Input("vpcId") == v.ID {
				flow = "flow logs -> " + strings.Replace(fl.Input("logDestination"), "arn:aws:s3:::", "s3://", 1)
			}
		}
		fmt.Fprintf(w, "  VPC %s: subnets %s; %s\n", v.Input("cidrBlock"), strings.Join(subnets, ", "), flow)
	}
	for _, d := range dirs {
		var consumers []string
		for _, s := range p.Find("aws:directoryservice/sharedDirectoryAccepter:SharedDirectoryAccepter") {
			if s.Provider != nil {
				consumers = append(consumers, s.Provider.Account)
			}
		}
		with := "nobody"
		if len(consumers) > 0 {
			with = strings.Join(consumers, ", ") + " (handshake, accepted in each account)"
		}
		fmt.Fprintf(w, "  Directory %s (%s, AWS Managed Microsoft AD %s): shared with %s\n", d.Input("name"), d.Input("shortName"), d.Input("edition"), with)
	}
	for _, r := range p.Find("aws:route53/resolverRule:ResolverRule") {
		fmt.Fprintf(w, "  Resolver rule %s: forwards to the directory; shared with %s\n", r.Input("domainName"), p.sharedWith(r.URN))
	}
	for _, t := range p.Find("aws:ec2transitgateway/transitGateway:TransitGateway") {
		var tables []string
		for _, rt := range p.Find("aws:ec2transitgateway/routeTable:RouteTable") {
			tables = append(tables, rt.InputMap("tags")["Name"])
		}
		asn, _ := t.Inputs["amazonSideAsn"].(float64)
		fmt.Fprintf(w, "  Transit Gateway (ASN %.0f, auto-accept %s, default route table %s): route tables %s; shared with %s\n",
			asn, t.Input("autoAcceptSharedAttachments"), t.Input("defaultRouteTableAssociation"), strings.Join(tables, ", "), p.sharedWith(t.URN))
	}
	fmt.Fprintln(w)
}

// sharedWith names the RAM principals of the share that holds a resource: OUs by path.
func (p *Plan) sharedWith(resourceURN string) string {
	ouPaths := map[string]string{}
	for _, ou := range p.Find(OUType) {
		ouPaths[ou.ID] = ou.Name
	}
	byURN := map[string]*Resource{}
	for _, r := range p.Resources {
		byURN[r.URN] = r
	}
	var shares []string
	for _, a := range p.Find("aws:ram/resourceAssociation:ResourceAssociation") {
		if slices.Contains(a.DependsOn, resourceURN) {
			for _, d := range a.DependsOn {
				if r := byURN[d]; r != nil && r.Type == "aws:ram/resourceShare:ResourceShare" {
					shares = append(shares, r.URN)
				}
			}
		}
	}
	var principals []string
	for _, pa := range p.Find("aws:ram/principalAssociation:PrincipalAssociation") {
		for _, share := range shares {
			if !slices.Contains(pa.DependsOn, share) {
				continue
			}
			arn := pa.Input("principal")
			switch {
			case strings.Contains(arn, ":organization/"):
				principals = append(principals, "the whole organization")
			case strings.Contains(arn, ":ou/"):
				id := arn[strings.LastIndex(arn, "/")+1:]
				principals = append(principals, "OU "+ouPaths[id])
			default:
				principals = append(principals, arn)
			}
		}
	}
	if len(principals) == 0 {
		return "nobody"
	}
	return strings.Join(principals, ", ")
}
