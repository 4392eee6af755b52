package organization_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/guardrails"
	"github.com/landingzone/aws-landing-zone/pkg/organization"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

var tree = []string{"Security", "Workloads", "Workloads/Prod", "Regulated"}

var set = guardrails.Set{Policies: []guardrails.Policy{
	{Key: "baseline", Name: "acme-baseline", Type: guardrails.TypeSCP, Content: `{"Version":"2012-10-17","Statement":[]}`, Targets: []string{guardrails.Root}},
	{Key: "regulated", Name: "acme-regulated", Type: guardrails.TypeSCP, Content: `{}`, Targets: []string{"Regulated", "Workloads/Prod"}},
	{Key: "tags", Name: "acme-tags", Type: guardrails.TypeTag, Content: `{"tags":{}}`, Targets: []string{guardrails.Root}},
}}

func synth(t *testing.T, args organization.Args) (*plan.Plan, error) {
	t.Helper()
	return plan.Synthesize("test", "403815927164", func(ctx *pulumi.Context) error {
		mgmt, err := account.NewProviders(ctx, account.ProvidersArgs{Regions: []string{"eu-west-1"}}).Management("eu-west-1")
		if err != nil {
			return err
		}
		args.Management = mgmt
		_, err = organization.New(ctx, "organization", &args)
		return err
	})
}

