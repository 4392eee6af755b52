// Package stackset holds what every service-managed CloudFormation StackSet of the landing zone
// shares: how it is created from the management account, which accounts an instance targets, and
// how its operations run. The StackSets themselves (Config recording, the account baseline and its
// aliases, the member preview role, workload networks) live with the component that owns them.
package stackset

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AutoDeploy says what a StackSet does for accounts joining or leaving its target OUs.
type AutoDeploy int

const (
	// Manual is no automatic deployment; every instance is declared (per-account values).
	Manual AutoDeploy = iota
	// RetainOnRemoval deploys to every account that joins; an account that leaves keeps the stack.
	RetainOnRemoval
	// DeleteOnRemoval deploys to every account that joins; an account that leaves loses the stack.
	DeleteOnRemoval
)

// Args are the arguments of a service-managed StackSet created by the management account itself.
//
//   - SERVICE_MANAGED with CallAs SELF: created from the management account, not a delegated
//     administrator. Service-managed StackSets also need CloudFormation's own organizations access
//     (ActivateOrganizationsAccess), which no resource can activate: the plan lists it under
//     Prerequisites and `preflight --fix` runs it.
//   - Managed execution: instances are created in parallel, and the provider does not retry
//     OperationInProgressException on create (terraform-provider-aws stack_set_instance.go;
//     hashicorp/terraform-provider-aws#28675). With managed execution active, "StackSets performs
//     non-conflicting operations concurrently and queues conflicting operations" (CloudFormation API
//     reference, ManagedExecution).
//   - CAPABILITY_NAMED_IAM: the templates name their IAM roles.
//
// Register it with Options.
func Args(name pulumi.StringInput, description string, template pulumi.StringInput, deploy AutoDeploy) *cloudformation.StackSetArgs {
	auto := cloudformation.StackSetAutoDeploymentArgs{Enabled: pulumi.Bool(deploy != Manual)}
	if deploy != Manual {
		auto.RetainStacksOnAccountRemoval = pulumi.Bool(deploy == RetainOnRemoval)
	}
	return &cloudformation.StackSetArgs{
		Name:             name,
		Description:      pulumi.String(description),
		PermissionModel:  pulumi.String("SERVICE_MANAGED"),
		CallAs:           pulumi.String("SELF"),
		AutoDeployment:   auto,
		ManagedExecution: cloudformation.StackSetManagedExecutionArgs{Active: pulumi.Bool(true)},
		Capabilities:     pulumi.ToStringArray([]string{"CAPABILITY_NAMED_IAM"}),
		TemplateBody:     template,
	}
}

// Options are the resource options every service-managed StackSet needs besides its provider and
// dependencies: AWS sets the administration role of a service-managed StackSet itself, and the
// provider reports it, which is no change of ours.
func Options() pulumi.ResourceOption {
	return pulumi.IgnoreChanges([]string{"administrationRoleArn"})
}

// Root targets every account under the organization root, now and later (with automatic
// deployment). StackSets never deploy to the management account ("stack sets doesn't deploy stack
// instances to the organization management account, even if the organization management account
// is in your organization or in an OU in your organization", CreateStackInstances
// DeploymentTargets).
func Root(rootID pulumi.StringInput) cloudformation.StackSetInstanceDeploymentTargetsArgs {
	return cloudformation.StackSetInstanceDeploymentTargetsArgs{OrganizationalUnitIds: pulumi.StringArray{rootID}}
}

// Account targets one account: service-managed instances are created from OUs only ("for create
// and delete operations, specify OrganizationalUnitIds"), so the root, narrowed to the account with
// AccountFilterType INTERSECTION ("StackSets deploys to the accounts specified in Accounts
// parameter", CloudFormation API reference, DeploymentTargets). The instance follows the account
// to whatever OU it moves to.
func Account(rootID, accountID pulumi.StringInput) cloudformation.StackSetInstanceDeploymentTargetsArgs {
	return cloudformation.StackSetInstanceDeploymentTargetsArgs{
		OrganizationalUnitIds: pulumi.StringArray{rootID},
		Accounts:              pulumi.StringArray{accountID},
		AccountFilterType:     pulumi.String("INTERSECTION"),
	}
}

// Operations are the operation preferences of every instance: all accounts at once, Regions in
// parallel, and the operation goes on past a failing account until a tenth of them have failed (a
// failed account is reported on the instance and retried by the next update).
func Operations() cloudformation.StackSetInstanceOperationPreferencesArgs {
	return cloudformation.StackSetInstanceOperationPreferencesArgs{
		FailureTolerancePercentage: pulumi.Int(10),
		MaxConcurrentPercentage:    pulumi.Int(100),
		RegionConcurrencyType:      pulumi.String("PARALLEL"),
	}
}

// InstanceOptions are the resource options of every stack instance. The provider updates an
// instance's operation preferences or parameter overrides with UpdateStackInstances naming the ID's
// middle part as the account, which for a service-managed instance is the root or an OU, and
// CloudFormation refuses it ("Value '[r-xxxx]' at 'accounts' failed to satisfy constraint",
// terraform-provider-aws internal/service/cloudformation/stack_set_instance.go,
// resourceStackSetInstanceUpdate; hashicorp/terraform-provider-aws#39393, #40675). Operation
// preferences apply to one operation and CloudFormation keeps none of them, so a change of ours is
// ignored rather than sent. Parameter overrides are not ignored: changing them fails that update,
// and nothing else (see the workload network's note in the README).
func InstanceOptions() pulumi.ResourceOption {
	return pulumi.IgnoreChanges([]string{"operationPreferences"})
}
