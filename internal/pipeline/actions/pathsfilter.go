package actions

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// NullSHA is the `before` of a push that created its branch.
const NullSHA = "0000000000000000000000000000000000000000"

// PathsFilter is dorny/paths-filter@v2-v3 for push and workflow_dispatch
// events, computing changes with git in the workspace:
//   - `base` given: a commit SHA (or the pushed branch itself, meaning the
//     event's before) is compared directly; another branch through its
//     merge base, as the real action does;
//   - otherwise the event's `before` commit; for the first push of a branch
//     (before is 40 zeros) or an event without one (workflow_dispatch),
//     berth uses the commit of the last successful run of this workflow —
//     a local pipeline has no remote default branch to compare with — and
//     when there is none, every file counts as added.
//
// Inputs: filters (YAML, or a path to a YAML file), base, ref,
// working-directory, list-files (none, csv, json, shell, escape),
// predicate-quantifier (some, every). Change-type rules (added/modified)
// are not supported and fail the step. Outputs: <filter> 'true'/'false',
// <filter>_count, <filter>_files (unless list-files is none) and changes
// (JSON list of the filters that matched, in declaration order).
type PathsFilter struct{}

// Run implements Action.
func (PathsFilter) Run(ctx context.Context, inv *Invocation) error {
	raw, err := inv.Required("filters")
	if err != nil {
		return err
	}
	dir := inv.Workspace
	if wd := inv.Input("working-directory", ""); wd != "" {
		dir = filepath.Join(inv.Workspace, wd)
	}
	// A single line without ':' names a file, as the action decides.
	if !strings.Contains(raw, "\n") && !strings.Contains(raw, ":") {
		b, err := os.ReadFile(filepath.Join(dir, raw))
		if err != nil {
			return fmt.Errorf("%w: filters: cannot read %s: %v", ErrInput, raw, err)
		}
		raw = string(b)
	}
	filters, err := workflow.ParseFilters(raw)
	if err != nil {
		return fmt.Errorf("paths-filter: %w", err)
	}
	order := filterOrder(raw, filters)
	every := false
	switch q := inv.Input("predicate-quantifier", "some"); q {
	case "some":
	case "every":
		every = true
	default:
		return fmt.Errorf("%w: predicate-quantifier %q must be 'some' or 'every'", ErrInput, q)
	}
	listFiles := inv.Input("list-files", "none")
	if !map[string]bool{"none": true, "csv": true, "json": true, "shell": true, "escape": true}[listFiles] {
		return fmt.Errorf("%w: list-files %q must be none, csv, json, shell or escape", ErrInput, listFiles)
	}

	files, err := changedFiles(ctx, inv, dir)
	if err != nil {
		return err
	}
	inv.Logf("Detected %d changed files", len(files))
	inv.Logf("Results:")
	var changes []string
	for _, name := range order {
		matched := matchingFiles(filters[name], files, every)
		val := strconv.FormatBool(len(matched) > 0)
		inv.Logf("Filter %s = %s", name, val)
		for _, f := range matched {
			inv.Logf("  %s", f)
		}
		if len(matched) > 0 {
			changes = append(changes, name)
		}
		inv.Commands.SetOutput(name, val)
		inv.Commands.SetOutput(name+"_count", strconv.Itoa(len(matched)))
		if listFiles != "none" {
			inv.Commands.SetOutput(name+"_files", formatFiles(matched, listFiles))
		}
	}
	if changes == nil {
		changes = []string{}
	}
	b, _ := json.Marshal(changes)
	inv.Commands.SetOutput("changes", string(b))
	return nil
}

// changedFiles lists the files changed by the run, or every file when
// there is nothing to compare with (nil base).
func changedFiles(ctx context.Context, inv *Invocation, dir string) ([]string, error) {
	head := inv.Event.SHA
	if r := inv.Input("ref", ""); r != "" {
		head = r
	}
	base := inv.Input("base", "")
	branch := strings.TrimPrefix(inv.Event.Ref, "refs/heads/")
	switch {
	case base != "" && base != branch && !isSHA(base):
		inv.Logf("Changes will be detected between %s and %s (merge base)", base, head)
		return gitLines(ctx, dir, "diff", "--no-renames", "--name-only", base+"..."+head)
	case base != "" && isSHA(base):
	default:
		base = inv.Event.Before
	}
	if base == "" || base == NullSHA {
		base = ""
		if inv.LastSuccessfulCommit != nil {
			c, err := inv.LastSuccessfulCommit(ctx)
			if err != nil {
				return nil, fmt.Errorf("paths-filter: last successful run: %w", err)
			}
			if c != "" {
				if _, err := git(ctx, dir, "cat-file", "-e", c+"^{commit}"); err == nil {
					base = c
					inv.Logf("No previous commit in the event: changes will be detected against the last successful run's commit %s", c)
				}
			}
		}
	}
	if base == "" {
		inv.Logf("Initial push detected - all files will be listed as added")
		return gitLines(ctx, dir, "ls-tree", "-r", "--name-only", head)
	}
	inv.Logf("Changes will be detected between %s and %s", base, head)
	return gitLines(ctx, dir, "diff", "--no-renames", "--name-only", base, head)
}

var shaRE = regexp.MustCompile(`^[0-9a-fA-F]{40}$`)

func isSHA(s string) bool { return shaRE.MatchString(s) }

// matchingFiles returns the files matched by the filter's rules: any rule
// (some), or all of them (every).
func matchingFiles(patterns, files []string, every bool) []string {
	var out []string
	for _, f := range files {
		one := []string{f}
		ok := false
		if every {
			ok = len(patterns) > 0
			for _, p := range patterns {
				if !workflow.MatchFilter([]string{p}, one) {
					ok = false
					break
				}
			}
		} else {
			ok = workflow.MatchFilter(patterns, one)
		}
		if ok {
			out = append(out, f)
		}
	}
	return out
}

// filterOrder returns filter names in declaration order (the changes
// output keeps it), falling back to sorted names.
func filterOrder(raw string, filters map[string][]string) []string {
	var doc yaml.Node
	var out []string
	if yaml.Unmarshal([]byte(raw), &doc) == nil && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if _, ok := filters[m.Content[i].Value]; ok {
				out = append(out, m.Content[i].Value)
			}
		}
	}
	if len(out) == len(filters) {
		return out
	}
	out = out[:0]
	for k := range filters {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

// formatFiles renders a file list as list-files asks.
func formatFiles(files []string, format string) string {
	quoted := make([]string, len(files))
	switch format {
	case "json":
		if files == nil {
			files = []string{}
		}
		b, _ := json.Marshal(files)
		return string(b)
	case "csv":
		for i, f := range files {
			if strings.ContainsAny(f, "\",\n") {
				f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
			}
			quoted[i] = f
		}
		return strings.Join(quoted, ",")
	case "shell":
		for i, f := range files {
			quoted[i] = "'" + strings.ReplaceAll(f, "'", `'\''`) + "'"
		}
		return strings.Join(quoted, " ")
	default: // escape
		re := regexp.MustCompile(`([^a-zA-Z0-9,._+:@%/-])`)
		for i, f := range files {
			quoted[i] = re.ReplaceAllString(f, `\$1`)
		}
		return strings.Join(quoted, " ")
	}
}
