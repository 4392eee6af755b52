package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/landingzone/aws-landing-zone/pkg/awsapi/awstest"
)

// motoAccount is moto's default account: the credentials "testing" belong to it.
const motoAccount = "123456789012"

// emulator returns a clean emulator; a missing python3 or moto fails the test (never skips it).
func emulator(t *testing.T) *awstest.Emulator {
	t.Helper()
	e, err := awstest.Start()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Reset(); err != nil {
		t.Fatal(err)
	}
	return e
}

// seeder writes the live state a scenario starts from, through the same SDK the program reads with.
type seeder struct {
	t    *testing.T
	ctx  context.Context
	cfg  aws.Config
	orgs *organizations.Client
	// Org, Root and the IDs of what was created, by name.
	Org, Root string
	OUs       map[string]string
	Accounts  map[string]string
}

func newSeeder(t *testing.T) *seeder {
	t.Helper()
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &seeder{t: t, ctx: ctx, cfg: cfg, orgs: organizations.NewFromConfig(cfg), OUs: map[string]string{}, Accounts: map[string]string{}}
}

func (s *seeder) organization(featureSet orgtypes.OrganizationFeatureSet) {
	out, err := s.orgs.CreateOrganization(s.ctx, &organizations.CreateOrganizationInput{FeatureSet: featureSet})
	if err != nil {
		s.t.Fatal(err)
	}
	s.Org = aws.ToString(out.Organization.Id)
	roots, err := s.orgs.ListRoots(s.ctx, &organizations.ListRootsInput{})
	if err != nil {
		s.t.Fatal(err)
	}
	s.Root = aws.ToString(roots.Roots[0].Id)
}

// ou creates an OU by path; its parent must exist.
func (s *seeder) ou(path string) {
	parent, name := s.Root, path
	if i := strings.LastIndex(path, "/"); i >= 0 {
		parent, name = s.OUs[path[:i]], path[i+1:]
	}
	out, err := s.orgs.CreateOrganizationalUnit(s.ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(parent), Name: aws.String(name)})
	if err != nil {
		s.t.Fatal(err)
	}
	s.OUs[path] = aws.ToString(out.OrganizationalUnit.Id)
}

// account creates an account in an OU ("" for the root) with tags.
func (s *seeder) account(name, email, ou string, tags map[string]string) string {
	var ts []orgtypes.Tag
	for k, v := range tags {
		ts = append(ts, orgtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	out, err := s.orgs.CreateAccount(s.ctx, &organizations.CreateAccountInput{AccountName: aws.String(name), Email: aws.String(email), Tags: ts})
	if err != nil {
		s.t.Fatal(err)
	}
	st, err := s.orgs.DescribeCreateAccountStatus(s.ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: out.CreateAccountStatus.Id})
	if err != nil {
		s.t.Fatal(err)
	}
	id := aws.ToString(st.CreateAccountStatus.AccountId)
	if ou != "" {
		if _, err := s.orgs.MoveAccount(s.ctx, &organizations.MoveAccountInput{AccountId: aws.String(id), SourceParentId: aws.String(s.Root), DestinationParentId: aws.String(s.OUs[ou])}); err != nil {
			s.t.Fatal(err)
		}
	}
	s.Accounts[name] = id
	return id
}

// in returns an SDK configuration acting inside a member account through its access role (moto
// honours assumed-role credentials as that account's), or the management account for "".
func (s *seeder) in(accountID, region string) aws.Config {
	cfg := s.cfg.Copy()
	cfg.Region = region
	if accountID != "" {
		cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(s.cfg),
			fmt.Sprintf("arn:aws:iam::%s:role/OrganizationAccountAccessRole", accountID)))
	}
	return cfg
}

func (s *seeder) recorder(accountID, region, roleArn string) {
	c := configservice.NewFromConfig(s.in(accountID, region))
	if _, err := c.PutConfigurationRecorder(s.ctx, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &cfgtypes.ConfigurationRecorder{
		Name: aws.String("default"), RoleARN: aws.String(roleArn),
	}}); err != nil {
		s.t.Fatal(err)
	}
}

func (s *seeder) detector(accountID, region string) {
	if _, err := guardduty.NewFromConfig(s.in(accountID, region)).CreateDetector(s.ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)}); err != nil {
		s.t.Fatal(err)
	}
}

func (s *seeder) securityHub(accountID, region string) {
	if _, err := securityhub.NewFromConfig(s.in(accountID, region)).EnableSecurityHub(s.ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		s.t.Fatal(err)
	}
}

// writeStack writes a stack file into a temporary directory and returns its path.
func writeStack(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "live.yaml")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
