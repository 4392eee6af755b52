package workload

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/budgets"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/costexplorer"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// CostAllocationType is the type token of the organization-level cost component.
const CostAllocationType = "landingzone:index:CostAllocation"

// CostAllocationArgs configures what the workloads share at the organization level.
type CostAllocationArgs struct {
	// ActivateTags are the cost-allocation tag keys to activate (none until AWS has billed them).
	ActivateTags []string
	Prefix       string
	// FinOps is the organization budget's settings; nil: no organization budget.
	FinOps *config.FinOps
	// SpendCap creates the sandbox cap's SCP and the AWS Budgets role (any active sandbox with a budget).
	SpendCap bool
	// CapExempt are the principals the cap's SCP never binds: the same as the Suspended OU's
	// deny-all (guardrails.DenyAllExemptPrincipals): the landing zone's automation (the access role,
	// the StackSets execution role), the account baseline's function roles and the configured
	// exemptions.
	CapExempt []string
	// ManagementAccountID and OrganizationID scope the Budgets role (outputs of the organization).
	ManagementAccountID pulumi.StringInput
	OrganizationID      pulumi.StringInput
	// Management is the management account's provider: cost data, budgets and SCPs live there.
	Management *aws.Provider
	// After are resources the cost resources wait for (the organization: SCPs need the policy type).
	After []pulumi.Resource
}

// CostAllocation is the organization-level cost setup: cost-allocation tags, cost categories, the
// FinOps budget, and the sandbox cap's SCP, role and anomaly monitors.
type CostAllocation struct {
	pulumi.ResourceState

	// Cap is the sandbox hard cap's shared part; nil when no sandbox needs it.
	Cap *SpendCap
	// CategoryArns are the cost categories by dimension (business unit, environment, application).
	CategoryArns pulumi.StringMap
	// BudgetName is the FinOps budget's name ("" without finOps).
	BudgetName pulumi.StringOutput

	ctx  *pulumi.Context
	args *CostAllocationArgs
	base string
}

// SpendCap is what every sandbox's budget action uses: the deny-all-but-read-and-stop SCP AWS Budgets
// attaches to the sandbox at 100 % of its actual monthly spend, and the role AWS Budgets assumes
// to attach it.
type SpendCap struct {
	PolicyID  pulumi.StringOutput
	PolicyArn pulumi.StringOutput
	RoleArn   pulumi.StringOutput
	// ready are the role's permissions: an action created before them fails its first run.
	ready []pulumi.Resource
}

// NewCostAllocation activates the cost-allocation tags, creates the FinOps budget and, when a
// sandbox needs it, the spend cap's SCP and role. Cost categories and anomaly monitors need the
// workload accounts: Categorize adds them once the accounts exist.
func NewCostAllocation(ctx *pulumi.Context, name string, args *CostAllocationArgs, opts ...pulumi.ResourceOption) (*CostAllocation, error) {
	if args == nil || args.Management == nil || args.ManagementAccountID == nil || args.OrganizationID == nil {
		return nil, fmt.Errorf("cost allocation: the management provider, management account ID and organization ID are required")
	}
	c := &CostAllocation{ctx: ctx, args: args, base: name, CategoryArns: pulumi.StringMap{}}
	if err := ctx.RegisterComponentResource(CostAllocationType, name, c, opts...); err != nil {
		return nil, err
	}
	in := []pulumi.ResourceOption{pulumi.Parent(c), pulumi.Provider(args.Management)}

	// Activation makes a tag a dimension of Cost Explorer, budgets and cost categories. AWS refuses
	// to activate a key it has not yet seen in the billing data ("Tag keys not found"; the tag
	// appears up to 24 hours after a tagged resource first incurs cost: Billing User Guide,
	// "Activating user-defined cost allocation tags"; hashicorp/terraform-provider-aws#29068,
	// #31442), so a new organization's first run leaves them off (config
	// activateCostAllocationTags, and a plan warning); the providers' default tags put these keys on
	// every resource the landing zone creates, so they exist once the first run has billed.
	for _, key := range args.ActivateTags {
		if _, err := costexplorer.NewCostAllocationTag(ctx, name+"-tag-"+key, &costexplorer.CostAllocationTagArgs{
			TagKey: pulumi.String(key),
			Status: pulumi.String("Active"),
		}, in...); err != nil {
			return nil, fmt.Errorf("cost allocation: tag %s: %w", key, err)
		}
	}

	c.BudgetName = pulumi.String("").ToStringOutput()
	if f := args.FinOps; f != nil {
		b, err := budgets.NewBudget(ctx, name+"-organization-monthly", &budgets.BudgetArgs{
			Name:          pulumi.String(args.Prefix + "-organization-monthly"),
			BudgetType:    pulumi.String("COST"),
			TimeUnit:      pulumi.String("MONTHLY"),
			LimitAmount:   pulumi.String(strconv.FormatFloat(f.BudgetUSD, 'f', 2, 64)),
			LimitUnit:     pulumi.String("USD"),
			Notifications: notifications(f.AlertThresholds, f.Email),
		}, in...)
		if err != nil {
			return nil, fmt.Errorf("cost allocation: organization budget: %w", err)
		}
		c.BudgetName = b.Name
	}

	if args.SpendCap {
		var err error
		if c.Cap, err = c.spendCap(name, in); err != nil {
			return nil, fmt.Errorf("cost allocation: spend cap: %w", err)
		}
	}
	return c, nil
}

