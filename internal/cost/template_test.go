package cost

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// service is a template with one AWS::AppRunner::Service whose properties
// are props (YAML, indented by 6) plus extra resources (indented by 2).
func service(props, extra string) string {
	return `Resources:
  Svc:
    Type: AWS::AppRunner::Service
    Properties:
      SourceConfiguration:
        ImageRepository:
          ImageIdentifier: public.ecr.aws/nginx/nginx:latest
          ImageRepositoryType: ECR
` + props + extra
}

const asc = `
  Scaling:
    Type: AWS::AppRunner::AutoScalingConfiguration
    Properties:
      MinSize: 2
      MaxSize: 4
      MaxConcurrency: 50
`

func TestReadTemplate(t *testing.T) {
	cases := []struct {
		name    string
		body    string
		params  map[string]string
		want    Service // CPU 0: not checked
		notes   []string
		wantErr error
	}{
		{
			name: "instance sizes in vCPU and GB",
			body: service("      InstanceConfiguration:\n        Cpu: 0.25 vCPU\n        Memory: 0.5 GB\n", ""),
			want: Service{CPU: 256, Memory: 512, Scaling: DefaultScaling, AutomaticDeployments: true},
		},
		{
			name: "instance sizes as unquoted numbers",
			body: service("      InstanceConfiguration:\n        Cpu: 2048\n        Memory: 6144\n", ""),
			want: Service{CPU: 2048, Memory: 6144, Scaling: DefaultScaling, AutomaticDeployments: true},
		},
		{
			name:  "defaults",
			body:  service("", ""),
			want:  Service{CPU: 1024, Memory: 2048, Scaling: DefaultScaling, AutomaticDeployments: true},
			notes: []string{"Cpu not set", "Memory not set", "AutoDeploymentsEnabled not set: App Runner's default for this source is true"},
		},
		{
			name:  "ECR Public deploys manually by default",
			body:  strings.Replace(service("", ""), "ImageRepositoryType: ECR", "ImageRepositoryType: ECR_PUBLIC", 1),
			want:  Service{CPU: 1024, Memory: 2048, Scaling: DefaultScaling},
			notes: []string{"default for this source is false"},
		},
		{
			name: "auto scaling through GetAtt",
			body: service("        AutoDeploymentsEnabled: false\n      AutoScalingConfigurationArn: !GetAtt Scaling.AutoScalingConfigurationArn\n", asc),
			want: Service{CPU: 1024, Memory: 2048, Scaling: Scaling{2, 4, 50, "AutoScalingConfiguration Scaling"}},
		},
		{
			name: "auto scaling through Ref, partial settings",
			body: service("      AutoScalingConfigurationArn: !Ref Scaling\n", strings.Replace(asc, "      MinSize: 2\n      MaxSize: 4\n", "", 1)),
			want: Service{CPU: 1024, Memory: 2048, Scaling: Scaling{1, 25, 50, "AutoScalingConfiguration Scaling"}, AutomaticDeployments: true},
		},
		{
			name:  "auto scaling outside the template",
			body:  service("      AutoScalingConfigurationArn: arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/x/1/abc\n", ""),
			want:  Service{CPU: 1024, Memory: 2048, Scaling: DefaultScaling, AutomaticDeployments: true},
			notes: []string{"not a configuration of this template"},
		},
		{
			name: "size from parameters, override and default",
			body: "Parameters:\n  Cpu:\n    Type: String\n    AllowedValues: ['1 vCPU', '2 vCPU']\n  Mem:\n    Type: String\n    Default: 4 GB\n" +
				service("      InstanceConfiguration:\n        Cpu: !Ref Cpu\n        Memory: !Ref Mem\n", ""),
			params: map[string]string{"Cpu": "2 vCPU"},
			want:   Service{CPU: 2048, Memory: 4096, Scaling: DefaultScaling, AutomaticDeployments: true},
		},
		{
			name:  "parameter without value gets its first allowed value",
			body:  "Parameters:\n  Cpu:\n    Type: String\n    AllowedValues: ['1 vCPU', '2 vCPU']\n" + service("      InstanceConfiguration:\n        Cpu: !Ref Cpu\n", ""),
			want:  Service{CPU: 1024, Memory: 2048, Scaling: DefaultScaling, AutomaticDeployments: true},
			notes: []string{`parameter Cpu has no value; using "1 vCPU"`},
		},
		{
			name: "auto deployments from a string parameter",
			body: "Parameters:\n  Auto:\n    Type: String\n    Default: 'true'\n" + service("        AutoDeploymentsEnabled: !Ref Auto\n", ""),
			want: Service{CPU: 1024, Memory: 2048, Scaling: DefaultScaling, AutomaticDeployments: true},
		},
		{
			name:  "VPC egress noted",
			body:  service("      NetworkConfiguration:\n        EgressConfiguration:\n          EgressType: VPC\n          VpcConnectorArn: !Ref Connector\n", "\n  Connector:\n    Type: AWS::AppRunner::VpcConnector\n    Properties:\n      Subnets: [subnet-1]\n"),
			want:  Service{CPU: 1024, Memory: 2048, Scaling: DefaultScaling, AutomaticDeployments: true},
			notes: []string{"VPC connector"},
		},
		{name: "bad Cpu", body: service("      InstanceConfiguration:\n        Cpu: 3 vCPU\n", ""), wantErr: ErrInstanceSize},
		{name: "bad Memory", body: service("      InstanceConfiguration:\n        Memory: 2GB\n", ""), wantErr: ErrInstanceSize},
		{name: "size App Runner does not offer", body: service("      InstanceConfiguration:\n        Cpu: 4 vCPU\n        Memory: 2 GB\n", ""), wantErr: ErrInstanceSize},
		{name: "MinSize 0", body: service("      AutoScalingConfigurationArn: !Ref Scaling\n", strings.Replace(asc, "MinSize: 2", "MinSize: 0", 1)), wantErr: ErrScaling},
		{name: "MaxConcurrency 500", body: service("      AutoScalingConfigurationArn: !Ref Scaling\n", strings.Replace(asc, "MaxConcurrency: 50", "MaxConcurrency: 500", 1)), wantErr: ErrScaling},
		{name: "MaxSize below MinSize", body: service("      AutoScalingConfigurationArn: !Ref Scaling\n", strings.Replace(asc, "MaxSize: 4", "MaxSize: 1", 1)), wantErr: ErrScaling},
		{name: "no services", body: "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n", wantErr: ErrNoServices},
		{name: "service switched off by its condition", body: "Conditions:\n  Never: !Equals [a, b]\n" + strings.Replace(service("", ""), "AWS::AppRunner::Service\n", "AWS::AppRunner::Service\n    Condition: Never\n", 1), wantErr: ErrNoServices},
		{name: "not a template", body: "Resources: [1, 2", wantErr: ErrTemplate},
		{name: "dangling Ref", body: service("      AutoScalingConfigurationArn: !Ref Nowhere\n", ""), wantErr: ErrTemplate},
		{name: "unknown parameter override", body: service("", ""), params: map[string]string{"Nope": "1"}, wantErr: ErrTemplate},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tp, err := ReadTemplate([]byte(c.body), Options{Parameters: c.params})
			if c.wantErr != nil {
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tp.Services) != 1 {
				t.Fatalf("%d services, want 1", len(tp.Services))
			}
			s := tp.Services[0]
			if s.LogicalID != "Svc" || s.CPU != c.want.CPU || s.Memory != c.want.Memory || s.Scaling != c.want.Scaling ||
				s.AutomaticDeployments != c.want.AutomaticDeployments || s.FromSource != c.want.FromSource {
				t.Errorf("service = %+v\nwant      %+v", s, c.want)
			}
			all := strings.Join(append(s.Notes, tp.Notes...), "\n")
			for _, n := range c.notes {
				if !strings.Contains(all, n) {
					t.Errorf("notes lack %q:\n%s", n, all)
				}
			}
		})
	}
}

