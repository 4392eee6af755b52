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
}

func bucketArn(name string) string { return "arn:aws:s3:::" + name }

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

// protectActions may be used by the admins only: nothing else may delete logs or change how the
// bucket keeps them.
var protectActions = policy.Strings{
	"s3:BypassGovernanceRetention", "s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:DeleteObject", "s3:DeleteObjectVersion",
	"s3:PutBucketAcl", "s3:PutBucketLogging", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketOwnershipControls",
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
// and keeps everyone else from deleting, reconfiguring or reading the logs.
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
	}}
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
			Sid: "ConfigUseKey", Effect: policy.Allow, Principal: policy.Service("config.amazonaws.com"),
			Action: policy.Strings{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"StringEquals": org},
		},
		{
			Sid: "FlowLogsUseKey", Effect: policy.Allow, Principal: policy.Service("delivery.logs.amazonaws.com"),
			Action: policy.Strings{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"StringEquals": org},
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
			Sid: "ReadersDecryptThroughS3", Effect: policy.Allow, Principal: policy.Everyone(),
			Action: policy.Strings{"kms:Decrypt"}, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{
				"ArnLike":      readers,
				"StringEquals": {"aws:PrincipalOrgID": {f.OrgID}, "kms:ViaService": {"s3." + f.Region + ".amazonaws.com"}},
			},
		},
	}}
}
