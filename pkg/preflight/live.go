package preflight

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/controltower"
	"github.com/aws/aws-sdk-go-v2/service/costexplorer"
	cetypes "github.com/aws/aws-sdk-go-v2/service/costexplorer/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/landingzone/aws-landing-zone/pkg/awsapi"
	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// servicequotasInput asks for the Organizations quotas, which live in us-east-1 (the client's Region).
func servicequotasInput() *servicequotas.ListServiceQuotasInput {
	return &servicequotas.ListServiceQuotasInput{ServiceCode: aws.String("organizations")}
}

// needsStackSets tells whether the plan has a service-managed StackSet.
func needsStackSets(in Input) bool {
	for _, r := range in.Plan.Find(typeStackSet) {
		if r.Input("permissionModel") == "SERVICE_MANAGED" {
			return true
		}
	}
	return false
}

// checkStackSets: service-managed StackSets need CloudFormation's own organizations access
// (ActivateOrganizationsAccess), not only the Organizations trusted-access principal ("StackSets
// with SERVICE_MANAGED permissions need CloudFormation's own ActivateOrganizationsAccess",
// REFERENCE.md; CloudFormation API reference, ActivateOrganizationsAccess). No provider resource
// does it: `preflight --fix` does.
func checkStackSets(ctx context.Context, in Input, r *Report, l *live) {
	if !needsStackSets(in) {
		r.add(CheckStackSets, Pass, "the stack has no service-managed StackSet", "")
		return
	}
	if l.org == nil {
		r.add(CheckStackSets, Warn, "the stack's service-managed StackSets need CloudFormation organizations access, which can only be activated once the organization exists",
			"after pulumi up has created the organization (it stops at the first StackSet), run go run . preflight --fix, then pulumi up again")
		return
	}
	out, err := in.Clients.CloudFormation.DescribeOrganizationsAccess(ctx, &cloudformation.DescribeOrganizationsAccessInput{})
	if err != nil {
		r.add(CheckStackSets, Block, fmt.Sprintf("cannot read CloudFormation organizations access: %v", err),
			"grant cloudformation:DescribeOrganizationsAccess, or activate it: go run . preflight --fix")
		return
	}
	if out.Status == cfntypes.OrganizationStatusEnabled {
		r.add(CheckStackSets, Pass, "CloudFormation StackSets organizations access is ENABLED", "")
		return
	}
	r.add(CheckStackSets, Block, fmt.Sprintf("CloudFormation StackSets organizations access is %s: the service-managed StackSets fail to deploy", out.Status),
		"go run . preflight --fix (runs cloudformation ActivateOrganizationsAccess), or aws cloudformation activate-organizations-access")
}

