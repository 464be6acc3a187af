package apprunner

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/apprunner"
	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
	"github.com/berth-dev/berth/internal/apprunner/controller"
	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/ingress"
	"github.com/berth-dev/berth/internal/runtime/process"
	"github.com/berth-dev/berth/internal/store"
)

var bg = context.Background()

var root = &awsapi.Principal{Kind: awsapi.Root, Account: "000000000000", ARN: "arn:aws:iam::000000000000:root"}

// env is the App Runner API behind an in-process invoker, as the
// CloudFormation engine sees it.
type env struct {
	api     *apprunner.API
	handler *awsapi.Handler
	in      *ingress.Ingress
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(bg, filepath.Join(dir, "berth.db"))
	if err != nil {
		t.Fatal(err)
	}
	be, err := process.New(process.Options{DataDir: filepath.Join(dir, "runtime"), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	in := ingress.New(ingress.Options{HTTPAddr: "127.0.0.1:0", Logger: log})
	if err := in.Start(bg); err != nil {
		t.Fatal(err)
	}
	api := apprunner.New(apprunner.Deps{Store: st, Backend: be, Ingress: in, DataDir: filepath.Join(dir, "apprunner"), Logger: log,
		BuildEnv: apprunnertest.BuildEnv(t), PollInterval: time.Hour,
		Controller: controller.Options{DrainTimeout: 2 * time.Second, StopGrace: time.Second}})
	api.Start(bg)
	reg := awsapi.NewRegistry()
	reg.Register(api.Service())
	h := &awsapi.Handler{Registry: reg, Authorizer: awsapi.AllowAll{}, Account: "000000000000", Region: "us-east-1", Logger: log}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(bg, 20*time.Second)
		defer cancel()
		api.Stop(ctx)
		be.Shutdown(ctx, time.Second)
		in.Stop(ctx)
		st.Close()
	})
	return &env{api: api, handler: h, in: in}
}

func (e *env) request(t *testing.T, logicalID string, props map[string]any) *provider.Request {
	return &provider.Request{Type: ServiceType, LogicalID: logicalID, Properties: props, StackName: "my-app",
		Region: "us-east-1", Account: "000000000000", NameSeed: "SEED12345678", Principal: root, Invoker: e.handler}
}

func (e *env) connection(t *testing.T) string {
	t.Helper()
	out, err := e.handler.Invoke(bg, root, "apprunner", "CreateConnection", &apprunner.CreateConnectionInput{ConnectionName: "github", ProviderType: "GITHUB"})
	if err != nil {
		t.Fatal(err)
	}
	return out.(*apprunner.ConnectionOutput).Connection.ConnectionARN
}

// props is the seed template's AppRunner resource, resolved, for a Go app.
func props(repo, conn string) map[string]any {
	return map[string]any{
		"SourceConfiguration": map[string]any{
			"AuthenticationConfiguration": map[string]any{"ConnectionArn": conn},
			"AutoDeploymentsEnabled":      false,
			"CodeRepository": map[string]any{
				"RepositoryUrl":     repo,
				"SourceCodeVersion": map[string]any{"Type": "BRANCH", "Value": "main"},
				"CodeConfiguration": map[string]any{
					"ConfigurationSource": "API",
					"CodeConfigurationValues": map[string]any{
						"BuildCommand": "go build -o app .", "StartCommand": "./app", "Port": "8080", "Runtime": "GO_1",
						"RuntimeEnvironmentVariables": []any{map[string]any{"Name": "GREETING", "Value": "cfn"}},
					},
				},
			},
		},
		"InstanceConfiguration":    map[string]any{"Cpu": "1 vCPU", "Memory": "2 GB"},
		"HealthCheckConfiguration": map[string]any{"Interval": "1", "Timeout": json.Number("1"), "UnhealthyThreshold": json.Number("3")},
	}
}

