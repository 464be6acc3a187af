package apprunner_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"

	"github.com/berth-dev/berth/internal/apprunner"
	"github.com/berth-dev/berth/internal/apprunner/apprunnertest"
	"github.com/berth-dev/berth/internal/apprunner/controller"
	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/ssm"
)

// TestAutomaticDeployments: new commits on the branch deploy by
// themselves, one deployment at a time; commits pushed during a
// deployment are deployed after it, not lost.
func TestAutomaticDeployments(t *testing.T) {
	h := start(t, t.TempDir(), func(d *apprunner.Deps) { d.PollInterval = 200 * time.Millisecond })
	conn := h.connection("github")
	repo := apprunnertest.NewRepo(t, apprunnertest.GoApp("v1"))
	in := goService("auto-app", repo.Dir, conn)
	in.SourceConfiguration.AutoDeploymentsEnabled = aws.Bool(true)
	out, err := h.client.CreateService(bg, in)
	if err != nil {
		t.Fatal(err)
	}
	arn := *out.Service.ServiceArn
	url := *h.wait(arn).ServiceUrl
	serving := func(v string) func() bool {
		return func() bool {
			_, body := h.get(url, "/")
			return strings.HasPrefix(body, "version="+v+" ")
		}
	}
	repo.Commit(apprunnertest.GoApp("v2"), "v2")
	apprunnertest.Eventually(t, 30*time.Second, "v2 deployed automatically", serving("v2"))

	// Two pushes while a deployment runs: the last one ends up serving.
	repo.Commit(apprunnertest.GoApp("v3"), "v3")
	apprunnertest.Eventually(t, 10*time.Second, "v3 deployment to start", func() bool {
		s, _ := h.client.DescribeService(bg, &ar.DescribeServiceInput{ServiceArn: aws.String(arn)})
		return s.Service.Status == artypes.ServiceStatusOperationInProgress
	})
	head := repo.Commit(apprunnertest.GoApp("v4"), "v4")
	apprunnertest.Eventually(t, 30*time.Second, "v4 deployed", serving("v4"))
	s := h.wait(arn)
	if s.Status != artypes.ServiceStatusRunning {
		t.Fatalf("status %s", s.Status)
	}
	ops := h.ops(arn)
	for _, o := range ops {
		if !strings.HasSuffix(o, " SUCCEEDED") {
			t.Fatalf("operations = %v", ops)
		}
	}
	if len(ops) < 3 || len(ops) > 4 {
		t.Fatalf("operations = %v, want the creation and 2 or 3 deployments", ops)
	}
	time.Sleep(600 * time.Millisecond) // a few more polls: nothing new to deploy
	if again := h.ops(arn); len(again) != len(ops) {
		t.Fatalf("redeployed an unchanged branch: %v", again)
	}
	if ev := h.events("auto-app", *out.Service.ServiceId); !strings.Contains(ev, "CODE_COMMIT_PUSH") || !strings.Contains(ev, "(main at commit "+head[:12]+")") {
		t.Errorf("events:\n%s", ev)
	}
}

