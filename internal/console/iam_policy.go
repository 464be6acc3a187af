package console

import (
	"context"
	"encoding/json"
	"net/url"
	"sort"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
)

// iamAll runs an IAM list operation page by page (Marker/IsTruncated),
// up to maxPages, and returns the items items picks from each page. On
// an error it returns what it had with the error.
func iamAll[E any, O any, PO interface {
	*O
	next() string
}](c *Console, ctx context.Context, p *awsapi.Principal, op string, in url.Values, items func(*O) []E) ([]E, error) {
	var all []E
	marker := ""
	for range maxPages {
		q := url.Values{}
		for k, v := range in {
			q[k] = v
		}
		if marker != "" {
			q.Set("Marker", marker)
		}
		out := new(O)
		if err := c.call(ctx, p, "iam", op, q, out); err != nil {
			return all, err
		}
		all = append(all, items(out)...)
		if marker = PO(out).next(); marker == "" {
			break
		}
	}
	return all, nil
}

// decodeDocument turns a policy document as IAM returns it (URL-encoded,
// RFC 3986) into indented JSON. Text that does not decode, or is not
// JSON, is shown as it is.
func decodeDocument(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		s = d
	}
	return prettyJSON(s)
}

// trustSummary is what a roles table says of a trust policy: who may
// assume the role and, for web identities, which subjects.
type trustSummary struct {
	Principals []string // "Federated: arn:…", "AWS: arn:…", "Service: …"
	Subjects   []string // values of "…:sub" conditions
}

// summarizeTrust reads a trust policy (already decoded). Anything that is
// not a policy summarizes to nothing.
func summarizeTrust(doc string) trustSummary {
	var pol struct {
		Statement json.RawMessage
	}
	var ts trustSummary
	if json.Unmarshal([]byte(doc), &pol) != nil {
		return ts
	}
	var stmts []struct {
		Effect    string
		Principal json.RawMessage
		Condition map[string]map[string]json.RawMessage
	}
	if json.Unmarshal(pol.Statement, &stmts) != nil {
		stmts = stmts[:0]
		var one struct {
			Effect    string
			Principal json.RawMessage
			Condition map[string]map[string]json.RawMessage
		}
		if json.Unmarshal(pol.Statement, &one) != nil {
			return ts
		}
		stmts = append(stmts, one)
	}
	seenP, seenS := map[string]bool{}, map[string]bool{}
	for _, st := range stmts {
		if st.Effect != "Allow" {
			continue
		}
		var star string
		if json.Unmarshal(st.Principal, &star) == nil && star != "" {
			add(&ts.Principals, seenP, star)
		}
		var byType map[string]json.RawMessage
		if json.Unmarshal(st.Principal, &byType) == nil {
			for _, typ := range sortedKeys(byType) {
				if typ != "AWS" && typ != "Federated" && typ != "Service" {
					continue
				}
				for _, v := range stringOrList(byType[typ]) {
					add(&ts.Principals, seenP, typ+": "+v)
				}
			}
		}
		for _, keys := range st.Condition {
			for _, key := range sortedKeys(keys) {
				if strings.HasSuffix(strings.ToLower(key), ":sub") {
					for _, v := range stringOrList(keys[key]) {
						add(&ts.Subjects, seenS, v)
					}
				}
			}
		}
	}
	sort.Strings(ts.Subjects)
	return ts
}

// stringOrList reads a policy value that is a string or a list of them.
func stringOrList(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		return many
	}
	return nil
}

func add(to *[]string, seen map[string]bool, s string) {
	if !seen[s] {
		seen[s] = true
		*to = append(*to, s)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// policyDoc is a policy on a detail page: an attached managed policy
// (with its default version's document) or an inline one.
type policyDoc struct {
	Name      string
	ARN       string // managed policies only
	VersionID string // managed policies only
	Document  string // decoded and indented
	Err       *apiError
}

// attachedPolicies lists the managed policies attached to an identity
// (kind is Role, User or Group) with their default versions' documents.
func (c *Console) attachedPolicies(ctx context.Context, p *awsapi.Principal, kind, name string) ([]policyDoc, *apiError) {
	refs, err := iamAll(c, ctx, p, "ListAttached"+kind+"Policies", url.Values{kind + "Name": {name}},
		func(o *listAttachedOut) []attachedPolicyRef { return o.AttachedPolicies })
	if err != nil {
		return nil, c.explain(err)
	}
	docs := make([]policyDoc, 0, len(refs))
	for _, r := range refs {
		d := policyDoc{Name: r.PolicyName, ARN: r.PolicyArn}
		var pol getPolicyOut
		if err := c.call(ctx, p, "iam", "GetPolicy", url.Values{"PolicyArn": {r.PolicyArn}}, &pol); err != nil {
			d.Err = c.explain(err)
		} else {
			d.VersionID = pol.Policy.DefaultVersionID
			var v getPolicyVersionOut
			if err := c.call(ctx, p, "iam", "GetPolicyVersion", url.Values{"PolicyArn": {r.PolicyArn}, "VersionId": {d.VersionID}}, &v); err != nil {
				d.Err = c.explain(err)
			} else {
				d.Document = decodeDocument(v.PolicyVersion.Document)
			}
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// inlinePolicies lists an identity's inline policies with their documents.
func (c *Console) inlinePolicies(ctx context.Context, p *awsapi.Principal, kind, name string) ([]policyDoc, *apiError) {
	names, err := iamAll(c, ctx, p, "List"+kind+"Policies", url.Values{kind + "Name": {name}},
		func(o *policyNamesOut) []string { return o.PolicyNames })
	if err != nil {
		return nil, c.explain(err)
	}
	docs := make([]policyDoc, 0, len(names))
	for _, n := range names {
		d := policyDoc{Name: n}
		var out inlinePolicyOut
		if err := c.call(ctx, p, "iam", "Get"+kind+"Policy", url.Values{kind + "Name": {name}, "PolicyName": {n}}, &out); err != nil {
			d.Err = c.explain(err)
		} else {
			d.Document = decodeDocument(out.PolicyDocument)
		}
		docs = append(docs, d)
	}
	return docs, nil
}
