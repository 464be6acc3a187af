package e2e

import (
	"crypto/x509"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"

	"github.com/berth-dev/berth/examples"
	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
	"github.com/berth-dev/berth/internal/logs/logstest"
	"github.com/berth-dev/berth/internal/server"
	"github.com/berth-dev/berth/internal/servertest"
)

// startAppRunner starts a server for App Runner tests. Builds get the
// host's Go build cache (through server.Config.BuildEnv, when the server
// has that option), so the standard library is not compiled again for
// each test service; it fails the test when App Runner is not served.
func startAppRunner(t *testing.T, opts ...servertest.Option) *servertest.Berth {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs apps")
	}
	env := apprunnertest.BuildEnv(t)
	opts = append([]servertest.Option{func(c *server.Config) {
		if f := reflect.ValueOf(c).Elem().FieldByName("BuildEnv"); f.IsValid() && f.Type() == reflect.TypeFor[map[string]string]() {
			f.Set(reflect.ValueOf(env))
		}
	}}, opts...)
	b := servertest.Start(t, opts...)
	if _, err := ar.NewFromConfig(b.RootConfig()).ListServices(ctx, &ar.ListServicesInput{}); err != nil {
		t.Fatalf("App Runner is not served (is apprunner.New registered in internal/server?): %v", err)
	}
	return b
}

// restartAppRunner stops b and starts a server on the same data dir.
func restartAppRunner(t *testing.T, b *servertest.Berth) *servertest.Berth {
	t.Helper()
	b.Stop()
	return startAppRunner(t, servertest.WithDataDir(b.Dir))
}

// web is an HTTPS client trusting the server's local CA that reaches
// service URLs through its ingress.
func web(t *testing.T, b *servertest.Berth) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(b.CACertPath())
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("the CA file holds no certificate")
	}
	in := b.Ingress()
	return apprunnertest.Client(pool, in.HTTPSAddr(), in.HTTPAddr())
}

// fetch GETs url and returns status and body ("" and 0 on errors).
func fetch(c *http.Client, url string) (int, string) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, sb.String()
}

// cliJSON runs an AWS CLI command that must succeed and decodes its output.
func cliJSON(t *testing.T, b *servertest.Berth, out any, args ...string) {
	t.Helper()
	r := b.AWS(nil, args...)
	if r.Code != 0 {
		t.Fatalf("aws %s: exit %d\n%s", strings.Join(args, " "), r.Code, r.Stderr)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(r.Stdout), out); err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, r.Stdout)
		}
	}
}

// settled waits until the service leaves OPERATION_IN_PROGRESS.
func settled(t *testing.T, b *servertest.Berth, arn string) *artypes.Service {
	t.Helper()
	c := ar.NewFromConfig(b.RootConfig())
	deadline := time.Now().Add(4 * time.Minute)
	for {
		out, err := c.DescribeService(ctx, &ar.DescribeServiceInput{ServiceArn: aws.String(arn)})
		if err != nil {
			t.Fatal(err)
		}
		if out.Service.Status != artypes.ServiceStatusOperationInProgress {
			return out.Service
		}
		if time.Now().After(deadline) {
			t.Fatalf("service %s still %s", arn, out.Service.Status)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// lastOperation is the newest operation of a service, "TYPE STATUS".
func lastOperation(t *testing.T, b *servertest.Berth, arn string) string {
	t.Helper()
	out, err := ar.NewFromConfig(b.RootConfig()).ListOperations(ctx, &ar.ListOperationsInput{ServiceArn: aws.String(arn)})
	if err != nil || len(out.OperationSummaryList) == 0 {
		t.Fatalf("list-operations: %+v %v", out, err)
	}
	o := out.OperationSummaryList[0]
	return string(o.Type) + " " + string(o.Status)
}

// createConnection creates a GITHUB connection with the CLI.
func createConnection(t *testing.T, b *servertest.Berth) string {
	t.Helper()
	var out struct {
		Connection struct{ ConnectionArn, Status string }
	}
	cliJSON(t, b, &out, "apprunner", "create-connection", "--connection-name", "github", "--provider-type", "GITHUB")
	if out.Connection.Status != "AVAILABLE" {
		t.Fatalf("connection status %s", out.Connection.Status)
	}
	return out.Connection.ConnectionArn
}

// exampleFiles is examples/self-infra-app as `berth init` writes it.
func exampleFiles(t *testing.T) map[string]string {
	t.Helper()
	files, err := examples.SelfInfraApp()
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(files))
	for k, v := range files {
		out[k] = string(v)
	}
	return out
}

// logsTail runs `aws logs tail group args...` with an AWS CLI v2 (v1 has no
// tail) and returns its output; without a v2 it reads the group with
// filter-log-events instead, so the content checks still run.
func logsTail(t *testing.T, b *servertest.Berth, group string, args ...string) string {
	t.Helper()
	v2 := logstest.CLIv2()
	if v2 == "" {
		var out struct{ Events []struct{ Message string } }
		cliJSON(t, b, &out, append([]string{"logs", "filter-log-events", "--log-group-name", group}, args...)...)
		var sb strings.Builder
		for _, e := range out.Events {
			sb.WriteString(e.Message + "\n")
		}
		return sb.String()
	}
	cmd := exec.Command(v2, append([]string{"--endpoint-url", b.Endpoint, "logs", "tail", group, "--since", "1h"}, args...)...)
	cmd.Env = b.CLIEnv()
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Logf("aws logs tail %s: %v\n%s", group, err, ee.Stderr)
		}
		return ""
	}
	return string(out)
}
