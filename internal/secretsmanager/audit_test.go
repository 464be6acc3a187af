package secretsmanager_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestTrailNeverShowsSecretValues writes values with every operation that
// takes one, reads them back, and checks that no CloudTrail event holds
// them while the events themselves are there.
func TestTrailNeverShowsSecretValues(t *testing.T) {
	h := newHarness(t)
	values := []string{"created-s3cr3t-1", "put-s3cr3t-2", "updated-s3cr3t-3"}
	h.must("CreateSecret", obj{"Name": "audited", "SecretString": values[0]}, nil)
	h.must("PutSecretValue", obj{"SecretId": "audited", "SecretString": values[1]}, nil)
	h.must("UpdateSecret", obj{"SecretId": "audited", "SecretString": values[2]}, nil)
	h.must("CreateSecret", obj{"Name": "audited-bin", "SecretBinary": []byte("binary-s3cr3t-4")}, nil)
	h.must("GetSecretValue", obj{"SecretId": "audited"}, nil)
	// A failed call's request is recorded too.
	h.wantErr("CreateSecret", obj{"Name": "audited", "SecretString": "failed-s3cr3t-5"}, "ResourceExistsException", "")
	var pw struct{ RandomPassword string }
	h.must("GetRandomPassword", obj{}, &pw)
	values = append(values, "binary-s3cr3t-4", "YmluYXJ5LXMzY3IzdC00", "failed-s3cr3t-5", pw.RandomPassword)

	var out struct {
		Events []struct {
			EventName       string
			CloudTrailEvent string
		}
	}
	if err := h.call("CloudTrail_20131101", "LookupEvents", obj{"MaxResults": 50}, &out); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range out.Events {
		seen[e.EventName]++
		for _, v := range values {
			if strings.Contains(e.CloudTrailEvent, v) {
				t.Errorf("%s event shows a secret value %q: %s", e.EventName, v, e.CloudTrailEvent)
			}
		}
		if e.EventName != "CreateSecret" && e.EventName != "PutSecretValue" && e.EventName != "UpdateSecret" {
			continue
		}
		var ev struct {
			RequestParameters map[string]any `json:"requestParameters"`
		}
		if err := json.Unmarshal([]byte(e.CloudTrailEvent), &ev); err != nil {
			t.Fatal(err)
		}
		s, b := ev.RequestParameters["secretString"], ev.RequestParameters["secretBinary"]
		if s != "HIDDEN_DUE_TO_SECURITY_REASONS" && b != "HIDDEN_DUE_TO_SECURITY_REASONS" {
			t.Errorf("%s requestParameters = %v, want the value hidden", e.EventName, ev.RequestParameters)
		}
	}
	if seen["CreateSecret"] != 3 || seen["PutSecretValue"] != 1 || seen["UpdateSecret"] != 1 || seen["GetSecretValue"] != 1 || seen["GetRandomPassword"] != 1 {
		t.Fatalf("events = %v", seen)
	}
}
