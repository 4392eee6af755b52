package securityhub

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// GuardDutySeverity is the lowest GuardDuty numeric severity of each Security Hub severity label
// (GuardDuty: low 1.0-3.9, medium 4.0-6.9, high 7.0-8.9, critical 9.0-10.0).
var GuardDutySeverity = map[string]float64{"INFORMATIONAL": 0, "LOW": 1, "MEDIUM": 4, "HIGH": 7, "CRITICAL": 9}

// RulePrefix starts the name of every notification rule; the topic policy admits only these rules.
func RulePrefix(prefix string) string { return prefix + "-findings-" }

// securityHubPattern matches new, active Security Hub findings at or above the threshold, from
// every governed Region (the finding aggregator brings them to the home Region). GuardDuty's own
// findings are left to the GuardDuty rules, so nobody is told twice.
func securityHubPattern(threshold string) (string, error) {
	return marshalPattern(map[string]any{
		"source":      []string{"aws.securityhub"},
		"detail-type": []string{"Security Hub Findings - Imported"},
		"detail": map[string]any{"findings": map[string]any{
			"Severity":    map[string]any{"Label": config.SeverityAtOrAbove(threshold)},
			"Workflow":    map[string]any{"Status": []string{"NEW"}},
			"RecordState": []string{"ACTIVE"},
			"ProductName": []any{map[string]string{"anything-but": "GuardDuty"}},
		}},
	})
}

// guardDutyPattern matches GuardDuty findings at or above the threshold. GuardDuty findings are
// Regional events, so every governed Region has this rule.
func guardDutyPattern(threshold string) (string, error) {
	return marshalPattern(map[string]any{
		"source":      []string{"aws.guardduty"},
		"detail-type": []string{"GuardDuty Finding"},
		"detail":      map[string]any{"severity": []any{map[string]any{"numeric": []any{">=", GuardDutySeverity[threshold]}}}},
	})
}

// marshalPattern writes an event pattern minified and unescaped (">=" stays ">=").
func marshalPattern(p map[string]any) (string, error) { return policy.Marshal(p) }

// topicFacts are the resolved values the topic and key policies are built from.
type topicFacts struct {
	SecurityAccountID, TopicArn, Region string
	Admins                              []string
	// Prefix names the read-only preview role, which may read the key's configuration back.
	Prefix string
}

func topicPolicy(f topicFacts, prefix string) policy.Document {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{
		{
			Sid: "EventBridgeFindingRules", Effect: policy.Allow, Principal: policy.Service("events.amazonaws.com"),
			Action: policy.Strings{"sns:Publish"}, Resource: policy.Strings{f.TopicArn},
			Condition: policy.Conditions{
				"StringEquals": {"aws:SourceAccount": {f.SecurityAccountID}},
				"ArnLike":      {"aws:SourceArn": {fmt.Sprintf("arn:aws:events:*:%s:rule/%s*", f.SecurityAccountID, RulePrefix(prefix))}},
			},
		},
		{
			Sid: "DenyInsecureTransport", Effect: policy.Deny, Principal: policy.Everyone(),
			Action: policy.Strings{"sns:Publish"}, Resource: policy.Strings{f.TopicArn},
			Condition: policy.Conditions{"Bool": {"aws:SecureTransport": {"false"}}},
		},
	}}
}

func topicKeyPolicy(f topicFacts) policy.Document {
	return policy.Document{Version: policy.Version, Statement: []policy.Statement{
		{
			Sid: "KeyAdministration", Effect: policy.Allow, Principal: policy.AWS("arn:aws:iam::" + f.SecurityAccountID + ":root"),
			Action: policy.KeyAdminActions, Resource: policy.Strings{"*"},
			Condition: policy.Conditions{"ArnLike": {"aws:PrincipalArn": policy.Strings(f.Admins)}},
		},
		policy.PreviewReadsKey(f.SecurityAccountID, f.Prefix),
		{
			// EventBridge encrypts what it publishes to the encrypted topic. The topic policy, not this
			// statement, decides who may publish: only this account's finding rules.
			Sid: "EventBridgePublishes", Effect: policy.Allow, Principal: policy.Service("events.amazonaws.com"),
			Action: policy.Strings{"kms:Decrypt", "kms:GenerateDataKey*"}, Resource: policy.Strings{"*"},
		},
	}}
}

