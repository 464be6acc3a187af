package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// Placeholder stands for a value only known once a change set executes,
// as CloudFormation shows it in change set property values.
const Placeholder = "{{changeSet:KNOWN_AFTER_APPLY}}"

// plan is what applying a configuration to a stack would change.
type plan struct {
	changes        []Change
	outputsChanged bool
	paramsChanged  bool
	tagsChanged    bool
}

// empty reports a plan that changes nothing at all.
func (p *plan) empty() bool {
	return len(p.changes) == 0 && !p.outputsChanged && !p.paramsChanged && !p.tagsChanged
}

// preview computes the plan of applying v to s without touching anything:
// values that depend on resources being created or replaced are
// Placeholder, and the changes they cause are Dynamic.
func (e *Engine) preview(ctx context.Context, s *Stack, v *version) (*plan, error) {
	recs, err := e.db.resources(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	live := map[string]*Resource{}
	for _, rec := range recs {
		if rec.Live != nil {
			live[rec.LogicalID] = rec
		}
	}
	var oldT *template.Template
	if s.Status != StackReviewInProgress {
		if old, err := e.load(&s.Config); err == nil {
			oldT = old.t
		}
	}
	pr := &previewResolver{e: e, ctx: ctx, s: s, cfg: v.cfg, live: live, newRef: map[string]bool{}, newAtt: map[string]bool{}}
	ev, err := e.evaluator(v, s, pr)
	if err != nil {
		return nil, templateError(err)
	}
	levels, err := ev.Dependencies().Levels()
	if err != nil {
		return nil, templateError(err)
	}
	pl := &plan{}
	mask := newMasker(v.cfg)
	for _, level := range levels {
		for _, id := range level {
			ch, err := e.previewResource(ev, pr, oldT, v.t, id, mask)
			if err != nil {
				return nil, err
			}
			if ch != nil {
				pl.changes = append(pl.changes, *ch)
			}
		}
	}
	for _, rec := range recs {
		if rec.Live == nil || ev.Active(rec.LogicalID) {
			continue
		}
		pa := PolicyDelete
		if rec.Live.DeletionPolicy == PolicyRetain {
			pa = PolicyRetain
		}
		pl.changes = append(pl.changes, Change{Action: "Remove", LogicalID: rec.LogicalID, PhysicalID: rec.Live.ID,
			ResourceType: rec.Live.Type, PolicyAction: pa, Scope: []string{},
			BeforeContext: contextJSON(mask, rec.Live.Properties)})
	}
	if len(pl.changes) == 0 {
		outs, err := ev.Outputs()
		if err != nil {
			return nil, templateError(err)
		}
		pl.outputsChanged = len(outs) != len(s.Outputs)
		for i := 0; !pl.outputsChanged && i < len(outs); i++ {
			o := s.Outputs[i]
			pl.outputsChanged = outs[i].Name != o.Key || outs[i].Value != o.Value || outs[i].Description != o.Description || outs[i].ExportName != o.ExportName
		}
	}
	pl.paramsChanged = paramKey(v.cfg.Resolved) != paramKey(s.Config.Resolved)
	pl.tagsChanged = !sameValue(v.cfg.Tags, s.Config.Tags) && (len(v.cfg.Tags) > 0 || len(s.Config.Tags) > 0)
	return pl, nil
}

func paramKey(ps []template.ParameterValue) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%q=%q/%q;", p.Key, p.Value, p.ResolvedValue)
	}
	return b.String()
}

func contextJSON(m masker, props map[string]any) string {
	return m.json(map[string]any{"Properties": props})
}

