package secretsmanager

import (
	"crypto/rand"
	"regexp"
	"strings"
)

// suffixAlphabet is what AWS's six-character ARN suffixes are made of.
const suffixAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// suffixLen is the length of the random ARN suffix, after a hyphen.
const suffixLen = 6

// nameRE is the characters a secret name may use.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9/_+=.@!-]+$`)

const maxNameLen = 512

// newSuffix returns "-" and six random alphanumerics.
func newSuffix() string {
	b := make([]byte, suffixLen)
	rand.Read(b)
	for i := range b {
		b[i] = suffixAlphabet[int(b[i])%len(suffixAlphabet)]
	}
	return "-" + string(b)
}

// arnPrefix is every secret's ARN up to its name.
func (a *API) arnPrefix() string {
	return "arn:aws:secretsmanager:" + a.region + ":" + a.acct + ":secret:"
}

// secretRef is a SecretId taken apart: a plain name, or the name part of
// a full or partial ARN.
type secretRef struct {
	id   string // as given
	name string // the name, or the ARN's name part (which may end with the suffix)
	arn  bool
}

// parseSecretID reads a SecretId: a name, a full ARN or a partial ARN
// (the ARN without its "-xxxxxx" suffix).
func (a *API) parseSecretID(id string) secretRef {
	if strings.HasPrefix(id, "arn:") {
		parts := strings.SplitN(id, ":", 7)
		if len(parts) == 7 && parts[2] == "secretsmanager" && parts[5] == "secret" {
			return secretRef{id: id, name: parts[6], arn: true}
		}
		return secretRef{id: id, name: id}
	}
	return secretRef{id: id, name: id}
}

// candidates lists the names ref may address, most specific first: a
// full ARN's name without its suffix, then the name as written.
func (r secretRef) candidates() []string {
	if r.arn && len(r.name) > suffixLen+1 && r.name[len(r.name)-suffixLen-1] == '-' {
		return []string{r.name[:len(r.name)-suffixLen-1], r.name}
	}
	return []string{r.name}
}

// addresses reports whether the stored secret s, found under one of
// ref's candidate names, is the one ref means: any secret of that name for
// a plain name; for an ARN, its full ARN or its ARN without the suffix.
func (a *API) addresses(ref secretRef, s *secret) bool {
	return !ref.arn || s.ARN == ref.id || ref.id == a.arnPrefix()+s.Name
}

func validateName(n string) error {
	if n == "" || len(n) > maxNameLen {
		return errLength("name", 1, maxNameLen)
	}
	if !nameRE.MatchString(n) {
		return errCode(CodeValidation, msgInvalidName)
	}
	return nil
}
