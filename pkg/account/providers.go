package account

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// ProvidersArgs configures the provider factory.
type ProvidersArgs struct {
	// ManagementAccountID pins the management provider (allowedAccountIds) when set.
	ManagementAccountID string
	// AccessRoleName is assumed in member accounts.
	AccessRoleName string
	// ReadOnlyRoleName, when set, is assumed in member accounts instead of the access role: the
	// run is a preview or refresh under the read-only preview role, which may assume nothing else
	// (pkg/delivery). Empty for every run that may write.
	ReadOnlyRoleName string
	// Tags are every provider's default tags.
	Tags map[string]string
	// Regions are the Regions providers may be asked for; any other is a programming error.
	Regions []string
	// WaitForRole, when set, is called with a member account's access role ARN and returns once the
	// role is assumable (or an error once it gives up). The member provider's role ARN resolves only
	// after it returns, so nothing uses a new account before its role works. It runs only during a
	// real update (not ctx.DryRun()); the offline plan and the tests leave it nil.
	WaitForRole func(ctx context.Context, roleArn string) error
}

// Providers creates one aws.Provider per (account, Region) actually used, and caches it. Each
// provider is a plugin process of its own, so asking twice must not make two.
type Providers struct {
	ctx   *pulumi.Context
	args  ProvidersArgs
	mu    sync.Mutex
	cache map[string]*aws.Provider
}

// NewProviders returns an empty factory: a provider exists only once something asks for it.
func NewProviders(ctx *pulumi.Context, args ProvidersArgs) *Providers {
	return &Providers{ctx: ctx, args: args, cache: map[string]*aws.Provider{}}
}

// ManagedByTag marks everything the landing zone creates.
const ManagedByTag = config.TagManagedBy

// ManagedByValue is the ManagedBy tag's value.
const ManagedByValue = "landing-zone"

// Management returns the management account's provider in a Region. It uses the credentials the
// program runs with; when the management account ID is configured, it refuses any other account.
func (p *Providers) Management(region string) (*aws.Provider, error) {
	return p.get(config.KeyManagement, region, func() *aws.ProviderArgs {
		args := p.baseArgs(region, nil)
		if p.args.ManagementAccountID != "" {
			args.AllowedAccountIds = pulumi.ToStringArray([]string{p.args.ManagementAccountID})
		}
		return args
	})
}

// Session names of the member providers: CloudTrail records them in every assumed-role ARN, so
// a reader of the trail tells a read-only run from one that may write.
const (
	SessionName         = "landing-zone"
	ReadOnlySessionName = "landing-zone-read-only"
)

// Member returns the provider for a member account in a Region: it assumes the account's access role
// from the management credentials (in a read-only run, the read-only role) and refuses to act in
// any other account.
//
// Which role is assumed is a provider input, so a read-only run shows every member provider as
// updated ([diff: ~assumeRole]) and nothing else: the bridge replaces a provider only for a config
// property marked ForcesProviderReplace (pulumi-terraform-bridge pkg/tfbridge/provider.go,
// configDiffer.DiffConfig), which pulumi-aws sets on no assumeRole property (only, in some v6
// releases, on region: pulumi/pulumi-aws#4000, #5656), and an updated provider keeps its ID
// (pulumi/pulumi pkg/resource/deploy/step.go UpdateStep.Apply), so the reference its resources
// hold is unchanged and none of them is diffed for it (step_generator.go providerChanged).
func (p *Providers) Member(acct *Account, region string) (*aws.Provider, error) {
	if acct == nil {
		return nil, fmt.Errorf("providers: no account given for Region %s", region)
	}
	return p.get(acct.Config.Key, region, func() *aws.ProviderArgs {
		args := p.baseArgs(region, acct.Config.Tags)
		// A new account's access role is waited for during an update; the read-only role exists
		// only in accounts that already have the member preview role, and a read-only run writes
		// nothing, so it is never waited for.
		role, session := p.assumableRoleArn(acct), SessionName
		if p.args.ReadOnlyRoleName != "" {
			role, session = RoleArn(acct.ID, p.args.ReadOnlyRoleName), ReadOnlySessionName
		}
		args.AssumeRole = &aws.ProviderAssumeRoleArgs{
			RoleArn:     role,
			SessionName: pulumi.String(session),
		}
		args.AllowedAccountIds = pulumi.StringArray{acct.ID}
		return args
	})
}

// assumableRoleArn is the account's access role ARN; during a real update it resolves only once the
// role can be assumed. A new account's role is created by Organizations with the account but can take
// a while to become assumable (IAM is eventually consistent; REFERENCE.md, "Slow resources"), and the
// provider's first call would fail with AccessDenied. The value is the same string either way, so the
// provider's inputs, and any diff, are unchanged; in a preview the role may not exist yet and is not
// waited for.
func (p *Providers) assumableRoleArn(acct *Account) pulumi.StringOutput {
	if p.args.WaitForRole == nil || p.ctx.DryRun() {
		return acct.AccessRoleArn
	}
	wait := p.args.WaitForRole
	return acct.AccessRoleArn.ApplyTWithContext(p.ctx.Context(), func(ctx context.Context, arn string) (string, error) {
		if err := wait(ctx, arn); err != nil {
			return "", err
		}
		return arn, nil
	}).(pulumi.StringOutput)
}

// Count is the number of providers created so far: a performance figure the plan reports.
func (p *Providers) Count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.cache)
}

func (p *Providers) get(key, region string, build func() *aws.ProviderArgs) (*aws.Provider, error) {
	if !slices.Contains(p.args.Regions, region) {
		return nil, fmt.Errorf("providers: Region %q is not governed (governed: %v)", region, p.args.Regions)
	}
	name := key + "-" + region
	p.mu.Lock()
	defer p.mu.Unlock()
	if prov, ok := p.cache[name]; ok {
		return prov, nil
	}
	prov, err := aws.NewProvider(p.ctx, name, build())
	if err != nil {
		return nil, fmt.Errorf("providers: %s: %w", name, err)
	}
	p.cache[name] = prov
	return prov, nil
}

func (p *Providers) baseArgs(region string, accountTags map[string]string) *aws.ProviderArgs {
	tags := map[string]string{ManagedByTag: ManagedByValue}
	maps.Copy(tags, p.args.Tags)
	maps.Copy(tags, accountTags)
	return &aws.ProviderArgs{
		Region:      pulumi.String(region),
		DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(tags)},
	}
}

// In are the options of a component's child declared in one account and Region: its parent, the
// provider of that account and Region, and whatever it waits for (nil entries, optional
// dependencies, left out).
func In(parent pulumi.Resource, provider *aws.Provider, dependsOn ...pulumi.Resource) []pulumi.ResourceOption {
	opts := []pulumi.ResourceOption{pulumi.Parent(parent), pulumi.Provider(provider)}
	var deps []pulumi.Resource
	for _, d := range dependsOn {
		if d != nil {
			deps = append(deps, d)
		}
	}
	if len(deps) > 0 {
		opts = append(opts, pulumi.DependsOn(deps))
	}
	return opts
}
