package logarchive

import (
	"fmt"

	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// Key prefixes of each log type in the central bucket. CloudTrail writes at the root
// (AWSLogs/<management-account-id>/ and AWSLogs/<org-id>/); the others write under their prefix.
const (
	ConfigPrefix   = "config"
	FlowLogsPrefix = "vpc-flow-logs"
)

// MaxBucketPolicySize is the S3 limit on a bucket policy, in characters.
const MaxBucketPolicySize = 20 * 1024

// facts are the resolved values every policy of the log archive is built from.
type facts struct {
	Bucket, AccessLogBucket string
	OrgID                   string
	ManagementAccountID     string
	LogAccountID            string
	Region                  string
	TrailArn                string
	// Admins may manage the buckets and the key (the landing zone's role in the log-archive account
	// and the configured exemptions); Readers may read and decrypt logs.
	Admins  []string
	Readers []string
	// Prefix names the read-only preview role, which may read the key's configuration back.
	Prefix string
}

func bucketArn(name string) string { return "arn:aws:s3:::" + name }

// s3Context is the encryption context S3 sends KMS for objects of a bucket: the bucket ARN when an
// S3 Bucket Key is on (as here), the object ARN otherwise ("Amazon S3 appends the default
// encryption context of aws:s3:arn to the one that you provide"; S3 User Guide, "Using server-side
// encryption with AWS KMS keys", Encryption context). Both are listed so the condition holds either
// way.
func s3Context(bucket string) map[string]policy.Strings {
	return map[string]policy.Strings{"kms:EncryptionContext:aws:s3:arn": {bucketArn(bucket), bucketArn(bucket) + "/*"}}
}

var (
	acl = map[string]policy.Strings{"s3:x-amz-acl": {"bucket-owner-full-control"}}
	tls = policy.Conditions{"Bool": {"aws:SecureTransport": {"false"}}}
)

func denyInsecureTransport(bucket string) policy.Statement {
	return policy.Statement{
		Sid: "DenyInsecureTransport", Effect: policy.Deny, Principal: policy.Everyone(), Action: policy.Strings{"s3:*"},
		Resource: policy.Strings{bucketArn(bucket), bucketArn(bucket) + "/*"}, Condition: tls,
	}
}

// protectActions may be used by the admins only: nothing else may delete logs, change how the
// bucket keeps them, or switch off the EventBridge feed a SIEM reads (PutBucketNotification).
var protectActions = policy.Strings{
	"s3:BypassGovernanceRetention", "s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:DeleteObject", "s3:DeleteObjectVersion",
	"s3:PutBucketAcl", "s3:PutBucketLogging", "s3:PutBucketNotification", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketOwnershipControls",
	"s3:PutBucketPolicy", "s3:PutBucketPublicAccessBlock", "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration",
	"s3:PutLifecycleConfiguration", "s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:PutReplicationConfiguration",
}

func denyChangesExceptAdmins(bucket string, admins []string) policy.Statement {
	return policy.Statement{
		Sid: "DenyDeletionAndReconfiguration", Effect: policy.Deny, Principal: policy.Everyone(), Action: protectActions,
		Resource:  policy.Strings{bucketArn(bucket), bucketArn(bucket) + "/*"},
		Condition: policy.Conditions{"ArnNotLike": {"aws:PrincipalArn": policy.Strings(admins)}},
	}
}

func merge(maps ...map[string]policy.Strings) map[string]policy.Strings {
	out := map[string]policy.Strings{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// centralBucketPolicy lets exactly the organization's log writers in, each under source conditions,
// lets the readers read, and keeps everyone else from deleting, reconfiguring or reading the logs.
//
// Config and VPC Flow Logs write as their service principals on behalf of every member account, so
// their writes are scoped by aws:SourceOrgID rather than by a list of aws:SourceAccount values (which
// would grow with every account towards the 20 KB policy limit). Both services populate it:
//   - AWS Config: AWS Control Tower's own log bucket requires aws:SourceOrgID on every write by
//     config.amazonaws.com and cloudtrail.amazonaws.com (Control Tower User Guide, "Amazon S3 bucket
//     policy in the audit account",
//     https://docs.aws.amazon.com/controltower/latest/userguide/logging-s3-audit-bucket.html);
//   - VPC Flow Logs: AWS's data perimeter examples enforce aws:SourceOrgID on every service-principal
//     request that carries aws:SourceAccount, and name "VPC Flow Logs log delivery" by
//     delivery.logs.amazonaws.com as a pattern that keeps working under it
//     (https://github.com/aws-samples/data-perimeter-policy-examples,
//     resource_control_policies/README.md, "EnforceConfusedDeputyProtection"); the VPC User Guide's
//     bucket policy for flow logs
//     ("Amazon S3 bucket permissions for flow logs") scopes the same writes by aws:SourceAccount.
func centralBucketPolicy(f facts) policy.Document {
	bucket := bucketArn(f.Bucket)
	trail := map[string]policy.Strings{"aws:SourceArn": {f.TrailArn}}
	org := map[string]policy.Strings{"aws:SourceOrgID": {f.OrgID}}
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{
		denyInsecureTransport(f.Bucket),
		{
			Sid: "CloudTrailAclCheck", Effect: policy.Allow, Principal: policy.Service("cloudtrail.amazonaws.com"),
			Action: policy.Strings{"s3:GetBucketAcl"}, Resource: policy.Strings{bucket},
			Condition: policy.Conditions{"StringEquals": trail},
		},
		{
			Sid: "CloudTrailWrite", Effect: policy.Allow, Principal: policy.Service("cloudtrail.amazonaws.com"),
			Action: policy.Strings{"s3:PutObject"},
			Resource: policy.Strings{
				fmt.Sprintf("%s/AWSLogs/%s/*", bucket, f.ManagementAccountID),
				fmt.Sprintf("%s/AWSLogs/%s/*", bucket, f.OrgID),
			},
			Condition: policy.Conditions{"StringEquals": merge(acl, trail)},
		},
		{
			Sid: "ConfigAclCheck", Effect: policy.Allow, Principal: policy.Service("config.amazonaws.com"),
			Action: policy.Strings{"s3:GetBucketAcl", "s3:ListBucket"}, Resource: policy.Strings{bucket},
			Condition: policy.Conditions{"StringEquals": org},
		},
		{
			Sid: "ConfigWrite", Effect: policy.Allow, Principal: policy.Service("config.amazonaws.com"),
			Action: policy.Strings{"s3:PutObject"}, Resource: policy.Strings{bucket + "/" + ConfigPrefix + "/AWSLogs/*/Config/*"},
			Condition: policy.Conditions{"StringEquals": merge(acl, org)},
		},
		{
			Sid: "FlowLogsAclCheck", Effect: policy.Allow, Principal: policy.Service("delivery.logs.amazonaws.com"),
			Action: policy.Strings{"s3:GetBucketAcl", "s3:ListBucket"}, Resource: policy.Strings{bucket},
			Condition: policy.Conditions{"StringEquals": org, "ArnLike": {"aws:SourceArn": {"arn:aws:logs:*:*:*"}}},
		},
		{
			Sid: "FlowLogsWrite", Effect: policy.Allow, Principal: policy.Service("delivery.logs.amazonaws.com"),
			Action: policy.Strings{"s3:PutObject"}, Resource: policy.Strings{bucket + "/" + FlowLogsPrefix + "/AWSLogs/*"},
			Condition: policy.Conditions{"StringEquals": merge(acl, org), "ArnLike": {"aws:SourceArn": {"arn:aws:logs:*:*:*"}}},
		},
		denyChangesExceptAdmins(f.Bucket, f.Admins),
		{
			Sid: "DenyReadsExceptReaders", Effect: policy.Deny, Principal: policy.Everyone(),
			Action: policy.Strings{"s3:GetObject", "s3:GetObjectVersion"}, Resource: policy.Strings{bucket + "/*"},
			Condition: policy.Conditions{"ArnNotLike": {"aws:PrincipalArn": policy.Strings(f.Readers)}},
		},
		// The readers live in other accounts: a cross-account request needs an Allow in the bucket
		// policy as well as in the reader's identity policy (IAM User Guide, "Cross-account policy
		// evaluation logic"); the Deny above only keeps everyone else out. The fixed
		// aws:PrincipalOrgID keeps "*" from being public to Block Public Access (S3 User Guide,
		// "The meaning of public").
		{
			Sid: "ReadersListBucket", Effect: policy.Allow, Principal: policy.Everyone(),
			Action: policy.Strings{"s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketVersions"}, Resource: policy.Strings{bucket},
			Condition: readerConditions(f),
		},
		{
			Sid: "ReadersReadLogs", Effect: policy.Allow, Principal: policy.Everyone(),
			Action: policy.Strings{"s3:GetObject", "s3:GetObjectVersion"}, Resource: policy.Strings{bucket + "/*"},
			Condition: readerConditions(f),
		},
	}}
}

// readerConditions admit the configured reader principals, and only from inside the organization.
func readerConditions(f facts) policy.Conditions {
	return policy.Conditions{
		"StringEquals": {"aws:PrincipalOrgID": {f.OrgID}},
		"ArnLike":      {"aws:PrincipalArn": policy.Strings(f.Readers)},
	}
}

// accessLogBucketPolicy lets only S3 server access logging, for the central bucket, write.
func accessLogBucketPolicy(f facts) policy.Document {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{
		denyInsecureTransport(f.AccessLogBucket),
		{
			Sid: "S3ServerAccessLogs", Effect: policy.Allow, Principal: policy.Service("logging.s3.amazonaws.com"),
			Action: policy.Strings{"s3:PutObject"}, Resource: policy.Strings{bucketArn(f.AccessLogBucket) + "/" + f.Bucket + "/*"},
			Condition: policy.Conditions{
				"StringEquals": {"aws:SourceAccount": {f.LogAccountID}},
				"ArnLike":      {"aws:SourceArn": {bucketArn(f.Bucket)}},
			},
		},
		denyChangesExceptAdmins(f.AccessLogBucket, f.Admins),
	}}
}

// denyGrantsExceptForAWSResources keeps any principal, whatever else a policy allows it, from creating a
// grant that is not for an AWS service integrated with KMS: a grant can give its holder Decrypt, and
// no service the log archive uses needs one (S3 SSE-KMS, CloudTrail and CloudWatch Logs call KMS
// under the key policy). The administrators' actions (policy.KeyAdminActions) leave CreateGrant out
// too. kms:GrantIsForAWSResource is true only
// when such a service calls CreateGrant on the caller's behalf (AWS KMS Developer Guide, "AWS KMS
// condition keys"); BoolIfExists also denies a request without the key.
func denyGrantsExceptForAWSResources() policy.Statement {
	return policy.Statement{
		Sid: "DenyGrantsExceptForAWSResources", Effect: policy.Deny, Principal: policy.Everyone(),
		Action: policy.Strings{"kms:CreateGrant"}, Resource: policy.Strings{"*"},
		Condition: policy.Conditions{"BoolIfExists": {"kms:GrantIsForAWSResource": {"false"}}},
	}
}

// keyPolicy lets the log writers encrypt under their source conditions, the admins manage the key,
// and the readers decrypt, only within the organization and only log objects.
func keyPolicy(f facts) policy.Document {
	trail := map[string]policy.Strings{"aws:SourceArn": {f.TrailArn}}
	org := map[string]policy.Strings{"aws:SourceOrgID": {f.OrgID}}
	readers := map[string]policy.Strings{"aws:PrincipalArn": policy.Strings(f.Readers)}
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{
		{
			Sid: "KeyAdministration", Effect: policy.Allow, Principal: policy.AWS("arn:aws:iam::" + f.LogAccountID + ":root"),
			Action: policy.KeyAdminActions, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"ArnLike": {"aws:PrincipalArn": policy.Strings(f.Admins)}},
		},
		policy.PreviewReadsKey(f.LogAccountID, f.Prefix),
		denyGrantsExceptForAWSResources(),
		{
			Sid: "CloudTrailEncryptLogs", Effect: policy.Allow, Principal: policy.Service("cloudtrail.amazonaws.com"),
			Action: policy.Strings{"kms:GenerateDataKey*"}, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{
				"StringLike":   {"kms:EncryptionContext:aws:cloudtrail:arn": {fmt.Sprintf("arn:aws:cloudtrail:*:%s:trail/*", f.ManagementAccountID)}},
				"StringEquals": trail,
			},
		},
		{
			// With an S3 Bucket Key, creating and validating the trail also needs Decrypt.
			Sid: "CloudTrailDescribeAndBucketKey", Effect: policy.Allow, Principal: policy.Service("cloudtrail.amazonaws.com"),
			Action: policy.Strings{"kms:Decrypt", "kms:DescribeKey"}, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"StringEquals": trail},
		},
		{
			// Config documents its key statement with aws:SourceAccount ("Permissions for the KMS Key",
			// AWS Config Developer Guide); aws:SourceOrgID is present wherever aws:SourceAccount is
			// (see centralBucketPolicy). The S3 encryption context limits the key to this bucket.
			Sid: "ConfigUseKey", Effect: policy.Allow, Principal: policy.Service("config.amazonaws.com"),
			Action: policy.Strings{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"StringEquals": org, "StringLike": s3Context(f.Bucket)},
		},
		{
			// The VPC User Guide's statement for flow logs to an SSE-KMS bucket has no condition, so
			// nothing says aws:SourceOrgID reaches KMS on these calls; the S3 encryption context does
			// (S3 sets it on every SSE-KMS request) and ties the key to this bucket, whose policy admits
			// only the organization's flow logs.
			Sid: "FlowLogsUseKey", Effect: policy.Allow, Principal: policy.Service("delivery.logs.amazonaws.com"),
			Action: policy.Strings{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"StringLike": s3Context(f.Bucket)},
		},
		{
			Sid: "ReadersDecryptTrailLogs", Effect: policy.Allow, Principal: policy.Everyone(),
			Action: policy.Strings{"kms:Decrypt"}, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{
				"ArnLike":      readers,
				"StringEquals": {"aws:PrincipalOrgID": {f.OrgID}},
				"Null":         {"kms:EncryptionContext:aws:cloudtrail:arn": {"false"}},
			},
		},
		{
			// What a reader's GetObject needs: S3 calls Decrypt with the reader's identity, through S3,
			// with this bucket's encryption context.
			Sid: "ReadersDecryptThroughS3", Effect: policy.Allow, Principal: policy.Everyone(),
			Action: policy.Strings{"kms:Decrypt"}, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{
				"ArnLike":      readers,
				"StringEquals": {"aws:PrincipalOrgID": {f.OrgID}, "kms:ViaService": {"s3." + f.Region + ".amazonaws.com"}},
				"StringLike":   s3Context(f.Bucket),
			},
		},
	}}
}

