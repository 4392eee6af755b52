package main

import (
	"encoding/json"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
	"github.com/landingzone/aws-landing-zone/pkg/sharedservices"
	"github.com/landingzone/aws-landing-zone/pkg/workload"
)

// checkWorkloads: every workload's OU matches its profile; every active sandbox is capped by a
// budget action that attaches the spend-cap SCP to that account and no other, and a suspended one
// has no budget, action or anomaly alert; every workload network is one stack instance of the one
// network StackSet, targeting its account alone, with a flow log to the central bucket; no two
// VPCs of the organization overlap; hub associations are made by the hub's owner in the table of
// the workload's environment; every cost tag is activated.
func checkWorkloads(t *testing.T, s synthesized) {
	t.Helper()
	paths := ouPaths(s.plan)
	accounts := map[string]*plan.Resource{}
	for _, r := range s.plan.Find(plan.AccountType) {
		accounts[r.Name] = r
	}
	actions := map[string]*plan.Resource{}
	for _, a := range s.plan.Find("aws:budgets/budgetAction:BudgetAction") {
		actions[strings.TrimSuffix(a.Name, "-spend-cap")] = a
	}
	capSCP := s.plan.Named(plan.PolicyType, "cost-allocation-sandbox-spend-cap")
	role := s.plan.Named("aws:iam/role:Role", "cost-allocation-budgets-role")
	instances := map[string]*plan.Resource{}
	for _, i := range s.plan.Find("aws:cloudformation/stackSetInstance:StackSetInstance") {
		if strings.Contains(i.URN, workload.TypeToken+"$") {
			instances[strings.TrimSuffix(i.Name, "-network")] = i
		}
	}
	networked := 0
	for _, a := range s.cfg.Accounts() {
		w := a.Workload
		if w == nil {
			continue
		}
		acct := accounts[a.Key]
		ou := paths[acct.Input("parentId")]
		switch {
		case !w.Active():
			if ou != config.OUSuspended {
				t.Errorf("suspended %s sits in %s", a.Key, ou)
			}
		case w.Profile == config.ProfileRegulated && !config.IsUnder(ou, config.OURegulated),
			w.Profile == config.ProfileSandbox && !config.IsUnder(ou, config.OUSandbox),
			w.Profile == config.ProfileStandard && (config.IsUnder(ou, config.OURegulated) || config.IsUnder(ou, config.OUSandbox)):
			t.Errorf("%s (%s profile) sits in %s", a.Key, w.Profile, ou)
		}
		if w.Profile == config.ProfileSandbox && acct.InputMap("tags")[config.TagExpiresOn] != w.ExpiresOn {
			t.Errorf("sandbox %s: ExpiresOn tag %q, want %q", a.Key, acct.InputMap("tags")[config.TagExpiresOn], w.ExpiresOn)
		}
		action := actions[a.Key]
		if capped := w.Profile == config.ProfileSandbox && w.Active(); capped != (action != nil) {
			t.Errorf("%s (%s, %s): budget action present = %v", a.Key, w.Profile, w.State, action != nil)
		} else if action != nil {
			checkSpendCap(t, a.Key, action, acct, capSCP, role)
		}
		if !w.Active() && s.plan.Named("aws:budgets/budget:Budget", a.Key+"-monthly") != nil {
			t.Errorf("suspended %s still has a budget", a.Key)
		}
		if w.Network == nil {
			if instances[a.Key] != nil {
				t.Errorf("%s has a network instance but asks for none", a.Key)
			}
			continue
		}
		networked++
		checkNetworkInstance(t, s, a, instances[a.Key], acct)
	}
	if sets := s.plan.Find("aws:cloudformation/stackSet:StackSet"); networked > 0 && !slices.ContainsFunc(sets, func(r *plan.Resource) bool { return r.Name == "workload-networks" }) {
		t.Errorf("%d networks but no workload network StackSet", networked)
	}
	checkNetworkStackSet(t, s)
	checkWorkloadVPCsDoNotOverlap(t, s)
	checkReturnRoutes(t, s)
	tags := map[string]bool{}
	for _, r := range s.plan.Find("aws:costexplorer/costAllocationTag:CostAllocationTag") {
		if r.Input("status") == "Active" {
			tags[r.Input("tagKey")] = true
		}
	}
	// Every cost tag is activated once the stack says AWS has billed them; until then none is (an
	// activation of an unbilled key fails the run) and the plan says so.
	activate := *s.cfg.ActivateCostAllocationTags
	for _, k := range config.CostTagKeys {
		if tags[k] != activate {
			t.Errorf("cost tag %s activated: %v, want %v (activateCostAllocationTags)", k, tags[k], activate)
		}
	}
	if !activate && !slices.ContainsFunc(s.cfg.Warnings(), func(w string) bool { return strings.HasPrefix(w, "activateCostAllocationTags: false") }) {
		t.Error("cost tags left inactive without a warning")
	}
}

