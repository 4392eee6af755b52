// Package sharedservices is the SharedServices component: what the shared-services account runs for
// every other account. A VPC with private subnets in several Availability Zones and flow logs to the
// central log bucket; AWS Managed Microsoft AD in two of those subnets, its admin password in Secrets
// Manager under a customer-managed key, its security logs in CloudWatch Logs, shared with the
// workloads that ask for it; a Route 53 Resolver outbound endpoint and a forwarding rule for the
// directory's domain, shared through AWS RAM; and, when switched on, a Transit Gateway hub shared
// through RAM whose route tables keep production and non-production apart.
//
// It is not where workload VPCs, their Transit Gateway attachments or their resolver-rule
// associations are made: those belong to the workload accounts, which consume this component's
// outputs.
package sharedservices
