package secretsmanager

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/berth-dev/berth/internal/store"
)

// kind is the store's document kind for secrets, keyed by name.
const kind = "secretsmanager.secret"

// Staging labels Secrets Manager moves itself.
const (
	StageCurrent  = "AWSCURRENT"
	StagePrevious = "AWSPREVIOUS"
)

// maxVersions bounds the versions kept: beyond it the oldest versions
// without a staging label (deprecated) are dropped, as AWS does.
const maxVersions = 100

// secret is a stored secret with every version of its value.
type secret struct {
	Name        string
	ARN         string
	Description string
	KmsKeyID    string
	Tags        []Tag
	Versions    []*version // oldest first
	Created     time.Time
	Changed     time.Time
	Accessed    time.Time // a day: AWS keeps the date only
	// DeletedAt is when DeleteSecret was called and PurgeAt when the
	// recovery window ends; both are zero unless deletion is scheduled.
	DeletedAt time.Time
	PurgeAt   time.Time
}

// version is one value of a secret.
type version struct {
	ID      string
	String  *string
	Binary  []byte
	Stages  []string
	Created time.Time
}

func (s *secret) scheduled() bool { return !s.DeletedAt.IsZero() }

// version returns the version with id, or nil.
func (s *secret) version(id string) *version {
	for _, v := range s.Versions {
		if v.ID == id {
			return v
		}
	}
	return nil
}

// staged returns the version carrying stage, or nil.
func (s *secret) staged(stage string) *version {
	for _, v := range s.Versions {
		if slices.Contains(v.Stages, stage) {
			return v
		}
	}
	return nil
}

// stages maps version ids to labels, for versions that have any.
func (s *secret) stages() map[string][]string {
	m := map[string][]string{}
	for _, v := range s.Versions {
		if len(v.Stages) > 0 {
			m[v.ID] = slices.Clone(v.Stages)
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// sameValue reports whether v holds exactly this value.
func (v *version) sameValue(str string, bin []byte) bool {
	if v.String != nil {
		return bin == nil && *v.String == str
	}
	return str == "" && bytes.Equal(v.Binary, bin)
}

// addVersion stores a new value under id with stages, moving each label
// from the version that had it; AWSCURRENT's previous holder gets
// AWSPREVIOUS, as PutSecretValue documents.
func (s *secret) addVersion(id, str string, bin []byte, stages []string, now time.Time) *version {
	v := &version{ID: id, Stages: slices.Clone(stages), Created: now}
	if bin != nil {
		v.Binary = slices.Clone(bin)
	} else {
		v.String = &str
	}
	if slices.Contains(stages, StageCurrent) {
		if old := s.staged(StageCurrent); old != nil {
			for _, o := range s.Versions {
				o.Stages = slices.DeleteFunc(o.Stages, func(l string) bool { return l == StagePrevious })
			}
			old.Stages = append(old.Stages, StagePrevious)
		}
	}
	for _, l := range stages {
		for _, o := range s.Versions {
			o.Stages = slices.DeleteFunc(o.Stages, func(x string) bool { return x == l })
		}
	}
	s.Versions = append(s.Versions, v)
	s.prune()
	s.Changed = now
	return v
}

// prune drops the oldest deprecated versions beyond maxVersions.
func (s *secret) prune() {
	for len(s.Versions) > maxVersions {
		i := slices.IndexFunc(s.Versions, func(v *version) bool { return len(v.Stages) == 0 })
		if i < 0 {
			return
		}
		s.Versions = slices.Delete(s.Versions, i, i+1)
	}
}

// load returns the secret stored under name, or nil. A secret whose
// recovery window has ended is deleted here: expiry is applied lazily,
// on the next call that could see the secret.
func (a *API) load(ctx context.Context, name string) (*secret, error) {
	var s secret
	if err := a.st.Get(ctx, kind, name, &s); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		return nil, err
	}
	if a.expired(&s) {
		if err := a.purge(ctx, s.Name, s.ARN); err != nil {
			return nil, err
		}
		return nil, nil
	}
	return &s, nil
}

// purge deletes the secret stored under name if it is still the one
// with arn (a secret created since under the same name stays).
func (a *API) purge(ctx context.Context, name, arn string) error {
	return a.st.Tx(ctx, func(tx *sql.Tx) error {
		var body []byte
		err := tx.QueryRowContext(ctx, `SELECT body FROM objects WHERE kind = ? AND key = ?`, kind, name).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("secretsmanager: purge %s: %w", name, err)
		}
		var cur secret
		if err := json.Unmarshal(body, &cur); err != nil {
			return fmt.Errorf("secretsmanager: purge %s: %w", name, err)
		}
		if cur.ARN != arn {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM objects WHERE kind = ? AND key = ?`, kind, name); err != nil {
			return fmt.Errorf("secretsmanager: purge %s: %w", name, err)
		}
		return nil
	})
}

func (a *API) expired(s *secret) bool {
	return s.scheduled() && !a.now().Before(s.PurgeAt)
}

// find resolves a SecretId to its stored secret, or ResourceNotFound.
func (a *API) find(ctx context.Context, id string) (*secret, error) {
	ref := a.parseSecretID(id)
	for _, n := range ref.candidates() {
		s, err := a.load(ctx, n)
		if err != nil {
			return nil, err
		}
		if s != nil && a.addresses(ref, s) {
			return s, nil
		}
	}
	return nil, errNotFound()
}

// update applies fn to the secret id addresses, in one transaction. fn
// sees the current stored state; its error aborts the change.
func (a *API) update(ctx context.Context, id string, fn func(s *secret) error) (*secret, error) {
	s, err := a.find(ctx, id)
	if err != nil {
		return nil, err
	}
	arn := s.ARN
	out, err := store.Update(ctx, a.st, kind, s.Name, false, func(cur *secret) error {
		if cur.ARN != arn || a.expired(cur) {
			// Deleted (and perhaps recreated) since find.
			return errNotFound()
		}
		return fn(cur)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNotFound()
	}
	return out, err
}