func checkSpendCap(t *testing.T, key string, action, acct, scp, role *plan.Resource) {
	t.Helper()
	if scp == nil || role == nil {
		t.Fatalf("%s is capped but there is no spend-cap SCP or Budgets role", key)
	}
	def, _ := action.Inputs["definition"].(map[string]any)
	scpDef, _ := def["scpActionDefinition"].(map[string]any)
	threshold, _ := action.Inputs["actionThreshold"].(map[string]any)
	if action.Input("actionType") != "APPLY_SCP_POLICY" || action.Input("approvalModel") != "AUTOMATIC" || action.Input("notificationType") != "ACTUAL" ||
		threshold["actionThresholdType"] != "PERCENTAGE" || threshold["actionThresholdValue"] != float64(100) {
		t.Errorf("%s: budget action %v", key, action.Inputs)
	}
	if scpDef["policyId"] != scp.ID || !slices.Equal(scpDef["targetIds"].([]any), []any{acct.ID}) {
		t.Errorf("%s: the action attaches %v to %v, want %s to %s alone", key, scpDef["policyId"], scpDef["targetIds"], scp.ID, acct.ID)
	}
	if action.Input("executionRoleArn") != role.Output("arn") || action.Provider.Account != config.KeyManagement {
		t.Errorf("%s: action runs as %s through %+v", key, action.Input("executionRoleArn"), action.Provider)
	}
}

func checkNetworkInstance(t *testing.T, s synthesized, a config.Account, inst, acct *plan.Resource) {
	t.Helper()
	w := a.Workload
	if inst == nil {
		t.Errorf("%s asks for a network but has no stack instance", a.Key)
		return
	}
	targets, _ := inst.Inputs["deploymentTargets"].(map[string]any)
	if targets["accountFilterType"] != "INTERSECTION" || !slices.Equal(targets["accounts"].([]any), []any{acct.ID}) ||
		len(targets["organizationalUnitIds"].([]any)) != 1 {
		t.Errorf("%s: network instance targets %v, want its account alone", a.Key, targets)
	}
	if inst.Provider.Account != config.KeyManagement || inst.Input("region") != s.cfg.HomeRegion {
		t.Errorf("%s: network instance through %+v in %s, want the management account in the home Region", a.Key, inst.Provider, inst.Input("region"))
	}
	params := inst.InputMap("parameterOverrides")
	if params["VpcCidr"] != w.Network.Cidr || len(strings.Split(params["SubnetCidrs"], ",")) != w.Network.AvailabilityZones {
		t.Errorf("%s: network parameters %v", a.Key, params)
	}
	assoc := s.plan.Named("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", a.Key+"-hub-association")
	// A suspended workload keeps its attachment (the stack's parameters never change) but is isolated:
	// no association, no propagation, no return route.
	routed := w.NetworkAttachesToHub() && w.Active()
	propagation := s.plan.Named("aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation", a.Key+"-hub-propagation")
	if w.NetworkAttachesToHub() != (params["TransitGatewayId"] != "") || routed != (assoc != nil) || routed != (propagation != nil) {
		t.Errorf("%s: attachToHub %v, active %v, template parameter %q, association %v, propagation %v", a.Key,
			w.NetworkAttachesToHub(), w.Active(), params["TransitGatewayId"], assoc != nil, propagation != nil)
	}
	if assoc != nil {
		table := s.plan.Named("aws:ec2transitgateway/routeTable:RouteTable", "shared-services-tgw-rt-"+workload.RouteTableFor(w))
		if assoc.Provider.Account != config.KeySharedServices || table == nil || assoc.Input("transitGatewayRouteTableId") != table.ID {
			t.Errorf("%s: associated through %+v with %s, want the %s table from shared services", a.Key, assoc.Provider, assoc.Input("transitGatewayRouteTableId"), workload.RouteTableFor(w))
		}
	}
	if w.NetworkResolvesDirectory() != (params["ResolverRuleId"] != "") {
		t.Errorf("%s: resolveDirectory %v, ResolverRuleId %q", a.Key, w.NetworkResolvesDirectory(), params["ResolverRuleId"])
	}
}