// trailLogsKeyPolicy is the policy of the key that encrypts the trail's CloudWatch Logs group in the
// management account. The key lives where the log group does: CloudWatch Logs documents the key
// policy for its own account and Region ("the service principal must be in the same AWS Region
// where the key is stored") and ties it to the log group by kms:EncryptionContext:aws:logs:arn
// (CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS Key Management
// Service"); it documents no cross-account use, so the log-archive key is not used here.
func trailLogsKeyPolicy(managementAccountID, region, logGroup string) policy.Document {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{
		{
			// The management account administers the key through IAM; nobody may use it but the
			// CloudWatch Logs service for this log group.
			Sid: "KeyAdministration", Effect: policy.Allow, Principal: policy.AWS("arn:aws:iam::" + managementAccountID + ":root"),
			Action: policy.KeyAdminActions, Resource: policy.Strings{"*"},
		},
		denyGrantsExceptForAWSResources(),
		{
			Sid: "CloudWatchLogsEncryptTrailLogs", Effect: policy.Allow, Principal: policy.Service("logs." + region + ".amazonaws.com"),
			Action:   policy.Strings{"kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
			Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"ArnEquals": {
				"kms:EncryptionContext:aws:logs:arn": {fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", region, managementAccountID, logGroup)},
			}},
		},
	}}
}
