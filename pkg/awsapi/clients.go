package awsapi

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/controltower"
	"github.com/aws/aws-sdk-go-v2/service/costexplorer"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// OrganizationsAPI is the part of AWS Organizations the landing zone reads (and paginates).
type OrganizationsAPI interface {
	DescribeOrganization(context.Context, *organizations.DescribeOrganizationInput, ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error)
	ListRoots(context.Context, *organizations.ListRootsInput, ...func(*organizations.Options)) (*organizations.ListRootsOutput, error)
	ListAccounts(context.Context, *organizations.ListAccountsInput, ...func(*organizations.Options)) (*organizations.ListAccountsOutput, error)
	ListOrganizationalUnitsForParent(context.Context, *organizations.ListOrganizationalUnitsForParentInput, ...func(*organizations.Options)) (*organizations.ListOrganizationalUnitsForParentOutput, error)
	ListAccountsForParent(context.Context, *organizations.ListAccountsForParentInput, ...func(*organizations.Options)) (*organizations.ListAccountsForParentOutput, error)
	ListPolicies(context.Context, *organizations.ListPoliciesInput, ...func(*organizations.Options)) (*organizations.ListPoliciesOutput, error)
	ListDelegatedAdministrators(context.Context, *organizations.ListDelegatedAdministratorsInput, ...func(*organizations.Options)) (*organizations.ListDelegatedAdministratorsOutput, error)
	ListDelegatedServicesForAccount(context.Context, *organizations.ListDelegatedServicesForAccountInput, ...func(*organizations.Options)) (*organizations.ListDelegatedServicesForAccountOutput, error)
	ListAWSServiceAccessForOrganization(context.Context, *organizations.ListAWSServiceAccessForOrganizationInput, ...func(*organizations.Options)) (*organizations.ListAWSServiceAccessForOrganizationOutput, error)
	ListTagsForResource(context.Context, *organizations.ListTagsForResourceInput, ...func(*organizations.Options)) (*organizations.ListTagsForResourceOutput, error)
}

// STSAPI identifies the caller and assumes roles.
type STSAPI interface {
	GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
	AssumeRole(context.Context, *sts.AssumeRoleInput, ...func(*sts.Options)) (*sts.AssumeRoleOutput, error)
}

// CloudFormationAPI is StackSets' own organizations access: the one bootstrap step with no resource
// type in the provider.
type CloudFormationAPI interface {
	DescribeOrganizationsAccess(context.Context, *cloudformation.DescribeOrganizationsAccessInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeOrganizationsAccessOutput, error)
	ActivateOrganizationsAccess(context.Context, *cloudformation.ActivateOrganizationsAccessInput, ...func(*cloudformation.Options)) (*cloudformation.ActivateOrganizationsAccessOutput, error)
}

// AccountAPI reads which Regions an account has enabled.
type AccountAPI interface {
	ListRegions(context.Context, *account.ListRegionsInput, ...func(*account.Options)) (*account.ListRegionsOutput, error)
}

// ControlTowerAPI tells whether AWS Control Tower already manages the organization.
type ControlTowerAPI interface {
	ListLandingZones(context.Context, *controltower.ListLandingZonesInput, ...func(*controltower.Options)) (*controltower.ListLandingZonesOutput, error)
}

// CostExplorerAPI lists the cost-allocation tag keys AWS has seen in the billing data (and paginates).
type CostExplorerAPI interface {
	ListCostAllocationTags(context.Context, *costexplorer.ListCostAllocationTagsInput, ...func(*costexplorer.Options)) (*costexplorer.ListCostAllocationTagsOutput, error)
}

// QuotasAPI reads the organization's account quota from Service Quotas.
type QuotasAPI interface {
	ListServiceQuotas(context.Context, *servicequotas.ListServiceQuotasInput, ...func(*servicequotas.Options)) (*servicequotas.ListServiceQuotasOutput, error)
}

// ConfigAPI reads AWS Config recorders and delivery channels in one account and Region.
type ConfigAPI interface {
	DescribeConfigurationRecorders(context.Context, *configservice.DescribeConfigurationRecordersInput, ...func(*configservice.Options)) (*configservice.DescribeConfigurationRecordersOutput, error)
	DescribeDeliveryChannels(context.Context, *configservice.DescribeDeliveryChannelsInput, ...func(*configservice.Options)) (*configservice.DescribeDeliveryChannelsOutput, error)
}

