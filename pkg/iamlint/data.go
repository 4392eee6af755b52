package iamlint

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed data/iam.json
var rawData []byte

// reference is data/iam.json, indexed case-insensitively: IAM compares action names, service prefixes
// and condition keys without regard to case.
type reference struct {
	Package   string
	Version   string
	UpdatedAt string

	services map[string]*service // by lower-case prefix
	globals  []*conditionKey
	// keys are every service's condition keys, for statements whose actions are "*" or NotAction.
	keys []*conditionKey
}

type service struct {
	prefix        string
	actions       map[string]*action // by lower-case name
	actionNames   []string           // as AWS spells them, sorted
	resourceTypes map[string]resourceType
	keys          []*conditionKey
}

type action struct {
	resourceTypes []string
	keys          []*conditionKey
}

type resourceType struct {
	arn     string
	pattern []token // the ARN format as a pattern
	keys    []string
}

// conditionKey is a key as the reference writes it, possibly with variable parts
// (aws:RequestTag/${TagKey}).
type conditionKey struct {
	name string
	typ  string
	// parts are the literal parts, lower case, between variables: a key with n variables has n+1.
	parts []string
}

func newConditionKey(name, typ string) *conditionKey {
	return &conditionKey{name: name, typ: typ, parts: templateParts(strings.ToLower(name))}
}

// matches reports whether a key used in a policy is this key, each variable standing for one or more
// characters.
func (k *conditionKey) matches(used string) bool {
	return matchParts(strings.ToLower(used), k.parts)
}

func matchParts(s string, parts []string) bool {
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	if len(parts) == 1 {
		return s == ""
	}
	for i := 1; i <= len(s); i++ {
		if matchParts(s[i:], parts[1:]) {
			return true
		}
	}
	return false
}

// templateParts splits "a${X}b${Y}" into "a", "b", "".
func templateParts(s string) []string {
	var parts []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return append(parts, s)
		}
		j := strings.Index(s[i:], "}")
		if j < 0 {
			return append(parts, s)
		}
		parts = append(parts, s[:i])
		s = s[i+j+1:]
	}
}

var (
	loadOnce sync.Once
	loaded   *reference
	loadErr  error
)

// ref returns the reference, read from the embedded data on first use.
func ref() (*reference, error) {
	loadOnce.Do(func() { loaded, loadErr = parse(rawData) })
	return loaded, loadErr
}

func parse(b []byte) (*reference, error) {
	var file struct {
		Package             string            `json:"package"`
		Version             string            `json:"version"`
		UpdatedAt           string            `json:"updatedAt"`
		GlobalConditionKeys map[string]string `json:"globalConditionKeys"`
		Services            map[string]struct {
			ConditionKeys map[string]string `json:"conditionKeys"`
			ResourceTypes map[string]struct {
				ARN  string   `json:"arn"`
				Keys []string `json:"k"`
			} `json:"resourceTypes"`
			Actions map[string]struct {
				ResourceTypes []string `json:"r"`
				Keys          []string `json:"k"`
			} `json:"actions"`
		} `json:"services"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		return nil, fmt.Errorf("iamlint: reading data/iam.json: %w", err)
	}
	r := &reference{Package: file.Package, Version: file.Version, UpdatedAt: file.UpdatedAt, services: map[string]*service{}}
	for name, typ := range file.GlobalConditionKeys {
		r.globals = append(r.globals, newConditionKey(name, typ))
	}
	for prefix, s := range file.Services {
		svc := &service{prefix: prefix, actions: map[string]*action{}, resourceTypes: map[string]resourceType{}}
		byName := map[string]*conditionKey{}
		for name, typ := range s.ConditionKeys {
			k := newConditionKey(name, typ)
			byName[strings.ToLower(name)] = k
			svc.keys = append(svc.keys, k)
			r.keys = append(r.keys, k)
		}
		// A key an action lists but the service's key table lacks still exists; its type is unknown.
		key := func(name string) *conditionKey {
			if k := byName[strings.ToLower(name)]; k != nil {
				return k
			}
			for _, g := range r.globals {
				if g.matches(name) {
					return g
				}
			}
			k := newConditionKey(name, "")
			byName[strings.ToLower(name)] = k
			svc.keys = append(svc.keys, k)
			r.keys = append(r.keys, k)
			return k
		}
		for name, rt := range s.ResourceTypes {
			svc.resourceTypes[name] = resourceType{arn: rt.ARN, pattern: formatPattern(rt.ARN), keys: rt.Keys}
		}
		for name, a := range s.Actions {
			act := &action{resourceTypes: a.ResourceTypes}
			keys := append([]string(nil), a.Keys...)
			for _, rt := range a.ResourceTypes {
				keys = append(keys, svc.resourceTypes[rt].keys...)
			}
			for _, k := range keys {
				act.keys = append(act.keys, key(k))
			}
			svc.actions[strings.ToLower(name)] = act
			svc.actionNames = append(svc.actionNames, name)
		}
		slices.Sort(svc.actionNames)
		r.services[strings.ToLower(prefix)] = svc
	}
	return r, nil
}
