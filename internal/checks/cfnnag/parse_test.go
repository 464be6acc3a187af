package cfnnag

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readFileT(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readSeed(t testing.TB) []byte {
	return []byte(readFileT(t, filepath.Join("..", "..", "..", "testdata", "seed", "aws", "app-template.yaml")))
}

func TestParseShortForms(t *testing.T) {
	v, err := ParseValue([]byte(`A: !Ref X
B: !Sub '${AWS::StackName}-svc'
C: !GetAtt Res.Attr.Deep
D: !GetAtt [Res, Attr]
E: !Join ['', [a, !Ref Y]]
F: !If [Cond, !Ref Z, !Ref 'AWS::NoValue']
G: !Base64 {Fn::Sub: x}
H: !Select [0, !GetAZs '']
`))
	if err != nil {
		t.Fatal(err)
	}
	check := func(key, fn string) *Value {
		t.Helper()
		name, arg, ok := v.Get(key).Intrinsic()
		if !ok || name != fn {
			t.Fatalf("%s: intrinsic %q, want %q", key, name, fn)
		}
		return arg
	}
	if s, _ := check("A", "Ref").Literal(); s != "X" {
		t.Errorf("Ref arg %q", s)
	}
	if s, _ := check("B", "Fn::Sub").Literal(); s != "${AWS::StackName}-svc" {
		t.Errorf("Sub arg %q", s)
	}
	if got := check("C", "Fn::GetAtt").Strings(); strings.Join(got, "|") != "Res|Attr.Deep" {
		t.Errorf("GetAtt scalar = %v", got)
	}
	if got := check("D", "Fn::GetAtt").Strings(); strings.Join(got, "|") != "Res|Attr" {
		t.Errorf("GetAtt list = %v", got)
	}
	join := check("E", "Fn::Join")
	if name, _, ok := join.Items[1].Items[1].Intrinsic(); !ok || name != "Ref" {
		t.Errorf("nested Ref in Join: %+v", join)
	}
	check("F", "Fn::If")
	check("G", "Fn::Base64")
	sel := check("H", "Fn::Select")
	if name, _, _ := sel.Items[1].Intrinsic(); name != "Fn::GetAZs" {
		t.Errorf("GetAZs: %q", name)
	}
	if v.Get("A").KeyLine != 1 || v.Get("H").KeyLine != 8 {
		t.Errorf("key lines %d %d", v.Get("A").KeyLine, v.Get("H").KeyLine)
	}
}

func TestParseJSONTemplates(t *testing.T) {
	body := "{\n\t\"Resources\": {\n\t\t\"Role\": {\n\t\t\t\"Type\": \"AWS::IAM::Role\",\n\t\t\t\"Properties\": {\"RoleName\": \"x\"}\n\t\t}\n\t}\n}\n"
	tpl, err := Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(tpl.Resources) != 1 || tpl.Resources[0].Type != "AWS::IAM::Role" || tpl.Resources[0].Line != 3 {
		t.Errorf("resources %+v", tpl.Resources[0])
	}
	rep := ScanTemplate(tpl, Options{})
	if rep.Warnings() != 1 || rep.Violations[0].RuleID != "W28" || rep.Violations[0].Lines[0] != 3 {
		t.Errorf("report %+v", rep)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		body string
		want error
		msg  string
	}{
		{"a: [1\n", ErrSyntax, ""},
		{"A: !Bogus x\nResources: {}\n", ErrSyntax, "unknown tag !Bogus"},
		{"a: 1\na: 2\n", ErrSyntax, `duplicate key "a"`},
		{"- a\n", ErrNotTemplate, "not a mapping"},
		{"Parameters: {}\n", ErrNotTemplate, "no Resources"},
		{"Resources:\n  X: {Properties: {}}\n", ErrNotTemplate, "line 2: resource X has no Type"},
		{"{\"Resources\": {\"a\": 1, \"a\": 2}}\t", ErrSyntax, ""},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.body))
		if !errors.Is(err, tc.want) || !strings.Contains(fmtErr(err), tc.msg) {
			t.Errorf("Parse(%q) = %v, want %v containing %q", tc.body, err, tc.want, tc.msg)
		}
	}
}

func TestParseJSONExtraData(t *testing.T) {
	if _, err := parseJSON([]byte("{\"Resources\": {}} {}")); !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), "extra data") {
		t.Errorf("err = %v", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestParseAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	_, err := ParseValue([]byte(b.String()))
	if err == nil {
		t.Skip("yaml.v3 accepted the document; the node budget was not reached")
	}
	if !errors.Is(err, ErrSyntax) {
		t.Errorf("err = %v", err)
	}
}

func TestRender(t *testing.T) {
	rep := &Report{Violations: []Violation{
		{RuleID: "F5", Severity: Failure, Message: "bad", Element: ElementResource, LogicalIDs: []string{"A", "B"}, Lines: []int{3, 9}},
		{RuleID: "I9013", Severity: Info, Message: "note", Element: ElementResource, LogicalIDs: []string{"S"}, Lines: []int{12}},
	}}
	want := strings.Repeat("-", 60) + "\nt.yaml\n" +
		strings.Repeat("-", 120) + "\n| FAIL F5\n|\n| Resource: [\"A\", \"B\"]\n| Line Numbers: [3, 9]\n|\n| bad\n" +
		strings.Repeat("-", 120) + "\n| INFO I9013\n|\n| Resource: [\"S\"]\n| Line Numbers: [12]\n|\n| note\n" +
		"\nFailures count: 1\nWarnings count: 0\n"
	if got := rep.Render("t.yaml"); got != want {
		t.Errorf("Render:\n%s\nwant:\n%s", got, want)
	}
	fatal := FatalReport(errors.New("boom")).Render("x.yaml")
	if !strings.Contains(fatal, "| FAIL FATAL\n|\n| boom\n") || !strings.Contains(fatal, "Failures count: 1") {
		t.Errorf("fatal:\n%s", fatal)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(readSeed(f))
	f.Add([]byte("Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyDocument: '{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\"}}'\n"))
	f.Add([]byte("{\"Resources\": {\"L\": {\"Type\": \"AWS::Logs::LogGroup\"}}}"))
	f.Add([]byte("a: &x [1]\nb: *x\nc: !GetAtt a.b\nResources: {X: {Type: !Ref T}}\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		tpl, err := Parse(body)
		if err != nil {
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrNotTemplate) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		rep := ScanTemplate(tpl, Options{})
		_ = rep.Render("t.yaml")
	})
}
