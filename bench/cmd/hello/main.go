// Command hello is the hello-world backend of the traffic benchmarks: the
// same instance is reached directly, through berth's ingress and through
// nginx, and started as new instances by the rollout and burst programs.
//
// It listens on 127.0.0.1:$PORT (as App Runner instances do) or -addr, and
// optionally serves TLS on -tls-addr for the direct HTTPS baseline. Every
// response carries X-Instance (-name or $INSTANCE) so load generators can
// tell which instance served them. SIGTERM shuts it down gracefully.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", "", `listen address (default "127.0.0.1:$PORT")`)
	tlsAddr := flag.String("tls-addr", "", "also serve HTTPS here (needs -cert and -key)")
	cert := flag.String("cert", "", "TLS certificate PEM")
	key := flag.String("key", "", "TLS key PEM")
	name := flag.String("name", os.Getenv("INSTANCE"), "instance name sent in X-Instance")
	delay := flag.Duration("delay", 0, "time each request takes (simulated work)")
	flag.Parse()
	if *addr == "" {
		port := os.Getenv("PORT")
		if port == "" {
			port = "8080"
		}
		*addr = net.JoinHostPort("127.0.0.1", port)
	}
	if err := run(*addr, *tlsAddr, *cert, *key, *name, *delay); err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(1)
	}
}

func run(addr, tlsAddr, certFile, keyFile, name string, delay time.Duration) error {
	body := []byte("Hello, world!\n")
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if delay > 0 {
			time.Sleep(delay)
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("X-Instance", name)
		w.Write(body)
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	if tlsAddr != "" {
		pair, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return fmt.Errorf("load key pair: %w", err)
		}
		tln, err := net.Listen("tcp", tlsAddr)
		if err != nil {
			return fmt.Errorf("listen %s: %w", tlsAddr, err)
		}
		// HTTP/1.1 only: the proxies speak HTTP/1.1 to clients like wrk too.
		// Handshakes cut short (port probes, wrk stopping) are not errors
		// worth printing in a benchmark.
		tlsSrv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:  log.New(io.Discard, "", 0),
			TLSConfig: &tls.Config{Certificates: []tls.Certificate{pair}, NextProtos: []string{"http/1.1"}}}
		go func() { errc <- tlsSrv.ServeTLS(tln, "", "") }()
		defer tlsSrv.Close()
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	case <-sig:
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(ctx)
}
