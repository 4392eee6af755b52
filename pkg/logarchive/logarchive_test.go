package logarchive_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/landingzone/aws-landing-zone/pkg/account"
	"github.com/landingzone/aws-landing-zone/pkg/config"
	"github.com/landingzone/aws-landing-zone/pkg/logarchive"
	"github.com/landingzone/aws-landing-zone/pkg/plan"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

const (
	mgmtID = "403815927164"
	orgID  = "o-a1b2c3d4e5"
	region = "eu-west-1"
)

var defaults = config.LogArchive{
	RetentionDays: 2557, ObjectLockMode: "COMPLIANCE", ObjectLockDays: 365, TransitionDays: 90,
	TransitionStorageClass: "GLACIER_IR", AccessLogRetentionDays: 365, CloudWatchLogsRetentionDays: 365,
	ReaderPrincipalArns: []string{"arn:aws:iam::*:role/acme-log-reader"},
}

type archive struct {
	*plan.Plan
	logAccountID string
	trailArn     string
}

func synth(t *testing.T, settings config.LogArchive) archive {
	t.Helper()
	p, err := plan.Synthesize("test", mgmtID, program(settings))
	if err != nil {
		t.Fatal(err)
	}
	a := archive{Plan: p, trailArn: "arn:aws:cloudtrail:eu-west-1:" + mgmtID + ":trail/acme-organization-trail"}
	a.logAccountID = p.Find(plan.AccountType)[0].ID
	return a
}

func program(settings config.LogArchive) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		providers := account.NewProviders(ctx, account.ProvidersArgs{
			ManagementAccountID: mgmtID, AccessRoleName: "OrganizationAccountAccessRole", Regions: []string{region},
		})
		mgmt, err := providers.Management(region)
		if err != nil {
			return err
		}
		logAcct, err := account.Vend(ctx, account.VendArgs{
			Account: config.Account{Key: config.KeyLogArchive, Name: "acme-log-archive", Email: "log@acme.example", OU: config.OUSecurity,
				Tags: map[string]string{"Owner": "p@acme.example"}},
			ParentID: pulumi.String("ou-ab12-security"), AccessRoleName: "OrganizationAccountAccessRole", Management: mgmt,
		})
		if err != nil {
			return err
		}
		logProv, err := providers.Member(logAcct, region)
		if err != nil {
			return err
		}
		_, err = logarchive.New(ctx, "log-archive", &logarchive.Args{
			Prefix: "acme", HomeRegion: region, Settings: settings,
			AdminPrincipals: []string{"arn:aws:iam::*:role/BreakGlassAdmin"},
			Account:         logAcct, Provider: logProv, Management: mgmt,
			OrganizationID: pulumi.String(orgID), ManagementAccountID: pulumi.String(mgmtID),
		})
		return err
	}
}

func (a archive) named(t *testing.T, typ, name string) *plan.Resource {
	t.Helper()
	r := a.Named(typ, name)
	if r == nil {
		t.Fatalf("no %s named %s", typ, name)
	}
	return r
}

func (a archive) doc(t *testing.T, r *plan.Resource) policy.Document {
	t.Helper()
	d, err := policy.Parse(r.Input("policy"))
	if err != nil {
		t.Fatalf("%s: %v", r.Name, err)
	}
	return d
}

func statement(t *testing.T, d policy.Document, sid string) policy.Statement {
	t.Helper()
	s, ok := d.Find(sid)
	if !ok {
		t.Fatalf("no statement %s", sid)
	}
	return s
}

func (a archive) bucketName() string {
	return "acme-log-archive-" + a.logAccountID + "-" + region
}

