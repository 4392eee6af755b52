package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Namespace is the stack-configuration namespace of the landing zone's keys (the Pulumi project).
const Namespace = "landingzone"

// Decode reads the stack configuration (the map Pulumi hands a program: "landingzone:workloads" ->
// JSON text, "landingzone:name" -> plain text) into an Organization. It is strict: every key of the
// landingzone namespace must be a known one and every value of the right type. Problems are collected,
// not stopped at, so one run lists them all. Keys of other namespaces (aws:, pulumi:) are ignored.
func Decode(config map[string]string) (*Organization, Problems) {
	org := &Organization{}
	var problems Problems
	root := reflect.ValueOf(org).Elem()
	fields := jsonFields(root.Type())

	keys := make([]string, 0, len(config))
	for k := range config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, full := range keys {
		key, ok := strings.CutPrefix(full, Namespace+":")
		if !ok {
			continue
		}
		idx, known := fields[key]
		if !known {
			problems.add(key, "unknown key; the closest valid key is %q", closest(key, keysOf(fields)))
			continue
		}
		field := root.Field(idx)
		raw := config[full]
		var value any
		if field.Kind() == reflect.String {
			value = raw
		} else {
			dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
			dec.UseNumber()
			if err := dec.Decode(&value); err != nil {
				problems.add(key, "expected %s, got %q", describe(field.Type()), raw)
				continue
			}
		}
		decodeValue(value, field, key, &problems)
	}
	return org, problems
}

func decodeValue(v any, rv reflect.Value, path string, problems *Problems) {
	if v == nil {
		return
	}
	switch rv.Kind() {
	case reflect.Pointer:
		elem := reflect.New(rv.Type().Elem())
		decodeValue(v, elem.Elem(), path, problems)
		rv.Set(elem)
	case reflect.String:
		switch s := v.(type) {
		case string:
			rv.SetString(s)
		case json.Number:
			problems.add(path, "expected a string, got the number %s: quote it (YAML reads digits as a number and drops leading zeros)", s)
		default:
			problems.add(path, "expected a string, got %s", kindOf(v))
		}
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			problems.add(path, "expected true or false, got %s", kindOf(v))
			return
		}
		rv.SetBool(b)
	case reflect.Int:
		n, ok := v.(json.Number)
		if !ok {
			problems.add(path, "expected a whole number, got %s", kindOf(v))
			return
		}
		i, err := n.Int64()
		if err != nil {
			problems.add(path, "expected a whole number, got %s", n)
			return
		}
		rv.SetInt(i)
	case reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			problems.add(path, "expected a number, got %s", kindOf(v))
			return
		}
		f, err := n.Float64()
		if err != nil {
			problems.add(path, "expected a number, got %s", n)
			return
		}
		rv.SetFloat(f)
	case reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			problems.add(path, "expected a list, got %s", kindOf(v))
			return
		}
		out := reflect.MakeSlice(rv.Type(), len(items), len(items))
		for i, item := range items {
			decodeValue(item, out.Index(i), fmt.Sprintf("%s[%d]", path, i), problems)
		}
		rv.Set(out)
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			problems.add(path, "expected a map, got %s", kindOf(v))
			return
		}
		out := reflect.MakeMapWithSize(rv.Type(), len(m))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			elem := reflect.New(rv.Type().Elem()).Elem()
			decodeValue(m[k], elem, joinKey(path, k), problems)
			out.SetMapIndex(reflect.ValueOf(k), elem)
		}
		rv.Set(out)
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			problems.add(path, "expected a map of settings, got %s", kindOf(v))
			return
		}
		fields := jsonFields(rv.Type())
		for _, k := range slices.Sorted(maps.Keys(m)) {
			idx, known := fields[k]
			if !known {
				problems.add(joinKey(path, k), "unknown key; the closest valid key is %q", closest(k, keysOf(fields)))
				continue
			}
			decodeValue(m[k], rv.Field(idx), joinKey(path, k), problems)
		}
	default:
		panic(fmt.Sprintf("config: no decoder for %s", rv.Type()))
	}
}

func jsonFields(t reflect.Type) map[string]int {
	fields := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			fields[name] = i
		}
	}
	return fields
}

func keysOf(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// joinKey extends a config path with a map key, quoting keys that would not read as one path step.
func joinKey(path, key string) string {
	if !plainKey.MatchString(key) {
		return fmt.Sprintf("%s[%q]", path, key)
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

func kindOf(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return fmt.Sprintf("%t", v)
	case []any:
		return "a list"
	case map[string]any:
		return "a map"
	}
	return fmt.Sprintf("%T", v)
}

func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return describe(t.Elem())
	case reflect.Bool:
		return "true or false"
	case reflect.Int:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a map of settings"
	}
	return t.Kind().String()
}
