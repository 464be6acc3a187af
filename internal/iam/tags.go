package iam

import (
	"fmt"
	"strings"
)

// Tag is a key-value pair attached to an IAM entity. IAM compares tag keys
// case-insensitively: an entity cannot carry "Team" and "team" together.
type Tag struct {
	Key   string
	Value string
}

// checkTags validates the Tags of a request: each key and value against
// IAM's constraints, at most 50, no key twice, no reserved "aws:" prefix.
func checkTags(field string, tags []Tag) error {
	var c checks
	if len(tags) > maxTags {
		c.add(fmt.Sprint(len(tags)), field, fmt.Sprintf("have length less than or equal to %d", maxTags))
	}
	for i, t := range tags {
		p := fmt.Sprintf("%s.%d.member", field, i+1)
		c.str(p+".key", t.Key, 1, 128, reTagKey, patTagKey)
		c.str(p+".value", t.Value, 0, 256, reTagValue, patTagValue)
	}
	if err := c.err(); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, t := range tags {
		k := strings.ToLower(t.Key)
		if seen[k] {
			return errInvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[k] = true
		if strings.HasPrefix(k, "aws:") {
			return errInvalidInput("User-defined tag keys can't start with 'aws:', as this prefix is reserved for AWS-defined tags.")
		}
	}
	return nil
}

// mergeTags applies a Tag* request: a key already present (in any case)
// gets the new value, others are appended. The result may hold at most 50.
func mergeTags(existing, add []Tag) ([]Tag, error) {
	out := append([]Tag(nil), existing...)
	for _, t := range add {
		replaced := false
		for i := range out {
			if strings.EqualFold(out[i].Key, t.Key) {
				out[i] = t
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, t)
		}
	}
	if len(out) > maxTags {
		return nil, errLimitExceeded("The number of tags has reached the maximum limit.")
	}
	return out, nil
}

// removeTags applies an Untag* request; keys that are absent are ignored.
func removeTags(existing []Tag, keys []string) []Tag {
	var out []Tag
	for _, t := range existing {
		drop := false
		for _, k := range keys {
			if strings.EqualFold(t.Key, k) {
				drop = true
				break
			}
		}
		if !drop {
			out = append(out, t)
		}
	}
	return out
}

// tagContext is the condition context of a request that sets tags:
// aws:TagKeys and one aws:RequestTag/<key> per tag.
func tagContext(tags []Tag) map[string][]string {
	if len(tags) == 0 {
		return nil
	}
	ctx := map[string][]string{}
	for _, t := range tags {
		ctx["aws:TagKeys"] = append(ctx["aws:TagKeys"], t.Key)
		ctx["aws:RequestTag/"+t.Key] = []string{t.Value}
	}
	return ctx
}

// tagKeysContext is the condition context of an Untag* request.
func tagKeysContext(keys []string) map[string][]string {
	if len(keys) == 0 {
		return nil
	}
	return map[string][]string{"aws:TagKeys": keys}
}

// tagMap returns tags as a map, for callers that treat them as one
// (session tags); keys keep their case.
func tagMap(tags []Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}
