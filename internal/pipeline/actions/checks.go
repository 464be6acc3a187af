package actions

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/berth-dev/berth/internal/checks"
)

// NativeChecker runs pre-commit hooks with berth's native implementations
// (package checks); it is the default Checker.
type NativeChecker struct {
	// TemplateLinter lints CloudFormation templates when the cfn-lint
	// program is not installed (berth lint); nil leaves it to package checks.
	TemplateLinter func(path string, body []byte) []checks.Finding
}

var _ Checker = NativeChecker{}

// Check implements Checker.
func (c NativeChecker) Check(ctx context.Context, req CheckRequest) (bool, error) {
	cfg, err := checks.LoadConfig(filepath.Join(req.Dir, checks.DefaultConfigName))
	if err != nil {
		return false, err
	}
	results, err := checks.Run(ctx, cfg, checks.Options{
		Dir: req.Dir, Files: req.Files, AllFiles: req.AllFiles, HookID: req.Hook,
		ShowDiffOnFailure: true, Stdout: req.Out, TemplateLinter: c.TemplateLinter,
	})
	if err != nil {
		return false, fmt.Errorf("run hooks: %w", err)
	}
	return checks.Passed(results), nil
}
