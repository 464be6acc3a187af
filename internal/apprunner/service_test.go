package apprunner_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"

	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
	"github.com/berth-dev/berth/internal/apprunner/controller"
)

// TestServiceLifecycle walks one service through every operation: create,
// deployment of a new commit, a refused update while busy, an update that
// only changes how it runs, pause, resume and delete.
func TestServiceLifecycle(t *testing.T) {
	h := start(t, t.TempDir(), nil)
	repo := apprunnertest.NewRepo(t, apprunnertest.GoApp("v1"))
	conn := h.connection("github")
	in := goService("my-app-service", repo.Dir, conn)
	in.SourceConfiguration.CodeRepository.CodeConfiguration.CodeConfigurationValues.RuntimeEnvironmentVariables = map[string]string{"GREETING": "hi"}
	in.Tags = []artypes.Tag{{Key: aws.String("team"), Value: aws.String("app")}}
	out, err := h.client.CreateService(bg, in)
	if err != nil {
		t.Fatal(err)
	}
	svc := out.Service
	if svc.Status != artypes.ServiceStatusOperationInProgress || len(*out.OperationId) != 36 {
		t.Fatalf("create: status %s, operation %q", svc.Status, *out.OperationId)
	}
	if !regexp.MustCompile(`^arn:aws:apprunner:us-east-1:000000000000:service/my-app-service/[0-9a-f]{32}$`).MatchString(*svc.ServiceArn) {
		t.Fatalf("ServiceArn = %s", *svc.ServiceArn)
	}
	wantURL := (*svc.ServiceId)[:10] + ".us-east-1.apprunner.localhost:" + port(h.in.HTTPSAddr())
	if *svc.ServiceUrl != wantURL {
		t.Fatalf("ServiceUrl = %s, want %s", *svc.ServiceUrl, wantURL)
	}
	if *svc.InstanceConfiguration.Cpu != "1024" || *svc.InstanceConfiguration.Memory != "2048" {
		t.Errorf("instance configuration = %+v", svc.InstanceConfiguration)
	}
	if hc := svc.HealthCheckConfiguration; hc.Protocol != artypes.HealthCheckProtocolTcp || *hc.Path != "/" || *hc.Interval != 1 || *hc.HealthyThreshold != 1 {
		t.Errorf("health check = %+v", hc)
	}
	if s := svc.AutoScalingConfigurationSummary; *s.AutoScalingConfigurationName != "DefaultConfiguration" || !*s.IsDefault {
		t.Errorf("auto scaling summary = %+v", s)
	}
	if svc.NetworkConfiguration.EgressConfiguration.EgressType != artypes.EgressTypeDefault || !svc.NetworkConfiguration.IngressConfiguration.IsPubliclyAccessible {
		t.Errorf("network = %+v", svc.NetworkConfiguration)
	}
	arn := *svc.ServiceArn

	// A second service with the same name is refused.
	if _, err := h.client.CreateService(bg, goService("my-app-service", repo.Dir, conn)); code(err) != "InvalidRequestException" {
		t.Fatalf("duplicate name: %v", err)
	}

	running := h.wait(arn)
	if running.Status != artypes.ServiceStatusRunning {
		t.Fatalf("status %s; events:\n%s", running.Status, h.events("my-app-service", *svc.ServiceId))
	}
	if c, body := h.get(*running.ServiceUrl, "/"); c != 200 || body != "version=v1 greeting=hi\n" {
		t.Fatalf("GET / = %d %q", c, body)
	}

	// Redeploy a new commit; refuse changes while it runs.
	repo.Commit(apprunnertest.GoApp("v2"), "v2")
	dep, err := h.client.StartDeployment(bg, &ar.StartDeploymentInput{ServiceArn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.client.UpdateService(bg, &ar.UpdateServiceInput{ServiceArn: aws.String(arn),
		InstanceConfiguration: &artypes.InstanceConfiguration{Memory: aws.String("3 GB")}})
	if code(err) != "InvalidStateException" || !strings.Contains(err.Error(), "Service cannot be updated in the current state: OPERATION_IN_PROGRESS.") {
		t.Fatalf("update while busy: %v", err)
	}
	if _, err := h.client.StartDeployment(bg, &ar.StartDeploymentInput{ServiceArn: aws.String(arn)}); code(err) != "InvalidStateException" {
		t.Fatalf("deployment while busy: %v", err)
	}
	h.wait(arn)
	if _, body := h.get(*running.ServiceUrl, "/"); body != "version=v2 greeting=hi\n" {
		t.Fatalf("after deployment: %q", body)
	}
	if ops := h.ops(arn); fmt.Sprint(ops[:2]) != "[START_DEPLOYMENT SUCCEEDED CREATE_SERVICE SUCCEEDED]" {
		t.Fatalf("operations = %v (deployment %s)", ops, *dep.OperationId)
	}

	// An update of the instance size reuses the artifact: no new build.
	artifact := h.api.Controller().Instances(*svc.ServiceId)[0].ArtifactID
	up, err := h.client.UpdateService(bg, &ar.UpdateServiceInput{ServiceArn: aws.String(arn),
		InstanceConfiguration: &artypes.InstanceConfiguration{Memory: aws.String("3 GB")}})
	if err != nil {
		t.Fatal(err)
	}
	updated := h.wait(arn)
	if *updated.InstanceConfiguration.Memory != "3072" || updated.Status != artypes.ServiceStatusRunning {
		t.Fatalf("after update: %s memory %s", updated.Status, *updated.InstanceConfiguration.Memory)
	}
	if got := h.api.Controller().Instances(*svc.ServiceId)[0].ArtifactID; got != artifact {
		t.Errorf("update rebuilt: artifact %s → %s", artifact, got)
	}
	if logLines(t, h.st, controller.ServiceLogGroup("my-app-service", *svc.ServiceId), controller.DeploymentStream(*up.OperationId)) != nil {
		t.Error("update wrote a build log")
	}

	// Pause: the URL stops answering; resume: it answers again.
	if _, err := h.client.PauseService(bg, &ar.PauseServiceInput{ServiceArn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	if s := h.wait(arn); s.Status != artypes.ServiceStatusPaused {
		t.Fatalf("after pause: %s", s.Status)
	}
	if c, _ := h.get(*running.ServiceUrl, "/"); c != 404 {
		t.Fatalf("paused service answered %d", c)
	}
	if _, err := h.client.PauseService(bg, &ar.PauseServiceInput{ServiceArn: aws.String(arn)}); code(err) != "InvalidStateException" {
		t.Fatalf("pause twice: %v", err)
	}
	if _, err := h.client.ResumeService(bg, &ar.ResumeServiceInput{ServiceArn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	if s := h.wait(arn); s.Status != artypes.ServiceStatusRunning {
		t.Fatalf("after resume: %s", s.Status)
	}
	if _, body := h.get(*running.ServiceUrl, "/"); body != "version=v2 greeting=hi\n" {
		t.Fatalf("after resume: %q", body)
	}

	list, err := h.client.ListServices(bg, &ar.ListServicesInput{})
	if err != nil || len(list.ServiceSummaryList) != 1 || *list.ServiceSummaryList[0].ServiceArn != arn {
		t.Fatalf("ListServices = %+v, %v", list, err)
	}
	tags, err := h.client.ListTagsForResource(bg, &ar.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil || len(tags.Tags) != 1 || *tags.Tags[0].Key != "team" {
		t.Fatalf("tags = %+v, %v", tags, err)
	}

	del, err := h.client.DeleteService(bg, &ar.DeleteServiceInput{ServiceArn: aws.String(arn)})
	if err != nil {
		t.Fatal(err)
	}
	if del.Service.Status != artypes.ServiceStatusOperationInProgress {
		t.Fatalf("delete: %s", del.Service.Status)
	}
	if s := h.wait(arn); s.Status != artypes.ServiceStatusDeleted || s.DeletedAt == nil {
		t.Fatalf("after delete: %+v", s)
	}
	if c, _ := h.get(*running.ServiceUrl, "/"); c != 404 {
		t.Fatalf("deleted service answered %d", c)
	}
	if len(h.backend.Instances()) != 0 {
		t.Fatalf("instances left: %d", len(h.backend.Instances()))
	}
	if list, _ := h.client.ListServices(bg, &ar.ListServicesInput{}); len(list.ServiceSummaryList) != 0 {
		t.Fatal("deleted service still listed")
	}
	want := "[DELETE_SERVICE SUCCEEDED RESUME_SERVICE SUCCEEDED PAUSE_SERVICE SUCCEEDED UPDATE_SERVICE SUCCEEDED START_DEPLOYMENT SUCCEEDED CREATE_SERVICE SUCCEEDED]"
	if ops := h.ops(arn); fmt.Sprint(ops) != want {
		t.Fatalf("operations = %v", ops)
	}
	// The name is free again.
	out2, err := h.client.CreateService(bg, goService("my-app-service", repo.Dir, conn))
	if err != nil {
		t.Fatal(err)
	}
	if s := h.wait(*out2.Service.ServiceArn); s.Status != artypes.ServiceStatusRunning {
		t.Fatalf("recreated service: %s", s.Status)
	}
	events := h.events("my-app-service", *svc.ServiceId)
	for _, w := range []string{"Service creation started.", "Successfully pulled your application source code", "Build completed successfully",
		"Successfully routed incoming traffic", "Service paused successfully.", "Service deleted successfully."} {
		if !strings.Contains(events, w) {
			t.Errorf("events lack %q:\n%s", w, events)
		}
	}
}

func port(addr string) string { return addr[strings.LastIndexByte(addr, ':')+1:] }

// TestFailedDeploymentsRollBack: a first deployment that fails leaves the
// service CREATE_FAILED; a later one that fails leaves the old version
// serving, with the reason in the event log.
func TestFailedDeploymentsRollBack(t *testing.T) {
	h := start(t, t.TempDir(), nil)
	conn := h.connection("github")

	broken := apprunnertest.NewRepo(t, map[string]string{"go.mod": "module x\n\ngo 1.22\n", "main.go": "package main\nfunc main() { nope }\n"})
	out, err := h.client.CreateService(bg, goService("broken-app", broken.Dir, conn))
	if err != nil {
		t.Fatal(err)
	}
	if s := h.wait(*out.Service.ServiceArn); s.Status != artypes.ServiceStatusCreateFailed {
		t.Fatalf("status %s", s.Status)
	}
	if ops := h.ops(*out.Service.ServiceArn); fmt.Sprint(ops) != "[CREATE_SERVICE FAILED]" {
		t.Fatalf("ops = %v", ops)
	}
	if ev := h.events("broken-app", *out.Service.ServiceId); !strings.Contains(ev, "Service creation failed") || !strings.Contains(ev, "undefined: nope") {
		t.Fatalf("events:\n%s", ev)
	}
	if _, err := h.client.StartDeployment(bg, &ar.StartDeploymentInput{ServiceArn: out.Service.ServiceArn}); code(err) != "InvalidStateException" {
		t.Fatalf("deploy a CREATE_FAILED service: %v", err)
	}

	repo := apprunnertest.NewRepo(t, apprunnertest.GoApp("v1"))
	in := goService("good-app", repo.Dir, conn)
	in.HealthCheckConfiguration.Protocol = artypes.HealthCheckProtocolHttp
	in.HealthCheckConfiguration.Path = aws.String("/healthz")
	out, err = h.client.CreateService(bg, in)
	if err != nil {
		t.Fatal(err)
	}
	arn := *out.Service.ServiceArn
	url := *h.wait(arn).ServiceUrl

	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"build", map[string]string{"main.go": "package main\nfunc main() { broken }\n"}, "undefined: broken"},
		{"health", func() map[string]string {
			f := apprunnertest.GoApp("v3")
			f["main.go"] = strings.Replace(f["main.go"], `os.Getenv("UNHEALTHY") != ""`, "true", 1)
			return f
		}(), "Health check failed on HTTP path /healthz"},
	} {
		repo.Commit(c.files, c.name)
		dep, err := h.client.StartDeployment(bg, &ar.StartDeploymentInput{ServiceArn: aws.String(arn)})
		if err != nil {
			t.Fatal(err)
		}
		if s := h.wait(arn); s.Status != artypes.ServiceStatusRunning {
			t.Fatalf("%s: status %s", c.name, s.Status)
		}
		if ops := h.ops(arn); ops[0] != "START_DEPLOYMENT ROLLBACK_SUCCEEDED" {
			t.Fatalf("%s: ops = %v", c.name, ops)
		}
		if _, body := h.get(url, "/"); body != "version=v1 greeting=\n" {
			t.Fatalf("%s: old version not serving: %q", c.name, body)
		}
		ev := h.events("good-app", *out.Service.ServiceId)
		if !strings.Contains(ev, "Deployment with ID : "+*dep.OperationId+" failed") || !strings.Contains(ev, c.want) {
			t.Fatalf("%s: events:\n%s", c.name, ev)
		}
	}
}

// TestRestartKeepsServices: after a server restart the service serves
// again from its artifact, without a rebuild; an operation the restart
// interrupted is resumed and nothing stays IN_PROGRESS.
func TestRestartKeepsServices(t *testing.T) {
	dir := t.TempDir()
	h := start(t, dir, nil)
	conn := h.connection("github")
	repo := apprunnertest.NewRepo(t, apprunnertest.GoApp("v1"))
	out, err := h.client.CreateService(bg, goService("restart-app", repo.Dir, conn))
	if err != nil {
		t.Fatal(err)
	}
	arn, id := *out.Service.ServiceArn, *out.Service.ServiceId
	h.wait(arn)
	artifact := h.api.Controller().Instances(id)[0].ArtifactID
	h.stop()

	h2 := start(t, dir, nil)
	apprunnertest.Eventually(t, 30*time.Second, "service back", func() bool {
		is := h2.api.Controller().Instances(id)
		return len(is) == 1 && is[0].Healthy
	})
	if got := h2.api.Controller().Instances(id)[0].ArtifactID; got != artifact {
		t.Fatalf("restart rebuilt: %s → %s", artifact, got)
	}
	s := h2.wait(arn)
	if c, body := h2.get(*s.ServiceUrl, "/"); c != 200 || body != "version=v1 greeting=\n" {
		t.Fatalf("after restart: %d %q", c, body)
	}

	// Interrupt a deployment mid-way.
	repo.Commit(apprunnertest.GoApp("v2"), "v2")
	if _, err := h2.client.StartDeployment(bg, &ar.StartDeploymentInput{ServiceArn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	h2.stop()

	h3 := start(t, dir, nil)
	s = h3.wait(arn)
	if s.Status != artypes.ServiceStatusRunning {
		t.Fatalf("after resumed deployment: %s", s.Status)
	}
	if ops := h3.ops(arn); ops[0] != "START_DEPLOYMENT SUCCEEDED" {
		t.Fatalf("ops = %v", ops)
	}
	if _, body := h3.get(*s.ServiceUrl, "/"); body != "version=v2 greeting=\n" {
		t.Fatalf("after resumed deployment: %q", body)
	}
	if ev := h3.events("restart-app", id); !strings.Contains(ev, "interrupted by a server restart; resuming it") {
		t.Errorf("events:\n%s", ev)
	}
}
