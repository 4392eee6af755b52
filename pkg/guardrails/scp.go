package guardrails

import (
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// globalServices are the actions the Region deny must let through: these services are global (or
// called in us-east-1 whatever the Region) and the organization breaks without them.
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

// exempt is the condition every SCP statement carries so the landing zone's own principals (the
// access role it deploys through, the StackSets execution role, the roles it names with its prefix
// and the configured exemptions) are not locked out of what they must manage.
func exempt(org *config.Organization) policy.Conditions {
	return policy.Conditions{"ArnNotLike": {"aws:PrincipalARN": exemptPrincipals(org)}}
}

func exemptPrincipals(org *config.Organization) policy.Strings {
	return append(landingZoneRoles(org), org.Guardrails.ExemptPrincipalArns...)
}

// landingZoneRoles are the roles the landing zone deploys and operates through, in every account.
func landingZoneRoles(org *config.Organization) policy.Strings {
	return policy.Strings{
		"arn:aws:iam::*:role/" + org.AccessRoleName,
		"arn:aws:iam::*:role/stacksets-exec-*",
		"arn:aws:iam::*:role/" + org.Prefix + "-*",
	}
}

func withExemption(org *config.Organization, conds policy.Conditions) policy.Conditions {
	out := exempt(org)
	for op, kv := range conds {
		if out[op] == nil {
			out[op] = map[string]policy.Strings{}
		}
		for k, v := range kv {
			out[op][k] = v
		}
	}
	return out
}

func deny(org *config.Organization, sid string, actions policy.Strings, resources policy.Strings, extra policy.Conditions) policy.Statement {
	if resources == nil {
		resources = policy.Strings{"*"}
	}
	return policy.Statement{
		Sid: sid, Effect: policy.Deny, Action: actions, Resource: resources, Condition: withExemption(org, extra),
	}
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
	return doc(
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
		deny(org, "ProtectLandingZoneRoles", policy.Strings{
			// CreateRole too: nobody else may create a role named like the landing zone's, which
			// the log archive trusts (readers) by name.
			"iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary", "iam:DeleteRolePolicy",
			"iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy",
			"iam:UpdateRole", "iam:UpdateRoleDescription", "iam:TagRole", "iam:UntagRole",
		}, landingZoneRoles(org), nil),
		deny(org, "ProtectLogArchiveBuckets", policy.Strings{
			"s3:Delete*", "s3:PutBucketAcl", "s3:PutBucketLogging", "s3:PutBucketObjectLockConfiguration",
			"s3:PutBucketOwnershipControls", "s3:PutBucketPolicy", "s3:PutBucketPublicAccessBlock",
			"s3:PutBucketVersioning", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration",
			"s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:PutReplicationConfiguration", "s3:BypassGovernanceRetention",
		}, logBuckets, nil),
		deny(org, "ProtectAccountSafetySettings", policy.Strings{
			"ec2:CreateDefaultSubnet", "ec2:CreateDefaultVpc", "ec2:DisableEbsEncryptionByDefault",
			"s3:PutAccountPublicAccessBlock",
		}, nil, nil),
	)
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
	return doc(policy.Statement{
		Sid: sid, Effect: policy.Deny, NotAction: globalServices, Resource: policy.Strings{"*"},
		Condition: withExemption(org, policy.Conditions{
			"StringNotEquals": {"aws:RequestedRegion": policy.Strings(regions)},
		}),
	})
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
		// S3 encrypts every object; regulated data must use a KMS key, so a request asking for
		// anything else (SSE-S3 or SSE-C) is refused.
		deny(org, "DenyS3WithoutKMS", policy.Strings{"s3:PutObject"},
			nil, policy.Conditions{"StringNotEqualsIfExists": {"s3:x-amz-server-side-encryption": {"aws:kms", "aws:kms:dsse"}}}),
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
	return doc(deny(org, "DenyAll", policy.Strings{"*"}, nil, nil))
}
