package policy

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// -update rewrites the statement lines of golden files whose decision is
// already right; the decision itself is only ever written by hand.
var update = flag.Bool("update", false, "rewrite matched-statement lines of golden files")

// Golden evaluation cases: testdata/eval/*.txt, one scenario per file.
//
//	# comment lines naming the documented rule the case checks
//	-- policy <identity|managed|trust|resource> <id> --
//	<JSON document>                       (one section per policy)
//	-- request --
//	action: s3:GetObject
//	resource: arn:aws:s3:::b/k
//	principal.aws: <arn or account>       (also .federated, .service)
//	context: key=value                    (one value per line; repeat to add)
//	-- want --
//	<decision>
//	<policy id> <sid or #index> <line>:<col>-<line>:<col>   (per matched statement)
func TestGoldenEvaluation(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "eval", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			gc, err := parseGolden(string(raw))
			if err != nil {
				t.Fatal(err)
			}
			if gc.comment == "" {
				t.Fatal("golden case must say which documented rule it checks")
			}
			var policies []*Policy
			for _, sec := range gc.policies {
				p := mustParse(t, sec.doc, sec.kind)
				p.ID = sec.id
				policies = append(policies, p)
			}
			res := Evaluate(gc.req, policies...)
			checkPositions(t, gc, res)
			got := renderResult(res)
			if got != gc.want && *update && strings.SplitN(got, "\n", 2)[0] == strings.SplitN(gc.want, "\n", 2)[0] {
				i := strings.Index(string(raw), "-- want --\n")
				if err := os.WriteFile(file, []byte(string(raw)[:i]+"-- want --\n"+got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != gc.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, gc.want)
			}
		})
	}
}

type goldenPolicy struct {
	kind Kind
	id   string
	doc  string
}

type goldenCase struct {
	comment  string
	policies []goldenPolicy
	req      *Request
	want     string
}

func parseGolden(src string) (*goldenCase, error) {
	gc := &goldenCase{req: &Request{}}
	section, header := "", ""
	var body []string
	flush := func() error {
		text := strings.TrimSpace(strings.Join(body, "\n"))
		body = nil
		switch section {
		case "":
			gc.comment = text
		case "policy":
			f := strings.Fields(header)
			if len(f) != 3 {
				return fmt.Errorf("bad policy header %q", header)
			}
			kinds := map[string]Kind{"identity": Identity, "managed": Managed, "trust": Trust, "resource": Resource}
			kind, ok := kinds[f[1]]
			if !ok {
				return fmt.Errorf("bad kind in %q", header)
			}
			gc.policies = append(gc.policies, goldenPolicy{kind: kind, id: f[2], doc: text})
		case "request":
			return parseGoldenRequest(gc.req, text)
		case "want":
			gc.want = text
		}
		return nil
	}
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --") {
			if err := flush(); err != nil {
				return nil, err
			}
			header = strings.TrimSuffix(strings.TrimPrefix(line, "-- "), " --")
			section = strings.Fields(header)[0]
			continue
		}
		body = append(body, line)
	}
	return gc, flush()
}

func parseGoldenRequest(req *Request, text string) error {
	principal := func() *Principal {
		if req.Principal == nil {
			req.Principal = &Principal{}
		}
		return req.Principal
	}
	for _, line := range strings.Split(text, "\n") {
		key, value, ok := strings.Cut(line, ": ")
		if !ok {
			return fmt.Errorf("bad request line %q", line)
		}
		switch key {
		case "action":
			req.Action = value
		case "resource":
			req.Resource = value
		case "principal.aws":
			principal().AWS = append(principal().AWS, value)
		case "principal.federated":
			principal().Federated = append(principal().Federated, value)
		case "principal.service":
			principal().Service = append(principal().Service, value)
		case "context":
			k, v, hasValue := strings.Cut(value, "=")
			old, _ := req.Context.Get(k)
			if hasValue {
				old = append(old, v)
			}
			req.Context.Set(k, old...)
		default:
			return fmt.Errorf("unknown request key %q", key)
		}
	}
	return nil
}

func renderResult(r Result) string {
	lines := []string{r.Decision.String()}
	for _, m := range r.Matched {
		name := m.Statement.Sid
		if name == "" {
			for i, st := range m.Policy.Statements {
				if st == m.Statement {
					name = fmt.Sprintf("#%d", i)
				}
			}
		}
		s, e := m.Statement.Start, m.Statement.End
		lines = append(lines, fmt.Sprintf("%s %s %d:%d-%d:%d", m.Policy.ID, name, s.Line, s.Column, e.Line, e.Column))
	}
	return strings.Join(lines, "\n")
}

// checkPositions verifies independently that each matched statement's
// Start and End delimit a JSON object in the policy text: the character at
// Start is '{' and the one just before End is '}'.
func checkPositions(t *testing.T, gc *goldenCase, res Result) {
	t.Helper()
	for _, m := range res.Matched {
		var doc string
		for _, sec := range gc.policies {
			if sec.id == m.Policy.ID {
				doc = sec.doc
			}
		}
		lines := strings.Split(doc, "\n")
		charAt := func(p Position) string {
			if p.Line < 1 || p.Line > len(lines) {
				return ""
			}
			line := []rune(lines[p.Line-1])
			if p.Column < 1 || p.Column > len(line) {
				return ""
			}
			return string(line[p.Column-1])
		}
		s, e := m.Statement.Start, m.Statement.End
		if charAt(s) != "{" || charAt(Position{e.Line, e.Column - 1}) != "}" {
			t.Errorf("statement %q: %v-%v does not delimit an object", m.Statement.Sid, s, e)
		}
	}
}
