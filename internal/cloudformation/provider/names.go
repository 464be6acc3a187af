package provider

import (
	"crypto/rand"
	"strings"
)

// seedAlphabet is what CloudFormation's generated name suffixes use.
const seedAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// SeedLength is the length of a generated name's random suffix.
const SeedLength = 12

// NewSeed returns a random name suffix for Request.NameSeed.
func NewSeed() string {
	b := make([]byte, SeedLength)
	rand.Read(b)
	for i := range b {
		b[i] = seedAlphabet[int(b[i])%len(seedAlphabet)]
	}
	return string(b)
}

// PhysicalName is the name CloudFormation generates for a resource the
// template does not name: "stack-LogicalId-SEED", the stack and logical
// id parts shortened so the whole fits in maxLen. The same request always
// yields the same name, so a creation interrupted by a restart can find
// (and delete) what it created.
func (r *Request) PhysicalName(maxLen int) string {
	return GenerateName(r.StackName, r.LogicalID, r.NameSeed, maxLen)
}

// GenerateName builds a name as PhysicalName does.
func GenerateName(stack, logicalID, seed string, maxLen int) string {
	if seed == "" {
		seed = strings.Repeat("X", SeedLength)
	}
	avail := maxLen - len(seed) - 2
	if avail < 2 {
		if maxLen < len(seed) {
			return seed[:max(maxLen, 0)]
		}
		return seed
	}
	// Share the room between the two parts, giving what one does not use
	// to the other.
	s, l := stack, logicalID
	for len(s)+len(l) > avail {
		if len(s) >= len(l) {
			s = s[:len(s)-1]
		} else {
			l = l[:len(l)-1]
		}
	}
	return s + "-" + l + "-" + seed
}
