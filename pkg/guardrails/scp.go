package guardrails

import (
	"slices"
	"strings"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// globalServices are the actions the Region deny must let through: these services are global (or
// called in us-east-1 whatever the Region) and the organization breaks without them. The list follows
// the AWS Organizations example SCP "Deny access to AWS based on the requested AWS Region"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html),
// without mobileanalytics (a retired service).
var globalServices = policy.Strings{
	"a4b:*", "access-analyzer:*", "account:*", "acm:*", "aws-marketplace-management:*", "aws-marketplace:*",
	"aws-portal:*", "billing:*", "budgets:*", "ce:*", "chime:*", "cloudfront:*", "config:*", "cur:*",
	"directconnect:*", "ec2:DescribeRegions", "ec2:DescribeTransitGateways", "ec2:DescribeVpnGateways",
	"fms:*", "globalaccelerator:*", "health:*", "iam:*", "importexport:*", "invoicing:*", "kms:*",
	"networkmanager:*", "organizations:*", "payments:*", "pricing:*", "route53-recovery-cluster:*",
	"route53-recovery-control-config:*", "route53-recovery-readiness:*", "route53:*", "route53domains:*",
	"s3:CreateMultiRegionAccessPoint", "s3:GetAccountPublic*", "s3:ListAllMyBuckets",
	"s3:ListMultiRegionAccessPoints", "s3:PutAccountPublic*", "shield:*", "sso:*", "sts:*", "support:*",
	"tax:*", "trustedadvisor:*", "waf-regional:*", "waf:*", "wafv2:*", "wellarchitected:*",
}

// automationRoles are the landing zone's own automation in member accounts, the only principals the
// SCPs exempt unless the configuration names more (guardrails.exemptPrincipalArns):
//   - the access role the program deploys through (Organizations creates it in every vended account);
//   - the execution role of service-managed StackSets, which AWS names stacksets-exec-<id> in each
//     target account ("StackSets with service-managed permissions creates an execution role named
//     stacksets-exec-* in each target account", CloudFormation User Guide, "Configure a custom
//     execution role template"; the StackSets service-linked role may assume only
//     arn:aws:iam::*:role/stacksets-exec-*, CloudFormationStackSetsOrgAdminServiceRolePolicy). It
//     creates the Config recorder and delivery channel, which ProtectConfig refuses to everyone else.
//     The service-linked role that creates it is not subject to SCPs, so denying iam:CreateRole on
//     the name (ProtectLandingZoneRoles) does not stop AWS, only account admins.
//
// The roles the program creates itself need no exemption, so none is exempt by the prefix:
//   - <prefix>-config-recorder-<region> (every member account, from the StackSet) is assumed by
//     config.amazonaws.com to read configurations (AWS_ConfigRole: Describe/Get/List), in governed
//     Regions and IAM (iam:* is global); no SCP here denies a read. It is an ordinary role, so SCPs
//     do apply to it, but the recorder and channel are changed by the StackSets execution role, not
//     by the recorder role, so ProtectConfig never meets it.
//   - <prefix>-config-aggregator and <prefix>-findings-forwarder (security account) read the
//     organization and put events on the home Region's bus: nothing denied.
//   - <prefix>-cloudtrail-cloudwatch and <prefix>-config-recorder live in the management account,
//     where SCPs never apply.
//
// They, and the log readers the log archive trusts by name, are protected by ProtectLandingZoneNamedRoles.
func automationRoles(org *config.Organization) policy.Strings {
	return policy.Strings{
		"arn:aws:iam::*:role/" + org.AccessRoleName,
		"arn:aws:iam::*:role/stacksets-exec-*",
	}
}

// exemptPrincipals are every principal an SCP statement exempts: the automation and the configured
// roles. ProtectLandingZoneRoles protects exactly these names.
func exemptPrincipals(org *config.Organization) policy.Strings {
	return append(automationRoles(org), org.Guardrails.ExemptPrincipalArns...)
}

// baselineExempt are the exempt principals and the roles of the account baseline's functions
// (pkg/baseline), which must run wherever the baseline's StackSets deploy: in every governed Region
// (Regulated accounts included, whatever their narrower Region list), in suspended accounts, and on
// the settings ProtectAccountSafetySettings guards. Their IAM policy allows the baseline's own
// actions and nothing else, so the exemption grants nothing more; they are protected like every
// exempt name (ProtectLandingZoneRoles), and their functions by ProtectLandingZoneFunctions.
func baselineExempt(org *config.Organization) policy.Strings {
	return append(exemptPrincipals(org), BaselineRoles(org))
}

// namedRoles are roles that are not exempt but that only the automation may create or change: the
// roles the program creates in member accounts (named <prefix>-...) and the log readers the log
// archive's bucket and key policies trust by name (logArchive.readerPrincipalArns): an account admin
// able to create a role of that name would read every log.
func namedRoles(org *config.Organization) policy.Strings {
	roles := policy.Strings{"arn:aws:iam::*:role/" + org.Prefix + "-*"}
	for _, arn := range org.LogArchive.ReaderPrincipalArns {
		parts := strings.SplitN(arn, ":", 6)
		if len(parts) < 6 || !strings.HasPrefix(parts[5], "role/") || slices.Contains(roles, arn) {
			continue
		}
		if parts[1] == "aws" && strings.HasPrefix(parts[5], "role/"+org.Prefix+"-") {
			continue // already matched by the prefix pattern
		}
		roles = append(roles, arn)
	}
	return roles
}

// roleProtection is what nobody but the automation may do to a protected role name: create it, change
// who may assume it (trust policy), what it may do (policies, boundary), its tags (which tag-based
// policies read), delete it, pass it to a service, or assume it. sts:AssumeRole is denied because an
// SCP cannot read a trust policy: a role trusting its own account would otherwise be assumable by any
// admin there. Callers in the management account (where SCPs never apply) and federated sign-ins
// (AssumeRoleWithSAML/WebIdentity) are unaffected.
var roleProtection = append(slices.Clone(namedRoleProtection), "sts:AssumeRole")

// namedRoleProtection protects roles that are not exempt (log readers, the program's own roles in
// member accounts): their trust policy can only be set by the automation, so who may assume them is
// decided by that trust policy, and a reader role may be assumed by a member account's SIEM.
var namedRoleProtection = policy.Strings{
	"iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary", "iam:DeleteRolePolicy",
	"iam:DetachRolePolicy", "iam:PassRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole",
	"iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription",
}

func denyExcept(sid string, actions, resources, exempt policy.Strings, conds policy.Conditions) policy.Statement {
	if resources == nil {
		resources = policy.Strings{"*"}
	}
	out := policy.Conditions{"ArnNotLike": {"aws:PrincipalARN": exempt}}
	for op, kv := range conds {
		if out[op] == nil {
			out[op] = map[string]policy.Strings{}
		}
		for k, v := range kv {
			out[op][k] = v
		}
	}
	return policy.Statement{Sid: sid, Effect: policy.Deny, Action: actions, Resource: resources, Condition: out}
}

// deny is a statement that binds everyone but the exempt principals.
func deny(org *config.Organization, sid string, actions policy.Strings, resources policy.Strings, extra policy.Conditions) policy.Statement {
	return denyExcept(sid, actions, resources, exemptPrincipals(org), extra)
}

func doc(statements ...policy.Statement) policy.Document {
	return policy.Document{Version: policy.Version, Statement: statements}
}

// baselineAccount keeps every member account inside the organization and its safety rails: it cannot
// leave, its root user is unusable, the landing zone's roles and log buckets cannot be touched, and
// account-wide protections (EBS default encryption, S3 Block Public Access, no default VPC) stay on.
func baselineAccount(org *config.Organization) policy.Document {
	logBuckets := policy.Strings{
		"arn:aws:s3:::" + org.LogBucketPrefix() + "*",
		"arn:aws:s3:::" + org.LogBucketPrefix() + "*/*",
	}
	d := doc(
		policy.Statement{
			// No exemption: not even the landing zone should take an account out of the organization.
			Sid: "DenyLeaveOrganization", Effect: policy.Deny,
			Action: policy.Strings{"organizations:LeaveOrganization"}, Resource: policy.Strings{"*"},
		},
		policy.Statement{
			// Every action, so also the root user creating or re-activating its own access keys: a
			// separate statement on Resource arn:aws:iam::*:root would match nothing, since
			// iam:CreateAccessKey acts only on user ARNs.
			Sid: "DenyRootUser", Effect: policy.Deny, Action: policy.Strings{"*"}, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"ArnLike": {"aws:PrincipalArn": {"arn:aws:iam::*:root"}}},
		},
		// An exemption by aws:PrincipalARN is only as strong as the protection of the name: every
		// exempt name, and only those, is protected here, and only the automation is exempt from it,
		// so no account admin (nor a configured exemption) can create, change or become one.
		denyExcept("ProtectLandingZoneRoles", roleProtection, baselineExempt(org), automationRoles(org), nil),
		denyExcept("ProtectLandingZoneNamedRoles", namedRoleProtection, namedRoles(org), automationRoles(org), nil),
		deny(org, "ProtectLogArchiveBuckets", policy.Strings{
			"s3:Delete*", "s3:PutBucketAcl", "s3:PutBucketLogging", "s3:PutBucketObjectLockConfiguration",
			"s3:PutBucketOwnershipControls", "s3:PutBucketPolicy", "s3:PutBucketPublicAccessBlock",
			"s3:PutBucketVersioning", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration",
			"s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:PutReplicationConfiguration", "s3:BypassGovernanceRetention",
			// The EventBridge feed a SIEM reads must not be switched off.
			"s3:PutBucketNotification",
		}, logBuckets, nil),
		// The account baseline (pkg/baseline) sets these once; only the automation and the
		// baseline's own functions, which apply exactly the baseline, may change them afterwards.
		denyExcept("ProtectAccountSafetySettings", policy.Strings{
			"ec2:CreateDefaultSubnet", "ec2:CreateDefaultVpc", "ec2:DisableEbsEncryptionByDefault",
			// Default encryption with a key the account's admin controls (and may later delete or
			// deny) is not the baseline's encryption.
			"ec2:ModifyEbsDefaultKmsKeyId", "ec2:ResetEbsDefaultKmsKeyId",
			"iam:CreateAccountAlias", "iam:DeleteAccountAlias", "iam:DeleteAccountPasswordPolicy",
			"iam:UpdateAccountPasswordPolicy", "s3:PutAccountPublicAccessBlock",
		}, nil, baselineExempt(org), nil),
		// The baseline's functions run as a role allowed to change those settings: nobody but the
		// automation may create one of that name, change its code or configuration, expose it, or
		// invoke it (CloudFormation invokes a custom resource's function with the credentials of
		// the stack operation, here the StackSets execution role).
		denyExcept("ProtectLandingZoneFunctions", lambdaProtection,
			// Only the baseline's own names: workload teams may name their functions <prefix>-...
			policy.Strings{"arn:aws:lambda:*:*:function:" + org.BaselineName() + "*"}, automationRoles(org), nil),
	)
	if hubAttachments(org) {
		// The hub accepts shared attachments automatically, and the landing zone associates the one a
		// workload account owns with its environment's route table and propagates its block to the
		// shared services (pkg/workload joinHub). An account admin who could create, delete, modify or
		// accept attachments could put a VPC of their choosing behind that association, or make the
		// lookup fail for every later run; only the automation (the StackSets execution role that
		// deploys workload networks, the access role) and the configured exempt roles attach VPCs while the
		// hub exists.
		d.Statement = append(d.Statement, deny(org, "ProtectHubAttachments", policy.Strings{
			"ec2:AcceptTransitGatewayVpcAttachment", "ec2:CreateTransitGatewayVpcAttachment",
			"ec2:DeleteTransitGatewayVpcAttachment", "ec2:ModifyTransitGatewayVpcAttachment",
		}, nil, nil))
	}
	return d
}

