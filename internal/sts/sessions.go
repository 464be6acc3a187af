package sts

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/credfile"
	"github.com/berth-dev/berth/internal/store"
)

// sessionKind is the store kind of role sessions, keyed by access key id.
const sessionKind = "sts-session"

// keepExpired is how long an expired session stays in the store, so its
// key answers ExpiredToken rather than "invalid" for a while.
const keepExpired = 24 * time.Hour

// Sessions issues temporary credentials and resolves them on later
// requests; they survive a server restart.
type Sessions struct {
	st *store.Store
}

// NewSessions returns a session registry backed by st.
func NewSessions(st *store.Store) *Sessions { return &Sessions{st: st} }

type sessionRecord struct {
	Credentials awsapi.Credentials
}

// Issue creates credentials for principal p valid until expires. The
// principal's AccessKeyID and Expires are filled in.
func (s *Sessions) Issue(ctx context.Context, p *awsapi.Principal, expires time.Time) (*awsapi.Credentials, error) {
	tok := make([]byte, 192)
	if _, err := rand.Read(tok); err != nil {
		return nil, fmt.Errorf("sts: issue session: %w", err)
	}
	c := awsapi.Credentials{
		AccessKeyID:     credfile.NewAccessKeyID("ASIA"),
		SecretAccessKey: credfile.NewSecret(),
		SessionToken:    "IQoJb3JpZ2luX2VjE" + base64.StdEncoding.EncodeToString(tok),
		Expires:         expires.UTC().Truncate(time.Second),
		Principal:       p,
	}
	p.AccessKeyID, p.Expires = c.AccessKeyID, c.Expires
	if err := s.st.Put(ctx, sessionKind, c.AccessKeyID, sessionRecord{Credentials: c}); err != nil {
		return nil, fmt.Errorf("sts: issue session: %w", err)
	}
	return &c, nil
}

// LookupAccessKey implements awsapi.CredentialStore for session keys.
func (s *Sessions) LookupAccessKey(ctx context.Context, id string) (*awsapi.Credentials, error) {
	var r sessionRecord
	err := s.st.Get(ctx, sessionKind, id, &r)
	if errors.Is(err, store.ErrNotFound) {
		return nil, awsapi.ErrUnknownAccessKey
	}
	if err != nil {
		return nil, err
	}
	return &r.Credentials, nil
}

// Purge deletes sessions that expired more than a day before now.
func (s *Sessions) Purge(ctx context.Context, now time.Time) (int, error) {
	all, err := store.ListAll[sessionRecord](ctx, s.st, sessionKind, "")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range all {
		if now.Sub(r.Credentials.Expires) > keepExpired {
			if err := s.st.Delete(ctx, sessionKind, r.Credentials.AccessKeyID); err == nil {
				n++
			}
		}
	}
	return n, nil
}
