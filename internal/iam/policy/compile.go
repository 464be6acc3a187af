package policy

// compileStatement turns a validated draft into a Statement with its
// matchers. vars says whether policy variables are enabled (2012-10-17).
func compileStatement(d *draft, vars bool) *Statement {
	st := &Statement{
		Sid:         d.sid,
		Effect:      Effect(d.effect),
		Action:      d.lists["Action"],
		NotAction:   d.lists["NotAction"],
		Resource:    d.lists["Resource"],
		NotResource: d.lists["NotResource"],
	}
	if n, ok := d.principal["Principal"]; ok {
		st.Principal = buildPrincipal(n)
	}
	if n, ok := d.principal["NotPrincipal"]; ok {
		st.NotPrincipal = buildPrincipal(n)
	}
	st.hasPrincipal = st.Principal != nil || st.NotPrincipal != nil

	actions := st.Action
	if d.has["NotAction"] {
		actions, st.notAction = st.NotAction, true
	}
	for _, a := range actions {
		st.actions = append(st.actions, appendText(nil, a))
	}

	resources := st.Resource
	switch {
	case d.has["NotResource"]:
		resources, st.notResource = st.NotResource, true
	case !d.has["Resource"]:
		st.anyResource = true
	}
	for _, r := range resources {
		rp := resourcePattern{tmpl: parseTemplate(r, vars)}
		if !rp.tmpl.hasVars {
			rp.toks, _ = rp.tmpl.tokens(nil)
			rp.restricted = segmentRestrict(rp.toks)
		}
		st.resources = append(st.resources, rp)
	}

	for _, c := range d.conds {
		if !c.known {
			continue
		}
		st.Conditions = append(st.Conditions, compileCondition(c.opName, c.key, c.op, c.values, vars))
	}
	return st
}
