package policy

// Parse validates doc as a policy of the given kind and compiles it for
// Evaluate. A rejected document yields a *MalformedError carrying IAM's
// MalformedPolicyDocument message; checks run in the order IAM applies them,
// so a document with several problems reports the one IAM would. Size limits
// (6,144 characters for managed policies, ...) are the caller's business.
func Parse(doc string, kind Kind) (*Policy, error) {
	root, err := parseJSON(doc)
	if err != nil {
		return nil, malformed(msgSyntax)
	}
	d, ok := parseSyntax(root)
	if !ok {
		return nil, malformed(msgSyntax)
	}
	if err := validate(d, kind); err != nil {
		return nil, err
	}
	p := &Policy{ID: d.id, Type: kind.sourceType(), Version: d.version, Kind: kind}
	lines := newLineIndex(doc)
	vars := d.version == Version2012
	for _, dr := range d.statements {
		st := compileStatement(dr, vars)
		st.Start, st.End = lines.at(dr.node.start), lines.at(dr.node.end)
		p.Statements = append(p.Statements, st)
	}
	return p, nil
}

// validate runs the checks that follow the syntax phase, in IAM's order.
func validate(d *document, kind Kind) error {
	if kind == Managed && d.version != Version2012 {
		return malformed(msgVersion)
	}
	if err := checkPrincipalPlacement(d, kind); err != nil {
		return err
	}
	// Legacy parsing: exact-case Effect, well-formed dates, resource shape.
	for _, s := range d.statements {
		if s.effect != string(Allow) && s.effect != string(Deny) {
			return malformed(msgLegacy)
		}
		for _, c := range s.conds {
			if c.known && isDateOp(c.op.base) {
				for _, v := range c.values {
					if _, ok := parseDate(v); !ok {
						return malformed(msgLegacy)
					}
				}
			}
		}
	}
	rc := checkResources(d.statements)
	if rc.legacy {
		return malformed(msgLegacy)
	}
	if err := checkSids(d, kind); err != nil {
		return err
	}
	for _, s := range d.statements {
		if len(s.lists["Action"]) == 0 && len(s.lists["NotAction"]) == 0 {
			return malformed(msgNoActions)
		}
	}
	if rc.formatErr != "" {
		return malformed(rc.formatErr)
	}
	for _, key := range []string{"Action", "NotAction"} {
		for _, s := range d.statements {
			for _, a := range s.lists[key] {
				if msg := actionError(a); msg != "" {
					return malformed(msg)
				}
			}
		}
	}
	for _, s := range d.statements {
		for _, c := range s.conds {
			if c.known && len(c.values) > 0 && !hasVendor(c.key) {
				return malformed(msgVendor)
			}
		}
	}
	if kind != Trust {
		for _, s := range d.statements {
			if len(s.lists["Resource"]) == 0 && len(s.lists["NotResource"]) == 0 {
				return malformed(msgNoResources)
			}
		}
	}
	if kind == Trust || kind == Resource {
		if err := checkPrincipalValues(d); err != nil {
			return err
		}
	}
	if kind == Trust {
		for _, s := range d.statements {
			for _, key := range []string{"Action", "NotAction"} {
				for _, a := range s.lists[key] {
					if !isSTSAction(a) {
						return malformed(msgTrustActions)
					}
				}
			}
		}
	}
	return nil
}

func isDateOp(b baseOp) bool {
	return b >= opDateEquals && b <= opDateGreaterThanEquals
}

// checkPrincipalPlacement enforces where Principal may and must appear.
func checkPrincipalPlacement(d *document, kind Kind) error {
	for _, s := range d.statements {
		has := s.has["Principal"] || s.has["NotPrincipal"]
		switch kind {
		case Identity, Managed:
			if has {
				return malformed(msgNoPrincipal)
			}
		case Trust:
			for _, f := range []string{"Resource", "NotResource"} {
				if s.has[f] {
					return malformed(msgProhibitedField, f)
				}
			}
			if !has || principalEmpty(s) {
				return malformed(msgTrustNoPrincipal)
			}
		case Resource:
			if !has {
				return malformed(msgMissingPrincipal)
			}
		}
	}
	return nil
}

// principalEmpty reports a Principal given as {} (no principals at all).
func principalEmpty(s *draft) bool {
	for _, v := range s.principal {
		if v.kind == jsonObject && len(v.members) == 0 {
			return true
		}
	}
	return false
}

// checkSids enforces unique (non-empty) Sids and, in identity policies,
// IAM's alphanumeric Sid charset. Trust and resource policies are not held
// to it here: services differ (S3 and KMS accept spaces) and rejecting a
// document AWS accepts would break templates that work there.
func checkSids(d *document, kind Kind) error {
	seen := map[string]bool{}
	for _, s := range d.statements {
		if s.sid == "" {
			continue
		}
		if seen[s.sid] {
			return malformed(msgSidUnique)
		}
		seen[s.sid] = true
	}
	if kind != Identity && kind != Managed {
		return nil
	}
	for _, s := range d.statements {
		for i := 0; i < len(s.sid); i++ {
			c := s.sid[i]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return malformed(msgSidChars)
			}
		}
	}
	return nil
}
