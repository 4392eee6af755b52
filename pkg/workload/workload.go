package workload

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/budgets"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// TypeToken is the WorkloadAccount component's type: part of every child's URN, never to change.
const TypeToken = "landingzone:index:WorkloadAccount"

// Args describes one workload account.
type Args struct {
	// Account is the workload's account as the configuration describes it (Workload set).
	Account config.Account
	// ParentID is the ID of the OU the account sits in now.
	ParentID pulumi.StringInput
	// AccessRoleName is the role Organizations creates in a new account.
	AccessRoleName string
	// Management is the management account's provider: the account, its budget and budget action
	// are declared there.
	Management *aws.Provider
	// After are the accounts of the previous vending wave: a new account is requested only once
	// they exist (nil for an adopted account or the first wave).
	After []pulumi.Resource
	// Cap is the sandbox spend cap's SCP and role; required for an active sandbox with a budget.
	Cap *SpendCap
}

func (a *Args) check() error {
	w := a.Account.Workload
	switch {
	case w == nil:
		return fmt.Errorf("%s is not a workload account", a.Account.Key)
	case a.Management == nil || a.ParentID == nil || a.AccessRoleName == "":
		return fmt.Errorf("the management provider, parent OU and access role name are required")
	case capped(w) && a.Cap == nil:
		return fmt.Errorf("an active sandbox with a budget needs the spend cap (CostAllocation with SpendCap)")
	}
	return nil
}

// capped reports whether a workload gets the hard spend cap: an active sandbox with a budget.
// Validation makes every sandbox carry a budget.
func capped(w *config.Workload) bool {
	return w.Profile == config.ProfileSandbox && w.Active() && w.Budget != nil
}

// Account is the WorkloadAccount component: one workload's account and what comes with it.
type Account struct {
	pulumi.ResourceState

	// Account is the vended or adopted account.
	Account       *account.Account
	AccountID     pulumi.StringOutput
	AccessRoleArn pulumi.StringOutput
	// OU is the path of the OU the account sits in now.
	OU pulumi.StringOutput
	// BudgetName is "" for a workload without budget, or a suspended one.
	BudgetName   pulumi.StringOutput
	Budget       *budgets.Budget
	BudgetAction *budgets.BudgetAction
	// Network is nil unless the workload asks for a network (AddNetwork).
	Network *Network

	ctx  *pulumi.Context
	name string
	args *Args
}

// New vends (or adopts) the workload's account under the component and adds its budget and, for
// an active sandbox, the budget action that caps it. The account and budget were declared at the
// stack's top level (account) and under the account (budget) before this component existed: both
// keep their identity through aliases, so moving them here replaces nothing.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Account, error) {
	if args == nil {
		return nil, fmt.Errorf("workload %s: no arguments", name)
	}
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("workload %s: %w", name, err)
	}
	w := &Account{ctx: ctx, name: name, args: args}
	if err := ctx.RegisterComponentResource(TypeToken, name, w, opts...); err != nil {
		return nil, err
	}
	a := args.Account
	vendOpts := []pulumi.ResourceOption{
		pulumi.Parent(w),
		// The account was a top-level resource of the same name and type.
		pulumi.Aliases([]pulumi.Alias{{NoParent: pulumi.Bool(true)}}),
	}
	if len(args.After) > 0 && a.ImportID == "" {
		vendOpts = append(vendOpts, pulumi.DependsOn(args.After))
	}
	acct, err := account.Vend(ctx, account.VendArgs{
		Account: a, ParentID: args.ParentID, AccessRoleName: args.AccessRoleName, Management: args.Management,
	}, vendOpts...)
	if err != nil {
		return nil, fmt.Errorf("workload %s: %w", name, err)
	}
	w.Account, w.AccountID, w.AccessRoleArn = acct, acct.ID, acct.AccessRoleArn
	w.OU = pulumi.String(a.OU).ToStringOutput()
	w.BudgetName = pulumi.String("").ToStringOutput()

	// A suspended workload's budget, alerts and cap are dropped: deleting a budget deletes nothing
	// but the budget, and the account stays, under the Suspended OU's deny-all.
	wl := a.Workload
	if wl.Budget != nil && wl.Active() {
		if err := w.budget(); err != nil {
			return nil, fmt.Errorf("workload %s: %w", name, err)
		}
	}
	return w, nil
}