// notifications: an encrypted SNS topic in the security account (home Region) with the configured
// email and HTTPS subscriptions; a rule for Security Hub findings in the home Region; a GuardDuty
// rule in every governed Region, the others forwarding to the home Region's event bus.
//
// Extension point: the topic (output topicArn) is the one place findings go; an AWS Chatbot channel
// or any other subscriber attaches to it. Chatbot is not declared here because its API lives in
// us-east-2 only, which would need a provider outside the governed Regions.
func (b *builder) notifications() (pulumi.StringOutput, error) {
	a := b.args
	home := a.HomeRegion
	admins := append([]string(nil), a.AdminPrincipals...)
	topicName := fmt.Sprintf("%s-security-findings", a.Prefix)
	topicArn := pulumi.Sprintf("arn:aws:sns:%s:%s:%s", home, a.Security.ID, topicName)
	facts := pulumi.All(a.Security.ID, topicArn, a.Security.AccessRoleArn).ApplyT(func(v []any) topicFacts {
		return topicFacts{SecurityAccountID: v[0].(string), TopicArn: v[1].(string), Region: home, Admins: append([]string{v[2].(string)}, admins...), Prefix: a.Prefix}
	})
	render := func(build func(topicFacts) policy.Document) pulumi.StringOutput {
		return facts.ApplyT(func(v any) (string, error) { return build(v.(topicFacts)).JSON() }).(pulumi.StringOutput)
	}

	key, err := kms.NewKey(b.ctx, b.n("findings-key"), &kms.KeyArgs{
		Description:          pulumi.Sprintf("%s security findings topic", a.Prefix),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
		Policy:               render(topicKeyPolicy),
	}, append(b.sec(home), pulumi.Protect(true))...)
	if err != nil {
		return pulumi.StringOutput{}, wrap("findings key", err)
	}
	topic, err := sns.NewTopic(b.ctx, b.n("findings-topic"), &sns.TopicArgs{
		Name:           pulumi.String(topicName),
		DisplayName:    pulumi.Sprintf("%s security findings", a.Prefix),
		KmsMasterKeyId: key.Arn,
	}, b.sec(home)...)
	if err != nil {
		return pulumi.StringOutput{}, wrap("findings topic", err)
	}
	topicPolicyRes, err := sns.NewTopicPolicy(b.ctx, b.n("findings-topic-policy"), &sns.TopicPolicyArgs{
		Arn:    topic.Arn,
		Policy: render(func(f topicFacts) policy.Document { return topicPolicy(f, a.Prefix) }),
	}, b.sec(home)...)
	if err != nil {
		return pulumi.StringOutput{}, wrap("findings topic policy", err)
	}
	for i, email := range a.Settings.NotificationEmails {
		if _, err := sns.NewTopicSubscription(b.ctx, b.n(fmt.Sprintf("findings-email-%d", i)), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(email),
		}, b.sec(home)...); err != nil {
			return pulumi.StringOutput{}, wrap("email subscription", err)
		}
	}
	for i, url := range a.Settings.WebhookURLs {
		if _, err := sns.NewTopicSubscription(b.ctx, b.n(fmt.Sprintf("findings-webhook-%d", i)), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("https"),
			// A webhook URL carries its token: a secret, encrypted in the state, whether or not the
			// stack file marks it secure.
			Endpoint: pulumi.ToSecret(pulumi.String(url)).(pulumi.StringOutput), EndpointAutoConfirms: pulumi.Bool(true),
		}, b.sec(home)...); err != nil {
			return pulumi.StringOutput{}, wrap("webhook subscription", err)
		}
	}

	hubPattern, err := securityHubPattern(a.Settings.SeverityThreshold)
	if err != nil {
		return pulumi.StringOutput{}, wrap("Security Hub rule pattern", err)
	}
	if err := b.rule(home, "securityhub", "Security Hub findings at or above "+a.Settings.SeverityThreshold+", all governed Regions",
		hubPattern, topic.Arn, nil, topicPolicyRes); err != nil {
		return pulumi.StringOutput{}, err
	}

	gdPattern, err := guardDutyPattern(a.Settings.SeverityThreshold)
	if err != nil {
		return pulumi.StringOutput{}, wrap("GuardDuty rule pattern", err)
	}
	forwarder, err := b.forwarderRole()
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	homeBus := pulumi.Sprintf("arn:aws:events:%s:%s:event-bus/default", home, a.Security.ID)
	for _, r := range a.Regions {
		description := "GuardDuty findings at or above " + a.Settings.SeverityThreshold
		if r == home {
			err = b.rule(r, "guardduty", description, gdPattern, topic.Arn, nil, topicPolicyRes)
		} else {
			// Findings of other Regions go to the home Region's bus, where the home rule publishes them.
			err = b.rule(r, "guardduty", description+", forwarded to "+home, gdPattern, homeBus, forwarder.Arn, forwarder)
		}
		if err != nil {
			return pulumi.StringOutput{}, err
		}
	}
	return topic.Arn, nil
}

