package config

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// Schema returns the JSON Schema (draft-07) of a stack file, generated from the Organization type:
// editors with the YAML language server complete keys, show each key's description and flag a
// misspelt key as it is typed. descriptions maps a config path ("logArchive.objectLockDays",
// "workloads[].name") to its description, the README's configuration reference. The schema is a help
// for people; Decode and Validate remain the rule.
func Schema(descriptions map[string]string) ([]byte, error) {
	definitions := map[string]any{}
	configProps := map[string]any{}
	t := reflect.TypeFor[Organization]()
	for i := range t.NumField() {
		name := jsonName(t.Field(i))
		if name == "" {
			continue
		}
		definitions[name] = typeSchema(t.Field(i).Type, name, descriptions)
		ref := map[string]any{"$ref": "#/definitions/" + name}
		configProps[Namespace+":"+name] = ref
		configProps[name] = ref // Pulumi namespaces a bare key with the project name
	}
	schema := map[string]any{
		"$schema":     "http://json-schema.org/draft-07/schema#",
		"$comment":    "Generated from pkg/config by `make schema`; do not edit.",
		"title":       "Pulumi stack file of the landing zone (project " + Namespace + ")",
		"type":        "object",
		"definitions": definitions,
		"properties": map[string]any{
			"config": map[string]any{
				"type":        "object",
				"description": "Stack configuration: keys of the " + Namespace + ":, aws: and pulumi: namespaces.",
				"properties":  configProps,
				"patternProperties": map[string]any{
					"^(aws|pulumi):": map[string]any{},
				},
				"additionalProperties": false,
			},
			"secretsprovider": map[string]any{"type": "string"},
			"encryptedkey":    map[string]any{"type": "string"},
			"encryptionsalt":  map[string]any{"type": "string"},
			"environment":     map[string]any{},
		},
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // descriptions hold "->" and "<prefix>"
	enc.SetIndent("", "  ")
	if err := enc.Encode(schema); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// enums are the closed sets of values some settings take, by config path.
func enums() map[string][]string {
	storage := slices.Sorted(maps.Keys(MinStorageDays))
	return map[string][]string{
		"homeRegion":                           Regions,
		"governedRegions[]":                    Regions,
		"optInRegions[]":                       OptInRegions,
		"guardrails.allowedRegions[]":          Regions,
		"guardrails.regulatedAllowedRegions[]": Regions,
		"workloads[].environment":              environments,
		"workloads[].compliance":               complianceFrameworks,
		"workloads[].state":                    states,
		"logArchive.objectLockMode":            {"COMPLIANCE", "GOVERNANCE"},
		"logArchive.transitionStorageClass":    storage,
		"securityHub.severityThreshold":        Severities,
		"securityHub.standards[]":              slices.Sorted(maps.Keys(StandardVersions)),
	}
}

func typeSchema(t reflect.Type, path string, descriptions map[string]string) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	s := map[string]any{}
	switch t.Kind() {
	case reflect.String:
		s["type"] = "string"
		if values, ok := enums()[path]; ok {
			s["enum"] = values
		}
		if takesSecret(path) {
			// A secret is written `secure: <ciphertext>` (pulumi config set --secret).
			s = map[string]any{"oneOf": []any{s, map[string]any{
				"type": "object", "properties": map[string]any{"secure": map[string]any{"type": "string"}},
				"required": []string{"secure"}, "additionalProperties": false,
			}}}
		}
	case reflect.Bool:
		s["type"] = "boolean"
	case reflect.Int:
		s["type"] = "integer"
	case reflect.Float64:
		s["type"] = "number"
	case reflect.Slice:
		s["type"] = "array"
		s["items"] = typeSchema(t.Elem(), path+"[]", descriptions)
	case reflect.Map:
		s["type"] = "object"
		s["additionalProperties"] = typeSchema(t.Elem(), path+".*", descriptions)
	case reflect.Struct:
		props := map[string]any{}
		for i := range t.NumField() {
			name := jsonName(t.Field(i))
			if name == "" {
				continue
			}
			props[name] = typeSchema(t.Field(i).Type, path+"."+name, descriptions)
		}
		s["type"] = "object"
		s["properties"] = props
		s["additionalProperties"] = false
	}
	if d := descriptions[path]; d != "" {
		s["description"] = d
	}
	return s
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}