func build(t *testing.T, args organization.Args) *plan.Plan {
	t.Helper()
	p, err := synth(t, args)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOrganization_IsProtectedWithAllFeaturesTrustedServicesAndPolicyTypes(t *testing.T) {
	p := build(t, organization.Args{ServicePrincipals: organization.TrustedServices, OUPaths: tree, Guardrails: set})
	orgs := p.Find(plan.OrganizationType)
	if len(orgs) != 1 {
		t.Fatalf("%d organizations", len(orgs))
	}
	org := orgs[0]
	if !org.Protect || !org.RetainOnDelete {
		t.Errorf("organization protect=%v retain=%v", org.Protect, org.RetainOnDelete)
	}
	if org.Input("featureSet") != "ALL" {
		t.Errorf("featureSet = %v", org.Inputs["featureSet"])
	}
	principals, _ := org.Inputs["awsServiceAccessPrincipals"].([]any)
	for _, want := range []string{"cloudtrail.amazonaws.com", "config.amazonaws.com", "securityhub.amazonaws.com", "guardduty.amazonaws.com",
		"access-analyzer.amazonaws.com", "member.org.stacksets.cloudformation.amazonaws.com", "sso.amazonaws.com", "ram.amazonaws.com"} {
		if !slices.Contains(principals, any(want)) {
			t.Errorf("trusted access lacks %s", want)
		}
	}
	types, _ := org.Inputs["enabledPolicyTypes"].([]any)
	if !slices.Equal(types, []any{guardrails.TypeSCP, guardrails.TypeTag}) {
		t.Errorf("enabledPolicyTypes = %v", types)
	}
	if org.Parent == "" || !strings.HasSuffix(org.Parent, "landingzone:index:Organization::organization") {
		t.Errorf("organization not parented to the component: %s", org.Parent)
	}
	if org.Provider.Account != "management" {
		t.Errorf("organization managed through %+v", org.Provider)
	}
}

func TestOrganization_OUTreeNestsEachOUUnderItsParent(t *testing.T) {
	p := build(t, organization.Args{OUPaths: tree, Guardrails: set})
	tr := p.Tree()
	if tr == nil {
		t.Fatal("no tree")
	}
	var names []string
	for _, c := range tr.Root.Children {
		names = append(names, c.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"Regulated", "Security", "Workloads"}) {
		t.Errorf("root children = %v", names)
	}
	workloads := tr.Root.Find("Workloads")
	if len(workloads.Children) != 1 || workloads.Children[0].Name != "Prod" {
		t.Errorf("Workloads children = %+v", workloads.Children)
	}
	for _, ou := range p.Find(plan.OUType) {
		if ou.Provider.Account != "management" {
			t.Errorf("OU %s managed through %+v", ou.Name, ou.Provider)
		}
	}
}

func TestOrganization_AttachesEveryPolicyToItsTargets(t *testing.T) {
	p := build(t, organization.Args{OUPaths: tree, Guardrails: set})
	tr := p.Tree()
	if got := tr.Root.Policies[guardrails.TypeSCP]; !slices.Equal(got, []string{"acme-baseline"}) {
		t.Errorf("root SCPs = %v", got)
	}
	if got := tr.Root.Policies[guardrails.TypeTag]; !slices.Equal(got, []string{"acme-tags"}) {
		t.Errorf("root tag policies = %v", got)
	}
	for _, ou := range []string{"Regulated", "Prod"} {
		if got := tr.Root.Find(ou).Policies[guardrails.TypeSCP]; !slices.Equal(got, []string{"acme-regulated"}) {
			t.Errorf("%s SCPs = %v", ou, got)
		}
	}
	if got := tr.Root.Find("Security").Policies; len(got) != 0 {
		t.Errorf("Security has %v attached", got)
	}
	if n := len(p.Find(plan.AttachmentType)); n != 4 {
		t.Errorf("%d attachments, want 4", n)
	}
	for _, pol := range p.Find(plan.PolicyType) {
		if pol.Input("content") == "" || pol.Input("type") == "" {
			t.Errorf("policy %s: %v", pol.Name, pol.Inputs)
		}
	}
}

// adopt synthesizes the component adopting organization id, read from a live organization.
func adopt(t *testing.T, id string, live *plan.LiveOrganization, args organization.Args) (*plan.Plan, error) {
	t.Helper()
	mocks := plan.NewMocks("403815927164")
	mocks.Live = live
	return plan.SynthesizeWith("test", mocks, func(ctx *pulumi.Context) error {
		mgmt, err := account.NewProviders(ctx, account.ProvidersArgs{Regions: []string{"eu-west-1"}}).Management("eu-west-1")
		if err != nil {
			return err
		}
		l, err := organization.ReadLive(ctx, id, args.OUPaths, mgmt)
		if err != nil {
			return err
		}
		args.AdoptID, args.Live, args.Management = id, l, mgmt
		_, err = organization.New(ctx, "organization", &args)
		return err
	})
}

func liveAcme() *plan.LiveOrganization {
	live := &plan.LiveOrganization{
		ID: "o-a1b2c3d4e5", FeatureSet: "ALL",
		TrustedServices: []string{"backup.amazonaws.com", "sso.amazonaws.com"},
		PolicyTypes:     []string{"BACKUP_POLICY", "SERVICE_CONTROL_POLICY"},
	}
	live.OUs = map[string][]plan.LiveOU{
		live.RootID():       {{ID: "ou-live-security", Name: "Security"}, {ID: "ou-live-workloads", Name: "Workloads"}, {ID: "ou-live-legacy", Name: "Legacy"}},
		"ou-live-workloads": {{ID: "ou-live-prod", Name: "Prod"}},
		// Same name, other parent: not the Regulated OU of the tree, which sits under the root.
		"ou-live-legacy": {{ID: "ou-live-regulated", Name: "Regulated"}},
	}
	return live
}

func TestOrganization_AdoptionKeepsLiveTrustedServicesAndPolicyTypes(t *testing.T) {
	p, err := adopt(t, "o-a1b2c3d4e5", liveAcme(), organization.Args{ServicePrincipals: organization.TrustedServices, OUPaths: tree, Guardrails: set})
	if err != nil {
		t.Fatal(err)
	}
	org := p.Find(plan.OrganizationType)[0]
	if org.ImportID != "o-a1b2c3d4e5" || org.ID != "o-a1b2c3d4e5" {
		t.Errorf("import %q id %q", org.ImportID, org.ID)
	}
	var principals, types []string
	for _, v := range org.Inputs["awsServiceAccessPrincipals"].([]any) {
		principals = append(principals, v.(string))
	}
	for _, v := range org.Inputs["enabledPolicyTypes"].([]any) {
		types = append(types, v.(string))
	}
	// The update after the import sets exactly these lists: nothing enabled today may be missing.
	for _, want := range append([]string{"backup.amazonaws.com", "sso.amazonaws.com"}, organization.TrustedServices...) {
		if !slices.Contains(principals, want) {
			t.Errorf("trusted access for %s would be disabled: %v", want, principals)
		}
	}
	if !slices.Equal(types, []string{"BACKUP_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"}) {
		t.Errorf("enabled policy types = %v", types)
	}
	if !slices.IsSorted(principals) || len(slices.Compact(slices.Clone(principals))) != len(principals) {
		t.Errorf("principals not a sorted set: %v", principals)
	}
}

func TestOrganization_AdoptionImportsOUsOfTheSameNameUnderTheSameParent(t *testing.T) {
	p, err := adopt(t, "o-a1b2c3d4e5", liveAcme(), organization.Args{OUPaths: tree, Guardrails: set})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Security": "ou-live-security", "Workloads": "ou-live-workloads", "Workloads/Prod": "ou-live-prod", "Regulated": ""}
	for path, id := range want {
		ou := p.Named(plan.OUType, path)
		if ou == nil {
			t.Fatalf("OU %s not registered", path)
		}
		if ou.ImportID != id {
			t.Errorf("OU %s: import %q, want %q", path, ou.ImportID, id)
		}
	}
	if prod := p.Named(plan.OUType, "Workloads/Prod"); prod.Input("parentId") != "ou-live-workloads" {
		t.Errorf("Workloads/Prod parent = %s", prod.Input("parentId"))
	}
}

func TestReadLive_RefusesAnotherOrganizationConsolidatedBillingOrNone(t *testing.T) {
	billingOnly := liveAcme()
	billingOnly.FeatureSet = "CONSOLIDATED_BILLING"
	for _, c := range []struct {
		name string
		live *plan.LiveOrganization
		want string
	}{
		{"other organization", &plan.LiveOrganization{ID: "o-zzzzzzzzzz", FeatureSet: "ALL"}, "belong to organization o-zzzzzzzzzz, not o-a1b2c3d4e5"},
		{"consolidated billing", billingOnly, "enable all features first"},
		{"no organization", nil, "AWSOrganizationsNotInUseException"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := adopt(t, "o-a1b2c3d4e5", c.live, organization.Args{OUPaths: tree, Guardrails: set})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "adopt.organizationId") {
				t.Errorf("err = %v", err)
			}
			if len(p.Find(plan.OrganizationType)) != 0 {
				t.Errorf("an organization was declared")
			}
		})
	}
}

