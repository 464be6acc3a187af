package cli

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/berth-dev/berth/internal/cloudformation/lint"
	"github.com/berth-dev/berth/internal/cloudformation/providers"
)

func init() {
	register(&command{
		name:    "lint",
		summary: "check CloudFormation templates: validation, unused parameters, secrets, IAM wildcards (exit 1 on errors)",
		example: "berth lint aws/app-template.yaml",
		run:     runLint,
	})
}

func runLint(e *env, args []string) error {
	fs := newFlagSet(e, commands["lint"])
	output := fs.String("output", "text", "text or json")
	quiet := fs.Bool("q", false, "print errors only")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("berth lint aws/app-template.yaml", "want at least one template file")
	}
	reg := providers.Builtin()
	failed := false
	all := map[string][]lint.Finding{}
	for _, path := range fs.Args() {
		body, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fs := lint.Template(body, reg)
		all[path] = fs
		failed = failed || lint.HasErrors(fs)
		if *output == "text" {
			for _, f := range fs {
				if *quiet && f.Severity != lint.Error {
					continue
				}
				fmt.Fprintf(e.stdout, "%s:%s\n", path, f)
			}
		}
	}
	if *output == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			return err
		}
	} else if *output != "text" {
		return usagef("berth lint --output json FILE", "unknown --output %q", *output)
	}
	if failed {
		return &exitError{code: 1}
	}
	return nil
}