// notifications alerts the subscriber at each threshold of actual spend.
func notifications(thresholds []float64, email string) budgets.BudgetNotificationArray {
	out := budgets.BudgetNotificationArray{}
	for _, t := range thresholds {
		out = append(out, budgets.BudgetNotificationArgs{
			ComparisonOperator:       pulumi.String("GREATER_THAN"),
			NotificationType:         pulumi.String("ACTUAL"),
			Threshold:                pulumi.Float64(t),
			ThresholdType:            pulumi.String("PERCENTAGE"),
			SubscriberEmailAddresses: pulumi.ToStringArray([]string{email}),
		})
	}
	return out
}

// capReadActions are what a capped sandbox may still do: read, so that its owner and the security
// team can investigate what spent the money, and open a support case; the directory's reads are
// there for a sandbox the directory is shared with, whose acceptance a read-only run refreshes
// through the sandbox's member preview role. Organizations needs explicit
// service prefixes ("*:Get*" names no service).
var capReadActions = policy.Strings{
	"autoscaling:Describe*", "budgets:View*", "ce:Describe*", "ce:Get*", "ce:List*",
	"cloudformation:Describe*", "cloudformation:Get*", "cloudformation:List*",
	"cloudtrail:Describe*", "cloudtrail:Get*", "cloudtrail:List*", "cloudtrail:LookupEvents",
	"cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*", "config:Describe*", "config:Get*", "config:List*",
	"ds:Describe*", "ds:Get*", "ds:List*", "dynamodb:Describe*", "dynamodb:List*", "ec2:Describe*", "ec2:Get*", "ecr:Describe*", "ecr:List*",
	"ecs:Describe*", "ecs:List*", "eks:Describe*", "eks:List*", "elasticloadbalancing:Describe*",
	"health:Describe*", "iam:Get*", "iam:List*", "kms:Describe*", "kms:List*",
	"lambda:Get*", "lambda:List*", "logs:Describe*", "logs:FilterLogEvents", "logs:Get*",
	"rds:Describe*", "rds:List*", "s3:Get*", "s3:List*", "sns:Get*", "sns:List*", "sqs:Get*", "sqs:List*",
	"sts:GetCallerIdentity", "support:*", "tag:Get*",
}

