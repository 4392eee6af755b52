package logarchive

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// TypeToken is the component's type: it is in every child's URN, so it never changes.
const TypeToken = "landingzone:index:LogArchive"

// Args configures the LogArchive component.
type Args struct {
	// Prefix starts the bucket, key alias and trail names; buckets are "<prefix>-log-archive-...",
	// the names the guardrails protect.
	Prefix     string
	HomeRegion string
	Settings   config.LogArchive
	// AdminPrincipals (ARN patterns) may manage the buckets and the key, besides the access role
	// of the log-archive account, which the landing zone deploys through.
	AdminPrincipals []string
	// Account is the log-archive account, vended by package account.
	Account *account.Account
	// Provider reaches into the log-archive account in the home Region; Management is the management
	// account's provider in the home Region, where the organization trail is declared.
	Provider   *aws.Provider
	Management *aws.Provider
	// OrganizationID and ManagementAccountID scope the policies.
	OrganizationID      pulumi.StringInput
	ManagementAccountID pulumi.StringInput
	// Organization is waited for before the trail: an organization trail needs trusted access.
	Organization pulumi.Resource
}

// LogArchive is the organization's log store and its trail.
type LogArchive struct {
	pulumi.ResourceState

	BucketName          pulumi.StringOutput
	BucketArn           pulumi.StringOutput
	AccessLogBucketName pulumi.StringOutput
	AccessLogBucketArn  pulumi.StringOutput
	KeyArn              pulumi.StringOutput
	TrailArn            pulumi.StringOutput
	// Prefixes are where each log type lands in the bucket (key prefixes, "" for the root).
	Prefixes map[string]string

	Key    *kms.Key
	Bucket *s3.BucketV2
	// BucketPolicy is what every log writer waits for: it holds their grants.
	BucketPolicy *s3.BucketPolicy
}

// TrailName is the organization trail's name for a prefix.
func TrailName(prefix string) string { return prefix + "-organization-trail" }

// New registers the log archive: the key, the central and access-log buckets, their policies and
// the organization trail.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*LogArchive, error) {
	if err := args.check(); err != nil {
		return nil, fmt.Errorf("log archive: %w", err)
	}
	la := &LogArchive{Prefixes: map[string]string{"cloudtrail": "", "config": ConfigPrefix, "vpcFlowLogs": FlowLogsPrefix}}
	if err := ctx.RegisterComponentResource(TypeToken, name, la, opts...); err != nil {
		return nil, err
	}
	in := []pulumi.ResourceOption{pulumi.Parent(la), pulumi.Provider(args.Provider)}
	keep := append(slices.Clone(in), pulumi.Protect(true))

	bucketName := pulumi.Sprintf("%s-log-archive-%s-%s", args.Prefix, args.Account.ID, args.HomeRegion)
	accessName := pulumi.Sprintf("%s-log-archive-s3-%s-%s", args.Prefix, args.Account.ID, args.HomeRegion)
	trailName := TrailName(args.Prefix)
	trailArn := pulumi.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", args.HomeRegion, args.ManagementAccountID, trailName)
	admins := append([]string{}, args.AdminPrincipals...)
	readers := args.Settings.ReaderPrincipalArns

	// Every policy is built from the same resolved facts, once they are known.
	resolved := pulumi.All(bucketName, accessName, args.OrganizationID, args.ManagementAccountID, args.Account.ID,
		trailArn, args.Account.AccessRoleArn).ApplyT(func(v []any) facts {
		return facts{
			Bucket: v[0].(string), AccessLogBucket: v[1].(string), OrgID: v[2].(string), ManagementAccountID: v[3].(string),
			LogAccountID: v[4].(string), Region: args.HomeRegion, TrailArn: v[5].(string),
			Admins: append([]string{v[6].(string)}, admins...), Readers: readers, Prefix: args.Prefix,
		}
	})
	render := func(what string, build func(facts) policy.Document) pulumi.StringOutput {
		return resolved.ApplyT(func(v any) (string, error) {
			text, err := build(v.(facts)).JSON()
			if err != nil {
				return "", fmt.Errorf("log archive: %s: %w", what, err)
			}
			if what != "key policy" && len(text) > MaxBucketPolicySize {
				return "", fmt.Errorf("log archive: %s is %d characters; S3 allows %d: list fewer readers or admins", what, len(text), MaxBucketPolicySize)
			}
			return text, nil
		}).(pulumi.StringOutput)
	}

	key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("%s log archive: CloudTrail, Config and VPC Flow Logs of the organization", args.Prefix),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
		Policy:               render("key policy", keyPolicy),
	}, keep...)
	if err != nil {
		return nil, fmt.Errorf("log archive: key: %w", err)
	}
	la.Key = key
	if _, err := kms.NewAlias(ctx, name+"-key-alias", &kms.AliasArgs{
		Name:        pulumi.Sprintf("alias/%s-log-archive", args.Prefix),
		TargetKeyId: key.KeyId,
	}, in...); err != nil {
		return nil, fmt.Errorf("log archive: key alias: %w", err)
	}

	access, accessPolicy, err := accessLogBucket(ctx, name+"-access-logs", accessName, args, render("access-log bucket policy", accessLogBucketPolicy), in)
	if err != nil {
		return nil, err
	}
	bucket, bucketPolicy, err := centralBucket(ctx, name+"-bucket", bucketName, key, access, accessPolicy, args,
		render("bucket policy", centralBucketPolicy), in)
	if err != nil {
		return nil, err
	}
	la.Bucket, la.BucketPolicy = bucket, bucketPolicy

	trail, err := organizationTrail(ctx, name, trailName, bucket, key, bucketPolicy, args, la)
	if err != nil {
		return nil, err
	}

	la.BucketName, la.BucketArn = bucket.Bucket, bucket.Arn
	la.AccessLogBucketName, la.AccessLogBucketArn = access.Bucket, access.Arn
	la.KeyArn, la.TrailArn = key.Arn, trail.Arn
	if err := ctx.RegisterResourceOutputs(la, la.Outputs()); err != nil {
		return nil, err
	}
	return la, nil
}

