package checks

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// conflictPatterns start lines git writes around a merge conflict.
var conflictPatterns = []string{"<<<<<<< ", "======= ", "=======\r\n", "=======\n", ">>>>>>> "}

var mergeConflictSpec = argSpec{flags: map[string]string{"--assume-in-merge": "assume"}}

// runCheckMergeConflict reports conflict markers. Like pre-commit-hooks, it
// only looks while a merge or rebase is in progress, unless
// --assume-in-merge is given.
func runCheckMergeConflict(ctx context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, mergeConflictSpec)
	if bad != nil {
		return *bad
	}
	if !a.set["assume"] && !inMerge(ctx, rc.dir) {
		return outcome{}
	}
	var o outcome
	var out strings.Builder
	for _, name := range append(files, a.rest...) {
		f, err := os.Open(rc.path(name))
		if err != nil {
			fmt.Fprintf(&out, "%s: %v\n", name, err)
			o.code = 1
			continue
		}
		r := bufio.NewReader(f)
		for lineNo := 1; ; lineNo++ {
			line, err := r.ReadBytes('\n')
			for _, p := range conflictPatterns {
				if bytes.HasPrefix(line, []byte(p)) {
					fmt.Fprintf(&out, "%s:%d: Merge conflict string '%s' found\n", name, lineNo, strings.TrimSpace(p))
					o.code = 1
				}
			}
			if err != nil {
				break
			}
		}
		f.Close()
	}
	o.out = out.String()
	return o
}

// inMerge reports whether the repository is in the middle of a merge or a
// rebase with conflicts.
func inMerge(ctx context.Context, dir string) bool {
	gd, err := gitDir(ctx, dir)
	if err != nil {
		return false
	}
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(gd, name))
		return err == nil
	}
	return exists("MERGE_MSG") && (exists("MERGE_HEAD") || exists("rebase-apply") || exists("rebase-merge"))
}

// privateKeyMarkers are the strings detect-private-key looks for.
var privateKeyMarkers = []string{
	"BEGIN RSA PRIVATE KEY", "BEGIN DSA PRIVATE KEY", "BEGIN EC PRIVATE KEY",
	"BEGIN OPENSSH PRIVATE KEY", "BEGIN PRIVATE KEY", "PuTTY-User-Key-File-2",
	"BEGIN SSH2 ENCRYPTED PRIVATE KEY", "BEGIN PGP PRIVATE KEY BLOCK",
	"BEGIN ENCRYPTED PRIVATE KEY", "BEGIN OpenVPN Static key V1",
}

// runDetectPrivateKey fails on files holding a private key.
func runDetectPrivateKey(_ context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, argSpec{})
	if bad != nil {
		return *bad
	}
	var o outcome
	var out strings.Builder
	for _, name := range append(files, a.rest...) {
		b, err := os.ReadFile(rc.path(name))
		if err != nil {
			fmt.Fprintf(&out, "%s: %v\n", name, err)
			o.code = 1
			continue
		}
		for _, m := range privateKeyMarkers {
			if bytes.Contains(b, []byte(m)) {
				fmt.Fprintf(&out, "Private key found: %s\n", name)
				o.code = 1
				break
			}
		}
	}
	o.out = out.String()
	return o
}

// failRunner implements pre-commit's `language: fail`: the hook fails,
// printing its entry and the files it matched.
func failRunner(entry string) runner {
	return func(_ context.Context, _ *runContext, _ *Hook, files []string) outcome {
		return outcome{code: 1, out: entry + "\n\n" + strings.Join(files, "\n") + "\n"}
	}
}
