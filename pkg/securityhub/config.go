package securityhub

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/cfn"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
	"github.com/landingzone/aws-landing-zone/pkg/stackset"
)

// configRecorderPolicy is the AWS managed policy a Config recorder role needs.
const configRecorderPolicy = "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole"

// configAggregator delegates Config to the security account and creates there the organization
// aggregator of every governed Region, with the role Config needs to read the organization.
func (b *builder) configAggregator() (pulumi.StringOutput, error) {
	a := b.args
	delegation, err := b.delegate("config", "config.amazonaws.com")
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	if _, err := b.delegate("config-multiaccountsetup", "config-multiaccountsetup.amazonaws.com"); err != nil {
		return pulumi.StringOutput{}, err
	}
	trust, err := serviceTrust("config.amazonaws.com")
	if err != nil {
		return pulumi.StringOutput{}, wrap("aggregator role trust", err)
	}
	role, err := iam.NewRole(b.ctx, b.n("config-aggregator-role"), &iam.RoleArgs{
		Name:             pulumi.Sprintf("%s-config-aggregator", a.Prefix),
		Description:      pulumi.String("Lets AWS Config aggregate the organization's configuration into the security account."),
		AssumeRolePolicy: pulumi.String(trust),
	}, b.sec(a.HomeRegion)...)
	if err != nil {
		return pulumi.StringOutput{}, wrap("aggregator role", err)
	}
	attachment, err := iam.NewRolePolicyAttachment(b.ctx, b.n("config-aggregator-role-policy"), &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String("arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations"),
	}, b.sec(a.HomeRegion)...)
	if err != nil {
		return pulumi.StringOutput{}, wrap("aggregator role policy", err)
	}
	aggregator, err := cfg.NewConfigurationAggregator(b.ctx, b.n("config-aggregator"), &cfg.ConfigurationAggregatorArgs{
		Name: pulumi.Sprintf("%s-organization", a.Prefix),
		OrganizationAggregationSource: cfg.ConfigurationAggregatorOrganizationAggregationSourceArgs{
			Regions: pulumi.ToStringArray(a.Regions),
			RoleArn: role.Arn,
		},
	}, b.sec(a.HomeRegion, delegation, attachment)...)
	if err != nil {
		return pulumi.StringOutput{}, wrap("config aggregator", err)
	}
	return aggregator.Arn, nil
}

// configRecording records every account in every governed Region. Member accounts get a recorder and
// delivery channel from a service-managed CloudFormation StackSet deployed to the root with
// automatic deployment: an account created later, or outside this program, is covered as it joins.
// StackSets never deploy to the management account ("stack sets doesn't deploy stack instances to
// the organization management account, even if the organization management account is in your
// organization or in an OU in your organization", CreateStackInstances DeploymentTargets, quoted in
// the pulumi-aws cloudformation.StackInstances docs; aws-cloudformation/cloudformation-coverage-
// roadmap#1705), so its recorders are declared directly. Global resource types (IAM) are recorded
// once, in the home Region.
func (b *builder) configRecording() error {
	a := b.args
	template, err := recorderTemplate(a.Prefix, a.KeepRecording)
	if err != nil {
		return wrap("recorder template", err)
	}
	// Automatic deployment covers an account created later, or outside this program, as it joins; a
	// departing account keeps its recorder: removing it would be a gap in the record.
	args := stackset.Args(pulumi.Sprintf("%s-config-recording", a.Prefix),
		"AWS Config recorder and delivery channel to the log archive, in every account and governed Region.",
		pulumi.String(template), stackset.RetainOnRemoval)
	args.Parameters = pulumi.StringMap{
		"HomeRegion": pulumi.String(a.HomeRegion),
		"BucketName": a.LogBucket,
		"KeyPrefix":  pulumi.String(a.ConfigPrefix),
		"KmsKeyArn":  a.LogKeyArn,
	}
	stackSet, err := cloudformation.NewStackSet(b.ctx, b.n("config-recording"), args,
		append(b.mgmt(a.HomeRegion, a.Organization, a.LogBucketPolicy), stackset.Options())...)
	if err != nil {
		return wrap("config StackSet", err)
	}
	// Deployment targets are OUs (the root): a service-managed StackSet takes organizational units,
	// never the management account, which gets its own recorders below. The targets never change:
	// they are ForceNew (terraform-provider-aws stack_set_instance.go), and a replaced instance is
	// created before the old one is deleted with the same ID (`<set>,<root>,<Region>`), a delete that
	// would remove every member account's recorder. The accounts that keep their own recorder are
	// left out by the template instead (recorderTemplate), which also holds for an adopted account
	// that leaves and rejoins (automatic deployment ignores an instance's account filter).
	targets := stackset.Root(a.RootID)
	for _, r := range a.Regions {
		if _, err := cloudformation.NewStackSetInstance(b.ctx, b.n("config-recording", r), &cloudformation.StackSetInstanceArgs{
			StackSetName:         stackSet.Name,
			CallAs:               pulumi.String("SELF"),
			Region:               pulumi.String(r),
			DeploymentTargets:    targets,
			OperationPreferences: stackset.Operations(),
			// Should the instance ever be deleted (a Region no longer governed), the recorders stay:
			// a gap in the record is worse than an unmanaged recorder.
			RetainStack: pulumi.Bool(true),
		}, append(b.mgmt(a.HomeRegion), stackset.InstanceOptions())...); err != nil {
			return wrap("config StackSet instance "+r, err)
		}
	}
	return b.managementRecorders()
}

