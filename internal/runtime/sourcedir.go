package runtime

import (
	"fmt"
	"path"
	"strings"
)

// CleanSourceDirectory turns App Runner's SourceDirectory into a clean,
// slash-separated path relative to the repository root. App Runner writes it
// "absolute from the repository root" ("/app"); "", "/" and "." mean the root
// and return ".". A path that leaves the repository ("../x", "/a/../../b") or
// holds a NUL byte or a backslash is rejected with ErrInvalidSpec, so a
// service can never build or run outside its own tree.
func CleanSourceDirectory(dir string) (string, error) {
	if strings.ContainsAny(dir, "\x00\\") {
		return "", fmt.Errorf("%w: SourceDirectory %q: invalid character", ErrInvalidSpec, dir)
	}
	rel := strings.TrimLeft(dir, "/")
	if rel == "" {
		return ".", nil
	}
	clean := path.Clean(rel)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("%w: SourceDirectory %q leaves the repository", ErrInvalidSpec, dir)
	}
	return clean, nil
}
