package plan

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// maxListed is how many capped sandboxes the report names before counting the rest.
const maxListed = 10

// prefixOf is the landing zone's prefix as the cap policy's name shows it, or "<prefix>".
func prefixOf(p *Plan) string {
	for _, r := range p.Find(PolicyType) {
		if name := r.Input("name"); strings.HasSuffix(name, "-sandbox-spend-cap") {
			return strings.TrimSuffix(name, "-sandbox-spend-cap")
		}
	}
	return "<prefix>"
}

// Resource types and component of the workload accounts, as the report reads them.
const (
	workloadType     = "landingzone:index:WorkloadAccount"
	budgetActionType = "aws:budgets/budgetAction:BudgetAction"
	stackInstanceTyp = "aws:cloudformation/stackSetInstance:StackSetInstance"
	hubAssociation   = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation"
	anomalyMonitor   = "aws:costexplorer/anomalyMonitor:AnomalyMonitor"
)

// reportWorkloads sums up the WorkloadAccount components: budgets, sandbox caps, networks, and
// the waves new accounts are created in.
func (p *Plan) reportWorkloads(w io.Writer) {
	workloads := len(p.Find(workloadType))
	if workloads == 0 {
		return
	}
	in := func(r *Resource) bool { return strings.Contains(r.URN, workloadType+"$") }
	count := func(typ string) int {
		n := 0
		for _, r := range p.Find(typ) {
			if in(r) {
				n++
			}
		}
		return n
	}
	fmt.Fprintf(w, "Workload accounts: %d; budgets %d, sandbox spend caps %d (SCP attached by AWS Budgets at 100 %% of actual spend), anomaly monitors %d\n",
		workloads, count("aws:budgets/budget:Budget"), count(budgetActionType), len(p.Find(anomalyMonitor)))
	// The plan cannot see which caps AWS Budgets has executed: it lists the sandboxes that carry
	// one, with how to lift it, since nothing in the program ever does (README, "Sandbox hard spend
	// cap", Lifting a cap).
	var capped []string
	for _, r := range p.Find(budgetActionType) {
		if in(r) {
			capped = append(capped, strings.TrimSuffix(r.Name, "-spend-cap"))
		}
	}
	if len(capped) > 0 {
		slices.Sort(capped)
		shown := capped
		if len(shown) > maxListed {
			shown = shown[:maxListed]
		}
		more := ""
		if len(capped) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(capped)-len(shown))
		}
		fmt.Fprintf(w, "  sandboxes with a spend cap: %s%s. The program never lifts an executed cap (raising the limit or suspending does not):\n"+
			"    aws budgets execute-budget-action --execution-type REVERSE_BUDGET_ACTION (action still declared), or\n"+
			"    aws organizations detach-policy --policy-id <%s-sandbox-spend-cap> --target-id <account ID> (README, Lifting a cap)\n",
			strings.Join(shown, ", "), more, prefixOf(p))
	}
	if n := count(stackInstanceTyp); n > 0 {
		fmt.Fprintf(w, "  networks: %d VPC stack instances of one StackSet (no provider in workload accounts), %d joined to the hub\n", n, count(hubAssociation))
	}
	fmt.Fprintf(w, "  new accounts are created in %d waves (each waits for the previous one)\n\n", p.Summary.AccountWaves)
}
