package actions

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// InstallAWSCLI is unfor19/install-aws-cli-action@v1. berth does not
// download anything: when `aws` is on the step's PATH the action succeeds
// and reports the version found; otherwise it fails, saying how to install
// the CLI. The version, arch, rootdir and workdir inputs are accepted and
// not enforced (a different installed version is reported, not replaced).
type InstallAWSCLI struct{}

// Run implements Action.
func (InstallAWSCLI) Run(ctx context.Context, inv *Invocation) error {
	path := lookPath("aws", inv.Env["PATH"])
	if path == "" {
		return fmt.Errorf("unfor19/install-aws-cli-action: the AWS CLI is not installed on this machine and berth does not download it; install it (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html) and run again")
	}
	cmd := exec.CommandContext(ctx, path, "--version")
	out, err := cmd.CombinedOutput()
	version := strings.TrimSpace(string(out))
	if err != nil {
		version = "unknown version: " + err.Error()
	}
	inv.Logf("AWS CLI already installed at %s (%s); nothing to install", path, version)
	if want := inv.Input("version", ""); want != "" && want != "2" && !strings.Contains(version, "aws-cli/"+want) {
		inv.Warningf("version %s was requested; berth uses the installed CLI (%s)", want, version)
	}
	return nil
}

// lookPath finds an executable in a PATH list (the step's, not berth's).
func lookPath(file, pathList string) string {
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, file)
		if isExecutable(p) {
			return p
		}
	}
	return ""
}
