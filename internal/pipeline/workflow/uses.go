package workflow

import (
	"fmt"
	"strings"
)

// ActionKind tells where a step's action comes from.
type ActionKind int

// Sources of a `uses:` action.
const (
	// ActionRepo is owner/repo[/path]@ref, fetched from a repository (or
	// provided natively by berth for well-known actions).
	ActionRepo ActionKind = iota
	// ActionLocal is ./path inside the workflow's own repository.
	ActionLocal
	// ActionDocker is docker://image.
	ActionDocker
)

// ActionRef is a parsed `uses:` value.
type ActionRef struct {
	Kind  ActionKind
	Owner string // ActionRepo
	Repo  string // ActionRepo
	Path  string // ActionRepo: sub-directory; ActionLocal: the ./path
	Ref   string // ActionRepo: tag, branch or SHA after @
	Image string // ActionDocker
}

// Name is owner/repo[/path] without the ref, the key berth uses to find a
// native implementation (for example "dorny/paths-filter").
func (a ActionRef) Name() string {
	switch a.Kind {
	case ActionLocal:
		return a.Path
	case ActionDocker:
		return "docker://" + a.Image
	}
	name := a.Owner + "/" + a.Repo
	if a.Path != "" {
		name += "/" + a.Path
	}
	return name
}

// ParseUses parses a step's `uses:` value. Remote actions need a non-empty
// @ref, as on GitHub.
func ParseUses(s string) (ActionRef, error) {
	switch {
	case s == "":
		return ActionRef{}, fmt.Errorf("%w: empty", ErrInvalidUses)
	case strings.HasPrefix(s, "./") || s == ".":
		return ActionRef{Kind: ActionLocal, Path: s}, nil
	case strings.HasPrefix(s, "docker://"):
		img := strings.TrimPrefix(s, "docker://")
		if img == "" {
			return ActionRef{}, fmt.Errorf("%w: %q has no image", ErrInvalidUses, s)
		}
		return ActionRef{Kind: ActionDocker, Image: img}, nil
	}
	name, ref, ok := strings.Cut(s, "@")
	if !ok || ref == "" {
		return ActionRef{}, fmt.Errorf("%w: %q must be owner/repo@ref, ./path or docker://image", ErrInvalidUses, s)
	}
	parts := strings.SplitN(name, "/", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" || strings.ContainsAny(name, " \t") {
		return ActionRef{}, fmt.Errorf("%w: %q must be owner/repo@ref", ErrInvalidUses, s)
	}
	a := ActionRef{Kind: ActionRepo, Owner: parts[0], Repo: parts[1], Ref: ref}
	if len(parts) == 3 {
		a.Path = strings.Trim(parts[2], "/")
	}
	return a, nil
}
