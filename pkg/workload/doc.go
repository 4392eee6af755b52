// Package workload is the WorkloadAccount component, one per workload in the configuration: the
// account (vended or adopted through pkg/account), its budget and, by profile, the sandbox hard
// spend cap, and the optional workload network. It also holds what workloads share at the
// organization level: cost allocation (tags, cost categories, the FinOps budget), the cap's SCP
// and the role AWS Budgets uses, the sandbox anomaly monitors, the workload network StackSet and
// the vending waves.
//
// Everything is declared from the management account or, for the Transit Gateway associations,
// from the shared-services account: no provider is created for a workload account, so the
// provider count does not grow with the number of workloads. The account baseline is not here
// (pkg/baseline).
package workload
