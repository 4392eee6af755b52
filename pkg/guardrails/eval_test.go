package guardrails_test

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/landingzone/aws-landing-zone/pkg/guardrails"
	"github.com/landingzone/aws-landing-zone/pkg/policy"
)

// request is what an SCP is evaluated against: the action, the resource and the request context.
type request struct {
	action, resource string
	context          map[string]string
}

func asPrincipal(arn string, r request) request {
	ctx := map[string]string{"aws:PrincipalARN": arn}
	for k, v := range r.context {
		ctx[k] = v
	}
	r.context = ctx
	return r
}

// glob matches IAM wildcards: * any run of characters, ? one character (case-sensitive, like ARNs).
func glob(pattern, s string) bool {
	// path.Match treats "/" as a separator; IAM does not, so match with "/" swapped out.
	ok, err := path.Match(strings.ReplaceAll(pattern, "/", "\x00"), strings.ReplaceAll(s, "/", "\x00"))
	return err == nil && ok
}

func anyGlob(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if fold && glob(strings.ToLower(p), strings.ToLower(s)) || !fold && glob(p, s) {
			return true
		}
	}
	return false
}

// contextValue finds a key regardless of case, as IAM does for condition key names.
func contextValue(ctx map[string]string, key string) (string, bool) {
	for k, v := range ctx {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return "", false
}

// conditionHolds evaluates the operators the landing zone's SCPs use, as IAM documents them: a
// negated operator is true when the key is absent; ...IfExists is true when the key is absent;
// Null tests presence.
func conditionHolds(t *testing.T, op, key string, values []string, ctx map[string]string) bool {
	t.Helper()
	v, present := contextValue(ctx, key)
	switch op {
	case "Null":
		return slices.Contains(values, "true") == !present
	case "StringEquals":
		return present && slices.Contains(values, v)
	case "StringNotEquals":
		return !present || !slices.Contains(values, v)
	case "StringNotEqualsIfExists":
		return !present || !slices.Contains(values, v)
	case "StringNotLike":
		return !present || !anyGlob(values, v, false)
	case "ArnLike":
		return present && anyGlob(values, v, false)
	case "ArnNotLike":
		return !present || !anyGlob(values, v, false)
	case "Bool":
		return present && slices.Contains(values, v)
	}
	t.Fatalf("operator %s not modelled", op)
	return false
}

// denies reports whether a Deny statement applies to the request.
func denies(t *testing.T, s policy.Statement, r request) bool {
	t.Helper()
	if s.Effect != policy.Deny {
		return false
	}
	switch {
	case len(s.Action) > 0 && !anyGlob(s.Action, r.action, true):
		return false
	case len(s.NotAction) > 0 && anyGlob(s.NotAction, r.action, true):
		return false
	case !anyGlob(s.Resource, r.resource, false):
		return false
	}
	for op, kv := range s.Condition {
		for key, values := range kv {
			if !conditionHolds(t, op, key, values, r.context) {
				return false
			}
		}
	}
	return true
}

// deniedBy returns the statements (policy/sid) of the set's SCPs that deny the request.
func deniedBy(t *testing.T, set guardrails.Set, r request) []string {
	t.Helper()
	var out []string
	for _, p := range set.Policies {
		if p.Type != guardrails.TypeSCP {
			continue
		}
		d, err := policy.Parse(p.Content)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range d.Statement {
			if denies(t, s, r) {
				out = append(out, p.Key+"/"+s.Sid)
			}
		}
	}
	return out
}

func TestGlob_MatchesAcrossSlashesLikeIAM(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"arn:aws:iam::*:role/stacksets-exec-*", "arn:aws:iam::111122223333:role/stacksets-exec-abc", true},
		{"arn:aws:iam::*:role/Admin", "arn:aws:iam::111122223333:role/Admin", true},
		{"arn:aws:iam::*:role/Admin", "arn:aws:iam::111122223333:role/AdminX", false},
		{"*", "arn:aws:iam::111122223333:role/path/Admin", true},
		{"arn:aws:s3:::b*/*", "arn:aws:s3:::bucket/a/b", true},
	} {
		if got := glob(tc.pattern, tc.s); got != tc.want {
			t.Errorf("glob(%q, %q) = %v", tc.pattern, tc.s, got)
		}
	}
}