// managementRecorders records the management account, which StackSets do not reach.
func (b *builder) managementRecorders() error {
	a := b.args
	trust, err := serviceTrust("config.amazonaws.com")
	if err != nil {
		return wrap("recorder role trust", err)
	}
	role, err := iam.NewRole(b.ctx, b.n("config-recorder-role"), &iam.RoleArgs{
		Name:             pulumi.Sprintf("%s-config-recorder", a.Prefix),
		Description:      pulumi.String("The AWS Config recorder role of the management account."),
		AssumeRolePolicy: pulumi.String(trust),
	}, b.mgmt(a.HomeRegion)...)
	if err != nil {
		return wrap("management recorder role", err)
	}
	rolePolicy, err := iam.NewRolePolicyAttachment(b.ctx, b.n("config-recorder-role-policy"), &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String(configRecorderPolicy),
	}, b.mgmt(a.HomeRegion)...)
	if err != nil {
		return wrap("management recorder role policy", err)
	}
	for _, r := range a.Regions {
		recorder, err := cfg.NewRecorder(b.ctx, b.n("config-recorder", r), &cfg.RecorderArgs{
			Name:    pulumi.String("default"),
			RoleArn: role.Arn,
			RecordingGroup: cfg.RecorderRecordingGroupArgs{
				AllSupported:               pulumi.Bool(true),
				IncludeGlobalResourceTypes: pulumi.Bool(r == a.HomeRegion),
			},
		}, b.mgmt(r, rolePolicy)...)
		if err != nil {
			return wrap("management recorder "+r, err)
		}
		// Recorder before channel; the channel waits for the bucket's grant to Config.
		channel, err := cfg.NewDeliveryChannel(b.ctx, b.n("config-delivery", r), &cfg.DeliveryChannelArgs{
			Name:         pulumi.String("default"),
			S3BucketName: a.LogBucket,
			S3KeyPrefix:  pulumi.String(a.ConfigPrefix),
			S3KmsKeyArn:  a.LogKeyArn,
			SnapshotDeliveryProperties: cfg.DeliveryChannelSnapshotDeliveryPropertiesArgs{
				DeliveryFrequency: pulumi.String("TwentyFour_Hours"),
			},
		}, b.mgmt(r, recorder, a.LogBucketPolicy)...)
		if err != nil {
			return wrap("management delivery channel "+r, err)
		}
		if _, err := cfg.NewRecorderStatus(b.ctx, b.n("config-recorder-status", r), &cfg.RecorderStatusArgs{
			Name:      recorder.Name,
			IsEnabled: pulumi.Bool(true),
		}, b.mgmt(r, channel)...); err != nil {
			return wrap("management recorder status "+r, err)
		}
	}
	return nil
}