// TestReadSeedTemplate reads the article's template: 1 vCPU / 2 GB built
// from source, automatic deployments off, App Runner's default scaling.
func TestReadSeedTemplate(t *testing.T) {
	body, err := os.ReadFile("../../testdata/seed/aws/app-template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tp, err := ReadTemplate(body, Options{Parameters: map[string]string{"RepoUrl": "https://github.com/me/app"}})
	if err != nil {
		t.Fatal(err)
	}
	s := tp.Services[0]
	want := Service{LogicalID: "AppRunner", CPU: 1024, Memory: 2048, Scaling: DefaultScaling, FromSource: true}
	if s.LogicalID != want.LogicalID || s.CPU != want.CPU || s.Memory != want.Memory || s.Scaling != want.Scaling ||
		s.AutomaticDeployments || !s.FromSource || len(s.Notes) != 0 {
		t.Fatalf("seed service = %+v", s)
	}
	if len(tp.Notes) != 1 || !strings.Contains(tp.Notes[0], "GithubConnArn has no value") {
		t.Fatalf("template notes = %q, want one placeholder note for GithubConnArn", tp.Notes)
	}
}

func TestReadTemplateErrorLine(t *testing.T) {
	_, err := ReadTemplate([]byte("Resources:\n  Svc:\n    Type: AWS::AppRunner::Service\n    Properties:\n      ServiceName: !Ref Missing\n"), Options{})
	if !errors.Is(err, ErrTemplate) || !strings.Contains(err.Error(), "line 5") {
		t.Fatalf("err = %v, want ErrTemplate at line 5", err)
	}
}
