package expr

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// goldenCase is one line of a testdata/cases file: `input => expected`.
type goldenCase struct {
	name  string
	input string
	want  string
}

// readCases loads every case of one file; # starts a comment line.
func readCases(t *testing.T, path string) []goldenCase {
	t.Helper()
	cases, err := parseCaseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

func parseCaseFile(path string) ([]goldenCase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []goldenCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndex(line, " => ")
		if i < 0 {
			return nil, fmt.Errorf("%s:%d: missing ' => '", path, n)
		}
		out = append(out, goldenCase{
			name:  fmt.Sprintf("%s:%d", filepath.Base(path), n),
			input: line[:i],
			want:  strings.TrimSpace(line[i+4:]),
		})
	}
	return out, sc.Err()
}

// testContext is the fixture all golden cases evaluate against.
func testContext(t testing.TB) *Context {
	t.Helper()
	data, err := os.ReadFile("testdata/context.json")
	if err != nil {
		t.Fatal(err)
	}
	var values map[string]any
	if err := json.Unmarshal(data, &values); err != nil {
		t.Fatal(err)
	}
	return &Context{
		Values: values,
		HashFiles: func(patterns []string) (string, error) {
			if patterns[0] == "fail" {
				return "", errors.New("disk on fire")
			}
			return "hash:" + strings.Join(patterns, ","), nil
		},
	}
}

// TestGolden runs every case in testdata/cases. The file name prefix picks
// the API under test: eval_ (Evaluate), cond_ (EvalCondition, input
// "status | condition"), interp_ (Interpolate).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	total := 0
	for _, file := range files {
		mode, _, _ := strings.Cut(filepath.Base(file), "_")
		for _, c := range readCases(t, file) {
			total++
			t.Run(c.name, func(t *testing.T) {
				ctx := testContext(t)
				got, err := run(mode, c.input, ctx)
				check(t, c, got, err)
			})
		}
	}
	t.Logf("%d golden expression cases", total)
}

func run(mode, input string, ctx *Context) (any, error) {
	switch mode {
	case "eval":
		return Evaluate(input, ctx)
	case "interp":
		return Interpolate(input, ctx)
	case "cond":
		status, cond, _ := strings.Cut(input, "|")
		ctx.Status = map[string]JobStatus{"success": StatusSuccess, "failure": StatusFailure, "cancelled": StatusCancelled}[strings.TrimSpace(status)]
		return EvalCondition(cond, ctx)
	}
	return nil, fmt.Errorf("unknown mode %q", mode)
}

func check(t *testing.T, c goldenCase, got any, err error) {
	t.Helper()
	if msg, ok := strings.CutPrefix(c.want, "error:"); ok {
		if err == nil {
			t.Fatalf("%s: got %#v, want error containing %q", c.input, got, strings.TrimSpace(msg))
		}
		if !strings.Contains(err.Error(), strings.TrimSpace(msg)) {
			t.Fatalf("%s: error %q does not contain %q", c.input, err, strings.TrimSpace(msg))
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", c.input, err)
	}
	var want any
	if err := json.Unmarshal([]byte(c.want), &want); err != nil {
		t.Fatalf("%s: bad expected JSON %q: %v", c.input, c.want, err)
	}
	raw, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("%s: result %#v not JSON: %v", c.input, got, err)
	}
	var norm any
	if err := json.Unmarshal(raw, &norm); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(norm, want) {
		t.Fatalf("%s:\n got %s\nwant %s", c.input, raw, c.want)
	}
}
