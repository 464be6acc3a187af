package checks

import (
	"context"
	"io"
	"testing"
)

// BenchmarkRunSeedNative runs the seed config's native hooks (all but
// black and cfn-lint, which are external programs) on a copy of the seed:
// the cost berth adds to a pipeline run.
func BenchmarkRunSeedNative(b *testing.B) {
	dir := b.TempDir()
	gitT(b, dir, "init", "-q")
	for _, rel := range []string{"app", "aws", ".github", ".pre-commit-config.yaml"} {
		copyTree(b, seedDir, dir, rel)
	}
	gitT(b, dir, "add", "-A")
	cfg, err := ParseConfig(DefaultConfigName, []byte(`repos:
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v2.3.0
  hooks:
  - {id: check-yaml, exclude: aws/.*}
  - id: end-of-file-fixer
  - id: trailing-whitespace
- repo: https://github.com/AleksaC/mirrors-cfn-nag
  rev: v0.6.13
  hooks:
  - {id: cfn-nag, files: 'aws/.*\.(json|yml|yaml)$'}
`))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		results, err := Run(context.Background(), cfg, Options{Dir: dir, AllFiles: true, Stdout: io.Discard})
		if err != nil || !Passed(results) {
			b.Fatalf("run failed: %v %+v", err, results)
		}
	}
}
