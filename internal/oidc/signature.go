package oidc

import (
	"context"
	"errors"
	"fmt"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// checkSignature verifies jws with the keys of iss: the emulated set if one
// is configured, otherwise the cached remote set, refreshed once (subject to
// the cache's rate limit) when no key carries the token's kid.
func (v *Verifier) checkSignature(ctx context.Context, jws *jose.JSONWebSignature, iss string, p Provider) error {
	hdr := jws.Signatures[0].Protected
	kid, alg := hdr.KeyID, jose.SignatureAlgorithm(hdr.Algorithm)
	if set, ok := v.emulated[iss]; ok {
		return verifyWith(jws, set, kid, alg)
	}
	snap, err := v.cache.load(ctx, iss, false, 0)
	if err != nil {
		return communication(err)
	}
	if err := v.checkThumbprint(iss, snap.thumbprint, p); err != nil {
		return err
	}
	err = verifyWith(jws, snap.keys, kid, alg)
	if !errors.Is(err, errUnknownKid) {
		return err
	}
	snap, err = v.cache.load(ctx, iss, true, snap.gen)
	if err != nil {
		return communication(err)
	}
	if err := v.checkThumbprint(iss, snap.thumbprint, p); err != nil {
		return err
	}
	return verifyWith(jws, snap.keys, kid, alg)
}

// verifyWith tries the candidate keys for kid and alg; any one verifying
// the signature is enough.
func verifyWith(jws *jose.JSONWebSignature, set KeySet, kid string, alg jose.SignatureAlgorithm) error {
	keys, err := set.candidates(kid, alg)
	switch {
	case errors.Is(err, errKidRequired):
		return invalid(msgKidRequired, err)
	case err != nil:
		return invalid(msgNoKey, fmt.Errorf("kid %q alg %s: %w", kid, alg, err))
	}
	for _, k := range keys {
		if _, err = jws.Verify(k.Key); err == nil {
			return nil
		}
	}
	return invalid(msgSignature, err)
}

// checkThumbprint enforces p.Thumbprints for https issuers when enabled:
// the SHA-1 of the last certificate the JWKS host presented when its keys
// were fetched must be listed.
func (v *Verifier) checkThumbprint(iss, seen string, p Provider) error {
	if !v.checkThumbprints || !strings.HasPrefix(iss, "https://") {
		return nil
	}
	for _, t := range p.Thumbprints {
		if seen != "" && strings.EqualFold(strings.TrimSpace(t), seen) {
			return nil
		}
	}
	return invalid(msgThumbprint, fmt.Errorf("jwks host presented %q", seen))
}
