package checks

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func sortedTags(tags map[string]bool) string {
	var s []string
	for t := range tags {
		s = append(s, t)
	}
	slices.Sort(s)
	return strings.Join(s, " ")
}

func TestFileTags(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content string
		mode          os.FileMode
		want          string
	}{
		{"app/main.py", "print(1)\n", 0o644, "file non-executable python text"},
		{"aws/t.yaml", "a: 1\n", 0o644, "file non-executable text yaml"},
		{"x.YML", "a: 1\n", 0o644, "file non-executable text yaml"},
		{"c.json", "{}", 0o644, "file json non-executable text"},
		{"m.go", "package m\n", 0o644, "file go non-executable text"},
		{"README.md", "# x\n", 0o644, "file markdown non-executable plain-text text"},
		{"Dockerfile.dev", "FROM x\n", 0o644, "dockerfile file non-executable text"},
		{"run", "#!/usr/bin/env python3.11\n", 0o755, "executable file python python3 text"},
		{"tool", "#!/bin/bash -e\n", 0o755, "bash executable file shell text"},
		{"noext", "#!/usr/bin/env python3\n", 0o644, "file non-executable text"},
		{"blob", "\x00\x01\x02", 0o644, "binary file non-executable"},
		{"img.png", "\x89PNG", 0o644, "binary file image non-executable png"},
		{"notes", "plain words\n", 0o644, "file non-executable text"},
		{".python-version", "3.11\n", 0o644, "file non-executable text"},
		{"styles.css", "a {}\n", 0o644, "css file non-executable text"},
	}
	for _, tc := range tests {
		p := filepath.Join(dir, tc.name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(tc.content), tc.mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, tc.mode); err != nil {
			t.Fatal(err)
		}
		if got := sortedTags(FileTags(p)); got != tc.want {
			t.Errorf("FileTags(%s) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if err := os.Symlink("app/main.py", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if got := sortedTags(FileTags(filepath.Join(dir, "link"))); got != "symlink" {
		t.Errorf("symlink tags = %q", got)
	}
	if got := sortedTags(FileTags(filepath.Join(dir, "app"))); got != "directory" {
		t.Errorf("directory tags = %q", got)
	}
	if got := FileTags(filepath.Join(dir, "missing")); got != nil {
		t.Errorf("missing file tags = %v", got)
	}
}

func TestPyExt(t *testing.T) {
	for in, want := range map[string]string{"a.py": ".py", ".bashrc": "", "a.tar.gz": ".gz", "..x": "", "a.": ".", "noext": "", "..a.b": ".b"} {
		if got := pyExt(in); got != want {
			t.Errorf("pyExt(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsText(t *testing.T) {
	for in, want := range map[string]bool{"hello\n": true, "\x1b[0m\t\r\f\v\b\a": true, "\x00": false, "\x7f": false,
		"\x1f": false, "é": true, "\xff\xfe": true, "": true} {
		if got := isText([]byte(in)); got != want {
			t.Errorf("isText(%q) = %v, want %v", in, got, want)
		}
	}
}