// hubAttachments reports whether the organization has a network hub that accepts attachments.
func hubAttachments(org *config.Organization) bool {
	return org.SharedServices != nil && org.SharedServices.TransitGateway.Enabled
}

// BaselineRoles matches the roles of the account baseline's functions in member accounts
// (<prefix>-account-baseline-<region> and <prefix>-account-baseline-alias, pkg/baseline).
func BaselineRoles(org *config.Organization) string {
	return "arn:aws:iam::*:role/" + org.BaselineName() + "-*"
}

// lambdaProtection is every change to a function that would let someone else run code as its role:
// its code, configuration, permissions, aliases and versions, URLs, tags and invocation.
// Every invocation path is listed (InvokeFunction, InvokeAsync, InvokeFunctionUrl), and so is the
// resource policy in both its forms (AddPermission/RemovePermission and PutResourcePolicy/
// DeleteResourcePolicy): a service or another account let in by a resource policy is bound by no
// SCP of this organization. Event source mappings are created on their own resource type, not the
// function's; what they would deliver is not a CloudFormation request, and the function refuses any
// request that would weaken a setting (pkg/baseline/function.py).
var lambdaProtection = policy.Strings{
	"lambda:AddPermission", "lambda:CreateAlias", "lambda:CreateFunction", "lambda:CreateFunctionUrlConfig",
	"lambda:DeleteFunction", "lambda:DeleteFunctionCodeSigningConfig", "lambda:DeleteResourcePolicy",
	"lambda:InvokeAsync", "lambda:InvokeFunction", "lambda:PutFunctionCodeSigningConfig", "lambda:PutRuntimeManagementConfig",
	"lambda:InvokeFunctionUrl", "lambda:PublishVersion", "lambda:PutFunctionConcurrency",
	"lambda:PutFunctionEventInvokeConfig", "lambda:PutResourcePolicy", "lambda:RemovePermission", "lambda:TagResource",
	"lambda:UntagResource", "lambda:UpdateAlias", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
	"lambda:UpdateFunctionEventInvokeConfig", "lambda:UpdateFunctionUrlConfig",
}

