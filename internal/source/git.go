package source

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// git runs git commands for one remote with berth's scrubbed environment.
type git struct {
	env     []string
	secrets []string
}

// passEnv are the server variables git may inherit: what it needs to find
// programs, reach the network through a proxy, verify TLS, and use the
// operator's ssh agent. Nothing else (credentials, GIT_* overrides).
var passEnv = []string{
	"PATH", "HOME", "TMPDIR", "SSH_AUTH_SOCK",
	"http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
	"SSL_CERT_FILE", "SSL_CERT_DIR", "GIT_SSL_CAINFO",
}

// newGit prepares the environment for r, with auth's token as an HTTP
// header when r is http(s).
func newGit(r remote, auth *Auth) *git {
	env := []string{
		"LC_ALL=C", // stable messages: errors are classified by their text
		"GIT_TERMINAL_PROMPT=0",
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_ALLOW_PROTOCOL=file:git:http:https:ssh",
		"GIT_SSH_COMMAND=ssh -o BatchMode=yes",
	}
	for _, k := range passEnv {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	config := [][2]string{
		{"advice.detachedHead", "false"},
		{"init.defaultBranch", "main"},
		{"gc.auto", "0"},
		{"core.hooksPath", os.DevNull},
	}
	g := &git{}
	if r.secret != "" {
		g.secrets = append(g.secrets, r.secret)
	}
	if auth != nil && auth.Token != "" && r.isHTTP() {
		user := auth.Username
		if user == "" {
			user = "x-access-token"
		}
		basic := base64.StdEncoding.EncodeToString([]byte(user + ":" + auth.Token))
		config = append(config, [2]string{"http.extraHeader", "Authorization: Basic " + basic})
		g.secrets = append(g.secrets, auth.Token, basic)
	}
	env = append(env, "GIT_CONFIG_COUNT="+strconv.Itoa(len(config)))
	for i, kv := range config {
		n := strconv.Itoa(i)
		env = append(env, "GIT_CONFIG_KEY_"+n+"="+kv[0], "GIT_CONFIG_VALUE_"+n+"="+kv[1])
	}
	g.env = env
	return g
}

// run runs git with args in dir and returns its stdout. A failure is
// classified from git's stderr into the package's sentinel errors, with
// git's own last lines (secrets scrubbed) as detail.
func (g *git) run(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Env = g.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		return stdout.String(), nil
	}
	if ctx.Err() != nil {
		return "", fmt.Errorf("git %s: %w", args[0], ctx.Err())
	}
	if errors.Is(err, exec.ErrNotFound) {
		return "", fmt.Errorf("git %s: git is not installed: %w", args[0], err)
	}
	msg := g.scrub(gitMessage(stderr.String()))
	return "", fmt.Errorf("git %s: %w: %s", args[0], classify(stderr.String(), err), msg)
}

// classify maps git's stderr to a sentinel error.
func classify(stderr string, err error) error {
	s := strings.ToLower(stderr)
	switch {
	case strings.Contains(s, "transport '") && strings.Contains(s, "not allowed"):
		return ErrInvalidArgument
	case strings.Contains(s, "couldn't find remote ref"),
		strings.Contains(s, "not our ref"),
		strings.Contains(s, "unadvertised object"),
		strings.Contains(s, "no such remote ref"):
		return ErrRefNotFound
	case strings.Contains(s, "authentication failed"),
		strings.Contains(s, "could not read username"),
		strings.Contains(s, "could not read password"),
		strings.Contains(s, "terminal prompts disabled"),
		strings.Contains(s, "permission denied"),
		strings.Contains(s, "403"):
		return ErrAuthFailed
	case strings.Contains(s, "does not appear to be a git repository"),
		strings.Contains(s, "repository not found"),
		strings.Contains(s, "not found"),
		strings.Contains(s, "no such file or directory"),
		strings.Contains(s, "404"):
		return ErrRepoNotFound
	}
	return err
}

// scrub removes secrets from a message.
func (g *git) scrub(s string) string {
	for _, secret := range g.secrets {
		s = strings.ReplaceAll(s, secret, "***")
	}
	return s
}

// gitMessage picks git's own diagnosis out of its stderr: the fatal:,
// error: and remote: lines (at most 3), else the last line. The rest is
// progress and advice.
func gitMessage(stderr string) string {
	var picked []string
	last := ""
	for _, l := range strings.Split(stderr, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		last = l
		if strings.HasPrefix(l, "fatal:") || strings.HasPrefix(l, "error:") || strings.HasPrefix(l, "remote:") {
			picked = append(picked, l)
		}
	}
	switch {
	case len(picked) > 3:
		picked = picked[:3]
	case len(picked) == 0 && last != "":
		picked = []string{last}
	}
	return strings.Join(picked, "; ")
}
