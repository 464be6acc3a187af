package secretsmanager_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/berth-dev/berth/internal/secretsmanager"
)

// get returns the secret's string value and version for a selection.
func (h *harness) get(in obj) (string, string, []string) {
	h.t.Helper()
	var g secretsmanager.GetSecretValueOutput
	h.must("GetSecretValue", in, &g)
	return *g.SecretString, g.VersionID, g.VersionStages
}

func TestVersionsAndStages(t *testing.T) {
	h := newHarness(t)
	var c secretsmanager.CreateSecretOutput
	h.must("CreateSecret", obj{"Name": "app", "SecretString": "v1"}, &c)
	v1 := c.VersionID
	var p secretsmanager.PutSecretValueOutput
	h.must("PutSecretValue", obj{"SecretId": "app", "SecretString": "v2"}, &p)
	v2 := p.VersionID
	if !slices.Equal(p.VersionStages, []string{"AWSCURRENT"}) || v2 == v1 {
		t.Fatalf("PutSecretValue = %+v", p)
	}
	if v, id, _ := h.get(obj{"SecretId": "app"}); v != "v2" || id != v2 {
		t.Fatalf("current = %s %s", v, id)
	}
	if v, id, st := h.get(obj{"SecretId": "app", "VersionStage": "AWSPREVIOUS"}); v != "v1" || id != v1 || !slices.Equal(st, []string{"AWSPREVIOUS"}) {
		t.Fatalf("previous = %s %s %v", v, id, st)
	}
	if v, _, _ := h.get(obj{"SecretId": "app", "VersionId": v1}); v != "v1" {
		t.Fatalf("by version id = %s", v)
	}
	if v, _, _ := h.get(obj{"SecretId": "app", "VersionId": v2, "VersionStage": "AWSCURRENT"}); v != "v2" {
		t.Fatalf("by version id and stage = %s", v)
	}

	// A third value deprecates v1 (no label left); v2 becomes previous.
	h.must("PutSecretValue", obj{"SecretId": "app", "SecretString": "v3"}, &p)
	v3 := p.VersionID
	var d secretsmanager.DescribeSecretOutput
	h.must("DescribeSecret", obj{"SecretId": "app"}, &d)
	want := map[string][]string{v3: {"AWSCURRENT"}, v2: {"AWSPREVIOUS"}}
	if len(d.VersionIdsToStages) != 2 || !slices.Equal(d.VersionIdsToStages[v3], want[v3]) || !slices.Equal(d.VersionIdsToStages[v2], want[v2]) {
		t.Fatalf("VersionIdsToStages = %v", d.VersionIdsToStages)
	}
	if v, _, st := h.get(obj{"SecretId": "app", "VersionId": v1}); v != "v1" || len(st) != 0 {
		t.Fatalf("deprecated version = %s %v", v, st)
	}

	// A custom label leaves AWSCURRENT where it is.
	h.must("PutSecretValue", obj{"SecretId": "app", "SecretString": "v4", "VersionStages": []string{"staging"}}, &p)
	if v, _, _ := h.get(obj{"SecretId": "app"}); v != "v3" {
		t.Fatalf("current after a staging put = %s", v)
	}
	if v, _, _ := h.get(obj{"SecretId": "app", "VersionStage": "staging"}); v != "v4" {
		t.Fatalf("staging = %s", v)
	}

	var vs secretsmanager.ListSecretVersionIdsOutput
	h.must("ListSecretVersionIds", obj{"SecretId": "app"}, &vs)
	if len(vs.Versions) != 3 || vs.ARN != c.ARN {
		t.Fatalf("ListSecretVersionIds = %+v", vs)
	}
	h.must("ListSecretVersionIds", obj{"SecretId": "app", "IncludeDeprecated": true, "MaxResults": 3}, &vs)
	if len(vs.Versions) != 3 || vs.NextToken == "" || vs.Versions[0].VersionID != p.VersionID {
		t.Fatalf("ListSecretVersionIds page 1 = %+v", vs)
	}
	var page2 secretsmanager.ListSecretVersionIdsOutput
	h.must("ListSecretVersionIds", obj{"SecretId": "app", "IncludeDeprecated": true, "NextToken": vs.NextToken}, &page2)
	if len(page2.Versions) != 1 || page2.Versions[0].VersionID != v1 || page2.NextToken != "" {
		t.Fatalf("ListSecretVersionIds page 2 = %+v", page2)
	}

	h.wantErr("GetSecretValue", obj{"SecretId": "app", "VersionStage": "nope"}, "ResourceNotFoundException",
		"Secrets Manager can't find the specified secret value for staging label: nope")
	h.wantErr("GetSecretValue", obj{"SecretId": "app", "VersionId": "00000000-0000-0000-0000-000000000000"}, "ResourceNotFoundException",
		"Secrets Manager can't find the specified secret value for VersionId: 00000000-0000-0000-0000-000000000000")
	h.wantErr("GetSecretValue", obj{"SecretId": "app", "VersionId": v1, "VersionStage": "AWSCURRENT"}, "InvalidRequestException", "")
}