// TestPythonService deploys a PYTHON_3 service whose build and start need
// no network, configured by apprunner.yaml (ConfigurationSource
// REPOSITORY), with a secret from SSM Parameter Store.
func TestPythonService(t *testing.T) {
	h := start(t, t.TempDir(), nil)
	if _, err := h.ssm.Put(bg, ssm.Param{Name: "/py/secret", Type: "SecureString", Value: "s3cret"}, false); err != nil {
		t.Fatal(err)
	}
	files := apprunnertest.PythonApp("1")
	files["app.py"] = strings.Replace(files["app.py"], `"python " + VERSION`, `"python " + VERSION + " " + os.environ["SECRET"] + " " + os.environ["MODE"]`, 1)
	files["apprunner.yaml"] = `version: 1.0
runtime: python3
build:
  commands:
    build:
      - pip install --no-index -r requirements.txt
      - python -m compileall -q .
run:
  command: python app.py
  network:
    port: 8000
  env:
    - name: MODE
      value: yaml
  secrets:
    - name: SECRET
      value-from: /py/secret
`
	repo := apprunnertest.NewRepo(t, files)
	conn := h.connection("github")
	in := goService("python-app", repo.Dir, conn)
	in.SourceConfiguration.CodeRepository.CodeConfiguration = &artypes.CodeConfiguration{ConfigurationSource: artypes.ConfigurationSourceRepository}
	out, err := h.client.CreateService(bg, in)
	if err != nil {
		t.Fatal(err)
	}
	s := h.wait(*out.Service.ServiceArn)
	if s.Status != artypes.ServiceStatusRunning {
		t.Fatalf("status %s; events:\n%s", s.Status, h.events("python-app", *s.ServiceId))
	}
	if c, body := h.get(*s.ServiceUrl, "/"); c != 200 || body != "python 1 s3cret yaml\n" {
		t.Fatalf("GET / = %d %q", c, body)
	}
	app := controller.ApplicationLogGroup("python-app", *s.ServiceId)
	apprunnertest.Eventually(t, 5*time.Second, "application log", func() bool {
		return strings.Contains(strings.Join(logLines(t, h.st, app, "instance/"), "\n"), "request /")
	})
	build := strings.Join(logLines(t, h.st, controller.ServiceLogGroup("python-app", *s.ServiceId), "deployment/"), "\n")
	if !strings.Contains(build, "creating virtualenv") || !strings.Contains(build, "$ pip install --no-index -r requirements.txt && python -m compileall -q .") {
		t.Errorf("build log:\n%s", build)
	}
}

// denyPassRole is an authorizer that refuses iam:PassRole.
type denyPassRole struct{ asked []awsapi.Authorization }

func (d *denyPassRole) Authorize(_ context.Context, _ *awsapi.Call, a awsapi.Authorization) error {
	d.asked = append(d.asked, a)
	if a.Action == "iam:PassRole" {
		return awsapi.Errorf(awsapi.CodeAccessDeniedJSON, "not allowed to pass %s", a.Resources[0])
	}
	return nil
}

// TestPassRole: naming an instance role needs iam:PassRole with
// iam:PassedToService=apprunner.amazonaws.com, except for root.
func TestPassRole(t *testing.T) {
	deny := &denyPassRole{}
	h := start(t, t.TempDir(), func(d *apprunner.Deps) { d.Authorizer = deny })
	conn := h.connection("github")
	role := "arn:aws:iam::000000000000:role/app-instance"
	in := goService("role-app", newGoRepo(t), conn)
	in.InstanceConfiguration.InstanceRoleArn = aws.String(role)
	session := &awsapi.Principal{Kind: awsapi.AssumedRole, Account: "000000000000",
		ARN: "arn:aws:sts::000000000000:assumed-role/github-access/ci", RoleName: "github-access"}
	req := &apprunner.CreateServiceInput{}
	if err := convert(in, req); err != nil {
		t.Fatal(err)
	}
	h.handler.Authorizer = deny
	_, err := h.handler.Invoke(bg, session, "apprunner", "CreateService", req)
	var ae *awsapi.Error
	if !errors.As(err, &ae) || ae.Code != awsapi.CodeAccessDeniedJSON {
		t.Fatalf("err = %v, want AccessDenied", err)
	}
	last := deny.asked[len(deny.asked)-1]
	if last.Resources[0] != role || last.Context["iam:PassedToService"][0] != "apprunner.amazonaws.com" {
		t.Fatalf("asked %+v", last)
	}
	// Root may pass any role.
	out, err := h.client.CreateService(bg, in)
	if err != nil {
		t.Fatal(err)
	}
	if s := h.wait(*out.Service.ServiceArn); *s.InstanceConfiguration.InstanceRoleArn != role {
		t.Fatalf("instance role = %v", s.InstanceConfiguration.InstanceRoleArn)
	}
}