func TestServiceProvider(t *testing.T) {
	e := newEnv(t)
	p := NewService()
	p.PollInterval = 50 * time.Millisecond
	if err := p.Schema().Check("AppRunner", p.Schema().Coerce(props("x", "y"))); err != nil {
		t.Fatalf("schema rejects the seed's shape: %v", err)
	}
	repo := apprunnertest.NewRepo(t, apprunnertest.GoApp("v1"))
	conn := e.connection(t)
	req := e.request(t, "AppRunner", props(repo.Dir, conn))
	res, err := p.Create(bg, req)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.PhysicalID, ":service/my-app-AppRunner-SEED12345678/") || res.Attributes["Status"] != "RUNNING" ||
		res.Attributes["ServiceArn"] != res.PhysicalID || len(res.Attributes["ServiceId"].(string)) != 32 ||
		!strings.HasSuffix(res.Attributes["ServiceUrl"].(string), ".us-east-1.apprunner.localhost:"+port(e.in.HTTPAddr())) {
		t.Fatalf("result = %+v", res)
	}
	id := res.Attributes["ServiceId"].(string)

	// An update while a deployment runs waits for it instead of failing.
	repo.Commit(apprunnertest.GoApp("v2"), "v2")
	if _, err := e.handler.Invoke(bg, root, "apprunner", "StartDeployment", &apprunner.ServiceARNInput{ServiceARN: res.PhysicalID}); err != nil {
		t.Fatal(err)
	}
	next := props(repo.Dir, conn)
	next["InstanceConfiguration"] = map[string]any{"Cpu": "1 vCPU", "Memory": "4 GB"}
	up := e.request(t, "AppRunner", next)
	up.PhysicalID, up.PreviousProperties = res.PhysicalID, req.Properties
	res2, err := p.Update(bg, up)
	if err != nil {
		t.Fatal(err)
	}
	if res2.Attributes["Status"] != "RUNNING" {
		t.Fatalf("after update: %+v", res2)
	}
	d, _ := e.handler.Invoke(bg, root, "apprunner", "DescribeService", &apprunner.ServiceARNInput{ServiceARN: res.PhysicalID})
	if m := d.(*apprunner.DescribeServiceOutput).Service.InstanceConfiguration.Memory; m != "4096" {
		t.Fatalf("memory = %s", m)
	}
	if insts := e.api.Controller().Instances(id); len(insts) != 1 {
		t.Fatalf("instances = %+v", insts)
	}

	// An update whose deployment fails rolls back and says where to look.
	bad := props(repo.Dir, conn)
	bad["SourceConfiguration"].(map[string]any)["CodeRepository"].(map[string]any)["CodeConfiguration"].(map[string]any)["CodeConfigurationValues"].(map[string]any)["BuildCommand"] = "false"
	up2 := e.request(t, "AppRunner", bad)
	up2.PhysicalID = res.PhysicalID
	_, err = p.Update(bg, up2)
	var f *provider.Failure
	if !errors.As(err, &f) || !strings.Contains(f.Message, "ROLLBACK_SUCCEEDED") || !strings.Contains(f.Message, "/aws/apprunner/my-app-AppRunner-SEED12345678/"+id+"/service") {
		t.Fatalf("failed update: %v", err)
	}
	if r, err := p.Read(bg, up); err != nil || r.Attributes["Status"] != "RUNNING" {
		t.Fatalf("read after failed update: %+v %v", r, err)
	}

	del := e.request(t, "AppRunner", next)
	del.PhysicalID = res.PhysicalID
	if err := p.Delete(bg, del); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Read(bg, del); !errors.Is(err, provider.ErrNotFound) {
		t.Fatalf("read deleted: %v", err)
	}
	if err := p.Delete(bg, del); err != nil {
		t.Fatalf("delete twice: %v", err)
	}
}

func TestServiceProviderCreateFailure(t *testing.T) {
	e := newEnv(t)
	p := NewService()
	p.PollInterval = 50 * time.Millisecond
	repo := apprunnertest.NewRepo(t, map[string]string{"go.mod": "module x\n\ngo 1.22\n", "main.go": "package main\nfunc main() { nope }\n"})
	pr := props(repo.Dir, e.connection(t))
	pr["ServiceName"] = "broken-service"
	_, err := p.Create(bg, e.request(t, "AppRunner", pr))
	var f *provider.Failure
	if !errors.As(err, &f) || !strings.Contains(f.Message, "CREATE_FAILED") {
		t.Fatalf("create = %v", err)
	}
	// The failed service was deleted: the name is free and nothing is listed.
	out, _ := e.handler.Invoke(bg, root, "apprunner", "ListServices", &apprunner.ListServicesInput{})
	if l := out.(*apprunner.ListServicesOutput).ServiceSummaryList; len(l) != 0 {
		t.Fatalf("services left: %+v", l)
	}
	// A deletion without a physical id (creation interrupted) finds the
	// service by name, or does nothing.
	if err := p.Delete(bg, e.request(t, "AppRunner", pr)); err != nil {
		t.Fatal(err)
	}
	// An image repository is refused with App Runner's message.
	pr["SourceConfiguration"] = map[string]any{"ImageRepository": map[string]any{"ImageIdentifier": "public.ecr.aws/x/y:1", "ImageRepositoryType": "ECR_PUBLIC"}}
	_, err = p.Create(bg, e.request(t, "AppRunner", pr))
	if !strings.Contains(provider.Reason(err), "builds services from source only") || !strings.Contains(provider.Reason(err), "InvalidRequest") {
		t.Fatalf("image: %s", provider.Reason(err))
	}
}

func TestAutoScalingProvider(t *testing.T) {
	e := newEnv(t)
	p := NewAutoScalingConfiguration()
	req := e.request(t, "Scaling", map[string]any{"MinSize": "2", "MaxSize": json.Number("4"), "MaxConcurrency": json.Number("80")})
	req.Type = AutoScalingType
	res, err := p.Create(bg, req)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.PhysicalID, ":autoscalingconfiguration/my-app-Scaling-SEED12345678/1/") ||
		res.Attributes["AutoScalingConfigurationRevision"] != "1" || res.Attributes["Latest"] != "true" {
		t.Fatalf("result = %+v", res)
	}
	req.PhysicalID = res.PhysicalID
	out, _ := e.handler.Invoke(bg, root, "apprunner", "DescribeAutoScalingConfiguration", &apprunner.AutoScalingConfigurationARNInput{AutoScalingConfigurationARN: res.PhysicalID})
	if c := out.(*apprunner.AutoScalingConfigurationOutput).AutoScalingConfiguration; c.MinSize != 2 || c.MaxSize != 4 || c.MaxConcurrency != 80 {
		t.Fatalf("configuration = %+v", c)
	}
	if r, err := p.Update(bg, req); err != nil || r.PhysicalID != res.PhysicalID {
		t.Fatalf("update = %+v %v", r, err)
	}
	if err := p.Delete(bg, req); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Read(bg, req); !errors.Is(err, provider.ErrNotFound) {
		t.Fatalf("read deleted: %v", err)
	}
	if err := p.Delete(bg, req); err != nil {
		t.Fatalf("delete twice: %v", err)
	}
}

func port(addr string) string { return addr[strings.LastIndexByte(addr, ':')+1:] }
