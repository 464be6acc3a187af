package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expect and summary sections of golden files")

// TestGolden runs every case of testdata/golden: a template (template.yaml or
// template.json), optional params (Key=Value lines) and context (JSON for the
// resolver), and what must come out: the resolved stack (expect), the
// template summary (summary), or the exact error message (error, optionally
// with the line it points at in line).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 120 {
		t.Errorf("want at least 120 golden cases, have %d", len(files))
	}
	reg := loadTestRegistry(t)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(data)
			runGoldenCase(t, file, a, reg)
		})
	}
}

func runGoldenCase(t *testing.T, file string, a archive, reg TypeRegistry) {
	body, ok := a.get("template.yaml")
	if !ok {
		body, ok = a.get("template.json")
	}
	if !ok {
		t.Fatal("no template.yaml or template.json section")
	}
	if _, off := a.get("noregistry"); off {
		reg = nil
	}
	ctx := goldenContext{}
	if c, ok := a.get("context"); ok {
		if err := json.Unmarshal([]byte(c), &ctx); err != nil {
			t.Fatalf("context: %v", err)
		}
	}
	tmpl, res, err := runStack([]byte(body), parseParams(a), ctx, reg)
	wantErr, expectErr := a.get("error")
	switch {
	case expectErr && err == nil:
		t.Fatalf("want error %q, got none", strings.TrimSpace(wantErr))
	case expectErr:
		if got, want := err.Error(), strings.TrimSpace(wantErr); got != want {
			t.Fatalf("error mismatch\n got: %s\nwant: %s", got, want)
		}
		checkErrorLine(t, a, err)
	case err != nil:
		t.Fatalf("unexpected error: %v", err)
	}
	changed := false
	if _, ok := a.get("expect"); ok && err == nil {
		changed = compareJSON(t, &a, "expect", res) || changed
	}
	if _, ok := a.get("summary"); ok && tmpl != nil {
		changed = compareJSON(t, &a, "summary", tmpl.Summary()) || changed
	}
	if changed && *update {
		if err := os.WriteFile(file, a.format(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func checkErrorLine(t *testing.T, a archive, err error) {
	want, ok := a.get("line")
	if !ok {
		return
	}
	var te *Error
	if !errors.As(err, &te) {
		t.Fatalf("error %T is not *Error", err)
	}
	n, _ := strconv.Atoi(strings.TrimSpace(want))
	if te.Line != n {
		t.Fatalf("error line = %d (path %s), want %d", te.Line, te.Path, n)
	}
}

// compareJSON compares got with a JSON section; with -update it rewrites the
// section and reports true.
func compareJSON(t *testing.T, a *archive, name string, got any) bool {
	gotJSON := canonicalJSON(t, mustMarshal(t, got))
	want, _ := a.get(name)
	if strings.TrimSpace(want) != "" && canonicalJSON(t, []byte(want)) == gotJSON {
		return false
	}
	if *update {
		a.set(name, gotJSON+"\n")
		return true
	}
	t.Errorf("%s mismatch\n got: %s\nwant: %s", name, gotJSON, strings.TrimSpace(want))
	return false
}

func mustMarshal(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func canonicalJSON(t *testing.T, b []byte) string {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("bad JSON %q: %v", b, err)
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func parseParams(a archive) map[string]string {
	p, ok := a.get("params")
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, line := range strings.Split(p, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		out[k] = v
	}
	return out
}

// goldenResult is what the expect section holds.
type goldenResult struct {
	Parameters         map[string]string         `json:",omitempty"`
	ResolvedParameters map[string]string         `json:",omitempty"`
	Conditions         map[string]bool           `json:",omitempty"`
	Resources          map[string]goldenResource `json:",omitempty"`
	Outputs            map[string]goldenOutput   `json:",omitempty"`
	Order              [][]string
}

type goldenResource struct {
	Type                string
	Properties          map[string]any `json:",omitempty"`
	Metadata            any            `json:",omitempty"`
	DependsOn           []string       `json:",omitempty"`
	DeletionPolicy      string         `json:",omitempty"`
	UpdateReplacePolicy string         `json:",omitempty"`
}

type goldenOutput struct {
	Value       string
	Description string `json:",omitempty"`
	Export      string `json:",omitempty"`
}

// runStack drives the package as an engine would, creating resources level
// by level.
func runStack(body []byte, params map[string]string, ctx goldenContext, reg TypeRegistry) (*Template, *goldenResult, error) {
	tmpl, err := Parse(body)
	if err != nil {
		return nil, nil, err
	}
	if err := tmpl.Validate(reg); err != nil {
		return tmpl, nil, err
	}
	r := &goldenResolver{ctx: ctx}
	pv, err := tmpl.ResolveParameters(params, r.SSMParameter)
	if err != nil {
		return tmpl, nil, err
	}
	ev, err := tmpl.NewEvaluator(Inputs{Parameters: pv, Pseudo: ctx.pseudo(), Resolver: r})
	if err != nil {
		return tmpl, nil, err
	}
	levels, err := ev.Dependencies().Levels()
	if err != nil {
		return tmpl, nil, err
	}
	res := &goldenResult{Conditions: ev.Conditions(), Resources: map[string]goldenResource{}, Order: levels}
	for _, p := range pv.Masked() {
		if res.Parameters == nil {
			res.Parameters = map[string]string{}
		}
		res.Parameters[p.Key] = p.Value
		if p.ResolvedValue != "" {
			if res.ResolvedParameters == nil {
				res.ResolvedParameters = map[string]string{}
			}
			res.ResolvedParameters[p.Key] = p.ResolvedValue
		}
	}
	for _, level := range levels {
		for _, id := range level {
			props, err := ev.Properties(id)
			if err != nil {
				return tmpl, nil, err
			}
			tr := tmpl.Resources[id]
			gr := goldenResource{Type: tr.Type, Properties: props, DependsOn: tr.DependsOn,
				DeletionPolicy: tr.DeletionPolicy, UpdateReplacePolicy: tr.UpdateReplacePolicy}
			if md := tmpl.Resources[id].Metadata; md != nil {
				if gr.Metadata, err = ev.Resolve(md); err != nil {
					return tmpl, nil, err
				}
			}
			res.Resources[id] = gr
			r.created = append(r.created, id)
		}
	}
	outs, err := ev.Outputs()
	if err != nil {
		return tmpl, nil, err
	}
	for _, o := range outs {
		if res.Outputs == nil {
			res.Outputs = map[string]goldenOutput{}
		}
		res.Outputs[o.Name] = goldenOutput{Value: o.Value, Description: o.Description, Export: o.ExportName}
	}
	return tmpl, res, nil
}

// goldenContext configures the pseudo parameters and the resolver of a case.
type goldenContext struct {
	StackName        string
	Region           string
	AccountID        string `json:"AccountId"`
	NotificationARNs []string
	PhysicalIDs      map[string]string
	// Attributes maps "Resource.Attribute" to a value; null means the
	// attribute does not exist. Others default to "att-Resource-Attribute".
	Attributes map[string]any
	Exports    map[string]string
	SSM        map[string]string
	AZs        map[string][]string
}

func (c goldenContext) pseudo() Pseudo {
	p := Pseudo{StackName: c.StackName, Region: c.Region, AccountID: c.AccountID, NotificationARNs: c.NotificationARNs}
	if p.StackName == "" {
		p.StackName = "test-stack"
	}
	if p.Region == "" {
		p.Region = "us-east-1"
	}
	if p.AccountID == "" {
		p.AccountID = "123456789012"
	}
	p.StackID = fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s/00000000-0000-0000-0000-000000000000",
		p.Region, p.AccountID, p.StackName)
	return p
}

// goldenResolver answers for the resources created so far, like an engine.
type goldenResolver struct {
	ctx     goldenContext
	created []string
}

var _ Resolver = (*goldenResolver)(nil)

func (r *goldenResolver) isCreated(id string) bool {
	for _, c := range r.created {
		if c == id {
			return true
		}
	}
	return false
}

func (r *goldenResolver) PhysicalID(id string) (string, error) {
	if !r.isCreated(id) {
		return "", fmt.Errorf("golden: %s not created yet: %w", id, ErrNotFound)
	}
	if p, ok := r.ctx.PhysicalIDs[id]; ok {
		return p, nil
	}
	return "phys-" + id, nil
}

func (r *goldenResolver) Attribute(id, name string) (any, error) {
	if !r.isCreated(id) {
		return nil, fmt.Errorf("golden: %s not created yet", id)
	}
	if v, ok := r.ctx.Attributes[id+"."+name]; ok {
		if v == nil {
			return nil, fmt.Errorf("golden: %s.%s: %w", id, name, ErrNotFound)
		}
		return v, nil
	}
	return "att-" + id + "-" + name, nil
}

func (r *goldenResolver) ImportValue(name string) (string, error) {
	if v, ok := r.ctx.Exports[name]; ok {
		return v, nil
	}
	return "", fmt.Errorf("golden: export %s: %w", name, ErrNotFound)
}

func (r *goldenResolver) AZs(region string) ([]string, error) {
	if z, ok := r.ctx.AZs[region]; ok {
		return z, nil
	}
	return DefaultAZs(region), nil
}

func (r *goldenResolver) SSMParameter(name string) (string, error) {
	if v, ok := r.ctx.SSM[name]; ok {
		return v, nil
	}
	return "", fmt.Errorf("golden: SSM %s: %w", name, ErrNotFound)
}

// loadTestRegistry reads the resource schemas the golden cases validate
// against.
func loadTestRegistry(t testing.TB) MapRegistry {
	data, err := os.ReadFile("testdata/registry.json")
	if err != nil {
		t.Fatal(err)
	}
	var reg MapRegistry
	if err := json.Unmarshal(data, &reg); err != nil {
		t.Fatalf("registry.json: %v", err)
	}
	return reg
}
