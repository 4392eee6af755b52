// Command landingzone builds and keeps one AWS Organization per Pulumi stack.
//
// Run by the Pulumi engine (`pulumi up`, `pulumi preview`, Pulumi Deployments) it is the Pulumi
// program. Run with a subcommand (`go run . plan`) it is the offline tool, which runs the very same
// composition, landingZone below, under Pulumi's mock engine (commands.go).
//
// This file is the composition: how the organization is assembled, component by component, in the
// order AWS needs them. The components live in pkg/; nothing here but wiring.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/awsapi"
	"github.com/landingzone/aws-landing-zone/pkg/baseline"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/delivery"
	"github.com/landingzone/aws-landing-zone/pkg/guardrails"
	"github.com/landingzone/aws-landing-zone/pkg/identity"
	"github.com/landingzone/aws-landing-zone/pkg/logarchive"
	"github.com/landingzone/aws-landing-zone/pkg/organization"
	"github.com/landingzone/aws-landing-zone/pkg/securityhub"
	"github.com/landingzone/aws-landing-zone/pkg/sharedservices"
	"github.com/landingzone/aws-landing-zone/pkg/workload"
)

func main() {
	// The engine starts the program with the address of its resource monitor in the environment.
	if os.Getenv(pulumi.EnvMonitor) == "" {
		os.Exit(runCommand(os.Args[1:], os.Stdout, os.Stderr))
	}
	stackConfig, secretKeys, err := engineConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pulumi.Run(program(stackConfig, secretKeys, true))
}

// program is the Pulumi program over a stack's configuration: the same function runs under the
// engine and, for the offline plan, under the mock engine. Nothing is registered unless the whole
// configuration is valid. secretKeys are the keys the stack file marks secure. underEngine is true
// only when the Pulumi engine runs it: then, in an update (not a preview), member providers wait for
// new accounts' access roles to be assumable (awsapi.RoleWaiter); the mock engine never waits.
func program(stackConfig map[string]string, secretKeys []string, underEngine bool) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		org, err := config.Load(stackConfig, secretKeys...)
		if err != nil {
			return err
		}
		var wait func(context.Context, string) error
		if underEngine {
			wait = awsapi.RoleWaiter(org.HomeRegion, awsapi.DefaultRoleWait)
		}
		lz, err := landingZone(ctx, org, wait)
		if err != nil {
			return err
		}
		lz.export(ctx)
		return nil
	}
}

// LandingZone is everything the composition built: the stack outputs read it, and so do the tests.
type LandingZone struct {
	Config       *config.Organization
	Providers    *account.Providers
	Organization *organization.Organization
	// Accounts are the member accounts by key, and Order their keys in config order (core first).
	Accounts    map[string]*account.Account
	Order       []string
	LogArchive  *logarchive.LogArchive
	SecurityHub *securityhub.SecurityHub
	// Baseline is the account baseline of every account, management included.
	Baseline *baseline.Baseline
	// Delivery is the keyless access for the landing zone's own runs (nil unless delivery.keyless).
	Delivery *delivery.Delivery
	// SharedServices is nil when the configuration has no sharedServices section.
	SharedServices *sharedservices.SharedServices
	// Identity is nil when the configuration has no identity section.
	Identity *identity.Identity
	// Workloads are the WorkloadAccount components by workload name, in config order in Order.
	Workloads map[string]*workload.Account
	// Costs is the organization-level cost allocation (tags, categories, FinOps budget, spend cap).
	Costs *workload.CostAllocation
	// Waves is how many vending waves the new accounts are created in.
	Waves int
}

