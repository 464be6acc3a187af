package template

import "strings"

// subPart is a piece of an Fn::Sub string: literal text or a ${variable}.
type subPart struct {
	text  string
	isVar bool
}

// parseSub splits an Fn::Sub string into literal text and variables.
// "${!Literal}" is the escape for a literal "${Literal}"; a "${" without a
// closing "}" is literal text, as in CloudFormation.
func parseSub(s string) ([]subPart, error) {
	var parts []subPart
	var lit strings.Builder
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			lit.WriteString(s[i:])
			break
		}
		lit.WriteString(s[i : i+j])
		i += j
		if i+2 < len(s) && s[i+2] == '!' {
			lit.WriteString("${")
			i += 3
			continue
		}
		end := strings.IndexByte(s[i+2:], '}')
		if end < 0 {
			lit.WriteString(s[i:])
			break
		}
		name := s[i+2 : i+2+end]
		if !validSubVar(name) {
			return nil, templateErr("variable names in Fn::Sub syntax must contain only alphanumeric " +
				"characters, underscores, periods, and colons")
		}
		if lit.Len() > 0 {
			parts = append(parts, subPart{text: lit.String()})
			lit.Reset()
		}
		parts = append(parts, subPart{text: name, isVar: true})
		i += 2 + end + 1
	}
	if lit.Len() > 0 {
		parts = append(parts, subPart{text: lit.String()})
	}
	return parts, nil
}

func validSubVar(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		ok := r == '_' || r == '.' || r == ':' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}

// subArgs splits the argument of Fn::Sub into the string and the optional
// variable map; ok is false when the shape is wrong.
func subArgs(arg any) (string, map[string]any, bool) {
	switch a := arg.(type) {
	case string:
		return a, nil, true
	case []any:
		if len(a) != 2 {
			return "", nil, false
		}
		s, ok1 := a[0].(string)
		m, ok2 := a[1].(map[string]any)
		if !ok1 || !ok2 {
			return "", nil, false
		}
		return s, m, true
	}
	return "", nil, false
}

func errSubArgs() *Error {
	return templateErr("One or more Fn::Sub intrinsic functions don't specify expected arguments. " +
		"Specify a string as first argument, and an optional second argument to specify a mapping " +
		"of values to replace in the string")
}
