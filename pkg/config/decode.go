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

// KnownNamespaces are the configuration namespaces a stack of this program may use: its own, the AWS
// provider's and Pulumi's. A key in any other namespace is a typo that would drop a whole setting.
var KnownNamespaces = []string{Namespace, "aws", "pulumi"}

// Decode reads the stack configuration (the map Pulumi hands a program: "landingzone:workloads" ->
// JSON text, "landingzone:name" -> plain text) into an Organization. It is strict: every key of the
// landingzone namespace must be a known one and every value of the right type, and a key in an
// unknown namespace is refused. Problems are collected, not stopped at, so one run lists them all.
// Keys of the aws: and pulumi: namespaces are not the landing zone's and are left alone.
//
// Decode never fails open: it records every path the configuration sets (Given), so that defaults
// fill only what is absent; an explicit empty string or null is refused where it would otherwise be
// read as absent.
func Decode(config map[string]string) (*Organization, Problems) {
	org := &Organization{given: map[string]bool{}, refused: map[string]bool{}}
	var problems Problems
	defer func() {
		for _, p := range problems {
			org.refused[p.Path] = true
		}
	}()
	root := reflect.ValueOf(org).Elem()
	fields := jsonFields(root.Type())

	keys := make([]string, 0, len(config))
	for k := range config {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, full := range keys {
		namespace, key, _ := strings.Cut(full, ":")
		if namespace != Namespace {
			if !slices.Contains(KnownNamespaces, namespace) {
				problems.add(full, "unknown configuration namespace %q: did you mean %q? (known: %s; the key would be ignored)",
					namespace, closest(namespace, KnownNamespaces)+":"+key, strings.Join(KnownNamespaces, ", "))
			}
			continue
		}
		idx, known := fields[key]
		if !known {
			path := key
			if !plainKey.MatchString(key) {
				path = fmt.Sprintf("%q", full) // "landingzone:" alone names no key
			}
			problems.add(path, "%s", unknownKey(root.Type(), "", key))
			org.refused[closest(key, keysOf(fields))] = true
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
			if err := dec.Decode(&value); err != nil || dec.More() {
				problems.add(key, "expected %s, got %q", describe(field.Type()), raw)
				continue
			}
		}
		org.decodeField(value, field, key, &problems)
	}
	return org, problems
}

// decodeField decodes the value of a named setting. An empty string there would read as absent and
// take the default, so it is refused; in a list or as a map value (a tag value) it is a value.
func (o *Organization) decodeField(v any, rv reflect.Value, path string, problems *Problems) {
	if s, ok := v.(string); ok && s == "" && rv.Kind() == reflect.String {
		problems.add(path, "is empty: give a value, or remove the key to take the default")
		return
	}
	o.decodeValue(v, rv, path, problems)
}

// Given reports whether the configuration set a path (e.g. "logArchive.objectLockDays",
// "workloads[2].accountName"), whatever its value: an explicit zero, empty string or empty list is
// given, and is honoured or refused, never replaced by a default.
func (o *Organization) Given(path string) bool { return o.given[path] }

func (o *Organization) decodeValue(v any, rv reflect.Value, path string, problems *Problems) {
	if v == nil {
		// YAML reads "key:" with nothing after it as null: neither absent (the default) nor a value.
		problems.add(path, "has no value: give one, or remove the key to take the default")
		return
	}
	o.given[path] = true
	if v == Secret && !takesSecret(path) {
		problems.add(path, "%s", secretProblem())
		return
	}
	switch rv.Kind() {
	case reflect.Pointer:
		elem := reflect.New(rv.Type().Elem())
		o.decodeValue(v, elem.Elem(), path, problems)
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
			o.decodeValue(item, out.Index(i), fmt.Sprintf("%s[%d]", path, i), problems)
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
			o.decodeValue(m[k], elem, joinKey(path, k), problems)
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
				problems.add(joinKey(path, k), "%s", unknownKey(rv.Type(), path, k))
				// A misspelt key leaves the key it meant unset: "is required" there would be a second
				// message for one mistake.
				o.refused[joinKey(path, closest(k, keysOf(fields)))] = true
				continue
			}
			o.decodeField(m[k], rv.Field(idx), joinKey(path, k), problems)
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

var (
	plainKey  = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	listIndex = regexp.MustCompile(`\[\d+\]`)
)

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

// unknownKey explains an unknown key at a path: the nearest key of that section when the key looks
// like a misspelling of one, and the section where a key of that name belongs when it is misplaced.
func unknownKey(t reflect.Type, parent, key string) string {
	var elsewhere []string
	section := listIndex.ReplaceAllString(parent, "[]")
	settingPaths(reflect.TypeFor[Organization](), "", func(path, name string) {
		if strings.EqualFold(name, key) && path != joinKey(section, name) {
			elsewhere = append(elsewhere, path)
		}
	})
	if len(elsewhere) > 0 {
		where := make([]string, len(elsewhere))
		for i, p := range elsewhere {
			where[i] = p
			if section, _, nested := cutLast(p, "."); nested {
				where[i] = fmt.Sprintf("%s (under %s)", p, section)
			} else {
				where[i] = p + " (at the top level, landingzone:" + p + ")"
			}
		}
		return fmt.Sprintf("unknown key here; %q belongs at %s", key, strings.Join(where, " or "))
	}
	return fmt.Sprintf("unknown key; the closest valid key is %q", closest(key, keysOf(jsonFields(t))))
}

// settingPaths calls fn with the config path and key of every setting of a struct type, nested ones
// included; list items are written "[]".
func settingPaths(t reflect.Type, prefix string, fn func(path, name string)) {
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		path := joinKey(prefix, name)
		fn(path, name)
		ft := t.Field(i).Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Struct:
			settingPaths(ft, path, fn)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			settingPaths(ft.Elem(), path+"[]", fn)
		}
	}
}
