package audit

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"
)

// Suggestion is a least-privilege policy derived from the trail.
type Suggestion struct {
	// Policy is the IAM policy document (JSON, indented).
	Policy string
	// Calls is how many calls it covers; Denied lists actions sessions
	// tried without permission (not granted by Policy).
	Calls  int
	Denied []string
}

type statement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

// Suggest builds a policy granting exactly the actions, on exactly the
// resources, that sessions of role used since the given time: one
// statement per service. Calls that were denied are reported, not granted.
func (t *Trail) Suggest(ctx context.Context, role string, since time.Time) (*Suggestion, error) {
	q := Query{RoleName: role}
	if !since.IsZero() {
		q.StartMs = since.UnixMilli()
	}
	rows, err := t.Find(ctx, q)
	if err != nil {
		return nil, err
	}
	type grant struct{ actions, resources map[string]bool }
	byService := map[string]*grant{}
	denied := map[string]bool{}
	s := &Suggestion{}
	for _, r := range rows {
		if r.Action == "" {
			continue
		}
		if strings.HasPrefix(r.ErrorCode, "AccessDenied") {
			denied[r.Action] = true
			continue
		}
		s.Calls++
		svc, _, _ := strings.Cut(r.Action, ":")
		g := byService[svc]
		if g == nil {
			g = &grant{actions: map[string]bool{}, resources: map[string]bool{}}
			byService[svc] = g
		}
		g.actions[r.Action] = true
		if len(r.Resources) == 0 {
			g.resources["*"] = true
		}
		for _, res := range r.Resources {
			g.resources[res.ResourceName] = true
		}
	}
	var stmts []statement
	for _, svc := range sortedKeys(byService) {
		g := byService[svc]
		res := sortedSet(g.resources)
		if g.resources["*"] {
			res = []string{"*"}
		}
		stmts = append(stmts, statement{Sid: sid(svc), Effect: "Allow", Action: sortedSet(g.actions), Resource: res})
	}
	doc := map[string]any{"Version": "2012-10-17", "Statement": stmts}
	if stmts == nil {
		doc["Statement"] = []statement{}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	s.Policy = string(b)
	for a := range denied {
		s.Denied = append(s.Denied, a)
	}
	sort.Strings(s.Denied)
	return s, nil
}

func sid(svc string) string {
	var b strings.Builder
	up := true
	for _, r := range svc {
		if r == '-' {
			up = true
			continue
		}
		if up {
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		} else {
			b.WriteRune(r)
		}
	}
	return b.String() + "UsedActions"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedSet(m map[string]bool) []string { return sortedKeys(m) }
