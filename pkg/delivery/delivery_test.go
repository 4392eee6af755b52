package delivery_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/delivery"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

const mgmtID = "403815927164"

var settings = config.Delivery{
	Keyless: true, PulumiOrganization: "acme", PulumiProject: "landingzone", PulumiStack: "prod",
	EscEnvironment: "landingzone/aws-prod", GitHubRepository: "acme/aws-landing-zone", GitHubBranch: "main", GitHubEnvironment: "prod",
}

func synth(t *testing.T, s config.Delivery) *plan.Plan {
	t.Helper()
	p, err := plan.Synthesize("test", mgmtID, func(ctx *pulumi.Context) error {
		providers := account.NewProviders(ctx, account.ProvidersArgs{ManagementAccountID: mgmtID, AccessRoleName: "OrganizationAccountAccessRole", Regions: []string{"eu-west-1"}})
		mgmt, err := providers.Management("eu-west-1")
		if err != nil {
			return err
		}
		_, err = delivery.New(ctx, "delivery", &delivery.Args{
			Prefix: "acme", Settings: s, AccessRoleName: "OrganizationAccountAccessRole", Management: mgmt,
			HomeRegion: "eu-west-1", RootID: pulumi.String("r-ab12"),
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func trust(t *testing.T, p *plan.Plan, name string) policy.Document {
	t.Helper()
	role := p.Named("aws:iam/role:Role", name)
	if role == nil {
		t.Fatalf("no role %s", name)
	}
	doc, err := policy.Parse(role.Input("assumeRolePolicy"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

const (
	pulumiArn = "arn:aws:iam::" + mgmtID + ":oidc-provider/api.pulumi.com/oidc"
	githubArn = "arn:aws:iam::" + mgmtID + ":oidc-provider/token.actions.githubusercontent.com"
)

// want is one trust statement as it must be: who, with which audience, for which subjects.
type want struct {
	provider, aud string
	subs          []string
}

func checkTrust(t *testing.T, doc policy.Document, wants map[string]want) {
	t.Helper()
	if len(doc.Statement) != len(wants) {
		t.Errorf("%d statements, want %d: %+v", len(doc.Statement), len(wants), doc.Statement)
	}
	for sid, w := range wants {
		st, ok := doc.Find(sid)
		if !ok {
			t.Errorf("no statement %s", sid)
			continue
		}
		issuer := strings.SplitN(w.provider, ":oidc-provider/", 2)[1]
		if st.Effect != "Allow" || !slices.Equal(st.Action, policy.Strings{"sts:AssumeRoleWithWebIdentity"}) ||
			st.Principal == nil || !slices.Equal(st.Principal.Federated, policy.Strings{w.provider}) {
			t.Errorf("%s: %+v", sid, st)
		}
		// Exact matching only: one operator, StringEquals, on aud and sub and nothing else.
		if len(st.Condition) != 1 || len(st.Condition["StringEquals"]) != 2 {
			t.Errorf("%s: conditions %v: want exactly StringEquals on aud and sub", sid, st.Condition)
		}
		eq := st.Condition["StringEquals"]
		if !slices.Equal(eq[issuer+":aud"], policy.Strings{w.aud}) {
			t.Errorf("%s: aud %v, want %s", sid, eq[issuer+":aud"], w.aud)
		}
		if !slices.Equal(eq[issuer+":sub"], policy.Strings(w.subs)) {
			t.Errorf("%s: sub %v, want %v", sid, eq[issuer+":sub"], w.subs)
		}
	}
}

func TestDelivery_PreviewRoleTrustsOnlyPreviewsOfThisStackAndThisRepository(t *testing.T) {
	checkTrust(t, trust(t, synth(t, settings), "delivery-preview-role"), map[string]want{
		"PulumiDeploymentsPreview": {pulumiArn, "acme", []string{
			"pulumi:deploy:org:acme:project:landingzone:stack:prod:operation:preview:scope:write",
			"pulumi:deploy:org:acme:project:landingzone:stack:prod:operation:refresh:scope:write",
			"pulumi:deploy:org:acme:project:landingzone:stack:prod:operation:detect-drift:scope:write",
		}},
		"GitHubPullRequestsAndBranch": {githubArn, "sts.amazonaws.com", []string{
			"repo:acme/aws-landing-zone:pull_request",
			"repo:acme/aws-landing-zone:ref:refs/heads/main",
		}},
	})
}

func TestDelivery_DeployRoleTrustsUpdatesTheESCEnvironmentAndTheProtectedGitHubEnvironment(t *testing.T) {
	checkTrust(t, trust(t, synth(t, settings), "delivery-deploy-role"), map[string]want{
		"PulumiDeploymentsUpdate":    {pulumiArn, "acme", []string{"pulumi:deploy:org:acme:project:landingzone:stack:prod:operation:update:scope:write"}},
		"PulumiEscEnvironment":       {pulumiArn, "aws:acme", []string{"pulumi:environments:org:acme:env:landingzone/aws-prod"}},
		"GitHubProtectedEnvironment": {githubArn, "sts.amazonaws.com", []string{"repo:acme/aws-landing-zone:environment:prod"}},
	})
}

func TestDelivery_WithoutAnESCEnvironmentTheDeployRoleTrustsNoESCToken(t *testing.T) {
	s := settings
	s.EscEnvironment = ""
	p := synth(t, s)
	if _, ok := trust(t, p, "delivery-deploy-role").Find("PulumiEscEnvironment"); ok {
		t.Error("the deploy role trusts ESC tokens with no ESC environment configured")
	}
	if got := p.Named("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "delivery-pulumi-oidc").Inputs["clientIdLists"]; len(got.([]any)) != 1 {
		t.Errorf("client IDs %v: only the organization (Deployments) without ESC", got)
	}
}

func TestDelivery_NoRoleAcceptsADestroyOrAnotherStackOrAFork(t *testing.T) {
	p := synth(t, settings)
	for _, role := range []string{"delivery-preview-role", "delivery-deploy-role"} {
		text := p.Named("aws:iam/role:Role", role).Input("assumeRolePolicy")
		for _, bad := range []string{"operation:destroy", "StringLike", "*", "?", "stack:staging"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s trust policy contains %q: %s", role, bad, text)
			}
		}
	}
	// The preview role cannot deploy; the deploy role is not reachable from pull requests.
	preview := p.Named("aws:iam/role:Role", "delivery-preview-role").Input("assumeRolePolicy")
	deploy := p.Named("aws:iam/role:Role", "delivery-deploy-role").Input("assumeRolePolicy")
	if strings.Contains(preview, "operation:update") || strings.Contains(preview, ":environment:") {
		t.Errorf("preview role trusts a deployment: %s", preview)
	}
	if strings.Contains(deploy, "pull_request") || strings.Contains(deploy, "operation:preview") {
		t.Errorf("deploy role trusts previews: %s", deploy)
	}
}

func TestDelivery_OIDCProvidersHaveThePulumiAndGitHubAudiences(t *testing.T) {
	p := synth(t, settings)
	for name, w := range map[string]struct {
		url string
		ids []any
	}{
		"delivery-pulumi-oidc": {"https://api.pulumi.com/oidc", []any{"acme", "aws:acme"}},
		"delivery-github-oidc": {"https://token.actions.githubusercontent.com", []any{"sts.amazonaws.com"}},
	} {
		r := p.Named("aws:iam/openIdConnectProvider:OpenIdConnectProvider", name)
		if r == nil || r.Input("url") != w.url || !slices.Equal(r.Inputs["clientIdLists"].([]any), w.ids) {
			t.Errorf("%s: %+v", name, r)
		}
	}
}

func TestDelivery_PreviewRoleOnlyReadsAndDeployRoleOnlyTheLandingZoneServices(t *testing.T) {
	p := synth(t, settings)
	attachments := p.Find("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
	if len(attachments) != 1 || attachments[0].Input("policyArn") != "arn:aws:iam::aws:policy/ReadOnlyAccess" {
		t.Errorf("managed policies: %+v", attachments)
	}
	previewDoc, err := policy.Parse(p.Named("aws:iam/rolePolicy:RolePolicy", "delivery-preview-policy").Input("policy"))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range previewDoc.Statement {
		if st.Effect != policy.Allow || slices.Equal(st.Action, delivery.PreviewInvokeActions) {
			continue
		}
		if !slices.Equal(st.Action, policy.Strings{"sts:AssumeRole"}) || !slices.Equal(st.Resource, policy.Strings{"arn:aws:iam::*:role/acme-preview"}) {
			t.Errorf("preview inline policy allows more than assuming the member preview role and the program's invokes: %+v", st)
		}
	}
	deployDoc, err := policy.Parse(p.Named("aws:iam/rolePolicy:RolePolicy", "delivery-deploy-policy").Input("policy"))
	if err != nil {
		t.Fatal(err)
	}
	services, _ := deployDoc.Find("ManageLandingZoneServices")
	for _, a := range services.Action {
		if a == "*" || !slices.Contains(delivery.DeployServices, strings.TrimSuffix(a, ":*")) {
			t.Errorf("deploy role action %q is outside the landing zone's services", a)
		}
	}
	if r := p.Named("aws:iam/role:Role", "delivery-deploy-role"); r.Inputs["maxSessionDuration"] != float64(14400) || r.Input("name") != "acme-deploy" {
		t.Errorf("deploy role: %+v", r.Inputs)
	}
	for _, r := range p.Resources {
		if r.Custom && r.Type != plan.ProviderType && (r.Provider == nil || r.Provider.Account != config.KeyManagement) {
			t.Errorf("%s is not in the management account: %+v", r.Name, r.Provider)
		}
	}
}

func TestServiceOf_MapsResourceTypesToIAMServicePrefixes(t *testing.T) {
	for typ, want := range map[string]string{
		"aws:cfg/recorder:Recorder":                           "config",
		"aws:cloudwatch/eventRule:EventRule":                  "events",
		"aws:cloudwatch/logGroup:LogGroup":                    "logs",
		"aws:accessanalyzer/analyzer:Analyzer":                "access-analyzer",
		"aws:organizations/account:Account":                   "organizations",
		"aws:s3/bucketV2:BucketV2":                            "s3",
		"aws:iam/openIdConnectProvider:OpenIdConnectProvider": "iam",
		"aws:costexplorer/costCategory:CostCategory":          "ce",
	} {
		if got := delivery.ServiceOf(typ); got != want {
			t.Errorf("ServiceOf(%s) = %q, want %q", typ, got, want)
		}
	}
}
