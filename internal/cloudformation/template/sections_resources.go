package template

import "strings"

// resourceAttributes are the keys a resource declaration may have.
var resourceAttributes = map[string]bool{
	"Type": true, "Properties": true, "DependsOn": true, "Condition": true,
	"DeletionPolicy": true, "UpdateReplacePolicy": true, "Metadata": true,
	"CreationPolicy": true, "UpdatePolicy": true,
}

var (
	deletionPolicies      = []string{"Delete", "Retain", "RetainExceptOnCreate", "Snapshot"}
	updateReplacePolicies = []string{"Delete", "Retain", "Snapshot"}
)

func (t *Template) buildResources(top map[string]any, order map[string][]string) error {
	v, ok := top["Resources"]
	sec, isMap := v.(map[string]any)
	if !ok || !isMap || len(sec) == 0 {
		return t.errAt(formatErr("At least one Resources member must be defined."), "/Resources")
	}
	t.Resources = map[string]*Resource{}
	for _, id := range declared(order["/Resources"], sec) {
		path := pointer("/Resources", id)
		r, err := t.buildResource(id, path, sec[id])
		if err != nil {
			return err
		}
		t.Resources[id] = r
		t.resourceOrder = append(t.resourceOrder, id)
	}
	return nil
}

func (t *Template) buildResource(id, path string, v any) (*Resource, error) {
	if !alnumRe.MatchString(id) {
		return nil, t.errAt(formatErr("Resource name %s is non alphanumeric.", id), path)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, t.errAt(formatErr("[%s] Every Resources object must contain a Type member.", path), path)
	}
	for _, k := range sortedKeys(m) {
		if !resourceAttributes[k] {
			return nil, t.errAt(formatErr("Invalid template resource property '%s'", k), pointer(path, k))
		}
	}
	r := &Resource{LogicalID: id, Properties: map[string]any{}}
	typ, ok := m["Type"]
	if !ok {
		return nil, t.errAt(formatErr("[%s] Every Resources object must contain a Type member.", path), path)
	}
	if r.Type, ok = typ.(string); !ok || r.Type == "" {
		return nil, t.errAt(formatErr("[%s/Type] Every Type member must be a non-empty string.", path), path+"/Type")
	}
	if p, ok := m["Properties"]; ok {
		if r.Properties, ok = p.(map[string]any); !ok {
			return nil, t.errAt(formatErr("[%s/Properties] Every Properties member must be an object.", path),
				path+"/Properties")
		}
	}
	if d, ok := m["DependsOn"]; ok {
		deps, ok := stringList(d)
		if !ok {
			return nil, t.errAt(formatErr("DependsOn must be a string or list of strings."), path+"/DependsOn")
		}
		r.DependsOn = deps
	}
	if c, ok := m["Condition"]; ok {
		if r.Condition, ok = c.(string); !ok {
			return nil, t.errAt(formatErr("Every Condition member must be a string."), path+"/Condition")
		}
	}
	var err error
	if r.DeletionPolicy, err = t.policy(m, path, "DeletionPolicy", deletionPolicies); err != nil {
		return nil, err
	}
	if r.UpdateReplacePolicy, err = t.policy(m, path, "UpdateReplacePolicy", updateReplacePolicies); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name string
		dst  *map[string]any
	}{{"Metadata", &r.Metadata}, {"CreationPolicy", &r.CreationPolicy}, {"UpdatePolicy", &r.UpdatePolicy}} {
		if x, ok := m[f.name]; ok {
			if *f.dst, ok = x.(map[string]any); !ok {
				return nil, t.errAt(formatErr("[%s/%s] Every %s member must be an object.", path, f.name, f.name),
					path+"/"+f.name)
			}
		}
	}
	return r, nil
}

func (t *Template) policy(m map[string]any, path, name string, allowed []string) (string, error) {
	v, ok := m[name]
	if !ok {
		return "", nil
	}
	s, _ := v.(string)
	for _, a := range allowed {
		if s == a {
			return s, nil
		}
	}
	return "", t.errAt(formatErr("[%s/%s] %s must be one of [%s]", path, name, name, strings.Join(allowed, ", ")),
		path+"/"+name)
}

// stringList accepts a string or a list of strings.
func stringList(v any) ([]string, bool) {
	switch tv := v.(type) {
	case string:
		return []string{tv}, true
	case []any:
		out := make([]string, 0, len(tv))
		for _, x := range tv {
			s, ok := x.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}
