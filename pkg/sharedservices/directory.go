package sharedservices

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/directoryservice"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AdminUser is the directory's administrator: AWS Managed Microsoft AD names it Admin.
const AdminUser = "Admin"

// Directory timeouts: creating AWS Managed Microsoft AD takes 20 to 40 minutes, deleting it about as
// long; the provider's defaults (60 minutes) leave too little room on a slow day.
const (
	DirectoryCreateTimeout = "90m"
	DirectoryDeleteTimeout = "90m"
)

func (b *builder) directory(net *vpc) (*directoryservice.Directory, error) {
	a := b.args
	d := a.Settings.Directory
	account := a.Account.ID
	keep := b.opts(pulumi.Protect(true), pulumi.RetainOnDelete(true))
	logGroupName := fmt.Sprintf("/aws/directoryservice/%s-%s", a.Prefix, d.DomainName)

	key, err := kms.NewKey(b.ctx, b.name+"-key", &kms.KeyArgs{
		Description:          pulumi.Sprintf("%s shared services: the directory's admin secret and security logs", a.Prefix),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
		Policy: pulumi.All(account, a.Account.AccessRoleArn).ApplyT(func(v []any) (string, error) {
			return keyPolicy(v[0].(string), a.HomeRegion, logGroupName, a.Prefix, append([]string{v[1].(string)}, a.AdminPrincipals...)).JSON()
		}).(pulumi.StringOutput),
	}, keep...)
	if err != nil {
		return nil, fmt.Errorf("key: %w", err)
	}
	if _, err := kms.NewAlias(b.ctx, b.name+"-key-alias", &kms.AliasArgs{
		Name: pulumi.Sprintf("alias/%s-shared-services", a.Prefix), TargetKeyId: key.KeyId,
	}, b.opts()...); err != nil {
		return nil, fmt.Errorf("key alias: %w", err)
	}
	b.c.KeyArn = key.Arn

	password, err := b.adminPassword()
	if err != nil {
		return nil, err
	}
	secret, err := secretsmanager.NewSecret(b.ctx, b.name+"-admin-secret", &secretsmanager.SecretArgs{
		Name:                 pulumi.Sprintf("%s/directory/%s/admin", a.Prefix, d.DomainName),
		Description:          pulumi.Sprintf("Admin of the %s directory (AWS Managed Microsoft AD)", d.DomainName),
		KmsKeyId:             key.Arn,
		RecoveryWindowInDays: pulumi.Int(30),
	}, keep...)
	if err != nil {
		return nil, fmt.Errorf("admin secret: %w", err)
	}
	value := password.ToStringOutput().ApplyT(func(pw string) (string, error) {
		text, err := json.Marshal(map[string]string{"username": AdminUser, "password": pw, "domain": d.DomainName})
		return string(text), err
	}).(pulumi.StringOutput)
	// The password is a creation-time value for the directory (changing it replaces the directory:
	// CloudFormation AWS::DirectoryService::MicrosoftAD Password, "Update requires: Replacement").
	// Later changes happen in the directory (ds reset-user-password) and in this secret, never here.
	if _, err := secretsmanager.NewSecretVersion(b.ctx, b.name+"-admin-secret-value", &secretsmanager.SecretVersionArgs{
		SecretId: secret.ID(), SecretString: pulumi.ToSecret(value).(pulumi.StringOutput),
	}, b.opts(pulumi.RetainOnDelete(true), pulumi.IgnoreChanges([]string{"secretString"}))...); err != nil {
		return nil, fmt.Errorf("admin secret value: %w", err)
	}
	b.c.AdminSecretArn = secret.Arn

	// The directory waits only for its network: not for the secret, the logs or anything else, and
	// nothing outside its own dependents waits for it.
	dir, err := directoryservice.NewDirectory(b.ctx, b.name+"-directory", &directoryservice.DirectoryArgs{
		Name:        pulumi.String(d.DomainName),
		ShortName:   pulumi.String(d.NetbiosName),
		Password:    password,
		Type:        pulumi.String("MicrosoftAD"),
		Edition:     pulumi.String(d.Edition),
		Description: pulumi.Sprintf("%s corporate directory (landing zone shared services)", a.Prefix),
		// Two subnets in two distinct AZs, as AWS Managed Microsoft AD requires.
		VpcSettings: &directoryservice.DirectoryVpcSettingsArgs{
			VpcId:     net.vpc.ID(),
			SubnetIds: pulumi.StringArray{net.private[0].ID(), net.private[1].ID()},
		},
	}, append(keep,
		pulumi.IgnoreChanges([]string{"password"}),
		pulumi.Timeouts(&pulumi.CustomTimeouts{Create: DirectoryCreateTimeout, Delete: DirectoryDeleteTimeout}))...)
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	b.c.DirectoryID, b.c.DomainName, b.c.DNSAddresses = dir.ID().ToStringOutput(), dir.Name, dir.DnsIpAddresses

	if err := b.directoryLogs(dir, key, logGroupName); err != nil {
		return nil, err
	}
	if err := b.shareDirectory(dir); err != nil {
		return nil, err
	}
	return dir, nil
}