// budget is the account's monthly cost budget, declared in the management account and filtered by
// linked account (organization-native: nothing in the member account), alerting the owner at each
// threshold of actual spend; a sandbox's also carries the hard cap.
func (w *Account) budget() error {
	a := w.args.Account
	wl := a.Workload
	oldParent := fmt.Sprintf("urn:pulumi:%s::%s::aws:organizations/account:Account", w.ctx.Stack(), w.ctx.Project())
	res, err := budgets.NewBudget(w.ctx, a.Key+"-monthly", &budgets.BudgetArgs{
		Name:        pulumi.String(a.Name + "-monthly"),
		BudgetType:  pulumi.String("COST"),
		TimeUnit:    pulumi.String("MONTHLY"),
		LimitAmount: pulumi.String(strconv.FormatFloat(wl.Budget.MonthlyLimitUSD, 'f', 2, 64)),
		LimitUnit:   pulumi.String("USD"),
		CostFilters: budgets.BudgetCostFilterArray{budgets.BudgetCostFilterArgs{
			Name:   pulumi.String("LinkedAccount"),
			Values: pulumi.StringArray{w.AccountID},
		}},
		Notifications: notifications(wl.Budget.AlertThresholds, wl.Owner),
	}, pulumi.Provider(w.args.Management), pulumi.Parent(w),
		// The budget was the account's child before the component existed.
		pulumi.Aliases([]pulumi.Alias{{URN: pulumi.URN(fmt.Sprintf("%s$aws:budgets/budget:Budget::%s-monthly", oldParent, a.Key))}}))
	if err != nil {
		return fmt.Errorf("budget: %w", err)
	}
	w.Budget, w.BudgetName = res, res.Name
	if !capped(wl) {
		return nil
	}
	// The hard cap: at 100 % of the monthly limit in actual (billed) spend, AWS Budgets itself
	// attaches the read-only SCP to the sandbox, without waiting for anyone's approval (AUTOMATIC).
	// Billing data lags by hours, so spend can pass the limit before the action runs; running
	// resources keep running (README, "Sandbox spend cap").
	spend := w.args.Cap
	w.BudgetAction, err = budgets.NewBudgetAction(w.ctx, a.Key+"-spend-cap", &budgets.BudgetActionArgs{
		BudgetName:       res.Name,
		ActionType:       pulumi.String("APPLY_SCP_POLICY"),
		ApprovalModel:    pulumi.String("AUTOMATIC"),
		NotificationType: pulumi.String("ACTUAL"),
		ExecutionRoleArn: spend.RoleArn,
		ActionThreshold: budgets.BudgetActionActionThresholdArgs{
			ActionThresholdType:  pulumi.String("PERCENTAGE"),
			ActionThresholdValue: pulumi.Float64(100),
		},
		Definition: budgets.BudgetActionDefinitionArgs{
			ScpActionDefinition: budgets.BudgetActionDefinitionScpActionDefinitionArgs{
				PolicyId:  spend.PolicyID,
				TargetIds: pulumi.StringArray{w.AccountID},
			},
		},
		Subscribers: budgets.BudgetActionSubscriberArray{budgets.BudgetActionSubscriberArgs{
			Address: pulumi.String(wl.Owner), SubscriptionType: pulumi.String("EMAIL"),
		}},
	}, pulumi.Provider(w.args.Management), pulumi.Parent(w), pulumi.DependsOn(spend.ready))
	if err != nil {
		return fmt.Errorf("spend cap: %w", err)
	}
	return nil
}

// Finish registers the component's outputs; call it once, after AddNetwork if any.
func (w *Account) Finish() error {
	outputs := pulumi.Map{
		"accountId":     w.AccountID,
		"accessRoleArn": w.AccessRoleArn,
		"ou":            w.OU,
		"budgetName":    w.BudgetName,
	}
	if n := w.Network; n != nil {
		outputs["network"] = n.Outputs()
	}
	return w.ctx.RegisterResourceOutputs(w, outputs)
}

// Outputs are the stack outputs of one workload.
func (w *Account) Outputs() pulumi.Map {
	out := pulumi.Map{
		"id":            w.AccountID,
		"email":         pulumi.String(w.Account.Config.Email),
		"ou":            w.OU,
		"accessRoleArn": w.AccessRoleArn,
		"profile":       pulumi.String(w.Account.Config.Workload.Profile),
		"budgetName":    w.BudgetName,
	}
	if n := w.Network; n != nil {
		out["network"] = n.Outputs()
	}
	return out
}