func (b *builder) rule(region, what, description, pattern string, target pulumi.StringInput, role pulumi.StringInput, dependsOn pulumi.Resource) error {
	rule, err := cloudwatch.NewEventRule(b.ctx, b.n("findings-"+what, region), &cloudwatch.EventRuleArgs{
		Name:         pulumi.String(RulePrefix(b.args.Prefix) + what),
		Description:  pulumi.String(description),
		EventPattern: pulumi.String(pattern),
	}, b.sec(region)...)
	if err != nil {
		return wrap("rule "+what+" "+region, err)
	}
	if _, err := cloudwatch.NewEventTarget(b.ctx, b.n("findings-"+what+"-target", region), &cloudwatch.EventTargetArgs{
		Rule: rule.Name, Arn: target, RoleArn: role,
	}, b.sec(region, dependsOn)...); err != nil {
		return wrap("rule target "+what+" "+region, err)
	}
	return nil
}

// forwarderRole lets EventBridge put GuardDuty findings of every governed Region on the home bus.
func (b *builder) forwarderRole() (*iam.Role, error) {
	a := b.args
	trust, err := serviceTrust("events.amazonaws.com")
	if err != nil {
		return nil, wrap("forwarder trust", err)
	}
	role, err := iam.NewRole(b.ctx, b.n("findings-forwarder-role"), &iam.RoleArgs{
		Name:             pulumi.Sprintf("%s-findings-forwarder", a.Prefix),
		Description:      pulumi.String("Lets EventBridge forward GuardDuty findings to the home Region's event bus."),
		AssumeRolePolicy: pulumi.String(trust),
	}, b.sec(a.HomeRegion)...)
	if err != nil {
		return nil, wrap("forwarder role", err)
	}
	put := pulumi.Sprintf("arn:aws:events:%s:%s:event-bus/default", a.HomeRegion, a.Security.ID).ApplyT(func(bus string) (string, error) {
		return policy.Document{Version: policy.Version, Statement: []policy.Statement{{
			Sid: "PutOnHomeBus", Effect: policy.Allow, Action: policy.Strings{"events:PutEvents"}, Resource: policy.Strings{bus},
		}}}.JSON()
	}).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(b.ctx, b.n("findings-forwarder-policy"), &iam.RolePolicyArgs{
		Role: role.ID(), Policy: put,
	}, b.sec(a.HomeRegion)...); err != nil {
		return nil, wrap("forwarder role policy", err)
	}
	return role, nil
}
