package logarchive

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// noncurrentDays is how long a replaced or deleted version is kept (Object Lock still applies).
const noncurrentDays = 30

// abortMultipartDays cleans up uploads that never completed.
const abortMultipartDays = 7

// bucketSettings is what differs between the two buckets; everything else is the same hardening.
type bucketSettings struct {
	encryption s3.BucketServerSideEncryptionConfigurationV2RuleArray
	lifecycle  s3.BucketLifecycleConfigurationV2RuleArgs
	policy     pulumi.StringInput
	// lockedAtCreation creates the bucket with Object Lock on (the central bucket). Otherwise Object
	// Lock is switched on after versioning, which AWS allows on an existing bucket and which does not
	// replace a bucket created before this program locked it (S3 API Reference,
	// PutObjectLockConfiguration: "You can enable Object Lock for new or existing buckets"; pulumi-aws
	// s3.BucketObjectLockConfigurationV2: "To enable Object Lock for an existing bucket, you must
	// first enable versioning"; the Terraform provider's aws_s3_bucket.object_lock_enabled is
	// ForceNew, so setting it on an existing bucket would replace the bucket).
	lockedAtCreation bool
	// defaultRetention, when set, is the Object Lock default retention of every new object version.
	defaultRetention *s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs
	// policyDependsOn are resources the policy must wait for.
	policyDependsOn []pulumi.Resource
}

// newBucket creates a bucket that cannot be destroyed by the program (protected, no forceDestroy),
// with versioning, Object Lock, encryption, all four Block Public Access settings,
// bucket-owner-enforced ownership (no ACLs), a lifecycle, a TLS-only policy and every object event
// sent to EventBridge.
func newBucket(ctx *pulumi.Context, name string, bucketName pulumi.StringInput, s bucketSettings, in []pulumi.ResourceOption) (*s3.BucketV2, *s3.BucketPolicy, error) {
	wrap := func(what string, err error) error { return fmt.Errorf("log archive: %s %s: %w", name, what, err) }
	bucketArgs := &s3.BucketV2Args{Bucket: bucketName, ForceDestroy: pulumi.Bool(false)}
	if s.lockedAtCreation {
		bucketArgs.ObjectLockEnabled = pulumi.Bool(true)
	}
	bucket, err := s3.NewBucketV2(ctx, name, bucketArgs, append(in, pulumi.Protect(true))...)
	if err != nil {
		return nil, nil, wrap("bucket", err)
	}
	versioning, err := s3.NewBucketVersioningV2(ctx, name+"-versioning", &s3.BucketVersioningV2Args{
		Bucket:                  bucket.ID(),
		VersioningConfiguration: s3.BucketVersioningV2VersioningConfigurationArgs{Status: pulumi.String("Enabled")},
	}, in...)
	if err != nil {
		return nil, nil, wrap("versioning", err)
	}
	// Object Lock needs versioning: the configuration waits for it.
	lockArgs := &s3.BucketObjectLockConfigurationV2Args{Bucket: bucket.ID(), ObjectLockEnabled: pulumi.String("Enabled")}
	if s.defaultRetention != nil {
		lockArgs.Rule = s3.BucketObjectLockConfigurationV2RuleArgs{DefaultRetention: s.defaultRetention}
	}
	if _, err := s3.NewBucketObjectLockConfigurationV2(ctx, name+"-object-lock", lockArgs,
		append(in, pulumi.DependsOn([]pulumi.Resource{versioning}))...); err != nil {
		return nil, nil, wrap("object lock", err)
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-encryption", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules:  s.encryption,
	}, in...); err != nil {
		return nil, nil, wrap("encryption", err)
	}
	bpa, err := s3.NewBucketPublicAccessBlock(ctx, name+"-public-access-block", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, in...)
	if err != nil {
		return nil, nil, wrap("public access block", err)
	}
	if _, err := s3.NewBucketOwnershipControls(ctx, name+"-ownership", &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		Rule:   s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, in...); err != nil {
		return nil, nil, wrap("ownership", err)
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name+"-lifecycle", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules:  s3.BucketLifecycleConfigurationV2RuleArray{s.lifecycle},
	}, append(in, pulumi.DependsOn([]pulumi.Resource{versioning}))...); err != nil {
		return nil, nil, wrap("lifecycle", err)
	}
	// Every object event goes to the account's default EventBridge bus, where a SIEM (or a rule
	// forwarding to one) picks up new log files; EventBridge needs no bucket or topic policy for
	// this (S3 User Guide, "Using EventBridge").
	if _, err := s3.NewBucketNotification(ctx, name+"-eventbridge", &s3.BucketNotificationArgs{
		Bucket:      bucket.ID(),
		Eventbridge: pulumi.Bool(true),
	}, in...); err != nil {
		return nil, nil, wrap("EventBridge notifications", err)
	}
	bucketPolicy, err := s3.NewBucketPolicy(ctx, name+"-policy", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: s.policy,
	}, append(in, pulumi.DependsOn(append([]pulumi.Resource{bpa}, s.policyDependsOn...)))...)
	if err != nil {
		return nil, nil, wrap("policy", err)
	}
	return bucket, bucketPolicy, nil
}

