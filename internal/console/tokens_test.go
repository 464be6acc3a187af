package console

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestTokensOnceAndExpiry(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tk := NewTokens(st, func() time.Time { return now })
	root := &awsapi.Principal{Kind: awsapi.Root, AccessKeyID: "AKIAROOT"}

	tok, exp, err := tk.MintSigninToken(ctx, root)
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(now.Add(SigninTokenTTL)) || len(tok) != 43 {
		t.Fatalf("token %q expires %s", tok, exp)
	}
	// Another store instance (as the console has) redeems it, once.
	other := NewTokens(st, func() time.Time { return now })
	if key, err := other.Redeem(ctx, tok); err != nil || key != "AKIAROOT" {
		t.Fatalf("redeem: %q %v", key, err)
	}
	if _, err := tk.Redeem(ctx, tok); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("second redeem: %v", err)
	}
	for _, bad := range []string{"", "nope", string(make([]byte, 200))} {
		if _, err := tk.Redeem(ctx, bad); !errors.Is(err, ErrInvalidToken) {
			t.Fatalf("redeem %q: %v", bad, err)
		}
	}

	// Expired at exactly five minutes.
	tok, _, _ = tk.MintSigninToken(ctx, root)
	now = now.Add(SigninTokenTTL)
	if _, err := tk.Redeem(ctx, tok); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("expired token: %v", err)
	}

	// A session that ends sooner bounds its token.
	sess := &awsapi.Principal{Kind: awsapi.AssumedRole, AccessKeyID: "ASIAX", Expires: now.Add(time.Minute)}
	if _, exp, _ := tk.MintSigninToken(ctx, sess); !exp.Equal(now.Add(time.Minute)) {
		t.Fatalf("session token expires %s", exp)
	}
	if _, _, err := tk.MintSigninToken(ctx, &awsapi.Principal{Kind: awsapi.Root}); !errors.Is(err, ErrNoAccessKey) {
		t.Fatalf("principal without key: %v", err)
	}
	if _, _, err := tk.MintSigninToken(ctx, nil); !errors.Is(err, ErrNoAccessKey) {
		t.Fatalf("nil principal: %v", err)
	}
}

func TestTokensSweepExpired(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	now := time.Now()
	tk := NewTokens(st, func() time.Time { return now })
	p := &awsapi.Principal{Kind: awsapi.Root, AccessKeyID: "AKIAROOT"}
	for range 3 {
		if _, _, err := tk.MintSigninToken(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(time.Hour)
	if _, _, err := tk.MintSigninToken(ctx, p); err != nil {
		t.Fatal(err)
	}
	n := 0
	st.List(ctx, tokenKind, "", func(string, []byte) error { n++; return nil })
	if n != 1 {
		t.Fatalf("%d tokens stored after the sweep, want 1", n)
	}
}

// TestTokensRedeemRace: many requests with one link, one session.
func TestTokensRedeemRace(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	tk := NewTokens(st, nil)
	tok, _, err := tk.MintSigninToken(ctx, &awsapi.Principal{Kind: awsapi.Root, AccessKeyID: "AKIAROOT"})
	if err != nil {
		t.Fatal(err)
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, err := tk.Redeem(ctx, tok); err == nil {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d redemptions of one token", wins.Load())
	}
}
