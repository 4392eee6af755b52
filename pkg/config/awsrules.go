package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// AWS's own rules for the values the landing zone sends to AWS, in one place, each with its source.
// The mock engine accepts any name; AWS refuses these mid-deploy, after accounts exist, so they are
// checked before anything is registered: on what the user writes (Validate) and on every name the
// program derives from it (derivedNames), and a whole-organization test runs every name the plan
// registers through ResourceNameRules.

// NameRule is AWS's rule for the name of one kind of resource.
type NameRule struct {
	// What the name is, for messages: "S3 bucket name".
	What string
	// Source is the AWS documentation the rule is taken from.
	Source   string
	Min, Max int
	// Chars matches a name made only of the allowed characters, in the allowed shape.
	Chars *regexp.Regexp
	// Allowed describes Chars in words.
	Allowed string
	// extra checks what a pattern cannot say (reserved prefixes and suffixes, adjacency); it returns
	// the broken rule or "".
	extra func(name string) string
}

// Check returns why AWS would refuse name, or "".
func (r NameRule) Check(name string) string {
	n := utf8.RuneCountInString(name)
	switch {
	case n < r.Min || n > r.Max:
		return fmt.Sprintf("%s %q is %d characters; AWS allows %d to %d (%s)", r.What, name, n, r.Min, r.Max, r.Source)
	case !r.Chars.MatchString(name):
		return fmt.Sprintf("%s %q: AWS allows only %s (%s)", r.What, name, r.Allowed, r.Source)
	}
	if r.extra != nil {
		if why := r.extra(name); why != "" {
			return fmt.Sprintf("%s %q %s (%s)", r.What, name, why, r.Source)
		}
	}
	return ""
}

func isIPv4(name string) bool {
	ip := net.ParseIP(name)
	return ip != nil && ip.To4() != nil && strings.Count(name, ".") == 3
}

