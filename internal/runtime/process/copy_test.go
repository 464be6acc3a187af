package process

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestCopyTree(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(src, "app", "empty"), 0o755))
	must(os.WriteFile(filepath.Join(src, "app", "main.py"), []byte("print(1)\n"), 0o644))
	must(os.WriteFile(filepath.Join(src, "run.sh"), []byte("#!/bin/sh\n"), 0o755))
	must(os.Symlink("app/main.py", filepath.Join(src, "link")))
	must(os.Symlink("/etc/passwd", filepath.Join(src, "outside")))

	dst := filepath.Join(t.TempDir(), "dst")
	must(copyTree(context.Background(), src, dst))

	if b, err := os.ReadFile(filepath.Join(dst, "app", "main.py")); err != nil || string(b) != "print(1)\n" {
		t.Errorf("main.py = %q, %v", b, err)
	}
	if fi, err := os.Stat(filepath.Join(dst, "run.sh")); err != nil || fi.Mode().Perm()&0o111 == 0 {
		t.Errorf("run.sh lost its exec bit: %v %v", fi.Mode(), err)
	}
	if fi, err := os.Stat(filepath.Join(dst, "app", "empty")); err != nil || !fi.IsDir() {
		t.Errorf("empty dir not copied: %v", err)
	}
	for name, want := range map[string]string{"link": "app/main.py", "outside": "/etc/passwd"} {
		if got, err := os.Readlink(filepath.Join(dst, name)); err != nil || got != want {
			t.Errorf("symlink %s = %q, %v; want %q kept as a link", name, got, err, want)
		}
	}
	if err := copyTree(context.Background(), src, dst); err == nil {
		t.Error("copy onto an existing tree: want an error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := copyTree(ctx, src, filepath.Join(t.TempDir(), "x")); err == nil {
		t.Error("cancelled copy: want an error")
	}
}
