package lint

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/berth-dev/berth/internal/cloudformation/providers"
)

// verdicts: does the template fail (any error), and which rules must appear.
var cases = map[string]struct {
	fails bool
	rules []string
}{
	"good.yaml":       {false, nil},
	"unresolved.yaml": {true, []string{"template"}},
	"unused.yaml":     {false, []string{"W2001"}},
	"badtype.yaml":    {true, []string{"template"}},
	"wildcard.yaml":   {true, []string{"nag/F3"}},
}

func TestFindings(t *testing.T) {
	reg := providers.Builtin()
	for name, c := range cases {
		body, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		fs := Template(body, reg)
		if HasErrors(fs) != c.fails {
			t.Errorf("%s: fails=%v, want %v: %v", name, HasErrors(fs), c.fails, fs)
		}
		for _, r := range c.rules {
			found := false
			for _, f := range fs {
				found = found || strings.HasPrefix(f.Rule, r)
			}
			if !found {
				t.Errorf("%s: no %s finding in %v", name, r, fs)
			}
		}
		for _, f := range fs {
			if f.Severity == Error && f.Line == 0 && name != "badtype.yaml" {
				t.Errorf("%s: error without a line: %v", name, f)
			}
		}
	}
}

// TestAgreesWithCfnLint compares berth's verdict (errors or not) with the
// installed cfn-lint's on the same templates. cfn-lint's exit code has bit
// 2 set for errors. The wildcard case is cfn-nag's intent, not cfn-lint's.
func TestAgreesWithCfnLint(t *testing.T) {
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("cfn-lint is not installed")
	}
	reg := providers.Builtin()
	for name, c := range cases {
		if name == "wildcard.yaml" {
			continue
		}
		path := filepath.Join("testdata", name)
		out, err := exec.Command(bin, path).CombinedOutput()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		body, _ := os.ReadFile(path)
		ours := HasErrors(Template(body, reg))
		if theirs := code&2 != 0; ours != theirs || ours != c.fails {
			t.Errorf("%s: berth fails=%v, cfn-lint fails=%v (exit %d):\n%s", name, ours, theirs, code, out)
		}
	}
}

func FuzzTemplate(f *testing.F) {
	for name := range cases {
		b, _ := os.ReadFile(filepath.Join("testdata", name))
		f.Add(b)
	}
	reg := providers.Builtin()
	f.Fuzz(func(t *testing.T, body []byte) {
		Template(body, reg)
	})
}
