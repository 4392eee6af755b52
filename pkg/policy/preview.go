package policy

import "fmt"

// PreviewRoleName is the name of the landing zone's read-only preview role, in the management
// account and in every member account (pkg/delivery creates both).
func PreviewRoleName(prefix string) string { return prefix + "-preview" }

// KeyConfigurationReads are the calls that read a KMS key back, and nothing that uses it: the
// Terraform provider's aws_kms_key read calls DescribeKey, GetKeyPolicy and GetKeyRotationStatus
// (terraform-provider-aws internal/service/kms/key.go, findKeyInfo) and lists its tags
// (ListResourceTags).
var KeyConfigurationReads = Strings{"kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"}

// PreviewReadsKey is the key-policy statement that lets the account's read-only preview role read a
// key's configuration, so that a refresh or drift detection of the key succeeds. A key policy whose
// administration is limited to named principals grants nothing through IAM (KMS Developer Guide,
// "Key policies": without a statement for the account, IAM policies do not give access), so
// ReadOnlyAccess alone cannot read it. The principal is the account, narrowed to the exact role by
// aws:PrincipalArn, which the baseline SCP protects (no account admin can create or re-trust a
// role of that name).
func PreviewReadsKey(accountID, prefix string) Statement {
	return Statement{
		Sid: "PreviewReadsKeyConfiguration", Effect: Allow, Principal: AWS("arn:aws:iam::" + accountID + ":root"),
		Action: KeyConfigurationReads, Resource: Strings{"*"},
		Condition: Conditions{"ArnEquals": {"aws:PrincipalArn": {fmt.Sprintf("arn:aws:iam::%s:role/%s", accountID, PreviewRoleName(prefix))}}},
	}
}
