package template

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Coerce returns a copy of resolved properties with scalars converted to the
// types the schema declares, as CloudFormation does before it calls a
// provider: numbers and booleans become strings for String properties,
// numeric strings become numbers for Integer and Number properties, and
// "true"/"false" become booleans. Values that cannot be converted are left
// as they are; Check reports them.
func (s *Schema) Coerce(props map[string]any) map[string]any {
	out, _ := coerceObject(props, s.Properties).(map[string]any)
	return out
}

func coerceObject(m map[string]any, defs map[string]*Property) any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = coerceValue(v, defs[k])
	}
	return out
}

func coerceValue(v any, def *Property) any {
	if def == nil {
		return copyValue(v)
	}
	switch def.Type {
	case TypeString:
		if s, ok := scalarString(v); ok {
			return s
		}
	case TypeInteger:
		if n, ok := toInt(v); ok {
			if _, isBool := v.(bool); !isBool {
				return json.Number(strconv.Itoa(n))
			}
		}
	case TypeNumber:
		if s, ok := scalarString(v); ok && numberRe.MatchString(s) {
			if s = strings.TrimPrefix(s, "+"); jsonNumberRe.MatchString(s) {
				return json.Number(s)
			}
			if f, err := strconv.ParseFloat(s, 64); err == nil {
				return json.Number(strconv.FormatFloat(f, 'f', -1, 64))
			}
		}
	case TypeBoolean:
		if s, ok := scalarString(v); ok {
			if strings.EqualFold(s, "true") {
				return true
			}
			if strings.EqualFold(s, "false") {
				return false
			}
		}
	case TypeList:
		if l, ok := v.([]any); ok {
			out := make([]any, len(l))
			for i, x := range l {
				out[i] = coerceValue(x, def.Items)
			}
			return out
		}
	case TypeMap:
		if m, ok := v.(map[string]any); ok {
			out := make(map[string]any, len(m))
			for k, x := range m {
				out[k] = coerceValue(x, def.Items)
			}
			return out
		}
	case TypeObject:
		if m, ok := v.(map[string]any); ok && def.Properties != nil {
			return coerceObject(m, def.Properties)
		}
	}
	return copyValue(v)
}
