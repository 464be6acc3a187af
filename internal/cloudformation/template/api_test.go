package template

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func mustParse(t *testing.T, body string) *Template {
	t.Helper()
	tmpl, err := Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}

func TestErrorKinds(t *testing.T) {
	reg := loadTestRegistry(t)
	cases := []struct {
		name string
		body string
		kind error
	}{
		{"format", "Resources: {}", ErrFormat},
		{"template", "Resources:\n  A: {Type: AWS::SNS::Topic, Properties: {DisplayName: !Select [5, [a]]}}\n", ErrTemplate},
		{"parameter", "Parameters:\n  P: {Type: String}\nResources:\n  A: {Type: AWS::SNS::Topic}\n", ErrParameter},
		{"properties", "Resources:\n  A: {Type: AWS::SNS::Topic, Properties: {Nope: 1}}\n", ErrProperties},
		{"circular", "Resources:\n  A: {Type: AWS::SNS::Topic, DependsOn: A}\n", ErrCircular},
		{"transform", "Transform: AWS::Serverless-2016-10-31\nResources:\n  A: {Type: AWS::SNS::Topic}\n", ErrUnsupported},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runStack([]byte(tc.body), nil, goldenContext{}, reg)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("error %v is not %v", err, tc.kind)
			}
		})
	}
}

