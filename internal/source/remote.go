package source

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
)

// remote is a repository location as git will be given it.
type remote struct {
	// arg is what git gets: the URL, or an absolute path for a local
	// repository (git runs in the workspace, so a relative path would be
	// resolved from there).
	arg string
	// scheme is file, http, https, ssh or git; "path" for a local path and
	// "scp" for user@host:path.
	scheme string
	// secret is the password embedded in the URL, if any, to scrub from
	// git's messages.
	secret string
}

// isHTTP reports whether an Auth token applies.
func (r remote) isHTTP() bool { return r.scheme == "http" || r.scheme == "https" }

// helperSyntax matches git's "<transport>::<address>" remote-helper form
// (ext::, fd::...), which berth never uses and ext:: abuses to run commands.
var helperSyntax = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*::`)

// scpLike matches git's [user@]host:path form: no "/" before the first ":".
var scpLike = regexp.MustCompile(`^([^@/:\s]+@)?[^@/:\s]+:[^\s]*$`)

// parseRemote classifies repoURL and rejects forms git should never be
// handed: empty, option-like, control characters, or a URL scheme other than
// file, http, https, ssh and git (ext:: and friends run commands).
func parseRemote(repoURL string) (remote, error) {
	if repoURL == "" || strings.HasPrefix(repoURL, "-") || strings.ContainsAny(repoURL, "\x00\n\r") {
		return remote{}, fmt.Errorf("%w: bad repository %q", ErrInvalidArgument, redactURL(repoURL))
	}
	if helperSyntax.MatchString(repoURL) {
		return remote{}, fmt.Errorf("%w: repository %q uses a git remote helper (<transport>::), which is not supported", ErrInvalidArgument, redactURL(repoURL))
	}
	if strings.Contains(repoURL, "://") {
		u, err := url.Parse(repoURL)
		if err != nil {
			return remote{}, fmt.Errorf("%w: bad repository URL: %v", ErrInvalidArgument, redactError(err))
		}
		switch u.Scheme {
		case "file", "http", "https", "ssh", "git":
		default:
			return remote{}, fmt.Errorf("%w: repository URL scheme %q is not supported", ErrInvalidArgument, u.Scheme)
		}
		r := remote{arg: repoURL, scheme: u.Scheme}
		if pw, ok := u.User.Password(); ok {
			r.secret = pw
		}
		return r, nil
	}
	if scpLike.MatchString(repoURL) && !strings.HasPrefix(repoURL, ".") {
		return remote{arg: repoURL, scheme: "scp"}, nil
	}
	abs, err := filepath.Abs(repoURL)
	if err != nil {
		return remote{}, fmt.Errorf("%w: repository path %q: %v", ErrInvalidArgument, repoURL, err)
	}
	return remote{arg: abs, scheme: "path"}, nil
}

// redactURL hides a password embedded in a URL, for messages.
func redactURL(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "<unparsable URL>"
	}
	return u.Redacted()
}

// redactError keeps url.Parse errors from echoing the URL (and its
// password).
func redactError(err error) string {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err.Error()
	}
	return err.Error()
}
