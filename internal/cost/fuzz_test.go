package cost

import (
	"errors"
	"os"
	"testing"
)

// FuzzReadTemplate checks that no template makes ReadTemplate or Estimate
// panic, and that every failure wraps one of the package's sentinels.
func FuzzReadTemplate(f *testing.F) {
	if seed, err := os.ReadFile("../../testdata/seed/aws/app-template.yaml"); err == nil {
		f.Add(seed)
	}
	if scaled, err := os.ReadFile("testdata/scaled.yaml"); err == nil {
		f.Add(scaled)
	}
	f.Add([]byte(service("      InstanceConfiguration: {Cpu: 1024, Memory: '2 GB'}\n      AutoScalingConfigurationArn: !Ref Scaling\n", asc)))
	f.Add([]byte(`{"Resources":{"S":{"Type":"AWS::AppRunner::Service","Properties":{"InstanceConfiguration":{"Cpu":[1]}}}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		tp, err := ReadTemplate(body, Options{})
		if err != nil {
			if !errors.Is(err, ErrTemplate) && !errors.Is(err, ErrNoServices) && !errors.Is(err, ErrInstanceSize) && !errors.Is(err, ErrScaling) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		if _, err := Estimate(tp, DefaultProfile(), Published, "us-east-1"); err != nil {
			t.Fatalf("estimate of a readable template: %v", err)
		}
	})
}
