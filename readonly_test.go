package main

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/delivery"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// memberRoles returns, for every member-account provider, the role it assumes and its session name.
func memberRoles(t *testing.T, p *plan.Plan) map[string][2]string {
	t.Helper()
	out := map[string][2]string{}
	for _, prov := range p.Find(plan.ProviderType) {
		role, ok := prov.Inputs["assumeRole"].(map[string]any)
		if !ok {
			continue // the management providers use the run's own credentials
		}
		arn, _ := role["roleArn"].(string)
		session, _ := role["sessionName"].(string)
		out[prov.Name] = [2]string{arn, session}
	}
	return out
}

func urns(p *plan.Plan) []string {
	var out []string
	for _, r := range p.Resources {
		out = append(out, r.URN)
	}
	slices.Sort(out)
	return out
}

func TestReadOnlyRun_EveryMemberProviderAssumesTheMemberPreviewRoleAndANormalRunTheAccessRole(t *testing.T) {
	checked := 0
	for _, file := range append(userStacks(t), fixtures(t)...) {
		sc := readStack(t, file)
		org, err := config.Load(sc.Config)
		if err != nil {
			t.Fatal(err)
		}
		if !org.Delivery.Keyless {
			continue
		}
		checked++
		t.Run(file, func(t *testing.T) {
			t.Setenv(delivery.ReadOnlyEnv, "")
			normal, err := runPlan(sc)
			if err != nil {
				t.Fatal(err)
			}
			t.Setenv(delivery.ReadOnlyEnv, "true")
			readOnly, err := runPlan(sc)
			if err != nil {
				t.Fatal(err)
			}
			before, after := memberRoles(t, normal), memberRoles(t, readOnly)
			if len(before) == 0 || !slices.Equal(slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after))) {
				t.Fatalf("member providers differ between the runs: %v / %v", slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)))
			}
			for name, role := range before {
				if !strings.HasSuffix(role[0], ":role/"+org.AccessRoleName) || role[1] != account.SessionName {
					t.Errorf("normal run: %s assumes %v, want the access role", name, role)
				}
				ro := after[name]
				want := strings.TrimSuffix(role[0], org.AccessRoleName) + delivery.PreviewRoleName(org.Prefix)
				if ro[0] != want || ro[1] != account.ReadOnlySessionName {
					t.Errorf("read-only run: %s assumes %v, want %s", name, ro, want)
				}
			}
			// Only which role is assumed changes: the same resources, so a preview shows the member
			// providers updated and nothing else added, removed or replaced.
			if !slices.Equal(urns(normal), urns(readOnly)) {
				t.Error("a read-only run registers other resources than a normal one")
			}
			checkReadOnlyReach(t, org, readOnly)
		})
	}
	if checked == 0 {
		t.Fatal("no stack with delivery.keyless: nothing checked")
	}
}

// checkReadOnlyReach: the member preview role is bound by the SCPs like any role, so a read-only run
// can read only where they let it: not in a suspended account (deny-all), and in a regulated
// account only in the regulated Regions. No member provider may be needed elsewhere.
func checkReadOnlyReach(t *testing.T, org *config.Organization, p *plan.Plan) {
	t.Helper()
	ous := map[string]string{}
	for _, a := range org.Accounts() {
		ous[a.Key] = a.OU
	}
	for _, r := range p.Resources {
		if !r.Custom || r.Provider == nil || r.Provider.Account == config.KeyManagement || r.Type == plan.ProviderType {
			continue
		}
		ou := ous[r.Provider.Account]
		allowed := org.Guardrails.AllowedRegions
		if ou == config.OURegulated || strings.HasPrefix(ou, config.OURegulated+"/") {
			allowed = org.Guardrails.RegulatedAllowedRegions
		}
		switch {
		case ou == config.OUSuspended:
			t.Errorf("%s is in suspended account %s: the suspended OU denies the preview's reads", r.Name, r.Provider.Account)
		case !slices.Contains(allowed, r.Provider.Region):
			t.Errorf("%s is in %s, %s: the Region deny of OU %s refuses the preview's reads there", r.Name, r.Provider.Account, r.Provider.Region, ou)
		}
	}
}

func TestReadOnlyRun_RefusesABadSwitchAndAStackWithoutTheMemberRole(t *testing.T) {
	sc := readStack(t, acmeFixture)
	t.Setenv(delivery.ReadOnlyEnv, "yes please")
	if _, err := runPlan(sc); err == nil || !strings.Contains(err.Error(), delivery.ReadOnlyEnv+`="yes please": want true or false`) {
		t.Errorf("bad value: %v", err)
	}
	var without string
	for _, file := range fixtures(t) {
		org, err := config.Load(readStack(t, file).Config)
		if err == nil && !org.Delivery.Keyless {
			without = file
			break
		}
	}
	if without == "" {
		t.Fatal("every fixture is keyless: the refusal is untested")
	}
	t.Setenv(delivery.ReadOnlyEnv, "true")
	_, err := runPlan(readStack(t, without))
	if err == nil || !strings.Contains(err.Error(), "delivery.keyless is off") {
		t.Errorf("%s: %v", without, err)
	}
	t.Setenv(delivery.ReadOnlyEnv, "false")
	if _, err := runPlan(sc); err != nil {
		t.Errorf("false is a normal run: %v", err)
	}
}

// TestReadOnlyRun_EveryKeyLetsItsAccountsPreviewRoleReadItsConfigurationOnly: a refresh reads every
// KMS key back (DescribeKey, GetKeyPolicy, GetKeyRotationStatus, ListResourceTags). A key whose
// administration is limited to named principals ignores IAM, so ReadOnlyAccess alone cannot: each
// member-account key names its account's preview role for those reads, and for nothing that uses
// the key.
func TestReadOnlyRun_EveryKeyLetsItsAccountsPreviewRoleReadItsConfigurationOnly(t *testing.T) {
	for _, file := range append(userStacks(t), fixtures(t)...) {
		sc := readStack(t, file)
		org, err := config.Load(sc.Config)
		if err != nil {
			t.Fatal(err)
		}
		p, err := runPlan(sc)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range p.Find("aws:kms/key:Key") {
			if key.Provider == nil || key.Provider.Account == config.KeyManagement {
				continue // the management account's keys grant the account, so IAM (ReadOnlyAccess) decides
			}
			doc, err := policy.Parse(key.Input("policy"))
			if err != nil {
				t.Fatal(err)
			}
			st, ok := doc.Find("PreviewReadsKeyConfiguration")
			want := "arn:aws:iam::" + key.Provider.AccountID + ":role/" + delivery.PreviewRoleName(org.Prefix)
			if !ok || !slices.Equal(st.Condition["ArnEquals"]["aws:PrincipalArn"], []string{want}) ||
				!slices.Equal(st.Action, policy.KeyConfigurationReads) {
				t.Errorf("%s: %s cannot be read back by %s: %+v", file, key.Name, want, st)
			}
		}
	}
}
