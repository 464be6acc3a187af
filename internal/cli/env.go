package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/berth-dev/berth/internal/credfile"
	"github.com/berth-dev/berth/internal/server"
)

func init() {
	register(&command{
		name:    "env",
		summary: "print the export lines that point the AWS CLI or any SDK at this berth",
		example: "eval \"$(berth env)\" && aws sts get-caller-identity",
		run:     runEnv,
	})
}

func runEnv(e *env, args []string) error {
	fs := newFlagSet(e, commands["env"])
	endpoint := fs.String("endpoint", envOr("BERTH_ENDPOINT", "http://127.0.0.1:4566"), "berth API endpoint (BERTH_ENDPOINT)")
	data := fs.String("data", server.DefaultDataDir(), "data dir (BERTH_HOME)")
	region := fs.String("region", envOr("BERTH_REGION", "us-east-1"), "region (BERTH_REGION)")
	output := fs.String("output", "shell", "shell or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	creds, err := filepath.Abs(filepath.Join(*data, "credentials"))
	if err != nil {
		return err
	}
	vars := [][2]string{
		{"AWS_ENDPOINT_URL", *endpoint},
		{"AWS_SHARED_CREDENTIALS_FILE", creds},
		{"AWS_PROFILE", credfile.Profile},
		{"AWS_DEFAULT_REGION", *region},
		{"AWS_REGION", *region},
	}
	switch *output {
	case "shell":
		for _, v := range vars {
			fmt.Fprintf(e.stdout, "export %s=%s\n", v[0], shellQuote(v[1]))
		}
	case "json":
		m := map[string]string{}
		for _, v := range vars {
			m[v[0]] = v[1]
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	default:
		return usagef("berth env --output json", "unknown --output %q (want shell or json)", *output)
	}
	return nil
}

// shellQuote quotes s for POSIX shells when it needs it.
func shellQuote(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '.' || r == ':' || r == '-' || r == '_') {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
