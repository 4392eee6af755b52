package iamlint

import "strings"

// globsIntersect reports whether some string matches both patterns ("*" any run, "?" one character,
// case ignored). A Resource pattern of a policy and a resource type's ARN format (its ${Variables}
// read as "*") intersect when the statement could name a resource of that type.
func globsIntersect(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
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
		case i < len(a) && a[i] == '*':
			// The star matches nothing, or swallows what b's next element matches.
			ok = rec(i+1, j) || (j < len(b) && rec(i, j+1))
		case j < len(b) && b[j] == '*':
			ok = rec(i, j+1) || (i < len(a) && rec(i+1, j))
		case i < len(a) && j < len(b):
			ok = (a[i] == b[j] || a[i] == '?' || b[j] == '?') && rec(i+1, j+1)
		}
		memo[key] = ok
		return ok
	}
	return rec(0, 0)
}

// arnsIntersect reports whether a Resource pattern can name a resource of the given ARN format. An
// ARN's partition, service, Region and account never hold a colon, so the two are compared field by
// field, the resource part (which may hold colons) last: otherwise the "*" of arn:aws:iam::*:root,
// meant for the account, would also match "123456789012:user/x:" and the root would look like a user.
// A pattern with fewer than six fields is compared whole.
func arnsIntersect(pattern, format string) bool {
	p := strings.SplitN(arnGlob(pattern), ":", 6)
	f := strings.SplitN(arnGlob(format), ":", 6)
	if len(p) < 6 || len(f) < 6 {
		return globsIntersect(arnGlob(pattern), arnGlob(format))
	}
	for i := range p {
		if !globsIntersect(p[i], f[i]) {
			return false
		}
	}
	return true
}

// arnGlob reads an ARN format of the reference (arn:${Partition}:iam::${Account}:user/${UserNameWithPath})
// or a policy's Resource with policy variables (${aws:username}) as a pattern: each variable is "*".
func arnGlob(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i:], "}")
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteByte('*')
		s = s[i+j+1:]
	}
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
