package config

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// identityConfig is an organization with a nested OU (Workloads/Data/Lake), a suspended account, a
// regulated one and tagged workloads, and the identity section given.
func identityConfig(identity string) map[string]string {
	c := validConfig()
	c["landingzone:organizationalUnits"] = `["Workloads/Data","Workloads/Data/Lake"]`
	c["landingzone:workloads"] = `[
		{"name":"app-prod","email":"app-prod@example.com","environment":"prod","owner":"team@example.com",
		 "costCenter":"CC-2","businessUnit":"web","application":"app"},
		{"name":"app-dev","email":"app-dev@example.com","environment":"dev","owner":"team@example.com",
		 "costCenter":"CC-2","businessUnit":"web","application":"app"},
		{"name":"lake-prod","email":"lake@example.com","environment":"prod","ou":"Workloads/Data/Lake","owner":"data@example.com",
		 "costCenter":"CC-4","businessUnit":"data","application":"lake"},
		{"name":"old-prod","email":"old@example.com","environment":"prod","state":"suspended","owner":"team@example.com",
		 "costCenter":"CC-2","businessUnit":"web","application":"app"},
		{"name":"cards-prod","email":"cards@example.com","environment":"prod","compliance":"pci-dss","owner":"pay@example.com",
		 "costCenter":"CC-5","businessUnit":"web","application":"cards"}]`
	c["landingzone:identity"] = identity
	return c
}

const identityGroups = `"groups":{"security":{"displayName":"Security"},"admins":{"displayName":"Admins"},
	"devs":{"id":"9067a1b2c3-4d5e6f70-8a7b-4c9d-8e1f-2a3b4c5d6e7f"},"data":{"displayName":"Data"}},
	"securityAudit":{"group":"security"}`

func accessOf(t *testing.T, identity string) []string {
	t.Helper()
	org, err := Load(identityConfig(identity))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range org.AccessMatrix() {
		out = append(out, a.Account+" "+a.Group+" "+a.PermissionSet)
	}
	return out
}

