package delivery

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// Type is the component's type token: it is in every child's URN, so it never changes.
const Type = "landingzone:index:Delivery"

// Args are what the component needs.
type Args struct {
	// Prefix starts the role names; the baseline SCP protects "<prefix>-*" roles.
	Prefix string
	// Settings are the validated delivery settings, with Keyless on.
	Settings config.Delivery
	// AccessRoleName is the role the landing zone assumes in member accounts.
	AccessRoleName string
	// Management is the management account's provider in the home Region (IAM is global; the
	// member preview role's StackSet is administered from the home Region).
	Management *aws.Provider
	// HomeRegion is the Region of the StackSet instance that deploys the member preview role.
	HomeRegion string
	// RootID is the organization root the StackSet targets: every member account, now and later.
	RootID pulumi.StringInput
	// Organization is waited for before the StackSet: trusted access for StackSets must be on.
	Organization pulumi.Resource
	// OrganizationID keeps the preview role's reach inside the organization (PreviewPolicy).
	OrganizationID pulumi.StringInput
}

// Delivery is the keyless access the landing zone gives its own runs.
type Delivery struct {
	pulumi.ResourceState

	PulumiProviderArn pulumi.StringOutput
	GitHubProviderArn pulumi.StringOutput
	PreviewRoleArn    pulumi.StringOutput
	DeployRoleArn     pulumi.StringOutput
}

// maxSessionSeconds is how long a deploy session lasts: a first run creating the organization's
// accounts and a directory takes well over the default hour.
const maxSessionSeconds = 4 * 3600

// New creates the OIDC providers and the preview and deploy roles in the management account.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Delivery, error) {
	if args == nil || args.Management == nil || args.RootID == nil || args.HomeRegion == "" {
		return nil, errors.New("delivery: the management provider, the home Region and the root ID are required")
	}
	s := args.Settings
	if !s.Keyless || s.PulumiOrganization == "" || s.GitHubRepository == "" || s.GitHubBranch == "" {
		return nil, errors.New("delivery: keyless settings are incomplete (validate the configuration first)")
	}
	d := &Delivery{}
	if err := ctx.RegisterComponentResource(Type, name, d, opts...); err != nil {
		return nil, err
	}
	mgmt := []pulumi.ResourceOption{pulumi.Parent(d), pulumi.Provider(args.Management)}

	pulumiProvider, err := iam.NewOpenIdConnectProvider(ctx, name+"-pulumi-oidc", &iam.OpenIdConnectProviderArgs{
		Url:           pulumi.String("https://" + PulumiIssuer),
		ClientIdLists: pulumi.ToStringArray(PulumiAudiences(s)),
	}, mgmt...)
	if err != nil {
		return nil, fmt.Errorf("delivery: Pulumi OIDC provider: %w", err)
	}
	githubProvider, err := iam.NewOpenIdConnectProvider(ctx, name+"-github-oidc", &iam.OpenIdConnectProviderArgs{
		Url:           pulumi.String("https://" + GitHubIssuer),
		ClientIdLists: pulumi.ToStringArray([]string{GitHubAudience}),
	}, mgmt...)
	if err != nil {
		return nil, fmt.Errorf("delivery: GitHub OIDC provider: %w", err)
	}
	d.PulumiProviderArn, d.GitHubProviderArn = pulumiProvider.Arn, githubProvider.Arn

	trust := func(build func(config.Delivery, string, string) policy.Document) pulumi.StringOutput {
		return pulumi.All(pulumiProvider.Arn, githubProvider.Arn).ApplyT(func(arns []any) (string, error) {
			return build(s, arns[0].(string), arns[1].(string)).JSON()
		}).(pulumi.StringOutput)
	}
	var previewPolicy pulumi.StringInput
	if args.OrganizationID != nil {
		previewPolicy = args.OrganizationID.ToStringOutput().ApplyT(func(id string) (string, error) {
			return PreviewPolicy(args.Prefix, id).JSON()
		}).(pulumi.StringOutput)
	} else {
		body, err := PreviewPolicy(args.Prefix, "").JSON()
		if err != nil {
			return nil, fmt.Errorf("delivery: preview policy: %w", err)
		}
		previewPolicy = pulumi.String(body)
	}
	preview, err := iam.NewRole(ctx, name+"-preview-role", &iam.RoleArgs{
		Name:             pulumi.String(PreviewRoleName(args.Prefix)),
		Description:      pulumi.String("Read-only: pulumi preview and refresh of the landing zone, from Pulumi Deployments and pull requests (OIDC)."),
		AssumeRolePolicy: trust(PreviewTrust),
	}, mgmt...)
	if err != nil {
		return nil, fmt.Errorf("delivery: preview role: %w", err)
	}
	if _, err := iam.NewRolePolicyAttachment(ctx, name+"-preview-read-only", &iam.RolePolicyAttachmentArgs{
		Role: preview.Name, PolicyArn: pulumi.String(ReadOnlyAccess),
	}, mgmt...); err != nil {
		return nil, fmt.Errorf("delivery: preview role read-only policy: %w", err)
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-preview-policy", &iam.RolePolicyArgs{
		Role: preview.Name, Name: pulumi.String("reach-member-accounts"), Policy: previewPolicy,
	}, mgmt...); err != nil {
		return nil, fmt.Errorf("delivery: preview role policy: %w", err)
	}
	deployPolicy, err := DeployPolicy(args.AccessRoleName).JSON()
	if err != nil {
		return nil, fmt.Errorf("delivery: deploy policy: %w", err)
	}
	deploy, err := iam.NewRole(ctx, name+"-deploy-role", &iam.RoleArgs{
		Name:               pulumi.Sprintf("%s-deploy", args.Prefix),
		Description:        pulumi.String("pulumi up of the landing zone, from Pulumi Deployments, the protected GitHub environment or the ESC environment (OIDC)."),
		AssumeRolePolicy:   trust(DeployTrust),
		MaxSessionDuration: pulumi.Int(maxSessionSeconds),
	}, mgmt...)
	if err != nil {
		return nil, fmt.Errorf("delivery: deploy role: %w", err)
	}
	if _, err := iam.NewRolePolicy(ctx, name+"-deploy-policy", &iam.RolePolicyArgs{
		Role: deploy.Name, Name: pulumi.String("landing-zone-services"), Policy: pulumi.String(deployPolicy),
	}, mgmt...); err != nil {
		return nil, fmt.Errorf("delivery: deploy role policy: %w", err)
	}
	if err := d.memberPreviewRoles(ctx, name, args, preview, mgmt); err != nil {
		return nil, err
	}
	d.PreviewRoleArn, d.DeployRoleArn = preview.Arn, deploy.Arn
	if err := ctx.RegisterResourceOutputs(d, d.Outputs()); err != nil {
		return nil, err
	}
	return d, nil
}

// Outputs are the component's outputs, as registered and as the stack exports them.
func (d *Delivery) Outputs() pulumi.Map {
	return pulumi.Map{
		"pulumiOidcProviderArn": d.PulumiProviderArn,
		"githubOidcProviderArn": d.GitHubProviderArn,
		"previewRoleArn":        d.PreviewRoleArn,
		"deployRoleArn":         d.DeployRoleArn,
	}
}