// baselineSecurityServices keeps the detective controls running: nobody but the landing zone can stop
// or reconfigure the trail, Config, GuardDuty, Security Hub, Access Analyzer or Macie.
func baselineSecurityServices(org *config.Organization) policy.Document {
	return doc(
		deny(org, "ProtectCloudTrail", policy.Strings{
			"cloudtrail:DeleteEventDataStore", "cloudtrail:DeleteTrail", "cloudtrail:PutEventSelectors",
			"cloudtrail:StopEventDataStoreIngestion", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail",
		}, nil, nil),
		deny(org, "ProtectConfig", policy.Strings{
			"config:DeleteAggregationAuthorization", "config:DeleteConfigurationRecorder",
			"config:DeleteDeliveryChannel", "config:DeleteRetentionConfiguration", "config:PutConfigurationRecorder",
			"config:PutDeliveryChannel", "config:PutRetentionConfiguration", "config:StopConfigurationRecorder",
		}, nil, nil),
		deny(org, "ProtectGuardDuty", policy.Strings{
			"guardduty:CreatePublishingDestination", "guardduty:DeleteDetector", "guardduty:DeleteInvitations",
			"guardduty:DeleteMembers", "guardduty:DeletePublishingDestination", "guardduty:DisassociateFromAdministratorAccount",
			"guardduty:DisassociateFromMasterAccount", "guardduty:DisassociateMembers", "guardduty:StopMonitoringMembers",
			"guardduty:UpdateDetector",
		}, nil, nil),
		deny(org, "ProtectSecurityHub", policy.Strings{
			"securityhub:BatchDisableStandards", "securityhub:DeleteInvitations", "securityhub:DeleteMembers",
			"securityhub:DisableImportFindingsForProduct", "securityhub:DisableSecurityHub",
			"securityhub:DisassociateFromAdministratorAccount", "securityhub:DisassociateFromMasterAccount",
			"securityhub:DisassociateMembers",
		}, nil, nil),
		deny(org, "ProtectAccessAnalyzer", policy.Strings{
			"access-analyzer:DeleteAnalyzer",
		}, nil, nil),
		deny(org, "ProtectMacie", policy.Strings{
			"macie2:DisableMacie", "macie2:DisassociateFromAdministratorAccount", "macie2:DisassociateFromMasterAccount",
		}, nil, nil),
	)
}

