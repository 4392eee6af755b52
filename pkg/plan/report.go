package plan

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// Resource types the report reads the organization from.
const (
	OrganizationType = "aws:organizations/organization:Organization"
	OUType           = "aws:organizations/organizationalUnit:OrganizationalUnit"
	PolicyType       = "aws:organizations/policy:Policy"
	AttachmentType   = "aws:organizations/policyAttachment:PolicyAttachment"
	StackSetType     = "aws:cloudformation/stackSet:StackSet"
)

// Prerequisites are what must be done by hand, once, before the first `pulumi up` of this plan,
// because neither Pulumi nor the Terraform AWS provider it is generated from has a resource for it.
// Each item is one line: what to run, from where, and why. Add an item here when a resource the plan
// contains needs such a step.
func (p *Plan) Prerequisites() []string {
	var items []string
	// Enabling the member.org.stacksets.cloudformation.amazonaws.com principal in Organizations does
	// not activate trusted access on CloudFormation's side: a SERVICE_MANAGED StackSet then fails with
	// "You must enable organizations access to operate a service managed stack set". The API is
	// CloudFormation ActivateOrganizationsAccess; pulumi-aws v6 (and the Terraform AWS provider) has
	// no resource for it (AWS CloudFormation user guide, stacksets-orgs-activate-trusted-access.html).
	for _, r := range p.Find(StackSetType) {
		if r.Input("permissionModel") == "SERVICE_MANAGED" {
			items = append(items, "aws cloudformation activate-organizations-access  (once, with management-account administrator credentials: "+
				"activates CloudFormation StackSets trusted access, which the service-managed StackSet "+r.Input("name")+" needs)")
			break
		}
	}
	// Adopting: what the program declares once per account and Region collides with what an
	// existing organization may already run. GuardDuty allows one detector per account and Region
	// (CreateDetector fails when one exists) and AWS Config one configuration recorder and one
	// delivery channel (MaxNumberOfConfigurationRecordersExceededException), in the management
	// account (declared here) and in adopted accounts (the Config StackSet).
	for _, r := range p.Find(OrganizationType) {
		if r.ImportID != "" {
			items = append(items, "adopting "+r.ImportID+": in the management account and in every adopted account, in each governed Region, no GuardDuty detector "+
				"(aws guardduty list-detectors) and no AWS Config recorder or delivery channel (aws configservice describe-configuration-recorders, "+
				"describe-delivery-channels) may exist: the landing zone creates its own. Delete them first, or import them into the stack by hand (pulumi import); "+
				"an adopted member account may instead keep its Config recorder and channel: list it in adopt.keepConfigRecording")
		}
	}
	return append(items, p.identityPrerequisites()...)
}

// Tree is the organization as the plan's resource graph describes it: the root, OUs and accounts,
// with the policies attached to each. It is read from the registered resources, not from the
// configuration, so it shows what the program actually builds.
type Tree struct {
	OrganizationID string
	Root           *Node
}

// Node is the root, an OU or an account.
type Node struct {
	ID       string
	Name     string
	Key      string // account key, for accounts
	Account  bool
	Imported bool                // adopted from AWS: its ID is real, not a placeholder
	Policies map[string][]string // policy type -> policy names attached here
	Children []*Node
}

