// Package examples ships berth's example repositories inside the binary,
// so `berth init` and `berth up` work from any directory.
//
// An example's go.mod is stored as go.mod.example: a go.mod would make the
// example a separate module, which Go cannot embed. The example's app is
// therefore also built and tested as part of berth's module.
package examples

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:embed all:self-infra-app
var selfInfraApp embed.FS

// goModName is the name go.mod is stored under.
const goModName = "go.mod.example"

// SelfInfraApp returns the files of the article's app with
// self-contained infrastructure, in Go: relative path → content.
func SelfInfraApp() (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(selfInfraApp, "self-infra-app", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := selfInfraApp.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "self-infra-app/")
		if path.Base(rel) == goModName {
			rel = path.Join(path.Dir(rel), "go.mod")
		}
		files[rel] = b
		return nil
	})
	return files, err
}
