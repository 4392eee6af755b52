package account

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/budgets"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// budget puts a monthly cost budget on an account, declared in the management account and filtered by
// linked account (organization-native: nothing is deployed into the member account), notifying the
// owner at each threshold of actual spend.
func budget(ctx *pulumi.Context, acct *Account, b *config.Budget, owner string, management *aws.Provider) (*budgets.Budget, error) {
	notifications := budgets.BudgetNotificationArray{}
	for _, t := range b.AlertThresholds {
		notifications = append(notifications, budgets.BudgetNotificationArgs{
			ComparisonOperator:       pulumi.String("GREATER_THAN"),
			NotificationType:         pulumi.String("ACTUAL"),
			Threshold:                pulumi.Float64(t),
			ThresholdType:            pulumi.String("PERCENTAGE"),
			SubscriberEmailAddresses: pulumi.ToStringArray([]string{owner}),
		})
	}
	res, err := budgets.NewBudget(ctx, acct.Config.Key+"-monthly", &budgets.BudgetArgs{
		Name:        pulumi.String(acct.Config.Name + "-monthly"),
		BudgetType:  pulumi.String("COST"),
		TimeUnit:    pulumi.String("MONTHLY"),
		LimitAmount: pulumi.String(strconv.FormatFloat(b.MonthlyLimitUSD, 'f', 2, 64)),
		LimitUnit:   pulumi.String("USD"),
		CostFilters: budgets.BudgetCostFilterArray{budgets.BudgetCostFilterArgs{
			Name:   pulumi.String("LinkedAccount"),
			Values: pulumi.StringArray{acct.ID},
		}},
		Notifications: notifications,
	}, pulumi.Provider(management), pulumi.Parent(acct.Resource))
	if err != nil {
		return nil, fmt.Errorf("account %s: budget: %w", acct.Config.Key, err)
	}
	return res, nil
}
