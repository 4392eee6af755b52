package plan

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

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

// ReadStackFile reads a Pulumi stack file (Pulumi.<stack>.yaml or any file of that shape).
func ReadStackFile(path string) (*StackConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("%s: not a stack file: %w", path, err)
	}
	sc := &StackConfig{Stack: StackName(path), Config: map[string]string{}}
	for key, value := range file.Config {
		if !strings.Contains(key, ":") {
			key = config.Namespace + ":" + key
		}
		secret := false
		value = redactSecrets(value, &secret)
		if secret {
			sc.SecretKeys = append(sc.SecretKeys, key)
		}
		text, err := configText(value)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, key, err)
		}
		sc.Config[key] = text
	}
	sort.Strings(sc.SecretKeys)
	return sc, nil
}

// StackName derives the stack name from a file name: Pulumi.prod.yaml -> prod, stacks/large.yaml -> large.
func StackName(path string) string {
	base := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".yaml"), ".yml")
	return strings.TrimPrefix(base, "Pulumi.")
}

// redactSecrets replaces every `secure:` value (ciphertext only the Pulumi CLI can decrypt) with Secret.
func redactSecrets(v any, secret *bool) any {
	switch v := v.(type) {
	case map[string]any:
		if s, ok := v["secure"]; ok && len(v) == 1 {
			if _, isString := s.(string); isString {
				*secret = true
				return Secret
			}
		}
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = redactSecrets(e, secret)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = redactSecrets(e, secret)
		}
		return out
	}
	return v
}

// configText renders a value as the engine does: scalars as their text, lists and maps as JSON.
func configText(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case map[string]any, []any:
		b, err := json.Marshal(v)
		return string(b), err
	}
	return fmt.Sprint(v), nil
}