// landingZone assembles the organization described by a validated configuration.
// wait, when set, is how member providers wait for access roles (ProvidersArgs.WaitForRole).
func landingZone(ctx *pulumi.Context, org *config.Organization, wait func(context.Context, string) error) (*LandingZone, error) {
	// Every guardrail is checked against AWS's size and per-target limits before anything exists.
	policies, err := guardrails.Build(org)
	if err != nil {
		return nil, err
	}
	// So is the sandbox spend cap, which AWS Budgets attaches outside the guardrail set.
	if hasSandbox(org) {
		if problems := workload.CheckCapSize(guardrails.DenyAllExemptPrincipals(org), org.Guardrails.ScpMaxSize); problems != nil {
			return nil, problems
		}
	}
	lz := &LandingZone{Config: org, Accounts: map[string]*account.Account{}, Workloads: map[string]*workload.Account{}}
	// A read-only run (pull-request and Deployments previews, drift detection) reaches member
	// accounts through their read-only preview role, never the access role.
	readOnly, err := readOnlyRole(org)
	if err != nil {
		return nil, err
	}

	// One provider per (account, Region) actually used; the management one pins its account ID.
	lz.Providers = account.NewProviders(ctx, account.ProvidersArgs{
		ManagementAccountID: org.ManagementAccountID,
		AccessRoleName:      org.AccessRoleName,
		ReadOnlyRoleName:    readOnly,
		Tags:                org.Tags,
		Regions:             org.GovernedRegions,
		WaitForRole:         wait,
	})
	management, err := lz.Providers.Management(org.HomeRegion)
	if err != nil {
		return nil, err
	}

	// 1. The organization: trusted services, policy types, the OU tree and the guardrails. An adopted
	// organization is read first, so that adopting it keeps what it has and imports its OUs.
	var live *organization.Live
	if org.Adopt.OrganizationID != "" {
		if live, err = organization.ReadLive(ctx, org.Adopt.OrganizationID, org.OUPaths(), management); err != nil {
			return nil, err
		}
	}
	lz.Organization, err = organization.New(ctx, "organization", &organization.Args{
		AdoptID:           org.Adopt.OrganizationID,
		Live:              live,
		ServicePrincipals: trustedServices(org),
		OUPaths:           org.OUPaths(),
		Guardrails:        policies,
		Management:        management,
	})
	if err != nil {
		return nil, err
	}

	// 2. Cost allocation at the organization level, then the accounts, core accounts first, each in
	// its OU, new ones in waves; each workload is a WorkloadAccount with its budget and spend cap.
	if lz.Costs, err = lz.newCostAllocation(ctx, management); err != nil {
		return nil, err
	}
	if err := lz.vendAccounts(ctx, management); err != nil {
		return nil, err
	}

	// 3. The log archive: the central, immutable log bucket and the organization trail.
	if lz.LogArchive, err = lz.newLogArchive(ctx, management); err != nil {
		return nil, err
	}

	// 4. The security tooling: delegated administration, findings in one place, notifications.
	if lz.SecurityHub, err = lz.newSecurityHub(ctx); err != nil {
		return nil, err
	}

	// 4b. The account baseline in every account and governed Region: StackSets for the members (after
	// the security services, so that a new account is recorded before its baseline changes it), the
	// management account's own settings directly. IMDSv2 and public sharing are the organization's
	// EC2 declarative policy (step 1).
	if lz.Baseline, err = lz.newBaseline(ctx); err != nil {
		return nil, err
	}

	// 5. The shared services: the directory, its DNS and the network hub. Its flow logs wait for the
	// log archive's grants; nothing above waits for the directory.
	if org.SharedServices != nil {
		if lz.SharedServices, err = lz.newSharedServices(ctx, management); err != nil {
			return nil, err
		}
	}

	// 6. The workloads' networks (one StackSet, an instance per networked workload, joined to the
	// hub from the shared-services account), the cost categories over every account, and the
	// workload components' outputs.
	if err := lz.finishWorkloads(ctx, management); err != nil {
		return nil, err
	}

	// 7. Keyless access for the landing zone's own runs: OIDC providers and roles for Pulumi
	// Deployments, Pulumi ESC and GitHub Actions in the management account, and the read-only
	// preview role of every member account (a StackSet on the root).
	if org.Delivery.Keyless {
		if lz.Delivery, err = delivery.New(ctx, "delivery", &delivery.Args{
			Prefix:         org.Prefix,
			Settings:       org.Delivery,
			AccessRoleName: org.AccessRoleName,
			Management:     management,
			HomeRegion:     org.HomeRegion,
			RootID:         lz.Organization.RootID,
			Organization:   lz.Organization,
			OrganizationID: lz.Organization.ID,
		}); err != nil {
			return nil, err
		}
	}

	// 8. People's access: Identity Center permission sets, and groups assigned to accounts.
	if org.Identity != nil {
		if lz.Identity, err = lz.newIdentity(ctx, management); err != nil {
			return nil, err
		}
	}
	return lz, nil
}

