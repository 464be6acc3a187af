package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// hashFiles implements hashFiles(patterns...) as GitHub's runner does:
// the files under the workspace matching the patterns (a leading ! excludes),
// sorted by path, each hashed with SHA-256, and the concatenation of those
// hashes hashed again; "" when nothing matches. .git is not searched.
func hashFiles(workspace string) func([]string) (string, error) {
	return func(patterns []string) (string, error) {
		var include, exclude []string
		for _, p := range patterns {
			p = strings.TrimPrefix(strings.TrimSpace(p), "./")
			if strings.HasPrefix(p, workspace+"/") {
				p = strings.TrimPrefix(p, workspace+"/")
			}
			if strings.HasPrefix(p, "!") {
				exclude = append(exclude, strings.TrimPrefix(p, "!"))
			} else if p != "" {
				include = append(include, p)
			}
		}
		var files []string
		err := filepath.WalkDir(workspace, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if d.Name() == ".git" {
					return filepath.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(workspace, path)
			rel = filepath.ToSlash(rel)
			one := []string{rel}
			if workflow.MatchFilter(include, one) && (len(exclude) == 0 || !workflow.MatchFilter(exclude, one)) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil || len(files) == 0 {
			return "", err
		}
		sort.Strings(files)
		all := sha256.New()
		for _, f := range files {
			h := sha256.New()
			fh, err := os.Open(f)
			if err != nil {
				return "", err
			}
			_, err = io.Copy(h, fh)
			fh.Close()
			if err != nil {
				return "", err
			}
			all.Write(h.Sum(nil))
		}
		return hex.EncodeToString(all.Sum(nil)), nil
	}
}