// checkRegions: a governed opt-in Region must be enabled in the management account and in every
// adopted account, or every resource there fails (Account Management API, ListRegions; AccountId is
// refused for the management account itself and needs trusted access for account.amazonaws.com).
func checkRegions(ctx context.Context, in Input, r *Report, l *live) {
	status := func(accountID string) (map[string]accounttypes.RegionOptStatus, error) {
		in2 := &account.ListRegionsInput{}
		if accountID != "" {
			in2.AccountId = aws.String(accountID)
		}
		out := map[string]accounttypes.RegionOptStatus{}
		p := account.NewListRegionsPaginator(in.Clients.Account, in2)
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			for _, reg := range page.Regions {
				out[aws.ToString(reg.RegionName)] = reg.RegionOptStatus
			}
		}
		return out, nil
	}
	targets := []struct{ label, id string }{{"management account " + l.caller, ""}}
	if l.org != nil {
		for _, a := range in.Config.Accounts() {
			if a.ImportID != "" {
				targets = append(targets, struct{ label, id string }{a.Key + " (" + a.ImportID + ")", a.ImportID})
			}
		}
	}
	var blocks, warns, optIn []string
	newAccounts := 0
	for _, a := range in.Config.Accounts() {
		if a.ImportID == "" {
			newAccounts++
		}
	}
	for _, t := range targets {
		st, err := status(t.id)
		if err != nil {
			warns = append(warns, fmt.Sprintf("%s: cannot list Regions: %v", t.label, err))
			continue
		}
		for _, region := range in.Config.GovernedRegions {
			s, ok := st[region]
			switch {
			case !ok:
				warns = append(warns, fmt.Sprintf("%s: Region %s is not listed", t.label, region))
			case s == accounttypes.RegionOptStatusEnabledByDefault:
			case s == accounttypes.RegionOptStatusEnabled:
				if t.id == "" {
					optIn = append(optIn, region)
					if newAccounts > 0 {
						// A new account starts with every opt-in Region disabled (Account Management
						// reference, "Enable or disable a Region for your account").
						warns = append(warns, fmt.Sprintf("the %d new account(s) start with opt-in Region %s disabled", newAccounts, region))
					}
				}
			default:
				blocks = append(blocks, fmt.Sprintf("%s: opt-in Region %s is %s", t.label, region, s))
			}
		}
	}
	switch {
	case len(blocks) > 0:
		r.add(CheckRegions, Block, strings.Join(append(blocks, warns...), "; "),
			"enable each Region in each account (aws account enable-region --region-name REGION [--account-id ID]; it takes minutes), and list it in landingzone:optInRegions")
	case len(warns) > 0:
		r.add(CheckRegions, Warn, strings.Join(warns, "; "),
			"enable each opt-in Region in each new account once it exists (aws account enable-region --region-name REGION --account-id ID, with trusted access for account.amazonaws.com), before its resources there are created")
	default:
		d := fmt.Sprintf("every governed Region is enabled in %d account(s)", len(targets))
		if len(optIn) > 0 {
			d += "; opt-in Regions among them: " + strings.Join(optIn, ", ")
		}
		r.add(CheckRegions, Pass, d, "")
	}
}

// checkControlTower: a landing zone of AWS Control Tower already runs its own trail, Config
// recorders, guardrails and account factory; two landing zones over one organization fight.
func checkControlTower(ctx context.Context, in Input, r *Report) {
	out, err := in.Clients.ControlTower.ListLandingZones(ctx, &controltower.ListLandingZonesInput{})
	if err != nil {
		r.add(CheckControlTower, Warn, fmt.Sprintf("cannot tell whether AWS Control Tower is set up: %v", err), "grant controltower:ListLandingZones, or check the Control Tower console in the home Region")
		return
	}
	if len(out.LandingZones) > 0 {
		var arns []string
		for _, z := range out.LandingZones {
			arns = append(arns, aws.ToString(z.Arn))
		}
		r.add(CheckControlTower, Block, "an AWS Control Tower landing zone manages this organization ("+strings.Join(arns, ", ")+"): its trail, Config recorders and controls collide with this stack's",
			"decommission the Control Tower landing zone first (Control Tower console -> Landing zone settings -> Decommission), or keep Control Tower and do not deploy this stack over it")
		return
	}
	r.add(CheckControlTower, Pass, "no AWS Control Tower landing zone", "")
}

// memberTarget is an account whose existing security services could collide with the stack's.
type memberTarget struct {
	key, id string
	// detector and hub: the stack creates its own GuardDuty detector / Security Hub account here.
	detector, hub bool
	// keep: the account keeps its own Config recorder (adopt.keepConfigRecording): the Config
	// StackSet leaves it out, so its recorder is expected, and its absence is a gap in recording.
	keep bool
}