// Outputs are the component's outputs, as registered and as the stack exports them.
func (la *LogArchive) Outputs() pulumi.Map {
	return pulumi.Map{
		"bucketName": la.BucketName, "bucketArn": la.BucketArn, "accessLogBucketName": la.AccessLogBucketName,
		"accessLogBucketArn": la.AccessLogBucketArn, "keyArn": la.KeyArn, "trailArn": la.TrailArn,
		"prefixes": pulumi.ToStringMap(la.Prefixes),
	}
}

func (a *Args) check() error {
	switch {
	case a == nil:
		return fmt.Errorf("no arguments")
	case a.Prefix == "" || a.HomeRegion == "":
		return fmt.Errorf("the prefix and home Region are required")
	case a.Account == nil || a.Provider == nil || a.Management == nil:
		return fmt.Errorf("the log-archive account, its provider and the management provider are required")
	case a.OrganizationID == nil || a.ManagementAccountID == nil:
		return fmt.Errorf("the organization ID and management account ID are required")
	case len(a.Settings.ReaderPrincipalArns) == 0:
		return fmt.Errorf("at least one reader principal is required, or nobody could ever read the logs")
	case a.Settings.RetentionDays < a.Settings.ObjectLockDays:
		return fmt.Errorf("retention (%d days) is shorter than the Object Lock period (%d days)", a.Settings.RetentionDays, a.Settings.ObjectLockDays)
	}
	for _, arn := range a.Settings.ReaderPrincipalArns {
		if !readerProtected(arn, a.Prefix) {
			return fmt.Errorf("reader %q matches principals in any account, and an account's administrators can create a role or user of that name "+
				"to read every log: name a role \"%s-...\" (the guardrails keep anyone but the landing zone from creating those) or give an account ID", arn, a.Prefix)
		}
	}
	return nil
}

// readerProtected reports whether a reader ARN pattern names principals no member account's
// administrator can create: either it names one account, or it names roles under the prefix that the
// baseline SCP protects from creation ("<prefix>-*").
func readerProtected(arn, prefix string) bool {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return false
	}
	account, resource := parts[4], parts[5]
	if !strings.ContainsAny(account, "*?") {
		return true
	}
	return parts[2] == "iam" && strings.HasPrefix(resource, "role/"+prefix+"-")
}
