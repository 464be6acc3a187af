package checks

import (
	"slices"
	"strconv"
	"strings"
)

// manifestHook is what a hook repository's .pre-commit-hooks.yaml says about
// a hook berth runs natively: its defaults, and berth's implementation.
type manifestHook struct {
	// name is the current display name; legacyName the one used before
	// pre-commit-hooks v4.1.0 lowercased them (empty: same as name).
	name, legacyName string
	files            string
	types, typesOr   []string
	args             []string
	stages           []string
	alwaysRun        bool
	noFilenames      bool
	verbose          bool
	external         bool
	run              runner
}

// commitStages are the stages pre-commit-hooks gives its fixers.
var commitStages = []string{"pre-commit", "pre-push", "manual"}

// manifest maps hook ids to their native implementations. Hooks are found
// by id whatever the repository URL or rev, so forks and mirrors work.
var manifest = map[string]manifestHook{
	// github.com/pre-commit/pre-commit-hooks
	"check-yaml":        {name: "check yaml", legacyName: "Check Yaml", types: []string{"yaml"}, run: runCheckYAML},
	"check-json":        {name: "check json", legacyName: "Check JSON", types: []string{"json"}, run: runCheckJSON},
	"end-of-file-fixer": {name: "fix end of files", legacyName: "Fix End of Files", types: []string{"text"}, stages: commitStages, run: runEndOfFileFixer},
	"trailing-whitespace": {name: "trim trailing whitespace", legacyName: "Trim Trailing Whitespace",
		types: []string{"text"}, stages: commitStages, run: runTrailingWhitespace},
	"check-merge-conflict": {name: "check for merge conflicts", legacyName: "Check for merge conflicts",
		types: []string{"text"}, run: runCheckMergeConflict},
	"mixed-line-ending":  {name: "mixed line ending", legacyName: "Mixed line ending", types: []string{"text"}, run: runMixedLineEnding},
	"detect-private-key": {name: "detect private key", legacyName: "Detect Private Key", types: []string{"text"}, run: runDetectPrivateKey},
	"check-added-large-files": {name: "check for added large files", legacyName: "Check for added large files",
		stages: commitStages, run: runCheckAddedLargeFiles},
	"check-case-conflict": {name: "check for case conflicts", legacyName: "Check for case conflicts", run: runCheckCaseConflict},
	"check-executables-have-shebangs": {name: "check that executables have shebangs",
		legacyName: "Check that executables have shebangs", types: []string{"text", "executable"}, stages: commitStages,
		run: runCheckShebangs},
	"forbid-submodules": {name: "forbid submodules", types: []string{"directory"},
		run: failRunner("submodules are not allowed in this repository:")},
	"check-illegal-windows-names": {name: "check illegal windows names",
		files: `(?i)((^|/)(CON|PRN|AUX|NUL|COM[\d¹²³]|LPT[\d¹²³])(\.|/|$)|[<>:\"\\|?*\x00-\x1F]|/[^/]*[\.\s]/|[^/]*[\.\s]$)`,
		run:   failRunner("Illegal Windows filenames detected")},

	// github.com/psf/black
	"black": {name: "black", typesOr: []string{"python", "pyi"}, run: runBlack, external: true},

	// github.com/aws-cloudformation/cfn-lint (formerly cfn-python-lint)
	"cfn-python-lint": {name: "AWS CloudFormation Linter", files: `\.(json|yaml|yml)$`, run: runCfnLint, external: true},
	"cfn-lint":        {name: "AWS CloudFormation Linter", files: `\.(json|yaml|yml)$`, run: runCfnLint, external: true},

	// github.com/AleksaC/mirrors-cfn-nag (and stelligent/cfn_nag)
	"cfn-nag": {name: "cfn-nag", files: `\.(json|yaml|yml|template)$`, args: []string{"--input-path"}, run: runCfnNag},

	// github.com/dnephin/pre-commit-golang and similar
	"go-fmt": {name: "go fmt", files: `\.go$`, run: runGofmt, external: true},
	"gofmt":  {name: "gofmt", files: `\.go$`, run: runGofmt, external: true},
	"go-vet": {name: "go vet", files: `\.go$`, run: runGoVet, external: true},
}

// metaManifest holds the hooks of `repo: meta`.
var metaManifest = map[string]manifestHook{
	"check-hooks-apply": {name: "Check hooks apply to the repository", files: `^\.pre-commit-config\.yaml$`,
		run: runCheckHooksApply},
	"check-useless-excludes": {name: "Check for useless excludes", files: `^\.pre-commit-config\.yaml$`,
		run: runCheckUselessExcludes},
	"identity": {name: "identity", verbose: true, run: runIdentity},
}

// SupportedHooks lists the hook ids berth implements, sorted, for messages
// and docs.
func SupportedHooks() []string {
	ids := make([]string, 0, len(manifest))
	for id := range manifest {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// apply fills the keys the config left unset with the manifest's defaults.
func (m manifestHook) apply(h *Hook, set hookSet, rev string) {
	if !set["name"] {
		h.Name = m.name
		if m.legacyName != "" && revBefore(rev, 4, 1) {
			h.Name = m.legacyName
		}
	}
	if !set["files"] {
		h.Files = m.files
	}
	if !set["types"] {
		h.Types = m.types
		if len(h.Types) == 0 {
			h.Types = []string{"file"}
		}
	}
	if !set["types_or"] {
		h.TypesOr = m.typesOr
	}
	if !set["args"] {
		h.Args = m.args
	}
	if !set["stages"] {
		h.Stages = m.stages
	}
	if !set["always_run"] {
		h.AlwaysRun = m.alwaysRun
	}
	if !set["pass_filenames"] {
		h.PassFilenames = !m.noFilenames
	}
	if !set["verbose"] {
		h.Verbose = m.verbose
	}
	h.run = m.run
	h.external = m.external
}

// revBefore reports whether rev is a version tag (v1.2.3 or 1.2.3) older
// than major.minor. Anything else (a sha, a branch) counts as current.
func revBefore(rev string, major, minor int) bool {
	parts := strings.Split(strings.TrimPrefix(rev, "v"), ".")
	if len(parts) < 2 {
		return false
	}
	maj, err1 := strconv.Atoi(parts[0])
	mnr, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return maj < major || (maj == major && mnr < minor)
}
