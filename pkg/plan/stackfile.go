package plan

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/encoding"
	pconfig "github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"gopkg.in/yaml.v3"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// StackConfig is a stack's configuration as the Pulumi engine would hand it to the program.
type StackConfig struct {
	// Stack is the stack name ("prod" for Pulumi.prod.yaml).
	Stack string
	// Config maps "namespace:key" to the value's text: plain for scalars, JSON for lists and maps.
	Config map[string]string
	// SecretKeys are the keys holding a secret, which the plan cannot decrypt and shows as Secret.
	SecretKeys []string
}

// ReadStackFile reads a Pulumi stack file (Pulumi.<stack>.yaml or any file of that shape) the way the
// Pulumi CLI does: with the SDK's own project-stack loader (workspace.LoadProjectStackBytes) and
// config types, so the plan sees exactly the values `pulumi up` hands the program. Secrets, which
// only the CLI can decrypt, read as Secret. Before that, the YAML is checked for what the loader would
// silently turn into another value (a number with a leading zero, NaN, infinity, a key written twice):
// those are refused as configuration problems, each with its config path and line.
func ReadStackFile(path string) (*StackConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseStackFile(data, path)
}

// ParseStackFile is ReadStackFile on the file's content; path names the file in messages and the stack.
func ParseStackFile(data []byte, path string) (*StackConfig, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not a stack file: %w", path, err)
	}
	if problems := yamlPitfalls(&doc); len(problems) > 0 {
		return nil, problems
	}
	project := &workspace.Project{Name: config.Namespace}
	// The CLI picks the marshaller by extension; fixtures need not be named Pulumi.*.yaml, and are YAML.
	stack, err := workspace.LoadProjectStackBytes(nil, project, data, path, encoding.YAML)
	if err != nil {
		return nil, config.Problems{{Path: "config", Message: fmt.Sprintf("the Pulumi stack file loader refuses it: %v", err)}}
	}
	values, err := stack.Config.Decrypt(pconfig.NewBlindingDecrypter())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sc := &StackConfig{Stack: StackName(path), Config: map[string]string{}}
	for key, value := range values {
		sc.Config[key.String()] = value
	}
	for key, value := range stack.Config {
		if value.Secure() {
			sc.SecretKeys = append(sc.SecretKeys, key.String())
		}
	}
	sort.Strings(sc.SecretKeys)
	return sc, nil
}

// leadingZero is a YAML integer written with a leading zero: YAML reads 012345678901 as the number
// 12345678901 (and 0123 as the octal 83), so an account ID loses its first digit.
var (
	leadingZero = regexp.MustCompile(`^[-+]?0[0-9_]+$|^0o[0-7]+$`)
	plainKey    = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// yamlPitfalls returns the values of the config section that YAML reads as something other than
// what was written.
func yamlPitfalls(doc *yaml.Node) config.Problems {
	var ps config.Problems
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "config" {
			walkConfig(top.Content[i+1], "", &ps)
		}
	}
	return ps
}

func walkConfig(n *yaml.Node, path string, ps *config.Problems) {
	add := func(format string, args ...any) {
		p := path
		if p == "" {
			p = "config"
		}
		*ps = append(*ps, config.Problem{Path: p, Message: fmt.Sprintf("line %d: ", n.Line) + fmt.Sprintf(format, args...)})
	}
	switch n.Kind {
	case yaml.MappingNode:
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			child := childPath(path, k.Value)
			if line, dup := seen[k.Value]; dup {
				*ps = append(*ps, config.Problem{Path: child, Message: fmt.Sprintf("line %d: the key is written twice (first at line %d); YAML would keep only one of them", k.Line, line)})
				continue
			}
			seen[k.Value] = k.Line
			walkConfig(n.Content[i+1], child, ps)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			walkConfig(item, fmt.Sprintf("%s[%d]", path, i), ps)
		}
	case yaml.ScalarNode:
		switch {
		case (n.Tag == "!!int" || n.Tag == "!!float") && leadingZero.MatchString(n.Value):
			// YAML reads 012345678901 as 12345678901 and 0123 as the octal 83.
			add("%s is read by YAML as a number, which drops the leading zero (an account ID loses a digit): quote it, \"%s\"", n.Value, n.Value)
		case n.Tag == "!!float":
			if f, err := strconv.ParseFloat(strings.TrimPrefix(strings.ToLower(n.Value), "+"), 64); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				add("%s is not a finite number: give a number, or quote it if it is text", n.Value)
			}
		}
	case yaml.AliasNode:
		if n.Alias != nil {
			walkConfig(n.Alias, path, ps)
		}
	}
}

// childPath extends a config path with a key, as errors name it: "landingzone:logArchive" is the
// section logArchive, keys of other namespaces keep theirs.
func childPath(path, key string) string {
	if path == "" {
		if k, ok := strings.CutPrefix(key, config.Namespace+":"); ok {
			return k
		}
		return key
	}
	if plainKey.MatchString(key) {
		return path + "." + key
	}
	return fmt.Sprintf("%s[%q]", path, key)
}

// StackName derives the stack name from a file name: Pulumi.prod.yaml -> prod, stacks/large.yaml -> large.
func StackName(path string) string {
	base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".yaml"), ".yml")
	return strings.TrimPrefix(base, "Pulumi.")
}