// Tree builds the organization tree from the graph; nil when the plan has no organization.
func (p *Plan) Tree() *Tree {
	orgs := p.Find(OrganizationType)
	if len(orgs) != 1 {
		return nil
	}
	org := orgs[0]
	rootID := ""
	if roots, ok := org.state["roots"]; ok && roots.IsArray() && len(roots.ArrayValue()) > 0 {
		rootID = roots.ArrayValue()[0].ObjectValue()["id"].StringValue()
	}
	nodes := map[string]*Node{rootID: {ID: rootID, Name: "Root", Policies: map[string][]string{}}}
	parents := map[string]string{}
	for _, r := range p.Find(OUType) {
		nodes[r.ID] = &Node{ID: r.ID, Name: r.Input("name"), Policies: map[string][]string{}}
		parents[r.ID] = r.Input("parentId")
	}
	for _, r := range p.Find(AccountType) {
		nodes[r.ID] = &Node{ID: r.ID, Name: r.Input("name"), Key: r.Name, Account: true, Imported: r.ImportID != "", Policies: map[string][]string{}}
		parents[r.ID] = r.Input("parentId")
	}
	for id, parent := range parents {
		if n, ok := nodes[parent]; ok {
			n.Children = append(n.Children, nodes[id])
		}
	}
	policies := map[string]*Resource{}
	for _, r := range p.Find(PolicyType) {
		policies[r.ID] = r
	}
	for _, a := range p.Find(AttachmentType) {
		pol, target := policies[a.Input("policyId")], nodes[a.Input("targetId")]
		if pol != nil && target != nil {
			target.Policies[pol.Input("type")] = append(target.Policies[pol.Input("type")], pol.Input("name"))
		}
	}
	for _, n := range nodes {
		sort.Slice(n.Children, func(i, j int) bool {
			a, b := n.Children[i], n.Children[j]
			if a.Account != b.Account {
				return !a.Account // OUs before accounts
			}
			return a.Name < b.Name
		})
		for _, names := range n.Policies {
			sort.Strings(names)
		}
	}
	return &Tree{OrganizationID: org.ID, Root: nodes[rootID]}
}

// Find returns the node with a name (OU or account name) anywhere in the tree, or nil.
func (n *Node) Find(name string) *Node {
	if n.Name == name {
		return n
	}
	for _, c := range n.Children {
		if f := c.Find(name); f != nil {
			return f
		}
	}
	return nil
}

// Report writes the plan for a person: the tree with its guardrails, then the counts.
func (p *Plan) Report(w io.Writer) {
	fmt.Fprintf(w, "Plan for stack %q (offline: mock engine, no AWS call)\n\n", p.Stack)
	if len(p.Warnings) > 0 {
		fmt.Fprintln(w, "Warnings")
		for _, warning := range p.Warnings {
			fmt.Fprintf(w, "  - %s\n", warning)
		}
		fmt.Fprintln(w)
	}
	if t := p.Tree(); t != nil {
		fmt.Fprintf(w, "Organization %s: OUs, accounts and the guardrails attached to each\n", t.OrganizationID)
		printNode(w, t.Root, "", "")
		fmt.Fprintln(w, "  (FullAWSAccess is attached by AWS to the root, every OU and every account, and counts toward the SCP limit.)")
		fmt.Fprintln(w)
	}

	if items := p.Prerequisites(); len(items) > 0 {
		fmt.Fprintln(w, "Prerequisites (before the first `pulumi up`; no resource can do them):")
		for _, item := range items {
			fmt.Fprintf(w, "  - %s\n", item)
		}
		fmt.Fprintln(w)
	}

	p.reportTrails(w)
	p.reportSharedServices(w)
	p.reportWorkloads(w)
	p.reportMemberAccounts(w)
	p.reportIdentity(w)
	p.reportReview(w)

	s := p.Summary
	fmt.Fprintf(w, "Resources: %d   member accounts: %d   provider instances: %d   resources inside workload accounts: %d   account creation waves: %d\n\n",
		s.Resources, s.Accounts, s.Providers, s.WorkloadAccountResources, s.AccountWaves)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tCOUNT")
	for _, t := range slices.Sorted(maps.Keys(s.ByType)) {
		fmt.Fprintf(tw, "%s\t%d\n", t, s.ByType[t])
	}
	_ = tw.Flush()
	fmt.Fprintln(w)

	byAccountRegion := map[[2]string]int{}
	for _, r := range p.Resources {
		if r.Provider != nil {
			byAccountRegion[[2]string{r.Provider.Account, r.Provider.Region}]++
		}
	}
	keys := make([][2]string, 0, len(byAccountRegion))
	for k := range byAccountRegion {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	fmt.Fprintln(tw, "ACCOUNT\tREGION\tRESOURCES")
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", k[0], k[1], byAccountRegion[k])
	}
	_ = tw.Flush()
}

