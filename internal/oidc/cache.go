package oidc

import (
	"context"
	"sync"
	"time"
)

// fetchFunc retrieves an issuer's keys; the cache calls it at most once at a
// time per issuer.
type fetchFunc func(ctx context.Context, issuer string) (keyFetch, error)

// keyCache holds each issuer's key set for a TTL, refreshes it on demand at
// most once per minRefresh, and remembers a failed fetch for minRefresh so a
// down issuer is not hammered (negative caching). Keys past their TTL are
// not used when the refetch fails: the verifier fails closed. Callers that
// wait for another caller's fetch are bounded by the HTTP client timeout.
type keyCache struct {
	fetch      fetchFunc
	now        func() time.Time
	ttl        time.Duration
	minRefresh time.Duration

	mu      sync.Mutex
	entries map[string]*cacheEntry
}

// cacheEntry is one issuer's state. fetchMu serialises fetches; mu guards
// snap so readers never wait on the network.
type cacheEntry struct {
	fetchMu sync.Mutex
	mu      sync.RWMutex
	snap    keySnapshot
}

// keySnapshot is a consistent view of an entry.
type keySnapshot struct {
	keyFetch
	have      bool      // keys holds a successful fetch
	gen       uint64    // bumped on every successful fetch
	fetchedAt time.Time // time of the last successful fetch
	triedAt   time.Time // time of the last fetch attempt
	forcedAt  time.Time // time of the last forced (unknown kid) attempt
	lastErr   error     // error of the last attempt, nil if it succeeded
}

func newKeyCache(f fetchFunc, now func() time.Time, ttl, minRefresh time.Duration) *keyCache {
	return &keyCache{fetch: f, now: now, ttl: ttl, minRefresh: minRefresh, entries: map[string]*cacheEntry{}}
}

func (c *keyCache) entry(issuer string) *cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[issuer]
	if !ok {
		e = &cacheEntry{}
		c.entries[issuer] = e
	}
	return e
}

func (e *cacheEntry) read() keySnapshot {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.snap
}

// load returns the issuer's keys. Without force it fetches only when there
// are no fresh keys. With force (the caller met an unknown kid in generation
// seen) it fetches again unless someone already did since, or the last
// forced fetch is younger than minRefresh.
func (c *keyCache) load(ctx context.Context, issuer string, force bool, seen uint64) (keySnapshot, error) {
	e := c.entry(issuer)
	if s, done, err := c.decide(e.read(), force, seen); done {
		return s, err
	}
	e.fetchMu.Lock()
	defer e.fetchMu.Unlock()
	if s, done, err := c.decide(e.read(), force, seen); done {
		return s, err // another caller fetched while we waited
	}
	kf, err := c.fetch(ctx, issuer)
	if err != nil && ctx.Err() != nil {
		// The caller gave up; that says nothing about the issuer, so do not
		// record it as an attempt.
		return e.read(), err
	}
	now := c.now()
	e.mu.Lock()
	defer e.mu.Unlock()
	e.snap.triedAt, e.snap.lastErr = now, err
	if force {
		e.snap.forcedAt = now
	}
	if err == nil {
		e.snap.keyFetch, e.snap.have, e.snap.fetchedAt = kf, true, now
		e.snap.gen++
	}
	return e.snap, err
}

// decide reports whether s answers the request without a fetch, and with
// what error. Forced refreshes are limited to one per minRefresh, and a
// failed fetch is remembered for minRefresh, whatever triggered it.
func (c *keyCache) decide(s keySnapshot, force bool, seen uint64) (keySnapshot, bool, error) {
	now := c.now()
	recent := func(t time.Time) bool { return !t.IsZero() && now.Sub(t) < c.minRefresh }
	if force {
		switch {
		case s.gen != seen:
			return s, true, nil // refreshed since the caller looked
		case recent(s.triedAt) && s.lastErr != nil:
			return s, true, s.lastErr
		case recent(s.forcedAt):
			return s, true, nil
		}
		return s, false, nil
	}
	if s.have && now.Sub(s.fetchedAt) < c.ttl {
		return s, true, nil
	}
	if recent(s.triedAt) {
		if s.lastErr != nil {
			return s, true, s.lastErr
		}
		if s.have {
			return s, true, nil // only when ttl < minRefresh
		}
	}
	return s, false, nil
}