// checkMembers reads, in the management account and every adopted account (through the access role),
// in every governed Region: Config recorders and delivery channels (one of each per account and
// Region: MaxNumberOfConfigurationRecordersExceededException, MaxNumberOfDeliveryChannelsExceededException),
// GuardDuty detectors (CreateDetector fails where one exists) and Security Hub subscriptions
// (EnableSecurityHub fails with ResourceConflictException), in the accounts where the stack creates
// its own.
func checkMembers(ctx context.Context, in Input, r *Report, l *live) {
	targets := []memberTarget{{key: config.KeyManagement, id: l.caller, detector: true}}
	for _, a := range in.Config.Accounts() {
		if a.ImportID != "" && l.org != nil {
			targets = append(targets, memberTarget{key: a.Key, id: a.ImportID, detector: a.Key == config.KeySecurity, hub: a.Key == config.KeySecurity,
				keep: slices.Contains(in.Config.Adopt.KeepConfigRecording, a.Key)})
		}
	}
	ourRole := ":role/" + in.Config.Prefix + "-config-recorder"
	var roleBlocks, roleOK []string
	var cfgBlocks, cfgKept, cfgGaps, gdBlocks, gdNotes, hubBlocks, hubNotes, hubErrs []string
	cfgOurs := 0
	for _, t := range targets {
		clients := in.Clients.Regional
		if t.key != config.KeyManagement {
			roleArn := fmt.Sprintf("arn:aws:iam::%s:role/%s", t.id, in.Config.AccessRoleName)
			if _, err := in.Clients.STS.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(roleArn), RoleSessionName: aws.String(awsapi.SessionName)}); err != nil {
				roleBlocks = append(roleBlocks, fmt.Sprintf("%s (%s): %s cannot be assumed: %v", t.key, t.id, roleArn, err))
				continue
			}
			roleOK = append(roleOK, t.key)
			clients = func(region string) *awsapi.RegionalClients { return in.Clients.Member(roleArn, region) }
		}
		for _, region := range in.Config.GovernedRegions {
			c := clients(region)
			where := fmt.Sprintf("%s (%s) %s", t.key, t.id, region)
			recs, err := c.Config.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
			switch {
			case err != nil:
				cfgBlocks = append(cfgBlocks, fmt.Sprintf("%s: cannot read Config recorders: %v", where, err))
			case t.keep && len(recs.ConfigurationRecorders) == 0:
				cfgGaps = append(cfgGaps, where)
			case t.keep:
				cfgKept = append(cfgKept, where)
			default:
				for _, rec := range recs.ConfigurationRecorders {
					if strings.Contains(aws.ToString(rec.RoleARN), ourRole) {
						cfgOurs++
						continue
					}
					cfgBlocks = append(cfgBlocks, fmt.Sprintf("%s: recorder %q (role %s)", where, aws.ToString(rec.Name), aws.ToString(rec.RoleARN)))
				}
				// A channel beside the landing zone's own recorder is the landing zone's too.
				ours := len(recs.ConfigurationRecorders) > 0 && strings.Contains(aws.ToString(recs.ConfigurationRecorders[0].RoleARN), ourRole)
				if chans, err := c.Config.DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{}); err != nil {
					cfgBlocks = append(cfgBlocks, fmt.Sprintf("%s: cannot read Config delivery channels: %v", where, err))
				} else if !ours {
					for _, ch := range chans.DeliveryChannels {
						cfgBlocks = append(cfgBlocks, fmt.Sprintf("%s: delivery channel %q (bucket %s)", where, aws.ToString(ch.Name), aws.ToString(ch.S3BucketName)))
					}
				}
			}
			dets, err := c.GuardDuty.ListDetectors(ctx, &guardduty.ListDetectorsInput{})
			if err != nil {
				gdNotes = append(gdNotes, fmt.Sprintf("%s: cannot list detectors: %v", where, err))
			} else if len(dets.DetectorIds) > 0 {
				msg := fmt.Sprintf("%s: detector %s", where, strings.Join(dets.DetectorIds, ", "))
				if t.detector {
					gdBlocks = append(gdBlocks, msg)
				} else {
					gdNotes = append(gdNotes, msg+" (becomes a member of the organization's GuardDuty)")
				}
			}
			// DescribeHub answers InvalidAccessException for an account not subscribed.
			_, err = c.SecurityHub.DescribeHub(ctx, &securityhub.DescribeHubInput{})
			switch {
			case err == nil && t.hub:
				hubBlocks = append(hubBlocks, where+": subscribed")
			case err == nil:
				hubNotes = append(hubNotes, where)
			case apiCode(err) != "InvalidAccessException":
				hubErrs = append(hubErrs, fmt.Sprintf("%s: cannot read Security Hub: %v", where, err))
			}
		}
	}
	if len(roleBlocks) > 0 {
		r.add(CheckAccessRole, Block, strings.Join(roleBlocks, "; "),
			fmt.Sprintf("create the role %s in each of these accounts, trusting the management account (arn:aws:iam::%s:root) with AdministratorAccess, or set landingzone:accessRoleName to the role the accounts have", in.Config.AccessRoleName, l.caller))
	} else {
		r.add(CheckAccessRole, Pass, fmt.Sprintf("the access role %s is assumable in every adopted account (%d: %s)", in.Config.AccessRoleName, len(roleOK), strings.Join(roleOK, ", ")), "")
	}
	sort.Strings(cfgBlocks)
	switch {
	case len(cfgBlocks) > 0:
		r.add(CheckConfig, Block, "AWS Config is already set up: "+strings.Join(cfgBlocks, "; ")+"; one recorder and one delivery channel per account and Region, so the stack's fail",
			"for an adopted account, list it in landingzone:adopt.keepConfigRecording (the Config StackSet then leaves it out and its recorder stays as it is); otherwise delete them (aws configservice delete-delivery-channel, delete-configuration-recorder, in that account and Region) once their data is kept elsewhere, or import the management account's with pulumi import")
	case len(cfgGaps) > 0:
		sort.Strings(cfgGaps)
		r.add(CheckConfig, Warn, "adopt.keepConfigRecording lists accounts with no Config recorder, which the Config StackSet leaves out, so nothing records them: "+strings.Join(cfgGaps, "; "),
			"remove them from landingzone:adopt.keepConfigRecording so that the landing zone records them, or set up their own recorder")
	case len(cfgKept) > 0:
		sort.Strings(cfgKept)
		r.add(CheckConfig, Pass, fmt.Sprintf("no foreign Config recorder outside adopt.keepConfigRecording; kept as they are: %s", strings.Join(cfgKept, "; ")), "")
	default:
		r.add(CheckConfig, Pass, fmt.Sprintf("no foreign Config recorder or delivery channel in %d account(s) x %d Region(s) (%d of the landing zone's own)", len(targets)-len(roleBlocks), len(in.Config.GovernedRegions), cfgOurs), "")
	}
	switch {
	case len(gdBlocks) > 0:
		r.add(CheckGuardDuty, Block, "GuardDuty detectors exist where the stack creates its own: "+strings.Join(gdBlocks, "; "),
			"import each one (pulumi import aws:guardduty/detector:Detector NAME DETECTOR_ID) or delete it (aws guardduty delete-detector; its findings are lost)")
	case len(gdNotes) > 0:
		r.add(CheckGuardDuty, Warn, strings.Join(gdNotes, "; "), "nothing to do for members; read any error above")
	default:
		r.add(CheckGuardDuty, Pass, "no GuardDuty detector where the stack creates one", "")
	}
	switch {
	case len(hubBlocks) > 0:
		r.add(CheckSecurityHub, Block, "Security Hub is already enabled in the security account: "+strings.Join(hubBlocks, "; "),
			"import it (pulumi import aws:securityhub/account:Account NAME ACCOUNT_ID) or disable it there first (aws securityhub disable-security-hub)")
	case len(hubErrs) > 0:
		r.add(CheckSecurityHub, Warn, strings.Join(hubErrs, "; "), "grant securityhub:DescribeHub to the access role, or check the security account's Security Hub console")
	case len(hubNotes) > 0:
		r.add(CheckSecurityHub, Pass, "Security Hub already enabled (joins the organization's configuration): "+strings.Join(hubNotes, "; "), "")
	default:
		r.add(CheckSecurityHub, Pass, "no Security Hub subscription where the stack creates one", "")
	}
}

