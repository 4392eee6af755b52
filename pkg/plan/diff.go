package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Stateful are the resource types whose loss loses something a new resource cannot give back: an
// account and everything in it, the organization, keys (and every object they encrypt), log
// buckets, trails, log groups, directories, detectors and graphs with their history.
var Stateful = []string{
	OrganizationType, OUType, AccountType,
	"aws:kms/key:Key",
	"aws:s3/bucketV2:BucketV2",
	"aws:cloudtrail/trail:Trail",
	"aws:cloudwatch/logGroup:LogGroup",
	"aws:directoryservice/directory:Directory",
	"aws:guardduty/detector:Detector",
	"aws:detective/graph:Graph",
	"aws:securityhub/account:Account",
}

// Diff is what changes from one plan of a stack to another.
type Diff struct {
	Stack string
	// Added are new resources (imports excluded), Removed resources the head no longer declares,
	// Imported resources the head adopts from AWS instead of creating them.
	Added, Removed, Imported []*Resource
	// Changed are resources present in both with different inputs, options or provider.
	Changed []*Change
	// Renamed pairs a removed resource with an added one that looks like the same thing under a
	// new URN (same type, and same name or same inputs): without an alias, it is replaced.
	Renamed [][2]*Resource
	// Flagged are the removals and replacements of protected or stateful resources.
	Flagged []*Flag
}

// Change is one resource whose declaration changed.
type Change struct {
	Base, Head *Resource
	// Paths are the input paths that changed ("content", "tags.Owner", "rules[0].id").
	Paths []string
	// ReplacedBy are the changes that make the provider replace the resource: input paths the
	// provider marks ForceNew, or a move to another account or Region.
	ReplacedBy []string
	// Options are the resource options that changed (protect, retainOnDelete, ignoreChanges).
	Options []string
}

// Replace says whether the change replaces the resource (delete and create).
func (c *Change) Replace() bool { return len(c.ReplacedBy) > 0 }

// Flag is a change a reviewer must look at before anything runs.
type Flag struct {
	Resource *Resource
	// Action is "remove" or "replace".
	Action string
	Reason string
}

// ReadPlan reads a plan.json written by `plan`, refusing anything else.
func ReadPlan(path string) (*Plan, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s does not exist: write it with `go run . plan --out %s` (on a first pull request there is no base plan to compare with)", path, path)
	}
	if err != nil {
		return nil, err
	}
	notPlan := func(why string) error {
		return fmt.Errorf("%s is not a plan.json written by `go run . plan`: %s", path, why)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, notPlan("not a JSON object")
	}
	for _, key := range []string{"stack", "resources", "summary"} {
		if _, ok := raw[key]; !ok {
			return nil, notPlan(fmt.Sprintf("no %q field", key))
		}
	}
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, notPlan(err.Error())
	}
	if p.Stack == "" {
		return nil, notPlan("empty stack name")
	}
	for i, r := range p.Resources {
		if r == nil || r.URN == "" || r.Type == "" {
			return nil, notPlan(fmt.Sprintf("resources[%d] has no urn or type", i))
		}
	}
	return &p, nil
}

// Compare diffs two plans of the same stack.
func Compare(base, head *Plan) (*Diff, error) {
	if base.Stack != head.Stack {
		return nil, fmt.Errorf("the plans are of different stacks (base %q, head %q): compare two plans of one stack", base.Stack, head.Stack)
	}
	d := &Diff{Stack: head.Stack}
	baseBy, headBy := byURN(base), byURN(head)
	// A resource that declares an alias of a base URN is that resource, moved: the engine follows
	// the alias instead of deleting and creating it.
	movedFrom := map[string]bool{}
	for _, r := range head.Resources {
		b, ok := baseBy[r.URN]
		for _, a := range r.Aliases {
			if ok {
				break
			}
			if b, ok = baseBy[a]; ok {
				movedFrom[a] = true
			}
		}
		switch {
		case !ok && r.ImportID != "":
			d.Imported = append(d.Imported, r)
		case !ok:
			d.Added = append(d.Added, r)
		default:
			if c := compareResource(b, r); c != nil {
				d.Changed = append(d.Changed, c)
			}
		}
	}
	for _, r := range base.Resources {
		if _, ok := headBy[r.URN]; !ok && !movedFrom[r.URN] {
			d.Removed = append(d.Removed, r)
		}
	}
	d.pairRenames()
	d.flag()
	return d, nil
}

// Blocking says whether the diff removes or replaces a protected or stateful resource.
func (d *Diff) Blocking() bool { return len(d.Flagged) > 0 }

// Empty says whether nothing changes.
func (d *Diff) Empty() bool {
	return len(d.Added)+len(d.Removed)+len(d.Imported)+len(d.Changed) == 0
}

func byURN(p *Plan) map[string]*Resource {
	m := make(map[string]*Resource, len(p.Resources))
	for _, r := range p.Resources {
		m[r.URN] = r
	}
	return m
}