func serviceTrust(service string) (string, error) {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{{
		Effect: policy.Allow, Principal: policy.Service(service), Action: policy.Strings{"sts:AssumeRole"},
	}}}.JSON()
}

// recorderTemplate is the StackSet's template: a recorder role (one per Region, so the Regional
// stacks never wait for each other), the recorder and the delivery channel to the log archive. The
// recorder role has no S3 permission on purpose: Config then delivers as config.amazonaws.com,
// which is what the log bucket's policy admits (scoped by aws:SourceOrgID).
//
// keep are the accounts that keep their own recorder (adopt.keepConfigRecording): "You can create
// only one customer managed configuration recorder for each account for each AWS Region" (Config API
// reference, PutConfigurationRecorder: MaxNumberOfConfigurationRecordersExceededException;
// PutDeliveryChannel: MaxNumberOfDeliveryChannelsExceededException), so there the stack creates
// nothing but a placeholder: a template's Resources section is required and must declare at least
// one resource ("Resources: Declares the AWS resources that you want to include in the stack ... This
// section is required", CloudFormation User Guide, template-anatomy.html), and
// AWS::CloudFormation::WaitConditionHandle takes no properties and creates nothing billable
// (Template Reference, aws-resource-cloudformation-waitconditionhandle.html). The organization
// aggregator still reads these accounts.
func recorderTemplate(prefix string, keep []string) (string, error) {
	trust := policy.Document{Version: policy.Version, Statement: []policy.Statement{{
		Effect: policy.Allow, Principal: policy.Service("config.amazonaws.com"), Action: policy.Strings{"sts:AssumeRole"},
	}}}
	t := cfn.Template{
		AWSTemplateFormatVersion: cfn.Version,
		Description:              "Landing zone: AWS Config recording to the organization's log archive.",
		Parameters: map[string]cfn.Parameter{
			"HomeRegion": {Type: "String", Description: "The Region that records global resource types."},
			"BucketName": {Type: "String", Description: "The log archive bucket."},
			"KeyPrefix":  {Type: "String", Description: "Where Config writes in the bucket."},
			"KmsKeyArn":  {Type: "String", Description: "The log archive key."},
		},
		Conditions: map[string]any{
			"IsHomeRegion": cfn.Equals(cfn.Ref("AWS::Region"), cfn.Ref("HomeRegion")),
		},
		Resources: map[string]cfn.Resource{
			"RecorderRole": {Type: "AWS::IAM::Role", Properties: map[string]any{
				"RoleName":                 cfn.Sub(prefix + "-config-recorder-${AWS::Region}"),
				"AssumeRolePolicyDocument": trust,
				"ManagedPolicyArns":        []string{configRecorderPolicy},
			}},
			"Recorder": {Type: "AWS::Config::ConfigurationRecorder", Properties: map[string]any{
				"Name":    "default",
				"RoleARN": cfn.GetAtt("RecorderRole", "Arn"),
				"RecordingGroup": map[string]any{
					"AllSupported":               true,
					"IncludeGlobalResourceTypes": cfn.If("IsHomeRegion", true, false),
				},
			}},
			// CloudFormation starts the recorder once its delivery channel exists.
			"DeliveryChannel": {Type: "AWS::Config::DeliveryChannel", DependsOn: []string{"Recorder"}, Properties: map[string]any{
				"Name":         "default",
				"S3BucketName": cfn.Ref("BucketName"),
				"S3KeyPrefix":  cfn.Ref("KeyPrefix"),
				"S3KmsKeyArn":  cfn.Ref("KmsKeyArn"),
				"ConfigSnapshotDeliveryProperties": map[string]any{
					"DeliveryFrequency": "TwentyFour_Hours",
				},
			}},
		},
	}
	if len(keep) > 0 {
		t.Conditions["Record"] = cfn.Not(cfn.AccountIn(keep...))
		for _, id := range []string{"RecorderRole", "Recorder", "DeliveryChannel"} {
			r := t.Resources[id]
			r.Condition = "Record"
			t.Resources[id] = r
		}
		t.Resources["KeptRecorder"] = cfn.Resource{Type: "AWS::CloudFormation::WaitConditionHandle", Properties: map[string]any{}}
	}
	return t.JSON()
}
