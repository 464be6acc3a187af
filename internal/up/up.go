// Package up runs the article's whole system in one command: the
// platform (berth's server), the platform team's stack and connection, a
// demo repository, its pipeline for HEAD, then a watcher that deploys every
// new commit on main until the context ends.
package up

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/berth-dev/berth/examples"
	"github.com/berth-dev/berth/internal/demo"
	"github.com/berth-dev/berth/internal/pipeline"
	"github.com/berth-dev/berth/internal/pipeline/records"
	"github.com/berth-dev/berth/internal/sdkhttp"
	"github.com/berth-dev/berth/internal/server"
)

// Names `berth up` gives what it creates.
const (
	PlatformStack  = "berth-platform"
	ConnectionName = "berth-local"
	RepoOwner      = "local"
)

// Options configure a run of `berth up`.
type Options struct {
	// Dir is the app repository; it is created from the example unless it
	// already is a git repository.
	Dir    string
	Server server.Config
	Out    io.Writer
	// Watch keeps deploying new commits on main until ctx ends.
	Watch bool
	// Ready, if set, is called once the app serves, with its URLs.
	Ready func(URLs)
}

// URLs are where the app and the platform answer.
type URLs struct {
	HTTPS, HTTP string
	Endpoint    string
	Service     string
}

// Run runs `berth up` until ctx ends (or, without Watch, until the first
// deployment is done). The server is stopped before Run returns.
func Run(ctx context.Context, o Options) (err error) {
	p := newProgress(o.Out)
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return err
	}

	// 1. The platform.
	s := server.New(o.Server)
	if err := s.Start(ctx); err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if serr := s.Stop(sctx); serr != nil && err == nil {
			err = serr
		}
	}()
	cfg := s.Config()
	p.step(1, "platform started")
	p.line("API endpoint  %s   (eval \"$(berth env)\" points the AWS CLI here)", s.Endpoint())
	p.line("data dir      %s", cfg.DataDir)
	p.line("OIDC          %s", s.OIDCMode())
	p.line("local CA      %s", s.CACertPath())
	p.line("ingress       https://%s  http://%s", s.Ingress().HTTPSAddr(), s.Ingress().HTTPAddr())

	awsCfg, err := sdkConfig(ctx, s)
	if err != nil {
		return err
	}

	// 3 before 2: the platform stack names the repository it trusts.
	created := false
	if !demo.IsRepo(ctx, dir) {
		if err := demo.Init(ctx, dir); err != nil {
			return err
		}
		created = true
	}
	name := repoName(dir)
	repository := RepoOwner + "/" + name

	// 2. The platform team's side.
	p.step(2, "platform stack %s and App Runner connection", PlatformStack)
	platformBody, err := platformTemplate(dir)
	if err != nil {
		return err
	}
	var roleARN, connARN string
	err = p.wait("applying "+PlatformStack+" (OIDC provider, github-access role, policy)", func() error {
		outs, err := deployStack(ctx, awsCfg, PlatformStack, platformBody, map[string]string{"Repository": repository})
		roleARN = outs["GithubRoleArn"]
		return err
	})
	if err != nil {
		return fmt.Errorf("platform stack: %w", err)
	}
	p.line("role %s trusts %s on main", roleARN, repository)
	if connARN, err = ensureConnection(ctx, awsCfg); err != nil {
		return fmt.Errorf("connection: %w", err)
	}
	p.line("connection %s", connARN)

	// 3. The app team's repository.
	if created {
		p.step(3, "demo repository created at %s (the example app, one commit on main)", dir)
	} else {
		p.step(3, "app repository %s", dir)
	}

	// 4. The pipeline for HEAD.
	pipes := s.Pipelines()
	_, err = pipes.Register(ctx, records.Pipeline{Name: name, RepoDir: dir, Repository: repository, Branch: "main",
		Secrets: map[string]string{"AWS_REGION": cfg.Region, "AWS_ROLE_ARN": roleARN, "GH_CONN_ARN": connARN}})
	if err != nil {
		return err
	}
	p.step(4, "pipeline for HEAD of main")
	if err := runHead(ctx, p, pipes, name); err != nil {
		return err
	}

	// 5. Where the app is.
	urls, err := appURLs(ctx, awsCfg, s)
	if err != nil {
		return err
	}
	p.step(5, "the app is serving")
	p.line("%s", urls.HTTPS)
	p.line("%s   (plain HTTP)", urls.HTTP)
	p.line("logs:    berth logs %s -f      build logs: berth logs %s --build", urls.Service, urls.Service)
	p.line("status:  berth status          AWS CLI: eval \"$(berth env)\"; aws apprunner list-services")
	p.line("console: %s/console/   (berth console prints a sign-in link)", s.Endpoint())
	p.line("edit app/… in %s, commit on main, and berth deploys it", dir)
	if o.Ready != nil {
		o.Ready(urls)
	}
	if !o.Watch {
		return nil
	}
	return watch(ctx, p, pipes, name)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// repoName is the repository's name as the OIDC claims carry it.
