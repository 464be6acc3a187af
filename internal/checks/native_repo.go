package checks

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

var largeFilesSpec = argSpec{
	flags: map[string]string{"--maxkb": "maxkb", "--enforce-all": "all"},
	takes: map[string]bool{"maxkb": true},
}

// runCheckAddedLargeFiles fails on files larger than --maxkb (default 500).
// Like pre-commit-hooks it looks only at files staged as new unless
// --enforce-all, so a CI run over all files passes once a file is in.
func runCheckAddedLargeFiles(ctx context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, largeFilesSpec)
	if bad != nil {
		return *bad
	}
	maxKB, err := strconv.Atoi(a.value("maxkb", "500"))
	if err != nil {
		return outcome{code: 2, out: fmt.Sprintf("%s: error: argument --maxkb: invalid int value: '%s'\n", h.ID, a.value("maxkb", ""))}
	}
	files = append(files, a.rest...)
	if !a.set["all"] {
		added := addedFiles(ctx, rc.dir)
		files = slices.DeleteFunc(slices.Clone(files), func(f string) bool { return !added[f] })
	}
	slices.Sort(files)
	var o outcome
	var out strings.Builder
	for _, name := range files {
		fi, err := os.Stat(rc.path(name))
		if err != nil {
			continue
		}
		kb := int((fi.Size() + 1023) / 1024)
		if kb > maxKB {
			fmt.Fprintf(&out, "%s (%d KB) exceeds %d KB.\n", name, kb, maxKB)
			o.code = 1
		}
	}
	o.out = out.String()
	return o
}

// runCheckCaseConflict fails when two paths (files or their directories)
// differ only by case, which breaks checkouts on macOS and Windows.
func runCheckCaseConflict(ctx context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, argSpec{})
	if bad != nil {
		return *bad
	}
	tracked, err := rc.trackedFiles(ctx)
	if err != nil {
		return outcome{code: 1, out: err.Error() + "\n"}
	}
	repo := withParents(setOf(tracked))
	relevant := setOf(append(files, a.rest...))
	for f := range addedFiles(ctx, rc.dir) {
		relevant[f] = true
	}
	relevant = withParents(relevant)
	for f := range relevant {
		delete(repo, f)
	}
	conflicts := map[string]bool{}
	lowerRepo := map[string]bool{}
	for f := range repo {
		lowerRepo[strings.ToLower(f)] = true
	}
	lowerRelevant := map[string]int{}
	for f := range relevant {
		l := strings.ToLower(f)
		lowerRelevant[l]++
		if lowerRepo[l] || lowerRelevant[l] > 1 {
			conflicts[l] = true
		}
	}
	var names []string
	for _, set := range []map[string]bool{repo, relevant} {
		for f := range set {
			if conflicts[strings.ToLower(f)] {
				names = append(names, f)
			}
		}
	}
	slices.Sort(names)
	var out strings.Builder
	for _, f := range slices.Compact(names) {
		fmt.Fprintf(&out, "Case-insensitivity conflict found: %s\n", f)
	}
	if len(names) == 0 {
		return outcome{}
	}
	return outcome{code: 1, out: out.String()}
}

func setOf(names []string) map[string]bool {
	s := make(map[string]bool, len(names))
	for _, n := range names {
		s[n] = true
	}
	return s
}

// withParents adds every parent directory of the paths.
func withParents(s map[string]bool) map[string]bool {
	out := make(map[string]bool, len(s))
	for f := range s {
		out[f] = true
		for i := strings.LastIndexByte(f, '/'); i > 0; i = strings.LastIndexByte(f[:i], '/') {
			out[f[:i]] = true
		}
	}
	return out
}

// runCheckShebangs fails on executable text files that do not start with
// "#!". When git does not track the executable bit (core.fileMode false),
// the mode git records is used instead of the file system's.
func runCheckShebangs(ctx context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, argSpec{})
	if bad != nil {
		return *bad
	}
	files = append(files, a.rest...)
	if mode, err := git(ctx, rc.dir, "config", "core.fileMode"); err == nil && strings.TrimSpace(string(mode)) == "false" {
		files = gitExecutables(ctx, rc.dir, files)
	}
	var o outcome
	var out strings.Builder
	for _, name := range files {
		if hasShebang(rc.path(name)) {
			continue
		}
		o.code = 1
		fmt.Fprintf(&out, "%s: marked executable but has no (or invalid) shebang!\n"+
			"  If it isn't supposed to be executable, try: `chmod -x %s`\n"+
			"  If on Windows, you may also need to: `git add --chmod=-x %s`\n"+
			"  If it is supposed to be executable, double-check its shebang.\n", name, shellQuote(name), shellQuote(name))
	}
	o.out = out.String()
	return o
}

// gitExecutables keeps the files git records with an executable mode.
func gitExecutables(ctx context.Context, dir string, files []string) []string {
	out, err := git(ctx, dir, append([]string{"ls-files", "-z", "--stage", "--"}, files...)...)
	if err != nil {
		return nil
	}
	var exec []string
	for _, entry := range zsplit(out) {
		meta, name, ok := strings.Cut(entry, "\t")
		if !ok || len(meta) < 6 {
			continue
		}
		if strings.ContainsAny(meta[3:6], "1357") {
			exec = append(exec, name)
		}
	}
	return exec
}

func hasShebang(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 2)
	n, _ := f.Read(buf)
	return n == 2 && string(buf) == "#!"
}

// shellQuote quotes s for a POSIX shell when needed (Python's shlex.quote).
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("@%+=:,./-_", c)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'"'"'`) + "'"
}
