package plan

import (
	"fmt"
	"hash/fnv"
	"net/netip"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Mocks stands in for AWS under Pulumi's mock engine. It answers every registration with the IDs and
// ARNs AWS would give (deterministic, derived from the resource's name, so plans and golden files are
// stable), and records every registration for the plan.
type Mocks struct {
	// ManagementAccountID is the account the management credentials belong to.
	ManagementAccountID string
	// Live is the organization the management credentials see today, for the program's reads of an
	// organization it adopts (nil: no organization).
	Live *LiveOrganization

	mu        sync.Mutex
	orgID     string
	resources []*Resource
	ids       map[string]string    // type::account::region::id -> name: a collision is refused, not planned
	providers map[string][2]string // "urn::id" of a provider -> its account ID and Region
	subnets   map[string]string    // subnet ID -> CIDR block, for the addresses AWS gives inside it
}

// NewMocks returns mocks for a management account (a stable fake ID when none is configured).
func NewMocks(managementAccountID string) *Mocks {
	if managementAccountID == "" {
		managementAccountID = digits("management", 12)
	}
	return &Mocks{ManagementAccountID: managementAccountID, orgID: "o-" + alnum("organization", 10), ids: map[string]string{}, providers: map[string][2]string{}, subnets: map[string]string{}}
}

// Resources returns what was registered, in registration order.
func (m *Mocks) Resources() []*Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]*Resource(nil), m.resources...)
}

// NewResource records a registration and returns the ID and state AWS would.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()

	r := record(args)
	state := args.Inputs.Copy()
	id := ""
	if args.Custom {
		var err error
		id, err = m.respond(args, state)
		if err != nil {
			return "", nil, err
		}
		// IDs are unique per type, account and Region (a bucket and its versioning share the
		// bucket's name, and a rule has the same name in every Region, as in AWS).
		where := m.providers[args.Provider]
		key := strings.Join([]string{args.TypeToken, where[0], where[1], id}, "::")
		if prev, taken := m.ids[key]; taken {
			return "", nil, fmt.Errorf("mocks: %s and %s were given the same ID %s", prev, args.Name, id)
		}
		m.ids[key] = args.Name
	}
	r.ID = id
	r.state = state
	if args.TypeToken == ProviderType {
		accountID := m.ManagementAccountID
		if role := providerRoleArn(r); role != "" {
			if parts := strings.Split(role, ":"); len(parts) > 4 {
				accountID = parts[4]
			}
		}
		m.providers[r.URN+"::"+id] = [2]string{accountID, r.Input("region")}
	}
	m.resources = append(m.resources, r)
	return id, state, nil
}

