package cli

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"time"

	"github.com/berth-dev/berth/internal/berthapi"
	"github.com/berth-dev/berth/internal/oidc"
)

func init() {
	register(&command{
		name:    "oidc",
		summary: "OIDC helpers: mint a GitHub-Actions-shaped token, print an issuer's thumbprint",
		example: "berth oidc token --repo OWNER/REPO --ref refs/heads/main\nberth oidc thumbprint https://token.actions.githubusercontent.com",
		run:     runOIDC,
	})
}

func runOIDC(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("berth oidc token --repo OWNER/REPO", "missing subcommand: token or thumbprint")
	}
	switch args[0] {
	case "token":
		return runOIDCToken(e, args[1:])
	case "thumbprint":
		return runOIDCThumbprint(e, args[1:])
	case "-h", "--help":
		newFlagSet(e, commands["oidc"]).Usage()
		return nil
	}
	return usagef("berth oidc --help", "unknown subcommand %q (want token or thumbprint)", args[0])
}

func runOIDCToken(e *env, args []string) error {
	c := &command{name: "oidc token", summary: "print a GitHub-Actions-shaped OIDC token signed by berth's built-in issuer (root credentials required)",
		example: "TOKEN=$(berth oidc token --repo OWNER/REPO --ref refs/heads/main)"}
	fs := newFlagSet(e, c)
	var cf clientFlags
	cf.register(fs)
	var in berthapi.MintOIDCTokenInput
	fs.StringVar(&in.Repository, "repo", "", "repository OWNER/REPO (required)")
	fs.StringVar(&in.Ref, "ref", "refs/heads/main", "git ref")
	fs.StringVar(&in.SHA, "sha", "", "commit sha")
	fs.StringVar(&in.Audience, "audience", "sts.amazonaws.com", "aud claim")
	fs.StringVar(&in.Environment, "environment", "", "deployment environment (changes sub to repo:O/R:environment:ENV)")
	fs.StringVar(&in.EventName, "event", "push", "event_name (pull_request changes sub to repo:O/R:pull_request)")
	expires := fs.Duration("expires-in", 5*time.Minute, "token lifetime")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if in.Repository == "" {
		return usagef("berth oidc token --repo OWNER/REPO", "--repo is required")
	}
	in.ExpiresInSeconds = int(expires.Seconds())
	var out berthapi.MintOIDCTokenOutput
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cf.callBerth(ctx, "MintOIDCToken", &in, &out); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, out.Token)
	return nil
}

func runOIDCThumbprint(e *env, args []string) error {
	c := &command{name: "oidc thumbprint", summary: "print the SHA-1 thumbprint of the last certificate in an issuer's TLS chain (what IAM's ThumbprintList wants)",
		example: "berth oidc thumbprint https://token.actions.githubusercontent.com"}
	fs := newFlagSet(e, c)
	caFile := fs.String("ca", "", "PEM file of CA certificates to trust (for private issuers)")
	insecure := fs.Bool("insecure", false, "do not verify the chain (as the article's openssl script does not)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var cfg *tls.Config
	if *caFile != "" || *insecure {
		cfg = &tls.Config{InsecureSkipVerify: *insecure}
		if *caFile != "" {
			pem, err := os.ReadFile(*caFile)
			if err != nil {
				return err
			}
			cfg.RootCAs = x509.NewCertPool()
			if !cfg.RootCAs.AppendCertsFromPEM(pem) {
				return usagef("berth oidc thumbprint --ca ca.pem URL", "no PEM certificates in %s", *caFile)
			}
		}
	}
	if fs.NArg() != 1 {
		return usagef("berth oidc thumbprint https://ISSUER", "want exactly one issuer URL")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tp, err := oidc.Thumbprint(ctx, fs.Arg(0), cfg)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, tp)
	return nil
}
