package policy

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Version is the current IAM policy language version.
const Version = "2012-10-17"

// Effects.
const (
	Allow = "Allow"
	Deny  = "Deny"
)

// KeyAdminActions manage a KMS key but never use it: a key policy grants them to administrators who
// must not be able to decrypt. Not "kms:Create*" (AWS's default key-administrator statement): it
// includes kms:CreateGrant, and a grant can give anyone Decrypt; CreateAlias is the only other
// Create action on a key.
var KeyAdminActions = Strings{
	"kms:CancelKeyDeletion", "kms:CreateAlias", "kms:Delete*", "kms:Describe*", "kms:Disable*", "kms:Enable*", "kms:Get*",
	"kms:List*", "kms:Put*", "kms:Revoke*", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource",
	"kms:UntagResource", "kms:Update*",
}

// Document is an IAM policy document.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of a policy document. Leave a field empty to omit it.
type Statement struct {
	Sid          string     `json:"Sid,omitempty"`
	Effect       string     `json:"Effect"`
	Principal    *Principal `json:"Principal,omitempty"`
	NotPrincipal *Principal `json:"NotPrincipal,omitempty"`
	Action       Strings    `json:"Action,omitempty"`
	NotAction    Strings    `json:"NotAction,omitempty"`
	Resource     Strings    `json:"Resource,omitempty"`
	NotResource  Strings    `json:"NotResource,omitempty"`
	Condition    Conditions `json:"Condition,omitempty"`
}

// Strings is a list of strings that marshals a single element as a plain string, as AWS writes it
// and as the size limits count it.
type Strings []string

// MarshalJSON writes one element as a string and several as an array.
func (s Strings) MarshalJSON() ([]byte, error) {
	if len(s) == 1 {
		return marshal(s[0])
	}
	return marshal([]string(s))
}

// UnmarshalJSON reads either form.
func (s *Strings) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = Strings{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

// Conditions maps a condition operator (StringEquals, ArnNotLike, ...) to condition keys and values.
type Conditions map[string]map[string]Strings

// Principal names who a statement is about. Everyone is "*".
type Principal struct {
	Everyone  bool
	AWS       Strings
	Service   Strings
	Federated Strings
}

// MarshalJSON writes "*" for everyone, otherwise the object form.
func (p Principal) MarshalJSON() ([]byte, error) {
	if p.Everyone {
		return marshal("*")
	}
	return marshal(struct {
		AWS       Strings `json:"AWS,omitempty"`
		Service   Strings `json:"Service,omitempty"`
		Federated Strings `json:"Federated,omitempty"`
	}{p.AWS, p.Service, p.Federated})
}

// UnmarshalJSON reads either form, so tests can decode what the program registered.
func (p *Principal) UnmarshalJSON(b []byte) error {
	var star string
	if err := json.Unmarshal(b, &star); err == nil {
		*p = Principal{Everyone: star == "*"}
		return nil
	}
	var obj struct {
		AWS       Strings `json:"AWS"`
		Service   Strings `json:"Service"`
		Federated Strings `json:"Federated"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	*p = Principal{AWS: obj.AWS, Service: obj.Service, Federated: obj.Federated}
	return nil
}

// Everyone is the "*" principal.
func Everyone() *Principal { return &Principal{Everyone: true} }

// Service is a service principal such as "cloudtrail.amazonaws.com".
func Service(names ...string) *Principal { return &Principal{Service: names} }

// AWS is an AWS principal: account IDs or IAM ARNs.
func AWS(arns ...string) *Principal { return &Principal{AWS: arns} }

// JSON returns the document minified, with keys in a stable order: what AWS stores and counts.
func (d Document) JSON() (string, error) {
	b, err := marshal(d)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// Parse reads a policy document, for tests and checks that inspect what was built.
func Parse(text string) (Document, error) {
	var d Document
	err := json.Unmarshal([]byte(text), &d)
	return d, err
}

// Marshal writes any policy-shaped value minified, without HTML escaping ("<" stays "<"), the same
// way Document.JSON does; organization management policies (tag, AI opt-out) use it.
func Marshal(v any) (string, error) {
	b, err := marshal(v)
	return string(b), err
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// Find returns the statement with the given Sid, for tests and checks.
func (d Document) Find(sid string) (Statement, bool) {
	for _, s := range d.Statement {
		if s.Sid == sid {
			return s, true
		}
	}
	return Statement{}, false
}

// HasAction reports whether the statement lists the action exactly or through a trailing wildcard.
func (s Statement) HasAction(action string) bool {
	for _, a := range s.Action {
		if a == action || a == "*" || (strings.HasSuffix(a, "*") && strings.HasPrefix(action, strings.TrimSuffix(a, "*"))) {
			return true
		}
	}
	return false
}