// capStopActions are what a capped sandbox may still do to stop spending: stop, terminate, release
// or delete what bills by the hour or by the gigabyte in the services sandboxes use most (compute,
// NAT gateways and addresses, volumes and snapshots, databases, notebooks, endpoints and jobs,
// containers, functions' provisioned concurrency, load balancers, storage, caches, streams,
// clusters). An SCP refuses new calls but does not stop what runs, so without these the owner could
// only watch a capped account keep billing. Every action here can only lower the bill: none
// creates, starts, updates, sets or modifies anything (a stopped RDS instance restarts by itself
// after seven days, but that is AWS's doing, not a call this list allows). Other guardrails still
// apply: the log-archive buckets, the landing zone's roles and functions stay protected by their
// own SCPs. iamlint checks every name (policylint_test.go).
var capStopActions = policy.Strings{
	"apprunner:PauseService", "athena:StopQueryExecution", "autoscaling:DeleteAutoScalingGroup",
	"dynamodb:DeleteBackup", "dynamodb:DeleteTable",
	"ec2:CancelSpotFleetRequests", "ec2:CancelSpotInstanceRequests", "ec2:DeleteClientVpnEndpoint", "ec2:DeleteFleets",
	"ec2:DeleteNatGateway", "ec2:DeleteSnapshot", "ec2:DeleteVolume", "ec2:DeleteVpcEndpoints", "ec2:DeleteVpnConnection",
	"ec2:DeregisterImage", "ec2:DetachVolume", "ec2:DisassociateAddress", "ec2:ReleaseAddress", "ec2:StopInstances", "ec2:TerminateInstances",
	"ecr:BatchDeleteImage", "ecr:DeleteRepository", "ecs:DeleteCluster", "ecs:DeleteService", "ecs:StopTask",
	"eks:DeleteCluster", "eks:DeleteFargateProfile", "eks:DeleteNodegroup",
	"elasticache:DeleteCacheCluster", "elasticache:DeleteReplicationGroup", "elasticache:DeleteServerlessCache",
	"elasticfilesystem:DeleteFileSystem", "elasticloadbalancing:DeleteLoadBalancer", "elasticmapreduce:TerminateJobFlows",
	"es:DeleteDomain", "fsx:DeleteFileSystem", "kinesis:DeleteStream", "lambda:DeleteFunction", "lambda:DeleteProvisionedConcurrencyConfig",
	"rds:DeleteDBCluster", "rds:DeleteDBClusterSnapshot", "rds:DeleteDBInstance", "rds:DeleteDBSnapshot", "rds:StopDBCluster", "rds:StopDBInstance",
	"redshift:DeleteCluster", "redshift:PauseCluster", "s3:DeleteBucket", "s3:DeleteObject", "s3:DeleteObjectVersion",
	"sagemaker:DeleteApp", "sagemaker:DeleteEndpoint", "sagemaker:DeleteNotebookInstance", "sagemaker:StopHyperParameterTuningJob",
	"sagemaker:StopNotebookInstance", "sagemaker:StopProcessingJob", "sagemaker:StopTrainingJob", "sagemaker:StopTransformJob",
	"workspaces:StopWorkspaces", "workspaces:TerminateWorkspaces",
}

// CapActionsAllowed are what the cap's SCP leaves to a capped sandbox: reading, and stopping what
// spends.
func CapActionsAllowed() policy.Strings {
	return append(slices.Clone(capReadActions), capStopActions...)
}

// CapPolicy is the SCP AWS Budgets attaches to a sandbox that has spent its monthly limit: every
// action but reading and stopping what spends is denied to everyone but the landing zone's
// automation, which keeps working (StackSets, the access role, the account baseline's functions:
// the exemptions of the Suspended OU's deny-all). Running resources are not stopped: an SCP only
// refuses new calls, and the owner may still stop or delete them.
func CapPolicy(exempt []string) policy.Document {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{{
		Sid:       "SpendCapDenyAllButReadAndStop",
		Effect:    policy.Deny,
		NotAction: CapActionsAllowed(),
		Resource:  policy.Strings{"*"},
		Condition: policy.Conditions{"ArnNotLike": {"aws:PrincipalARN": policy.Strings(exempt)}},
	}}}
}

// CheckCapSize refuses a cap SCP over the organization's SCP size limit (guardrails.scpMaxSize,
// minified characters as Organizations counts them): the exemptions it carries are configurable,
// and Organizations would refuse the policy mid-deploy. It runs before anything is registered.
func CheckCapSize(exempt []string, maxSize int) config.Problems {
	content, err := CapPolicy(exempt).JSON()
	if err != nil {
		return config.Problems{{Path: "guardrails.exemptPrincipalArns", Message: err.Error()}}
	}
	if len(content) > maxSize {
		return config.Problems{{Path: "guardrails.exemptPrincipalArns", Message: fmt.Sprintf(
			"the sandbox spend cap SCP, which exempts these roles, would be %d characters; the limit (guardrails.scpMaxSize) is %d: exempt fewer roles or use wildcards", len(content), maxSize)}}
	}
	return nil
}