// respond fills the outputs AWS computes for a resource type and returns its ID.
func (m *Mocks) respond(args pulumi.MockResourceArgs, state resource.PropertyMap) (string, error) {
	name := args.Name
	mgmt := m.ManagementAccountID
	str := func(k, v string) { state[resource.PropertyKey(k)] = resource.NewProperty(v) }
	input := func(k string) string {
		if v, ok := state[resource.PropertyKey(k)]; ok && v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	where := m.providers[args.Provider]
	acct, region := where[0], where[1]

	switch args.TypeToken {
	case "pulumi:providers:aws":
		return "provider-" + alnum(name, 12), nil
	case "aws:organizations/organization:Organization":
		if args.ID != "" {
			m.orgID = args.ID
		}
		rootID := "r-" + alnum(m.orgID, 4)
		str("arn", fmt.Sprintf("arn:aws:organizations::%s:organization/%s", mgmt, m.orgID))
		str("masterAccountId", mgmt)
		str("masterAccountArn", fmt.Sprintf("arn:aws:organizations::%s:account/%s/%s", mgmt, m.orgID, mgmt))
		state["roots"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
			"id":   resource.NewProperty(rootID),
			"name": resource.NewProperty("Root"),
			"arn":  resource.NewProperty(fmt.Sprintf("arn:aws:organizations::%s:root/%s/%s", mgmt, m.orgID, rootID)),
		})})
		return m.orgID, nil
	case "aws:organizations/organizationalUnit:OrganizationalUnit":
		id := args.ID
		if id == "" {
			id = fmt.Sprintf("ou-%s-%s", alnum(m.orgID, 4), alnum(name, 8))
		}
		str("arn", fmt.Sprintf("arn:aws:organizations::%s:ou/%s/%s", mgmt, m.orgID, id))
		return id, nil
	case "aws:organizations/account:Account":
		id := args.ID
		if id == "" {
			id = digits(name, 12)
		}
		str("arn", fmt.Sprintf("arn:aws:organizations::%s:account/%s/%s", mgmt, m.orgID, id))
		str("status", "ACTIVE")
		return id, nil
	case "aws:organizations/policy:Policy":
		id := "p-" + alnum(name, 8)
		typ := strings.ToLower(state["type"].StringValue())
		str("arn", fmt.Sprintf("arn:aws:organizations::%s:policy/%s/%s/%s", mgmt, m.orgID, typ, id))
		return id, nil
	case "aws:organizations/policyAttachment:PolicyAttachment":
		return state["targetId"].StringValue() + ":" + state["policyId"].StringValue(), nil
	case "aws:kms/key:Key":
		id := uuid(acct + region + name)
		str("arn", fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", region, acct, id))
		str("keyId", id)
		return id, nil
	case "aws:kms/alias:Alias":
		str("arn", fmt.Sprintf("arn:aws:kms:%s:%s:%s", region, acct, input("name")))
		return input("name"), nil
	case "aws:s3/bucketV2:BucketV2":
		bucket := input("bucket")
		if bucket == "" {
			bucket = name + "-" + alnum(name, 7)
			str("bucket", bucket)
		}
		str("arn", "arn:aws:s3:::"+bucket)
		str("bucketDomainName", bucket+".s3.amazonaws.com")
		str("bucketRegionalDomainName", fmt.Sprintf("%s.s3.%s.amazonaws.com", bucket, region))
		str("region", region)
		return bucket, nil
	case "aws:cloudtrail/trail:Trail":
		arn := fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", region, acct, input("name"))
		str("arn", arn)
		str("homeRegion", region)
		return arn, nil
	case "aws:cloudwatch/logGroup:LogGroup":
		str("arn", fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", region, acct, input("name")))
		return input("name"), nil
	case "aws:sns/topic:Topic":
		arn := fmt.Sprintf("arn:aws:sns:%s:%s:%s", region, acct, input("name"))
		str("arn", arn)
		return arn, nil
	case "aws:securityhub/findingAggregator:FindingAggregator":
		return fmt.Sprintf("arn:aws:securityhub:%s:%s:finding-aggregator/%s", region, acct, uuid(acct+region+name)), nil
	case "aws:securityhub/configurationPolicy:ConfigurationPolicy":
		id := uuid(acct + region + name)
		str("arn", fmt.Sprintf("arn:aws:securityhub:%s:%s:configuration-policy/%s", region, acct, id))
		return id, nil
	case "aws:cfg/configurationAggregator:ConfigurationAggregator":
		str("arn", fmt.Sprintf("arn:aws:config:%s:%s:config-aggregator/config-aggregator-%s", region, acct, alnum(name, 8)))
		return input("name"), nil
	case "aws:accessanalyzer/analyzer:Analyzer":
		str("arn", fmt.Sprintf("arn:aws:access-analyzer:%s:%s:analyzer/%s", region, acct, input("analyzerName")))
		return input("analyzerName"), nil
	case "aws:guardduty/detector:Detector":
		id := strings.ReplaceAll(uuid(acct+region+name), "-", "")
		str("arn", fmt.Sprintf("arn:aws:guardduty:%s:%s:detector/%s", region, acct, id))
		return id, nil
	case "aws:detective/graph:Graph":
		arn := fmt.Sprintf("arn:aws:detective:%s:%s:graph:%s", region, acct, strings.ReplaceAll(uuid(acct+region+name), "-", ""))
		str("graphArn", arn)
		return arn, nil
	case "aws:cloudformation/stackSet:StackSet":
		str("arn", fmt.Sprintf("arn:aws:cloudformation:%s:%s:stackset/%s:%s", region, acct, input("name"), uuid(name)))
		str("stackSetId", input("name")+":"+uuid(name))
		return input("name"), nil
	case "aws:cloudformation/stackSetInstance:StackSetInstance":
		// The provider reads an instance targeted through an OU into stackInstanceSummaries, one per
		// account (stackId stays empty): an instance narrowed to one account lists that account's
		// stack (terraform-provider-aws stack_set_instance.go, resourceStackSetInstanceRead).
		if t := state["deploymentTargets"]; t.IsObject() {
			if accounts := t.ObjectValue()["accounts"]; accounts.IsArray() && len(accounts.ArrayValue()) == 1 && accounts.ArrayValue()[0].IsString() {
				account := accounts.ArrayValue()[0].StringValue()
				stack := fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/StackSet-%s-%s/%s", input("region"), account, input("stackSetName"), uuid(name)[:8], uuid(account+name))
				state["stackInstanceSummaries"] = resource.NewArrayProperty([]resource.PropertyValue{resource.NewObjectProperty(resource.PropertyMap{
					"accountId": resource.NewProperty(account), "stackId": resource.NewProperty(stack),
				})})
			}
		}
	case "aws:cloudwatch/eventRule:EventRule":
		str("arn", fmt.Sprintf("arn:aws:events:%s:%s:rule/%s", region, acct, input("name")))
		return input("name"), nil
	case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
		arn := fmt.Sprintf("arn:aws:iam::%s:oidc-provider/%s", acct, strings.TrimPrefix(input("url"), "https://"))
		str("arn", arn)
		return arn, nil
	case "aws:ec2/vpc:Vpc":
		id := "vpc-" + hex(acct+region+name, 17)
		str("arn", fmt.Sprintf("arn:aws:ec2:%s:%s:vpc/%s", region, acct, id))
		str("defaultSecurityGroupId", "sg-"+hex(id+"default", 17))
		return id, nil
	case "aws:ec2/subnet:Subnet":
		id := "subnet-" + hex(acct+region+name, 17)
		str("arn", fmt.Sprintf("arn:aws:ec2:%s:%s:subnet/%s", region, acct, id))
		m.subnets[id] = input("cidrBlock")
		return id, nil
	case "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
		id := "sg-" + hex(acct+region+name, 17)
		str("arn", fmt.Sprintf("arn:aws:ec2:%s:%s:security-group/%s", region, acct, id))
		return id, nil
	case "aws:directoryservice/directory:Directory":
		// AWS gives each domain controller an address inside its subnet.
		var ips []string
		if vpc, ok := state["vpcSettings"]; ok && vpc.IsObject() {
			if ids, ok := vpc.ObjectValue()["subnetIds"]; ok && ids.IsArray() {
				for _, id := range ids.ArrayValue() {
					if id.IsString() {
						if ip := hostIn(m.subnets[id.StringValue()], 10); ip != "" {
							ips = append(ips, ip)
						}
					}
				}
			}
		}
		state["dnsIpAddresses"] = stringList(ips)
		id := "d-" + hex(acct+region+name, 10)
		str("securityGroupId", "sg-"+hex(id, 17))
		str("accessUrl", id+".awsapps.com")
		return id, nil
	case "aws:directoryservice/sharedDirectory:SharedDirectory":
		id := "d-" + hex(acct+region+name+"shared", 10)
		str("sharedDirectoryId", id)
		return input("directoryId") + "/" + id, nil
	case "aws:route53/resolverEndpoint:ResolverEndpoint":
		id := "rslvr-out-" + hex(acct+region+name, 17)
		str("arn", fmt.Sprintf("arn:aws:route53resolver:%s:%s:resolver-endpoint/%s", region, acct, id))
		return id, nil
	case "aws:route53/resolverRule:ResolverRule":
		id := "rslvr-rr-" + hex(acct+region+name, 17)
		str("arn", fmt.Sprintf("arn:aws:route53resolver:%s:%s:resolver-rule/%s", region, acct, id))
		str("ownerId", acct)
		return id, nil
	case "aws:ram/resourceShare:ResourceShare":
		arn := fmt.Sprintf("arn:aws:ram:%s:%s:resource-share/%s", region, acct, uuid(acct+region+name))
		str("arn", arn)
		return arn, nil
	case "aws:ec2transitgateway/transitGateway:TransitGateway":
		id := "tgw-" + hex(acct+region+name, 17)
		str("arn", fmt.Sprintf("arn:aws:ec2:%s:%s:transit-gateway/%s", region, acct, id))
		str("ownerId", acct)
		return id, nil
	case "aws:ec2transitgateway/routeTable:RouteTable":
		return "tgw-rtb-" + hex(acct+region+name, 17), nil
	case "aws:ec2transitgateway/vpcAttachment:VpcAttachment":
		return "tgw-attach-" + hex(acct+region+name, 17), nil
	case "aws:secretsmanager/secret:Secret":
		arn := fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s-%s", region, acct, input("name"), alnum(name, 6))
		str("arn", arn)
		return arn, nil
	// IAM Identity Center: ARNs have no Region or account (arn:aws:sso:::permissionSet/<instance>/ps-
	// <16>), and the Terraform AWS provider's IDs join the identifying arguments with commas.
	case "aws:ssoadmin/permissionSet:PermissionSet":
		instance := strings.TrimPrefix(input("instanceArn"), "arn:aws:sso:::instance/")
		arn := fmt.Sprintf("arn:aws:sso:::permissionSet/%s/ps-%s", instance, hexDigits(name, 16))
		str("arn", arn)
		str("createdDate", "2026-01-01T00:00:00Z")
		return arn + "," + input("instanceArn"), nil
	case "aws:ssoadmin/accountAssignment:AccountAssignment":
		return strings.Join([]string{input("principalId"), input("principalType"), input("targetId"), input("targetType"), input("permissionSetArn"), input("instanceArn")}, ","), nil
	case "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment":
		str("managedPolicyName", input("managedPolicyArn")[strings.LastIndex(input("managedPolicyArn"), "/")+1:])
		return strings.Join([]string{input("managedPolicyArn"), input("permissionSetArn"), input("instanceArn")}, ","), nil
	case "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment":
		return input("permissionSetArn") + "," + input("instanceArn"), nil
	case "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment":
		ref := state["customerManagedPolicyReference"].ObjectValue()
		return strings.Join([]string{ref["name"].StringValue(), ref["path"].StringValue(), input("permissionSetArn"), input("instanceArn")}, ","), nil
	case "aws:organizations/delegatedAdministrator:DelegatedAdministrator":
		return input("accountId") + ":" + input("servicePrincipal"), nil
	case "aws:iam/role:Role":
		str("arn", fmt.Sprintf("arn:aws:iam::%s:role%s%s", acct, pathOr(input("path")), input("name")))
		str("uniqueId", "AROA"+strings.ToUpper(alnum(name, 17)))
		return input("name"), nil
	}
	// Resources configuring a bucket take the bucket's name as their ID, as AWS does.
	if strings.HasPrefix(args.TypeToken, "aws:s3/") && input("bucket") != "" {
		return input("bucket"), nil
	}
	if args.ID != "" {
		return args.ID, nil
	}
	id := name + "-" + alnum(args.TypeToken+name, 8)
	if _, has := state["arn"]; !has && acct != "" {
		service := strings.SplitN(strings.TrimPrefix(args.TypeToken, "aws:"), "/", 2)[0]
		str("arn", fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, acct, id))
	}
	return id, nil
}

