package checks

import (
	"context"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
)

// runGofmt lists Go files gofmt would change and fails when there are any
// (gofmt -l); with -w in args it also rewrites them, as a fixer.
func runGofmt(ctx context.Context, rc *runContext, h *Hook, files []string) outcome {
	gofmt, ok := lookTool(rc.opts.Tools.Gofmt, "gofmt")
	if !ok {
		return outcome{code: 1, out: "gofmt is not installed; install Go or remove the hook\n"}
	}
	args := h.Args
	if !slices.Contains(args, "-l") {
		args = append([]string{"-l"}, args...)
	}
	o := rc.command(ctx, gofmt, args, files)
	if strings.TrimSpace(o.out) != "" && o.code == 0 {
		o.code = 1
	}
	return o
}

// runGoVet runs go vet on the packages (directories) of the matched files.
func runGoVet(ctx context.Context, rc *runContext, h *Hook, files []string) outcome {
	goTool, ok := lookTool(rc.opts.Tools.Go, "go")
	if !ok {
		return outcome{code: 1, out: "go is not installed; install Go or remove the hook\n"}
	}
	pkgs := packageDirs(files)
	return rc.command(ctx, goTool, append([]string{"vet"}, h.Args...), pkgs)
}

// packageDirs maps Go files to the sorted, unique "./dir" patterns of
// their packages.
func packageDirs(files []string) []string {
	var dirs []string
	for _, f := range files {
		d := path.Dir(f)
		if d == "." {
			dirs = append(dirs, ".")
		} else {
			dirs = append(dirs, "./"+d)
		}
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

// runBlack runs the installed black formatter. Black rewrites files and
// exits 0; the hook fails because files changed, as under pre-commit.
func runBlack(ctx context.Context, rc *runContext, h *Hook, files []string) outcome {
	black, ok := lookTool(rc.opts.Tools.Black, "black")
	if !ok {
		return outcome{code: 1, out: "black is not installed; install it (pip install black) or remove the hook\n"}
	}
	return rc.command(ctx, black, h.Args, files)
}

// runCfnLint runs the installed cfn-lint; pre-commit fails on any non-zero
// exit (cfn-lint ORs 2 for errors, 4 for warnings, 8 for informational).
// Without cfn-lint it falls back to Options.TemplateLinter.
func runCfnLint(ctx context.Context, rc *runContext, h *Hook, files []string) outcome {
	if cfnLint, ok := lookTool(rc.opts.Tools.CfnLint, "cfn-lint"); ok {
		return cachedCommand(ctx, rc, cfnLint, h.Args, files)
	}
	if rc.opts.TemplateLinter == nil {
		return outcome{code: 1, out: "cfn-lint is not installed and no template linter is configured; install it (pip install cfn-lint) or remove the hook\n"}
	}
	var o outcome
	var out strings.Builder
	for _, name := range files {
		body, err := os.ReadFile(rc.path(name))
		if err != nil {
			fmt.Fprintf(&out, "%s: %v\n", name, err)
			o.code |= 2
			continue
		}
		for _, f := range rc.opts.TemplateLinter(name, body) {
			o.code |= severityBit(f)
			fmt.Fprintf(&out, "%s %s\n%s:%d:%d\n\n", f.Rule, f.Message, name, max(f.Line, 1), max(f.Column, 1))
		}
	}
	o.out = out.String()
	return o
}

// severityBit is cfn-lint's exit code bit for a finding.
func severityBit(f Finding) int {
	sev := strings.ToLower(f.Severity)
	if sev == "" && f.Rule != "" {
		sev = map[byte]string{'E': "error", 'W': "warning", 'I': "informational"}[f.Rule[0]]
	}
	switch sev {
	case "warning":
		return 4
	case "informational", "info":
		return 8
	default:
		return 2
	}
}
