package checks

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files with the current output")

// goldenCase is one testdata/golden file: sections introduced by
// "-- name --" lines. "options" holds one option per line (all-files,
// verbose, color, skip=ID, hook=ID), "config" the config, "file PATH" a
// file of the repository ("file PATH noeol" drops the final newline), and
// "output" the expected report.
type goldenCase struct {
	options []string
	config  string
	files   map[string]string
	output  string
}

var sectionRE = regexp.MustCompile(`(?m)^-- (.+) --$\n?`)

func parseGolden(t *testing.T, text string) goldenCase {
	t.Helper()
	gc := goldenCase{files: map[string]string{}}
	locs := sectionRE.FindAllStringSubmatchIndex(text, -1)
	for i, loc := range locs {
		name := text[loc[2]:loc[3]]
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := text[loc[1]:end]
		switch {
		case name == "options":
			gc.options = strings.Fields(body)
		case name == "config":
			gc.config = body
		case name == "output":
			gc.output = body
		case strings.HasPrefix(name, "file "):
			path := strings.TrimPrefix(name, "file ")
			if p, ok := strings.CutSuffix(path, " noeol"); ok {
				path, body = p, strings.TrimSuffix(body, "\n")
			}
			gc.files[path] = body
		default:
			t.Fatalf("unknown section %q", name)
		}
	}
	return gc
}

func (gc goldenCase) runOptions() Options {
	var opts Options
	for _, o := range gc.options {
		key, value, _ := strings.Cut(o, "=")
		switch key {
		case "all-files":
			opts.AllFiles = true
		case "verbose":
			opts.Verbose = true
		case "color":
			opts.Color = true
		case "skip":
			opts.Skip = append(opts.Skip, value)
		case "hook":
			opts.HookID = value
		}
	}
	return opts
}

var durationRE = regexp.MustCompile(`- duration: [0-9.]+s`)

// TestGoldenReports runs every testdata/golden case and compares the
// printed report; go test -run GoldenReports -update rewrites them.
func TestGoldenReports(t *testing.T) {
	paths, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			gc := parseGolden(t, string(raw))
			dir := newRepo(t, gc.files)
			_, got := runConfig(t, dir, gc.config, gc.runOptions())
			got = durationRE.ReplaceAllString(got, "- duration: 0.00s")
			if *update {
				i := strings.Index(string(raw), "-- output --\n")
				if i < 0 {
					t.Fatal("no output section")
				}
				if err := os.WriteFile(path, []byte(string(raw)[:i]+"-- output --\n"+got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != gc.output {
				t.Errorf("report differs\n--- got ---\n%s--- want ---\n%s", got, gc.output)
			}
		})
	}
}
