package iam

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
)

// Unique-id prefixes IAM uses (IAM User Guide, "Unique identifiers").
const (
	prefixRole   = "AROA"
	prefixPolicy = "ANPA"
	prefixUser   = "AIDA"
	prefixGroup  = "AGPA"
)

// idLength is the length of an IAM unique id: a 4-letter prefix and 17
// characters of base32 ([A-Z2-7]).
const idLength = 21

// newID returns a random unique id with the given prefix, as AWS shapes
// them: "AROA" + 17 characters of [A-Z2-7].
func newID(prefix string) string {
	var b [16]byte
	rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return prefix + base32.StdEncoding.EncodeToString(b[:])[:idLength-len(prefix)]
}

// stableID derives an id from a name, for built-in entities whose id must
// be the same on every server (AWS-managed policies).
func stableID(prefix, name string) string {
	sum := sha256.Sum256([]byte(name))
	return prefix + base32.StdEncoding.EncodeToString(sum[:])[:idLength-len(prefix)]
}
