package delivery

import (
	"fmt"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// The identity providers. IAM names a provider's condition keys by its URL without the scheme:
// "<url>:aud" and "<url>:sub" (IAM User Guide, "Available keys for AWS web identity federation").
const (
	// PulumiIssuer issues the tokens of Pulumi Deployments and of Pulumi ESC's aws-login
	// (https://www.pulumi.com/docs/deployments/deployments/oidc/aws/).
	PulumiIssuer = "api.pulumi.com/oidc"
	// GitHubIssuer issues the tokens of GitHub Actions jobs with `id-token: write`
	// (https://docs.github.com/en/actions/reference/security/oidc).
	GitHubIssuer = "token.actions.githubusercontent.com"
	// GitHubAudience is the audience aws-actions/configure-aws-credentials requests.
	GitHubAudience = "sts.amazonaws.com"
)

const assumeWithWebIdentity = "sts:AssumeRoleWithWebIdentity"

// PulumiAudiences are the client IDs of the Pulumi provider: Deployments tokens carry the
// organization's name; ESC's aws-login tokens carry "aws:<organization>" (the default project
// excepted) (https://www.pulumi.com/docs/esc/guides/configuring-oidc/aws/).
func PulumiAudiences(d config.Delivery) []string {
	out := []string{d.PulumiOrganization}
	if d.EscEnvironment != "" {
		out = append(out, escAudience(d))
	}
	return out
}

func escAudience(d config.Delivery) string { return "aws:" + d.PulumiOrganization }

// DeploymentSubject is the `sub` of a Pulumi Deployments token for one operation (preview, update,
// refresh, destroy) of this project's stack:
// pulumi:deploy:org:<org>:project:<project>:stack:<stack>:operation:<operation>:scope:write.
func DeploymentSubject(d config.Delivery, operation string) string {
	return fmt.Sprintf("pulumi:deploy:org:%s:project:%s:stack:%s:operation:%s:scope:write",
		d.PulumiOrganization, d.PulumiProject, d.PulumiStack, operation)
}

// EscSubject is the `sub` of an ESC aws-login token opened from the environment:
// pulumi:environments:org:<org>:env:<project>/<environment>.
func EscSubject(d config.Delivery) string {
	return fmt.Sprintf("pulumi:environments:org:%s:env:%s", d.PulumiOrganization, d.EscEnvironment)
}

// GitHub subjects (the default subject template): a pull request's job, a job of a branch, and a
// job that runs in an environment (which then names the environment, not the branch: the
// environment's deployment-branch rule restricts the branch).
func pullRequestSubject(d config.Delivery) string {
	return fmt.Sprintf("repo:%s:pull_request", d.GitHubRepository)
}

func branchSubject(d config.Delivery) string {
	return fmt.Sprintf("repo:%s:ref:refs/heads/%s", d.GitHubRepository, d.GitHubBranch)
}

func environmentSubject(d config.Delivery) string {
	return fmt.Sprintf("repo:%s:environment:%s", d.GitHubRepository, d.GitHubEnvironment)
}

// federated is one trust statement: tokens of one provider, with exactly this audience and one of
// these subjects. StringEquals, never StringLike: no wildcard widens who may assume the role.
func federated(sid, providerArn, issuer, audience string, subjects ...string) policy.Statement {
	return policy.Statement{
		Sid: sid, Effect: policy.Allow, Principal: &policy.Principal{Federated: policy.Strings{providerArn}},
		Action: policy.Strings{assumeWithWebIdentity},
		Condition: policy.Conditions{"StringEquals": {
			issuer + ":aud": {audience},
			issuer + ":sub": policy.Strings(subjects),
		}},
	}
}

// PreviewTrust lets Pulumi Deployments preview, refresh and detect drift on this stack (read-only
// operations: the Deployments API's operation enum is update, preview, destroy, refresh,
// detect-drift, remediate-drift, pulumi.com/docs/reference/cloud-rest-api/schema/operationcontext;
// remediate-drift writes, so it is the deploy role's or nobody's), and GitHub Actions preview from
// pull requests and from the configured branch.
func PreviewTrust(d config.Delivery, pulumiProviderArn, githubProviderArn string) policy.Document {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{
		federated("PulumiDeploymentsPreview", pulumiProviderArn, PulumiIssuer, d.PulumiOrganization,
			DeploymentSubject(d, "preview"), DeploymentSubject(d, "refresh"), DeploymentSubject(d, "detect-drift")),
		federated("GitHubPullRequestsAndBranch", githubProviderArn, GitHubIssuer, GitHubAudience,
			pullRequestSubject(d), branchSubject(d)),
	}}
}

// DeployTrust lets Pulumi Deployments update this stack, the ESC environment (if any) log a laptop
// in, and GitHub Actions deploy from jobs of the protected environment. Destroy is nobody's: a
// landing zone is retired account by account, in configuration.
func DeployTrust(d config.Delivery, pulumiProviderArn, githubProviderArn string) policy.Document {
	statements := []policy.Statement{
		federated("PulumiDeploymentsUpdate", pulumiProviderArn, PulumiIssuer, d.PulumiOrganization, DeploymentSubject(d, "update")),
	}
	if d.EscEnvironment != "" {
		statements = append(statements, federated("PulumiEscEnvironment", pulumiProviderArn, PulumiIssuer, escAudience(d), EscSubject(d)))
	}
	statements = append(statements, federated("GitHubProtectedEnvironment", githubProviderArn, GitHubIssuer, GitHubAudience, environmentSubject(d)))
	return policy.Document{Version: policy.Version, Statement: statements}
}
