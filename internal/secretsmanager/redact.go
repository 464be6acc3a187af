package secretsmanager

import "encoding/json"

// hidden is CloudTrail's marker for values it never records.
const hidden = "HIDDEN_DUE_TO_SECURITY_REASONS"

// The request types that carry a secret value marshal it hidden. Requests
// are decoded with json.Unmarshal, which these methods do not affect; the
// one place a decoded request is marshalled again is the audit trail,
// which so records secretString/secretBinary as CloudTrail does.

// MarshalJSON hides the secret value (see the note above).
func (in CreateSecretInput) MarshalJSON() ([]byte, error) {
	type plain CreateSecretInput
	return marshalHidden(plain(in), in.SecretString != "", in.SecretBinary != nil)
}

// MarshalJSON hides the secret value.
func (in PutSecretValueInput) MarshalJSON() ([]byte, error) {
	type plain PutSecretValueInput
	return marshalHidden(plain(in), in.SecretString != "", in.SecretBinary != nil)
}

// MarshalJSON hides the secret value.
func (in UpdateSecretInput) MarshalJSON() ([]byte, error) {
	type plain UpdateSecretInput
	return marshalHidden(plain(in), in.SecretString != "", in.SecretBinary != nil)
}

// marshalHidden marshals v (a plain copy of a request, with no
// MarshalJSON) and replaces its secret members with the marker.
func marshalHidden(v any, hasString, hasBinary bool) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	delete(m, "SecretString")
	delete(m, "SecretBinary")
	if hasString {
		m["SecretString"] = hidden
	}
	if hasBinary {
		m["SecretBinary"] = hidden
	}
	return json.Marshal(m)
}
