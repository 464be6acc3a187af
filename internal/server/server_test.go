package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkStartToReady measures New → Start → first health answer on a
// fresh data dir each time (target < 150 ms).
func BenchmarkStartToReady(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		s := New(Config{Listen: "127.0.0.1:0", IngressHTTP: "127.0.0.1:0", IngressHTTPS: "127.0.0.1:0",
			DataDir: filepath.Join(b.TempDir(), "d"), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err := s.Start(ctx); err != nil {
			b.Fatal(err)
		}
		resp, err := http.Get(s.Endpoint() + "/_berth/health")
		if err != nil || resp.StatusCode != 200 {
			b.Fatal(err)
		}
		resp.Body.Close()
		b.StopTimer()
		s.Stop(ctx)
		b.StartTimer()
	}
}

func TestStartFailsClearlyOnBusyPort(t *testing.T) {
	ctx := context.Background()
	a := New(Config{Listen: "127.0.0.1:0", DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.Stop(ctx)
	b := New(Config{Listen: a.ln.Addr().String(), DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	err := b.Start(ctx)
	if err == nil {
		b.Stop(ctx)
		t.Fatal("second server on the same port started")
	}
	if want := "--listen"; !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not name %s", err, want)
	}
}

func TestStartFailsClearlyOnBusyIngressPort(t *testing.T) {
	ctx := context.Background()
	a := New(Config{Listen: "127.0.0.1:0", IngressHTTP: "127.0.0.1:0", IngressHTTPS: "127.0.0.1:0", DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.Stop(ctx)
	b := New(Config{Listen: "127.0.0.1:0", IngressHTTP: a.Ingress().HTTPAddr(), IngressHTTPS: "127.0.0.1:0", DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	err := b.Start(ctx)
	if err == nil {
		b.Stop(ctx)
		t.Fatal("second server on the same ingress port started")
	}
	if !strings.Contains(err.Error(), "--ingress-http") {
		t.Fatalf("error %q does not name the flag", err)
	}
}
