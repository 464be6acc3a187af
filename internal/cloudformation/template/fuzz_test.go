package template

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bodies to Parse and, when they parse, to
// everything that works on a parsed template. Nothing may panic.
// Seeds are the golden templates.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/golden/*.txt")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		a := parseArchive(data)
		for _, name := range []string{"template.yaml", "template.json"} {
			if body, ok := a.get(name); ok {
				f.Add([]byte(body))
			}
		}
	}
	reg := loadTestRegistry(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		tmpl, err := Parse(body)
		if err != nil {
			if tmpl != nil {
				t.Fatal("Parse returned a template with an error")
			}
			return
		}
		_ = tmpl.Check(reg)
		_ = tmpl.Summary()
		_, _ = tmpl.Dependencies().Levels()
		pv, err := tmpl.ResolveParameters(nil, nil)
		if err != nil {
			return
		}
		ev, err := tmpl.NewEvaluator(Inputs{Parameters: pv, Pseudo: Pseudo{StackName: "s", Region: "us-east-1"},
			Resolver: &StaticResolver{}})
		if err != nil {
			return
		}
		for _, id := range ev.Resources() {
			_, _ = ev.Properties(id)
		}
		_, _ = ev.Outputs()
	})
}

// FuzzSub checks the Fn::Sub parser: it never panics, variables are valid
// names, and the parts never hold more text than the input.
func FuzzSub(f *testing.F) {
	for _, s := range []string{
		"", "plain", "${A}", "a${B.C}d", "${!Lit}", "${AWS::Region}-${X}", "$${X}", "${open", "${!",
		"${}", "${a-b}", "${A}${B}${!C}", "}${", "${${A}}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parts, err := parseSub(s)
		if err != nil {
			return
		}
		n := 0
		for _, p := range parts {
			if p.isVar && !validSubVar(p.text) {
				t.Fatalf("invalid variable %q from %q", p.text, s)
			}
			if !p.isVar && p.text == "" {
				t.Fatalf("empty literal part from %q", s)
			}
			n += len(p.text)
		}
		if n > len(s) {
			t.Fatalf("parts of %q hold %d bytes", s, n)
		}
		if !strings.Contains(s, "${") && (len(parts) > 1 || (len(parts) == 1 && parts[0].text != s)) {
			t.Fatalf("%q has no variables but parsed to %#v", s, parts)
		}
	})
}
