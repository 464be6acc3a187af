package checks

import (
	"fmt"
	"strings"
)

// argSpec declares the command-line options of a native hook, the way the
// original hook's argparse parser does, so configs written for pre-commit
// (args: [--maxkb=1000], [--fix=lf], [-m]) mean the same here.
type argSpec struct {
	// flags maps each spelling to a canonical name; a true value in takes
	// marks options that take a value.
	flags map[string]string
	takes map[string]bool
}

// parsedArgs holds the options a hook was given.
type parsedArgs struct {
	set    map[string]bool
	values map[string][]string
	// rest are positional arguments; argparse treats them as file names.
	rest []string
}

func (a parsedArgs) value(name, def string) string {
	if v := a.values[name]; len(v) > 0 {
		return v[len(v)-1]
	}
	return def
}

// parseArgs parses args like argparse: --opt, --opt=value, --opt value,
// unique prefixes of long options, and "--" ending options.
func parseArgs(hookID string, args []string, spec argSpec) (parsedArgs, error) {
	p := parsedArgs{set: map[string]bool{}, values: map[string][]string{}}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			p.rest = append(p.rest, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			p.rest = append(p.rest, arg)
			continue
		}
		name, value, hasValue := strings.Cut(arg, "=")
		canon, err := spec.lookup(hookID, name)
		if err != nil {
			return p, err
		}
		if !spec.takes[canon] {
			if hasValue {
				return p, fmt.Errorf("%s: error: argument %s: ignored explicit argument %q", hookID, name, value)
			}
			p.set[canon] = true
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return p, fmt.Errorf("%s: error: argument %s: expected one argument", hookID, name)
			}
			i++
			value = args[i]
		}
		p.set[canon] = true
		p.values[canon] = append(p.values[canon], value)
	}
	return p, nil
}

// lookup resolves an option spelling, allowing unique prefixes of long
// options as argparse does.
func (s argSpec) lookup(hookID, name string) (string, error) {
	if canon, ok := s.flags[name]; ok {
		return canon, nil
	}
	if strings.HasPrefix(name, "--") {
		var matches []string
		for flag := range s.flags {
			if strings.HasPrefix(flag, name) {
				matches = append(matches, flag)
			}
		}
		if len(matches) == 1 {
			return s.flags[matches[0]], nil
		}
		if len(matches) > 1 {
			return "", fmt.Errorf("%s: error: ambiguous option: %s could match %s", hookID, name, strings.Join(matches, ", "))
		}
	}
	return "", fmt.Errorf("%s: error: unrecognized arguments: %s", hookID, name)
}

// parseHookArgs parses h.Args with spec; on error it returns the failing
// outcome (exit code 2, argparse's usage error code).
func parseHookArgs(h *Hook, spec argSpec) (parsedArgs, *outcome) {
	p, err := parseArgs(h.ID, h.Args, spec)
	if err != nil {
		return p, &outcome{code: 2, out: err.Error() + "\n"}
	}
	return p, nil
}
