package expr

import (
	"reflect"
	"sort"
	"strings"
)

// lookup reads a property of an object. GitHub's contexts are
// case-insensitive dictionaries, so an exact key wins and otherwise the first
// key (in sorted order, for determinism) equal under case folding is used.
func lookup(obj any, key string) (any, bool) {
	switch m := obj.(type) {
	case map[string]any:
		if v, ok := m[key]; ok {
			return v, true
		}
		for _, k := range sortedKeys(m) {
			if strings.EqualFold(k, key) {
				return m[k], true
			}
		}
		return nil, false
	case map[string]string:
		if v, ok := m[key]; ok {
			return v, true
		}
		for _, k := range sortedKeys(m) {
			if strings.EqualFold(k, key) {
				return m[k], true
			}
		}
		return nil, false
	}
	rv := reflect.ValueOf(obj)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false
	}
	keys := rv.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, exact := range []bool{true, false} {
		for _, k := range keys {
			if (exact && k.String() == key) || (!exact && strings.EqualFold(k.String(), key)) {
				return rv.MapIndex(k).Interface(), true
			}
		}
	}
	return nil, false
}

// values lists an object's property values in key order.
func values(obj any) []any {
	switch m := obj.(type) {
	case map[string]any:
		out := make([]any, 0, len(m))
		for _, k := range sortedKeys(m) {
			out = append(out, m[k])
		}
		return out
	case map[string]string:
		out := make([]any, 0, len(m))
		for _, k := range sortedKeys(m) {
			out = append(out, m[k])
		}
		return out
	}
	rv := reflect.ValueOf(obj)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil
	}
	keys := rv.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	out := make([]any, 0, len(keys))
	for _, k := range keys {
		out = append(out, rv.MapIndex(k).Interface())
	}
	return out
}

// objectEntries lists an object's keys (sorted) and values, for toJSON.
func objectEntries(obj any) ([]string, []any) {
	switch m := obj.(type) {
	case map[string]any:
		keys := sortedKeys(m)
		vals := make([]any, len(keys))
		for i, k := range keys {
			vals[i] = m[k]
		}
		return keys, vals
	case map[string]string:
		keys := sortedKeys(m)
		vals := make([]any, len(keys))
		for i, k := range keys {
			vals[i] = m[k]
		}
		return keys, vals
	}
	rv := reflect.ValueOf(obj)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, nil
	}
	rkeys := rv.MapKeys()
	sort.Slice(rkeys, func(i, j int) bool { return rkeys[i].String() < rkeys[j].String() })
	keys := make([]string, len(rkeys))
	vals := make([]any, len(rkeys))
	for i, k := range rkeys {
		keys[i] = k.String()
		vals[i] = rv.MapIndex(k).Interface()
	}
	return keys, vals
}

// items lists an array's elements.
func items(arr any) []any {
	switch a := arr.(type) {
	case []any:
		return a
	case *filteredArray:
		return a.items
	case []string:
		out := make([]any, len(a))
		for i, s := range a {
			out[i] = s
		}
		return out
	}
	rv := reflect.ValueOf(arr)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out
}

// sameRef reports whether two arrays or objects are the same instance, the
// only way GitHub considers two collections equal.
func sameRef(a, b any) bool {
	if fa, ok := a.(*filteredArray); ok {
		fb, ok := b.(*filteredArray)
		return ok && fa == fb
	}
	ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
	if ra.Type() != rb.Type() {
		return false
	}
	switch ra.Kind() {
	case reflect.Map, reflect.Pointer:
		return ra.UnsafePointer() == rb.UnsafePointer()
	case reflect.Slice:
		return ra.Len() == rb.Len() && ra.UnsafePointer() == rb.UnsafePointer()
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
