package runner

import (
	"fmt"
	"strings"
)

// KeyValue is one NAME=VALUE entry of a GITHUB_ENV or GITHUB_OUTPUT file.
type KeyValue struct {
	Name, Value string
}

// FileCommandError is a malformed GITHUB_ENV / GITHUB_OUTPUT file; it
// wraps ErrFileCommand and reads like GitHub's message.
type FileCommandError struct{ Msg string }

// Error returns the message.
func (e *FileCommandError) Error() string { return e.Msg }

// Unwrap lets errors.Is match ErrFileCommand.
func (e *FileCommandError) Unwrap() error { return ErrFileCommand }

func fileCommandErrorf(format string, args ...any) error {
	return &FileCommandError{Msg: fmt.Sprintf(format, args...)}
}

// ParseFileCommand reads a GITHUB_ENV / GITHUB_OUTPUT file the way GitHub's
// runner does: each non-empty line is either NAME=VALUE or NAME<<DELIM
// followed by value lines and a line that is exactly DELIM (whichever of
// "=" and "<<" comes first decides). Lines end with \n or \r\n. A missing
// delimiter, an empty name or an empty delimiter is an error naming the
// line, and no partial result is applied.
func ParseFileCommand(data string) ([]KeyValue, error) {
	lines := splitLines(data)
	var out []KeyValue
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if line == "" {
			continue
		}
		eq := strings.Index(line, "=")
		hd := strings.Index(line, "<<")
		switch {
		case eq >= 0 && (hd < 0 || eq < hd):
			name, value := line[:eq], line[eq+1:]
			if name == "" {
				return nil, fileCommandErrorf("invalid format %q: name must not be empty", line)
			}
			out = append(out, KeyValue{name, value})
		case hd >= 0:
			name, delim := line[:hd], line[hd+2:]
			if name == "" || delim == "" {
				return nil, fileCommandErrorf("invalid format %q", line)
			}
			var value []string
			found := false
			for i++; i < len(lines); i++ {
				if lines[i] == delim {
					found = true
					break
				}
				value = append(value, lines[i])
			}
			if !found {
				return nil, fileCommandErrorf("invalid value: matching delimiter not found %q", delim)
			}
			out = append(out, KeyValue{name, strings.Join(value, "\n")})
		default:
			return nil, fileCommandErrorf("invalid format %q", line)
		}
	}
	return out, nil
}

// ParsePathFile reads a GITHUB_PATH file: one directory per non-empty line.
func ParsePathFile(data string) []string {
	var out []string
	for _, l := range splitLines(data) {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// splitLines splits on \n, dropping a \r before it and a final empty line.
func splitLines(data string) []string {
	if data == "" {
		return nil
	}
	lines := strings.Split(data, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}
