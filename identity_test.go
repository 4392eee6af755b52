package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/identity"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
)

const (
	permissionSetType = "aws:ssoadmin/permissionSet:PermissionSet"
	delegationType    = "aws:organizations/delegatedAdministrator:DelegatedAdministrator"
)

// identityAccount is the account an Identity resource must be managed from: the management account
// registers the delegated administrator; everything else comes from the administering account.
func identityAccount(cfg *config.Organization, r *plan.Resource) string {
	if r.Type == delegationType || cfg.Identity.DelegatedAdministrator == "" {
		return config.KeyManagement
	}
	return cfg.Identity.DelegatedAdministrator
}

// identityRegion is the Region a resource must be managed in, outside the Regional security
// services: Identity Center's Region for the Identity component, the home Region otherwise.
func identityRegion(cfg *config.Organization, r *plan.Resource) string {
	if cfg.Identity != nil && strings.Contains(r.URN, identity.TypeToken+"$") && r.Type != delegationType {
		return cfg.Identity.Region
	}
	return cfg.HomeRegion
}

// identityProviders is how many providers Identity Center adds to those the rest of the landing
// zone uses: none when the administering account is already reached in the instance's Region (the
// management account, the security account, or an account another component reaches), else one,
// whatever the number of accounts.
func identityProviders(s synthesized) int {
	id := s.cfg.Identity
	if id == nil {
		return 0
	}
	admin := config.KeyManagement
	if id.DelegatedAdministrator != "" {
		admin = id.DelegatedAdministrator
	}
	for _, r := range s.plan.Resources {
		if r.Provider != nil && r.Provider.Account == admin && r.Provider.Region == id.Region &&
			!strings.Contains(r.URN, identity.TypeToken+"$") {
			return 0
		}
	}
	return 1
}

// checkIdentity: the registered assignments are exactly the configured access matrix, each to the
// right account, group and permission set; no one reaches a suspended account or the management
// account; the security team has its audit access everywhere else and is alone in the log-archive
// account; administrator access reaches a regulated account only through an assignment that says
// allowRegulated.
func checkIdentity(t *testing.T, s synthesized) {
	t.Helper()
	assignments := s.plan.Find(identity.AssignmentType)
	if s.cfg.Identity == nil {
		if len(assignments)+len(s.plan.Find(permissionSetType)) != 0 {
			t.Errorf("no identity section, yet %d assignments", len(assignments))
		}
		return
	}
	id := s.cfg.Identity
	accountIDs := map[string]string{}
	for _, a := range s.plan.Find(plan.AccountType) {
		accountIDs[a.Name] = a.ID
	}
	setArns := map[string]string{}
	for _, ps := range s.plan.Find(permissionSetType) {
		setArns[ps.Input("name")] = ps.Output("arn")
	}
	for name := range id.PermissionSets {
		if setArns[name] == "" {
			t.Errorf("permission set %s is not registered", name)
		}
	}

	type triple = [3]string
	want := map[triple]config.Access{}
	for _, a := range s.cfg.AccessMatrix() {
		want[triple{a.Account, a.Group, a.PermissionSet}] = a
	}
	got := map[triple]bool{}
	for _, r := range assignments {
		a, ok := identity.ParseAssignmentName(r.Name)
		if !ok {
			t.Errorf("assignment %s: unreadable name", r.Name)
			continue
		}
		k := triple{a.Account, a.Group, a.PermissionSet}
		got[k] = true
		if _, ok := want[k]; !ok {
			t.Errorf("assignment %v registered but not configured", k)
		}
		if r.Input("targetId") != accountIDs[a.Account] || r.Input("targetType") != "AWS_ACCOUNT" ||
			r.Input("principalType") != "GROUP" || r.Input("permissionSetArn") != setArns[a.PermissionSet] {
			t.Errorf("assignment %v: target %s (%s), principal type %s, permission set %s", k, r.Input("targetId"), r.Input("targetType"), r.Input("principalType"), r.Input("permissionSetArn"))
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("assignment %v configured but not registered", k)
		}
	}

	for _, acct := range s.cfg.Accounts() {
		var groups []string
		for k := range want {
			if k[0] == acct.Key {
				groups = append(groups, k[1])
			}
		}
		switch {
		case acct.Suspended():
			if len(groups) > 0 {
				t.Errorf("suspended account %s is reachable by %v", acct.Key, groups)
			}
			continue
		case acct.Key == config.KeyLogArchive:
			for _, g := range groups {
				if g != id.SecurityAudit.Group {
					t.Errorf("group %s reaches the log-archive account", g)
				}
			}
		}
		for _, set := range id.SecurityAudit.PermissionSets {
			if _, ok := want[triple{acct.Key, id.SecurityAudit.Group, set}]; !ok {
				t.Errorf("the security team lacks %s in %s", set, acct.Key)
			}
		}
	}
	for k, a := range want {
		acct, _ := findKey(s.cfg.Accounts(), k[0])
		if !acct.Regulated() || !id.PermissionSets[k[2]].Privileged() {
			continue
		}
		if !strings.HasPrefix(a.Source, "identity.assignments[") || !assignmentAt(id, a.Source).AllowRegulated {
			t.Errorf("%v: administrator access to a regulated account from %s without allowRegulated", k, a.Source)
		}
	}
	if _, ok := accountIDs[config.KeyManagement]; ok {
		t.Errorf("the management account is among the vended accounts")
	}
	for _, r := range assignments {
		if s.cfg.ManagementAccountID != "" && r.Input("targetId") == s.cfg.ManagementAccountID {
			t.Errorf("%s assigns the management account", r.Name)
		}
	}
	if d := id.DelegatedAdministrator; d != "" {
		regs := s.plan.Find(delegationType)
		found := slices.ContainsFunc(regs, func(r *plan.Resource) bool {
			return r.Input("servicePrincipal") == identity.ServicePrincipal && r.Input("accountId") == accountIDs[d]
		})
		if !found {
			t.Errorf("%s is not registered as Identity Center's delegated administrator", d)
		}
	}
}

