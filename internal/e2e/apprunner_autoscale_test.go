package e2e

import (
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
	"github.com/berth-dev/berth/internal/autoscale"
	"github.com/berth-dev/berth/internal/server"
	"github.com/berth-dev/berth/internal/servertest"
)

// TestAppRunnerAutoscaling is the traffic issue's autoscaling story
// through the AWS SDK: an AutoScalingConfiguration with a small
// MaxConcurrency and MaxSize 3, a Go service created with it, a burst of
// slow requests (bounded, loopback) that scales it out — the decision with
// its numbers is in the service log — and, once quiet, back in.
//
// When server.Config has an Autoscale field (autoscale.Config), the test
// shortens the windows through it; otherwise the production windows apply
// and scale-in takes about a minute and a half.
func TestAppRunnerAutoscaling(t *testing.T) {
	short := false
	windows := func(c *server.Config) {
		f := reflect.ValueOf(c).Elem().FieldByName("Autoscale")
		if f.IsValid() && f.Type() == reflect.TypeFor[autoscale.Config]() {
			f.Set(reflect.ValueOf(autoscale.Config{StableWindow: 6 * time.Second, ScaleDownDelay: 3 * time.Second}))
			short = true
		}
	}
	b := startAppRunner(t, windows)
	cfg := b.RootConfig()
	client := ar.NewFromConfig(cfg)
	conn, err := client.CreateConnection(ctx, &ar.CreateConnectionInput{ConnectionName: aws.String("github"), ProviderType: artypes.ProviderTypeGithub})
	if err != nil {
		t.Fatal(err)
	}
	asc, err := client.CreateAutoScalingConfiguration(ctx, &ar.CreateAutoScalingConfigurationInput{
		AutoScalingConfigurationName: aws.String("bursty"), MaxConcurrency: aws.Int32(2), MinSize: aws.Int32(1), MaxSize: aws.Int32(3)})
	if err != nil {
		t.Fatal(err)
	}
	repo := apprunnertest.NewRepo(t, apprunnertest.GoApp("v1"))
	out, err := client.CreateService(ctx, &ar.CreateServiceInput{
		ServiceName:                 aws.String("bursty-app"),
		AutoScalingConfigurationArn: asc.AutoScalingConfiguration.AutoScalingConfigurationArn,
		SourceConfiguration: &artypes.SourceConfiguration{
			AuthenticationConfiguration: &artypes.AuthenticationConfiguration{ConnectionArn: conn.Connection.ConnectionArn},
			AutoDeploymentsEnabled:      aws.Bool(false),
			CodeRepository: &artypes.CodeRepository{
				RepositoryUrl:     aws.String(repo.Dir),
				SourceCodeVersion: &artypes.SourceCodeVersion{Type: artypes.SourceCodeVersionTypeBranch, Value: aws.String("main")},
				CodeConfiguration: &artypes.CodeConfiguration{
					ConfigurationSource: artypes.ConfigurationSourceApi,
					CodeConfigurationValues: &artypes.CodeConfigurationValues{Runtime: artypes.RuntimeGo1,
						BuildCommand: aws.String("go build -o app ."), StartCommand: aws.String("./app"), Port: aws.String("8080")},
				},
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := settled(t, b, *out.Service.ServiceArn)
	if svc.Status != artypes.ServiceStatusRunning || *svc.AutoScalingConfigurationSummary.AutoScalingConfigurationName != "bursty" {
		t.Fatalf("service %s, %+v", svc.Status, svc.AutoScalingConfigurationSummary)
	}
	group := "/aws/apprunner/bursty-app/" + *svc.ServiceId + "/service"
	events := func() string {
		var sb strings.Builder
		p := cloudwatchlogs.NewFilterLogEventsPaginator(cloudwatchlogs.NewFromConfig(cfg), &cloudwatchlogs.FilterLogEventsInput{
			LogGroupName: aws.String(group), LogStreamNames: []string{"events"}})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Events {
				sb.WriteString(*e.Message + "\n")
			}
		}
		return sb.String()
	}

	// The burst: 20 clients of a 700ms page, 10× MaxConcurrency, until the
	// service log says new instances serve (at most 30s).
	url := "https://" + *svc.ServiceUrl
	web := burstClient(t, b, 20)
	start := time.Now()
	var served time.Duration
	codes := burst(web, url+"/slow", 20, 30*time.Second, func() bool {
		if strings.Contains(events(), "new instance(s) healthy and serving") {
			served = time.Since(start)
			return true
		}
		return false
	})
	ev := events()
	if served == 0 || !strings.Contains(ev, "[AppRunner] Auto scaling: scale 1 → ") || !strings.Contains(ev, "target 1.4 per instance") {
		t.Fatalf("no scale-out in the service log (answers %v):\n%s", codes, ev)
	}
	t.Logf("burst → service log says new instances serve: %s (answers %v)", served.Round(time.Millisecond), codes)
	if codes[0] > 0 || codes[502] > 0 || codes[503] > 0 || codes[200] == 0 {
		t.Fatalf("answers during the burst: %v", codes)
	}
	if d, err := client.DescribeService(ctx, &ar.DescribeServiceInput{ServiceArn: svc.ServiceArn}); err != nil || d.Service.Status != artypes.ServiceStatusRunning {
		t.Fatalf("describe after the burst: %+v %v", d, err)
	}

	// A server restart keeps the scaled-out count: the service comes back
	// with the instances it ran, says so in its log, and serves.
	b.Stop()
	b = startAppRunner(t, windows, servertest.WithDataDir(b.Dir))
	cfg = b.RootConfig()
	svc = settled(t, b, *out.Service.ServiceArn)
	url, web = "https://"+*svc.ServiceUrl, burstClient(t, b, 20)
	// Asked at once, before the restored instances are healthy: the
	// ingress holds the request until they serve (no 404, no 503).
	if code, body := fetch(web, url+"/"); code != 200 || !strings.Contains(body, "version=v1") {
		t.Fatalf("GET / right after the restart = %d %q", code, body)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(events(), "Auto scaling: restored ") {
		if time.Now().After(deadline) {
			t.Fatalf("no restored count in the service log after the restart:\n%s", events())
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(events(), "as many as ran before the server restarted (MinSize 1, MaxSize 3)") {
		t.Fatalf("restore event without its numbers:\n%s", events())
	}

	// Quiet: the service scales back to MinSize and says so.
	wait := 30 * time.Second
	if !short {
		wait = 150 * time.Second // 60s stable window, 30s scale-down delay, margin
	}
	deadline = time.Now().Add(wait)
	for !strings.Contains(events(), "draining; 1 instance(s) running.") {
		if time.Now().After(deadline) {
			t.Fatalf("no scale-in to MinSize within %s:\n%s", wait, events())
		}
		time.Sleep(500 * time.Millisecond)
	}
	if code, body := fetch(web, url+"/"); code != 200 || !strings.Contains(body, "version=v1") {
		t.Fatalf("GET / after scale-in = %d %q", code, body)
	}
	t.Logf("service log:\n%s", events())
}

// burstClient is an HTTPS client of the server's ingress that keeps its
// connections, for load.
func burstClient(t *testing.T, b *servertest.Berth, conns int) *http.Client {
	c := web(t, b)
	tr := c.Transport.(*http.Transport).Clone()
	tr.DisableKeepAlives, tr.MaxIdleConnsPerHost = false, conns
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Timeout: 10 * time.Second, Transport: tr}
}

// burst runs workers loops of GET url until stop holds or d elapses, and
// returns the answers by status (0: errors).
func burst(c *http.Client, url string, workers int, d time.Duration, stop func() bool) map[int]int {
	return apprunnertest.Burst(workers, d, stop, func() int {
		resp, err := c.Get(url)
		if err != nil {
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	})
}
