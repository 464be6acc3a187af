package template

import (
	"fmt"
	"strings"
	"testing"
)

// generatedTemplate builds a template of n resources: chains and fan-ins of
// Ref, Fn::GetAtt, Fn::Sub and DependsOn, some behind conditions, so that
// validation, conditions and ordering all have work to do.
func generatedTemplate(n int) []byte {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Env: {Type: String, Default: prod, AllowedValues: [dev, prod]}\n")
	b.WriteString("Conditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  R%d:\n", i)
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub '${AWS::StackName}-t%d'\n", i)
			if i >= 4 {
				fmt.Fprintf(&b, "      DisplayName: !GetAtt R%d.QueueName\n", i-3)
			}
		case 1:
			fmt.Fprintf(&b, "    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Join ['-', [q, !Ref R%d, !Ref Env]]\n", i-1)
			fmt.Fprintf(&b, "      DelaySeconds: %d\n      Tags:\n        - {Key: idx, Value: '%d'}\n", i%900, i)
		case 2:
			fmt.Fprintf(&b, "    Type: AWS::S3::Bucket\n    DependsOn: [R%d, R%d]\n    Properties:\n", i-1, i-2)
			fmt.Fprintf(&b, "      BucketName: !If [IsProd, !Sub '${R%d}-${R%d.TopicArn}', !Ref AWS::NoValue]\n", i-1, i-2)
		case 3:
			fmt.Fprintf(&b, "    Type: AWS::Logs::LogGroup\n    Condition: IsProd\n    Properties:\n      LogGroupName: !Sub '/berth/${R%d}'\n      RetentionInDays: 7\n", i-1)
		}
	}
	b.WriteString("Outputs:\n  First:\n    Value: !GetAtt R0.TopicArn\n    Export: {Name: !Sub '${AWS::StackName}-first'}\n")
	return []byte(b.String())
}

// BenchmarkValidatePlan500 measures what an engine does before creating a
// 500-resource stack: validate against the registry, evaluate conditions and
// compute the creation levels (target: well under 50 ms).
func BenchmarkValidatePlan500(b *testing.B) {
	body := generatedTemplate(500)
	reg := loadTestRegistry(b)
	tmpl, err := Parse(body)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := tmpl.Validate(reg); err != nil {
			b.Fatal(err)
		}
		pv, err := tmpl.ResolveParameters(nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		ev, err := tmpl.NewEvaluator(Inputs{Parameters: pv})
		if err != nil {
			b.Fatal(err)
		}
		levels, err := ev.Dependencies().Levels()
		if err != nil || len(levels) < 2 {
			b.Fatalf("levels %d, %v", len(levels), err)
		}
	}
}

// BenchmarkParse500 measures parsing the same template.
func BenchmarkParse500(b *testing.B) {
	body := generatedTemplate(500)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(body); err != nil {
			b.Fatal(err)
		}
	}
}
