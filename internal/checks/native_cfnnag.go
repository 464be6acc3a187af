package checks

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/berth-dev/berth/internal/checks/cfnnag"
)

var cfnNagSpec = argSpec{
	flags: map[string]string{
		"--input-path": "input", "--fail-on-warnings": "fail-on-warnings",
		"--no-allow-suppression": "no-suppression", "--allow-suppression": "suppression",
		"--print-suppression": "print-suppression", "--debug": "debug",
		"--output-format": "output-format", "--template-pattern": "pattern",
	},
	takes: map[string]bool{"output-format": true, "pattern": true},
}

// runCfnNag scans templates with berth's cfn_nag rules (package cfnnag).
// Like cfn_nag_scan it exits with the number of failures (warnings too
// with --fail-on-warnings), so warnings alone pass; a template that does
// not parse is a FATAL failure.
func runCfnNag(_ context.Context, rc *runContext, h *Hook, files []string) outcome {
	a, bad := parseHookArgs(h, cfnNagSpec)
	if bad != nil {
		return *bad
	}
	if f := a.value("output-format", "txt"); f != "txt" {
		return outcome{code: 2, out: fmt.Sprintf("%s: berth supports --output-format txt only (got %q)\n", h.ID, f)}
	}
	opts := cfnnag.Options{NoSuppression: a.set["no-suppression"]}
	total := 0
	var out strings.Builder
	for _, name := range append(files, a.rest...) {
		body, err := os.ReadFile(rc.path(name))
		var rep *cfnnag.Report
		if err == nil {
			rep, err = cfnnag.Scan(body, opts)
		}
		if err != nil {
			rep = cfnnag.FatalReport(err)
		}
		out.WriteString(rep.Render(name))
		total += rep.Failures()
		if a.set["fail-on-warnings"] {
			total += rep.Warnings()
		}
	}
	return outcome{code: min(total, 255), out: out.String()}
}
