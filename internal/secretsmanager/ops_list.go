package secretsmanager

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

// Filter keys ListSecrets accepts.
var filterKeys = map[string]bool{"description": true, "name": true, "tag-key": true, "tag-value": true,
	"primary-region": true, "owning-service": true, "all": true}

func checkFilters(fs []Filter) error {
	for _, f := range fs {
		if !filterKeys[f.Key] {
			return awsapi.Errorf(CodeValidation, "1 validation error detected: Value '%s' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [all, name, tag-key, description, tag-value, primary-region, owning-service]", f.Key)
		}
		if len(f.Values) == 0 || len(f.Values) > 10 {
			return errParam("Invalid filter values: a filter has between 1 and 10 values.")
		}
	}
	return nil
}

// prefixOf reports a prefix match, with AWS's "!" negation.
func prefixOf(candidates []string, value string, fold bool) bool {
	neg := strings.HasPrefix(value, "!")
	value = strings.TrimPrefix(value, "!")
	hit := false
	for _, c := range candidates {
		if fold {
			c, value = strings.ToLower(c), strings.ToLower(value)
		}
		if strings.HasPrefix(c, value) {
			hit = true
			break
		}
	}
	return hit != neg
}

// matchFilter applies one filter (its values are ORed); name and
// description match prefixes case-insensitively, tags case-sensitively,
// "all" any of them.
func (a *API) matchFilter(s *secret, f Filter) bool {
	var keys, vals []string
	for _, t := range s.Tags {
		keys, vals = append(keys, t.Key), append(vals, t.Value)
	}
	for _, v := range f.Values {
		var ok bool
		switch f.Key {
		case "name":
			ok = prefixOf([]string{s.Name}, v, true)
		case "description":
			ok = prefixOf([]string{s.Description}, v, true)
		case "tag-key":
			ok = prefixOf(keys, v, false)
		case "tag-value":
			ok = prefixOf(vals, v, false)
		case "primary-region":
			ok = prefixOf([]string{a.region}, v, false)
		case "owning-service":
			ok = prefixOf(nil, v, false)
		case "all":
			all := append([]string{s.Name, s.Description}, append(keys, vals...)...)
			for _, w := range strings.Fields(v) {
				if ok = prefixOf(all, w, true); ok {
					break
				}
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (a *API) listSecrets(ctx context.Context, _ *awsapi.Call, in *ListSecretsInput) (*ListSecretsOutput, error) {
	max, start, err := pageBounds(in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	if err := checkFilters(in.Filters); err != nil {
		return nil, err
	}
	all, err := store.ListAll[secret](ctx, a.st, kind, "")
	if err != nil {
		return nil, err
	}
	var hits []*secret
	for _, s := range all {
		if a.expired(s) || (s.scheduled() && !in.IncludePlannedDeletion) {
			continue
		}
		if !slices.ContainsFunc(in.Filters, func(f Filter) bool { return !a.matchFilter(s, f) }) {
			hits = append(hits, s)
		}
	}
	sortSecrets(hits, in.SortBy, in.SortOrder)
	out := &ListSecretsOutput{SecretList: []SecretListEntry{}}
	for i := start; i < len(hits); i++ {
		if len(out.SecretList) == max {
			out.NextToken = strconv.Itoa(i)
			break
		}
		s := hits[i]
		out.SecretList = append(out.SecretList, SecretListEntry{ARN: s.ARN, Name: s.Name, Description: s.Description,
			KmsKeyID: s.KmsKeyID, LastChangedDate: epoch(s.Changed), LastAccessedDate: epoch(s.Accessed),
			DeletedDate: epoch(s.DeletedAt), Tags: s.Tags, SecretVersionsToStages: s.stages(), CreatedDate: epoch(s.Created)})
	}
	return out, nil
}

// sortSecrets orders a listing: by creation date (the default) or the
// given field, ascending unless order is "desc"; names break ties so
// that offsets page stably.
func sortSecrets(ss []*secret, by, order string) {
	less := func(x, y *secret) int {
		switch by {
		case "name":
			return strings.Compare(x.Name, y.Name)
		case "last-changed-date":
			return x.Changed.Compare(y.Changed)
		case "last-accessed-date":
			return x.Accessed.Compare(y.Accessed)
		}
		return x.Created.Compare(y.Created)
	}
	sort.SliceStable(ss, func(i, j int) bool {
		c := less(ss[i], ss[j])
		if c == 0 {
			c = strings.Compare(ss[i].Name, ss[j].Name)
		}
		if order == "desc" {
			return c > 0
		}
		return c < 0
	})
}
