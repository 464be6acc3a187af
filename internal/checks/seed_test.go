package checks

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const seedDir = "../../testdata/seed"

// seedRepo copies the seed's app/, aws/ and config into a fresh repo.
func seedRepo(t *testing.T) (string, *Config) {
	t.Helper()
	dir := newRepo(t, nil)
	copyTree(t, seedDir, dir, "app")
	copyTree(t, seedDir, dir, "aws")
	copyTree(t, seedDir, dir, ".pre-commit-config.yaml")
	gitT(t, dir, "add", "-A")
	cfg, err := LoadConfig(filepath.Join(dir, DefaultConfigName))
	if err != nil {
		t.Fatal(err)
	}
	return dir, cfg
}

func TestSeedConfigPasses(t *testing.T) {
	dir, cfg := seedRepo(t)
	if _, err := exec.LookPath("cfn-lint"); err != nil {
		t.Skip("cfn-lint not installed")
	}
	var out strings.Builder
	results, err := Run(t.Context(), cfg, Options{Dir: dir, AllFiles: true, Stdout: &out})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", out.String())
	if !Passed(results) {
		t.Fatalf("seed config failed:\n%s", out.String())
	}
	want := map[string]Status{
		"check-yaml": StatusPassed, "end-of-file-fixer": StatusPassed, "trailing-whitespace": StatusPassed,
		"black": StatusSkipped, "cfn-python-lint": StatusPassed, "cfn-nag": StatusPassed,
	}
	for _, r := range results {
		if want[r.HookID] != r.Status {
			t.Errorf("%s: status %v, want %v", r.HookID, r.Status, want[r.HookID])
		}
	}
	if len(results) != len(want) {
		t.Errorf("got %d results, want %d", len(results), len(want))
	}
}
