package plan

import (
	"fmt"
	"hash/fnv"
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

	mu        sync.Mutex
	orgID     string
	resources []*Resource
	ids       map[string]string // id -> name, to refuse a collision rather than plan nonsense
}

// NewMocks returns mocks for a management account (a stable fake ID when none is configured).
func NewMocks(managementAccountID string) *Mocks {
	if managementAccountID == "" {
		managementAccountID = digits("management", 12)
	}
	return &Mocks{ManagementAccountID: managementAccountID, orgID: "o-" + alnum("organization", 10), ids: map[string]string{}}
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
		if prev, taken := m.ids[id]; taken {
			return "", nil, fmt.Errorf("mocks: %s and %s were given the same ID %s", prev, args.Name, id)
		}
		m.ids[id] = args.Name
	}
	r.ID = id
	r.state = state
	m.resources = append(m.resources, r)
	return id, state, nil
}

// respond fills the outputs AWS computes for a resource type and returns its ID.
func (m *Mocks) respond(args pulumi.MockResourceArgs, state resource.PropertyMap) (string, error) {
	name := args.Name
	mgmt := m.ManagementAccountID
	str := func(k, v string) { state[resource.PropertyKey(k)] = resource.NewProperty(v) }

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
		id := fmt.Sprintf("ou-%s-%s", alnum(m.orgID, 4), alnum(name, 8))
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
	}
	if args.ID != "" {
		return args.ID, nil
	}
	return name + "-" + alnum(args.TypeToken+name, 8), nil
}

// Call answers the provider functions the program may invoke.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	switch args.Token {
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.PropertyMap{
			"accountId": resource.NewProperty(m.ManagementAccountID),
			"arn":       resource.NewProperty(fmt.Sprintf("arn:aws:iam::%s:role/landing-zone-deployer", m.ManagementAccountID)),
			"userId":    resource.NewProperty("AROAEXAMPLE:landing-zone"),
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