func findKey(accounts []config.Account, key string) (config.Account, bool) {
	for _, a := range accounts {
		if a.Key == key {
			return a, true
		}
	}
	return config.Account{}, false
}

// assignmentAt returns the assignment a config path ("identity.assignments[3]") names.
func assignmentAt(id *config.Identity, path string) config.Assignment {
	for i, a := range id.Assignments {
		if path == fmt.Sprintf("identity.assignments[%d]", i) {
			return a
		}
	}
	return config.Assignment{}
}

// TestPlan_ReportShowsTheAccessMatrixAsConfigured: the plan's access section is read from the
// registered assignments and says the same as the configuration's matrix; the acme fixture's
// log-archive account is the security team's alone and its suspended account has no line.
func TestPlan_ReportShowsTheAccessMatrixAsConfigured(t *testing.T) {
	s := synthesize(t, acmeFixture)
	want := map[string]map[string][]string{}
	for _, a := range s.cfg.AccessMatrix() {
		if want[a.Account] == nil {
			want[a.Account] = map[string][]string{}
		}
		want[a.Account][a.Group] = append(want[a.Account][a.Group], a.PermissionSet)
	}
	if got := s.plan.AccessMatrix(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("plan access matrix:\n got %v\nwant %v", got, want)
	}
	var out strings.Builder
	s.plan.Report(&out)
	for _, line := range []string{
		"IAM Identity Center (declared from shared-services, eu-west-1): permission sets",
		"  - enable IAM Identity Center for the organization in eu-west-1 (once, in the IAM Identity Center console",
		"  BreakGlass  PT1H: AdministratorAccess\n",
		"  DataEngineer  PT8H: ReadOnlyAccess, inline (",
		"  log-archive <- security: ReadOnly, SecurityAudit\n",
		"  cardholder-data-prod <- cde-operators: CardholderDataOperator; security: ReadOnly, SecurityAudit; sre: ReadOnly\n",
	} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("report lacks %q", line)
		}
	}
	if strings.Contains(out.String(), "legacy-crm-prod <-") {
		t.Errorf("the suspended account has access")
	}
}

// TestStackOutputs_IdentityCarriesPermissionSetArnsAndTheAccessMatrix: other stacks and people read
// each permission set's ARN and who reaches which account from the identity output.
func TestStackOutputs_IdentityCarriesPermissionSetArnsAndTheAccessMatrix(t *testing.T) {
	org, v := acmeValues(t, func(lz *LandingZone) []any { return []any{lz.Identity.Outputs()} })
	got := v[0].(map[string]any)
	sets, _ := got["permissionSets"].(map[string]string)
	for name := range org.Identity.PermissionSets {
		if arn := sets[name]; !strings.HasPrefix(arn, "arn:aws:sso:::permissionSet/ssoins-") {
			t.Errorf("permission set %s ARN %v", name, sets[name])
		}
	}
	if !strings.HasPrefix(got["instanceArn"].(string), "arn:aws:sso:::instance/ssoins-") || got["administeredFrom"] != config.KeySharedServices {
		t.Errorf("instance %v, administered from %v", got["instanceArn"], got["administeredFrom"])
	}
	access, _ := got["access"].(map[string]any)
	logArchive, _ := access[config.KeyLogArchive].(map[string]any)
	if len(logArchive) != 1 || fmt.Sprint(logArchive["security"]) != "[ReadOnly SecurityAudit]" {
		t.Errorf("log-archive access %v", logArchive)
	}
	if got["assignments"] != len(org.AccessMatrix()) {
		t.Errorf("%v assignments, want %d", got["assignments"], len(org.AccessMatrix()))
	}
}
