// Package delivery is the Delivery component: keyless access for the landing zone's own runs. In
// the management account it creates the IAM OIDC identity providers of Pulumi Cloud and GitHub
// Actions, a read-only preview role and a deploy role, whose trust policies accept only tokens for
// this Pulumi project and stack (per operation), this Pulumi ESC environment, and this GitHub
// repository's pull requests, branch and protected environment. No AWS key is created or stored.
//
// Previews are read-only in member accounts too: a service-managed StackSet on the root gives every
// member account a read-only preview role trusted by the management preview role alone, which may
// assume no other role (not the access role). A run is read-only when ReadOnlyEnv is true; the
// program's member providers then assume that role (pkg/account, main.go).
//
// It is not the pipeline itself (.github/workflows and the Pulumi Deployments settings are). The
// deploy role reaches member accounts through the access role, as the landing zone's providers do.
package delivery
