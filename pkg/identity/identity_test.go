package identity_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/identity"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

const mgmtID = "403815927164"

// stack is a small organization whose identity section is the one given.
func stack(identitySection string) map[string]string {
	return map[string]string{
		"landingzone:name":                "Acme",
		"landingzone:prefix":              "acme",
		"landingzone:homeRegion":          "eu-west-1",
		"landingzone:managementAccountId": mgmtID,
		"landingzone:coreAccounts": `{"owner":"platform@acme.example","costCenter":"CC-1","businessUnit":"platform",
			"logArchive":{"email":"log@acme.example"},"security":{"email":"sec@acme.example"},"sharedServices":{"email":"shared@acme.example"}}`,
		"landingzone:workloads": `[{"name":"app-prod","email":"app@acme.example","environment":"prod","owner":"team@acme.example",
			"costCenter":"CC-2","businessUnit":"web","application":"app"}]`,
		"landingzone:identity": identitySection,
	}
}

const (
	groups = `"groups":{"security":{"displayName":"aws-security"},"devs":{"id":"9067a1b2c3-4d5e6f70-8a7b-4c9d-8e1f-2a3b4c5d6e7f"}},
		"securityAudit":{"group":"security"}`
	dataEngineer = `"permissionSets":{"DataEngineer":{"sessionDuration":"PT8H","description":"Data work",
		"managedPolicies":["arn:aws:iam::aws:policy/ReadOnlyAccess","arn:aws:iam::aws:policy/job-function/DataScientist"],
		"customerManagedPolicies":[{"name":"acme-data","path":"/lz/"}],
		"inlinePolicy":[{"Sid":"Athena","Effect":"Allow","Action":["athena:StartQueryExecution"],"Resource":["*"]}],
		"permissionsBoundary":{"customerManagedPolicy":{"name":"acme-boundary"}}}}`
)

