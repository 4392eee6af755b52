package baseline

import (
	"strconv"
)

// PasswordPolicy is the IAM account password policy (CIS AWS Foundations 1.8: at least 14
// characters; 1.9: no reuse of the last 24 passwords). Field names are IAM's
// UpdateAccountPasswordPolicy parameters, which the custom resource passes through.
type PasswordPolicy struct {
	MinimumPasswordLength      int
	PasswordReusePrevention    int
	MaxPasswordAge             int
	RequireSymbols             bool
	RequireNumbers             bool
	RequireUppercaseCharacters bool
	RequireLowercaseCharacters bool
	AllowUsersToChangePassword bool
}

// Password is the baseline's password policy: CIS 1.8 and 1.9, and the complexity and rotation
// (90 days) of the AWS Foundational Security Best Practices control IAM.7.
var Password = PasswordPolicy{
	MinimumPasswordLength:      14,
	PasswordReusePrevention:    24,
	MaxPasswordAge:             90,
	RequireSymbols:             true,
	RequireNumbers:             true,
	RequireUppercaseCharacters: true,
	RequireLowercaseCharacters: true,
	AllowUsersToChangePassword: true,
}

// properties are the policy as CloudFormation hands it to the custom resource: every value a string.
func (p PasswordPolicy) properties() map[string]any {
	b := strconv.FormatBool
	return map[string]any{
		"MinimumPasswordLength":      strconv.Itoa(p.MinimumPasswordLength),
		"PasswordReusePrevention":    strconv.Itoa(p.PasswordReusePrevention),
		"MaxPasswordAge":             strconv.Itoa(p.MaxPasswordAge),
		"RequireSymbols":             b(p.RequireSymbols),
		"RequireNumbers":             b(p.RequireNumbers),
		"RequireUppercaseCharacters": b(p.RequireUppercaseCharacters),
		"RequireLowercaseCharacters": b(p.RequireLowercaseCharacters),
		"AllowUsersToChangePassword": b(p.AllowUsersToChangePassword),
	}
}

// publicAccessBlock is the account-level S3 Block Public Access, all four settings on (CIS 2.1.4).
var publicAccessBlock = map[string]any{
	"BlockPublicAcls": "true", "IgnorePublicAcls": "true", "BlockPublicPolicy": "true", "RestrictPublicBuckets": "true",
}