func compareResource(b, h *Resource) *Change {
	c := &Change{Base: b, Head: h}
	diffValues("", b.Inputs, h.Inputs, &c.Paths)
	sort.Strings(c.Paths)
	if b.Protect != h.Protect {
		c.Options = append(c.Options, fmt.Sprintf("protect %v -> %v", b.Protect, h.Protect))
	}
	if b.RetainOnDelete != h.RetainOnDelete {
		c.Options = append(c.Options, fmt.Sprintf("retainOnDelete %v -> %v", b.RetainOnDelete, h.RetainOnDelete))
	}
	if !slices.Equal(b.IgnoreChanges, h.IgnoreChanges) {
		c.Options = append(c.Options, fmt.Sprintf("ignoreChanges %v -> %v", b.IgnoreChanges, h.IgnoreChanges))
	}
	// A resource lives in one account and Region: moving it there means creating it there.
	if b.Provider != nil && h.Provider != nil && (b.Provider.AccountID != h.Provider.AccountID || b.Provider.Region != h.Provider.Region) {
		c.ReplacedBy = append(c.ReplacedBy, fmt.Sprintf("moves from %s/%s to %s/%s",
			b.Provider.Account, b.Provider.Region, h.Provider.Account, h.Provider.Region))
	}
	if len(c.Paths) == 0 && len(c.Options) == 0 && len(c.ReplacedBy) == 0 {
		return nil
	}
	if h.Custom && h.Type != ProviderType {
		rule, known := ForceNew(h.Type)
		for _, p := range c.Paths {
			switch {
			case !known:
				c.ReplacedBy = append(c.ReplacedBy, p+" (type not in the ForceNew table: assume replacement)")
			case forcesNew(rule, p):
				c.ReplacedBy = append(c.ReplacedBy, p)
			}
		}
	}
	return c
}

var index = regexp.MustCompile(`\[\d+\]`)

// forcesNew says whether a change at an input path touches a ForceNew input: the input itself,
// something inside it, or an object that contains it.
func forcesNew(rule ForceNewRule, path string) bool {
	p := index.ReplaceAllString(path, "")
	for _, r := range rule.Replace {
		if p == r || strings.HasPrefix(p, r+".") || strings.HasPrefix(r, p+".") {
			return true
		}
	}
	return false
}

// diffValues appends the paths where two input values differ. Secrets and unknowns compare as
// their placeholders: the plan cannot see through them.
func diffValues(path string, a, b any, out *[]string) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		for k := range keys {
			diffValues(join(path, k), am[k], bm[k], out)
		}
		return
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok && len(al) == len(bl) {
		for i := range al {
			diffValues(fmt.Sprintf("%s[%d]", path, i), al[i], bl[i], out)
		}
		return
	}
	// JSON documents held as text (policies) compare as documents, so reformatting is no change.
	if as, ok := a.(string); ok {
		if bs, ok := b.(string); ok && as != bs && sameJSON(as, bs) {
			return
		}
	}
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, path)
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sameJSON(a, b string) bool {
	if !strings.HasPrefix(strings.TrimSpace(a), "{") {
		return false
	}
	var av, bv any
	return json.Unmarshal([]byte(a), &av) == nil && json.Unmarshal([]byte(b), &bv) == nil && reflect.DeepEqual(av, bv)
}

// pairRenames finds removed and added resources that are probably one resource under a new URN.
func (d *Diff) pairRenames() {
	used := map[*Resource]bool{}
	for _, old := range d.Removed {
		for _, nu := range d.Added {
			if used[nu] || old.Type != nu.Type {
				continue
			}
			if old.Name == nu.Name || reflect.DeepEqual(old.Inputs, nu.Inputs) || sameIdentity(old, nu) {
				d.Renamed = append(d.Renamed, [2]*Resource{old, nu})
				used[nu] = true
				break
			}
		}
	}
}

// sameIdentity compares what identifies an account or a bucket to people: its email or its name.
func sameIdentity(a, b *Resource) bool {
	for _, key := range []string{"email", "bucket"} {
		if v := a.Input(key); v != "" && v == b.Input(key) {
			return true
		}
	}
	return false
}

func isStateful(r *Resource) bool { return slices.Contains(Stateful, r.Type) }

func (d *Diff) flag() {
	guarded := func(r *Resource) (string, bool) {
		switch {
		case r.Protect && isStateful(r):
			return "protected, stateful", true
		case r.Protect:
			return "protected", true
		case isStateful(r):
			return "stateful", true
		}
		return "", false
	}
	renamed := map[*Resource]*Resource{}
	for _, pair := range d.Renamed {
		renamed[pair[0]] = pair[1]
	}
	for _, r := range d.Removed {
		if what, ok := guarded(r); ok {
			reason := what + ": the head no longer declares it"
			if nu := renamed[r]; nu != nil {
				reason = fmt.Sprintf("%s: its URN changes to %s (rename or new parent); add an alias for the old URN to keep it", what, nu.URN)
			}
			d.Flagged = append(d.Flagged, &Flag{Resource: r, Action: "remove", Reason: reason})
		}
	}
	for _, c := range d.Changed {
		if !c.Replace() {
			continue
		}
		if what, ok := guarded(c.Head); ok || guardedBase(c.Base) {
			if what == "" {
				what, _ = guarded(c.Base)
			}
			d.Flagged = append(d.Flagged, &Flag{Resource: c.Head, Action: "replace", Reason: what + ": " + strings.Join(c.ReplacedBy, ", ")})
		}
	}
}

func guardedBase(r *Resource) bool { return r.Protect || isStateful(r) }