// regionDeny refuses requests outside the allowed Regions, except to global services.
func regionDeny(org *config.Organization, sid string, regions []string) policy.Document {
	s := denyExcept(sid, nil, nil, baselineExempt(org), policy.Conditions{
		"StringNotEquals": {"aws:RequestedRegion": policy.Strings(regions)},
	})
	s.Action, s.NotAction = nil, globalServices
	return doc(s)
}

// regulated adds, for PCI DSS and HIPAA workloads, refusal of unencrypted storage and a Region deny
// narrowed to the regulated Regions.
func regulated(org *config.Organization) policy.Document {
	d := regionDeny(org, "DenyOutsideRegulatedRegions", org.Guardrails.RegulatedAllowedRegions)
	d.Statement = append(d.Statement,
		deny(org, "DenyUnencryptedEBS", policy.Strings{"ec2:CreateVolume", "ec2:RunInstances"},
			policy.Strings{"arn:aws:ec2:*:*:volume/*"}, policy.Conditions{"Bool": {"ec2:Encrypted": {"false"}}}),
		deny(org, "DenyUnencryptedRDS", policy.Strings{"rds:CreateDBCluster", "rds:CreateDBInstance"},
			nil, policy.Conditions{"Bool": {"rds:StorageEncrypted": {"false"}}}),
		deny(org, "DenyUnencryptedEFS", policy.Strings{"elasticfilesystem:CreateFileSystem"},
			nil, policy.Conditions{"Bool": {"elasticfilesystem:Encrypted": {"false"}}}),
		// S3 encrypts every object; regulated data must use a KMS key. KMS is enforced by the
		// buckets' default encryption (SSE-KMS); this refuses only a request that explicitly asks
		// for something else (AES256). The header is absent from uploads relying on default
		// encryption and from every multipart UploadPart, so it must be present (Null false) for
		// the deny to apply: StringNotEquals[IfExists] alone is true when the key is absent and
		// would refuse them all. s3:x-amz-server-side-encryption and
		// s3:x-amz-server-side-encryption-customer-algorithm are condition keys of s3:PutObject
		// (Service Authorization Reference, "Actions, resources, and condition keys for Amazon S3").
		deny(org, "DenyS3EncryptionOtherThanKMS", policy.Strings{"s3:PutObject"}, nil, policy.Conditions{
			"Null":            {"s3:x-amz-server-side-encryption": {"false"}},
			"StringNotEquals": {"s3:x-amz-server-side-encryption": {"aws:kms", "aws:kms:dsse"}},
		}),
		// SSE-C: the key is the customer's, outside KMS and its audit trail (AWS's example
		// S3-Deny-SSE-C in aws-samples/resource-control-policy-examples uses this condition).
		deny(org, "DenyS3ObjectsWithCustomerKeys", policy.Strings{"s3:PutObject"},
			nil, policy.Conditions{"Null": {"s3:x-amz-server-side-encryption-customer-algorithm": {"false"}}}),
	)
	return d
}