func TestCheckReportsEveryProblemWithLines(t *testing.T) {
	tmpl := mustParse(t, `Resources:
  A:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: !GetAtt Nope.Arn
      Extra: 1
  B:
    Type: AWS::Foo::Bar
Outputs:
  O:
    Value: !Ref Missing
`)
	errs := tmpl.Check(loadTestRegistry(t))
	var got []string
	for _, e := range errs {
		got = append(got, e.Message+" @"+itoa(e.Line))
	}
	want := []string{
		"Template error: instance of Fn::GetAtt references undefined resource Nope @5",
		"Template format error: Unresolved resource dependencies [Missing] in the Outputs block of the template @11",
		"Template format error: Unrecognized resource types: [AWS::Foo::Bar] @8",
		"Properties validation failed for resource A with message: #: extraneous key [Extra] is not permitted @4",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

func TestPosition(t *testing.T) {
	tmpl := mustParse(t, `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - Key: a
          Value: !Sub '${AWS::Region}'
`)
	cases := map[string]Pos{
		"/Resources/Bucket":                                        {2, 3},
		"/Resources/Bucket/Properties/Tags":                        {5, 7},
		"/Resources/Bucket/Properties/Tags/0":                      {6, 11},
		"/Resources/Bucket/Properties/Tags/0/Value":                {7, 11},
		"/Resources/Bucket/Properties/Tags/0/Value/Fn::Sub":        {7, 18},
		"/Resources/Bucket/Properties/Tags/0/Value/Fn::Sub/deeper": {7, 18},
	}
	for path, want := range cases {
		if got, ok := tmpl.Position(path); !ok || got != want {
			t.Errorf("Position(%s) = %v, %v; want %v", path, got, ok, want)
		}
	}
	if got := tmpl.Line("/Resources/Nope/Properties"); got != 1 {
		t.Errorf("Line of an unknown path = %d, want the nearest known ancestor's (1)", got)
	}
}

func TestGraph(t *testing.T) {
	tmpl := mustParse(t, `Resources:
  C: {Type: AWS::SNS::Topic, Properties: {DisplayName: !Join ['', [!Ref A, !GetAtt B.TopicName]]}}
  A: {Type: AWS::SNS::Topic}
  B: {Type: AWS::SNS::Topic, DependsOn: A}
`)
	g := tmpl.Dependencies()
	if got := g.Nodes(); !reflect.DeepEqual(got, []string{"C", "A", "B"}) {
		t.Fatalf("Nodes = %v", got)
	}
	if got := g.DependsOn("C"); !reflect.DeepEqual(got, []string{"A", "B"}) {
		t.Fatalf("DependsOn(C) = %v", got)
	}
	if got := g.Dependents("A"); !reflect.DeepEqual(got, []string{"C", "B"}) {
		t.Fatalf("Dependents(A) = %v", got)
	}
	levels, err := g.Levels()
	if err != nil || !reflect.DeepEqual(levels, [][]string{{"A"}, {"B"}, {"C"}}) {
		t.Fatalf("Levels = %v, %v", levels, err)
	}
}

func TestStaticDependenciesCountBothBranches(t *testing.T) {
	tmpl := mustParse(t, `Conditions:
  C: !Equals [a, b]
Resources:
  A: {Type: AWS::SNS::Topic, Properties: {DisplayName: !If [C, !Ref B, !Ref D]}}
  B: {Type: AWS::SNS::Topic}
  D: {Type: AWS::SNS::Topic}
`)
	if got := tmpl.Dependencies().DependsOn("A"); !reflect.DeepEqual(got, []string{"B", "D"}) {
		t.Fatalf("static deps = %v", got)
	}
	ev, err := tmpl.NewEvaluator(Inputs{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ev.Dependencies().DependsOn("A"); !reflect.DeepEqual(got, []string{"D"}) {
		t.Fatalf("evaluated deps = %v", got)
	}
}

func TestPropertiesBeforeDependencyExists(t *testing.T) {
	tmpl := mustParse(t, `Resources:
  Topic: {Type: AWS::SNS::Topic}
  Queue: {Type: AWS::SQS::Queue, Properties: {QueueName: !Ref Topic}}
`)
	ev, err := tmpl.NewEvaluator(Inputs{Resolver: &StaticResolver{}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ev.Properties("Queue")
	var te *Error
	if !errors.As(err, &te) || te.Message != "Template error: reference Topic not ready" || te.Line != 3 {
		t.Fatalf("got %#v", err)
	}
	if _, err := ev.Properties("Nope"); err == nil {
		t.Fatal("want an error for an unknown resource")
	}
}

func TestResolverFailuresAreWrapped(t *testing.T) {
	tmpl := mustParse(t, "Resources:\n  A: {Type: AWS::SNS::Topic, Properties: {DisplayName: !ImportValue x}}\n")
	ev, err := tmpl.NewEvaluator(Inputs{Resolver: &failingResolver{}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ev.Properties("A")
	if err == nil || !strings.Contains(err.Error(), "template: resolve Fn::ImportValue x: store offline") {
		t.Fatalf("got %v", err)
	}
}

type failingResolver struct{ StaticResolver }

func (*failingResolver) ImportValue(string) (string, error) { return "", errors.New("store offline") }

func TestMaskedParameters(t *testing.T) {
	tmpl := mustParse(t, `Parameters:
  Secret: {Type: 'AWS::SSM::Parameter::Value<String>', NoEcho: true}
  Plain: {Type: String}
Resources:
  A: {Type: AWS::SNS::Topic}
`)
	ssm := (&StaticResolver{SSM: map[string]string{"/db/password": "s3cret"}}).SSMParameter
	pv, err := tmpl.ResolveParameters(map[string]string{"Secret": "/db/password", "Plain": "p"}, ssm)
	if err != nil {
		t.Fatal(err)
	}
	want := []ParameterValue{
		{Key: "Secret", Type: "AWS::SSM::Parameter::Value<String>", Value: Mask, ResolvedValue: Mask, NoEcho: true},
		{Key: "Plain", Type: "String", Value: "p"},
	}
	if got := pv.Masked(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Masked = %+v", got)
	}
	if v, _ := pv.Get("Secret"); v.ResolvedValue != "s3cret" || v.Value != "/db/password" {
		t.Fatalf("Get = %+v", v)
	}
	if v, _ := pv.Ref("Secret"); v != "s3cret" {
		t.Fatalf("Ref = %v", v)
	}
}

func TestReplacementPathsAndCoerce(t *testing.T) {
	s := &Schema{
		Properties: map[string]*Property{
			"Name": {Type: TypeString}, "Size": {Type: TypeInteger}, "Ratio": {Type: TypeNumber},
			"On": {Type: TypeBoolean}, "Nested": {Type: TypeObject, Properties: map[string]*Property{"Id": {Type: TypeString}}},
			"Ports": {Type: TypeList, Items: &Property{Type: TypeInteger}},
		},
		CreateOnly: []string{"/properties/Name", "/properties/Nested/Id"},
	}
	old := map[string]any{"Name": "a", "Nested": map[string]any{"Id": "x"}, "Size": "1"}
	cur := map[string]any{"Name": "a", "Nested": map[string]any{"Id": "y"}, "Size": "2"}
	if got := s.ReplacementPaths(old, cur); !reflect.DeepEqual(got, []string{"/properties/Nested/Id"}) {
		t.Fatalf("ReplacementPaths = %v", got)
	}
	got := s.Coerce(map[string]any{"Name": jsonNumber("7"), "Size": "3", "Ratio": ".5", "On": "TRUE",
		"Nested": map[string]any{"Id": true}, "Ports": []any{"80", "x"}, "Other": "kept"})
	want := map[string]any{"Name": "7", "Size": jsonNumber("3"), "Ratio": jsonNumber("0.5"), "On": true,
		"Nested": map[string]any{"Id": "true"}, "Ports": []any{jsonNumber("80"), "x"}, "Other": "kept"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Coerce = %#v", got)
	}
}

func TestCidr(t *testing.T) {
	cases := []struct {
		block       string
		count, bits int
		want        []any
		err         string
	}{
		{"10.0.0.0/16", 2, 8, []any{"10.0.0.0/24", "10.0.1.0/24"}, ""},
		{"10.0.0.0/24", 1, 8, []any{"10.0.0.0/24"}, ""},
		{"10.0.0.0/24", 256, 0, nil, "Template error: Fn::Cidr cidrBits 0 does not fit in 10.0.0.0/24"},
		{"10.0.0.0/24", 2, 9, nil, "Template error: Fn::Cidr cidrBits 9 does not fit in 10.0.0.0/24"},
		{"fd00::/7", 2, 120, []any{"fc00::/8", "fd00::/8"}, ""},
		{"::/0", 2, 64, []any{"::/64", "0:0:0:1::/64"}, ""},
		{"10.0.0.0/8", 257, 8, nil, "Template error: Fn::Cidr count must be between 1 and 256, got 257"},
	}
	for _, tc := range cases {
		got, err := cidr(tc.block, tc.count, tc.bits)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("cidr(%s,%d,%d) error = %v, want %s", tc.block, tc.count, tc.bits, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("cidr(%s,%d,%d) = %v, %v; want %v", tc.block, tc.count, tc.bits, got, err, tc.want)
		}
	}
}

func TestParseSub(t *testing.T) {
	cases := []struct {
		in   string
		want []subPart
		err  bool
	}{
		{"plain", []subPart{{text: "plain"}}, false},
		{"${A}", []subPart{{text: "A", isVar: true}}, false},
		{"a${B.C}d", []subPart{{text: "a"}, {text: "B.C", isVar: true}, {text: "d"}}, false},
		{"${!Lit}${AWS::Region}", []subPart{{text: "${Lit}"}, {text: "AWS::Region", isVar: true}}, false},
		{"$${X}", []subPart{{text: "$"}, {text: "X", isVar: true}}, false},
		{"${open", []subPart{{text: "${open"}}, false},
		{"${!", []subPart{{text: "${"}}, false},
		{"${a-b}", nil, true},
		{"", nil, false},
	}
	for _, tc := range cases {
		got, err := parseSub(tc.in)
		if (err != nil) != tc.err || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseSub(%q) = %#v, %v", tc.in, got, err)
		}
	}
}

func TestStaticResolverDefaults(t *testing.T) {
	r := &StaticResolver{}
	if z, _ := r.AZs("eu-west-1"); !reflect.DeepEqual(z, []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}) {
		t.Fatalf("AZs = %v", z)
	}
	for _, err := range []error{
		func() error { _, err := r.PhysicalID("x"); return err }(),
		func() error { _, err := r.Attribute("x", "y"); return err }(),
		func() error { _, err := r.ImportValue("x"); return err }(),
		func() error { _, err := r.SSMParameter("x"); return err }(),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("%v is not ErrNotFound", err)
		}
	}
}

func jsonNumber(s string) any { return json.Number(s) }

func itoa(i int) string { return strconv.Itoa(i) }
