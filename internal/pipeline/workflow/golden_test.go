package workflow

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected sections of testdata/workflows")

// separator splits a case file into the workflow YAML and what Parse must
// produce: the model as JSON, or the error text.
const separator = "#### want\n"

// TestGoldenWorkflows parses every testdata/workflows/*.yaml. Files named
// err_* must fail, others must parse; the output after "#### want" is
// compared verbatim (run with -update to regenerate, then review the diff).
func TestGoldenWorkflows(t *testing.T) {
	files, err := filepath.Glob("testdata/workflows/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflow cases: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			src, want, ok := bytes.Cut(raw, []byte(separator))
			if !ok {
				t.Fatalf("missing %q", separator)
			}
			name := ".github/workflows/" + filepath.Base(file)
			w, perr := Parse(name, src)
			var got string
			if perr != nil {
				got = perr.Error() + "\n"
			} else {
				var buf bytes.Buffer
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(w); err != nil {
					t.Fatal(err)
				}
				got = buf.String()
			}
			isErr := strings.HasPrefix(filepath.Base(file), "err_")
			if isErr != (perr != nil) {
				t.Errorf("error = %v, want error: %v", perr, isErr)
			}
			if *update {
				out := append(append(src, separator...), got...)
				if err := os.WriteFile(file, out, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != string(want) {
				t.Errorf("mismatch\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
}
