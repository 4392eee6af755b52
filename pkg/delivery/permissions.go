package delivery

import (
	"fmt"
	"strings"

	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// ReadOnlyAccess is the AWS managed policy the preview role holds in the management account: a
// preview and a refresh read, they never write.
const ReadOnlyAccess = "arn:aws:iam::aws:policy/ReadOnlyAccess"

// DeployServices are the IAM service prefixes of every resource type the landing zone manages in
// the management account (what it manages in member accounts goes through their access role). The deploy role may act on these services and no other:
// TestDeployRole_CoversEveryServiceTheFixturesUse keeps the list in step with the program. "account"
// is there because the provider renames a member account with account:PutAccountName.
var DeployServices = []string{
	"account", "budgets", "ce", "cloudformation", "cloudtrail", "config", "detective", "ec2", "guardduty", "iam",
	"inspector2", "kms", "logs", "macie2", "organizations", "ram", "s3", "securityhub", "sso",
}

// ServiceOf returns the IAM service prefix of a pulumi-aws resource type.
func ServiceOf(typ string) string {
	parts := strings.Split(typ, ":")
	if len(parts) != 3 {
		return ""
	}
	module, resource, _ := strings.Cut(parts[1], "/")
	switch module {
	case "cfg":
		return "config"
	case "accessanalyzer":
		return "access-analyzer"
	case "ec2transitgateway", "ebs":
		// EBS encryption by default is an EC2 action (ec2:EnableEbsEncryptionByDefault).
		return "ec2"
	case "costexplorer":
		// Cost allocation tags, cost categories and anomaly detection are Cost Explorer's ("ce").
		return "ce"
	case "ssoadmin":
		return "sso"
	case "directoryservice":
		return "ds"
	case "route53":
		if strings.HasPrefix(resource, "resolver") {
			return "route53resolver"
		}
	case "cloudwatch":
		if strings.HasPrefix(resource, "event") {
			return "events"
		}
		return "logs"
	}
	return module
}

// DeployPolicy is the deploy role's permissions: the landing zone's services, and the access role
// of member accounts (the providers of member accounts assume it).
func DeployPolicy(accessRoleName string) policy.Document {
	actions := make(policy.Strings, len(DeployServices))
	for i, s := range DeployServices {
		actions[i] = s + ":*"
	}
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{
		{Sid: "ManageLandingZoneServices", Effect: policy.Allow, Action: actions, Resource: policy.Strings{"*"}},
		// Identity Center groups named by display name are looked up in the identity store.
		{Sid: "LookUpIdentityCenterGroups", Effect: policy.Allow, Action: policy.Strings{"identitystore:DescribeGroup", "identitystore:GetGroupId"}, Resource: policy.Strings{"*"}},
		reachMembers(accessRoleName),
	}}
}

// PreviewPolicy adds to ReadOnlyAccess what a preview needs besides reading, and takes away what a
// preview must never have. It may assume the member accounts' preview role (read-only, see
// MemberPreviewTemplate) and no other role: the access role (AdministratorAccess, exempt from the
// SCPs) trusts the management account's root, so any management principal with sts:AssumeRole on it
// would be administrator in every member account. The deny is explicit, so no policy attached later
// to this role (ReadOnlyAccess, say) can give it back. Data reads are denied here too.
//
// organizationID, when known, keeps the preview role inside the organization: a role of the same name
// in another AWS account (anyone can create one) is no way out for a read-only session. The Deny uses
// StringNotEqualsIfExists on aws:ResourceOrgID, "the identifier of the organization in AWS
// Organizations to which the resource being requested belongs" (IAM User Guide, global condition
// keys): a role in another organization, or in none, is refused; should STS ever leave the key out,
// the statement does not lock the previews out.
func PreviewPolicy(prefix, organizationID string) policy.Document {
	member := policy.Strings{memberPreviewRoles(prefix)}
	doc := policy.Document{Version: policy.Version, Statement: []policy.Statement{
		{
			Sid: "ReachMemberPreviewRoles", Effect: policy.Allow, Action: policy.Strings{"sts:AssumeRole"},
			Resource: member,
		},
		PreviewInvokes(),
		{
			// Any other role, the access role first, whatever another policy allows.
			Sid: "DenyAnyOtherRole", Effect: policy.Deny, Action: policy.Strings{"sts:AssumeRole"},
			NotResource: member,
		},
		DenyDataReads(),
	}}
	if organizationID != "" {
		doc.Statement = append(doc.Statement, policy.Statement{
			Sid: "DenyRolesOutsideTheOrganization", Effect: policy.Deny, Action: policy.Strings{"sts:AssumeRole"},
			Resource:  policy.Strings{"*"},
			Condition: policy.Conditions{"StringNotEqualsIfExists": {"aws:ResourceOrgID": {organizationID}}},
		})
	}
	return doc
}

// memberPreviewRoles is the member preview role in every account.
func memberPreviewRoles(prefix string) string {
	return fmt.Sprintf("arn:aws:iam::*:role/%s", PreviewRoleName(prefix))
}

func reachMembers(accessRoleName string) policy.Statement {
	return policy.Statement{
		Sid: "ReachMemberAccounts", Effect: policy.Allow, Action: policy.Strings{"sts:AssumeRole"},
		Resource: policy.Strings{fmt.Sprintf("arn:aws:iam::*:role/%s", accessRoleName)},
	}
}