func TestAccessMatrix_ExpandsOUAndTagSelectorsToExactlyTheMatchingActiveAccounts(t *testing.T) {
	got := accessOf(t, `{`+identityGroups+`,"assignments":[
		{"group":"admins","permissionSets":["Administrator"],"ous":["Workloads"]},
		{"group":"data","permissionSets":["ReadOnly"],"ous":["Workloads/Data"]},
		{"group":"devs","permissionSets":["PowerUser","ReadOnly"],"tags":{"Application":"app","Environment":"dev"}},
		{"group":"devs","permissionSets":["ReadOnly"],"tags":{"Environment":"prod"}}]}`)
	// Workloads covers its nested OUs (Workloads/Data/Lake) and not the suspended account (in
	// Suspended) nor the regulated one (in Regulated); the security team is in every active
	// account; tags match all their keys; Environment=prod also matches the core accounts but not
	// log-archive, which only the security team reaches, nor the suspended old-prod.
	want := []string{
		"log-archive security SecurityAudit",
		"security devs ReadOnly",
		"security security SecurityAudit",
		"shared-services devs ReadOnly",
		"shared-services security SecurityAudit",
		"app-prod admins Administrator",
		"app-prod devs ReadOnly",
		"app-prod security SecurityAudit",
		"app-dev admins Administrator",
		"app-dev devs PowerUser",
		"app-dev devs ReadOnly",
		"app-dev security SecurityAudit",
		"lake-prod admins Administrator",
		"lake-prod data ReadOnly",
		"lake-prod devs ReadOnly",
		"lake-prod security SecurityAudit",
		"cards-prod devs ReadOnly",
		"cards-prod security SecurityAudit",
	}
	if !slices.Equal(got, want) {
		t.Errorf("access matrix:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

func TestAccessMatrix_AdministratorReachesARegulatedAccountOnlyWithAllowRegulated(t *testing.T) {
	without := accessOf(t, `{`+identityGroups+`,"assignments":[{"group":"admins","permissionSets":["Administrator","ReadOnly"],"tags":{"Environment":"prod"}}]}`)
	if slices.Contains(without, "cards-prod admins Administrator") {
		t.Errorf("administrator access to the regulated account without allowRegulated: %v", without)
	}
	// The whole assignment leaves the regulated account out, not only its privileged permission set.
	if slices.Contains(without, "cards-prod admins ReadOnly") {
		t.Errorf("a privileged assignment half-applied to the regulated account: %v", without)
	}
	with := accessOf(t, `{`+identityGroups+`,"assignments":[{"group":"admins","permissionSets":["Administrator"],"tags":{"Environment":"prod"},"allowRegulated":true}]}`)
	if !slices.Contains(with, "cards-prod admins Administrator") {
		t.Errorf("allowRegulated did not give the regulated account: %v", with)
	}
}

func TestValidate_RefusesBadIdentityConfigurationWithPaths(t *testing.T) {
	big := `[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":[` + strings.TrimSuffix(strings.Repeat(`"arn:aws:s3:::a-bucket-with-a-rather-long-name/some/prefix/*",`, 200), ",") + `]}]`
	cases := []struct {
		name, identity, path, fragment string
	}{
		{"unknown OU", `{` + identityGroups + `,"assignments":[{"group":"admins","permissionSets":["ReadOnly"],"ous":["Workloads/Prd"]}]}`,
			"identity.assignments[0].ous[0]", `OU "Workloads/Prd" does not exist; the closest is "Workloads/Prod"`},
		{"unknown account", `{` + identityGroups + `,"assignments":[{"group":"admins","permissionSets":["ReadOnly"],"accounts":["app-prd"]}]}`,
			"identity.assignments[0].accounts[0]", `no account is named "app-prd"; the closest is "app-prod"`},
		{"unknown tag value", `{` + identityGroups + `,"assignments":[{"group":"admins","permissionSets":["ReadOnly"],"tags":{"Environment":"production"}}]}`,
			"identity.assignments[0].tags.Environment", `no account carries Environment="production"`},
		{"unknown tag key", `{` + identityGroups + `,"assignments":[{"group":"admins","permissionSets":["ReadOnly"],"tags":{"Team":"web"}}]}`,
			"identity.assignments[0].tags.Team", `no account carries the tag key "Team"`},
		{"unknown permission set", `{` + identityGroups + `,"assignments":[{"group":"admins","permissionSets":["ReadOnlyAccess"],"accounts":["app-prod"]}]}`,
			"identity.assignments[0].permissionSets[0]", `no permission set is named "ReadOnlyAccess"; the closest is "ReadOnly"`},
		{"unknown group", `{` + identityGroups + `,"assignments":[{"group":"admin","permissionSets":["ReadOnly"],"accounts":["app-prod"]}]}`,
			"identity.assignments[0].group", `no group is named "admin"; the closest is "admins"`},
		{"session too long", `{` + identityGroups + `,"permissionSets":{"Ops":{"sessionDuration":"PT13H","managedPolicies":["arn:aws:iam::aws:policy/ReadOnlyAccess"]}}}`,
			"identity.permissionSets.Ops.sessionDuration", "between 1 and 12 hours"},
		{"session too short", `{` + identityGroups + `,"permissionSets":{"Ops":{"sessionDuration":"PT30M","managedPolicies":["arn:aws:iam::aws:policy/ReadOnlyAccess"]}}}`,
			"identity.permissionSets.Ops.sessionDuration", "between 1 and 12 hours"},
		{"session not ISO-8601", `{` + identityGroups + `,"permissionSets":{"Ops":{"sessionDuration":"8h","managedPolicies":["arn:aws:iam::aws:policy/ReadOnlyAccess"]}}}`,
			"identity.permissionSets.Ops.sessionDuration", "not an ISO-8601 duration"},
		{"name too long", `{` + identityGroups + `,"permissionSets":{"PlatformEngineeringAdministrators1":{"managedPolicies":["arn:aws:iam::aws:policy/ReadOnlyAccess"]}}}`,
			"identity.permissionSets.PlatformEngineeringAdministrators1", "must be 1-32 letters"},
		{"name with a space", `{` + identityGroups + `,"permissionSets":{"Read Only":{"managedPolicies":["arn:aws:iam::aws:policy/ReadOnlyAccess"]}}}`,
			`identity.permissionSets["Read Only"]`, "must be 1-32 letters"},
		{"inline policy too large", `{` + identityGroups + `,"permissionSets":{"Big":{"inlinePolicy":` + big + `}}}`,
			"identity.permissionSets.Big.inlinePolicy", "IAM Identity Center allows 10240"},
		{"inline action does not exist", `{` + identityGroups + `,"permissionSets":{"Ops":{"inlinePolicy":[{"Effect":"Allow","Action":["s3:GetObjects"],"Resource":["*"]}]}}}`,
			"identity.permissionSets.Ops.inlinePolicy[0].Action[0]", `"s3:GetObjects" does not exist`},
		{"inline policy with a principal", `{` + identityGroups + `,"permissionSets":{"Ops":{"inlinePolicy":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetObject"],"Resource":["*"]}]}}}`,
			"identity.permissionSets.Ops.inlinePolicy[0]", "an identity policy names no Principal"},
		{"inline statement without resource", `{` + identityGroups + `,"permissionSets":{"Ops":{"inlinePolicy":[{"Effect":"Allow","Action":["s3:GetObject"]}]}}}`,
			"identity.permissionSets.Ops.inlinePolicy[0]", "needs Resource"},
		{"managed policy not AWS managed", `{` + identityGroups + `,"permissionSets":{"Ops":{"managedPolicies":["arn:aws:iam::123456789012:policy/ops"]}}}`,
			"identity.permissionSets.Ops.managedPolicies[0]", "customer managed policies go in customerManagedPolicies"},
		{"too many managed policies", `{` + identityGroups + `,"permissionSets":{"Ops":{"managedPolicies":["arn:aws:iam::aws:policy/A1","arn:aws:iam::aws:policy/A2","arn:aws:iam::aws:policy/A3",
			"arn:aws:iam::aws:policy/A4","arn:aws:iam::aws:policy/A5","arn:aws:iam::aws:policy/A6","arn:aws:iam::aws:policy/A7","arn:aws:iam::aws:policy/A8",
			"arn:aws:iam::aws:policy/A9","arn:aws:iam::aws:policy/A10"],"customerManagedPolicies":[{"name":"ops"}]}}}`,
			"identity.permissionSets.Ops", "attaches 11 managed policies"},
		{"duplicate assignment", `{` + identityGroups + `,"assignments":[
			{"group":"admins","permissionSets":["ReadOnly"],"ous":["Workloads/Prod"]},
			{"group":"admins","permissionSets":["ReadOnly"],"accounts":["app-prod"]}]}`,
			"identity.assignments[1]", `group "admins" already has ReadOnly in app-prod through identity.assignments[0]: duplicate assignment`},
		{"log archive for another team", `{` + identityGroups + `,"assignments":[{"group":"admins","permissionSets":["ReadOnly"],"accounts":["log-archive"]}]}`,
			"identity.assignments[0].accounts[0]", "only the security team"},
		{"regulated admin without consent", `{` + identityGroups + `,"assignments":[{"group":"admins","permissionSets":["Administrator"],"accounts":["cards-prod"]}]}`,
			"identity.assignments[0].accounts[0]", "set allowRegulated: true"},
		{"suspended account", `{` + identityGroups + `,"assignments":[{"group":"admins","permissionSets":["ReadOnly"],"accounts":["old-prod"]}]}`,
			"identity.assignments[0].accounts[0]", "is suspended"},
		{"half an instance", `{"instanceArn":"arn:aws:sso:::instance/ssoins-72230f1bd8a5e4c9",` + identityGroups + `}`,
			"identity", "set both instanceArn and identityStoreId"},
		{"delegated administrator unknown", `{"delegatedAdministrator":"shared-service",` + identityGroups + `}`,
			"identity.delegatedAdministrator", `the closest is "shared-services"`},
		{"security audit with administrator", `{"groups":{"security":{"displayName":"Security"}},"securityAudit":{"group":"security","permissionSets":["Administrator"]}}`,
			"identity.securityAudit.permissionSets[0]", "gives administrator access"},
		{"region not governed", `{"region":"us-west-2",` + identityGroups + `}`,
			"identity.region", "not governed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := problemsOf(t, identityConfig(c.identity))
			if !hasProblem(ps, c.path, c.fragment) {
				t.Errorf("want %s: ...%s...; got %v", c.path, c.fragment, ps)
			}
		})
	}
}

func TestDefaults_BuiltInPermissionSetsAreValidAndBreakGlassIsShort(t *testing.T) {
	org, err := Load(identityConfig(`{` + identityGroups + `}`))
	if err != nil {
		t.Fatal(err)
	}
	sets := org.Identity.PermissionSets
	for _, name := range []string{"Administrator", "PowerUser", "ReadOnly", "SecurityAudit", "Billing", "BreakGlass"} {
		if _, ok := sets[name]; !ok {
			t.Errorf("no built-in %s", name)
		}
	}
	if d, _ := ParseSessionDuration(sets["BreakGlass"].SessionDuration); d != time.Hour {
		t.Errorf("BreakGlass session %s, want the shortest, 1 hour", sets["BreakGlass"].SessionDuration)
	}
	if !sets["BreakGlass"].Privileged() || !sets["Administrator"].Privileged() || sets["ReadOnly"].Privileged() || sets["SecurityAudit"].Privileged() {
		t.Errorf("privileged: Administrator and BreakGlass yes, ReadOnly and SecurityAudit no")
	}
	if org.Identity.Region != "eu-west-1" || !slices.Equal(org.Identity.SecurityAudit.PermissionSets, []string{"SecurityAudit"}) {
		t.Errorf("region %s, security audit %v", org.Identity.Region, org.Identity.SecurityAudit.PermissionSets)
	}
}

func TestParseSessionDuration_ReadsISO8601HoursAndMinutes(t *testing.T) {
	for in, want := range map[string]time.Duration{"PT1H": time.Hour, "PT12H": 12 * time.Hour, "PT1H30M": 90 * time.Minute, "PT90M": 90 * time.Minute} {
		if got, ok := ParseSessionDuration(in); !ok || got != want {
			t.Errorf("%s = %s, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "PT", "1H", "P1D", "PT1.5H", "pt1h"} {
		if _, ok := ParseSessionDuration(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}
