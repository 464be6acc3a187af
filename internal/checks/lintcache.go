package checks

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// lintCacheDir holds cached results of pure linters (cfn-lint): the same
// tool on the same files with the same arguments gives the same answer,
// and cfn-lint takes over a second to start. A pipeline run whose commit
// touches no template then costs no cfn-lint start at all.
func lintCacheDir() string {
	if d := os.Getenv("BERTH_LINT_CACHE"); d != "" {
		return d
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "berth", "lint")
}

type cachedOutcome struct {
	Code int    `json:"code"`
	Out  string `json:"out"`
}

// cachedCommand runs tool with args on files through the lint cache. The
// key covers the tool binary (path, size, modification time), the
// arguments and every file's name and content; any error skips the cache.
func cachedCommand(ctx context.Context, rc *runContext, tool string, args, files []string) outcome {
	dir := lintCacheDir()
	key, ok := lintKey(rc, tool, args, files)
	if dir == "" || !ok {
		return rc.command(ctx, tool, args, files)
	}
	path := filepath.Join(dir, key+".json")
	if b, err := os.ReadFile(path); err == nil {
		var c cachedOutcome
		if json.Unmarshal(b, &c) == nil {
			return outcome{code: c.Code, out: c.Out}
		}
	}
	o := rc.command(ctx, tool, args, files)
	if ctx.Err() == nil && len(o.modified) == 0 {
		if b, err := json.Marshal(cachedOutcome{Code: o.code, Out: o.out}); err == nil && os.MkdirAll(dir, 0o700) == nil {
			tmp := path + ".tmp"
			if os.WriteFile(tmp, b, 0o600) == nil {
				os.Rename(tmp, path)
			}
		}
	}
	return o
}

func lintKey(rc *runContext, tool string, args, files []string) (string, bool) {
	fi, err := os.Stat(tool)
	if err != nil {
		return "", false
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%d\x00", tool, fi.Size(), fi.ModTime().UnixNano())
	for _, a := range args {
		fmt.Fprintf(h, "a:%s\x00", a)
	}
	for _, f := range files {
		b, err := os.ReadFile(rc.path(f))
		if err != nil {
			return "", false
		}
		fmt.Fprintf(h, "f:%s\x00%d\x00", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), true
}