// BudgetsTrust lets AWS Budgets assume the role only for this payer's budgets (confused-deputy
// protection: aws:SourceAccount and aws:SourceArn, Billing and Cost Management User Guide,
// "Cross-service confused deputy prevention" for AWS Budgets).
func BudgetsTrust(managementAccountID string) policy.Document {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{{
		Effect: policy.Allow, Principal: policy.Service("budgets.amazonaws.com"), Action: policy.Strings{"sts:AssumeRole"},
		Condition: policy.Conditions{
			"StringEquals": {"aws:SourceAccount": {managementAccountID}},
			"ArnLike":      {"aws:SourceArn": {fmt.Sprintf("arn:aws:budgets::%s:budget/*", managementAccountID)}},
		},
	}}}
}

// BudgetsPermissions are the role's permissions: attach and detach the cap SCP, and nothing else,
// to and from the organization's accounts. AttachPolicy authorizes both the policy and the target,
// so allowing only the cap's policy ARN means no other SCP can be attached or detached by it. The
// actions are the ones the Budgets documentation gives a budget action's role for SCPs (Cost
// Management User Guide, "Setting up a role for AWS Budgets to run budget actions", and its example
// policy "Allow AWS Budgets to apply IAM policies and SCPs": organizations:AttachPolicy and
// DetachPolicy). AWS's managed policy AWSManagedBudgetsSpendLimitManagementAccess (AWS Managed
// Policy Reference, docs.aws.amazon.com/aws-managed-policy/latest/reference/
// AWSManagedBudgetsSpendLimitManagementAccess.html, created 2026) grants AttachPolicy,
// DescribePolicy and DetachPolicy on any service_control_policy ARN tagged ManagedBy=SpendLimit;
// this role narrows that to the one cap policy and the organization's accounts instead of a tag.
func BudgetsPermissions(policyArn, managementAccountID, organizationID string) policy.Document {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{
		{
			Sid: "AttachTheSpendCapToAccounts", Effect: policy.Allow,
			Action: policy.Strings{"organizations:AttachPolicy", "organizations:DetachPolicy"},
			Resource: policy.Strings{policyArn,
				fmt.Sprintf("arn:aws:organizations::%s:account/%s/*", managementAccountID, organizationID)},
		},
		{
			Sid: "ReadTheSpendCap", Effect: policy.Allow,
			Action: policy.Strings{"organizations:DescribePolicy"}, Resource: policy.Strings{policyArn},
		},
	}}
}

func (c *CostAllocation) spendCap(name string, in []pulumi.ResourceOption) (*SpendCap, error) {
	a := c.args
	content, err := CapPolicy(a.CapExempt).JSON()
	if err != nil {
		return nil, err
	}
	scp, err := organizations.NewPolicy(c.ctx, name+"-sandbox-spend-cap", &organizations.PolicyArgs{
		Name:        pulumi.String(a.Prefix + "-sandbox-spend-cap"),
		Description: pulumi.String("Attached by AWS Budgets to a sandbox that has spent its monthly limit: read only."),
		Type:        pulumi.String("SERVICE_CONTROL_POLICY"),
		Content:     pulumi.String(content),
		// Retained if the last sandbox goes: AWS Budgets attaches it outside the program, and
		// Organizations refuses to delete a policy still attached to an account.
	}, append(in, pulumi.DependsOn(a.After), pulumi.RetainOnDelete(true))...)
	if err != nil {
		return nil, err
	}
	trust := a.ManagementAccountID.ToStringOutput().ApplyT(func(id string) (string, error) {
		return BudgetsTrust(id).JSON()
	}).(pulumi.StringOutput)
	role, err := iam.NewRole(c.ctx, name+"-budgets-role", &iam.RoleArgs{
		Name:             pulumi.String(a.Prefix + "-budgets-spend-cap"),
		Description:      pulumi.String("Assumed by AWS Budgets to attach the spend-cap SCP to a sandbox at 100 % of its budget."),
		AssumeRolePolicy: trust,
	}, in...)
	if err != nil {
		return nil, err
	}
	permissions := pulumi.All(scp.Arn, a.ManagementAccountID, a.OrganizationID).ApplyT(func(v []any) (string, error) {
		return BudgetsPermissions(v[0].(string), v[1].(string), v[2].(string)).JSON()
	}).(pulumi.StringOutput)
	rp, err := iam.NewRolePolicy(c.ctx, name+"-budgets-role-policy", &iam.RolePolicyArgs{
		Name:   pulumi.String("attach-spend-cap"),
		Role:   role.Name,
		Policy: permissions,
	}, in...)
	if err != nil {
		return nil, err
	}
	return &SpendCap{PolicyID: scp.ID().ToStringOutput(), PolicyArn: scp.Arn, RoleArn: role.Arn, ready: []pulumi.Resource{rp}}, nil
}

