package awssecretsmanager

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/secretsmanager"
)

// secretValue is the value a resource's properties ask for: SecretString,
// a value generated as GenerateSecretString says, or "" (an empty secret)
// when neither is given.
func secretValue(ctx context.Context, req *provider.Request, p provider.Props) (string, error) {
	g, hasGen := p["GenerateSecretString"].(map[string]any)
	if p.Has("SecretString") && hasGen {
		return "", provider.Failf(provider.CodeInvalidRequest, "You can't specify both SecretString and GenerateSecretString.")
	}
	if !hasGen {
		return p.String("SecretString"), nil
	}
	return generate(ctx, req, provider.Props(g))
}

// generate draws a password with GetRandomPassword (as the stack's
// caller, so IAM applies) and, with SecretStringTemplate, stores it under
// GenerateStringKey of the template's JSON object.
func generate(ctx context.Context, req *provider.Request, g provider.Props) (string, error) {
	tmpl, key := g.String("SecretStringTemplate"), g.String("GenerateStringKey")
	if (tmpl == "") != (key == "") {
		return "", provider.Failf(provider.CodeInvalidRequest, "SecretStringTemplate and GenerateStringKey must be specified together.")
	}
	var obj map[string]json.RawMessage
	if tmpl != "" {
		if err := json.Unmarshal([]byte(tmpl), &obj); err != nil || obj == nil {
			return "", provider.Failf(provider.CodeInvalidRequest, "SecretStringTemplate must be a JSON object: %s", tmpl)
		}
		if _, dup := obj[key]; dup {
			return "", provider.Failf(provider.CodeInvalidRequest, "SecretStringTemplate already has the key %s that GenerateStringKey names.", key)
		}
	}
	in := &secretsmanager.GetRandomPasswordInput{ExcludeCharacters: g.String("ExcludeCharacters"),
		ExcludeLowercase: g.Bool("ExcludeLowercase"), ExcludeNumbers: g.Bool("ExcludeNumbers"),
		ExcludePunctuation: g.Bool("ExcludePunctuation"), ExcludeUppercase: g.Bool("ExcludeUppercase"),
		IncludeSpace: g.Bool("IncludeSpace")}
	if n, ok := g.Int("PasswordLength"); ok {
		in.PasswordLength = int64(n)
	} else if g.Has("PasswordLength") {
		return "", provider.Failf(provider.CodeInvalidRequest, "PasswordLength must be an integer.")
	}
	if g.Has("RequireEachIncludedType") {
		r := g.Bool("RequireEachIncludedType")
		in.RequireEachIncludedType = &r
	}
	var out secretsmanager.GetRandomPasswordOutput
	if err := req.Call(ctx, service, "GetRandomPassword", in, &out); err != nil {
		return "", err
	}
	if tmpl == "" {
		return out.RandomPassword, nil
	}
	// Keep the template's members in its order and add the key last.
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(tmpl)); err != nil {
		return "", provider.Failf(provider.CodeInvalidRequest, "SecretStringTemplate must be a JSON object: %s", tmpl)
	}
	s := bytes.TrimSuffix(buf.Bytes(), []byte("}"))
	if len(obj) > 0 {
		s = append(s, ',')
	}
	return string(s) + quote(key) + ":" + quote(out.RandomPassword) + "}", nil
}

// quote is s as a JSON string, without encoding/json's HTML escapes.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