// reportTrails shows each trail and where it writes: what an auditor asks first.
func (p *Plan) reportTrails(w io.Writer) {
	trails := p.Find("aws:cloudtrail/trail:Trail")
	for _, t := range trails {
		var traits []string
		for _, f := range []struct{ input, label string }{
			{"isOrganizationTrail", "organization"}, {"isMultiRegionTrail", "multi-Region"},
			{"includeGlobalServiceEvents", "global events"}, {"enableLogFileValidation", "log file validation"},
		} {
			if t.Inputs[f.input] == true {
				traits = append(traits, f.label)
			}
		}
		if t.Input("kmsKeyId") != "" {
			traits = append(traits, "KMS-encrypted")
		}
		if t.Input("cloudWatchLogsGroupArn") != "" {
			traits = append(traits, "CloudWatch Logs")
		}
		if sel, ok := t.Inputs["advancedEventSelectors"].([]any); ok && len(sel) > 1 {
			traits = append(traits, "S3 data events")
		}
		where := ""
		if t.Provider != nil {
			where = fmt.Sprintf(" in %s/%s", t.Provider.Account, t.Provider.Region)
		}
		fmt.Fprintf(w, "Trail %s%s: %s\n  -> s3://%s\n", t.Input("name"), where, strings.Join(traits, ", "), t.Input("s3BucketName"))
	}
	if len(trails) > 0 {
		fmt.Fprintln(w)
	}
}

// reportMemberAccounts lists what the program builds inside member accounts (not from the
// management account), by account and type.
func (p *Plan) reportMemberAccounts(w io.Writer) {
	byAccount := map[string]map[string]int{}
	for _, r := range p.Resources {
		if r.Provider == nil || r.Provider.Account == config.KeyManagement {
			continue
		}
		if byAccount[r.Provider.Account] == nil {
			byAccount[r.Provider.Account] = map[string]int{}
		}
		byAccount[r.Provider.Account][r.Type]++
	}
	if len(byAccount) == 0 {
		return
	}
	fmt.Fprintln(w, "Inside member accounts:")
	for _, account := range slices.Sorted(maps.Keys(byAccount)) {
		var parts []string
		for _, typ := range slices.Sorted(maps.Keys(byAccount[account])) {
			parts = append(parts, fmt.Sprintf("%d %s", byAccount[account][typ], shortType(typ)))
		}
		fmt.Fprintf(w, "  %s: %s\n", account, strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
}

// shortType turns "aws:s3/bucketV2:BucketV2" into "s3 BucketV2".
func shortType(typ string) string {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 {
		return typ
	}
	module, _, _ := strings.Cut(parts[1], "/")
	return module + " " + parts[2]
}

func printNode(w io.Writer, n *Node, prefix, childPrefix string) {
	label := n.Name
	if n.Account {
		id := n.ID + " (placeholder)"
		if n.Imported {
			id = n.ID + " (imported)"
		}
		label = fmt.Sprintf("%s  [account %s, %s]", n.Name, n.Key, id)
	}
	var guards []string
	if scps := n.Policies["SERVICE_CONTROL_POLICY"]; len(scps) > 0 {
		guards = append(guards, fmt.Sprintf("SCPs: FullAWSAccess, %s (%d)", strings.Join(scps, ", "), len(scps)+1))
	}
	if tags := n.Policies["TAG_POLICY"]; len(tags) > 0 {
		guards = append(guards, "tag policy: "+strings.Join(tags, ", "))
	}
	if ai := n.Policies["AISERVICES_OPT_OUT_POLICY"]; len(ai) > 0 {
		guards = append(guards, "AI opt-out: "+strings.Join(ai, ", "))
	}
	if ec2 := n.Policies["DECLARATIVE_POLICY_EC2"]; len(ec2) > 0 {
		guards = append(guards, "EC2 declarative: "+strings.Join(ec2, ", "))
	}
	if len(guards) > 0 {
		label += "  <- " + strings.Join(guards, "; ")
	}
	fmt.Fprintf(w, "%s%s\n", prefix, label)
	for i, c := range n.Children {
		if i == len(n.Children)-1 {
			printNode(w, c, childPrefix+"└── ", childPrefix+"    ")
		} else {
			printNode(w, c, childPrefix+"├── ", childPrefix+"│   ")
		}
	}
}