// trustedServices are the services given trusted access: the landing zone's own, plus the optional
// security services when they are switched on.
func trustedServices(org *config.Organization) []string {
	services := slices.Clone(organization.TrustedServices)
	if org.SecurityHub.Macie {
		services = append(services, "macie.amazonaws.com")
	}
	if org.SecurityHub.Detective {
		services = append(services, "detective.amazonaws.com")
	}
	return services
}

// vendAccounts creates (or adopts) every member account in its OU, from the management account.
// New accounts are requested in waves (vending.waveSize): each waits for the previous wave, so
// Organizations never has more CreateAccount requests in flight than it accepts.
func (lz *LandingZone) vendAccounts(ctx *pulumi.Context, management *aws.Provider) error {
	accounts := lz.Config.Accounts()
	waveOf, waves := workload.Waves(accounts, lz.Config.Vending.WaveSize)
	lz.Waves = waves
	wave := make([][]pulumi.Resource, waves)
	for _, a := range accounts {
		parentID, err := lz.Organization.OUID(a.OU)
		if err != nil {
			return fmt.Errorf("%s: %w", a.ConfigPath, err)
		}
		var after []pulumi.Resource
		n, isNew := waveOf[a.Key]
		if isNew && n > 0 {
			after = wave[n-1]
		}
		var acct *account.Account
		if a.Workload == nil {
			var opts []pulumi.ResourceOption
			if len(after) > 0 {
				opts = append(opts, pulumi.DependsOn(after))
			}
			if acct, err = account.Vend(ctx, account.VendArgs{
				Account:        a,
				ParentID:       parentID,
				AccessRoleName: lz.Config.AccessRoleName,
				Management:     management,
			}, opts...); err != nil {
				return err
			}
		} else {
			var spend *workload.SpendCap
			if lz.Costs != nil {
				spend = lz.Costs.Cap
			}
			w, err := workload.New(ctx, a.Key, &workload.Args{
				Account:        a,
				ParentID:       parentID,
				AccessRoleName: lz.Config.AccessRoleName,
				Management:     management,
				After:          after,
				Cap:            spend,
			})
			if err != nil {
				return err
			}
			lz.Workloads[a.Key] = w
			acct = w.Account
		}
		if isNew {
			wave[n] = append(wave[n], acct.Resource)
		}
		lz.Accounts[a.Key] = acct
		lz.Order = append(lz.Order, a.Key)
	}
	return nil
}

// newCostAllocation activates the cost-allocation tags and creates the FinOps budget and, when
// there are sandboxes, the spend cap's SCP and the role AWS Budgets attaches it with.
func (lz *LandingZone) newCostAllocation(ctx *pulumi.Context, management *aws.Provider) (*workload.CostAllocation, error) {
	org := lz.Config
	return workload.NewCostAllocation(ctx, "cost-allocation", &workload.CostAllocationArgs{
		Prefix:              org.Prefix,
		ActivateTags:        activatedCostTags(org),
		FinOps:              org.FinOps,
		SpendCap:            hasSandbox(org),
		CapExempt:           guardrails.DenyAllExemptPrincipals(org),
		ManagementAccountID: lz.Organization.ManagementAccountID,
		OrganizationID:      lz.Organization.ID,
		Management:          management,
		After:               []pulumi.Resource{lz.Organization.Resource},
	})
}

// activatedCostTags are the cost-allocation tag keys the stack activates: all of them, or none while
// AWS has not yet billed them (activateCostAllocationTags).
func activatedCostTags(org *config.Organization) []string {
	if org.ActivateCostAllocationTags == nil || !*org.ActivateCostAllocationTags {
		return nil
	}
	return config.CostTagKeys
}

// hasSandbox reports whether the spend cap's SCP and role exist: while any sandbox is configured,
// suspended ones included, since AWS Budgets may have attached the SCP to one, and Organizations
// refuses to delete an attached policy.
func hasSandbox(org *config.Organization) bool {
	for i := range org.Workloads {
		if org.Workloads[i].Profile == config.ProfileSandbox {
			return true
		}
	}
	return false
}

