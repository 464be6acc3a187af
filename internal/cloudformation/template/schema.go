package template

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// TypeRegistry gives the schema of resource types. The engine backs it with
// its providers; Validate uses it to reject unknown types, unknown or
// ill-typed properties and unknown GetAtt attributes.
type TypeRegistry interface {
	// Schema returns the schema of a resource type; ok is false when berth
	// cannot create resources of that type.
	Schema(typeName string) (s *Schema, ok bool)
}

// MapRegistry is a TypeRegistry over a map of type name → schema.
type MapRegistry map[string]*Schema

var _ TypeRegistry = MapRegistry(nil)

// Schema implements TypeRegistry.
func (m MapRegistry) Schema(typeName string) (*Schema, bool) {
	s, ok := m[typeName]
	return s, ok
}

// Property value types of a Schema.
const (
	TypeString  = "String"
	TypeInteger = "Integer"
	TypeNumber  = "Number"
	TypeBoolean = "Boolean"
	TypeList    = "List"   // Items describes the elements
	TypeMap     = "Map"    // string keys; Items describes the values
	TypeObject  = "Object" // Properties describes the keys
	TypeJSON    = "Json"   // anything: policy documents, free-form maps
)

// Schema describes the properties and attributes of a resource type, in the
// spirit of CloudFormation registry schemas.
type Schema struct {
	Properties map[string]*Property
	// AdditionalProperties accepts properties not listed (custom resources).
	AdditionalProperties bool
	// CreateOnly lists property paths ("/properties/ServiceName") whose
	// change requires replacing the resource.
	CreateOnly []string
	// Attributes lists what Fn::GetAtt may read ("ServiceUrl",
	// "Endpoint.Address"). A trailing ".*" accepts any suffix
	// ("Outputs.*"), and "*" any attribute.
	Attributes []string
}

// Property describes one property value.
type Property struct {
	// Type is one of the Type* constants; empty means anything.
	Type     string
	Required bool
	// Properties describes the keys of an Object.
	Properties map[string]*Property
	// AdditionalProperties accepts keys of an Object not listed.
	AdditionalProperties bool
	// Items describes the elements of a List or the values of a Map.
	Items *Property
}

// HasAttribute reports whether Fn::GetAtt may read the attribute.
func (s *Schema) HasAttribute(name string) bool {
	for _, a := range s.Attributes {
		if a == name || a == "*" {
			return true
		}
		if prefix, ok := strings.CutSuffix(a, ".*"); ok && strings.HasPrefix(name, prefix+".") {
			return true
		}
	}
	return false
}

// Check validates properties against the schema and returns the first
// violation as CloudFormation words it ("Properties validation failed for
// resource X with message: #: required key [Y] not found"). Values that are
// still functions are not type-checked, as CloudFormation does not check
// them before they are resolved; call Check again on resolved properties.
func (s *Schema) Check(logicalID string, props map[string]any) error {
	if msg := checkObject("#", props, s.Properties, s.AdditionalProperties); msg != "" {
		return newErr(ErrProperties, "", "Properties validation failed for resource %s with message: %s", logicalID, msg)
	}
	return nil
}

func checkObject(path string, m map[string]any, defs map[string]*Property, additional bool) string {
	for _, k := range sortedKeys(defs) {
		if _, ok := m[k]; !ok && defs[k].Required {
			return path + ": required key [" + k + "] not found"
		}
	}
	for _, k := range sortedKeys(m) {
		def, ok := defs[k]
		if !ok {
			if additional {
				continue
			}
			return path + ": extraneous key [" + k + "] is not permitted"
		}
		if msg := checkValue(path+"/"+k, m[k], def); msg != "" {
			return msg
		}
	}
	return ""
}

func checkValue(path string, v any, def *Property) string {
	if _, _, fn := asIntrinsic(v); fn || def == nil {
		return ""
	}
	ok := true
	switch def.Type {
	case TypeString:
		_, ok = scalarString(v)
	case TypeInteger:
		_, ok = toInt(v)
		_, isBool := v.(bool)
		ok = ok && !isBool
	case TypeNumber:
		s, isScalar := scalarString(v)
		_, isBool := v.(bool)
		ok = isScalar && !isBool && numberRe.MatchString(s)
	case TypeBoolean:
		s, isScalar := scalarString(v)
		ok = isScalar && (strings.EqualFold(s, "true") || strings.EqualFold(s, "false"))
	case TypeList:
		l, isList := v.([]any)
		if !isList {
			ok = false
			break
		}
		for i, x := range l {
			if msg := checkValue(path+"/"+strconv.Itoa(i), x, def.Items); msg != "" {
				return msg
			}
		}
	case TypeMap:
		m, isMap := v.(map[string]any)
		if !isMap {
			ok = false
			break
		}
		for _, k := range sortedKeys(m) {
			if msg := checkValue(path+"/"+k, m[k], def.Items); msg != "" {
				return msg
			}
		}
	case TypeObject:
		m, isMap := v.(map[string]any)
		if !isMap {
			ok = false
			break
		}
		if def.Properties != nil {
			return checkObject(path, m, def.Properties, def.AdditionalProperties)
		}
	}
	if !ok {
		return path + ": expected type: " + schemaTypeName(def.Type) + ", found: " + foundTypeName(v)
	}
	return ""
}

func schemaTypeName(t string) string {
	switch t {
	case TypeList:
		return "JSONArray"
	case TypeMap, TypeObject:
		return "JSONObject"
	}
	return t
}

func foundTypeName(v any) string {
	switch tv := v.(type) {
	case []any:
		return "JSONArray"
	case map[string]any:
		return "JSONObject"
	case bool:
		return "Boolean"
	case json.Number:
		if _, err := tv.Int64(); err == nil {
			return "Integer"
		}
		return "Number"
	}
	return "String"
}

// ReplacementPaths returns the create-only paths whose values differ
// between old and new properties: a change to any of them replaces the
// resource.
func (s *Schema) ReplacementPaths(old, new map[string]any) []string {
	var out []string
	for _, p := range s.CreateOnly {
		if !reflect.DeepEqual(lookupPath(old, p), lookupPath(new, p)) {
			out = append(out, p)
		}
	}
	return out
}

// lookupPath reads "/properties/A/B" (or "A/B") from properties.
func lookupPath(props map[string]any, path string) any {
	path = strings.TrimPrefix(strings.TrimPrefix(path, "/properties"), "/")
	var cur any = props
	for _, tok := range strings.Split(path, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[tok]
	}
	return cur
}
