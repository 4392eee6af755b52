package config

import (
	"slices"
	"strings"
)

// Secret is what a secret value reads as where it cannot be decrypted (the offline plan reads the
// stack file without the stack's key): the plan shows it, and validation skips what it cannot see.
const Secret = "[secret]"

// secretPaths are the settings that take a secret (`secure:` in the stack file). Their values are
// passed to resources as Pulumi secrets, encrypted in the state, whether marked or not.
var secretPaths = []string{"directoryAdminPassword", "securityHub.webhookUrls[]"}

// takesSecret reports whether a config path may hold a secret.
func takesSecret(path string) bool {
	general := listIndex.ReplaceAllString(path, "[]")
	for _, p := range secretPaths {
		if general == p {
			return true
		}
	}
	return false
}

// secretProblem explains a secret where the landing zone cannot keep one: the value would reach AWS
// as a name, tag or address AWS shows in the clear, and Pulumi state in plain text.
// directoryAdminPassword is registered as a Pulumi secret and kept in Secrets Manager (main.go).
func secretProblem() string {
	return "holds a secret (secure:), but this setting cannot be kept secret: its value becomes a name, tag or address AWS shows in the clear. Only " +
		strings.Join(secretPaths, ", ") + " take secrets; write this value in plain text"
}

// secretKeyProblems refuses a key marked secret that holds no setting able to keep one. Under the
// engine a secret arrives decrypted, so only the key tells; where the value still reads Secret (the
// offline plan), Decode has already named the exact setting.
func secretKeyProblems(config map[string]string, secretKeys []string) Problems {
	var ps Problems
	for _, full := range secretKeys {
		key, ours := strings.CutPrefix(full, Namespace+":")
		if !ours || strings.Contains(config[full], Secret) {
			continue
		}
		if !slices.ContainsFunc(secretPaths, func(p string) bool { return p == key || strings.HasPrefix(p, key+".") }) {
			ps.add(key, "%s", secretProblem())
		}
	}
	return ps
}
