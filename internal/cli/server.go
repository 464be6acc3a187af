package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/berth-dev/berth/internal/server"
)

// shutdownTimeout bounds a clean stop after SIGINT/SIGTERM.
const shutdownTimeout = 10 * time.Second

func init() {
	register(&command{
		name:    "server",
		summary: "run the berth platform (AWS API endpoint, ingress, controllers)",
		example: "berth server --listen 127.0.0.1:4566 --data ./data",
		run:     runServer,
	})
}

func serverFlags(e *env, c *command) (*server.Config, func([]string) error) {
	cfg := &server.Config{}
	fs := newFlagSet(e, c)
	fs.StringVar(&cfg.Listen, "listen", envOr("BERTH_LISTEN", "127.0.0.1:4566"), "API endpoint address (BERTH_LISTEN)")
	fs.StringVar(&cfg.IngressHTTPS, "ingress-https", envOr("BERTH_INGRESS_HTTPS", "127.0.0.1:8443"), "HTTPS ingress address for services (BERTH_INGRESS_HTTPS)")
	fs.StringVar(&cfg.IngressHTTP, "ingress-http", envOr("BERTH_INGRESS_HTTP", "127.0.0.1:8080"), "HTTP ingress address for services (BERTH_INGRESS_HTTP)")
	fs.StringVar(&cfg.DataDir, "data", server.DefaultDataDir(), "data directory (BERTH_HOME)")
	fs.StringVar(&cfg.BaseDomain, "base-domain", envOr("BERTH_BASE_DOMAIN", ""), "domain service URLs live under, for servers with wildcard DNS (BERTH_BASE_DOMAIN); default <region>.apprunner.localhost")
	fs.StringVar(&cfg.Region, "region", envOr("BERTH_REGION", "us-east-1"), "region berth serves (BERTH_REGION)")
	fs.BoolVar(&cfg.OIDCUpstream, "oidc-upstream", os.Getenv("BERTH_OIDC_UPSTREAM") == "1", "verify OIDC tokens against the real issuers instead of emulating GitHub's (BERTH_OIDC_UPSTREAM=1)")
	fs.StringVar(&cfg.BuildCache, "build-cache", envOr("BERTH_BUILD_CACHE", ""), "one build cache dir for every service (go-build, gomod, pip, npm under it); default one per service in the data dir (BERTH_BUILD_CACHE)")
	var toolchains kvFlag
	fs.Var(&toolchains, "toolchain", "host binary serving a runtime, RUNTIME=PATH (repeatable), e.g. PYTHON_3=/usr/bin/python3.11")
	verbose := fs.Bool("v", false, "log debug messages")
	return cfg, func(args []string) error {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef("berth server --help", "unexpected argument %q", fs.Arg(0))
		}
		cfg.Toolchains = toolchains.m
		level := slog.LevelInfo
		if *verbose {
			level = slog.LevelDebug
		}
		cfg.Logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
		return nil
	}
}

func runServer(e *env, args []string) error {
	cfg, parse := serverFlags(e, commands["server"])
	if err := parse(args); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	s := server.New(*cfg)
	if err := s.Start(ctx); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, s.ReadyLine())
	<-ctx.Done()
	stop()
	cfg.Logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	return s.Stop(sctx)
}