// sandbox refuses long-lived commitments and expensive services, and instance types outside the
// allowed list.
func sandbox(org *config.Organization) policy.Document {
	g := org.Guardrails
	var statements []policy.Statement
	if len(g.SandboxDeniedActions) > 0 {
		statements = append(statements, deny(org, "DenyCommitmentsAndExpensiveServices", policy.Strings(g.SandboxDeniedActions), nil, nil))
	}
	if len(g.SandboxAllowedInstanceTypes) > 0 {
		statements = append(statements, deny(org, "DenyLargeInstanceTypes", policy.Strings{"ec2:RunInstances", "ec2:StartInstances"},
			policy.Strings{"arn:aws:ec2:*:*:instance/*"},
			policy.Conditions{"StringNotLike": {"ec2:InstanceType": policy.Strings(g.SandboxAllowedInstanceTypes)}}))
	}
	statements = append(statements, deny(org, "DenyLongLivedNetworking", policy.Strings{
		"ec2:CreateTransitGateway", "ec2:CreateVpnConnection", "ec2:CreateVpcPeeringConnection", "ec2:AcceptVpcPeeringConnection",
	}, nil, nil))
	return doc(statements...)
}

// suspended denies everything to everyone but the landing zone: the account is kept, not used.
func suspended(org *config.Organization) policy.Document {
	return doc(denyExcept("DenyAll", policy.Strings{"*"}, nil, baselineExempt(org), nil))
}

// ExemptPrincipals are the principals every guardrail exempts (the landing zone's automation and
// guardrails.exemptPrincipalArns).
func ExemptPrincipals(org *config.Organization) []string {
	return exemptPrincipals(org)
}

// DenyAllExemptPrincipals are the principals the Suspended OU's deny-all exempts: the exempt
// principals and the account baseline's function roles, which must keep the baseline's StackSet
// stacks working in an account nobody else may use. A deny-all attached outside the guardrail set,
// such as the sandbox spend cap AWS Budgets attaches, exempts the same ones: otherwise the
// baseline's custom resources fail in a capped sandbox and its StackSet operations with them.
func DenyAllExemptPrincipals(org *config.Organization) []string {
	return baselineExempt(org)
}
