// Package delivery is the Delivery component: keyless access for the landing zone's own runs. In
// the management account it creates the IAM OIDC identity providers of Pulumi Cloud and GitHub
// Actions, a read-only preview role and a deploy role, whose trust policies accept only tokens for
// this Pulumi project and stack (per operation), this Pulumi ESC environment, and this GitHub
// repository's pull requests, branch and protected environment. No AWS key is created or stored.
//
// It is not the pipeline itself (.github/workflows and the Pulumi Deployments settings are), and it
// grants nothing inside member accounts: the roles reach them through the access role, as the
// landing zone's own providers do.
package delivery
