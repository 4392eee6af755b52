package landingzone

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/guardrails"
	"github.com/landingzone/aws-landing-zone/pkg/logarchive"
	"github.com/landingzone/aws-landing-zone/pkg/organization"
	"github.com/landingzone/aws-landing-zone/pkg/securityhub"
	"github.com/landingzone/aws-landing-zone/pkg/spec"
)

// LandingZone is everything the composition built, for the stack outputs and for tests.
type LandingZone struct {
	Spec         *spec.Organization
	Providers    *account.Providers
	Organization *organization.Organization
	// Accounts are the member accounts by key, and Order their keys in config order.
	Accounts    map[string]*account.Account
	Order       []string
	LogArchive  *logarchive.LogArchive
	SecurityHub *securityhub.SecurityHub
}

// EngineConfig returns the stack configuration the Pulumi engine hands the program (the same map
// ctx.GetConfig reads, which the SDK does not let a program list).
func EngineConfig() (map[string]string, error) {
	config := map[string]string{}
	if raw := os.Getenv(pulumi.EnvConfig); raw != "" {
		if err := json.Unmarshal([]byte(raw), &config); err != nil {
			return nil, fmt.Errorf("reading the stack configuration from %s: %w", pulumi.EnvConfig, err)
		}
	}
	return config, nil
}

// Program is the landing zone as a Pulumi program over a stack configuration. Nothing is registered
// unless the whole configuration is valid and every guardrail fits the AWS limits.
func Program(config map[string]string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		org, err := spec.Load(config)
		if err != nil {
			return err
		}
		lz, err := Deploy(ctx, org)
		if err != nil {
			return err
		}
		lz.Export(ctx)
		return nil
	}
}

// trustedServices are the services given trusted access: the landing zone's own, plus the optional
// security services when they are switched on.
func trustedServices(org *spec.Organization) []string {
	services := slices.Clone(organization.TrustedServices)
	if org.SecurityHub.Macie {
		services = append(services, "macie.amazonaws.com")
	}
	if org.SecurityHub.Detective {
		services = append(services, "detective.amazonaws.com")
	}
	return services
}

// Deploy builds the landing zone of a validated organization.
func Deploy(ctx *pulumi.Context, org *spec.Organization) (*LandingZone, error) {
	// Every limit is checked before the first resource is registered.
	policies, err := guardrails.Build(org)
	if err != nil {
		return nil, err
	}
	lz := &LandingZone{Spec: org, Accounts: map[string]*account.Account{}}

	lz.Providers = account.NewProviders(ctx, account.ProvidersArgs{
		ManagementAccountID: org.ManagementAccountID,
		AccessRoleName:      org.AccessRoleName,
		Tags:                org.Tags,
		Regions:             org.GovernedRegions,
	})
	management, err := lz.Providers.Management(org.HomeRegion)
	if err != nil {
		return nil, err
	}

	lz.Organization, err = organization.New(ctx, "organization", &organization.Args{
		AdoptID:           org.Adopt.OrganizationID,
		ServicePrincipals: trustedServices(org),
		OUPaths:           org.OUPaths(),
		Guardrails:        policies,
		Management:        management,
	})
	if err != nil {
		return nil, err
	}

	// Core accounts first, then workloads: the order of Accounts().
	for _, a := range org.Accounts() {
		parentID, err := lz.Organization.OUID(a.OU)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a.ConfigPath, err)
		}
		acct, err := account.Vend(ctx, account.VendArgs{
			Account:        a,
			ParentID:       parentID,
			AccessRoleName: org.AccessRoleName,
			Management:     management,
		})
		if err != nil {
			return nil, err
		}
		lz.Accounts[a.Key] = acct
		lz.Order = append(lz.Order, a.Key)
	}

	logAccount := lz.Accounts[spec.KeyLogArchive]
	logProvider, err := lz.Providers.Member(logAccount, org.HomeRegion)
	if err != nil {
		return nil, err
	}
	lz.LogArchive, err = logarchive.New(ctx, "log-archive", &logarchive.Args{
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
	if err != nil {
		return nil, err
	}

	if lz.SecurityHub, err = lz.deploySecurityHub(ctx); err != nil {
		return nil, err
	}
	return lz, nil
}

// deploySecurityHub reaches the management and security accounts in every governed Region: the
// services are Regional, and delegation and organization configuration happen in each Region.
func (lz *LandingZone) deploySecurityHub(ctx *pulumi.Context) (*securityhub.SecurityHub, error) {
	org := lz.Spec
	security := lz.Accounts[spec.KeySecurity]
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
	memberIDs := pulumi.StringArray{}
	for _, key := range lz.Order {
		memberIDs = append(memberIDs, lz.Accounts[key].ID)
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
		MemberAccountIDs:    memberIDs,
		LogBucket:           lz.LogArchive.BucketName,
		LogKeyArn:           lz.LogArchive.KeyArn,
		ConfigPrefix:        lz.LogArchive.Prefixes["config"],
		LogBucketPolicy:     lz.LogArchive.BucketPolicy,
		AdminPrincipals:     org.Guardrails.ExemptPrincipalArns,
	})
}

// Export publishes the stack outputs other stacks and people use.
func (lz *LandingZone) Export(ctx *pulumi.Context) {
	ctx.Export("organizationId", lz.Organization.ID)
	ctx.Export("rootId", lz.Organization.RootID)
	ctx.Export("managementAccountId", lz.Organization.ManagementAccountID)
	ctx.Export("organizationalUnitIds", lz.Organization.OUIDs)
	accounts := pulumi.Map{}
	for _, key := range lz.Order {
		a := lz.Accounts[key]
		accounts[key] = pulumi.Map{
			"id":            a.ID,
			"email":         pulumi.String(a.Spec.Email),
			"ou":            pulumi.String(a.Spec.OU),
			"accessRoleArn": a.AccessRoleArn,
		}
	}
	ctx.Export("accounts", accounts)
	ctx.Export("logArchive", lz.LogArchive.Outputs())
	ctx.Export("securityHub", lz.SecurityHub.Outputs())
}