func TestLogArchive_BucketPolicyScopesTrailWritesToOrganization(t *testing.T) {
	a := synth(t, defaults)
	d := a.doc(t, a.named(t, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-bucket-policy"))
	bucket := "arn:aws:s3:::" + a.bucketName()

	write := statement(t, d, "CloudTrailWrite")
	if write.Effect != policy.Allow || !slices.Equal(write.Principal.Service, []string{"cloudtrail.amazonaws.com"}) || !slices.Equal(write.Action, []string{"s3:PutObject"}) {
		t.Errorf("CloudTrailWrite: %+v", write)
	}
	if !slices.Equal(write.Resource, []string{bucket + "/AWSLogs/" + mgmtID + "/*", bucket + "/AWSLogs/" + orgID + "/*"}) {
		t.Errorf("CloudTrailWrite resources = %v", write.Resource)
	}
	eq := write.Condition["StringEquals"]
	if !slices.Equal(eq["s3:x-amz-acl"], []string{"bucket-owner-full-control"}) || !slices.Equal(eq["aws:SourceArn"], []string{a.trailArn}) {
		t.Errorf("CloudTrailWrite conditions = %v", write.Condition)
	}
	acl := statement(t, d, "CloudTrailAclCheck")
	if !slices.Equal(acl.Resource, []string{bucket}) || !slices.Equal(acl.Condition["StringEquals"]["aws:SourceArn"], []string{a.trailArn}) {
		t.Errorf("CloudTrailAclCheck: %+v", acl)
	}
}

func TestLogArchive_BucketPolicyScopesConfigAndFlowLogsToTheOrganization(t *testing.T) {
	a := synth(t, defaults)
	d := a.doc(t, a.named(t, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-bucket-policy"))
	bucket := "arn:aws:s3:::" + a.bucketName()
	for sid, resource := range map[string]string{
		"ConfigWrite":   bucket + "/config/AWSLogs/*/Config/*",
		"FlowLogsWrite": bucket + "/vpc-flow-logs/AWSLogs/*",
	} {
		s := statement(t, d, sid)
		if !slices.Equal(s.Resource, []string{resource}) {
			t.Errorf("%s resources = %v", sid, s.Resource)
		}
		if !slices.Equal(s.Condition["StringEquals"]["aws:SourceOrgID"], []string{orgID}) ||
			!slices.Equal(s.Condition["StringEquals"]["s3:x-amz-acl"], []string{"bucket-owner-full-control"}) {
			t.Errorf("%s conditions = %v", sid, s.Condition)
		}
	}
	flow := statement(t, d, "FlowLogsWrite")
	if !slices.Equal(flow.Principal.Service, []string{"delivery.logs.amazonaws.com"}) || flow.Condition["ArnLike"]["aws:SourceArn"][0] != "arn:aws:logs:*:*:*" {
		t.Errorf("FlowLogsWrite: %+v", flow)
	}
}

func TestLogArchive_NoServicePrincipalWritesWithoutSourceConditions(t *testing.T) {
	a := synth(t, defaults)
	for _, r := range a.Find("aws:s3/bucketPolicy:BucketPolicy") {
		for _, s := range a.doc(t, r).Statement {
			if s.Effect != policy.Allow || s.Principal == nil || len(s.Principal.Service) == 0 {
				continue
			}
			if s.Principal.Everyone || len(s.Principal.AWS) > 0 {
				t.Errorf("%s/%s grants more than a service", r.Name, s.Sid)
			}
			scoped := false
			for _, op := range s.Condition {
				for key := range op {
					if key == "aws:SourceArn" || key == "aws:SourceOrgID" || key == "aws:SourceAccount" {
						scoped = true
					}
				}
			}
			if !scoped {
				t.Errorf("%s/%s: %v gets %v without a source condition", r.Name, s.Sid, s.Principal.Service, s.Action)
			}
			for _, res := range s.Resource {
				if res == "*" || strings.HasSuffix(res, ":::"+a.bucketName()+"/*") {
					t.Errorf("%s/%s writes anywhere: %s", r.Name, s.Sid, res)
				}
			}
		}
	}
}

func TestLogArchive_BothBucketPoliciesDenyInsecureTransportAndChangesByOthers(t *testing.T) {
	a := synth(t, defaults)
	accessRole := "arn:aws:iam::" + a.logAccountID + ":role/OrganizationAccountAccessRole"
	for _, r := range a.Find("aws:s3/bucketPolicy:BucketPolicy") {
		d := a.doc(t, r)
		tls := statement(t, d, "DenyInsecureTransport")
		if tls.Effect != policy.Deny || !tls.Principal.Everyone || !slices.Equal(tls.Condition["Bool"]["aws:SecureTransport"], []string{"false"}) ||
			!slices.Equal(tls.Resource, []string{"arn:aws:s3:::" + r.Input("bucket"), "arn:aws:s3:::" + r.Input("bucket") + "/*"}) {
			t.Errorf("%s DenyInsecureTransport: %+v", r.Name, tls)
		}
		protect := statement(t, d, "DenyDeletionAndReconfiguration")
		for _, action := range []string{"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:PutBucketPolicy", "s3:PutLifecycleConfiguration",
			"s3:PutEncryptionConfiguration", "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration", "s3:BypassGovernanceRetention"} {
			if !protect.HasAction(action) {
				t.Errorf("%s does not deny %s to others", r.Name, action)
			}
		}
		if exempt := protect.Condition["ArnNotLike"]["aws:PrincipalArn"]; !slices.Equal(exempt, []string{accessRole, "arn:aws:iam::*:role/BreakGlassAdmin"}) {
			t.Errorf("%s exempts %v", r.Name, exempt)
		}
	}
	central := a.doc(t, a.named(t, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-bucket-policy"))
	reads := statement(t, central, "DenyReadsExceptReaders")
	if !reads.HasAction("s3:GetObject") || !slices.Equal(reads.Condition["ArnNotLike"]["aws:PrincipalArn"], defaults.ReaderPrincipalArns) {
		t.Errorf("reads: %+v", reads)
	}
	access := a.doc(t, a.named(t, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-access-logs-policy"))
	logging := statement(t, access, "S3ServerAccessLogs")
	if !slices.Equal(logging.Principal.Service, []string{"logging.s3.amazonaws.com"}) ||
		!slices.Equal(logging.Condition["StringEquals"]["aws:SourceAccount"], []string{a.logAccountID}) ||
		!slices.Equal(logging.Condition["ArnLike"]["aws:SourceArn"], []string{"arn:aws:s3:::" + a.bucketName()}) {
		t.Errorf("access logging grant: %+v", logging)
	}
}

func TestLogArchive_KeyRotatesAndOnlyReadersDecrypt(t *testing.T) {
	a := synth(t, defaults)
	key := a.named(t, "aws:kms/key:Key", "log-archive-key")
	if key.Inputs["enableKeyRotation"] != true || !key.Protect {
		t.Errorf("key rotation=%v protect=%v", key.Inputs["enableKeyRotation"], key.Protect)
	}
	d := a.doc(t, key)
	admin := statement(t, d, "KeyAdministration")
	for _, forbidden := range []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom"} {
		if admin.HasAction(forbidden) {
			t.Errorf("administrators may %s", forbidden)
		}
	}
	ct := statement(t, d, "CloudTrailEncryptLogs")
	if ct.Condition["StringLike"]["kms:EncryptionContext:aws:cloudtrail:arn"][0] != "arn:aws:cloudtrail:*:"+mgmtID+":trail/*" ||
		ct.Condition["StringEquals"]["aws:SourceArn"][0] != a.trailArn || !ct.HasAction("kms:GenerateDataKey") {
		t.Errorf("CloudTrail encryption: %+v", ct)
	}
	var decrypters []string
	for _, s := range d.Statement {
		if s.Effect == policy.Allow && s.HasAction("kms:Decrypt") {
			decrypters = append(decrypters, s.Sid)
		}
		if slices.Contains(s.Action, "kms:*") {
			t.Errorf("%s grants kms:*", s.Sid)
		}
	}
	if !slices.Equal(decrypters, []string{"CloudTrailDescribeAndBucketKey", "ConfigUseKey", "FlowLogsUseKey", "ReadersDecryptTrailLogs", "ReadersDecryptThroughS3"}) {
		t.Errorf("who may decrypt: %v", decrypters)
	}
	for _, sid := range []string{"ReadersDecryptTrailLogs", "ReadersDecryptThroughS3"} {
		s := statement(t, d, sid)
		if !slices.Equal(s.Condition["ArnLike"]["aws:PrincipalArn"], defaults.ReaderPrincipalArns) ||
			!slices.Equal(s.Condition["StringEquals"]["aws:PrincipalOrgID"], []string{orgID}) {
			t.Errorf("%s: %+v", sid, s.Condition)
		}
	}
	if statement(t, d, "ReadersDecryptTrailLogs").Condition["Null"]["kms:EncryptionContext:aws:cloudtrail:arn"][0] != "false" {
		t.Errorf("trail log decryption is not tied to the CloudTrail encryption context")
	}
	if statement(t, d, "ReadersDecryptThroughS3").Condition["StringEquals"]["kms:ViaService"][0] != "s3.eu-west-1.amazonaws.com" {
		t.Errorf("reader decryption is not tied to S3")
	}
}

func TestLogArchive_CentralBucketIsLockedVersionedEncryptedAndPrivate(t *testing.T) {
	a := synth(t, defaults)
	bucket := a.named(t, "aws:s3/bucketV2:BucketV2", "log-archive-bucket")
	if bucket.Inputs["objectLockEnabled"] != true || bucket.Inputs["forceDestroy"] != false || !bucket.Protect || bucket.ID != a.bucketName() {
		t.Errorf("bucket: %v protect=%v id=%s", bucket.Inputs, bucket.Protect, bucket.ID)
	}
	lock := a.named(t, "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", "log-archive-bucket-object-lock")
	retention := lock.Inputs["rule"].(map[string]any)["defaultRetention"].(map[string]any)
	if retention["mode"] != "COMPLIANCE" || retention["days"] != float64(365) {
		t.Errorf("object lock = %v", retention)
	}
	key := a.named(t, "aws:kms/key:Key", "log-archive-key")
	sse := a.named(t, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "log-archive-bucket-encryption")
	rule := sse.Inputs["rules"].([]any)[0].(map[string]any)
	byDefault := rule["applyServerSideEncryptionByDefault"].(map[string]any)
	if byDefault["sseAlgorithm"] != "aws:kms" || byDefault["kmsMasterKeyId"] != key.Output("arn") || rule["bucketKeyEnabled"] != true {
		t.Errorf("encryption = %v", rule)
	}
	lifecycle := a.named(t, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "log-archive-bucket-lifecycle")
	lr := lifecycle.Inputs["rules"].([]any)[0].(map[string]any)
	tr := lr["transitions"].([]any)[0].(map[string]any)
	if tr["days"] != float64(90) || tr["storageClass"] != "GLACIER_IR" || lr["expiration"].(map[string]any)["days"] != float64(2557) {
		t.Errorf("lifecycle = %v", lr)
	}
	logging := a.named(t, "aws:s3/bucketLoggingV2:BucketLoggingV2", "log-archive-bucket-logging")
	if logging.Input("targetBucket") != "acme-log-archive-s3-"+a.logAccountID+"-"+region || logging.Input("targetPrefix") != a.bucketName()+"/" {
		t.Errorf("logging = %v", logging.Inputs)
	}
}

func TestLogArchive_AccessLogBucketIsLockedWithoutDefaultRetentionAndUsesSSES3(t *testing.T) {
	a := synth(t, defaults)
	access := a.named(t, "aws:s3/bucketV2:BucketV2", "log-archive-access-logs")
	if !access.Protect {
		t.Errorf("access bucket not protected")
	}
	// Object Lock is switched on by its configuration (after versioning), not at creation, so an
	// access-log bucket created unlocked is not replaced.
	if _, set := access.Inputs["objectLockEnabled"]; set {
		t.Errorf("access bucket sets objectLockEnabled (forces a new bucket): %v", access.Inputs)
	}
	lock := a.named(t, "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2", "log-archive-access-logs-object-lock")
	versioning := a.named(t, "aws:s3/bucketVersioningV2:BucketVersioningV2", "log-archive-access-logs-versioning")
	if lock.Input("bucket") != access.ID || lock.Input("objectLockEnabled") != "Enabled" || !slices.Contains(lock.DependsOn, versioning.URN) {
		t.Errorf("access-log Object Lock = %v (dependsOn %v)", lock.Inputs, lock.DependsOn)
	}
	if _, retention := lock.Inputs["rule"]; retention {
		t.Errorf("the access-log bucket has an Object Lock default retention: S3 server access logging refuses such a target")
	}
	sse := a.named(t, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "log-archive-access-logs-encryption")
	if alg := sse.Inputs["rules"].([]any)[0].(map[string]any)["applyServerSideEncryptionByDefault"].(map[string]any)["sseAlgorithm"]; alg != "AES256" {
		t.Errorf("access-log encryption = %v", alg)
	}
	lifecycle := a.named(t, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "log-archive-access-logs-lifecycle")
	if days := lifecycle.Inputs["rules"].([]any)[0].(map[string]any)["expiration"].(map[string]any)["days"]; days != float64(365) {
		t.Errorf("access-log expiry = %v", days)
	}
}

func TestLogArchive_EveryBucketVersionedAndBlocksAllPublicAccess(t *testing.T) {
	a := synth(t, defaults)
	for _, b := range a.Find("aws:s3/bucketV2:BucketV2") {
		var versioned, blocked, owned bool
		for _, v := range a.Find("aws:s3/bucketVersioningV2:BucketVersioningV2") {
			versioned = versioned || v.Input("bucket") == b.ID && v.Inputs["versioningConfiguration"].(map[string]any)["status"] == "Enabled"
		}
		for _, p := range a.Find("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock") {
			blocked = blocked || p.Input("bucket") == b.ID && p.Inputs["blockPublicAcls"] == true && p.Inputs["blockPublicPolicy"] == true &&
				p.Inputs["ignorePublicAcls"] == true && p.Inputs["restrictPublicBuckets"] == true
		}
		for _, o := range a.Find("aws:s3/bucketOwnershipControls:BucketOwnershipControls") {
			owned = owned || o.Input("bucket") == b.ID && o.Inputs["rule"].(map[string]any)["objectOwnership"] == "BucketOwnerEnforced"
		}
		if !versioned || !blocked || !owned {
			t.Errorf("%s: versioned=%v blockPublicAccess=%v ownerEnforced=%v", b.ID, versioned, blocked, owned)
		}
	}
}

func TestLogArchive_TrailIsAnOrganizationMultiRegionValidatedEncryptedTrail(t *testing.T) {
	a := synth(t, defaults)
	trail := a.named(t, "aws:cloudtrail/trail:Trail", "log-archive-trail")
	key := a.named(t, "aws:kms/key:Key", "log-archive-key")
	for input, want := range map[string]any{
		"isOrganizationTrail": true, "isMultiRegionTrail": true, "includeGlobalServiceEvents": true,
		"enableLogFileValidation": true, "enableLogging": true, "kmsKeyId": key.Output("arn"),
		"s3BucketName": a.bucketName(), "name": "acme-organization-trail",
	} {
		if trail.Inputs[input] != want {
			t.Errorf("trail %s = %v, want %v", input, trail.Inputs[input], want)
		}
	}
	if trail.Output("arn") != a.trailArn {
		t.Errorf("trail ARN %s, the policies expect %s", trail.Output("arn"), a.trailArn)
	}
	selectors := trail.Inputs["advancedEventSelectors"].([]any)
	if len(selectors) != 1 || selectors[0].(map[string]any)["fieldSelectors"].([]any)[0].(map[string]any)["equals"].([]any)[0] != "Management" {
		t.Errorf("selectors = %v", selectors)
	}
	policyURN := a.named(t, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-bucket-policy").URN
	if !slices.Contains(trail.DependsOn, policyURN) || !slices.Contains(trail.DependsOn, key.URN) {
		t.Errorf("trail does not wait for the bucket policy and key: %v", trail.DependsOn)
	}
	if !trail.Protect {
		t.Errorf("trail not protected")
	}
}

func TestLogArchive_EveryResourceIsInTheLogArchiveAccountButTheTrail(t *testing.T) {
	a := synth(t, defaults)
	for _, r := range a.Resources {
		if !r.Custom || r.Type == plan.ProviderType || r.Type == plan.AccountType {
			continue
		}
		want := config.KeyLogArchive
		if r.Type == "aws:cloudtrail/trail:Trail" {
			want = config.KeyManagement
		}
		if r.Provider.Account != want || r.Provider.Region != region {
			t.Errorf("%s in %s/%s, want %s", r.Name, r.Provider.Account, r.Provider.Region, want)
		}
		if !strings.Contains(r.URN, "landingzone:index:LogArchive$") {
			t.Errorf("%s is not a child of the component", r.URN)
		}
		if r.Inputs["forceDestroy"] == true {
			t.Errorf("%s has forceDestroy", r.Name)
		}
	}
}

func TestLogArchive_OptionalDataEventsAndCloudWatchDelivery(t *testing.T) {
	s := defaults
	s.DataEvents, s.CloudWatchLogs, s.CloudWatchLogsRetentionDays = true, true, 400
	a := synth(t, s)
	trail := a.named(t, "aws:cloudtrail/trail:Trail", "log-archive-trail")
	selectors := trail.Inputs["advancedEventSelectors"].([]any)
	if len(selectors) != 2 {
		t.Fatalf("selectors = %v", selectors)
	}
	fields := selectors[1].(map[string]any)["fieldSelectors"].([]any)
	exclude := fields[2].(map[string]any)
	if exclude["field"] != "resources.ARN" || exclude["notStartsWiths"].([]any)[0] != "arn:aws:s3:::"+a.bucketName()+"/" {
		t.Errorf("data events do not exclude the log bucket: %v", fields)
	}
	group := a.named(t, "aws:cloudwatch/logGroup:LogGroup", "log-archive-trail-logs")
	role := a.named(t, "aws:iam/role:Role", "log-archive-trail-cloudwatch-role")
	if group.Inputs["retentionInDays"] != float64(400) || !group.Protect || group.Provider.Account != config.KeyManagement || role.Provider.Account != config.KeyManagement {
		t.Errorf("log group %v in %s, role in %s", group.Inputs, group.Provider.Account, role.Provider.Account)
	}
	if trail.Input("cloudWatchLogsGroupArn") != group.Output("arn")+":*" || trail.Input("cloudWatchLogsRoleArn") != role.Output("arn") {
		t.Errorf("trail delivery = %s / %s", trail.Input("cloudWatchLogsGroupArn"), trail.Input("cloudWatchLogsRoleArn"))
	}
	trust, err := policy.Parse(role.Input("assumeRolePolicy"))
	if err != nil || trust.Statement[0].Principal.Service[0] != "cloudtrail.amazonaws.com" || trust.Statement[0].Condition["StringEquals"]["aws:SourceArn"][0] != a.trailArn {
		t.Errorf("trust policy = %+v (%v)", trust, err)
	}
}

func TestLogArchive_RefusesRetentionShorterThanTheLockAndNoReaders(t *testing.T) {
	short := defaults
	short.RetentionDays = 30
	if _, err := plan.Synthesize("test", mgmtID, program(short)); err == nil || !strings.Contains(err.Error(), "shorter than the Object Lock period") {
		t.Errorf("err = %v", err)
	}
	none := defaults
	none.ReaderPrincipalArns = nil
	if _, err := plan.Synthesize("test", mgmtID, program(none)); err == nil || !strings.Contains(err.Error(), "reader") {
		t.Errorf("err = %v", err)
	}
}

func TestLogArchive_ReadersAreAllowedToReadFromInsideTheOrganization(t *testing.T) {
	a := synth(t, defaults)
	d := a.doc(t, a.named(t, "aws:s3/bucketPolicy:BucketPolicy", "log-archive-bucket-policy"))
	bucket := "arn:aws:s3:::" + a.bucketName()
	// A cross-account reader needs an Allow in the bucket policy; an exemption from a Deny is not one.
	for sid, want := range map[string]struct {
		actions  []string
		resource string
	}{
		"ReadersListBucket": {[]string{"s3:ListBucket", "s3:GetBucketLocation"}, bucket},
		"ReadersReadLogs":   {[]string{"s3:GetObject", "s3:GetObjectVersion"}, bucket + "/*"},
	} {
		s := statement(t, d, sid)
		if s.Effect != policy.Allow || !slices.Equal(s.Resource, []string{want.resource}) {
			t.Errorf("%s: %+v", sid, s)
		}
		for _, action := range want.actions {
			if !s.HasAction(action) {
				t.Errorf("%s does not allow %s", sid, action)
			}
		}
		if !slices.Equal(s.Condition["StringEquals"]["aws:PrincipalOrgID"], []string{orgID}) ||
			!slices.Equal(s.Condition["ArnLike"]["aws:PrincipalArn"], defaults.ReaderPrincipalArns) {
			t.Errorf("%s is not limited to the readers inside the organization: %v", sid, s.Condition)
		}
	}
	// Objects are SSE-KMS: the key must let the same readers decrypt through S3, for this bucket only.
	key := a.doc(t, a.named(t, "aws:kms/key:Key", "log-archive-key"))
	s := statement(t, key, "ReadersDecryptThroughS3")
	if !slices.Equal(s.Condition["StringLike"]["kms:EncryptionContext:aws:s3:arn"], []string{bucket, bucket + "/*"}) {
		t.Errorf("reader decryption is not tied to the log bucket's encryption context: %v", s.Condition)
	}
}

func TestLogArchive_RefusesReadersAMemberAccountCouldCreate(t *testing.T) {
	for arn, ok := range map[string]bool{
		"arn:aws:iam::*:role/acme-log-reader":          true,  // the baseline SCP protects acme-*
		"arn:aws:iam::111122223333:role/SecurityAudit": true,  // one account's own role
		"arn:aws:iam::*:role/SecurityAudit":            false, // any account's admin can create it
		"arn:aws:iam::*:user/acme-reader":              false, // users are not protected
		"arn:aws:iam::*:role/team/acme-log-reader":     false, // a path outside the protected names
	} {
		s := defaults
		s.ReaderPrincipalArns = []string{arn}
		_, err := plan.Synthesize("test", mgmtID, program(s))
		if ok && err != nil || !ok && (err == nil || !strings.Contains(err.Error(), "any account")) {
			t.Errorf("%s: err = %v", arn, err)
		}
	}
}

// kmsKeys are the keys the component declares, with their parsed policies.
func (a archive) kmsKeys(t *testing.T) map[string]policy.Document {
	t.Helper()
	keys := map[string]policy.Document{}
	for _, k := range a.Find("aws:kms/key:Key") {
		keys[k.Name] = a.doc(t, k)
	}
	return keys
}

func TestLogArchive_KeysAllowGrantsOnlyForAWSResources(t *testing.T) {
	s := defaults
	s.CloudWatchLogs = true
	a := synth(t, s)
	keys := a.kmsKeys(t)
	if len(keys) != 2 {
		t.Fatalf("keys = %v", keys)
	}
	for name, d := range keys {
		for _, st := range d.Statement {
			if st.Effect == policy.Allow && st.HasAction("kms:CreateGrant") &&
				!slices.Equal(st.Condition["Bool"]["kms:GrantIsForAWSResource"], []string{"true"}) {
				t.Errorf("%s/%s allows kms:CreateGrant without kms:GrantIsForAWSResource", name, st.Sid)
			}
		}
		deny, ok := d.Find("DenyGrantsExceptForAWSResources")
		if !ok || deny.Effect != policy.Deny || !deny.Principal.Everyone || !deny.HasAction("kms:CreateGrant") ||
			!slices.Equal(deny.Condition["BoolIfExists"]["kms:GrantIsForAWSResource"], []string{"false"}) {
			t.Errorf("%s does not deny grants that are not for AWS resources: %+v", name, deny)
		}
	}
}

func TestLogArchive_TrailLogGroupIsEncryptedByAKeyBesideIt(t *testing.T) {
	s := defaults
	s.CloudWatchLogs = true
	a := synth(t, s)
	group := a.named(t, "aws:cloudwatch/logGroup:LogGroup", "log-archive-trail-logs")
	key := a.named(t, "aws:kms/key:Key", "log-archive-trail-logs-key")
	if group.Input("kmsKeyId") != key.Output("arn") || group.Input("kmsKeyId") == "" {
		t.Fatalf("log group key = %q, want %q", group.Input("kmsKeyId"), key.Output("arn"))
	}
	// CloudWatch Logs uses a key of its own account and Region: the group is in the management account.
	if key.Provider.Account != config.KeyManagement || key.Provider.Region != region || key.Inputs["enableKeyRotation"] != true || !key.Protect {
		t.Errorf("key in %s/%s rotation=%v protect=%v", key.Provider.Account, key.Provider.Region, key.Inputs["enableKeyRotation"], key.Protect)
	}
	d := a.doc(t, key)
	logs := statement(t, d, "CloudWatchLogsEncryptTrailLogs")
	want := "arn:aws:logs:" + region + ":" + mgmtID + ":log-group:/aws/cloudtrail/acme-organization-trail"
	if !slices.Equal(logs.Principal.Service, []string{"logs." + region + ".amazonaws.com"}) ||
		!slices.Equal(logs.Condition["ArnEquals"]["kms:EncryptionContext:aws:logs:arn"], []string{want}) ||
		!logs.HasAction("kms:GenerateDataKey") || !logs.HasAction("kms:Decrypt") {
		t.Errorf("CloudWatch Logs statement: %+v", logs)
	}
	for _, st := range d.Statement {
		if st.Effect == policy.Allow && st.Sid != "CloudWatchLogsEncryptTrailLogs" && (st.HasAction("kms:Decrypt") || st.HasAction("kms:GenerateDataKey")) {
			t.Errorf("%s may use the trail log key", st.Sid)
		}
	}
}

func TestLogArchive_BucketsSendObjectEventsToEventBridge(t *testing.T) {
	a := synth(t, defaults)
	for _, b := range a.Find("aws:s3/bucketV2:BucketV2") {
		found := false
		for _, n := range a.Find("aws:s3/bucketNotification:BucketNotification") {
			found = found || n.Input("bucket") == b.ID && n.Inputs["eventbridge"] == true
		}
		if !found {
			t.Errorf("%s does not send events to EventBridge", b.ID)
		}
	}
	for _, p := range a.Find("aws:s3/bucketPolicy:BucketPolicy") {
		if !statement(t, a.doc(t, p), "DenyDeletionAndReconfiguration").HasAction("s3:PutBucketNotification") {
			t.Errorf("%s lets anyone switch the EventBridge feed off", p.Name)
		}
	}
}

func TestLogArchive_WriterKeyUseIsTiedToTheLogBucket(t *testing.T) {
	a := synth(t, defaults)
	d := a.doc(t, a.named(t, "aws:kms/key:Key", "log-archive-key"))
	bucket := "arn:aws:s3:::" + a.bucketName()
	for _, sid := range []string{"ConfigUseKey", "FlowLogsUseKey"} {
		s := statement(t, d, sid)
		if !slices.Equal(s.Condition["StringLike"]["kms:EncryptionContext:aws:s3:arn"], []string{bucket, bucket + "/*"}) {
			t.Errorf("%s is not tied to the log bucket: %v", sid, s.Condition)
		}
	}
}
