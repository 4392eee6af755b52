package config

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong with the configuration, at one config path.
type Problem struct {
	Path    string
	Message string
	// Shown is the path as people read it: a workload is named after its index,
	// "workloads[5] (payments-prod).budget". Empty means Path.
	Shown string
}

func (p Problem) String() string {
	path := p.Path
	if p.Shown != "" {
		path = p.Shown
	}
	if path == "" {
		return p.Message
	}
	return path + ": " + p.Message
}

var workloadIndex = regexp.MustCompile(`^workloads\[(\d+)\]`)

// nameWorkloads names the workload in every problem path under workloads[i], so that a person finds
// the 40th workload of a long list without counting.
func (ps Problems) nameWorkloads(workloads []Workload) {
	for i := range ps {
		m := workloadIndex.FindStringSubmatch(ps[i].Path)
		if m == nil {
			continue
		}
		n, err := strconv.Atoi(m[1])
		if err != nil || n >= len(workloads) || workloads[n].Name == "" {
			continue
		}
		ps[i].Shown = fmt.Sprintf("%s (%s)%s", m[0], workloads[n].Name, ps[i].Path[len(m[0]):])
	}
}

// Problems is every problem found in a configuration. As an error it lists them all, one a line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = "  - " + p.String()
	}
	noun := "problems"
	if len(ps) == 1 {
		noun = "problem"
	}
	return fmt.Sprintf("the landing-zone configuration has %d %s:\n%s", len(ps), noun, strings.Join(lines, "\n"))
}

func (ps *Problems) add(path, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// err returns nil when there is no problem, so callers can return it directly.
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// closest returns the candidate nearest to s by edit distance (case-insensitive), for "did you mean".
func closest(s string, candidates []string) string {
	best, bestDist := "", -1
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	// A shortened key (githubRepo for githubRepository) means the key it starts, whatever the
	// edit distance to shorter keys says.
	if len(s) >= 3 {
		for _, c := range sorted {
			if strings.HasPrefix(strings.ToLower(c), strings.ToLower(s)) && (best == "" || len(c) < len(best)) {
				best = c
			}
		}
		if best != "" {
			return best
		}
	}
	for _, c := range sorted {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