// checkCostTags: activateCostAllocationTags: true makes pulumi up activate config.CostTagKeys
// (aws:costexplorer/costAllocationTag:CostAllocationTag, UpdateCostAllocationTagsStatus), which
// AWS refuses for a key it has not yet seen in the billing data ("Tag keys not found"); a key
// appears in ListCostAllocationTags, Inactive, once it has (up to 24 hours after a tagged resource
// first costs something: "it can take up to 24 hours for the tag keys to appear on Cost Allocation tag
// page for activation", https://www.pulumi.com/registry/packages/aws/api-docs/costexplorer/costallocationtag/;
// ListCostAllocationTags: https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_ListCostAllocationTags.html).
// Only the management account activates them in an organization; checkCaller has made sure of it.
func checkCostTags(ctx context.Context, in Input, r *Report) {
	activate := in.Config.ActivateCostAllocationTags != nil && *in.Config.ActivateCostAllocationTags
	seen, err := seenCostTags(ctx, in.Clients.CostExplorer)
	if err != nil {
		action := "grant ce:ListCostAllocationTags, or check in Billing -> Cost allocation tags that the keys " + strings.Join(config.CostTagKeys, ", ") + " are listed"
		if activate {
			action += "; until then, landingzone:activateCostAllocationTags: false is the safe setting"
		}
		r.add(CheckCostTags, Warn, fmt.Sprintf("cannot list the cost-allocation tags: %v", err), action)
		return
	}
	var listed, missing []string
	for _, k := range config.CostTagKeys {
		if st, ok := seen[k]; ok {
			listed = append(listed, fmt.Sprintf("%s (%s)", k, st))
		} else {
			missing = append(missing, k)
		}
	}
	switch {
	case activate && len(missing) > 0:
		r.add(CheckCostTags, Block, fmt.Sprintf("activateCostAllocationTags is true, but AWS has not yet seen %s in the billing data: activating them fails with \"Tag keys not found\"", strings.Join(missing, ", ")),
			"set landingzone:activateCostAllocationTags: false until AWS lists them (up to 24 h after the first tagged cost; aws ce list-cost-allocation-tags --tag-keys "+strings.Join(config.CostTagKeys, " ")+")")
	case activate:
		r.add(CheckCostTags, Pass, "every cost-allocation tag key is in the billing data, and pulumi up activates them: "+strings.Join(listed, ", "), "")
	case len(missing) == 0:
		r.add(CheckCostTags, Warn, "every cost-allocation tag key is in the billing data ("+strings.Join(listed, ", ")+"), but activateCostAllocationTags is false: budgets, cost categories and Cost Explorer cannot group by them",
			"AWS has seen every key: set activateCostAllocationTags: true")
	default:
		d := "activateCostAllocationTags is false; not yet billed: " + strings.Join(missing, ", ")
		if len(listed) > 0 {
			d += "; seen: " + strings.Join(listed, ", ")
		}
		r.add(CheckCostTags, Pass, d, "")
	}
}

// seenCostTags is the status (Active, Inactive) of each of config.CostTagKeys that AWS lists as a
// user-defined cost-allocation tag.
func seenCostTags(ctx context.Context, ce awsapi.CostExplorerAPI) (map[string]cetypes.CostAllocationTagStatus, error) {
	out := map[string]cetypes.CostAllocationTagStatus{}
	p := costexplorer.NewListCostAllocationTagsPaginator(ce, &costexplorer.ListCostAllocationTagsInput{
		Type: cetypes.CostAllocationTagTypeUserDefined, TagKeys: config.CostTagKeys,
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range page.CostAllocationTags {
			// Tag keys are case-sensitive; a key of another case is another key.
			if k := aws.ToString(t.TagKey); slices.Contains(config.CostTagKeys, k) {
				out[k] = t.Status
			}
		}
	}
	return out, nil
}
