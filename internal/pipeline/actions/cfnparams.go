package actions

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// ParseParameterOverrides reads aws-cloudformation-github-deploy's
// parameter-overrides input in its forms:
//   - a file URL (file:///path/params.json) naming a JSON list of
//     {"ParameterKey": ..., "ParameterValue": ...} objects;
//   - that JSON list given inline;
//   - "K1=V1,K2=V2": split on commas outside quotes, each entry trimmed (so
//     a YAML `>-` block folded over several lines works), the value being
//     everything after the first "=", surrounding quotes removed. A key
//     given twice gets its values joined with "," (list parameters); an
//     entry without "=" continues the previous value, as the AWS CLI reads
//     "Subnets=a,b" (the action would create a parameter named "b").
func ParseParameterOverrides(s string) ([]cfntypes.Parameter, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if u, err := url.Parse(s); err == nil && u.Scheme == "file" {
		b, err := os.ReadFile(u.Path)
		if err != nil {
			return nil, fmt.Errorf("%w: parameter-overrides: %v", ErrInput, err)
		}
		return parseParameterJSON(b)
	}
	if strings.HasPrefix(s, "[") {
		return parseParameterJSON([]byte(s))
	}
	var keys []string
	values := map[string]string{}
	last := ""
	for _, part := range splitOutsideQuotes(s) {
		part = strings.TrimSpace(part)
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			if last == "" {
				return nil, fmt.Errorf("%w: parameter-overrides: %q is not KEY=VALUE", ErrInput, part)
			}
			values[last] += "," + unquote(part)
			continue
		}
		k = strings.TrimSpace(k)
		if k == "" {
			return nil, fmt.Errorf("%w: parameter-overrides: %q has an empty key", ErrInput, part)
		}
		v = unquote(v)
		if prev, seen := values[k]; seen {
			v = prev + "," + v
		} else {
			keys = append(keys, k)
		}
		values[k] = v
		last = k
	}
	out := make([]cfntypes.Parameter, 0, len(keys))
	for _, k := range keys {
		out = append(out, cfntypes.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(values[k])})
	}
	return out, nil
}

type jsonParameter struct {
	ParameterKey     string
	ParameterValue   *string
	UsePreviousValue *bool
}

func parseParameterJSON(b []byte) ([]cfntypes.Parameter, error) {
	var ps []jsonParameter
	if err := json.Unmarshal(b, &ps); err != nil {
		return nil, fmt.Errorf("%w: parameter-overrides: not a JSON list of {ParameterKey, ParameterValue}: %v", ErrInput, err)
	}
	out := make([]cfntypes.Parameter, 0, len(ps))
	for _, p := range ps {
		if p.ParameterKey == "" {
			return nil, fmt.Errorf("%w: parameter-overrides: an entry has no ParameterKey", ErrInput)
		}
		out = append(out, cfntypes.Parameter{ParameterKey: aws.String(p.ParameterKey), ParameterValue: p.ParameterValue, UsePreviousValue: p.UsePreviousValue})
	}
	return out, nil
}

// splitOutsideQuotes splits s on commas that are not inside '...' or "...".
func splitOutsideQuotes(s string) []string {
	var out []string
	var quote rune
	start := 0
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == ',':
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// unquote removes one pair of matching surrounding quotes.
func unquote(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}
