package logarchive

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// organizationTrail declares the organization trail in the management account, home Region: every
// Region, global service events, all management events, log file validation, encrypted with the
// log key. It waits for the bucket policy and the key so the first `pulumi up` does not fail on a
// missing grant, and for the organization's trusted access.
func organizationTrail(ctx *pulumi.Context, name, trailName string, bucket *s3.BucketV2, key *kms.Key,
	bucketPolicy *s3.BucketPolicy, args *Args, parent pulumi.Resource) (*cloudtrail.Trail, error) {
	mgmt := []pulumi.ResourceOption{pulumi.Parent(parent), pulumi.Provider(args.Management)}

	selectors := cloudtrail.TrailAdvancedEventSelectorArray{cloudtrail.TrailAdvancedEventSelectorArgs{
		Name: pulumi.String("All management events"),
		FieldSelectors: cloudtrail.TrailAdvancedEventSelectorFieldSelectorArray{cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs{
			Field: pulumi.String("eventCategory"), Equals: pulumi.ToStringArray([]string{"Management"}),
		}},
	}}
	if args.Settings.DataEvents {
		// Every S3 object read and write, except the log bucket's own (which would log itself forever).
		selectors = append(selectors, cloudtrail.TrailAdvancedEventSelectorArgs{
			Name: pulumi.String("S3 data events"),
			FieldSelectors: cloudtrail.TrailAdvancedEventSelectorFieldSelectorArray{
				cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs{Field: pulumi.String("eventCategory"), Equals: pulumi.ToStringArray([]string{"Data"})},
				cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs{Field: pulumi.String("resources.type"), Equals: pulumi.ToStringArray([]string{"AWS::S3::Object"})},
				cloudtrail.TrailAdvancedEventSelectorFieldSelectorArgs{Field: pulumi.String("resources.ARN"), NotStartsWiths: pulumi.StringArray{pulumi.Sprintf("%s/", bucket.Arn)}},
			},
		})
	}

	trailArgs := &cloudtrail.TrailArgs{
		Name:                       pulumi.String(trailName),
		S3BucketName:               bucket.Bucket,
		KmsKeyId:                   key.Arn,
		IsOrganizationTrail:        pulumi.Bool(true),
		IsMultiRegionTrail:         pulumi.Bool(true),
		IncludeGlobalServiceEvents: pulumi.Bool(true),
		EnableLogFileValidation:    pulumi.Bool(true),
		EnableLogging:              pulumi.Bool(true),
		AdvancedEventSelectors:     selectors,
	}
	dependsOn := []pulumi.Resource{bucketPolicy, key}
	if args.Organization != nil {
		dependsOn = append(dependsOn, args.Organization)
	}
	if args.Settings.CloudWatchLogs {
		group, role, err := cloudWatchDelivery(ctx, name, trailName, args, mgmt)
		if err != nil {
			return nil, err
		}
		trailArgs.CloudWatchLogsGroupArn = pulumi.Sprintf("%s:*", group.Arn)
		trailArgs.CloudWatchLogsRoleArn = role.Arn
		dependsOn = append(dependsOn, role)
	}

	trail, err := cloudtrail.NewTrail(ctx, name+"-trail", trailArgs,
		append(mgmt, pulumi.Protect(true), pulumi.DependsOn(dependsOn))...)
	if err != nil {
		return nil, fmt.Errorf("log archive: trail: %w", err)
	}
	return trail, nil
}

// cloudWatchDelivery is the log group the trail also delivers to (for metric filters and alarms),
// encrypted with its own key, and the role CloudTrail assumes to write it, all in the management
// account.
func cloudWatchDelivery(ctx *pulumi.Context, name, trailName string, args *Args, mgmt []pulumi.ResourceOption) (*cloudwatch.LogGroup, *iam.Role, error) {
	groupName := "/aws/cloudtrail/" + trailName
	keyPolicy := args.ManagementAccountID.ToStringOutput().ApplyT(func(id string) (string, error) {
		return trailLogsKeyPolicy(id, args.HomeRegion, groupName).JSON()
	}).(pulumi.StringOutput)
	key, err := kms.NewKey(ctx, name+"-trail-logs-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("%s organization trail: its CloudWatch Logs group %s", args.Prefix, groupName),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
		Policy:               keyPolicy,
	}, append(mgmt, pulumi.Protect(true))...)
	if err != nil {
		return nil, nil, fmt.Errorf("log archive: trail log group key: %w", err)
	}
	if _, err := kms.NewAlias(ctx, name+"-trail-logs-key-alias", &kms.AliasArgs{
		Name:        pulumi.Sprintf("alias/%s-cloudtrail-logs", args.Prefix),
		TargetKeyId: key.KeyId,
	}, mgmt...); err != nil {
		return nil, nil, fmt.Errorf("log archive: trail log group key alias: %w", err)
	}
	// The key policy must allow CloudWatch Logs before the group names the key (kmsKeyId waits for it).
	group, err := cloudwatch.NewLogGroup(ctx, name+"-trail-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(groupName),
		RetentionInDays: pulumi.Int(args.Settings.CloudWatchLogsRetentionDays),
		KmsKeyId:        key.Arn,
	}, append(mgmt, pulumi.Protect(true))...)
	if err != nil {
		return nil, nil, fmt.Errorf("log archive: trail log group: %w", err)
	}
	trailArn := pulumi.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", args.HomeRegion, args.ManagementAccountID, trailName)
	trust := trailArn.ApplyT(func(arn string) (string, error) {
		return policy.Document{Version: policy.Version, Statement: []policy.Statement{{
			Effect: policy.Allow, Principal: policy.Service("cloudtrail.amazonaws.com"), Action: policy.Strings{"sts:AssumeRole"},
			Condition: policy.Conditions{"StringEquals": {"aws:SourceArn": {arn}}},
		}}}.JSON()
	}).(pulumi.StringOutput)
	role, err := iam.NewRole(ctx, name+"-trail-cloudwatch-role", &iam.RoleArgs{
		// Named with the prefix: the baseline SCP protects "<prefix>-*" roles.
		Name:             pulumi.Sprintf("%s-cloudtrail-cloudwatch", args.Prefix),
		Description:      pulumi.String("Lets the organization trail deliver to its CloudWatch Logs group."),
		AssumeRolePolicy: trust,
	}, mgmt...)
	if err != nil {
		return nil, nil, fmt.Errorf("log archive: trail role: %w", err)
	}
	write := group.Arn.ApplyT(func(arn string) (string, error) {
		return policy.Document{Version: policy.Version, Statement: []policy.Statement{{
			Sid: "WriteTrailLogs", Effect: policy.Allow, Action: policy.Strings{"logs:CreateLogStream", "logs:PutLogEvents"},
			Resource: policy.Strings{arn + ":log-stream:*"},
		}}}.JSON()
	}).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(ctx, name+"-trail-cloudwatch-policy", &iam.RolePolicyArgs{
		Role:   role.ID(),
		Policy: write,
	}, mgmt...); err != nil {
		return nil, nil, fmt.Errorf("log archive: trail role policy: %w", err)
	}
	return group, role, nil
}