func pathOr(path string) string {
	if path == "" {
		return "/"
	}
	return path
}

// hex returns n lowercase hexadecimal digits derived from s (EC2 and Directory Service IDs look like this).
func hex(s string, n int) string {
	h := alnum(s, n)
	out := make([]byte, n)
	for i := range h {
		out[i] = "0123456789abcdef"[h[i]%16]
	}
	return string(out)
}

// hostIn returns the nth address of an IPv4 block, or "" when the block is unknown.
func hostIn(cidr string, n int) string {
	prefix, err := netip.ParsePrefix(cidr)
	if err != nil || !prefix.Addr().Is4() {
		return ""
	}
	a := prefix.Masked().Addr().As4()
	a[3] += byte(n)
	return netip.AddrFrom4(a).String()
}

// uuid returns a UUID-shaped string derived from s (KMS key IDs look like this).
func uuid(s string) string {
	h := alnum(s, 32)
	hex := make([]byte, 32)
	for i := range h {
		hex[i] = "0123456789abcdef"[h[i]%16]
	}
	return fmt.Sprintf("%s-%s-%s-%s-%s", hex[0:8], hex[8:12], hex[12:16], hex[16:20], hex[20:32])
}

// hexDigits returns n lowercase hexadecimal digits derived from s.
func hexDigits(s string, n int) string {
	h := alnum(s, n)
	out := make([]byte, n)
	for i := range h {
		out[i] = "0123456789abcdef"[h[i]%16]
	}
	return string(out)
}

