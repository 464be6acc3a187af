package appconfig

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected output of golden cases")

// TestGolden runs every testdata/cases/*.txt file: an apprunner.yaml, a
// line "---", then either the parsed Config as indented JSON or a line
// "! text" naming a fragment of the expected error.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			in, want, ok := strings.Cut(string(body), "\n---\n")
			if !ok {
				t.Fatalf("%s: no --- separator", file)
			}
			c, perr := Parse([]byte(in))
			if frag, isErr := strings.CutPrefix(want, "! "); isErr {
				frag = strings.TrimSpace(frag)
				if perr == nil {
					t.Fatalf("Parse succeeded, want an error containing %q", frag)
				}
				if !errors.Is(perr, ErrInvalid) || !strings.Contains(perr.Error(), frag) {
					t.Fatalf("error = %v, want ErrInvalid containing %q", perr, frag)
				}
				return
			}
			if perr != nil {
				t.Fatalf("Parse: %v", perr)
			}
			got, _ := json.MarshalIndent(c, "", "  ")
			if *update {
				os.WriteFile(file, []byte(in+"\n---\n"+string(got)+"\n"), 0o644)
				return
			}
			if strings.TrimSpace(string(got)) != strings.TrimSpace(want) {
				t.Fatalf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestCommands(t *testing.T) {
	c := &Config{BuildCommands: []string{"a", "b"}, PreRun: []string{"x"}, Command: "run"}
	if got := c.BuildCommand(); got != "a && b" {
		t.Errorf("BuildCommand = %q", got)
	}
	if got := c.StartCommand(); got != "x && run" {
		t.Errorf("StartCommand = %q", got)
	}
	c.PreRun = nil
	if got := c.StartCommand(); got != "run" {
		t.Errorf("StartCommand = %q", got)
	}
	if got := (&Config{}).BuildCommand(); got != "" {
		t.Errorf("empty BuildCommand = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*.txt")
	for _, file := range files {
		body, _ := os.ReadFile(file)
		in, _, _ := strings.Cut(string(body), "\n---\n")
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if c.Runtime == "" || c.Command == "" {
			t.Fatalf("accepted config without runtime or command: %+v", c)
		}
	})
}