// previewResource computes the change of one resource (nil: none).
func (e *Engine) previewResource(ev *template.Evaluator, pr *previewResolver, oldT, newT *template.Template, id string, mask masker) (*Change, error) {
	t := newT.Resources[id]
	pr.causes = nil
	props, err := ev.Properties(id)
	unknown := false
	if err != nil {
		if len(pr.causes) == 0 {
			return nil, templateError(err)
		}
		// A value built from a value not known yet cannot be evaluated
		// now: the whole resource is known only after apply.
		props, unknown = map[string]any{}, true
	}
	rec := pr.live[id]
	if rec == nil {
		pr.newRef[id], pr.newAtt[id] = true, true
		return &Change{Action: "Add", LogicalID: id, ResourceType: t.Type, Scope: []string{}, AfterContext: contextJSON(mask, props)}, nil
	}
	ch := &Change{Action: "Modify", LogicalID: id, PhysicalID: rec.Live.ID, ResourceType: t.Type, Replacement: "False", Scope: []string{},
		BeforeContext: contextJSON(mask, rec.Live.Properties), AfterContext: contextJSON(mask, props)}
	schema, _ := e.d.Providers.Schema(t.Type)
	if rec.Live.Type != t.Type {
		ch.Replacement = "True"
	}
	keys := changedKeys(rec.Live.Properties, props)
	if unknown {
		keys = nil
		for k := range t.Properties {
			keys = append(keys, k)
		}
		slices.Sort(keys)
	}
	var oldProps map[string]any
	if oldT != nil && oldT.Resources[id] != nil {
		oldProps = oldT.Resources[id].Properties
	}
	for _, k := range keys {
		d := ChangeDetail{Attribute: "Properties", Name: k, Path: "/Properties/" + k, RequiresRecreation: "Never", Evaluation: "Static",
			BeforeValue: mask.text(displayValue(rec.Live.Properties[k])), AfterValue: mask.text(displayValue(props[k])), ChangeType: "Modify"}
		if _, had := rec.Live.Properties[k]; !had {
			d.ChangeType = "Add"
		} else if _, has := props[k]; !has && !unknown {
			d.ChangeType = "Remove"
		}
		dynamic := unknown || strings.Contains(canonical(props[k]), Placeholder)
		if unknown {
			d.AfterValue = Placeholder
		}
		if schema != nil && createOnly(schema, k) {
			d.RequiresRecreation = "Always"
			if dynamic {
				d.RequiresRecreation = "Conditionally"
			}
		}
		switch {
		case dynamic:
			d.Evaluation, d.ChangeSource = "Dynamic", "ResourceReference"
			if len(pr.causes) > 0 {
				d.CausingEntity = pr.causes[0]
			}
		case oldProps != nil && sameValue(oldProps[k], t.Properties[k]):
			d.ChangeSource = "ParameterReference"
			d.CausingEntity = parameterIn(t.Properties[k], newT)
		default:
			d.ChangeSource = "DirectModification"
		}
		switch {
		case d.RequiresRecreation == "Always":
			ch.Replacement = "True"
		case d.RequiresRecreation == "Conditionally" && ch.Replacement == "False":
			ch.Replacement = "Conditional"
		}
		ch.Details = append(ch.Details, d)
		addScope(ch, "Properties")
		if k == "Tags" {
			addScope(ch, "Tags")
		}
	}
	meta, _ := ev.Resolve(t.Metadata)
	metaMap, _ := meta.(map[string]any)
	if !sameValue(metaMap, rec.Metadata) && (len(metaMap) > 0 || len(rec.Metadata) > 0) {
		addScope(ch, "Metadata")
		ch.Details = append(ch.Details, ChangeDetail{Attribute: "Metadata", RequiresRecreation: "Never", Evaluation: "Static", ChangeSource: "DirectModification", ChangeType: "Modify"})
	}
	dp, urp := policies(t)
	if dp != rec.Live.DeletionPolicy {
		addScope(ch, "DeletionPolicy")
		ch.Details = append(ch.Details, ChangeDetail{Attribute: "DeletionPolicy", RequiresRecreation: "Never", Evaluation: "Static", ChangeSource: "DirectModification",
			BeforeValue: rec.Live.DeletionPolicy, AfterValue: dp, ChangeType: "Modify"})
	}
	if urp != rec.Live.UpdateReplacePolicy {
		addScope(ch, "UpdateReplacePolicy")
		ch.Details = append(ch.Details, ChangeDetail{Attribute: "UpdateReplacePolicy", RequiresRecreation: "Never", Evaluation: "Static", ChangeSource: "DirectModification",
			BeforeValue: rec.Live.UpdateReplacePolicy, AfterValue: urp, ChangeType: "Modify"})
	}
	if len(ch.Scope) == 0 && ch.Replacement == "False" {
		return nil, nil
	}
	if ch.Replacement != "False" {
		pr.newRef[id] = true
		ch.PolicyAction = "ReplaceAndDelete"
		if urp == PolicyRetain {
			ch.PolicyAction = "ReplaceAndRetain"
		}
	}
	if slices.Contains(ch.Scope, "Properties") {
		pr.newAtt[id] = true
	}
	return ch, nil
}

func addScope(ch *Change, s string) {
	if !slices.Contains(ch.Scope, s) {
		ch.Scope = append(ch.Scope, s)
	}
}

// createOnly reports whether a top-level property (or part of it) is
// create-only in the schema.
func createOnly(s *template.Schema, key string) bool {
	for _, p := range s.CreateOnly {
		p = strings.TrimPrefix(p, "/properties/")
		if p == key || strings.HasPrefix(p, key+"/") {
			return true
		}
	}
	return false
}

// parameterIn names the first parameter a raw template value refers to.
func parameterIn(v any, t *template.Template) string {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["Ref"].(string); ok {
			if _, isParam := t.Parameters[ref]; isParam {
				return ref
			}
		}
		for _, k := range sortedKeys(x) {
			if n := parameterIn(x[k], t); n != "" {
				return n
			}
		}
	case []any:
		for _, e := range x {
			if n := parameterIn(e, t); n != "" {
				return n
			}
		}
	case string:
		for _, name := range t.ParameterNames() {
			if strings.Contains(x, "${"+name+"}") {
				return name
			}
		}
	}
	return ""
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