func TestUpdateSecret(t *testing.T) {
	h := newHarness(t)
	h.must("CreateSecret", obj{"Name": "u", "SecretString": "one", "Description": "first"}, nil)
	var u secretsmanager.UpdateSecretOutput
	h.must("UpdateSecret", obj{"SecretId": "u", "Description": "second", "KmsKeyId": "alias/mine"}, &u)
	if u.VersionID != "" || u.Name != "u" {
		t.Fatalf("metadata-only UpdateSecret = %+v", u)
	}
	h.must("UpdateSecret", obj{"SecretId": "u", "SecretString": "two"}, &u)
	if u.VersionID == "" {
		t.Fatalf("UpdateSecret with a value made no version: %+v", u)
	}
	if v, id, _ := h.get(obj{"SecretId": "u"}); v != "two" || id != u.VersionID {
		t.Fatalf("after UpdateSecret = %s %s", v, id)
	}
	if v, _, _ := h.get(obj{"SecretId": "u", "VersionStage": "AWSPREVIOUS"}); v != "one" {
		t.Fatalf("previous after UpdateSecret = %s", v)
	}
	var d secretsmanager.DescribeSecretOutput
	h.must("DescribeSecret", obj{"SecretId": "u"}, &d)
	if d.Description != "second" || d.KmsKeyID != "alias/mine" {
		t.Fatalf("DescribeSecret = %+v", d)
	}
	h.wantErr("UpdateSecret", obj{"SecretId": "u", "SecretString": "x", "SecretBinary": []byte("y")}, "InvalidParameterException", "")
	h.wantErr("UpdateSecret", obj{"SecretId": "nope", "Description": "x"}, "ResourceNotFoundException", "")
}

// TestConcurrentPuts checks that concurrent writers each get their own
// version and exactly one ends up AWSCURRENT.
func TestConcurrentPuts(t *testing.T) {
	h := newHarness(t)
	h.must("CreateSecret", obj{"Name": "busy", "SecretString": "v0"}, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- h.sm("PutSecretValue", obj{"SecretId": "busy", "SecretString": fmt.Sprint("v", i+1)}, nil)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var vs secretsmanager.ListSecretVersionIdsOutput
	h.must("ListSecretVersionIds", obj{"SecretId": "busy", "IncludeDeprecated": true}, &vs)
	current, previous := 0, 0
	for _, v := range vs.Versions {
		current += len(slices.DeleteFunc(slices.Clone(v.VersionStages), func(s string) bool { return s != "AWSCURRENT" }))
		previous += len(slices.DeleteFunc(slices.Clone(v.VersionStages), func(s string) bool { return s != "AWSPREVIOUS" }))
	}
	if len(vs.Versions) != 11 || current != 1 || previous != 1 {
		t.Fatalf("%d versions, %d current, %d previous", len(vs.Versions), current, previous)
	}
}
