package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/uuid"
)

// shellCommand returns the argv that runs script with shell as GitHub's
// runner does, after writing the script to a file in dir:
//
//	(unspecified)  bash -e {0}                                (sh -e {0} without bash)
//	bash           bash --noprofile --norc -eo pipefail {0}
//	sh             sh -e {0}
//	python         python {0}
//	other          the given command line; {0} is the script (appended if absent)
//
// pwsh, powershell and cmd are not available on berth's runner.
func shellCommand(shell, script, dir, pathEnv string) ([]string, error) {
	var argv []string
	ext := ".sh"
	switch strings.TrimSpace(shell) {
	case "":
		if p := lookPathIn("bash", pathEnv); p != "" {
			argv = []string{p, "-e", "{0}"}
		} else {
			argv = []string{"sh", "-e", "{0}"}
		}
	case "bash":
		argv = []string{"bash", "--noprofile", "--norc", "-eo", "pipefail", "{0}"}
	case "sh":
		argv = []string{"sh", "-e", "{0}"}
	case "python":
		py := "python"
		if lookPathIn(py, pathEnv) == "" && lookPathIn("python3", pathEnv) != "" {
			py = "python3"
		}
		argv, ext = []string{py, "{0}"}, ".py"
	case "pwsh", "powershell", "cmd":
		return nil, fmt.Errorf("%w: shell: %s is not available on berth's runner (use bash, sh, python or a command line with {0})", ErrUnsupported, shell)
	default:
		argv = strings.Fields(shell)
		if !strings.Contains(shell, "{0}") {
			argv = append(argv, "{0}")
		}
		ext = ""
	}
	file := filepath.Join(dir, uuid.NewString()+ext)
	if err := os.WriteFile(file, []byte(script), 0o700); err != nil {
		return nil, fmt.Errorf("runner: write script: %w", err)
	}
	for i, a := range argv {
		argv[i] = strings.ReplaceAll(a, "{0}", file)
	}
	if p := lookPathIn(argv[0], pathEnv); p != "" {
		argv[0] = p
	}
	return argv, nil
}

// lookPathIn finds file in a PATH list; names with a slash are returned
// when executable.
func lookPathIn(file, pathEnv string) string {
	if strings.Contains(file, "/") {
		if isExecutable(file) {
			return file
		}
		return ""
	}
	for _, dir := range filepath.SplitList(pathEnv) {
		if dir == "" {
			continue
		}
		if p := filepath.Join(dir, file); isExecutable(p) {
			return p
		}
	}
	return ""
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// environ flattens an environment map for exec.Cmd.
func environ(env map[string]string) []string {
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}