func TestOrganization_AdoptIDWithoutTheLiveOrganizationIsRefused(t *testing.T) {
	if _, err := synth(t, organization.Args{AdoptID: "o-a1b2c3d4e5", OUPaths: tree, Guardrails: set}); err == nil {
		t.Error("adopting without reading the live organization was accepted")
	}
}

func TestOrganization_RefusesAPolicyForAnOUOutsideTheTree(t *testing.T) {
	bad := guardrails.Set{Policies: []guardrails.Policy{{Key: "x", Type: guardrails.TypeSCP, Targets: []string{"Sandbox"}}}}
	p, err := synth(t, organization.Args{OUPaths: tree, Guardrails: bad})
	if err == nil || !strings.Contains(err.Error(), `targets OU "Sandbox"`) {
		t.Errorf("err = %v", err)
	}
	if p != nil && len(p.Resources) > 1 {
		t.Errorf("registered %d resources before refusing", len(p.Resources))
	}
}

func TestOrganization_RefusesAChildBeforeItsParent(t *testing.T) {
	_, err := synth(t, organization.Args{OUPaths: []string{"Workloads/Prod", "Workloads"}})
	if err == nil || !strings.Contains(err.Error(), "comes before its parent") {
		t.Errorf("err = %v", err)
	}
}
