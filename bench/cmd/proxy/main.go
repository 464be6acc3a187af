// Command proxy runs berth's ingress (package internal/ingress, the code
// `berth server` serves App Runner services with) in front of fixed
// backends, for the traffic benchmarks' comparison with nginx. Routes
// are normally written by the App Runner controller; here one route is
// set from flags so nothing but the proxy runs.
//
// With -export it also writes a leaf certificate issued by berth's local CA
// (cert.pem, key.pem) for nginx and the direct HTTPS baseline, so all three
// present the same kind of certificate; -export-only exits after that.
package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/ingress/ca"
)

func main() {
	httpAddr := flag.String("http", "127.0.0.1:0", "plain HTTP listen address (empty: none)")
	httpsAddr := flag.String("https", "", "HTTPS listen address (empty: none)")
	caDir := flag.String("ca", "", "directory of berth's local CA (created when missing)")
	host := flag.String("host", "hello.localhost", "Host the route answers")
	backends := flag.String("backends", "", "comma-separated backend addresses (host:port)")
	maxConc := flag.Int("max-concurrency", 100, "per-instance MaxConcurrency (App Runner's default is 100)")
	export := flag.String("export", "", "write cert.pem and key.pem issued by the CA into this directory")
	exportOnly := flag.Bool("export-only", false, "exit after -export")
	flag.Parse()
	if err := run(*httpAddr, *httpsAddr, *caDir, *host, *backends, *maxConc, *export, *exportOnly); err != nil {
		fmt.Fprintln(os.Stderr, "proxy:", err)
		os.Exit(1)
	}
}

func run(httpAddr, httpsAddr, caDir, host, backends string, maxConc int, export string, exportOnly bool) error {
	var authority *ca.CA
	if caDir != "" {
		var err error
		if authority, err = ca.LoadOrCreate(caDir); err != nil {
			return fmt.Errorf("load CA %s: %w", caDir, err)
		}
	}
	if export != "" {
		if authority == nil {
			return fmt.Errorf("export %s: -export needs -ca", export)
		}
		if err := exportLeaf(authority, export, host); err != nil {
			return err
		}
	}
	if exportOnly {
		return nil
	}
	in := ingress.New(ingress.Options{HTTPAddr: httpAddr, HTTPSAddr: httpsAddr, CA: authority})
	var bs []*ingress.Backend
	for _, addr := range strings.Split(backends, ",") {
		if addr = strings.TrimSpace(addr); addr != "" {
			bs = append(bs, ingress.NewBackend(addr, ingress.BackendOptions{MaxConcurrency: maxConc}))
		}
	}
	if len(bs) == 0 {
		return fmt.Errorf("route %s: no -backends", host)
	}
	if err := in.SetRoutes([]ingress.Route{{Host: host, ServiceID: "hello", Backends: bs}}); err != nil {
		return fmt.Errorf("route %s: %w", host, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := in.Start(ctx); err != nil {
		return fmt.Errorf("start ingress: %w", err)
	}
	fmt.Printf("ready http=%s https=%s\n", in.HTTPAddr(), in.HTTPSAddr())
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return in.Stop(sctx)
}

// exportLeaf writes a leaf for localhost, 127.0.0.1 and host, with its
// chain, as PEM files nginx and Go's tls package both load.
func exportLeaf(authority *ca.CA, dir, host string) error {
	leaf, err := authority.Issue("localhost", "127.0.0.1", host)
	if err != nil {
		return fmt.Errorf("issue leaf for %s: %w", host, err)
	}
	var certPEM []byte
	for _, der := range leaf.Certificate {
		certPEM = append(certPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(leaf.PrivateKey)
	if err != nil {
		return fmt.Errorf("marshal leaf key: %w", err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), certPEM, 0o644); err != nil {
		return fmt.Errorf("write cert: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), keyPEM, 0o600); err != nil {
		return fmt.Errorf("write key: %w", err)
	}
	return nil
}
