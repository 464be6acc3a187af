package apprunner_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"

	"github.com/berth-dev/berth/examples"
	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
)

// exampleService is a CreateService request for examples/self-infra-app,
// as its CloudFormation template describes it.
func exampleService(name, repo, conn string) *ar.CreateServiceInput {
	in := goService(name, repo, conn)
	v := in.SourceConfiguration.CodeRepository.CodeConfiguration.CodeConfigurationValues
	v.BuildCommand, v.StartCommand = aws.String("go build -o bin/server ./app"), aws.String("./bin/server")
	in.HealthCheckConfiguration = nil
	return in
}

// waitPage polls the service's home page until it contains want.
func (h *harness) waitPage(url, want string) {
	h.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, body := h.get(url, "/"); strings.Contains(body, want) {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%s never served %q", url, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// BenchmarkFirstDeploy measures CreateService → the example's home page
// served, with a warm Go build cache (target ≤ 10 s).
func BenchmarkFirstDeploy(b *testing.B) {
	h := start(b, b.TempDir(), nil)
	repo := apprunnertest.NewRepo(b, exampleFiles(b))
	conn := h.connection("github")
	for i := 0; b.Loop(); i++ {
		out, err := h.client.CreateService(bg, exampleService(fmt.Sprintf("bench-%04d", i), repo.Dir, conn))
		if err != nil {
			b.Fatal(err)
		}
		h.waitPage(*out.Service.ServiceUrl, "HOME PAGE")
		b.StopTimer()
		h.wait(*out.Service.ServiceArn)
		h.client.DeleteService(bg, &ar.DeleteServiceInput{ServiceArn: out.Service.ServiceArn})
		h.wait(*out.Service.ServiceArn)
		b.StartTimer()
	}
}

// BenchmarkStartDeployment measures StartDeployment after a commit → the
// new version served (target ≤ 3 s; App Runner takes about 5 minutes).
func BenchmarkStartDeployment(b *testing.B) {
	h := start(b, b.TempDir(), nil)
	repo := apprunnertest.NewRepo(b, exampleFiles(b))
	out, err := h.client.CreateService(bg, exampleService("bench-app", repo.Dir, h.connection("github")))
	if err != nil {
		b.Fatal(err)
	}
	arn := out.Service.ServiceArn
	if s := h.wait(*arn); s.Status != artypes.ServiceStatusRunning {
		b.Fatalf("status %s", s.Status)
	}
	index := apprunnertest.ReadTree(b, filepath.Join(repo.Dir, "app", "templates"))["index.html"]
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		want := fmt.Sprintf("HOME PAGE %d", i)
		repo.Commit(map[string]string{"app/templates/index.html": strings.Replace(index, "HOME PAGE", want, 1)}, want)
		b.StartTimer()
		if _, err := h.client.StartDeployment(bg, &ar.StartDeploymentInput{ServiceArn: arn}); err != nil {
			b.Fatal(err)
		}
		h.waitPage(*out.Service.ServiceUrl, want)
		b.StopTimer()
		h.wait(*arn)
		b.StartTimer()
	}
}

// exampleFiles is examples/self-infra-app as `berth init` writes it.
func exampleFiles(t testing.TB) map[string]string {
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

// BenchmarkRestartToServing measures a server restart with a running
// service — store, ingress and App Runner started again over the same
// data dir — to the example's home page answered: the instance restarts
// from its last artifact without rebuilding, and the first request,
// sent at once, is held by the ingress until the instance is healthy.
func BenchmarkRestartToServing(b *testing.B) {
	dir := b.TempDir()
	h := start(b, dir, nil)
	repo := apprunnertest.NewRepo(b, exampleFiles(b))
	out, err := h.client.CreateService(bg, exampleService("bench-app", repo.Dir, h.connection("github")))
	if err != nil {
		b.Fatal(err)
	}
	url := *out.Service.ServiceUrl
	if s := h.wait(*out.Service.ServiceArn); s.Status != artypes.ServiceStatusRunning {
		b.Fatalf("status %s", s.Status)
	}
	for b.Loop() {
		b.StopTimer()
		h.stop()
		b.StartTimer()
		h = start(b, dir, nil)
		if code, body := h.get(url, "/"); code != 200 || !strings.Contains(body, "HOME PAGE") {
			b.Fatalf("GET / right after the restart = %d %q", code, body)
		}
	}
}
