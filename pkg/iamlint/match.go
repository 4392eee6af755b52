package iamlint

import "strings"

// A pattern is a sequence of tokens: literal characters and wildcards.
type token struct {
	kind byte // 0 for the literal c; otherwise anyRun, segmentRun or oneChar
	c    byte
}

const (
	anyRun     = '*' // any run of characters: "*" in a policy
	segmentRun = 's' // any run of characters but ":": a variable of an ARN format
	oneChar    = '?' // one character: "?" in a policy
)

func (t token) run() bool { return t.kind == anyRun || t.kind == segmentRun }

// policyPattern reads an action name or a policy's Resource: "*" any run, "?" one character, and a
// policy variable (${aws:username}) any run, since the lint cannot know its value.
func policyPattern(s string) []token {
	return tokens(s, func(string, string, string) byte { return anyRun })
}

// formatPattern reads an ARN format of the reference (arn:${Partition}:iam::${Account}:user/${UserNameWithPath}).
// A variable is a run of anything but ":", since the format writes each colon of an ARN: that is what
// tells arn:aws:iam::*:root from any user. Two exceptions hold colons: an S3 object key, and a name
// ending a format after a colon (log-group:${LogGroupName}), which AWS lets carry a qualifier (a log
// group's ":*", a function's ":alias") or uses with colons itself (AWS Backup's "awsbackup:job-..."
// snapshots).
func formatPattern(s string) []token {
	return tokens(s, func(variable, before, after string) byte {
		if variable == "ObjectName" || (after == "" && strings.HasSuffix(before, ":")) {
			return anyRun
		}
		return segmentRun
	})
}

func tokens(s string, variable func(name, before, after string) byte) []token {
	var out []token
	for i := 0; i < len(s); i++ {
		c := s[i]
		end := strings.IndexByte(s[i:], '}')
		switch {
		case c == '*' || c == '?':
			out = append(out, token{kind: c})
		case c == '$' && i+1 < len(s) && s[i+1] == '{' && end > 0:
			out = append(out, token{kind: variable(s[i+2:i+end], s[:i], s[i+end+1:])})
			i += end
		default:
			out = append(out, token{c: lower(c)})
		}
	}
	return out
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// globsIntersect reports whether some string matches both patterns, ignoring case. A policy's Resource
// and a resource type's ARN format intersect when the statement could name a resource of that type;
// an action pattern and an action name, when the pattern names the action.
func globsIntersect(a, b []token) bool {
	memo := make(map[[2]int]bool)
	var rec func(i, j int) bool
	rec = func(i, j int) bool {
		key := [2]int{i, j}
		if v, ok := memo[key]; ok {
			return v
		}
		var ok bool
		switch {
		case i == len(a) && j == len(b):
			ok = true
		case i < len(a) && a[i].run():
			// The run ends here, or it takes in b's next token.
			ok = rec(i+1, j) || (j < len(b) && absorbs(a[i], b[j]) && rec(i, j+1))
		case j < len(b) && b[j].run():
			ok = rec(i, j+1) || (i < len(a) && absorbs(b[j], a[i]) && rec(i+1, j))
		case i < len(a) && j < len(b):
			ok = (a[i].kind == oneChar || b[j].kind == oneChar || a[i].c == b[j].c) && rec(i+1, j+1)
		}
		memo[key] = ok
		return ok
	}
	return rec(0, 0)
}

// absorbs reports whether a run can take in a token: a literal colon only if it is not a segment.
func absorbs(run, t token) bool {
	return run.kind == anyRun || t.kind != 0 || t.c != ':'
}

// distance is the Levenshtein distance between two strings, ignoring case: it picks the "did you
// mean" suggestion.
func distance(a, b string) int {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// nearest returns the candidate closest to s.
func nearest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		if d := distance(s, c); bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