// synth runs the landing zone's accounts and the Identity component, as main.go composes them.
func synth(t *testing.T, identitySection string) (*plan.Plan, *config.Organization) {
	t.Helper()
	org, err := config.Load(stack(identitySection))
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Synthesize("test", mgmtID, func(ctx *pulumi.Context) error {
		providers := account.NewProviders(ctx, account.ProvidersArgs{
			ManagementAccountID: mgmtID, AccessRoleName: org.AccessRoleName, Regions: org.GovernedRegions,
		})
		mgmt, err := providers.Management(org.HomeRegion)
		if err != nil {
			return err
		}
		accounts := map[string]*account.Account{}
		for _, a := range org.Accounts() {
			if accounts[a.Key], err = account.Vend(ctx, account.VendArgs{
				Account: a, ParentID: pulumi.String("ou-ab12-" + a.Key), AccessRoleName: org.AccessRoleName, Management: mgmt,
			}); err != nil {
				return err
			}
		}
		var delegated *account.Account
		prov := mgmt
		if d := org.Identity.DelegatedAdministrator; d != "" {
			delegated = accounts[d]
			if prov, err = providers.Member(delegated, org.Identity.Region); err != nil {
				return err
			}
		}
		_, err = identity.New(ctx, "identity", &identity.Args{
			Settings: *org.Identity, Access: org.AccessMatrix(), Accounts: accounts,
			DelegatedAdministrator: delegated, Provider: prov, Management: mgmt, Organization: mgmt,
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, org
}

func ssoResources(p *plan.Plan) []*plan.Resource {
	var out []*plan.Resource
	for _, r := range p.Resources {
		if strings.HasPrefix(r.Type, "aws:ssoadmin/") {
			out = append(out, r)
		}
	}
	return out
}

func TestIdentity_PermissionSetCarriesItsManagedCustomerInlinePoliciesAndBoundary(t *testing.T) {
	p, _ := synth(t, `{`+groups+`,`+dataEngineer+`}`)
	ps := p.Named("aws:ssoadmin/permissionSet:PermissionSet", "identity-DataEngineer")
	if ps == nil {
		t.Fatal("no DataEngineer permission set")
	}
	if ps.Input("name") != "DataEngineer" || ps.Input("sessionDuration") != "PT8H" || ps.Input("description") != "Data work" {
		t.Errorf("permission set inputs %v", ps.Inputs)
	}
	arn := ps.Output("arn")
	if !strings.HasPrefix(arn, "arn:aws:sso:::permissionSet/ssoins-") {
		t.Fatalf("permission set ARN %q", arn)
	}
	var managed []string
	for _, r := range p.Find("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment") {
		if r.Input("permissionSetArn") == arn {
			managed = append(managed, r.Input("managedPolicyArn"))
		}
	}
	slices.Sort(managed)
	if !slices.Equal(managed, []string{"arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/DataScientist"}) {
		t.Errorf("managed policies %v", managed)
	}
	cm := p.Named("aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment", "identity-DataEngineer-customer-lz/acme-data")
	if cm == nil || cm.Input("permissionSetArn") != arn || cm.InputMap("customerManagedPolicyReference")["name"] != "acme-data" ||
		cm.InputMap("customerManagedPolicyReference")["path"] != "/lz/" {
		t.Errorf("customer managed policy %+v", cm)
	}
	inline := p.Named("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "identity-DataEngineer-inline")
	if inline == nil || inline.Input("permissionSetArn") != arn {
		t.Fatalf("inline policy %+v", inline)
	}
	doc, err := policy.Parse(inline.Input("inlinePolicy"))
	if err != nil {
		t.Fatal(err)
	}
	if st, ok := doc.Find("Athena"); !ok || !st.HasAction("athena:StartQueryExecution") || doc.Version != policy.Version {
		t.Errorf("inline policy %s", inline.Input("inlinePolicy"))
	}
	boundary := p.Named("aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment", "identity-DataEngineer-boundary")
	if boundary == nil || boundary.Input("permissionSetArn") != arn {
		t.Fatalf("boundary %+v", boundary)
	}
	ref, _ := boundary.Inputs["permissionsBoundary"].(map[string]any)["customerManagedPolicyReference"].(map[string]any)
	if ref["name"] != "acme-boundary" || ref["path"] != "/" {
		t.Errorf("boundary reference %v (the path defaults to /)", ref)
	}
	// A built-in permission set has its AWS managed policy and nothing else.
	ro := p.Named("aws:ssoadmin/permissionSet:PermissionSet", "identity-ReadOnly")
	if ro == nil || p.Named("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", "identity-ReadOnly-ReadOnlyAccess") == nil ||
		p.Named("aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy", "identity-ReadOnly-inline") != nil {
		t.Errorf("built-in ReadOnly: AWS managed ReadOnlyAccess only")
	}
}

func TestIdentity_IsDeclaredFromTheManagementAccountByDefault(t *testing.T) {
	p, _ := synth(t, `{`+groups+`}`)
	for _, r := range ssoResources(p) {
		if r.Provider == nil || r.Provider.Account != config.KeyManagement || r.Provider.AccountID != mgmtID {
			t.Errorf("%s managed through %+v, want the management account", r.Name, r.Provider)
		}
	}
	if len(p.Find("aws:organizations/delegatedAdministrator:DelegatedAdministrator")) != 0 {
		t.Errorf("a delegated administrator registered without delegatedAdministrator")
	}
}

func TestIdentity_IsDeclaredFromTheDelegatedAdministratorWhichTheManagementAccountRegisters(t *testing.T) {
	// With the instance configured rather than looked up, nothing but the explicit dependency makes
	// the permission sets wait for the delegation.
	p, _ := synth(t, `{"delegatedAdministrator":"shared-services","instanceArn":"arn:aws:sso:::instance/ssoins-72230f1bd8a5e4c9","identityStoreId":"d-90670ab4c2",`+groups+`}`)
	shared := p.Named(plan.AccountType, config.KeySharedServices)
	regs := p.Find("aws:organizations/delegatedAdministrator:DelegatedAdministrator")
	if len(regs) != 1 || regs[0].Input("accountId") != shared.ID || regs[0].Input("servicePrincipal") != "sso.amazonaws.com" ||
		regs[0].Provider.Account != config.KeyManagement {
		t.Fatalf("delegation %+v", regs)
	}
	resources := ssoResources(p)
	if len(resources) == 0 {
		t.Fatal("no Identity Center resource")
	}
	for _, r := range resources {
		if r.Provider == nil || r.Provider.Account != config.KeySharedServices || r.Provider.AccountID != shared.ID || r.Provider.Region != "eu-west-1" {
			t.Errorf("%s managed through %+v, want shared-services in eu-west-1", r.Name, r.Provider)
		}
		if r.Type == "aws:ssoadmin/permissionSet:PermissionSet" && !slices.Contains(r.DependsOn, regs[0].URN) {
			t.Errorf("%s does not wait for the delegation", r.Name)
		}
	}
}

func TestIdentity_AssignsGroupsByIDOrLookedUpNameAndWaitsForThePermissionSetPolicies(t *testing.T) {
	p, org := synth(t, `{"instanceArn":"arn:aws:sso:::instance/ssoins-72230f1bd8a5e4c9","identityStoreId":"d-90670ab4c2",`+groups+`,
		"assignments":[{"group":"devs","permissionSets":["PowerUser"],"accounts":["app-prod"]}]}`)
	assignments := p.Find(identity.AssignmentType)
	if len(assignments) != len(org.AccessMatrix()) {
		t.Fatalf("%d assignments, want %d", len(assignments), len(org.AccessMatrix()))
	}
	appID := p.Named(plan.AccountType, "app-prod").ID
	securityIDs := map[string]bool{}
	for _, r := range assignments {
		a, _ := identity.ParseAssignmentName(r.Name)
		if r.Input("instanceArn") != "arn:aws:sso:::instance/ssoins-72230f1bd8a5e4c9" {
			t.Errorf("%s: instance %s, want the configured one", r.Name, r.Input("instanceArn"))
		}
		switch a.Group {
		case "devs":
			if r.Input("principalId") != "9067a1b2c3-4d5e6f70-8a7b-4c9d-8e1f-2a3b4c5d6e7f" || r.Input("targetId") != appID {
				t.Errorf("devs assignment %v", r.Inputs)
			}
			attachment := p.Named("aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment", "identity-PowerUser-PowerUserAccess")
			if !slices.Contains(r.DependsOn, attachment.URN) {
				t.Errorf("the assignment does not wait for the permission set's policy: %v", r.DependsOn)
			}
		case "security":
			securityIDs[r.Input("principalId")] = true
		}
	}
	// The security group is found by display name: one ID, looked up in the configured store.
	if len(securityIDs) != 1 || securityIDs[""] {
		t.Errorf("security group IDs %v", securityIDs)
	}
}

func TestIdentity_LooksUpTheInstanceWhenNotConfigured(t *testing.T) {
	p, _ := synth(t, `{`+groups+`}`)
	for _, r := range ssoResources(p) {
		if !strings.HasPrefix(r.Input("instanceArn"), "arn:aws:sso:::instance/ssoins-") {
			t.Errorf("%s: instance %q", r.Name, r.Input("instanceArn"))
		}
	}
}

func TestParseAssignmentName_ReadsBackWhatAssignmentNameWrites(t *testing.T) {
	a := config.Access{Account: "payments-prod", Group: "platform-admins", PermissionSet: "Admin.Ops@x"}
	got, ok := identity.ParseAssignmentName(identity.AssignmentName("identity", a))
	if !ok || got.Account != a.Account || got.Group != a.Group || got.PermissionSet != a.PermissionSet {
		t.Errorf("got %+v", got)
	}
}

// TestIdentity_ChangesToOnePermissionSetNeverRunConcurrently: Identity Center answers concurrent
// changes to one permission set with ConflictException, so of any two attachments of the same
// permission set one waits for the other.
func TestIdentity_ChangesToOnePermissionSetNeverRunConcurrently(t *testing.T) {
	p, _ := synth(t, `{`+groups+`,`+dataEngineer+`}`)
	arn := p.Named("aws:ssoadmin/permissionSet:PermissionSet", "identity-DataEngineer").Output("arn")
	var attachments []*plan.Resource
	for _, r := range ssoResources(p) {
		if r.Type != "aws:ssoadmin/permissionSet:PermissionSet" && r.Type != identity.AssignmentType && r.Input("permissionSetArn") == arn {
			attachments = append(attachments, r)
		}
	}
	if len(attachments) != 5 {
		t.Fatalf("%d attachments to DataEngineer, want 2 managed, 1 customer managed, the inline policy and the boundary", len(attachments))
	}
	for i, a := range attachments {
		for _, b := range attachments[i+1:] {
			if !slices.Contains(a.DependsOn, b.URN) && !slices.Contains(b.DependsOn, a.URN) {
				t.Errorf("%s and %s may run at the same time", a.Name, b.Name)
			}
		}
	}
}
