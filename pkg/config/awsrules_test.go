package config

import (
	"strings"
	"testing"
)

func TestNameRules_RefuseWhatAWSRefusesAndAcceptTheRest(t *testing.T) {
	for _, tc := range []struct {
		rule NameRule
		name string
		why  string // "" when AWS accepts the name
	}{
		{BucketName, "acme-log-archive-123456789012-eu-west-1", ""},
		{BucketName, "a.b-c", ""},
		{BucketName, "ab", "is 2 characters"},
		{BucketName, strings.Repeat("a", 64), "is 64 characters"},
		{BucketName, "Acme-logs", "AWS allows only lowercase"},
		{BucketName, "-acme", "AWS allows only lowercase"},
		{BucketName, "xn--acme", `starts with "xn--"`},
		{BucketName, "sthree-acme", `starts with "sthree-"`},
		{BucketName, "amzn-s3-demo-acme", `starts with "amzn-s3-demo-"`},
		{BucketName, "acme-s3alias", `ends with "-s3alias"`},
		{BucketName, "acme--ol-s3", `ends with "--ol-s3"`},
		{BucketName, "acme.mrap", `ends with ".mrap"`},
		{BucketName, "acme--x-s3", `ends with "--x-s3"`},
		{BucketName, "acme--table-s3", `ends with "--table-s3"`},
		{BucketName, "acme..logs", "two adjacent dots"},
		{BucketName, "192.168.5.4", "IP address"},
		{CostCategoryValue, "Research and Development_EMEA-2", ""},
		{CostCategoryValue, "Forschung und Entwicklung", ""},
		{CostCategoryValue, "marketing/emea", "AWS allows only"},
		{CostCategoryValue, "team@acme", "AWS allows only"},
		{CostCategoryValue, "a=b", "AWS allows only"},
		{CostCategoryValue, " finance", "starts or ends with a space"},
		{CostCategoryValue, "finance ", "starts or ends with a space"},
		{CostCategoryValue, strings.Repeat("f", 51), "is 51 characters"},
		{TrailName, "acme-organization-trail", ""},
		{TrailName, "my--namespace", "adjacent"},
		{TrailName, "my-_namespace", "adjacent"},
		{TrailName, "10.0.0.1", "IP address"},
		{TrailName, "-trail", "AWS allows only"},
		{KMSAliasName, "alias/acme-log-archive", ""},
		{KMSAliasName, "alias/aws/acme", "alias/aws/"},
		{KMSAliasName, "acme", "is 4 characters"},
		{IAMRoleName, "OrganizationAccountAccessRole", ""},
		{IAMRoleName, strings.Repeat("r", 65), "is 65 characters"},
		{IAMRoleName, "role name", "AWS allows only"},
		{BudgetName, "Acme (prod)-monthly", ""},
		{BudgetName, "Acme: prod-monthly", "AWS allows only any character but"},
		{BudgetName, "a/action/b", "/action/"},
		{AccountName, "Acme – logs", "printable ASCII"},
		{OUName, "Workloads", ""},
		{OUName, "Data#1", "AWS allows only"},
		{StackSetName, "acme-config-recording", ""},
		{StackSetName, "1acme", "starting with a letter"},
		{EventRuleName, "acme-findings-guardduty", ""},
		{SNSTopicName, "acme.findings", "AWS allows only"},
		{LogGroupName, "/aws/cloudtrail/acme-organization-trail", ""},
		{AnalyzerName, "acme-organization-eu-west-1", ""},
		{ConfigAggregatorName, "acme organization", "AWS allows only"},
		{SecurityHubPolicyName, "acme-security-hub", ""},
	} {
		got := tc.rule.Check(tc.name)
		switch {
		case tc.why == "" && got != "":
			t.Errorf("%s %q refused: %s", tc.rule.What, tc.name, got)
		case tc.why != "" && !strings.Contains(got, tc.why):
			t.Errorf("%s %q: got %q, want a refusal saying %q", tc.rule.What, tc.name, got, tc.why)
		case tc.why != "" && !strings.Contains(got, tc.rule.Source):
			t.Errorf("%s %q: the refusal does not cite its source: %s", tc.rule.What, tc.name, got)
		}
	}
}

func TestTagAndURLRules(t *testing.T) {
	for key, want := range map[string]string{"Team": "", "Équipe": "", "cost:center/sub": "", "aws:team": "reserved", "AWS:Team": "reserved", "team#1": "may hold only", "": "must be 1-128"} {
		if got := tagProblem(key, "v"); (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("tag key %q: %q, want %q", key, got, want)
		}
	}
	if got := tagProblem("Team", strings.Repeat("v", 257)); !strings.Contains(got, "at most 256") {
		t.Errorf("a 257-character tag value: %q", got)
	}
	for url, want := range map[string]string{
		"https://hooks.example.com/a?b=c":         "",
		"https://user:pw@hooks.example.com:8443/": "",
		"http://hooks.example.com/":               "not an https:// URL",
		"https:///hooks":                          "no host",
		"https://localhost/hook":                  "not a public DNS name",
		"https://hooks.example.com/a b":           "not a URL",
	} {
		if got := httpsURLProblem(url); (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%q: %q, want %q", url, got, want)
		}
	}
	if partitionProblem("arn:aws:iam::*:role/x") != "" || !strings.Contains(partitionProblem("arn:aws-cn:iam::*:role/x"), `partition "aws-cn"`) {
		t.Error("partition rule")
	}
}