// checkNetworkStackSet: the template's flow log goes to the StackSet's FlowLogDestination, which is
// the central bucket's flow-log prefix, and the StackSet waits for the bucket policy's grants.
func checkNetworkStackSet(t *testing.T, s synthesized) {
	t.Helper()
	set := s.plan.Named("aws:cloudformation/stackSet:StackSet", "workload-networks")
	if set == nil {
		return
	}
	bucket := s.plan.Named("aws:s3/bucketV2:BucketV2", "log-archive-bucket")
	policy := s.plan.Named("aws:s3/bucketPolicy:BucketPolicy", "log-archive-bucket-policy")
	if want := "arn:aws:s3:::" + bucket.ID + "/vpc-flow-logs"; set.InputMap("parameters")["FlowLogDestination"] != want {
		t.Errorf("network StackSet FlowLogDestination = %q, want %q", set.InputMap("parameters")["FlowLogDestination"], want)
	}
	if !slices.Contains(set.DependsOn, policy.URN) {
		t.Error("the network StackSet does not wait for the bucket policy that grants flow-log delivery")
	}
	if set.Inputs["autoDeployment"].(map[string]any)["enabled"] != false || set.Input("permissionModel") != "SERVICE_MANAGED" {
		t.Errorf("network StackSet: %v %v, want service-managed without auto-deployment", set.Input("permissionModel"), set.Inputs["autoDeployment"])
	}
	var tmpl struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(set.Input("templateBody")), &tmpl); err != nil {
		t.Fatal(err)
	}
	flow := tmpl.Resources["FlowLog"]
	if flow.Type != "AWS::EC2::FlowLog" || flow.Properties["TrafficType"] != "ALL" ||
		mustJSON(flow.Properties["LogDestination"]) != `{"Ref":"FlowLogDestination"}` || mustJSON(flow.Properties["ResourceId"]) != `{"Ref":"Vpc"}` {
		t.Errorf("workload VPC flow log (CIS 3.7): %v", flow)
	}
}

// checkWorkloadVPCsDoNotOverlap compares every workload VPC block (as its stack instance deploys
// it) with every other and with the VPCs the program declares directly (shared services).
func checkWorkloadVPCsDoNotOverlap(t *testing.T, s synthesized) {
	t.Helper()
	type block struct {
		name   string
		prefix netip.Prefix
	}
	var blocks []block
	for _, v := range s.plan.Find("aws:ec2/vpc:Vpc") {
		blocks = append(blocks, block{v.Name, netip.MustParsePrefix(v.Input("cidrBlock"))})
	}
	for _, i := range s.plan.Find("aws:cloudformation/stackSetInstance:StackSetInstance") {
		if c := i.InputMap("parameterOverrides")["VpcCidr"]; c != "" {
			blocks = append(blocks, block{i.Name, netip.MustParsePrefix(c)})
		}
	}
	for x := range blocks {
		for y := x + 1; y < len(blocks); y++ {
			if blocks[x].prefix.Overlaps(blocks[y].prefix) {
				t.Errorf("VPC %s (%s) overlaps %s (%s)", blocks[y].name, blocks[y].prefix, blocks[x].name, blocks[x].prefix)
			}
		}
	}
}

// checkReturnRoutes: the shared-services private subnets route every hub-attached workload VPC
// back through the Transit Gateway, through prefix lists of exactly those blocks, each of at most
// the 100 entries EC2 takes in one call, every list routed from every private route table. A
// suspended workload's block is not routed back: it is isolated.
func checkReturnRoutes(t *testing.T, s synthesized) {
	t.Helper()
	var want []string
	for i := range s.cfg.Workloads {
		if w := &s.cfg.Workloads[i]; w.NetworkAttachesToHub() && w.Active() {
			want = append(want, w.Network.Cidr)
		}
	}
	lists := s.plan.Find("aws:ec2/managedPrefixList:ManagedPrefixList")
	if len(want) == 0 {
		if len(lists) != 0 {
			t.Errorf("%d workload prefix lists without a workload on the hub", len(lists))
		}
		return
	}
	tgw := s.plan.Named("aws:ec2transitgateway/transitGateway:TransitGateway", "shared-services-tgw")
	var got []string
	for _, l := range lists {
		entries := l.Inputs["entries"].([]any)
		if l.Provider.Account != config.KeySharedServices || len(entries) > sharedservices.PrefixListEntriesPerCall || l.Inputs["maxEntries"] != float64(len(entries)) {
			t.Errorf("prefix list %s: %d entries (max %v) through %s; want at most %d, in shared services",
				l.Name, len(entries), l.Inputs["maxEntries"], l.Provider.Account, sharedservices.PrefixListEntriesPerCall)
		}
		for _, e := range entries {
			got = append(got, e.(map[string]any)["cidr"].(string))
		}
		routed := map[string]bool{}
		for _, r := range s.plan.Find("aws:ec2/route:Route") {
			if r.Input("destinationPrefixListId") == l.ID && r.Input("transitGatewayId") == tgw.ID {
				routed[r.Input("routeTableId")] = true
			}
		}
		for _, rt := range s.plan.Find("aws:ec2/routeTable:RouteTable") {
			if strings.Contains(rt.Name, "-private-rt-") && !routed[rt.ID] {
				t.Errorf("shared-services route table %s does not route %s to the hub", rt.Name, l.Name)
			}
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("prefix lists hold %v, want %v", got, want)
	}
}