func repoName(dir string) string {
	n := unsafeName.ReplaceAllString(filepath.Base(dir), "-")
	if n == "" || n == "." {
		n = "app"
	}
	return n
}

// platformTemplate is the repository's platform/platform.yaml, or the
// example's when the repository has none.
func platformTemplate(dir string) ([]byte, error) {
	if b, err := os.ReadFile(filepath.Join(dir, "platform", "platform.yaml")); err == nil {
		return b, nil
	}
	files, err := examples.SelfInfraApp()
	if err != nil {
		return nil, err
	}
	return files["platform/platform.yaml"], nil
}

func sdkConfig(ctx context.Context, s *server.Server) (aws.Config, error) {
	k := s.RootKey()
	return aws.Config{Region: s.Config().Region, BaseEndpoint: aws.String(s.Endpoint()), HTTPClient: sdkhttp.New(),
		Credentials: credentials.NewStaticCredentialsProvider(k.AccessKeyID, k.SecretAccessKey, "")}, nil
}

// runHead runs the pipeline for the head of main, unless that commit was
// already run successfully (a second `berth up` rebuilds nothing).
func runHead(ctx context.Context, p *progress, pipes *pipeline.Service, name string) error {
	ev, err := pipes.HeadPush(ctx, name, "")
	if err != nil {
		return err
	}
	if last, err := pipes.Runs(ctx, records.RunFilter{Pipeline: name, Limit: 1}); err == nil && len(last) == 1 &&
		last[0].SHA == ev.After && last[0].Conclusion == "success" {
		p.line("HEAD %.12s was already deployed by run %d: nothing to do", ev.After, last[0].ID)
		return nil
	}
	runs, err := pipes.Trigger(ctx, name, ev)
	if err != nil {
		return err
	}
	for _, r := range runs {
		if err := follow(ctx, p, pipes, r.ID); err != nil {
			return err
		}
	}
	return nil
}

// follow prints a run's log as it goes and fails if the run did.
func follow(ctx context.Context, p *progress, pipes *pipeline.Service, id int64) error {
	var after int64
	err := pipes.FollowLogs(ctx, id, 0, func(l records.LogLine) error {
		after = l.Seq
		prefix := ""
		if l.Job != "" {
			prefix = l.Job + " | "
		}
		p.line("[%s] %s%s", p.elapsed(), prefix, l.Text)
		return nil
	})
	_ = after
	if err != nil {
		return err
	}
	r, err := pipes.Wait(ctx, id)
	if err != nil {
		return err
	}
	p.line("run %d %s: %s", r.ID, r.WorkflowName, r.Conclusion)
	if r.Conclusion != "success" {
		return fmt.Errorf("pipeline run %d ended %s: see `berth pipeline logs %d`", r.ID, r.Conclusion, r.ID)
	}
	return nil
}

// watch deploys every new commit on main until ctx ends.
func watch(ctx context.Context, p *progress, pipes *pipeline.Service, name string) error {
	w := pipes.NewWatcher(pipeline.WatchConfig{Pipeline: name, Branch: "main", Interval: 500 * time.Millisecond})
	if err := w.Start(ctx); err != nil {
		return err
	}
	defer w.Stop(context.Background())
	p.line("watching main for new commits; Ctrl-C stops everything")
	seen := map[int64]bool{}
	if runs, err := pipes.Runs(ctx, records.RunFilter{Pipeline: name}); err == nil {
		for _, r := range runs {
			seen[r.ID] = true
		}
	}
	for {
		select {
		case <-ctx.Done():
			p.line("stopping")
			return nil
		case <-time.After(300 * time.Millisecond):
		}
		runs, err := pipes.Runs(ctx, records.RunFilter{Pipeline: name, Limit: 10})
		if err != nil {
			continue
		}
		for i := len(runs) - 1; i >= 0; i-- {
			r := runs[i]
			if seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			p.step(6, "new commit %.12s on main: run %d", r.SHA, r.ID)
			if err := follow(ctx, p, pipes, r.ID); err != nil && ctx.Err() == nil {
				p.line("%v", err)
			}
		}
	}
}

// appURLs finds the app stack's AppRunnerUrl output and the plain-HTTP
// URL of the same service.
func appURLs(ctx context.Context, cfg aws.Config, s *server.Server) (URLs, error) {
	u := URLs{Endpoint: s.Endpoint()}
	outs, err := stackOutputs(ctx, cfg)
	if err != nil {
		return u, err
	}
	u.HTTPS = outs["AppRunnerUrl"]
	if u.HTTPS == "" {
		return u, errors.New("no stack has an AppRunnerUrl output: did the pipeline deploy aws/app-template.yaml?")
	}
	if arn := outs["AppRunnerArn"]; arn != "" {
		parts := strings.Split(arn, "/")
		if len(parts) >= 2 {
			u.Service = parts[1]
		}
	}
	if pu, err := url.Parse(u.HTTPS); err == nil {
		_, port, _ := net.SplitHostPort(s.Ingress().HTTPAddr())
		u.HTTP = "http://" + pu.Hostname() + ":" + port
	}
	return u, nil
}
