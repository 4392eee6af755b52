package config

import (
	"regexp"
	"strings"
)

// Delivery configures keyless access for the landing zone's own deployments: IAM OIDC identity
// providers and roles in the management account that Pulumi Deployments, Pulumi ESC and GitHub
// Actions exchange their short-lived tokens for, so no AWS key is ever stored.
type Delivery struct {
	// Keyless switches the OIDC providers and the preview and deploy roles on.
	Keyless bool `json:"keyless"`
	// PulumiOrganization is the Pulumi Cloud organization: the audience of its tokens.
	PulumiOrganization string `json:"pulumiOrganization"`
	// PulumiProject and PulumiStack are the project and stack the Pulumi Deployments tokens must be
	// for (their `sub` names both).
	PulumiProject string `json:"pulumiProject"`
	PulumiStack   string `json:"pulumiStack"`
	// EscEnvironment ("project/environment") is the Pulumi ESC environment whose aws-login may
	// assume the deploy role, for `pulumi up` from a laptop; empty: none.
	EscEnvironment string `json:"escEnvironment"`
	// GitHubRepository ("owner/name") is the repository whose workflows may assume the roles.
	GitHubRepository string `json:"githubRepository"`
	// GitHubBranch is the branch whose pushes may preview (drift checks); pull requests may too.
	GitHubBranch string `json:"githubBranch"`
	// GitHubEnvironment is the GitHub environment (protected, with reviewers) whose jobs may deploy.
	GitHubEnvironment string `json:"githubEnvironment"`
}

var (
	// Pulumi Cloud names: letters, digits, hyphens, underscores and periods.
	pulumiNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$`)
	// GitHub: an owner of 1-39 letters, digits and single hyphens; a repository of letters, digits, ., _ and -.
	githubRepoRe = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}/[A-Za-z0-9._-]{1,100}$`)
	// A branch as a git ref name, without the characters a trust-policy subject cannot hold exactly
	// (`*` and `?` are wildcards in StringLike, `:` separates the subject's parts).
	branchRe = regexp.MustCompile(`^[A-Za-z0-9._/-]{1,255}$`)
	// A GitHub environment name, without the subject separator.
	githubEnvRe = regexp.MustCompile(`^[A-Za-z0-9._ -]{1,255}$`)
)

func (o *Organization) validateDelivery(ps *Problems) {
	d := o.Delivery
	const p = "delivery"
	if !d.Keyless {
		return
	}
	switch {
	case d.PulumiOrganization == "":
		ps.add(p+".pulumiOrganization", "is required with keyless: the Pulumi Cloud organization, the audience of its OIDC tokens")
	case !pulumiNameRe.MatchString(d.PulumiOrganization):
		ps.add(p+".pulumiOrganization", "%q is not a Pulumi organization name (letters, digits, -, _ and .)", d.PulumiOrganization)
	}
	if !pulumiNameRe.MatchString(d.PulumiProject) {
		ps.add(p+".pulumiProject", "%q is not a Pulumi project name (letters, digits, -, _ and .)", d.PulumiProject)
	}
	if !pulumiNameRe.MatchString(d.PulumiStack) {
		ps.add(p+".pulumiStack", "%q is not a Pulumi stack name (letters, digits, -, _ and .)", d.PulumiStack)
	}
	if d.EscEnvironment != "" {
		project, env, ok := strings.Cut(d.EscEnvironment, "/")
		if !ok || !pulumiNameRe.MatchString(project) || !pulumiNameRe.MatchString(env) {
			ps.add(p+".escEnvironment", "%q is not an ESC environment as project/environment (e.g. landingzone/aws-prod)", d.EscEnvironment)
		}
	}
	switch {
	case d.GitHubRepository == "":
		ps.add(p+".githubRepository", "is required with keyless: the owner/name of the repository whose workflows may assume the roles")
	case !githubRepoRe.MatchString(d.GitHubRepository) || strings.HasSuffix(d.GitHubRepository, "/.") || strings.HasSuffix(d.GitHubRepository, "/.."):
		ps.add(p+".githubRepository", "%q is not a GitHub repository as owner/name (e.g. acme/aws-landing-zone)", d.GitHubRepository)
	}
	switch {
	case d.GitHubBranch == "":
		ps.add(p+".githubBranch", "is required with keyless: the branch whose workflows may preview (e.g. main)")
	case !branchRe.MatchString(d.GitHubBranch) || strings.Contains(d.GitHubBranch, "..") || strings.Contains(d.GitHubBranch, "//") ||
		strings.HasPrefix(d.GitHubBranch, "/") || strings.HasSuffix(d.GitHubBranch, "/") || strings.HasPrefix(d.GitHubBranch, "-") ||
		strings.HasSuffix(d.GitHubBranch, ".") || strings.HasSuffix(d.GitHubBranch, ".lock") || strings.HasPrefix(d.GitHubBranch, "refs/"):
		ps.add(p+".githubBranch", "%q is not a branch name (as git allows it, without refs/heads/, wildcards or colons)", d.GitHubBranch)
	}
	if !githubEnvRe.MatchString(d.GitHubEnvironment) {
		ps.add(p+".githubEnvironment", "%q is not a GitHub environment name (letters, digits, spaces, ., _ and -)", d.GitHubEnvironment)
	}
}