// adminPassword is the configured password, or one Secrets Manager generates. A generated one is
// read anew on every run, and only the first is ever used: the directory and the secret ignore
// later values.
func (b *builder) adminPassword() (pulumi.StringInput, error) {
	if b.args.AdminPassword != nil {
		return pulumi.ToSecret(b.args.AdminPassword).(pulumi.StringOutput), nil
	}
	// The output form of the call: a new account's provider is not configured yet during a first
	// preview.
	generated := secretsmanager.GetRandomPasswordOutput(b.ctx, secretsmanager.GetRandomPasswordOutputArgs{
		PasswordLength:          pulumi.Int(32),
		RequireEachIncludedType: pulumi.Bool(true),
		// Quotes and backslashes break the scripts that join instances to the domain.
		ExcludeCharacters: pulumi.String(`"'\` + "`"),
	}, pulumi.Provider(b.args.Provider))
	return pulumi.ToSecret(generated.RandomPassword()).(pulumi.StringOutput), nil
}

// directoryLogs forwards the domain controllers' security event logs to an encrypted log group.
// Directory Service writes through the log group's resource policy (Terraform
// aws_directory_service_log_subscription example: ds.amazonaws.com, CreateLogStream and PutLogEvents
// on the group; LogService is deprecated for LogSubscription in pulumi-aws v6).
func (b *builder) directoryLogs(dir *directoryservice.Directory, key *kms.Key, name string) error {
	a := b.args
	group, err := cloudwatch.NewLogGroup(b.ctx, b.name+"-directory-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(name),
		RetentionInDays: pulumi.Int(a.Settings.Directory.LogRetentionDays),
		KmsKeyId:        key.Arn,
	}, b.opts()...)
	if err != nil {
		return fmt.Errorf("directory log group: %w", err)
	}
	policy, err := cloudwatch.NewLogResourcePolicy(b.ctx, b.name+"-directory-logs-policy", &cloudwatch.LogResourcePolicyArgs{
		PolicyName: pulumi.Sprintf("%s-directory-logs", a.Prefix),
		PolicyDocument: group.Arn.ApplyT(func(arn string) (string, error) {
			return logsPolicy(arn).JSON()
		}).(pulumi.StringOutput),
	}, b.opts()...)
	if err != nil {
		return fmt.Errorf("directory log policy: %w", err)
	}
	if _, err := directoryservice.NewLogSubscription(b.ctx, b.name+"-directory-log-subscription", &directoryservice.LogSubscriptionArgs{
		DirectoryId: dir.ID(), LogGroupName: group.Name,
	}, b.opts(pulumi.DependsOn([]pulumi.Resource{policy}))...); err != nil {
		return fmt.Errorf("directory log subscription: %w", err)
	}
	return nil
}

// shareDirectory shares the directory with each consumer account. The organization-wide method
// (ORGANIZATIONS), which needs no acceptance, works only for a directory in the management account
// (Directory Service Admin Guide, "Key directory sharing concepts"); this one lives in the
// shared-services account, so the share is a handshake the consumer accepts, from its own provider.
func (b *builder) shareDirectory(dir *directoryservice.Directory) error {
	ids := pulumi.StringMap{}
	for _, c := range b.args.Consumers {
		key := c.Account.Config.Key
		share, err := directoryservice.NewSharedDirectory(b.ctx, b.name+"-directory-share-"+key, &directoryservice.SharedDirectoryArgs{
			DirectoryId: dir.ID(),
			Method:      pulumi.String("HANDSHAKE"),
			Notes:       pulumi.Sprintf("%s directory for %s", b.args.Prefix, key),
			Target:      &directoryservice.SharedDirectoryTargetArgs{Id: c.Account.ID, Type: pulumi.String("ACCOUNT")},
		}, b.opts()...)
		if err != nil {
			return fmt.Errorf("directory share %s: %w", key, err)
		}
		if _, err := directoryservice.NewSharedDirectoryAccepter(b.ctx, b.name+"-directory-accept-"+key, &directoryservice.SharedDirectoryAccepterArgs{
			SharedDirectoryId: share.SharedDirectoryId,
		}, pulumi.Parent(b.c), pulumi.Provider(c.Provider)); err != nil {
			return fmt.Errorf("directory share %s: accepter: %w", key, err)
		}
		ids[key] = share.SharedDirectoryId
	}
	b.c.SharedDirectoryIDs = ids.ToStringMapOutput()
	return nil
}
