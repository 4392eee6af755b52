package delivery

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/cfn"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
	"github.com/landingzone/aws-landing-zone/pkg/stackset"
)

// PreviewRoleName is the name of the preview role, in the management account (assumed through
// OIDC) and in every member account (assumed by the management one, for read-only runs). It
// starts with the prefix, so the baseline SCP's ProtectLandingZoneNamedRoles lets nobody but the
// landing zone's automation create, re-trust, extend or delete it in a member account.
func PreviewRoleName(prefix string) string { return policy.PreviewRoleName(prefix) }

// ReadOnlyEnv is the environment variable that makes a run read-only: its member providers assume
// the member preview role instead of the access role. The pull-request workflow and the Pulumi
// Deployments settings set it; a run of the preview role without it fails when the first member
// provider starts (the preview role may not assume the access role), it does not escalate.
const ReadOnlyEnv = "LANDINGZONE_READ_ONLY"

// DataReadActions are the reads that return data rather than configuration: object contents, secret
// values, decryption, parameter values, table items, log events, queue messages, stream records and
// instance passwords or console output. AWS's ReadOnlyAccess grants several of them (s3:Get*
// includes s3:GetObject; ssm:Get*, dynamodb:GetItem/Query/Scan, logs:GetLogEvents; AWS Managed
// Policy Reference, "ReadOnlyAccess"), and only one resource the landing zone declares needs one to
// be read back: the Terraform provider's read functions of its types call Describe/Get/List of
// configuration (a bucket's policy, versioning, encryption, lifecycle; a key's metadata, policy and
// rotation; a role's policies; a directory's description), never the data, but for the directory's
// secret version, read with GetSecretValue (terraform-provider-aws secret_version.go), which a
// read-only refresh therefore excludes (README, "Read-only runs"). So both preview roles deny them
// explicitly, whatever a managed policy grants today or tomorrow.
var DataReadActions = policy.Strings{
	"s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTorrent", "s3:GetObjectVersionTorrent",
	"secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue",
	"kms:Decrypt", "kms:ReEncryptFrom", "kms:GenerateDataKey", "kms:GenerateDataKeyPair",
	"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory",
	"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan",
	"logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery", "logs:GetQueryResults",
	"sqs:ReceiveMessage", "kinesis:GetRecords", "ec2:GetPasswordData", "ec2:GetConsoleOutput",
	"ec2:GetConsoleScreenshot",
	// Reads ReadOnlyAccess's wildcards also grant that hand over data, code or secrets: a function's
	// code URL and environment, query results, live log tails, repository files, container images,
	// an instance's user data, connection passwords, archive retrievals and database log files.
	// The landing zone declares none of these resources, so no refresh needs them.
	"lambda:GetFunction", "lambda:GetFunctionConfiguration", "dynamodb:PartiQLSelect", "dynamodb:GetRecords",
	"dynamodb:ExportTableToPointInTime", "athena:GetQueryResults", "athena:GetQueryResultsStream",
	"logs:StartLiveTail", "logs:GetLogRecord", "codecommit:GetFile", "codecommit:GetBlob",
	"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ec2:DescribeInstanceAttribute", "glue:GetConnection",
	"s3-object-lambda:GetObject", "glacier:GetJobOutput", "rds:DownloadDBLogFilePortion",
	"rds:DownloadCompleteDBLogFile",
}

// DenyDataReads is the statement both preview roles carry.
func DenyDataReads() policy.Statement {
	return policy.Statement{Sid: "DenyDataReads", Effect: policy.Deny, Action: DataReadActions, Resource: policy.Strings{"*"}}
}

// PreviewInvokeActions are the calls the program makes during every run (invokes run in previews
// too) that ReadOnlyAccess may not cover, granted to both preview roles so a preview never depends
// on what AWS puts in a managed policy: the shared services draw a directory password from
// secretsmanager:GetRandomPassword when none is configured (pkg/sharedservices adminPassword: it
// generates a string and reads nothing stored), and Identity Center groups named by display name
// are looked up in the identity store (pkg/identity, the deploy role's LookUpIdentityCenterGroups).
var PreviewInvokeActions = policy.Strings{"identitystore:DescribeGroup", "identitystore:GetGroupId", "secretsmanager:GetRandomPassword"}

// PreviewInvokes grants PreviewInvokeActions.
func PreviewInvokes() policy.Statement {
	return policy.Statement{Sid: "ProgramInvokes", Effect: policy.Allow, Action: PreviewInvokeActions, Resource: policy.Strings{"*"}}
}

