package cfnnag

import (
	"slices"
	"strings"
	"unicode"
)

// secretWords are name words that mean the value is a secret.
var secretWords = []string{"password", "passwd", "pwd", "passphrase", "secret", "secrets",
	"token", "apikey", "privatekey", "credential", "credentials"}

// secretKeyQualifiers make a following "key" a secret (ApiKey, SECRET_KEY,
// PrivateKey); a bare or other key (KeyName, KmsKey, PublicKey) is not.
var secretKeyQualifiers = []string{"api", "private", "secret", "access", "signing", "auth",
	"master", "client", "license", "session", "shared", "encryption"}

// referenceSuffixes end names that hold something about a secret rather
// than the secret itself (SecretArn, PasswordLength, TokenUrl...).
var referenceSuffixes = []string{"arn", "arns", "name", "names", "id", "ids", "path", "prefix",
	"suffix", "length", "ttl", "expiry", "expiration", "version", "type", "enabled", "required",
	"url", "uri", "endpoint", "parameter", "param", "region", "count", "size", "duration",
	"seconds", "minutes", "hours", "days", "policy", "rotation", "header", "location", "field",
	"file", "format", "algorithm", "timeout", "lifetime", "provider", "mode", "kms", "template",
	"characters", "reset", "age", "reuse", "prevention"}

// LooksSecret reports whether a parameter, property or environment
// variable name says its value is a secret: DBPassword, GITHUB_TOKEN,
// ApiKey, AWS_SECRET_ACCESS_KEY — but not SecretArn or MinimumPasswordLength.
func LooksSecret(name string) bool {
	words := nameWords(name)
	if len(words) == 0 || slices.Contains(referenceSuffixes, words[len(words)-1]) {
		return false
	}
	if strings.EqualFold(name, "ServiceToken") {
		return false // a custom resource's handler ARN
	}
	for i, w := range words {
		if slices.Contains(secretWords, w) {
			return true
		}
		if w == "key" && i > 0 && slices.Contains(secretKeyQualifiers, words[i-1]) {
			return true
		}
	}
	return false
}

// nameWords splits a name into lower-case words at separators and
// camelCase boundaries: "DBMasterPassword" → db master password.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = nil
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			continue
		case unicode.IsUpper(r) && len(cur) > 0:
			prevLower := unicode.IsLower(cur[len(cur)-1]) || unicode.IsDigit(cur[len(cur)-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if prevLower || (nextLower && unicode.IsUpper(cur[len(cur)-1])) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// isDynamicSecretRef reports a {{resolve:secretsmanager:...}} or
// {{resolve:ssm-secure:...}} reference, which CloudFormation resolves at
// deploy time without the value ever being in the template.
func isDynamicSecretRef(s string) bool {
	return strings.Contains(s, "{{resolve:secretsmanager:") || strings.Contains(s, "{{resolve:ssm-secure:")
}

// plainSecret reports whether a value given to a secret property is in
// the clear: a literal (not a dynamic reference), or a Ref to a parameter
// that is not NoEcho or carries a Default. Other intrinsics are unknown
// and pass.
func plainSecret(t *Template, v *Value) bool {
	if v.IsString() {
		return v.Str != "" && !isDynamicSecretRef(v.Str)
	}
	fn, arg, ok := v.Intrinsic()
	if !ok || fn != "Ref" {
		return false
	}
	name, _ := arg.Literal()
	p := t.Parameter(name)
	return p != nil && (!p.NoEcho() || p.HasDefault())
}