// finishWorkloads deploys the workload networks through one StackSet from the management account
// (joined to the hub from the shared-services account, the hub's owner), groups every account into
// cost categories, and registers each WorkloadAccount's outputs.
func (lz *LandingZone) finishWorkloads(ctx *pulumi.Context, management *aws.Provider) error {
	org := lz.Config
	var stackSet *cloudformation.StackSet
	for _, key := range lz.Order {
		w := lz.Workloads[key]
		if w == nil || w.Account.Config.Workload.Network == nil {
			continue
		}
		wl := w.Account.Config.Workload
		if stackSet == nil {
			var err error
			if stackSet, err = workload.NewNetworkStackSet(ctx, "workload-networks", &workload.NetworkStackSetArgs{
				Prefix:             org.Prefix,
				BaselineName:       org.BaselineName(),
				FlowLogDestination: pulumi.Sprintf("%s/%s", lz.LogArchive.BucketArn, lz.LogArchive.Prefixes["vpcFlowLogs"]),
				Management:         management,
				// Flow logs are checked against the bucket's grants when created.
				After: []pulumi.Resource{lz.Organization.Resource, lz.LogArchive.BucketPolicy},
			}); err != nil {
				return err
			}
		}
		args := &workload.NetworkArgs{StackSet: stackSet, Region: org.HomeRegion, RootID: lz.Organization.RootID, Management: management}
		if wl.NetworkAttachesToHub() {
			shared, err := lz.Providers.Member(lz.Accounts[config.KeySharedServices], org.HomeRegion)
			if err != nil {
				return err
			}
			s := lz.SharedServices
			args.Hub = &workload.HubArgs{
				TransitGatewayID:   s.TransitGatewayID,
				HubCidr:            org.SharedServices.Network.VpcCidr,
				RouteTableID:       s.RouteTableIDs.MapIndex(pulumi.String(workload.RouteTableFor(wl))),
				SharedRouteTableID: s.RouteTableIDs.MapIndex(pulumi.String(sharedservices.RouteTableShared)),
				Shared:             shared,
				Isolated:           !wl.Active(),
			}
			args.Shares = append(args.Shares, s.HubShared...)
		}
		if wl.NetworkResolvesDirectory() {
			args.ResolverRuleID = lz.SharedServices.ResolverRuleID
			args.Shares = append(args.Shares, lz.SharedServices.ResolverShared...)
		}
		if err := w.AddNetwork(args); err != nil {
			return err
		}
	}
	members := make([]*account.Account, 0, len(lz.Order))
	workloads := make([]*workload.Account, 0, len(lz.Workloads))
	for _, key := range lz.Order {
		members = append(members, lz.Accounts[key])
		if w := lz.Workloads[key]; w != nil {
			workloads = append(workloads, w)
			if err := w.Finish(); err != nil {
				return err
			}
		}
	}
	return lz.Costs.Categorize(members, workloads)
}

// newLogArchive builds the log archive in the log-archive account; the organization trail is declared
// from the management account, which alone may create it.
func (lz *LandingZone) newLogArchive(ctx *pulumi.Context, management *aws.Provider) (*logarchive.LogArchive, error) {
	org := lz.Config
	logAccount := lz.Accounts[config.KeyLogArchive]
	logProvider, err := lz.Providers.Member(logAccount, org.HomeRegion)
	if err != nil {
		return nil, err
	}
	return logarchive.New(ctx, "log-archive", &logarchive.Args{
		Prefix:              org.Prefix,
		HomeRegion:          org.HomeRegion,
		Settings:            org.LogArchive,
		AdminPrincipals:     org.Guardrails.ExemptPrincipalArns,
		Account:             logAccount,
		Provider:            logProvider,
		Management:          management,
		OrganizationID:      lz.Organization.ID,
		ManagementAccountID: lz.Organization.ManagementAccountID,
		Organization:        lz.Organization,
	})
}

