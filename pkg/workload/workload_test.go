package workload_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ram"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/iamlint"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
	"github.com/landingzone/aws-landing-zone/pkg/workload"
)

const mgmtID = "403815927164"

func acct(key, env, profile, ou string, budget *config.Budget) config.Account {
	w := &config.Workload{
		Name: key, Environment: env, Owner: key + "@acme.example", Profile: profile, State: config.StateActive, Budget: budget,
		Compliance: config.ComplianceNone,
	}
	tags := map[string]string{"Owner": w.Owner, "CostCenter": "CC-1", "BusinessUnit": "bu-" + key, "Application": "app", "Environment": env}
	if profile == config.ProfileSandbox {
		w.ExpiresOn = "2027-06-30"
		tags[config.TagExpiresOn] = w.ExpiresOn // as config.Organization.Accounts writes it
	}
	if profile == config.ProfileRegulated {
		w.Compliance = config.CompliancePCIDSS
	}
	return config.Account{
		Key: key, Name: "acme-" + key, Email: "aws+" + key + "@acme.example", ConfigPath: "workloads[0]", OU: ou,
		Tags:     tags,
		Workload: w,
	}
}

// synth runs a program with the cost allocation and one WorkloadAccount per account, as the
// composition does; more adds to it (a network, say).
func synth(t *testing.T, accounts []config.Account, more func(ctx *pulumi.Context, providers *account.Providers, ws []*workload.Account) error) *plan.Plan {
	t.Helper()
	p, err := plan.Synthesize("test", mgmtID, func(ctx *pulumi.Context) error {
		providers := account.NewProviders(ctx, account.ProvidersArgs{ManagementAccountID: mgmtID, AccessRoleName: "OrganizationAccountAccessRole", Regions: []string{"eu-west-1"}})
		mgmt, err := providers.Management("eu-west-1")
		if err != nil {
			return err
		}
		costs, err := workload.NewCostAllocation(ctx, "cost-allocation", &workload.CostAllocationArgs{
			Prefix: "acme", ActivateTags: config.CostTagKeys, SpendCap: true, CapExempt: []string{"arn:aws:iam::*:role/OrganizationAccountAccessRole", "arn:aws:iam::*:role/stacksets-exec-*"},
			FinOps:              &config.FinOps{Email: "finops@acme.example", BudgetUSD: 1000, AlertThresholds: []float64{80, 100}},
			ManagementAccountID: pulumi.String(mgmtID), OrganizationID: pulumi.String("o-abcdefghij"), Management: mgmt,
		})
		if err != nil {
			return err
		}
		var ws []*workload.Account
		var members []*account.Account
		for _, a := range accounts {
			w, err := workload.New(ctx, a.Key, &workload.Args{
				Account: a, ParentID: pulumi.String("ou-ab12-00000001"), AccessRoleName: "OrganizationAccountAccessRole", Management: mgmt, Cap: costs.Cap,
			})
			if err != nil {
				return err
			}
			ws, members = append(ws, w), append(members, w.Account)
		}
		if more != nil {
			if err := more(ctx, providers, ws); err != nil {
				return err
			}
		}
		for _, w := range ws {
			if err := w.Finish(); err != nil {
				return err
			}
		}
		return costs.Categorize(members, ws)
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func only(t *testing.T, p *plan.Plan, typ string) *plan.Resource {
	t.Helper()
	rs := p.Find(typ)
	if len(rs) != 1 {
		t.Fatalf("%d resources of type %s, want 1", len(rs), typ)
	}
	return rs[0]
}

func TestWorkloadAccount_StandardBudgetIsFilteredToTheAccountAndNotifiesTheOwner(t *testing.T) {
	p := synth(t, []config.Account{acct("payments-prod", "prod", config.ProfileStandard, config.OUProd, &config.Budget{MonthlyLimitUSD: 250, AlertThresholds: []float64{80, 100}})}, nil)
	a := only(t, p, plan.AccountType)
	b := p.Named("aws:budgets/budget:Budget", "payments-prod-monthly")
	if b == nil || b.Input("limitAmount") != "250.00" || b.Input("timeUnit") != "MONTHLY" || b.Input("budgetType") != "COST" || b.Input("name") != "acme-payments-prod-monthly" {
		t.Fatalf("budget = %+v", b)
	}
	f := b.Inputs["costFilters"].([]any)[0].(map[string]any)
	if f["name"] != "LinkedAccount" || !slices.Equal(f["values"].([]any), []any{a.ID}) {
		t.Errorf("filter = %v, want LinkedAccount %s", f, a.ID)
	}
	for i, want := range []float64{80, 100} {
		n := b.Inputs["notifications"].([]any)[i].(map[string]any)
		if n["threshold"] != want || n["notificationType"] != "ACTUAL" || !slices.Equal(n["subscriberEmailAddresses"].([]any), []any{"payments-prod@acme.example"}) {
			t.Errorf("notification %d = %v", i, n)
		}
	}
	if b.Provider.Account != config.KeyManagement || a.Provider.Account != config.KeyManagement {
		t.Errorf("budget through %+v, account through %+v: want the management account", b.Provider, a.Provider)
	}
	if len(p.Find("aws:budgets/budgetAction:BudgetAction")) != 0 {
		t.Error("a standard workload is capped")
	}
	if !a.Protect || !a.RetainOnDelete || a.Inputs["closeOnDeletion"] != false {
		t.Errorf("account protect=%v retain=%v close=%v", a.Protect, a.RetainOnDelete, a.Inputs["closeOnDeletion"])
	}
}

func TestWorkloadAccount_MovesUnderTheComponentThroughAliasesToItsOldURNs(t *testing.T) {
	p := synth(t, []config.Account{acct("payments-prod", "prod", config.ProfileStandard, config.OUProd, &config.Budget{MonthlyLimitUSD: 250, AlertThresholds: []float64{100}})}, nil)
	a := only(t, p, plan.AccountType)
	b := p.Named("aws:budgets/budget:Budget", "payments-prod-monthly")
	c := only(t, p, workload.TypeToken)
	if a.Parent != c.URN || b.Parent != c.URN {
		t.Errorf("account parent %s, budget parent %s, want the component %s", a.Parent, b.Parent, c.URN)
	}
	if want := "urn:pulumi:test::landingzone::aws:organizations/account:Account::payments-prod"; !slices.Equal(a.Aliases, []string{want}) {
		t.Errorf("account aliases %v, want %s", a.Aliases, want)
	}
	if want := "urn:pulumi:test::landingzone::aws:organizations/account:Account$aws:budgets/budget:Budget::payments-prod-monthly"; !slices.Equal(b.Aliases, []string{want}) {
		t.Errorf("budget aliases %v, want %s", b.Aliases, want)
	}
}

func TestWorkloadAccount_SandboxIsCappedAtItsFullBudgetByTheReadOnlySCP(t *testing.T) {
	p := synth(t, []config.Account{acct("sandbox-alice", "sandbox", config.ProfileSandbox, config.OUSandbox, &config.Budget{MonthlyLimitUSD: 300, AlertThresholds: []float64{80, 100}})}, nil)
	a := only(t, p, plan.AccountType)
	if a.InputMap("tags")[config.TagExpiresOn] != "2027-06-30" {
		t.Errorf("tags %v: no ExpiresOn", a.InputMap("tags"))
	}
	action := only(t, p, "aws:budgets/budgetAction:BudgetAction")
	scp := only(t, p, plan.PolicyType)
	role := p.Named("aws:iam/role:Role", "cost-allocation-budgets-role")
	def := action.Inputs["definition"].(map[string]any)["scpActionDefinition"].(map[string]any)
	threshold := action.Inputs["actionThreshold"].(map[string]any)
	if action.Input("actionType") != "APPLY_SCP_POLICY" || action.Input("approvalModel") != "AUTOMATIC" || action.Input("notificationType") != "ACTUAL" ||
		threshold["actionThresholdValue"] != float64(100) || threshold["actionThresholdType"] != "PERCENTAGE" {
		t.Errorf("action %v", action.Inputs)
	}
	if def["policyId"] != scp.ID || !slices.Equal(def["targetIds"].([]any), []any{a.ID}) || action.Input("budgetName") != "acme-sandbox-alice-monthly" {
		t.Errorf("the action attaches %v to %v for budget %s", def["policyId"], def["targetIds"], action.Input("budgetName"))
	}
	if action.Input("executionRoleArn") != role.Output("arn") || action.Provider.Account != config.KeyManagement {
		t.Errorf("action role %s provider %+v", action.Input("executionRoleArn"), action.Provider)
	}
	subs := action.Inputs["subscribers"].([]any)
	if len(subs) != 1 || subs[0].(map[string]any)["address"] != "sandbox-alice@acme.example" {
		t.Errorf("subscribers %v", subs)
	}
	if rp := p.Named("aws:iam/rolePolicy:RolePolicy", "cost-allocation-budgets-role-policy"); rp == nil || !slices.Contains(action.DependsOn, rp.URN) {
		t.Error("the action does not wait for its role's permissions")
	}
	if !scp.RetainOnDelete {
		t.Error("the cap SCP is not retained: deleting it fails while AWS Budgets has it attached")
	}
	// The cap SCP: reading stays possible, nothing else; the automation is exempt.
	doc, err := policy.Parse(scp.Input("content"))
	if err != nil {
		t.Fatal(err)
	}
	st := doc.Statement[0]
	if st.Effect != policy.Deny || len(st.Action) != 0 || !slices.Contains(st.NotAction, "ec2:Describe*") || slices.Contains(st.NotAction, "ec2:RunInstances") ||
		!slices.Contains(st.Condition["ArnNotLike"]["aws:PrincipalARN"], "arn:aws:iam::*:role/stacksets-exec-*") {
		t.Errorf("cap SCP %s", scp.Input("content"))
	}
	if st.HasAction("ec2:RunInstances") || len(scp.Input("content")) > 5120 {
		t.Errorf("cap SCP lets RunInstances through or is %d characters", len(scp.Input("content")))
	}
	if p.Named("aws:costexplorer/anomalyMonitor:AnomalyMonitor", "cost-allocation-sandbox-anomalies-0") == nil {
		t.Error("no anomaly monitor over the sandbox")
	}
}

func TestWorkloadAccount_BudgetsRoleTrustsBudgetsForThisPayerOnlyAndAttachesOnlyTheCap(t *testing.T) {
	p := synth(t, []config.Account{acct("sandbox-alice", "sandbox", config.ProfileSandbox, config.OUSandbox, &config.Budget{MonthlyLimitUSD: 300, AlertThresholds: []float64{100}})}, nil)
	role := p.Named("aws:iam/role:Role", "cost-allocation-budgets-role")
	trust, err := policy.Parse(role.Input("assumeRolePolicy"))
	if err != nil {
		t.Fatal(err)
	}
	st := trust.Statement[0]
	if !slices.Equal(st.Principal.Service, []string{"budgets.amazonaws.com"}) || !slices.Equal(st.Condition["StringEquals"]["aws:SourceAccount"], []string{mgmtID}) ||
		!slices.Equal(st.Condition["ArnLike"]["aws:SourceArn"], []string{"arn:aws:budgets::" + mgmtID + ":budget/*"}) {
		t.Errorf("trust %s", role.Input("assumeRolePolicy"))
	}
	rp := p.Named("aws:iam/rolePolicy:RolePolicy", "cost-allocation-budgets-role-policy")
	perms, err := policy.Parse(rp.Input("policy"))
	if err != nil {
		t.Fatal(err)
	}
	scp := only(t, p, plan.PolicyType)
	for _, st := range perms.Statement {
		for _, a := range st.Action {
			if !slices.Contains([]string{"organizations:AttachPolicy", "organizations:DetachPolicy", "organizations:DescribePolicy"}, a) {
				t.Errorf("the Budgets role may %s", a)
			}
		}
		if !slices.Contains(st.Resource, scp.Output("arn")) || slices.Contains(st.Resource, "*") {
			t.Errorf("statement %s on %v: not scoped to the cap policy %s", st.Sid, st.Resource, scp.Output("arn"))
		}
	}
	for name, d := range map[string]policy.Document{"trust": trust, "permissions": perms} {
		findings, err := iamlint.Lint(name, d)
		if err != nil || len(findings) > 0 {
			t.Errorf("%s: %v %v", name, findings, err)
		}
	}
}

func TestWorkloadAccount_SuspendedSandboxKeepsItsAccountButLosesBudgetCapAndAlerts(t *testing.T) {
	a := acct("sandbox-bob", "sandbox", config.ProfileSandbox, config.OUSuspended, &config.Budget{MonthlyLimitUSD: 300, AlertThresholds: []float64{100}})
	a.Workload.State = config.StateSuspended
	p := synth(t, []config.Account{a}, nil)
	if len(p.Find(plan.AccountType)) != 1 {
		t.Fatal("the suspended account is gone")
	}
	for _, typ := range []string{"aws:budgets/budgetAction:BudgetAction", "aws:costexplorer/anomalyMonitor:AnomalyMonitor", "aws:costexplorer/anomalySubscription:AnomalySubscription"} {
		if n := len(p.Find(typ)); n != 0 {
			t.Errorf("%d %s for a suspended sandbox", n, typ)
		}
	}
	if p.Named("aws:budgets/budget:Budget", "sandbox-bob-monthly") != nil {
		t.Error("a suspended workload keeps its budget")
	}
}

func TestWorkloadAccount_RegulatedIsNotCapped(t *testing.T) {
	p := synth(t, []config.Account{acct("cde-prod", "prod", config.ProfileRegulated, config.OURegulated, nil)}, nil)
	if n := len(p.Find("aws:budgets/budgetAction:BudgetAction")); n != 0 {
		t.Errorf("%d budget actions on a regulated workload", n)
	}
	if only(t, p, plan.AccountType).InputMap("tags")[config.TagCompliance] != "" {
		// acct() builds tags without Compliance: the tag is pkg/config's (Accounts), not the component's.
		t.Error("the component invented a tag")
	}
}

func TestCostAllocation_ActivatesEveryCostTagAndGroupsAccountsByLinkedAccount(t *testing.T) {
	p := synth(t, []config.Account{
		acct("payments-prod", "prod", config.ProfileStandard, config.OUProd, nil),
		acct("sandbox-alice", "sandbox", config.ProfileSandbox, config.OUSandbox, &config.Budget{MonthlyLimitUSD: 300, AlertThresholds: []float64{100}}),
	}, nil)
	var keys []string
	for _, r := range p.Find("aws:costexplorer/costAllocationTag:CostAllocationTag") {
		if r.Input("status") == "Active" {
			keys = append(keys, r.Input("tagKey"))
		}
	}
	slices.Sort(keys)
	if !slices.Equal(keys, config.CostTagKeys) {
		t.Errorf("activated %v, want %v", keys, config.CostTagKeys)
	}
	cat := p.Named("aws:costexplorer/costCategory:CostCategory", "cost-allocation-category-business-unit")
	if cat == nil {
		t.Fatal("no business-unit cost category")
	}
	rules := cat.Inputs["rules"].([]any)
	if len(rules) != 2 {
		t.Fatalf("rules %v", rules)
	}
	dim := rules[0].(map[string]any)["rule"].(map[string]any)["dimension"].(map[string]any)
	if rules[0].(map[string]any)["value"] != "bu-payments-prod" || dim["key"] != "LINKED_ACCOUNT" || len(dim["values"].([]any)) != 1 {
		t.Errorf("rule %v", rules[0])
	}
	org := p.Named("aws:budgets/budget:Budget", "cost-allocation-organization-monthly")
	if org == nil || org.Inputs["costFilters"] != nil || org.Input("limitAmount") != "1000.00" {
		t.Errorf("organization budget %+v: want 1000.00 over the whole organization", org)
	}
	sub := only(t, p, "aws:costexplorer/anomalySubscription:AnomalySubscription")
	mon := only(t, p, "aws:costexplorer/anomalyMonitor:AnomalyMonitor")
	var spec struct{ Dimensions struct{ Key string } }
	if err := json.Unmarshal([]byte(mon.Input("monitorSpecification")), &spec); err != nil || mon.Input("monitorType") != "CUSTOM" || spec.Dimensions.Key != "LINKED_ACCOUNT" {
		t.Errorf("monitor %s %s", mon.Input("monitorType"), mon.Input("monitorSpecification"))
	}
	if sub.Input("frequency") != "DAILY" || !strings.Contains(mustJSON(sub.Inputs["subscribers"]), "sandbox-alice@acme.example") ||
		strings.Contains(mustJSON(sub.Inputs["subscribers"]), "payments-prod@") {
		t.Errorf("subscription %v", sub.Inputs)
	}
}

func TestNetworkTemplate_PrivateSubnetsInDistinctAZsAFlowLogAndOptionalHubAndDNS(t *testing.T) {
	tmpl := workload.NetworkTemplate("acme-account-baseline")
	if err := tmpl.Check(); err != nil {
		t.Fatal(err)
	}
	body, err := tmpl.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"A", "B", "C"} {
		sub := tmpl.Resources["Subnet"+s]
		az := mustJSON(sub.Properties["AvailabilityZone"])
		if !strings.Contains(az, `"Fn::GetAZs":""`) || !strings.Contains(az, `"Fn::Select"`) || sub.Properties["MapPublicIpOnLaunch"] != nil {
			t.Errorf("subnet %s: AZ %s", s, az)
		}
		if rt := tmpl.Resources["RouteTableAssociation"+s]; mustJSON(rt.Properties["RouteTableId"]) != `{"Ref":"RouteTable`+s+`"}` {
			t.Errorf("subnet %s has no route table of its own", s)
		}
	}
	if tmpl.Resources["SubnetC"].Condition != "ThreeAzs" || tmpl.Resources["SubnetA"].Condition != "" {
		t.Error("the third subnet is not conditional on three AZs, or the first two are")
	}
	for _, typ := range []string{"AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroup"} {
		if strings.Contains(body, typ) {
			t.Errorf("the workload VPC template declares %s", typ)
		}
	}
	// CIS 5.4: the VPC's default security group is emptied by the baseline's function, which comes
	// with the template, under a role name the guardrails protect; the only IAM resource is that role.
	closer := tmpl.Resources["DefaultSecurityGroup"]
	if closer.Type != "Custom::DefaultSecurityGroup" || closer.Properties["DefaultSecurityGroups"] != "closed" ||
		mustJSON(closer.Properties["VpcId"]) != `{"Ref":"Vpc"}` || mustJSON(closer.Properties["ServiceToken"]) != `{"Fn::GetAtt":["Function","Arn"]}` {
		t.Errorf("default security group closer: %+v", closer)
	}
	for id, r := range tmpl.Resources {
		if strings.HasPrefix(r.Type, "AWS::IAM::") && (id != "FunctionRole" ||
			mustJSON(r.Properties["RoleName"]) != `{"Fn::Sub":"acme-account-baseline-network-${AWS::Region}"}`) {
			t.Errorf("IAM resource %s (%s) beyond the baseline function's protected role", id, mustJSON(r.Properties["RoleName"]))
		}
	}
	if tmpl.Resources["HubAttachment"].Condition != "AttachToHub" || tmpl.Resources["DirectoryRuleAssociation"].Type != "AWS::Route53Resolver::ResolverRuleAssociation" ||
		tmpl.Resources["DirectoryRuleAssociation"].Condition != "ResolveDirectory" {
		t.Error("hub attachment or directory rule association not conditional")
	}
	if !slices.Equal(tmpl.Resources["HubRouteA"].DependsOn, []string{"HubAttachment"}) {
		t.Error("the hub route does not wait for the attachment")
	}
	for _, p := range workload.NetworkTemplateParameters {
		if _, ok := tmpl.Parameters[p]; !ok {
			t.Errorf("parameter %s is not declared", p)
		}
	}
}

func TestSubnetCidrs_AreTheFirstBlocksInOrder(t *testing.T) {
	got, err := workload.SubnetCidrs("10.30.0.0/22", 25, 3)
	if err != nil || !slices.Equal(got, []string{"10.30.0.0/25", "10.30.0.128/25", "10.30.1.0/25"}) {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := workload.SubnetCidrs("10.1.0.0/24", 25, 3); err == nil {
		t.Error("three /25 fit in a /24")
	}
}

func TestWaves_NewAccountsOnlyInWavesOfTheSize(t *testing.T) {
	var accounts []config.Account
	for i := range 12 {
		a := config.Account{Key: string(rune('a' + i))}
		if i == 3 {
			a.ImportID = "111111111111"
		}
		accounts = append(accounts, a)
	}
	waveOf, n := workload.Waves(accounts, 5)
	if n != 3 || len(waveOf) != 11 {
		t.Fatalf("%d waves over %d accounts, want 3 over 11", n, len(waveOf))
	}
	if _, adopted := waveOf["d"]; adopted {
		t.Error("an adopted account is in a wave")
	}
	count := map[int]int{}
	for _, w := range waveOf {
		count[w]++
	}
	if count[0] != 5 || count[1] != 5 || count[2] != 1 {
		t.Errorf("wave sizes %v", count)
	}
}

func TestWorkloadAccount_NetworkIsOneStackInstanceForItsAccountJoinedToTheHubByItsOwner(t *testing.T) {
	a := acct("payments-prod", "prod", config.ProfileStandard, config.OUProd, nil)
	hub, dns := true, true
	var stackID, accountID string
	var states []string
	a.Workload.Network = &config.WorkloadNetwork{Cidr: "10.10.0.0/20", AvailabilityZones: 3, SubnetPrefixLength: 24, AttachToHub: &hub, ResolveDirectory: &dns}
	p := synth(t, []config.Account{a}, func(ctx *pulumi.Context, providers *account.Providers, ws []*workload.Account) error {
		mgmt, err := providers.Management("eu-west-1")
		if err != nil {
			return err
		}
		sharedAcct, err := account.Vend(ctx, account.VendArgs{
			Account:  config.Account{Key: config.KeySharedServices, Name: "acme-shared-services", Email: "aws+shared@acme.example", OU: config.OUInfrastructure},
			ParentID: pulumi.String("ou-ab12-00000002"), AccessRoleName: "OrganizationAccountAccessRole", Management: mgmt,
		})
		if err != nil {
			return err
		}
		shared, err := providers.Member(sharedAcct, "eu-west-1")
		if err != nil {
			return err
		}
		set, err := workload.NewNetworkStackSet(ctx, "workload-networks", &workload.NetworkStackSetArgs{
			Prefix: "acme", FlowLogDestination: pulumi.String("arn:aws:s3:::acme-log-archive/vpc-flow-logs"), Management: mgmt,
		})
		if err != nil {
			return err
		}
		var shares []pulumi.Resource
		for _, what := range []string{"transit-gateway", "directory-dns"} {
			ra, err := ram.NewResourceAssociation(ctx, what+"-share-resource", &ram.ResourceAssociationArgs{
				ResourceArn: pulumi.String("arn:aws:ec2:eu-west-1:111122223333:" + what), ResourceShareArn: pulumi.String("arn:aws:ram:eu-west-1:111122223333:resource-share/" + what),
			}, pulumi.Provider(shared))
			if err != nil {
				return err
			}
			pa, err := ram.NewPrincipalAssociation(ctx, what+"-share-organization", &ram.PrincipalAssociationArgs{
				Principal: pulumi.String("arn:aws:organizations::" + mgmtID + ":organization/o-abcdefghij"), ResourceShareArn: pulumi.String("arn:aws:ram:eu-west-1:111122223333:resource-share/" + what),
			}, pulumi.Provider(shared))
			if err != nil {
				return err
			}
			shares = append(shares, ra, pa)
		}
		filters := workload.AttachmentFilters(pulumi.String("tgw-0123"), pulumi.String("111122223333")).ToGetAttachmentFilterArrayOutput()
		filters.ApplyT(func(fs []ec2transitgateway.GetAttachmentFilter) int {
			for _, f := range fs {
				if f.Name == "state" {
					states = f.Values
				}
			}
			return 0
		})
		if err := ws[0].AddNetwork(&workload.NetworkArgs{
			StackSet: set, Region: "eu-west-1", RootID: pulumi.String("r-ab12"), Management: mgmt,
			Hub: &workload.HubArgs{TransitGatewayID: pulumi.String("tgw-0123"), HubCidr: "10.200.0.0/22",
				RouteTableID: pulumi.String("tgw-rtb-prod"), SharedRouteTableID: pulumi.String("tgw-rtb-shared"), Shared: shared},
			ResolverRuleID: pulumi.String("rslvr-rr-1"),
			Shares:         shares,
		}); err != nil {
			return err
		}
		pulumi.All(ws[0].Network.StackID(), ws[0].AccountID).ApplyT(func(v []any) int {
			stackID, accountID = v[0].(string), v[1].(string)
			return 0
		})
		return nil
	})
	// The network's stack ID is its own account's, picked from the instance's summaries.
	if accountID == "" || !strings.Contains(stackID, ":"+accountID+":stack/") {
		t.Errorf("network stack ID %q, want the stack in account %q", stackID, accountID)
	}
	// The stack attaches to the hub and associates the rule in the workload account: it must wait
	// for every RAM association of both shares.
	inst := only(t, p, "aws:cloudformation/stackSetInstance:StackSetInstance")
	for _, typ := range []string{"aws:ram/resourceAssociation:ResourceAssociation", "aws:ram/principalAssociation:PrincipalAssociation"} {
		for _, r := range p.Find(typ) {
			if !slices.Contains(inst.DependsOn, r.URN) {
				t.Errorf("the network stack instance does not wait for %s", r.URN)
			}
		}
	}
	// An attachment being modified during an update is still the workload's attachment.
	if !slices.Equal(states, []string{"available", "modifying"}) {
		t.Errorf("the attachment lookup accepts states %v", states)
	}
	acctRes := p.Named(plan.AccountType, "payments-prod")
	targets := inst.Inputs["deploymentTargets"].(map[string]any)
	if targets["accountFilterType"] != "INTERSECTION" || !slices.Equal(targets["accounts"].([]any), []any{acctRes.ID}) ||
		!slices.Equal(targets["organizationalUnitIds"].([]any), []any{"r-ab12"}) || inst.Inputs["retainStack"] != true {
		t.Errorf("instance targets %v retain %v", targets, inst.Inputs["retainStack"])
	}
	params := inst.InputMap("parameterOverrides")
	if params["SubnetCidrs"] != "10.10.0.0/24,10.10.1.0/24,10.10.2.0/24" || params["AvailabilityZones"] != "3" || params["TransitGatewayId"] != "tgw-0123" ||
		params["HubCidr"] != "10.200.0.0/22" || params["ResolverRuleId"] != "rslvr-rr-1" {
		t.Errorf("parameters %v", params)
	}
	set := only(t, p, "aws:cloudformation/stackSet:StackSet")
	for k := range params {
		if _, ok := set.InputMap("parameters")[k]; !ok {
			t.Errorf("instance overrides %s, which the StackSet does not declare", k)
		}
	}
	assoc := only(t, p, "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation")
	prop := only(t, p, "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation")
	if assoc.Provider.Account != config.KeySharedServices || assoc.Input("transitGatewayRouteTableId") != "tgw-rtb-prod" ||
		prop.Input("transitGatewayRouteTableId") != "tgw-rtb-shared" || !strings.HasPrefix(assoc.Input("transitGatewayAttachmentId"), "tgw-attach-") {
		t.Errorf("association %v through %+v, propagation %v", assoc.Inputs, assoc.Provider, prop.Inputs)
	}
	// prod <-> nonprod replaces the association (the route table is ForceNew) create-first: the new
	// one must take the attachment from the old table, which holds its only association.
	if assoc.Inputs["replaceExistingAssociation"] != true {
		t.Errorf("association %v: a move between prod and nonprod would fail (one association per attachment)", assoc.Inputs)
	}
	if n := len(p.Find(plan.ProviderType)); n != 2 {
		t.Errorf("%d providers: the network needs the management and shared-services ones only", n)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// The monitor's specification is written exactly as the provider reads it back (every Expression
// and DimensionValues field, null when unset, keys sorted), so a refresh finds no difference and
// the ForceNew specification never replaces the monitor.
func TestMonitorSpecification_IsTheFormTheProviderReadsBack(t *testing.T) {
	got, err := workload.MonitorSpecification([]string{"111122223333", "444455556666"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"And":null,"CostCategories":null,"Dimensions":{"Key":"LINKED_ACCOUNT","MatchOptions":null,"Values":["111122223333","444455556666"]},"Not":null,"Or":null,"Tags":null}`
	if got != want {
		t.Errorf("specification\n%s\nwant\n%s", got, want)
	}
	p := synth(t, []config.Account{acct("sandbox-alice", "sandbox", config.ProfileSandbox, config.OUSandbox, &config.Budget{MonthlyLimitUSD: 300, AlertThresholds: []float64{100}})}, nil)
	m := p.Named("aws:costexplorer/anomalyMonitor:AnomalyMonitor", "cost-allocation-sandbox-anomalies-0")
	account := p.Named(plan.AccountType, "sandbox-alice")
	if want, _ := workload.MonitorSpecification([]string{account.ID}); m == nil || m.Input("monitorSpecification") != want {
		t.Errorf("monitor %v, want specification %s", m, want)
	}
}

// Appending workloads leaves every existing account in its wave and puts the new ones in the last
// waves, in order: the existing waves are already created, so at most size requests are in flight.
func TestWaves_AppendedAccountsKeepExistingWavesAndFillTheLastOnes(t *testing.T) {
	var before []config.Account
	for i := range 7 {
		before = append(before, config.Account{Key: string(rune('a' + i))})
	}
	after := append(slices.Clone(before), config.Account{Key: "new1"}, config.Account{Key: "new2"}, config.Account{Key: "new3"}, config.Account{Key: "new4"})
	old, _ := workload.Waves(before, 5)
	got, n := workload.Waves(after, 5)
	for k, w := range old {
		if got[k] != w {
			t.Errorf("existing account %s moved from wave %d to %d", k, w, got[k])
		}
	}
	// Waves 0 and 1 hold the 7 existing accounts; new1-new3 complete wave 1 (its other accounts
	// exist: they start together, 3 requests), new4 waits for them in wave 2.
	if n != 3 || got["new1"] != 1 || got["new3"] != 1 || got["new4"] != 2 {
		t.Errorf("waves %v (%d)", got, n)
	}
}

// The cap's exemptions are configurable: a cap SCP over the SCP size limit is refused before
// anything is registered, naming the setting that grew it.
func TestCheckCapSize_RefusesACapOverTheSCPLimit(t *testing.T) {
	exempt := []string{"arn:aws:iam::*:role/OrganizationAccountAccessRole", "arn:aws:iam::*:role/stacksets-exec-*"}
	if ps := workload.CheckCapSize(exempt, 5120); ps != nil {
		t.Errorf("a cap with two exemptions refused: %v", ps)
	}
	for i := range 60 {
		exempt = append(exempt, "arn:aws:iam::111122223333:role/break-glass-administrator-"+strings.Repeat("x", i%10))
	}
	ps := workload.CheckCapSize(exempt, 5120)
	if len(ps) != 1 || ps[0].Path != "guardrails.exemptPrincipalArns" || !strings.Contains(ps[0].Message, "the limit (guardrails.scpMaxSize) is 5120") {
		t.Errorf("got %v", ps)
	}
}
