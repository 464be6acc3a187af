package template

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// appRunnerSchema is a stub of the AWS::AppRunner::Service schema with the
// properties the article's template uses.
func appRunnerSchema() *Schema {
	str := func() *Property { return &Property{Type: TypeString} }
	return &Schema{
		Properties: map[string]*Property{
			"ServiceName": str(),
			"SourceConfiguration": {Type: TypeObject, Required: true, Properties: map[string]*Property{
				"AuthenticationConfiguration": {Type: TypeObject, Properties: map[string]*Property{
					"ConnectionArn": str(), "AccessRoleArn": str()}},
				"AutoDeploymentsEnabled": {Type: TypeBoolean},
				"CodeRepository": {Type: TypeObject, Properties: map[string]*Property{
					"RepositoryUrl": {Type: TypeString, Required: true},
					"SourceCodeVersion": {Type: TypeObject, Required: true, Properties: map[string]*Property{
						"Type": {Type: TypeString, Required: true}, "Value": {Type: TypeString, Required: true}}},
					"CodeConfiguration": {Type: TypeObject, Properties: map[string]*Property{
						"ConfigurationSource": {Type: TypeString, Required: true},
						"CodeConfigurationValues": {Type: TypeObject, Properties: map[string]*Property{
							"Runtime": {Type: TypeString, Required: true}, "BuildCommand": str(),
							"StartCommand": str(), "Port": str()}}}},
					"SourceDirectory": str()}},
				"ImageRepository": {Type: TypeJSON}}},
			"InstanceConfiguration": {Type: TypeObject, Properties: map[string]*Property{
				"Cpu": str(), "Memory": str(), "InstanceRoleArn": str()}},
			"HealthCheckConfiguration": {Type: TypeJSON},
			"Tags":                     {Type: TypeList, Items: &Property{Type: TypeJSON}},
		},
		CreateOnly: []string{"/properties/ServiceName"},
		Attributes: []string{"ServiceUrl", "ServiceArn", "ServiceId", "Status"},
	}
}

// seedTemplate reads the article's template from the shared seed directory
// ($BERTH_SEED_DIR, or ../shared/seed next to the repository).
func seedTemplate(t *testing.T) []byte {
	dir := os.Getenv("BERTH_SEED_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "seed")
	}
	body, err := os.ReadFile(filepath.Join(dir, "aws", "app-template.yaml"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("seed template not found in %s (set BERTH_SEED_DIR); testdata/golden/seed-app-template.txt covers a copy", dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func TestSeedAppTemplate(t *testing.T) {
	body := seedTemplate(t)
	reg := MapRegistry{"AWS::AppRunner::Service": appRunnerSchema()}
	tmpl, err := Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := tmpl.Validate(reg); err != nil {
		t.Fatal(err)
	}
	if _, err := tmpl.ResolveParameters(nil, nil); err == nil || err.Error() != "Parameters: [RepoUrl, GithubConnArn] must have values" {
		t.Fatalf("missing parameters: got %v", err)
	}
	pv, err := tmpl.ResolveParameters(map[string]string{
		"RepoUrl":       "https://github.com/acme/python-app",
		"GithubConnArn": "arn:aws:apprunner:us-east-1:000000000000:connection/github/0123",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	serviceArn := "arn:aws:apprunner:us-east-1:000000000000:service/python-app-service/abc"
	res := &StaticResolver{
		PhysicalIDs: map[string]string{"AppRunner": serviceArn},
		Attributes: map[string]map[string]any{"AppRunner": {
			"ServiceArn": serviceArn, "ServiceUrl": "abc.us-east-1.awsapprunner.com", "ServiceId": "abc", "Status": "RUNNING"}},
	}
	ev, err := tmpl.NewEvaluator(Inputs{Parameters: pv, Resolver: res, Pseudo: Pseudo{
		StackName: "python-app", Region: "us-east-1", AccountID: "000000000000",
		StackID: "arn:aws:cloudformation:us-east-1:000000000000:stack/python-app/1"}})
	if err != nil {
		t.Fatal(err)
	}
	levels, err := ev.Dependencies().Levels()
	if err != nil || !reflect.DeepEqual(levels, [][]string{{"AppRunner"}}) {
		t.Fatalf("levels = %v, %v", levels, err)
	}
	props, err := ev.Properties("AppRunner")
	if err != nil {
		t.Fatal(err)
	}
	if err := reg["AWS::AppRunner::Service"].Check("AppRunner", props); err != nil {
		t.Fatalf("resolved properties fail the schema: %v", err)
	}
	props = reg["AWS::AppRunner::Service"].Coerce(props)
	got, _ := json.Marshal(props)
	want := `{"InstanceConfiguration":{"Cpu":"1 vCPU","Memory":"2 GB"},"ServiceName":"python-app-service",` +
		`"SourceConfiguration":{"AuthenticationConfiguration":{"ConnectionArn":"arn:aws:apprunner:us-east-1:000000000000:connection/github/0123"},` +
		`"AutoDeploymentsEnabled":false,"CodeRepository":{"CodeConfiguration":{"CodeConfigurationValues":{` +
		`"BuildCommand":"pip install -r app/requirements.txt","Port":"8000","Runtime":"PYTHON_3",` +
		`"StartCommand":"uvicorn --host=0.0.0.0 --app-dir=app/ main:app"},"ConfigurationSource":"API"},` +
		`"RepositoryUrl":"https://github.com/acme/python-app","SourceCodeVersion":{"Type":"BRANCH","Value":"main"}}}}`
	if string(got) != want {
		t.Fatalf("properties\n got: %s\nwant: %s", got, want)
	}
	outs, err := ev.Outputs()
	if err != nil {
		t.Fatal(err)
	}
	wantOuts := []OutputValue{
		{Name: "AppRunnerUrl", Value: "https://abc.us-east-1.awsapprunner.com", Description: "URL of the deployed App Runner Service"},
		{Name: "AppRunnerArn", Value: serviceArn, Description: "ARN of the deployed App Runner Service"},
	}
	if !reflect.DeepEqual(outs, wantOuts) {
		t.Fatalf("outputs = %+v", outs)
	}
	sum := tmpl.Summary()
	if sum.Description != "Python app deployment template" || len(sum.Capabilities) != 0 ||
		len(sum.Parameters) != 2 || sum.Parameters[0].Key != "RepoUrl" {
		t.Fatalf("summary = %+v", sum)
	}
	if p := reg["AWS::AppRunner::Service"].ReplacementPaths(props, map[string]any{"ServiceName": "other"}); !reflect.DeepEqual(p, []string{"/properties/ServiceName"}) {
		t.Fatalf("replacement paths = %v", p)
	}
}
