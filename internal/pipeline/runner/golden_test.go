package runner

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGoldenRuns runs every testdata/runs/*.txt case: a workflow (section
// "workflow"), optional "secrets" and "vars" (NAME=VALUE lines), and the
// expected transcript (section "want"). Paths and commit SHAs are replaced
// by $WORKSPACE, $TEMP, $BEFORE and $SHA.
func TestGoldenRuns(t *testing.T) {
	files, _ := filepath.Glob("testdata/runs/*.txt")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	r := New(Config{})
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sections := splitSections(string(b))
			res, rec, spec := runWorkflow(t, r, sections["workflow"], func(s *Spec) {
				s.Secrets = parseKV(sections["secrets"])
				s.Vars = parseKV(sections["vars"])
			})
			got := normalize(rec.transcript(res), spec)
			if *update {
				os.WriteFile(f, []byte(joinSections(string(b), got)), 0o644)
				return
			}
			if want := sections["want"]; got != want {
				t.Errorf("transcript mismatch\n--- got ---\n%s--- want ---\n%s", got, want)
			}
		})
	}
}

func normalize(s string, spec *Spec) string {
	return strings.NewReplacer(spec.Workspace, "$WORKSPACE", spec.TempDir, "$TEMP",
		spec.Event.SHA, "$SHA", spec.Event.Before, "$BEFORE").Replace(s)
}

// splitSections reads "-- name --" delimited sections; text before the
// first is a comment.
func splitSections(s string) map[string]string {
	out := map[string]string{}
	name := ""
	var cur []string
	flush := func() {
		if name != "" {
			out[name] = strings.Join(cur, "")
		}
	}
	for _, l := range strings.SplitAfter(s, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			name, cur = strings.TrimSpace(t[3:len(t)-3]), nil
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return out
}

// joinSections replaces the want section of a case file.
func joinSections(file, want string) string {
	i := strings.Index(file, "-- want --\n")
	if i < 0 {
		return strings.TrimRight(file, "\n") + "\n-- want --\n" + want
	}
	return file[:i] + "-- want --\n" + want
}

func parseKV(s string) map[string]string {
	out := map[string]string{}
	for _, l := range strings.Split(s, "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			out[k] = strings.ReplaceAll(v, `\n`, "\n")
		}
	}
	return out
}
