package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"

	"github.com/landingzone/aws-landing-zone/pkg/config"
)

// schemaFile is the JSON Schema of the stack file, generated from the Go types and the README's
// configuration reference; stack files point editors at it with a yaml-language-server comment.
const schemaFile = "landingzone.schema.json"

// readmeDescriptions reads the README's configuration reference: each row's key (or keys, written
// "`a.b.c` / `.d`" or "`a.b`, `.c`") -> its meaning and default.
func readmeDescriptions(t testing.TB) map[string]string {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(data)
	start := strings.Index(section, "## Configuration reference")
	end := strings.Index(section[start:], "### Absent, empty and secret values")
	if start < 0 || end < 0 {
		t.Fatal("README: no configuration reference")
	}
	keyRe := regexp.MustCompile("`([A-Za-z.\\[\\]]+)`")
	descriptions := map[string]string{}
	for _, line := range strings.Split(section[start:start+end], "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) != 3 || !strings.HasPrefix(line, "| `") {
			continue
		}
		meaning := strings.TrimSuffix(strings.TrimSpace(cells[2]), " |")
		description := meaning + " (default: " + cells[1] + ")"
		var first string
		for _, m := range keyRe.FindAllStringSubmatch(cells[0], -1) {
			key := m[1]
			if strings.HasPrefix(key, ".") && first != "" {
				key = first[:strings.LastIndex(first, ".")] + key
			} else {
				first = key
			}
			descriptions[key] = description
		}
	}
	return descriptions
}

func TestSchema_IsGeneratedFromTheTypesAndTheREADME(t *testing.T) {
	want, err := config.Schema(readmeDescriptions(t))
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(schemaFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run make schema", schemaFile)
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	s, err := jsonschema.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// yamlValue reads YAML into the plain values a JSON Schema validator takes.
func yamlValue(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// Every stack file the project ships, and every tricky valid one, passes the schema, and names it
// with the yaml-language-server comment (fixtures and templates); a misspelt key fails it.
func TestSchema_AcceptsEveryValidStackAndFlagsAMisspeltKey(t *testing.T) {
	s := compileSchema(t)
	valid, _ := filepath.Glob("testdata/valid/*.yaml")
	for _, file := range slices.Concat(userStacks(t), fixtures(t), valid) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(yamlValue(t, data)); err != nil {
			t.Errorf("%s: %v", file, err)
		}
		if !strings.HasPrefix(file, "testdata") && !bytes.Contains(data, []byte("# yaml-language-server: $schema=")) {
			t.Errorf("%s does not point editors at %s", file, schemaFile)
		}
	}
	misspelt := yamlValue(t, []byte("config:\n  landingzone:logArchive:\n    objectLockDay: 30\n"))
	if err := s.Validate(misspelt); err == nil || !strings.Contains(err.Error(), "objectLockDay") {
		t.Errorf("a misspelt key passes the schema: %v", err)
	}
	typo := yamlValue(t, []byte("config:\n  landingzon:guardrails: {}\n"))
	if err := s.Validate(typo); err == nil {
		t.Error("a key in an unknown namespace passes the schema")
	}
}
