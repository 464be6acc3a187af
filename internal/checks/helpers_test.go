package checks

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// newRepo makes a git repository in a temp dir holding files (path →
// content), all added to the index.
func newRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	gitT(t, dir, "init", "-q", "-b", "main")
	gitT(t, dir, "config", "user.email", "dev@example.com")
	gitT(t, dir, "config", "user.name", "dev")
	gitT(t, dir, "config", "commit.gpgsign", "false")
	writeFiles(t, dir, files)
	gitT(t, dir, "add", "-A")
	return dir
}

func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func gitT(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// runConfig parses config text and runs it on the repository with opts
// (Dir is filled in); it returns the results and the printed report.
func runConfig(t *testing.T, dir, config string, opts Options) ([]Result, string) {
	t.Helper()
	cfg, err := ParseConfig(DefaultConfigName, []byte(config))
	if err != nil {
		t.Fatalf("ParseConfig: %v", err)
	}
	var out bytes.Buffer
	opts.Dir, opts.Stdout = dir, &out
	results, err := Run(context.Background(), cfg, opts)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	return results, out.String()
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// copyTree copies a directory tree (files only) into dst/rel.
func copyTree(t testing.TB, src, dst, rel string) {
	t.Helper()
	err := filepath.Walk(filepath.Join(src, rel), func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		r, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		writeFiles(t, dst, map[string]string{r: string(b)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
