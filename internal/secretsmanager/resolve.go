package secretsmanager

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// arnScheme starts every Secrets Manager secret ARN.
const arnScheme = "arn:aws:secretsmanager:"

// IsARN reports whether ref is a Secrets Manager secret ARN (App Runner's
// RuntimeEnvironmentSecrets hold either these or SSM parameter ARNs).
func IsARN(ref string) bool {
	return strings.HasPrefix(ref, arnScheme) && strings.Contains(ref, ":secret:")
}

// Reference is a secret reference as App Runner and ECS take it:
// arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-xxxxxx, optionally
// followed by :json-key:version-stage:version-id, each part may be empty.
type Reference struct {
	SecretID     string // the ARN without the optional parts, or a name
	JSONKey      string
	VersionStage string
	VersionID    string
}

// ParseReference splits ref. A name is accepted too and has no optional
// parts (names cannot contain ':').
func ParseReference(ref string) (Reference, error) {
	if !IsARN(ref) {
		if ref == "" || strings.Contains(ref, ":") {
			return Reference{}, fmt.Errorf("secretsmanager: %q is not a secret ARN", ref)
		}
		return Reference{SecretID: ref}, nil
	}
	parts := strings.SplitN(ref, ":", 7)
	if len(parts) < 7 || parts[5] != "secret" {
		return Reference{}, fmt.Errorf("secretsmanager: %q is not a secret ARN", ref)
	}
	rest := strings.Split(parts[6], ":")
	if len(rest) > 4 || rest[0] == "" {
		return Reference{}, fmt.Errorf("secretsmanager: %q is not a secret reference: want ARN[:json-key[:version-stage[:version-id]]]", ref)
	}
	rest = append(rest, "", "", "")
	return Reference{SecretID: strings.Join(parts[:6], ":") + ":" + rest[0], JSONKey: rest[1], VersionStage: rest[2], VersionID: rest[3]}, nil
}

// Resolve returns the value a secret reference names (see Reference): the
// SecretString of the selected version (AWSCURRENT by default), or with a
// json-key the member of that top-level key of the JSON object it holds
// (a string as is, any other JSON value as JSON text). It is a Go API for
// other components (App Runner) and is neither authorized nor audited.
func (a *API) Resolve(ctx context.Context, ref string) (string, error) {
	r, err := ParseReference(ref)
	if err != nil {
		return "", err
	}
	_, v, err := a.value(ctx, r.SecretID, r.VersionID, r.VersionStage)
	if err != nil {
		return "", fmt.Errorf("secretsmanager: resolve %s: %w", r.SecretID, err)
	}
	if v.String == nil {
		return "", fmt.Errorf("secretsmanager: resolve %s: the secret holds a binary value; only SecretString values can be referenced", r.SecretID)
	}
	if r.JSONKey == "" {
		return *v.String, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(*v.String), &obj); err != nil {
		return "", fmt.Errorf("secretsmanager: resolve %s: json-key %s given but the secret value is not a JSON object", r.SecretID, r.JSONKey)
	}
	raw, ok := obj[r.JSONKey]
	if !ok {
		return "", fmt.Errorf("secretsmanager: resolve %s: the secret value has no key %s", r.SecretID, r.JSONKey)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	return string(raw), nil
}

// ResolveAll resolves a map of variable → reference, handing references
// that are not Secrets Manager ARNs to next (SSM's resolver); next may be
// nil, and then such references are errors. Its signature is App Runner's
// controller.Options.ResolveSecrets.
func (a *API) ResolveAll(next func(context.Context, map[string]string) (map[string]string, error)) func(context.Context, map[string]string) (map[string]string, error) {
	return func(ctx context.Context, refs map[string]string) (map[string]string, error) {
		out := make(map[string]string, len(refs))
		rest := map[string]string{}
		for name, ref := range refs {
			if !IsARN(ref) {
				rest[name] = ref
				continue
			}
			v, err := a.Resolve(ctx, ref)
			if err != nil {
				return nil, fmt.Errorf("secret %s (%s): %w", name, ref, err)
			}
			out[name] = v
		}
		if len(rest) == 0 {
			return out, nil
		}
		if next == nil {
			return nil, fmt.Errorf("secretsmanager: references that are not Secrets Manager ARNs cannot be resolved")
		}
		vals, err := next(ctx, rest)
		if err != nil {
			return nil, err
		}
		for k, v := range vals {
			out[k] = v
		}
		return out, nil
	}
}
