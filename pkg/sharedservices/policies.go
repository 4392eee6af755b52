package sharedservices

import (
	"fmt"

	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// keyPolicy lets the admins manage the key, Secrets Manager use it for the account's secrets, and
// CloudWatch Logs use it for the directory's log group only.
func keyPolicy(accountID, region, logGroupName, prefix string, admins []string) policy.Document {
	root := policy.AWS("arn:aws:iam::" + accountID + ":root")
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{
		{
			Sid: "KeyAdministration", Effect: policy.Allow, Principal: root,
			Action: policy.KeyAdminActions, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"ArnLike": {"aws:PrincipalArn": policy.Strings(admins)}},
		},
		policy.PreviewReadsKey(accountID, prefix),
		{
			// Secrets Manager encrypts and decrypts on behalf of the account's principals; IAM decides
			// who may read the secret (Secrets Manager User Guide, "Secret encryption and decryption").
			Sid: "SecretsManagerUse", Effect: policy.Allow, Principal: root,
			Action:   policy.Strings{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
			Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"StringEquals": {
				"kms:ViaService":    {"secretsmanager." + region + ".amazonaws.com"},
				"kms:CallerAccount": {accountID},
			}},
		},
		{
			// CloudWatch Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS".
			Sid: "CloudWatchLogsDirectoryLogs", Effect: policy.Allow, Principal: policy.Service("logs." + region + ".amazonaws.com"),
			Action:   policy.Strings{"kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
			Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"ArnEquals": {
				"kms:EncryptionContext:aws:logs:arn": {fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", region, accountID, logGroupName)},
			}},
		},
	}}
}

// logsPolicy lets Directory Service write into the directory's log group only. No source condition:
// AWS documents none for Directory Service, and a subscription can only name a log group of the
// directory's own account (CreateLogSubscription).
func logsPolicy(logGroupArn string) policy.Document {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{{
		Sid: "DirectoryServiceLogs", Effect: policy.Allow, Principal: policy.Service("ds.amazonaws.com"),
		Action:   policy.Strings{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resource: policy.Strings{logGroupArn + ":*"},
	}}}
}