// anomalyGroupSize is how many linked accounts one customer-managed monitor may watch (a group of
// up to 10 linked accounts: Cost Management User Guide, "Monitor types", as recalled; the API
// reference, AnomalyMonitor, says customer-managed monitors watch the selected values in
// aggregate); an email subscription takes at most 10 subscribers, one owner per sandbox.
const anomalyGroupSize = 10

// Categorize adds what needs the member accounts: one cost category each for business unit,
// environment and application, whose rules group accounts by LINKED_ACCOUNT (the account tags are
// not line-item tags, so rules by account are what Cost Explorer can apply to every line), and
// anomaly monitors over the active sandboxes, ten accounts a monitor, each with a daily email
// subscription to those sandboxes' owners. It finishes the component.
func (c *CostAllocation) Categorize(members []*account.Account, workloads []*Account) error {
	in := []pulumi.ResourceOption{pulumi.Parent(c), pulumi.Provider(c.args.Management)}
	for _, dim := range []struct{ name, tag string }{
		{"business-unit", config.TagBusinessUnit}, {"environment", config.TagEnvironment}, {"application", config.TagApplication},
	} {
		values := map[string]pulumi.StringArray{}
		var order []string
		for _, m := range members {
			v := m.Config.Tags[dim.tag]
			if _, seen := values[v]; !seen {
				order = append(order, v)
			}
			values[v] = append(values[v], m.ID)
		}
		if len(order) == 0 {
			continue
		}
		slices.Sort(order)
		rules := costexplorer.CostCategoryRuleArray{}
		for _, v := range order {
			rules = append(rules, costexplorer.CostCategoryRuleArgs{
				Value: pulumi.String(v),
				Type:  pulumi.String("REGULAR"),
				Rule: costexplorer.CostCategoryRuleRuleArgs{Dimension: costexplorer.CostCategoryRuleRuleDimensionArgs{
					Key:          pulumi.String("LINKED_ACCOUNT"),
					Values:       values[v],
					MatchOptions: pulumi.ToStringArray([]string{"EQUALS"}),
				}},
			})
		}
		cat, err := costexplorer.NewCostCategory(c.ctx, c.name("category-"+dim.name), &costexplorer.CostCategoryArgs{
			Name:         pulumi.String(c.args.Prefix + "-" + dim.name),
			RuleVersion:  pulumi.String("CostCategoryExpression.v1"),
			Rules:        rules,
			DefaultValue: pulumi.String("unallocated"),
		}, in...)
		if err != nil {
			return fmt.Errorf("cost allocation: cost category %s: %w", dim.name, err)
		}
		c.CategoryArns[dim.name] = cat.Arn
	}
	if err := c.anomalyMonitors(workloads, in); err != nil {
		return err
	}
	return c.ctx.RegisterResourceOutputs(c, pulumi.Map{
		"budgetName":   c.BudgetName,
		"categoryArns": c.CategoryArns,
	})
}

func (c *CostAllocation) name(suffix string) string { return c.base + "-" + suffix }

