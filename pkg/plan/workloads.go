package plan

import (
	"fmt"
	"io"
	"strings"
)

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
	if n := count(stackInstanceTyp); n > 0 {
		fmt.Fprintf(w, "  networks: %d VPC stack instances of one StackSet (no provider in workload accounts), %d joined to the hub\n", n, count(hubAssociation))
	}
	fmt.Fprintf(w, "  new accounts are created in %d waves (each waits for the previous one)\n\n", p.Summary.AccountWaves)
}
