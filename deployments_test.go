package main

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"gopkg.in/yaml.v3"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/delivery"
)

// TestDeploymentSettings_AgreeWithTheProdStack decodes Pulumi.prod.deploy.yaml strictly into the
// SDK's own settings type, and checks that Deployments previews with the stack's preview role (never
// the deploy role), from the stack's repository and branch, and deploys nothing by itself.
func TestDeploymentSettings_AgreeWithTheProdStack(t *testing.T) {
	data, err := os.ReadFile("Pulumi.prod.deploy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Settings apitype.DeploymentSettings `yaml:"settings"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&file); err != nil {
		t.Fatalf("not a deployment settings file: %v", err)
	}
	s := file.Settings
	org, err := config.Load(readStack(t, "Pulumi.prod.yaml").Config)
	if err != nil {
		t.Fatal(err)
	}
	d := org.Delivery
	if !d.Keyless {
		t.Skip("Pulumi.prod.yaml has no keyless access: the settings file is the user's to write")
	}
	wantRole := "arn:aws:iam::" + org.ManagementAccountID + ":role/" + org.Prefix + "-preview"
	if s.Operation == nil || s.Operation.OIDC == nil || s.Operation.OIDC.AWS == nil || s.Operation.OIDC.AWS.RoleARN != wantRole {
		t.Fatalf("Deployments must use the preview role %s: %+v", wantRole, s.Operation)
	}
	if s.GitHub == nil || s.GitHub.Repository != d.GitHubRepository || s.GitHub.DeployCommits || !s.GitHub.PreviewPullRequests {
		t.Errorf("gitHub: %+v (repository %s, previews on, deploys off)", s.GitHub, d.GitHubRepository)
	}
	if s.SourceContext == nil || s.SourceContext.Git == nil || s.SourceContext.Git.Branch != "refs/heads/"+d.GitHubBranch {
		t.Errorf("source: %+v", s.SourceContext)
	}
	for _, want := range []string{"**/*.go", "go.sum", "Pulumi.prod.yaml"} {
		if !slices.Contains(s.GitHub.Paths, want) {
			t.Errorf("path filters lack %s", want)
		}
	}
	// Every Deployments run here holds the preview role: it must be a read-only run (member
	// providers assume the member preview role) and refresh must run the program (or it would
	// configure the providers from the state, with the access role).
	if env := s.Operation.EnvironmentVariables; env[delivery.ReadOnlyEnv].Value != "true" || env["PULUMI_RUN_PROGRAM"].Value != "true" {
		t.Errorf("environment variables %v: want %s and PULUMI_RUN_PROGRAM true", env, delivery.ReadOnlyEnv)
	}
	if !slices.ContainsFunc(s.Operation.PreRunCommands, func(c string) bool { return strings.HasPrefix(c, "go run . plan") }) {
		t.Errorf("pre-run commands do not plan: %v", s.Operation.PreRunCommands)
	}
}

// TestEscEnvironment_LogsInWithTheDeployRoleThroughOIDC: the ESC example logs in through OIDC with
// the prod stack's deploy role, and hands on only the session it gets (no key written in it).
func TestEscEnvironment_LogsInWithTheDeployRoleThroughOIDC(t *testing.T) {
	data, err := os.ReadFile("esc/aws-prod.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		Values struct {
			AWS struct {
				Login struct {
					Open struct {
						OIDC struct {
							RoleArn     string `yaml:"roleArn"`
							SessionName string `yaml:"sessionName"`
							Duration    string `yaml:"duration"`
						} `yaml:"oidc"`
					} `yaml:"fn::open::aws-login"`
				} `yaml:"login"`
			} `yaml:"aws"`
			EnvironmentVariables map[string]string `yaml:"environmentVariables"`
		} `yaml:"values"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&env); err != nil {
		t.Fatal(err)
	}
	org, err := config.Load(readStack(t, "Pulumi.prod.yaml").Config)
	if err != nil {
		t.Fatal(err)
	}
	if org.Delivery.EscEnvironment == "" {
		t.Skip("Pulumi.prod.yaml trusts no ESC environment")
	}
	oidc := env.Values.AWS.Login.Open.OIDC
	if want := "arn:aws:iam::" + org.ManagementAccountID + ":role/" + org.Prefix + "-deploy"; oidc.RoleArn != want || oidc.SessionName == "" {
		t.Errorf("oidc: %+v, want role %s", oidc, want)
	}
	for _, key := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		if v := env.Values.EnvironmentVariables[key]; !strings.HasPrefix(v, "${aws.login.") {
			t.Errorf("%s = %q: only the aws-login session may be handed on", key, v)
		}
	}
}