// MemberPreviewTemplate is the template of the member accounts' preview role: AWS's ReadOnlyAccess
// minus the data reads, assumable only by the management account's preview role, named by its exact
// ARN (IAM User Guide, "AWS JSON policy elements: Principal", role principals: no wildcard, and IAM
// resolves the ARN to the role's unique ID, so a role recreated under the same name is not trusted
// until this stack set is updated again).
//
// managementPreviewRoleID is that role's unique ID (AROA...), written into the role's description:
// IAM resolves a role ARN in a trust policy to the role's unique ID when the policy is saved ("If
// you delete the role and then create a new one with the same name, the trust policy names a
// principal that no longer exists", IAM User Guide, Principal element), so a recreated management
// preview role, same ARN, must change the template for the StackSet to write the trust again.
func MemberPreviewTemplate(prefix, managementPreviewRoleArn, managementPreviewRoleID string) (string, error) {
	trust := policy.Document{Version: policy.Version, Statement: []policy.Statement{{
		// The unique ID in the Sid: a recreated management role (same ARN, new ID) changes the trust
		// document itself, so CloudFormation writes it again (UpdateAssumeRolePolicy); a change of
		// the description alone would not.
		Sid: "ManagementPreviewRole" + managementPreviewRoleID, Effect: policy.Allow, Principal: policy.AWS(managementPreviewRoleArn),
		Action: policy.Strings{"sts:AssumeRole"},
	}}}
	deny := policy.Document{Version: policy.Version, Statement: []policy.Statement{
		PreviewInvokes(),
		DenyDataReads(),
		// A read-only session goes no further: no role of the member account (one trusting the
		// account, say) is reachable from it.
		{Sid: "DenyAssumingRoles", Effect: policy.Deny, Action: policy.Strings{"sts:AssumeRole"}, Resource: policy.Strings{"*"}},
	}}
	t := cfn.Template{
		AWSTemplateFormatVersion: cfn.Version,
		Description:              "Landing zone: the read-only role pull-request previews, Deployments previews and drift detection assume in this account.",
		Resources: map[string]cfn.Resource{
			"PreviewRole": {Type: "AWS::IAM::Role", Properties: map[string]any{
				"RoleName":                 PreviewRoleName(prefix),
				"Description":              "Read-only (no data reads): pulumi preview and refresh of the landing zone, from the management account's preview role " + managementPreviewRoleID + ".",
				"AssumeRolePolicyDocument": trust,
				"ManagedPolicyArns":        []string{ReadOnlyAccess},
				"Policies": []map[string]any{{
					"PolicyName":     "read-only-run",
					"PolicyDocument": deny,
				}},
			}},
		},
	}
	if err := t.Check(); err != nil {
		return "", err
	}
	return t.JSON()
}

// memberPreviewRoles deploys the member preview role to every member account: a service-managed
// StackSet targeting the root with automatic deployment, so an account vended later, or created
// outside the program, gets the role as it joins (the pattern of the Config recording, pkg/securityhub
// config.go). One instance, in the home Region: IAM is global. StackSets never deploy to the
// management account, which has its own preview role (CreateStackInstances, DeploymentTargets).
func (d *Delivery) memberPreviewRoles(ctx *pulumi.Context, name string, args *Args, preview *iam.Role, opts []pulumi.ResourceOption) error {
	template := pulumi.All(preview.Arn, preview.UniqueId).ApplyT(func(v []any) (string, error) {
		return MemberPreviewTemplate(args.Prefix, v[0].(string), v[1].(string))
	}).(pulumi.StringOutput)
	deps := []pulumi.ResourceOption{stackset.Options()}
	if args.Organization != nil {
		// Trusted access for member.org.stacksets.cloudformation must be on first.
		deps = append(deps, pulumi.DependsOn([]pulumi.Resource{args.Organization}))
	}
	// An account that leaves the organization must not keep a role our previews may assume.
	stackSet, err := cloudformation.NewStackSet(ctx, name+"-member-preview-role", stackset.Args(
		pulumi.Sprintf("%s-preview-role", args.Prefix),
		"The read-only preview role in every member account, trusted by the management account's preview role only.",
		template, stackset.DeleteOnRemoval), append(opts, deps...)...)
	if err != nil {
		return fmt.Errorf("delivery: member preview role StackSet: %w", err)
	}
	if _, err := cloudformation.NewStackSetInstance(ctx, name+"-member-preview-role", &cloudformation.StackSetInstanceArgs{
		StackSetName:         stackSet.Name,
		CallAs:               pulumi.String("SELF"),
		Region:               pulumi.String(args.HomeRegion),
		DeploymentTargets:    stackset.Root(args.RootID),
		OperationPreferences: stackset.Operations(),
	}, append(opts, stackset.InstanceOptions())...); err != nil {
		return fmt.Errorf("delivery: member preview role StackSet instance: %w", err)
	}
	return nil
}