// GuardDutyAPI lists GuardDuty detectors in one account and Region.
type GuardDutyAPI interface {
	ListDetectors(context.Context, *guardduty.ListDetectorsInput, ...func(*guardduty.Options)) (*guardduty.ListDetectorsOutput, error)
}

// SecurityHubAPI tells whether an account is subscribed to Security Hub in a Region.
type SecurityHubAPI interface {
	DescribeHub(context.Context, *securityhub.DescribeHubInput, ...func(*securityhub.Options)) (*securityhub.DescribeHubOutput, error)
}

// Clients are the management account's clients. Organizations, Service Quotas, Account, Cost
// Explorer and STS calls are global or homed in us-east-1; CloudFormation and Control Tower are Regional and use the
// home Region.
type Clients struct {
	Organizations  OrganizationsAPI
	STS            STSAPI
	CloudFormation CloudFormationAPI
	Account        AccountAPI
	ControlTower   ControlTowerAPI
	Quotas         QuotasAPI
	CostExplorer   CostExplorerAPI
	// Regional builds the per-Region clients with the management credentials.
	Regional func(region string) *RegionalClients
	// Member builds the per-Region clients of a member account, through its access role.
	Member func(roleArn, region string) *RegionalClients
}

// RegionalClients are the clients of one account in one Region.
type RegionalClients struct {
	Config      ConfigAPI
	GuardDuty   GuardDutyAPI
	SecurityHub SecurityHubAPI
}

// SessionName names the landing zone's role sessions in CloudTrail.
const SessionName = "landing-zone-preflight"

// Load builds the management clients from the standard configuration chain. homeRegion is used when
// the chain sets no Region; Organizations and Service Quotas' Organizations quotas live in us-east-1
// ("Organizations is a global service that is physically hosted in the US East (N. Virginia) Region",
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
func Load(ctx context.Context, homeRegion string) (*Clients, error) {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(homeRegion))
	if err != nil {
		return nil, fmt.Errorf("loading AWS credentials (the standard chain: AWS_PROFILE, SSO, environment, web identity): %w", err)
	}
	return FromConfig(cfg), nil
}

// FromConfig builds the clients from an SDK configuration.
func FromConfig(cfg aws.Config) *Clients {
	east := func(o *organizations.Options) { o.Region = "us-east-1" }
	c := &Clients{
		Organizations:  organizations.NewFromConfig(cfg, east),
		STS:            sts.NewFromConfig(cfg),
		CloudFormation: cloudformation.NewFromConfig(cfg),
		Account:        account.NewFromConfig(cfg, func(o *account.Options) { o.Region = "us-east-1" }),
		ControlTower:   controltower.NewFromConfig(cfg),
		Quotas:         servicequotas.NewFromConfig(cfg, func(o *servicequotas.Options) { o.Region = "us-east-1" }),
		// Cost Explorer has one endpoint in the aws partition, ce.us-east-1.amazonaws.com ("The Cost
		// Explorer API provides the following endpoint: https://ce.us-east-1.amazonaws.com",
		// https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/ce-api.html;
		// the SDK's endpoint rules, service/costexplorer/endpoints.go, sign for us-east-1 too).
		CostExplorer: costexplorer.NewFromConfig(cfg, func(o *costexplorer.Options) { o.Region = "us-east-1" }),
	}
	c.Regional = func(region string) *RegionalClients { return regional(cfg, region) }
	c.Member = func(roleArn, region string) *RegionalClients {
		member := cfg.Copy()
		member.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), roleArn,
			func(o *stscreds.AssumeRoleOptions) { o.RoleSessionName = SessionName }))
		return regional(member, region)
	}
	return c
}

func regional(cfg aws.Config, region string) *RegionalClients {
	return &RegionalClients{
		Config:      configservice.NewFromConfig(cfg, func(o *configservice.Options) { o.Region = region }),
		GuardDuty:   guardduty.NewFromConfig(cfg, func(o *guardduty.Options) { o.Region = region }),
		SecurityHub: securityhub.NewFromConfig(cfg, func(o *securityhub.Options) { o.Region = region }),
	}
}
