package checks

import (
	"fmt"
	"strings"
)

// shlexSplit splits a command line as Python's shlex.split (POSIX mode)
// does, which is how pre-commit reads a hook's entry: quotes group words,
// backslash escapes outside single quotes (inside double quotes only
// before " and \), # does not start a comment.
func shlexSplit(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	quote := rune(0)
	escaped := false
	for _, c := range s {
		switch {
		case escaped:
			if quote == '"' && c != '"' && c != '\\' {
				cur.WriteRune('\\')
			}
			cur.WriteRune(c)
			escaped = false
		case c == '\\' && quote != '\'':
			escaped, inWord = true, true
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteRune(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("no closing quotation")
	}
	if escaped {
		return nil, fmt.Errorf("no escaped character")
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