// LiveOrganization is an existing organization, as the Organizations API would describe it.
type LiveOrganization struct {
	ID, FeatureSet  string
	TrustedServices []string
	PolicyTypes     []string
	// OUs maps a parent ID (root or OU) to the OUs under it.
	OUs map[string][]LiveOU
}

// LiveOU is an existing OU.
type LiveOU struct{ ID, Name string }

// RootID is the live organization's root ID, as the mocks derive it for an organization.
func (l *LiveOrganization) RootID() string { return "r-" + alnum(l.ID, 4) }

func stringList(values []string) resource.PropertyValue {
	out := make([]resource.PropertyValue, len(values))
	for i, v := range values {
		out[i] = resource.NewProperty(v)
	}
	return resource.NewProperty(out)
}

// Call answers the provider functions the program may invoke.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	switch args.Token {
	case "aws:organizations/getOrganization:getOrganization":
		if m.Live == nil {
			return nil, fmt.Errorf("AWSOrganizationsNotInUseException: your account is not a member of an organization")
		}
		return resource.PropertyMap{
			"id":                         resource.NewProperty(m.Live.ID),
			"featureSet":                 resource.NewProperty(m.Live.FeatureSet),
			"masterAccountId":            resource.NewProperty(m.ManagementAccountID),
			"awsServiceAccessPrincipals": stringList(m.Live.TrustedServices),
			"enabledPolicyTypes":         stringList(m.Live.PolicyTypes),
			"roots": resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
				"id": resource.NewProperty(m.Live.RootID()), "name": resource.NewProperty("Root"),
			})}),
		}, nil
	case "aws:organizations/getOrganizationalUnits:getOrganizationalUnits":
		parent := args.Args["parentId"].StringValue()
		children := []resource.PropertyValue{}
		if m.Live != nil {
			for _, ou := range m.Live.OUs[parent] {
				children = append(children, resource.NewProperty(resource.PropertyMap{
					"id": resource.NewProperty(ou.ID), "name": resource.NewProperty(ou.Name),
				}))
			}
		}
		return resource.PropertyMap{"id": resource.NewProperty(parent), "parentId": resource.NewProperty(parent), "children": resource.NewProperty(children)}, nil
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.PropertyMap{
			"accountId": resource.NewProperty(m.ManagementAccountID),
			"arn":       resource.NewProperty(fmt.Sprintf("arn:aws:iam::%s:role/landing-zone-deployer", m.ManagementAccountID)),
			"userId":    resource.NewProperty("AROAEXAMPLE:landing-zone"),
		}, nil
	case "aws:index/getAvailabilityZones:getAvailabilityZones":
		m.mu.Lock()
		region := m.providers[args.Provider][1]
		m.mu.Unlock()
		names, ids := []string{}, []string{}
		for i, suffix := range []string{"a", "b", "c"} {
			names = append(names, region+suffix)
			ids = append(ids, fmt.Sprintf("%s-az%d", alnum(region, 4), i+1))
		}
		return resource.PropertyMap{"id": resource.NewProperty(region), "names": stringList(names), "zoneIds": stringList(ids)}, nil
	case "aws:secretsmanager/getRandomPassword:getRandomPassword":
		// A stand-in with every character class AWS would include.
		return resource.PropertyMap{"id": resource.NewProperty("random"), "randomPassword": resource.NewProperty("Mock-" + alnum(args.Provider, 20) + "-Pw1")}, nil
	case "aws:ssoadmin/getInstances:getInstances":
		// The organization's one Identity Center instance, seen from the management account or the
		// delegated administrator.
		return resource.PropertyMap{
			"id":               resource.NewProperty("aws"),
			"arns":             stringList([]string{"arn:aws:sso:::instance/ssoins-" + hexDigits(m.orgID, 16)}),
			"identityStoreIds": stringList([]string{"d-" + hexDigits(m.orgID, 10)}),
		}, nil
	case "aws:identitystore/getGroup:getGroup":
		store := args.Args["identityStoreId"].StringValue()
		name := args.Args["alternateIdentifier"].ObjectValue()["uniqueAttribute"].ObjectValue()["attributeValue"].StringValue()
		id := uuid(store + name)
		return resource.PropertyMap{
			"id": resource.NewProperty(id), "groupId": resource.NewProperty(id), "identityStoreId": resource.NewProperty(store),
			"displayName": resource.NewProperty(name),
		}, nil
	case "aws:ec2/getVpcs:getVpcs":
		// Every Region of an account starts with a default VPC (the account baseline closes its
		// default security group).
		m.mu.Lock()
		p := m.providers[args.Provider]
		m.mu.Unlock()
		id := "vpc-" + hex(p[0]+p[1]+"default", 17)
		return resource.PropertyMap{"id": resource.NewProperty(p[1]), "ids": stringList([]string{id})}, nil
	case "aws:ec2transitgateway/getAttachment:getAttachment":
		// The hub owner's view of a workload VPC's attachment, found by its owner account.
		owner := ""
		for _, f := range args.Args["filters"].ArrayValue() {
			if f.ObjectValue()["name"].StringValue() == "resource-owner-id" {
				owner = f.ObjectValue()["values"].ArrayValue()[0].StringValue()
			}
		}
		id := "tgw-attach-" + hexDigits("attachment"+owner, 17)
		return resource.PropertyMap{
			"id": resource.NewProperty(id), "transitGatewayAttachmentId": resource.NewProperty(id),
			"resourceOwnerId": resource.NewProperty(owner), "resourceType": resource.NewProperty("vpc"), "state": resource.NewProperty("available"),
		}, nil
	case "aws:index/getPartition:getPartition":
		return resource.PropertyMap{"partition": resource.NewProperty("aws"), "dnsSuffix": resource.NewProperty("amazonaws.com")}, nil
	}
	return args.Args, nil
}

func hash(s string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(s))
	return h.Sum64()
}

// digits returns n decimal digits derived from s, not starting with 0 (as AWS account IDs look).
func digits(s string, n int) string {
	out := make([]byte, n)
	x := hash(s)
	for i := range out {
		if x == 0 {
			x = hash(string(out[:i]) + s)
		}
		out[i] = byte('0' + x%10)
		x /= 10
	}
	if out[0] == '0' {
		out[0] = '1'
	}
	return string(out)
}

// alnum returns n lowercase letters and digits derived from s.
func alnum(s string, n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789"
	out := make([]byte, n)
	x := hash(s)
	for i := range out {
		if x == 0 {
			x = hash(string(out[:i]) + s)
		}
		out[i] = chars[x%uint64(len(chars))]
		x /= uint64(len(chars))
	}
	return string(out)
}
