package apprunner_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ar "github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"
)

func TestConnections(t *testing.T) {
	h := start(t, t.TempDir(), nil)
	out, err := h.client.CreateConnection(bg, &ar.CreateConnectionInput{ConnectionName: aws.String("my-github"), ProviderType: artypes.ProviderTypeGithub,
		Tags: []artypes.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Connection
	if c.Status != artypes.ConnectionStatusAvailable || c.ProviderType != artypes.ProviderTypeGithub || c.CreatedAt == nil ||
		!regexp.MustCompile(`^arn:aws:apprunner:us-east-1:000000000000:connection/my-github/[0-9a-f]{32}$`).MatchString(*c.ConnectionArn) {
		t.Fatalf("connection = %+v", c)
	}
	h.connection("bitbucket-one")
	cases := []struct {
		name string
		in   *ar.CreateConnectionInput
		code string
	}{
		{"duplicate", &ar.CreateConnectionInput{ConnectionName: aws.String("my-github"), ProviderType: artypes.ProviderTypeGithub}, "InvalidRequestException"},
		{"bad name", &ar.CreateConnectionInput{ConnectionName: aws.String("x"), ProviderType: artypes.ProviderTypeGithub}, "InvalidRequestException"},
		{"bad provider", &ar.CreateConnectionInput{ConnectionName: aws.String("gitlab-1"), ProviderType: "GITLAB"}, "InvalidRequestException"},
		{"reserved tag", &ar.CreateConnectionInput{ConnectionName: aws.String("tagged"), ProviderType: artypes.ProviderTypeGithub,
			Tags: []artypes.Tag{{Key: aws.String("aws:x"), Value: aws.String("v")}}}, "InvalidRequestException"},
	}
	for _, tc := range cases {
		if _, err := h.client.CreateConnection(bg, tc.in); code(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	list, err := h.client.ListConnections(bg, &ar.ListConnectionsInput{})
	if err != nil || len(list.ConnectionSummaryList) != 2 {
		t.Fatalf("list = %+v, %v", list, err)
	}
	list, _ = h.client.ListConnections(bg, &ar.ListConnectionsInput{ConnectionName: aws.String("my-github")})
	if len(list.ConnectionSummaryList) != 1 {
		t.Fatalf("list by name = %d", len(list.ConnectionSummaryList))
	}
	page, _ := h.client.ListConnections(bg, &ar.ListConnectionsInput{MaxResults: aws.Int32(1)})
	if len(page.ConnectionSummaryList) != 1 || page.NextToken == nil {
		t.Fatalf("page = %+v", page)
	}
	page, _ = h.client.ListConnections(bg, &ar.ListConnectionsInput{MaxResults: aws.Int32(1), NextToken: page.NextToken})
	if len(page.ConnectionSummaryList) != 1 || page.NextToken != nil {
		t.Fatalf("page 2 = %+v", page)
	}
	del, err := h.client.DeleteConnection(bg, &ar.DeleteConnectionInput{ConnectionArn: c.ConnectionArn})
	if err != nil || del.Connection.Status != artypes.ConnectionStatusDeleted {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	if _, err := h.client.DeleteConnection(bg, &ar.DeleteConnectionInput{ConnectionArn: c.ConnectionArn}); code(err) != "ResourceNotFoundException" {
		t.Fatalf("delete twice: %v", err)
	}
	if _, err := h.client.ListTagsForResource(bg, &ar.ListTagsForResourceInput{ResourceArn: c.ConnectionArn}); code(err) != "ResourceNotFoundException" {
		t.Fatalf("tags of a deleted connection: %v", err)
	}
}

func TestAutoScalingConfigurations(t *testing.T) {
	h := start(t, t.TempDir(), nil)
	mk := func(minSize int32) *artypes.AutoScalingConfiguration {
		t.Helper()
		out, err := h.client.CreateAutoScalingConfiguration(bg, &ar.CreateAutoScalingConfigurationInput{
			AutoScalingConfigurationName: aws.String("high-availability"), MinSize: aws.Int32(minSize), MaxSize: aws.Int32(5), MaxConcurrency: aws.Int32(50)})
		if err != nil {
			t.Fatal(err)
		}
		return out.AutoScalingConfiguration
	}
	r1 := mk(2)
	r2 := mk(3)
	if *r1.AutoScalingConfigurationRevision != 1 || *r2.AutoScalingConfigurationRevision != 2 || !*r2.Latest || *r2.MinSize != 3 || *r2.MaxConcurrency != 50 {
		t.Fatalf("revisions = %+v / %+v", r1, r2)
	}
	if !regexp.MustCompile(`^arn:aws:apprunner:us-east-1:000000000000:autoscalingconfiguration/high-availability/2/[0-9a-f]{32}$`).MatchString(*r2.AutoScalingConfigurationArn) {
		t.Fatalf("ARN = %s", *r2.AutoScalingConfigurationArn)
	}
	// Revision 1 is no longer the latest; the name-level ARN means the latest.
	d, err := h.client.DescribeAutoScalingConfiguration(bg, &ar.DescribeAutoScalingConfigurationInput{AutoScalingConfigurationArn: r1.AutoScalingConfigurationArn})
	if err != nil || *d.AutoScalingConfiguration.Latest {
		t.Fatalf("describe r1 = %+v, %v", d, err)
	}
	byName := "arn:aws:apprunner:us-east-1:000000000000:autoscalingconfiguration/high-availability"
	d, err = h.client.DescribeAutoScalingConfiguration(bg, &ar.DescribeAutoScalingConfigurationInput{AutoScalingConfigurationArn: aws.String(byName)})
	if err != nil || *d.AutoScalingConfiguration.AutoScalingConfigurationRevision != 2 {
		t.Fatalf("describe latest = %+v, %v", d, err)
	}
	list, err := h.client.ListAutoScalingConfigurations(bg, &ar.ListAutoScalingConfigurationsInput{LatestOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range list.AutoScalingConfigurationSummaryList {
		names = append(names, *s.AutoScalingConfigurationName)
	}
	if strings.Join(names, ",") != "DefaultConfiguration,high-availability" {
		t.Fatalf("latest only = %v", names)
	}
	for _, tc := range []struct {
		name string
		in   *ar.CreateAutoScalingConfigurationInput
	}{
		{"min over max", &ar.CreateAutoScalingConfigurationInput{AutoScalingConfigurationName: aws.String("bad-one"), MinSize: aws.Int32(5), MaxSize: aws.Int32(2)}},
		{"concurrency", &ar.CreateAutoScalingConfigurationInput{AutoScalingConfigurationName: aws.String("bad-one"), MaxConcurrency: aws.Int32(500)}},
		{"reserved name", &ar.CreateAutoScalingConfigurationInput{AutoScalingConfigurationName: aws.String("DefaultConfiguration")}},
	} {
		if _, err := h.client.CreateAutoScalingConfiguration(bg, tc.in); code(err) != "InvalidRequestException" {
			t.Errorf("%s: %v", tc.name, err)
		}
	}

	// MinSize is honoured: the service runs two instances of revision 1.
	conn := h.connection("github")
	repo := newGoRepo(t)
	in := goService("scaled-app", repo, conn)
	in.AutoScalingConfigurationArn = r1.AutoScalingConfigurationArn
	out, err := h.client.CreateService(bg, in)
	if err != nil {
		t.Fatal(err)
	}
	s := h.wait(*out.Service.ServiceArn)
	if s.Status != artypes.ServiceStatusRunning || s.AutoScalingConfigurationSummary.AutoScalingConfigurationRevision != 1 {
		t.Fatalf("service = %s %+v", s.Status, s.AutoScalingConfigurationSummary)
	}
	if n := len(h.api.Controller().Instances(*s.ServiceId)); n != 2 {
		t.Fatalf("%d instances, want MinSize 2", n)
	}
	_, err = h.client.DeleteAutoScalingConfiguration(bg, &ar.DeleteAutoScalingConfigurationInput{AutoScalingConfigurationArn: r1.AutoScalingConfigurationArn})
	if code(err) != "InvalidRequestException" {
		t.Fatalf("delete in use: %v", err)
	}
	del, err := h.client.DeleteAutoScalingConfiguration(bg, &ar.DeleteAutoScalingConfigurationInput{AutoScalingConfigurationArn: r2.AutoScalingConfigurationArn})
	if err != nil || del.AutoScalingConfiguration.Status != artypes.AutoScalingConfigurationStatusInactive || del.AutoScalingConfiguration.DeletedAt == nil {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	// With revision 2 gone, revision 1 is the latest again.
	d, _ = h.client.DescribeAutoScalingConfiguration(bg, &ar.DescribeAutoScalingConfigurationInput{AutoScalingConfigurationArn: aws.String(byName)})
	if *d.AutoScalingConfiguration.AutoScalingConfigurationRevision != 1 || !*d.AutoScalingConfiguration.Latest || !*d.AutoScalingConfiguration.HasAssociatedService {
		t.Fatalf("latest after delete = %+v", d.AutoScalingConfiguration)
	}
}

func newGoRepo(t *testing.T) string {
	return newRepoWith(t, nil)
}

func TestValidation(t *testing.T) {
	h := start(t, t.TempDir(), nil)
	conn := h.connection("github")
	repo := newGoRepo(t)
	cases := []struct {
		name string
		mod  func(*ar.CreateServiceInput)
		code string
		frag string
	}{
		{"image repository", func(in *ar.CreateServiceInput) {
			in.SourceConfiguration.CodeRepository = nil
			in.SourceConfiguration.ImageRepository = &artypes.ImageRepository{ImageIdentifier: aws.String("public.ecr.aws/x/y:latest"), ImageRepositoryType: artypes.ImageRepositoryTypeEcrPublic}
		}, "InvalidRequestException", "builds services from source only"},
		{"no connection", func(in *ar.CreateServiceInput) { in.SourceConfiguration.AuthenticationConfiguration = nil },
			"InvalidRequestException", "reachable only through a connection"},
		{"unknown connection", func(in *ar.CreateServiceInput) {
			in.SourceConfiguration.AuthenticationConfiguration.ConnectionArn = aws.String(conn[:len(conn)-32] + strings.Repeat("f", 32))
		}, "InvalidRequestException", "does not exist"},
		{"bad name", func(in *ar.CreateServiceInput) { in.ServiceName = aws.String("-bad") }, "InvalidRequestException", "ServiceName"},
		{"cpu memory combination", func(in *ar.CreateServiceInput) {
			in.InstanceConfiguration = &artypes.InstanceConfiguration{Cpu: aws.String("0.25 vCPU"), Memory: aws.String("4 GB")}
		}, "InvalidRequestException", "combination"},
		{"bad memory", func(in *ar.CreateServiceInput) {
			in.InstanceConfiguration = &artypes.InstanceConfiguration{Memory: aws.String("5 GB")}
		}, "InvalidRequestException", "Memory"},
		{"bad runtime", func(in *ar.CreateServiceInput) {
			in.SourceConfiguration.CodeRepository.CodeConfiguration.CodeConfigurationValues.Runtime = "COBOL_1"
		}, "InvalidRequestException", "Runtime"},
		{"no code configuration", func(in *ar.CreateServiceInput) { in.SourceConfiguration.CodeRepository.CodeConfiguration = nil },
			"InvalidRequestException", "CodeConfiguration"},
		{"source directory escapes", func(in *ar.CreateServiceInput) {
			in.SourceConfiguration.CodeRepository.SourceDirectory = aws.String("/../etc")
		}, "InvalidRequestException", "SourceDirectory"},
		{"bad port", func(in *ar.CreateServiceInput) {
			in.SourceConfiguration.CodeRepository.CodeConfiguration.CodeConfigurationValues.Port = aws.String("http")
		}, "InvalidRequestException", "Port"},
		{"health check interval", func(in *ar.CreateServiceInput) { in.HealthCheckConfiguration.Interval = aws.Int32(30) },
			"InvalidRequestException", "Interval"},
		{"unknown auto scaling", func(in *ar.CreateServiceInput) {
			in.AutoScalingConfigurationArn = aws.String("arn:aws:apprunner:us-east-1:000000000000:autoscalingconfiguration/nope/1/" + strings.Repeat("0", 32))
		}, "ResourceNotFoundException", "not found"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := goService("validation-app", repo, conn)
			c.mod(in)
			_, err := h.client.CreateService(bg, in)
			if code(err) != c.code || !strings.Contains(err.Error(), c.frag) {
				t.Fatalf("err = %v, want %s with %q", err, c.code, c.frag)
			}
		})
	}
	missing := "arn:aws:apprunner:us-east-1:000000000000:service/nope/" + strings.Repeat("0", 32)
	if _, err := h.client.DescribeService(bg, &ar.DescribeServiceInput{ServiceArn: aws.String(missing)}); code(err) != "ResourceNotFoundException" {
		t.Fatalf("describe missing: %v", err)
	}
	if _, err := h.client.StartDeployment(bg, &ar.StartDeploymentInput{ServiceArn: aws.String(missing)}); code(err) != "ResourceNotFoundException" {
		t.Fatalf("deploy missing: %v", err)
	}
	if _, err := h.client.ListOperations(bg, &ar.ListOperationsInput{ServiceArn: aws.String(missing)}); code(err) != "ResourceNotFoundException" {
		t.Fatalf("operations of missing: %v", err)
	}
	if _, err := h.client.TagResource(bg, &ar.TagResourceInput{ResourceArn: aws.String(missing), Tags: []artypes.Tag{}}); code(err) != "ResourceNotFoundException" {
		t.Fatalf("tag missing: %v", err)
	}
}

func TestTags(t *testing.T) {
	h := start(t, t.TempDir(), nil)
	conn := h.connection("github")
	arn := aws.String(conn)
	_, err := h.client.TagResource(bg, &ar.TagResourceInput{ResourceArn: arn, Tags: []artypes.Tag{
		{Key: aws.String("b"), Value: aws.String("2")}, {Key: aws.String("a"), Value: aws.String("1")}}})
	if err != nil {
		t.Fatal(err)
	}
	h.client.TagResource(bg, &ar.TagResourceInput{ResourceArn: arn, Tags: []artypes.Tag{{Key: aws.String("a"), Value: aws.String("one")}}})
	if _, err := h.client.UntagResource(bg, &ar.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"b", "missing"}}); err != nil {
		t.Fatal(err)
	}
	out, err := h.client.ListTagsForResource(bg, &ar.ListTagsForResourceInput{ResourceArn: arn})
	if err != nil || len(out.Tags) != 1 || *out.Tags[0].Key != "a" || *out.Tags[0].Value != "one" {
		t.Fatalf("tags = %+v, %v", out, err)
	}
	many := make([]artypes.Tag, 51)
	for i := range many {
		many[i] = artypes.Tag{Key: aws.String(strings.Repeat("k", i+1)), Value: aws.String("v")}
	}
	if _, err := h.client.TagResource(bg, &ar.TagResourceInput{ResourceArn: arn, Tags: many}); code(err) != "InvalidRequestException" {
		t.Fatalf("51 tags: %v", err)
	}
	if _, err := h.client.TagResource(bg, &ar.TagResourceInput{ResourceArn: aws.String("arn:aws:s3:::bucket"), Tags: []artypes.Tag{}}); code(err) != "InvalidRequestException" {
		t.Fatalf("foreign ARN: %v", err)
	}
}
