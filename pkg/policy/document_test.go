package policy

import (
	"strings"
	"testing"
)

func TestDocument_JSONIsMinifiedWithSingleValuesAsStrings(t *testing.T) {
	d := Document{Version: Version, Statement: []Statement{{
		Sid: "A", Effect: Deny, Principal: Everyone(), Action: Strings{"s3:*"},
		Resource:  Strings{"arn:aws:s3:::b", "arn:aws:s3:::b/*"},
		Condition: Conditions{"Bool": {"aws:SecureTransport": {"false"}}},
	}}}
	got, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestDocument_JSONDoesNotEscapeHTMLCharacters(t *testing.T) {
	got, _ := Document{Version: Version, Statement: []Statement{{Effect: Allow, Action: Strings{"a<b>&"}}}}.JSON()
	if !strings.Contains(got, `"a<b>&"`) {
		t.Errorf("escaped: %s", got)
	}
}

func TestParse_RoundTripsPrincipalsAndConditions(t *testing.T) {
	d := Document{Version: Version, Statement: []Statement{{
		Sid: "S", Effect: Allow, Principal: Service("cloudtrail.amazonaws.com"), Action: Strings{"s3:PutObject"},
		Condition: Conditions{"StringEquals": {"aws:SourceArn": {"arn:aws:cloudtrail:eu-west-1:111122223333:trail/t"}}},
	}}}
	text, _ := d.JSON()
	back, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := back.Find("S")
	if !ok || s.Principal.Service[0] != "cloudtrail.amazonaws.com" || !s.HasAction("s3:PutObject") ||
		s.Condition["StringEquals"]["aws:SourceArn"][0] != "arn:aws:cloudtrail:eu-west-1:111122223333:trail/t" {
		t.Errorf("round trip lost data: %+v", back)
	}
}

func TestStatement_HasActionHonoursWildcards(t *testing.T) {
	s := Statement{Action: Strings{"s3:Delete*", "iam:PassRole"}}
	for action, want := range map[string]bool{"s3:DeleteBucket": true, "iam:PassRole": true, "s3:PutObject": false} {
		if s.HasAction(action) != want {
			t.Errorf("HasAction(%s) != %v", action, want)
		}
	}
}

func TestKeyAdminActions_NeverUseTheKeyNorCreateGrants(t *testing.T) {
	admin := Statement{Action: KeyAdminActions}
	for _, action := range []string{"kms:CreateGrant", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom"} {
		if admin.HasAction(action) {
			t.Errorf("key administrators may %s", action)
		}
	}
	for _, action := range []string{"kms:CreateAlias", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:RevokeGrant"} {
		if !admin.HasAction(action) {
			t.Errorf("key administrators may not %s", action)
		}
	}
}
