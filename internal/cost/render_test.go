package cost

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestRenderGolden")

// TestRenderGolden renders estimates as a table and as JSON and compares
// them with testdata/NAME.table.golden and testdata/NAME.json.golden; run
// with -update after a deliberate change of the output.
func TestRenderGolden(t *testing.T) {
	cases := []struct {
		name, template, region string
		profile                Profile
	}{
		{"seed", "../../testdata/seed/aws/app-template.yaml", "us-east-1", DefaultProfile()},
		{"scaled", "testdata/scaled.yaml", "eu-west-1",
			Profile{RequestsPerSecond: 30, ActiveHoursPerDay: 11, LatencyMS: 2000, DeploysPerMonth: 10, BuildMinutesPerDeploy: 3}},
		{"unknown-region", "../../testdata/seed/aws/app-template.yaml", "ap-northeast-1",
			Profile{RequestsPerSecond: 0, ActiveHoursPerDay: 24}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, err := os.ReadFile(c.template)
			if err != nil {
				t.Fatal(err)
			}
			tp, err := ReadTemplate(body, Options{Region: c.region})
			if err != nil {
				t.Fatal(err)
			}
			r, err := Estimate(tp, c.profile, Published, c.region)
			if err != nil {
				t.Fatal(err)
			}
			var table bytes.Buffer
			if err := r.WriteTable(&table); err != nil {
				t.Fatal(err)
			}
			js, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", c.name+".table.golden"), table.Bytes())
			golden(t, filepath.Join("testdata", c.name+".json.golden"), append(js, '\n'))
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
