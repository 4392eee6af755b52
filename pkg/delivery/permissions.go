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
	"account", "budgets", "ce", "cloudformation", "cloudtrail", "config", "detective", "guardduty", "iam",
	"inspector2", "kms", "logs", "macie2", "organizations", "ram", "securityhub", "sso",
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
	case "ec2transitgateway":
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

// PreviewPolicy adds to ReadOnlyAccess what a preview needs besides reading: assuming the member
// accounts' access role, because the providers of member accounts assume it when they start.
func PreviewPolicy(accessRoleName string) policy.Document {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{reachMembers(accessRoleName)}}
}

func reachMembers(accessRoleName string) policy.Statement {
	return policy.Statement{
		Sid: "ReachMemberAccounts", Effect: policy.Allow, Action: policy.Strings{"sts:AssumeRole"},
		Resource: policy.Strings{fmt.Sprintf("arn:aws:iam::*:role/%s", accessRoleName)},
	}
}