// newSecurityHub reaches the management and security accounts in every governed Region: the
// services are Regional, and delegation and organization configuration happen in each Region.
func (lz *LandingZone) newSecurityHub(ctx *pulumi.Context) (*securityhub.SecurityHub, error) {
	org := lz.Config
	security := lz.Accounts[config.KeySecurity]
	management, securityProviders := map[string]*aws.Provider{}, map[string]*aws.Provider{}
	for _, r := range org.GovernedRegions {
		var err error
		if management[r], err = lz.Providers.Management(r); err != nil {
			return nil, err
		}
		if securityProviders[r], err = lz.Providers.Member(security, r); err != nil {
			return nil, err
		}
	}
	members := make([]*account.Account, 0, len(lz.Order))
	for _, key := range lz.Order {
		members = append(members, lz.Accounts[key])
	}
	return securityhub.New(ctx, "security-hub", &securityhub.Args{
		Prefix:              org.Prefix,
		HomeRegion:          org.HomeRegion,
		Regions:             org.GovernedRegions,
		Settings:            org.SecurityHub,
		Security:            security,
		Management:          management,
		SecurityProviders:   securityProviders,
		OrganizationID:      lz.Organization.ID,
		RootID:              lz.Organization.RootID,
		ManagementAccountID: lz.Organization.ManagementAccountID,
		Organization:        lz.Organization,
		// Organizations reports the management account's email: GuardDuty membership needs it.
		ManagementAccountEmail: lz.Organization.Resource.MasterAccountEmail,
		Members:                members,
		LogBucket:              lz.LogArchive.BucketName,
		LogKeyArn:              lz.LogArchive.KeyArn,
		ConfigPrefix:           lz.LogArchive.Prefixes["config"],
		LogBucketPolicy:        lz.LogArchive.BucketPolicy,
		AdminPrincipals:        org.Guardrails.ExemptPrincipalArns,
		KeepRecording:          org.KeepConfigRecordingIDs(),
	})
}

// newBaseline deploys the account baseline from the management account's providers only: the
// member accounts get it through StackSets, so no provider is added per account.
func (lz *LandingZone) newBaseline(ctx *pulumi.Context) (*baseline.Baseline, error) {
	org := lz.Config
	management := map[string]*aws.Provider{}
	for _, r := range org.GovernedRegions {
		var err error
		if management[r], err = lz.Providers.Management(r); err != nil {
			return nil, err
		}
	}
	members := make([]baseline.Member, 0, len(lz.Order))
	for _, key := range lz.Order {
		a := lz.Accounts[key]
		members = append(members, baseline.Member{Key: key, Alias: org.AccountAlias(key), ID: a.ID, Resource: a.Resource})
	}
	return baseline.New(ctx, "account-baseline", &baseline.Args{
		Name:            org.BaselineName(),
		HomeRegion:      org.HomeRegion,
		Regions:         org.GovernedRegions,
		Members:         members,
		ManagementAlias: org.AccountAlias(config.KeyManagement),
		RootID:          lz.Organization.RootID,
		Organization:    lz.Organization,
		Management:      management,
	})
}

// newSharedServices builds the shared services in the shared-services account, in the home Region.
// Each workload the directory is shared with gets a provider in the home Region: a directory in a
// member account can only be shared by handshake, which the consumer accepts.
func (lz *LandingZone) newSharedServices(ctx *pulumi.Context, management *aws.Provider) (*sharedservices.SharedServices, error) {
	org := lz.Config
	shared := lz.Accounts[config.KeySharedServices]
	provider, err := lz.Providers.Member(shared, org.HomeRegion)
	if err != nil {
		return nil, err
	}
	settings := *org.SharedServices
	var consumers []sharedservices.Consumer
	for _, key := range settings.Directory.SharedWith {
		p, err := lz.Providers.Member(lz.Accounts[key], org.HomeRegion)
		if err != nil {
			return nil, err
		}
		consumers = append(consumers, sharedservices.Consumer{Account: lz.Accounts[key], Provider: p})
	}
	// The workload VPCs on the hub are routed back from the shared-services subnets.
	var workloadCidrs []sharedservices.WorkloadCidr
	for i := range org.Workloads {
		// A suspended workload is isolated: no return route to its block.
		if w := &org.Workloads[i]; w.NetworkAttachesToHub() && w.Active() {
			workloadCidrs = append(workloadCidrs, sharedservices.WorkloadCidr{Position: i, Cidr: w.Network.Cidr})
		}
	}
	o := lz.Organization
	ouArns := map[string]pulumi.StringInput{}
	for _, path := range org.OUPaths() {
		ouArns[path] = pulumi.Sprintf("arn:aws:organizations::%s:ou/%s/%s", o.ManagementAccountID, o.ID, o.OUIDs.MapIndex(pulumi.String(path)))
	}
	var password pulumi.StringInput
	if org.DirectoryAdminPassword != "" {
		password = pulumi.ToSecret(pulumi.String(org.DirectoryAdminPassword)).(pulumi.StringOutput)
	}
	return sharedservices.New(ctx, "shared-services", &sharedservices.Args{
		Prefix:             org.Prefix,
		HomeRegion:         org.HomeRegion,
		Settings:           settings,
		AdminPassword:      password,
		AdminPrincipals:    org.Guardrails.ExemptPrincipalArns,
		Account:            shared,
		Provider:           provider,
		Management:         management,
		Organization:       lz.Organization,
		Consumers:          consumers,
		WorkloadCidrs:      workloadCidrs,
		OrganizationArn:    pulumi.Sprintf("arn:aws:organizations::%s:organization/%s", o.ManagementAccountID, o.ID),
		OUArns:             ouArns,
		FlowLogDestination: pulumi.Sprintf("%s/%s", lz.LogArchive.BucketArn, lz.LogArchive.Prefixes["vpcFlowLogs"]),
		FlowLogGrants:      lz.LogArchive.BucketPolicy,
	})
}