// accessLogBucket receives the central bucket's server access logs. S3 server access logging
// delivers only to SSE-S3 buckets, and the target bucket "must not have a default retention period
// configuration" (S3 User Guide, "Enabling Amazon S3 server access logging"): Object Lock is on (no
// version can be locked away by anyone but the admins, versioning can never be suspended) with no
// default retention.
func accessLogBucket(ctx *pulumi.Context, name string, bucketName pulumi.StringInput, args *Args, policy pulumi.StringInput, in []pulumi.ResourceOption) (*s3.BucketV2, *s3.BucketPolicy, error) {
	return newBucket(ctx, name, bucketName, bucketSettings{
		encryption: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
		}},
		lifecycle: s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:                             pulumi.String("expire-access-logs"),
			Status:                         pulumi.String("Enabled"),
			Filter:                         s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
			Expiration:                     s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(args.Settings.AccessLogRetentionDays)},
			NoncurrentVersionExpiration:    s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{NoncurrentDays: pulumi.Int(noncurrentDays)},
			AbortIncompleteMultipartUpload: s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{DaysAfterInitiation: pulumi.Int(abortMultipartDays)},
		},
		policy: policy,
	}, in)
}

// centralBucket holds every log: Object Lock by default on every version, SSE-KMS with the log key
// and an S3 Bucket Key, a lifecycle to colder storage and expiry, access logging.
func centralBucket(ctx *pulumi.Context, name string, bucketName pulumi.StringInput, key *kms.Key, access *s3.BucketV2,
	accessPolicy *s3.BucketPolicy, args *Args, policy pulumi.StringInput, in []pulumi.ResourceOption) (*s3.BucketV2, *s3.BucketPolicy, error) {
	l := args.Settings
	bucket, bucketPolicy, err := newBucket(ctx, name, bucketName, bucketSettings{
		encryption: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm:   pulumi.String("aws:kms"),
				KmsMasterKeyId: key.Arn,
			},
			BucketKeyEnabled: pulumi.Bool(true),
		}},
		lockedAtCreation: true,
		defaultRetention: &s3.BucketObjectLockConfigurationV2RuleDefaultRetentionArgs{
			Mode: pulumi.String(l.ObjectLockMode),
			Days: pulumi.Int(l.ObjectLockDays),
		},
		lifecycle: s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String("archive-then-expire-logs"),
			Status: pulumi.String("Enabled"),
			Filter: s3.BucketLifecycleConfigurationV2RuleFilterArgs{},
			Transitions: s3.BucketLifecycleConfigurationV2RuleTransitionArray{s3.BucketLifecycleConfigurationV2RuleTransitionArgs{
				Days: pulumi.Int(l.TransitionDays), StorageClass: pulumi.String(l.TransitionStorageClass),
			}},
			Expiration:                     s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(l.RetentionDays)},
			NoncurrentVersionExpiration:    s3.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs{NoncurrentDays: pulumi.Int(noncurrentDays)},
			AbortIncompleteMultipartUpload: s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{DaysAfterInitiation: pulumi.Int(abortMultipartDays)},
		},
		policy: policy,
	}, in)
	if err != nil {
		return nil, nil, err
	}
	// The access-log bucket's grant to the logging service must exist before logging is switched on.
	if _, err := s3.NewBucketLoggingV2(ctx, name+"-logging", &s3.BucketLoggingV2Args{
		Bucket:       bucket.ID(),
		TargetBucket: access.ID(),
		TargetPrefix: pulumi.Sprintf("%s/", bucket.Bucket),
	}, append(in, pulumi.DependsOn([]pulumi.Resource{accessPolicy}))...); err != nil {
		return nil, nil, fmt.Errorf("log archive: %s logging: %w", name, err)
	}
	return bucket, bucketPolicy, nil
}
