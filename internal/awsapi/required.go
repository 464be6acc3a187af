package awsapi

import (
	"fmt"
	"reflect"
	"strings"
)

// checkRequired enforces `aws:"required"` fields of a decoded input with
// the wording AWS's validators use.
func checkRequired(in any, p Protocol) error {
	msgs := missingRequired(reflect.ValueOf(in).Elem(), p)
	if len(msgs) == 0 {
		return nil
	}
	n := "error"
	if len(msgs) > 1 {
		n = "errors"
	}
	code := CodeValidation
	if p != Query {
		code = "ValidationException"
	}
	return Errorf(code, "%d validation %s detected: %s", len(msgs), n, strings.Join(msgs, "; "))
}

// missingRequired lists the unset `aws:"required"` members of v, looking
// into embedded structs.
func missingRequired(v reflect.Value, p Protocol) []string {
	t := v.Type()
	var msgs []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			msgs = append(msgs, missingRequired(v.Field(i), p)...)
			continue
		}
		if !strings.Contains(f.Tag.Get("aws"), "required") {
			continue
		}
		fv := v.Field(i)
		if !fv.IsZero() && !(fv.Kind() == reflect.String && fv.Len() == 0) {
			continue
		}
		name := f.Name
		if p != Query {
			if j := f.Tag.Get("json"); j != "" {
				name = strings.Split(j, ",")[0]
			}
		} else {
			name = lowerFirst(queryName(f))
		}
		msgs = append(msgs, fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", name))
	}
	return msgs
}