// The rules.
var (
	BucketName = NameRule{
		What: "S3 bucket name", Min: 3, Max: 63,
		Source:  "docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
		Chars:   regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`),
		Allowed: "lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
		extra: func(name string) string {
			for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
				if strings.HasPrefix(name, p) {
					return fmt.Sprintf("starts with %q, a prefix S3 reserves", p)
				}
			}
			for _, s := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
				if strings.HasSuffix(name, s) {
					return fmt.Sprintf("ends with %q, a suffix S3 reserves", s)
				}
			}
			switch {
			case strings.Contains(name, ".."):
				return "has two adjacent dots"
			case isIPv4(name):
				return "is formatted as an IP address"
			}
			return ""
		},
	}
	// IAM names: "Names of users, groups, roles, policies, instance profiles ... must be alphanumeric,
	// including the following common characters: plus (+), equal (=), comma (,), period (.), at (@),
	// underscore (_), and hyphen (-)"; role names at most 64 characters.
	IAMRoleName = NameRule{
		What: "IAM role name", Min: 1, Max: 64,
		Source:  "docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
		Chars:   regexp.MustCompile(`^[\w+=,.@-]+$`),
		Allowed: "letters, digits and +=,.@_-",
	}
	// IAM CreateAccountAlias: 3-63 characters matching ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$.
	AccountAliasName = NameRule{
		What: "account alias", Min: 3, Max: 63,
		Source:  "docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccountAlias.html",
		Chars:   regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`),
		Allowed: "lowercase letters, digits and hyphens, starting and ending with a letter or digit",
		extra: func(name string) string {
			if strings.Contains(name, "--") {
				return "has two hyphens in a row"
			}
			return ""
		},
	}
	// SNS CreateTopic: "Topic names must be made up of only uppercase and lowercase ASCII letters,
	// numbers, underscores, and hyphens, and must be between 1 and 256 characters long."
	SNSTopicName = NameRule{
		What: "SNS topic name", Min: 1, Max: 256,
		Source:  "docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
		Chars:   regexp.MustCompile(`^[A-Za-z0-9_-]+$`),
		Allowed: "ASCII letters, digits, _ and -",
	}
	// KMS CreateAlias: AliasName "alias/" followed by letters, digits, /_-, at most 256 characters;
	// "alias/aws/" is reserved for AWS managed keys.
	KMSAliasName = NameRule{
		What: "KMS alias", Min: 7, Max: 256,
		Source:  "docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
		Chars:   regexp.MustCompile(`^alias/[A-Za-z0-9/_-]+$`),
		Allowed: "alias/ followed by letters, digits and /_-",
		extra: func(name string) string {
			if strings.HasPrefix(name, "alias/aws/") {
				return "starts with alias/aws/, reserved for AWS managed keys"
			}
			return ""
		},
	}
	// CloudWatch Logs CreateLogGroup: 1-512 characters of [\.\-_/#A-Za-z0-9].
	LogGroupName = NameRule{
		What: "CloudWatch Logs group name", Min: 1, Max: 512,
		Source:  "docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
		Chars:   regexp.MustCompile(`^[.\-_/#A-Za-z0-9]+$`),
		Allowed: "letters, digits and ._-/#",
	}
	TrailName = NameRule{
		What: "CloudTrail trail name", Min: 3, Max: 128,
		Source:  "docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html",
		Chars:   regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$`),
		Allowed: "ASCII letters, digits and ._-, starting and ending with a letter or digit",
		extra: func(name string) string {
			if regexp.MustCompile(`[._-]{2}`).MatchString(name) {
				return "has adjacent periods, underscores or dashes (\"my--namespace\" is refused)"
			}
			if isIPv4(name) {
				return "is formatted as an IP address"
			}
			return ""
		},
	}
	// EventBridge PutRule: Name 1-64 characters of [\.\-_A-Za-z0-9]+.
	EventRuleName = NameRule{
		What: "EventBridge rule name", Min: 1, Max: 64,
		Source:  "docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html",
		Chars:   regexp.MustCompile(`^[.\-_A-Za-z0-9]+$`),
		Allowed: "letters, digits and ._-",
	}
	// AWS Budgets: BudgetName 1-100 characters, pattern ^(?![^:\\]*/action/|...)[^:\\]+$.
	BudgetName = NameRule{
		What: "budget name", Min: 1, Max: 100,
		Source:  "docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html",
		Chars:   regexp.MustCompile(`^[^:\\]+$`),
		Allowed: "any character but : and \\",
		extra: func(name string) string {
			if strings.Contains(name, "/action/") {
				return "contains /action/, which AWS Budgets refuses"
			}
			return ""
		},
	}
	// Cost Explorer CreateCostCategoryDefinition: a rule's Value (and DefaultValue, Name) 1-50
	// characters matching ^(?! )[\p{L}\p{N}\p{Z}-_]*(?<! )$: letters, digits, separators, - and
	// _, not starting or ending with a space (API reference, CostCategoryRule and
	// CostCategoryReference). Tag values may also hold .:/=+@ and run to 256 characters, so a tag
	// value the cost categories use is checked against this too.
	CostCategoryValue = NameRule{
		What: "cost category value", Min: 1, Max: 50,
		Source:  "docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_CostCategoryRule.html",
		Chars:   regexp.MustCompile(`^[\p{L}\p{N}\p{Z}_-]+$`),
		Allowed: "letters, digits, spaces, - and _",
		extra: func(name string) string {
			if strings.HasPrefix(name, " ") || strings.HasSuffix(name, " ") {
				return "starts or ends with a space"
			}
			return ""
		},
	}
	// Organizations CreateAccount: AccountName 1-50 characters, pattern [\u0020-\u007E]+.
	AccountName = NameRule{
		What: "account name", Min: 1, Max: 50,
		Source:  "docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html",
		Chars:   regexp.MustCompile(`^[\x20-\x7e]+$`),
		Allowed: "printable ASCII characters",
	}
	// Organizations CreateOrganizationalUnit: Name 1-128 characters. The landing zone uses "/" to
	// write OU paths, so an OU name cannot hold one; it keeps names to letters, digits, spaces and ._-.
	OUName = NameRule{
		What: "OU name", Min: 1, Max: 128,
		Source:  "docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganizationalUnit.html",
		Chars:   regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._-]*$`),
		Allowed: "letters, digits, spaces and ._-, starting with a letter or digit",
	}
	// Organizations CreatePolicy: Name 1-128 characters.
	OrganizationsPolicyName = NameRule{
		What: "Organizations policy name", Min: 1, Max: 128,
		Source:  "docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html",
		Chars:   regexp.MustCompile(`^[\s\S]+$`),
		Allowed: "any character",
	}
	// CloudFormation CreateStackSet: "A stack set name can contain only alphanumeric characters
	// (case-sensitive) and hyphens. It must start with an alphabetic character and can't be longer
	// than 128 characters."
	StackSetName = NameRule{
		What: "StackSet name", Min: 1, Max: 128,
		Source:  "docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html",
		Chars:   regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`),
		Allowed: "letters, digits and hyphens, starting with a letter",
	}
	// AWS Config PutConfigurationAggregator: ConfigurationAggregatorName 1-256 of [\w\-]+.
	ConfigAggregatorName = NameRule{
		What: "Config aggregator name", Min: 1, Max: 256,
		Source:  "docs.aws.amazon.com/config/latest/APIReference/API_PutConfigurationAggregator.html",
		Chars:   regexp.MustCompile(`^[\w-]+$`),
		Allowed: "letters, digits, _ and -",
	}
	// IAM Access Analyzer CreateAnalyzer: analyzerName 1-255 of [A-Za-z][A-Za-z0-9_.-]*.
	AnalyzerName = NameRule{
		What: "Access Analyzer name", Min: 1, Max: 255,
		Source:  "docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CreateAnalyzer.html",
		Chars:   regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]*$`),
		Allowed: "letters, digits and _.-, starting with a letter",
	}
	// Security Hub CreateConfigurationPolicy: Name at most 128 characters, of letters, digits and
	// -, ., !, *, /.
	SecurityHubPolicyName = NameRule{
		What: "Security Hub configuration policy name", Min: 1, Max: 128,
		Source:  "docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateConfigurationPolicy.html",
		Chars:   regexp.MustCompile(`^[A-Za-z0-9.!*/-]+$`),
		Allowed: "letters, digits and -.!*/",
	}
)