func (c *CostAllocation) anomalyMonitors(workloads []*Account, in []pulumi.ResourceOption) error {
	// Groups follow each sandbox's place among all sandboxes, suspended ones included: a monitor's
	// specification cannot change without replacing it (monitorSpecification is ForceNew in the
	// Terraform provider), so suspending a sandbox changes its own group only, and a new sandbox at
	// the end of the list none but the last.
	var groups [][]*Account
	n := 0
	for _, w := range workloads {
		wl := w.Account.Config.Workload
		if wl.Profile != config.ProfileSandbox {
			continue
		}
		g := n / anomalyGroupSize
		n++
		for len(groups) <= g {
			groups = append(groups, nil)
		}
		if wl.Active() {
			groups[g] = append(groups[g], w)
		}
	}
	for g, group := range groups {
		if len(group) == 0 {
			continue
		}
		ids := pulumi.StringArray{}
		var owners []string
		limit := 0.0
		for _, w := range group {
			ids = append(ids, w.AccountID)
			wl := w.Account.Config.Workload
			if !slices.Contains(owners, wl.Owner) {
				owners = append(owners, wl.Owner)
			}
			if wl.Budget != nil && (limit == 0 || wl.Budget.MonthlyLimitUSD < limit) {
				limit = wl.Budget.MonthlyLimitUSD
			}
		}
		spec := ids.ToStringArrayOutput().ApplyT(MonitorSpecification).(pulumi.StringOutput)
		monitor, err := costexplorer.NewAnomalyMonitor(c.ctx, c.name(fmt.Sprintf("sandbox-anomalies-%d", g)), &costexplorer.AnomalyMonitorArgs{
			Name:                 pulumi.Sprintf("%s-sandbox-anomalies-%d", c.args.Prefix, g),
			MonitorType:          pulumi.String("CUSTOM"),
			MonitorSpecification: spec,
		}, in...)
		if err != nil {
			return fmt.Errorf("cost allocation: anomaly monitor %d: %w", g, err)
		}
		subscribers := costexplorer.AnomalySubscriptionSubscriberArray{}
		for _, o := range owners {
			subscribers = append(subscribers, costexplorer.AnomalySubscriptionSubscriberArgs{Type: pulumi.String("EMAIL"), Address: pulumi.String(o)})
		}
		// An anomaly of a tenth of the smallest sandbox budget in the group is worth an email the
		// next morning: long before the monthly figures reach 100 %.
		threshold := max(1, limit/10)
		if _, err := costexplorer.NewAnomalySubscription(c.ctx, c.name(fmt.Sprintf("sandbox-anomalies-%d", g)), &costexplorer.AnomalySubscriptionArgs{
			Name: pulumi.Sprintf("%s-sandbox-anomalies-%d", c.args.Prefix, g),
			// Email subscribers take DAILY or WEEKLY; IMMEDIATE needs an SNS topic.
			Frequency:       pulumi.String("DAILY"),
			MonitorArnLists: pulumi.StringArray{monitor.Arn},
			Subscribers:     subscribers,
			ThresholdExpression: costexplorer.AnomalySubscriptionThresholdExpressionArgs{
				Dimension: costexplorer.AnomalySubscriptionThresholdExpressionDimensionArgs{
					Key:          pulumi.String("ANOMALY_TOTAL_IMPACT_ABSOLUTE"),
					Values:       pulumi.ToStringArray([]string{strconv.FormatFloat(threshold, 'f', 2, 64)}),
					MatchOptions: pulumi.ToStringArray([]string{"GREATER_THAN_OR_EQUAL"}),
				},
			},
		}, in...); err != nil {
			return fmt.Errorf("cost allocation: anomaly subscription %d: %w", g, err)
		}
	}
	return nil
}

// MonitorSpecification is a custom anomaly monitor's expression over linked accounts, written the
// way the provider reads it back. monitor_specification is ForceNew, and Read stores
// json.Marshal(awstypes.Expression) normalized (every field of Expression and DimensionValues,
// absent ones as null, keys sorted); the diff compares the two documents after unmarshalling
// (verify.SuppressEquivalentJSONDiffs: reflect.DeepEqual), where a missing key is not a null one.
// A specification without the null keys therefore differs from its own read-back and replaces the
// monitor on every run, resetting what it has learnt (hashicorp/terraform-provider-aws#39885;
// internal/service/ce/anomaly_monitor.go and its acceptance tests, which write the full form).
func MonitorSpecification(accounts []string) (string, error) {
	return policy.Marshal(map[string]any{
		"And": nil, "CostCategories": nil, "Not": nil, "Or": nil, "Tags": nil,
		"Dimensions": map[string]any{"Key": "LINKED_ACCOUNT", "MatchOptions": nil, "Values": accounts},
	})
}
