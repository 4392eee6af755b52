package baseline

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"

	"github.com/landingzone/aws-landing-zone/pkg/cfn"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// functionCode is the custom resource's code, inline in the templates (AWS::Lambda::Function
// Code.ZipFile: CloudFormation writes it to index.py and adds the cfnresponse module next to it).
//
//go:embed function.py
var functionCode string

// Runtime is the functions' Python runtime (AWS Lambda runtimes: python3.12 is supported until 2028).
const Runtime = "python3.12"

// Types of the custom resources.
const (
	TypeBaseline = "Custom::AccountBaseline"
	TypeAlias    = "Custom::AccountAlias"
)

// codeVersion changes with the code: a property of every custom resource, so that new code applies
// the baseline again in every account (CloudFormation calls a custom resource only when its
// properties change).
func codeVersion() string {
	sum := sha256.Sum256([]byte(functionCode))
	return hex.EncodeToString(sum[:6])
}

func lambdaTrust() policy.Document {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{{
		Effect: policy.Allow, Principal: policy.Service("lambda.amazonaws.com"), Action: policy.Strings{"sts:AssumeRole"},
	}}}
}

// function is the log group, role and function of one custom resource: the log group is declared so
// that it has a retention (Lambda would create one that keeps logs forever), and the role may write
// only there and do only what the function does.
func function(t *cfn.Template, name string, roleName any, actions []policy.Statement) {
	logGroup := "/aws/lambda/" + name
	statements := append([]policy.Statement{{
		Effect: policy.Allow, Action: policy.Strings{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resource: policy.Strings{"arn:aws:logs:*:*:log-group:" + logGroup + ":*"},
	}}, actions...)
	t.Resources["FunctionLogs"] = cfn.Resource{Type: "AWS::Logs::LogGroup", Properties: map[string]any{
		"LogGroupName": logGroup, "RetentionInDays": 365,
	}}
	t.Resources["FunctionRole"] = cfn.Resource{Type: "AWS::IAM::Role", Properties: map[string]any{
		"RoleName":                 roleName,
		"Description":              "Runs the landing zone's account baseline custom resource (protected by the baseline-account SCP).",
		"AssumeRolePolicyDocument": lambdaTrust(),
		"Policies": []map[string]any{{
			"PolicyName":     "account-baseline",
			"PolicyDocument": policy.Document{Version: policy.Version, Statement: statements},
		}},
	}}
	t.Resources["Function"] = cfn.Resource{Type: "AWS::Lambda::Function", DependsOn: []string{"FunctionLogs"}, Properties: map[string]any{
		"FunctionName": name,
		"Description":  "Landing zone account baseline: settings CloudFormation has no resource type for.",
		"Runtime":      Runtime,
		"Handler":      "index.handler",
		"Timeout":      300,
		"MemorySize":   128,
		"Role":         cfn.GetAtt("FunctionRole", "Arn"),
		"Code":         map[string]any{"ZipFile": functionCode},
	}}
}

// revokeRules lets a function empty security groups: the Revoke actions take the security-group
// resource (Service Authorization Reference, Amazon EC2).
var revokeRules = policy.Statement{
	Effect: policy.Allow, Resource: policy.Strings{"arn:aws:ec2:*:*:security-group/*"},
	Action: policy.Strings{"ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"},
}

// regionalTemplate is the baseline of one account in one Region: EBS encryption by default and the
// default VPC's default security group without rules in every Region; the password policy and the
// account-level S3 Block Public Access, which are global, once, in the home Region.
func regionalTemplate(name string) cfn.Template {
	t := cfn.Template{
		AWSTemplateFormatVersion: cfn.Version,
		Description:              "Landing zone: the account baseline (password policy, S3 Block Public Access, EBS encryption by default, closed default security group).",
		Parameters: map[string]cfn.Parameter{
			"HomeRegion": {Type: "String", Description: "The Region that sets the account-wide (global) settings."},
		},
		Conditions: map[string]any{
			"IsHomeRegion": cfn.Equals(cfn.Ref("AWS::Region"), cfn.Ref("HomeRegion")),
		},
		Resources: map[string]cfn.Resource{},
	}
	function(&t, name, cfn.Sub(name+"-${AWS::Region}"), []policy.Statement{
		{
			// Account-level actions: IAM and S3 define no resource for them, EC2 none for these.
			Effect: policy.Allow, Resource: policy.Strings{"*"}, Action: policy.Strings{
				"ec2:DescribeSecurityGroups", "ec2:DescribeVpcs", "ec2:EnableEbsEncryptionByDefault",
				"iam:UpdateAccountPasswordPolicy", "s3:PutAccountPublicAccessBlock",
			},
		},
		revokeRules,
	})
	t.Resources["Baseline"] = cfn.Resource{Type: TypeBaseline, DependsOn: []string{"Function"}, Properties: map[string]any{
		"ServiceToken":           cfn.GetAtt("Function", "Arn"),
		"CodeVersion":            codeVersion(),
		"EbsEncryptionByDefault": "true",
		"DefaultSecurityGroups":  "closed",
		"PasswordPolicy":         cfn.If("IsHomeRegion", Password.properties(), cfn.NoValue()),
		"PublicAccessBlock":      cfn.If("IsHomeRegion", publicAccessBlock, cfn.NoValue()),
	}}
	return t
}

// TypeDefaultSecurityGroup is the custom resource that empties one VPC's default security group.
const TypeDefaultSecurityGroup = "Custom::DefaultSecurityGroup"

// CloseDefaultSecurityGroup adds to a template that creates a VPC (its logical ID vpc) the baseline's
// function, under the name <baselineName>-network, and a custom resource that revokes every rule of
// that VPC's default security group (CIS 5.4): CloudFormation cannot change a default security
// group, and AWS creates one with an all-traffic ingress rule from itself and an all-traffic egress
// rule with every VPC (VPC User Guide, "Default security groups for your VPCs"). The function comes
// with the template, not from the baseline's stack in the account: a new account's baseline is
// deployed by automatic deployment, with no order against this stack. Its role matches the
// baseline's role names, so the guardrails protect it like theirs (ProtectLandingZoneRoles).
func CloseDefaultSecurityGroup(t *cfn.Template, baselineName, vpc string) {
	name := baselineName + "-network"
	function(t, name, cfn.Sub(name+"-${AWS::Region}"), []policy.Statement{
		// Describe* take no resource (Service Authorization Reference, Amazon EC2).
		{Effect: policy.Allow, Resource: policy.Strings{"*"}, Action: policy.Strings{"ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"}},
		revokeRules,
	})
	t.Resources["DefaultSecurityGroup"] = cfn.Resource{Type: TypeDefaultSecurityGroup, DependsOn: []string{"Function"}, Properties: map[string]any{
		"ServiceToken":          cfn.GetAtt("Function", "Arn"),
		"CodeVersion":           codeVersion(),
		"DefaultSecurityGroups": "closed",
		"VpcId":                 cfn.Ref(vpc),
	}}
}

// aliasTemplate sets the account alias, a value per account: its StackSet has one instance per
// account, in the home Region, each with its own AccountAlias parameter override.
func aliasTemplate(name string) cfn.Template {
	t := cfn.Template{
		AWSTemplateFormatVersion: cfn.Version,
		Description:              "Landing zone: the account alias, from the naming convention.",
		Parameters: map[string]cfn.Parameter{
			"AccountAlias": {Type: "String", Description: "The account alias (<prefix>-<account key>); empty: none is set.", Default: cfn.Default("")},
		},
		Conditions: map[string]any{
			"HasAlias": cfn.Not(cfn.Equals(cfn.Ref("AccountAlias"), "")),
		},
		Resources: map[string]cfn.Resource{},
	}
	function(&t, name+"-alias", name+"-alias", []policy.Statement{{
		Effect: policy.Allow, Resource: policy.Strings{"*"},
		Action: policy.Strings{"iam:CreateAccountAlias", "iam:ListAccountAliases"},
	}})
	t.Resources["Alias"] = cfn.Resource{Type: TypeAlias, Condition: "HasAlias", DependsOn: []string{"Function"}, Properties: map[string]any{
		"ServiceToken": cfn.GetAtt("Function", "Arn"),
		"CodeVersion":  codeVersion(),
		"AccountAlias": cfn.Ref("AccountAlias"),
	}}
	return t
}