// newIdentity declares the permission sets and assignments from the account that administers
// Identity Center, in its instance's Region: one provider, whatever the number of accounts.
func (lz *LandingZone) newIdentity(ctx *pulumi.Context, management *aws.Provider) (*identity.Identity, error) {
	settings := *lz.Config.Identity
	var delegated *account.Account
	provider, err := lz.Providers.Management(settings.Region)
	if settings.DelegatedAdministrator != "" {
		delegated = lz.Accounts[settings.DelegatedAdministrator]
		provider, err = lz.Providers.Member(delegated, settings.Region)
	}
	if err != nil {
		return nil, err
	}
	return identity.New(ctx, "identity", &identity.Args{
		Settings:               settings,
		Access:                 lz.Config.AccessMatrix(),
		Accounts:               lz.Accounts,
		DelegatedAdministrator: delegated,
		Provider:               provider,
		Management:             management,
		Organization:           lz.Organization,
	})
}

// export publishes the stack outputs other stacks and people use.
func (lz *LandingZone) export(ctx *pulumi.Context) {
	ctx.Export("organizationId", lz.Organization.ID)
	ctx.Export("rootId", lz.Organization.RootID)
	ctx.Export("managementAccountId", lz.Organization.ManagementAccountID)
	ctx.Export("organizationalUnitIds", lz.Organization.OUIDs)
	accounts := pulumi.Map{}
	for _, key := range lz.Order {
		a := lz.Accounts[key]
		accounts[key] = pulumi.Map{
			"id":            a.ID,
			"email":         pulumi.String(a.Config.Email),
			"ou":            pulumi.String(a.Config.OU),
			"accessRoleArn": a.AccessRoleArn,
		}
	}
	ctx.Export("accounts", accounts)
	workloads := pulumi.Map{}
	for key, w := range lz.Workloads {
		workloads[key] = w.Outputs()
	}
	ctx.Export("workloads", workloads)
	ctx.Export("costAllocation", pulumi.Map{"budgetName": lz.Costs.BudgetName, "categoryArns": lz.Costs.CategoryArns})
	ctx.Export("logArchive", lz.LogArchive.Outputs())
	ctx.Export("securityHub", lz.SecurityHub.Outputs())
	if lz.Delivery != nil {
		ctx.Export("delivery", lz.Delivery.Outputs())
	}
	if lz.SharedServices != nil {
		ctx.Export("sharedServices", lz.SharedServices.Outputs())
	}
	if lz.Identity != nil {
		ctx.Export("identity", lz.Identity.Outputs())
	}
}

// engineConfig returns the stack configuration the Pulumi engine hands the program (the same map
// ctx.GetConfig reads, which the SDK does not let a program list) and the keys holding a secret.
func engineConfig() (map[string]string, []string, error) {
	stackConfig := map[string]string{}
	if raw := os.Getenv(pulumi.EnvConfig); raw != "" {
		if err := json.Unmarshal([]byte(raw), &stackConfig); err != nil {
			return nil, nil, fmt.Errorf("reading the stack configuration from %s: %w", pulumi.EnvConfig, err)
		}
	}
	var secretKeys []string
	if raw := os.Getenv(pulumi.EnvConfigSecretKeys); raw != "" {
		if err := json.Unmarshal([]byte(raw), &secretKeys); err != nil {
			return nil, nil, fmt.Errorf("reading the secret configuration keys from %s: %w", pulumi.EnvConfigSecretKeys, err)
		}
	}
	return stackConfig, secretKeys, nil
}