// ResourceNameRules maps a resource type the landing zone registers to the input holding its name and
// the rule for it. The whole-organization test checks every registered resource of these types.
var ResourceNameRules = map[string]struct {
	Input string
	Rule  NameRule
}{
	"aws:s3/bucketV2:BucketV2":                                {"bucket", BucketName},
	"aws:iam/role:Role":                                       {"name", IAMRoleName},
	"aws:sns/topic:Topic":                                     {"name", SNSTopicName},
	"aws:kms/alias:Alias":                                     {"name", KMSAliasName},
	"aws:cloudwatch/logGroup:LogGroup":                        {"name", LogGroupName},
	"aws:cloudtrail/trail:Trail":                              {"name", TrailName},
	"aws:cloudwatch/eventRule:EventRule":                      {"name", EventRuleName},
	"aws:budgets/budget:Budget":                               {"name", BudgetName},
	"aws:organizations/account:Account":                       {"name", AccountName},
	"aws:organizations/organizationalUnit:OrganizationalUnit": {"name", OUName},
	"aws:organizations/policy:Policy":                         {"name", OrganizationsPolicyName},
	"aws:cloudformation/stackSet:StackSet":                    {"name", StackSetName},
	"aws:cfg/configurationAggregator:ConfigurationAggregator": {"name", ConfigAggregatorName},
	"aws:accessanalyzer/analyzer:Analyzer":                    {"analyzerName", AnalyzerName},
	"aws:securityhub/configurationPolicy:ConfigurationPolicy": {"name", SecurityHubPolicyName},
}

// Tag rules (AWS Tagging user guide, "Tag naming limits and requirements",
// docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html; IAM API Tag: key 1-128, value 0-256,
// both of [\p{L}\p{Z}\p{N}_.:/=+\-@]; keys starting "aws:" in any case are reserved; IAM refuses
// two keys that differ only in case on one resource, "Tags for IAM resources", Case sensitivity,
// docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html; at most 50 user tags a resource).
var tagCharsRe = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

const maxTagsPerResource = 50

// tagProblem returns why AWS would refuse a tag, or "".
func tagProblem(key, value string) string {
	switch {
	case key == "" || utf8.RuneCountInString(key) > maxTagKeyLen:
		return fmt.Sprintf("tag key %q must be 1-%d characters", key, maxTagKeyLen)
	case !tagCharsRe.MatchString(key):
		return fmt.Sprintf("tag key %q may hold only letters, digits, spaces and _.:/=+-@", key)
	case strings.HasPrefix(strings.ToLower(key), "aws:"):
		return fmt.Sprintf("tag key %q starts with \"aws:\": that prefix is reserved by AWS, in any case", key)
	case utf8.RuneCountInString(value) > maxTagValueLen || !tagCharsRe.MatchString(value):
		return fmt.Sprintf("tag value %q must be at most %d letters, digits, spaces and _.:/=+-@", value, maxTagValueLen)
	}
	return ""
}

// httpsURLProblem returns why an HTTPS endpoint would be refused (SNS "https" subscriptions need an
// absolute https:// URL with a host, docs.aws.amazon.com/sns/latest/api/API_Subscribe.html), or "".
// The URL itself is never quoted: webhook URLs carry tokens.
func httpsURLProblem(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil || strings.ContainsAny(raw, " \t\r\n"):
		return "is not a URL"
	case u.Scheme != "https":
		return "is not an https:// URL: SNS delivers findings only to HTTPS endpoints"
	case u.Hostname() == "":
		return "has no host"
	case !strings.Contains(u.Hostname(), ".") && net.ParseIP(u.Hostname()) == nil:
		return fmt.Sprintf("has host %q, which is not a public DNS name", u.Hostname())
	}
	return ""
}

// Partition is the AWS partition the landing zone runs in: Regions lists only commercial Regions,
// and every ARN the program writes is arn:aws:... (docs.aws.amazon.com/IAM/latest/UserGuide/
// reference-arns.html). An ARN of aws-cn or aws-us-gov names a principal that cannot exist here.
const Partition = "aws"

// partitionProblem returns why an ARN's partition is wrong, or "".
func partitionProblem(arn string) string {
	parts := strings.SplitN(arn, ":", 3)
	if len(parts) < 3 || parts[0] != "arn" || parts[1] == Partition {
		return ""
	}
	return fmt.Sprintf("%q is in partition %q; this organization is in partition %q, where that principal cannot exist", arn, parts[1], Partition)
}
