package secretsmanager

import (
	"context"
	"crypto/rand"
	"math/big"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
)

// Character classes of GetRandomPassword, as AWS documents them.
const (
	lowercase   = "abcdefghijklmnopqrstuvwxyz"
	uppercase   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits      = "0123456789"
	punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
)

// Password length bounds and default.
const (
	defaultPasswordLength = 32
	maxPasswordLength     = 4096
)

// PasswordSpec says how to generate a password: GetRandomPassword's
// request, which CloudFormation's GenerateSecretString shares.
type PasswordSpec = GetRandomPasswordInput

// GeneratePassword returns a random password following spec, or an
// InvalidParameterException when no password can satisfy it.
func GeneratePassword(spec *PasswordSpec) (string, error) {
	n := spec.PasswordLength
	if n == 0 {
		n = defaultPasswordLength
	}
	if n < 1 || n > maxPasswordLength {
		return "", errCode(CodeValidation, "1 validation error detected: Value at 'passwordLength' failed to satisfy constraint: Member must have value between 1 and 4096")
	}
	var classes []string
	add := func(exclude bool, set string) {
		if exclude {
			return
		}
		set = strings.Map(func(r rune) rune {
			if strings.ContainsRune(spec.ExcludeCharacters, r) {
				return -1
			}
			return r
		}, set)
		if set != "" {
			classes = append(classes, set)
		}
	}
	add(spec.ExcludeLowercase, lowercase)
	add(spec.ExcludeUppercase, uppercase)
	add(spec.ExcludeNumbers, digits)
	add(spec.ExcludePunctuation, punctuation)
	add(!spec.IncludeSpace, " ")
	if len(classes) == 0 {
		return "", errParam("The password can't be generated: every character type is excluded.")
	}
	require := spec.RequireEachIncludedType == nil || *spec.RequireEachIncludedType
	if require && int64(len(classes)) > n {
		return "", errParam("%s", msgPasswordTooThin)
	}
	all := strings.Join(classes, "")
	out := make([]byte, n)
	for i := range out {
		out[i] = all[randInt(len(all))]
	}
	if require {
		// One position per class, chosen at random, gets a character of
		// that class.
		pos := perm(int(n))
		for i, c := range classes {
			out[pos[i]] = c[randInt(len(c))]
		}
	}
	return string(out), nil
}

// randInt returns a uniform random integer in [0, n).
func randInt(n int) int {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic("secretsmanager: crypto/rand failed: " + err.Error())
	}
	return int(v.Int64())
}

// perm is a random permutation of [0, n) (Fisher–Yates).
func perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := randInt(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}

func (a *API) randomPassword(_ context.Context, _ *awsapi.Call, in *GetRandomPasswordInput) (*GetRandomPasswordOutput, error) {
	pw, err := GeneratePassword(in)
	if err != nil {
		return nil, err
	}
	return &GetRandomPasswordOutput{RandomPassword: pw}, nil
}
