package checks

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadSeedConfig(t *testing.T) {
	cfg, err := LoadConfig(filepath.Join(seedDir, DefaultConfigName))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range cfg.Repos {
		for _, h := range r.Hooks {
			got = append(got, h.ID+"="+h.Name+"|"+h.Files+"|"+h.Exclude+"|"+strings.Join(h.Types, ","))
			if !h.Supported() {
				t.Errorf("hook %s not supported", h.ID)
			}
		}
	}
	want := []string{
		"check-yaml=Check Yaml||aws/.*|yaml",
		"end-of-file-fixer=Fix End of Files||^$|text",
		"trailing-whitespace=Trim Trailing Whitespace||^$|text",
		"black=black|app/.*.py|^$|file",
		`cfn-python-lint=AWS CloudFormation Linter|aws/.*\.(json|yml|yaml)$|^$|file`,
		`cfn-nag=cfn-nag|aws/.*\.(json|yml|yaml)$|^$|file`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("hooks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(cfg.Warnings) != 0 {
		t.Errorf("warnings: %v", cfg.Warnings)
	}
}

func TestHookNamesFollowRev(t *testing.T) {
	for rev, want := range map[string]string{"v2.3.0": "Trim Trailing Whitespace", "v4.0.1": "Trim Trailing Whitespace",
		"v4.1.0": "trim trailing whitespace", "v6.0.0": "trim trailing whitespace", "0123abc": "trim trailing whitespace"} {
		cfg, err := ParseConfig("c.yaml", []byte("repos:\n- repo: https://github.com/pre-commit/pre-commit-hooks\n  rev: "+rev+"\n  hooks:\n  - id: trailing-whitespace\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.Repos[0].Hooks[0].Name; got != want {
			t.Errorf("rev %s: name %q, want %q", rev, got, want)
		}
	}
}

func TestParseConfigErrors(t *testing.T) {
	const head = "repos:\n- repo: https://github.com/pre-commit/pre-commit-hooks\n  rev: v4.6.0\n  hooks:\n"
	tests := []struct {
		name, config, want string
	}{
		{"empty", "", "c.yaml: empty config"},
		{"not a mapping", "3\n", "c.yaml:1: expected a mapping"},
		{"no repos", "files: x\n", "c.yaml:1: missing required key: repos"},
		{"repos not list", "repos: 3\n", "c.yaml:1: repos: expected a list"},
		{"syntax", "repos:\n- repo: x\n  rev: 'unterminated\n", "c.yaml:3: found unexpected end of stream"},
		{"tab", "repos: []\n\tfiles: x\n", "c.yaml:2: found character that cannot start any token"},
		{"missing rev", "repos:\n- repo: https://x/y\n  hooks: []\n", "c.yaml:2: missing required key: rev"},
		{"missing hooks", "repos:\n- repo: local\n", "c.yaml:2: missing required key: hooks"},
		{"missing id", head + "  - name: x\n", "c.yaml:5: missing required key: id"},
		{"files list", head + "  - id: check-yaml\n    files: [a]\n", "c.yaml:6: files: expected a string"},
		{"bad bool", head + "  - id: check-yaml\n    always_run: yes\n", "c.yaml:6: always_run: expected true or false"},
		{"lookahead", head + "  - id: check-yaml\n    exclude: 'foo(?!bar)'\n", "c.yaml:6: exclude: unsupported regular expression: \"foo(?!bar)\" uses a negative lookahead"},
		{"bad regex", "repos: []\nfiles: '('\n", "c.yaml:2: files: invalid regular expression"},
		{"args not list", head + "  - id: check-yaml\n    args: --unsafe\n", "c.yaml:6: args: expected a list of strings"},
		{"duplicate key", head + "  - id: check-yaml\n    id: check-json\n", "c.yaml:6: duplicate key \"id\""},
		{"local without entry", "repos:\n- repo: local\n  hooks:\n  - id: x\n    name: x\n    language: system\n", "c.yaml:4: local hook x: missing required key: entry"},
		{"unknown meta", "repos:\n- repo: meta\n  hooks:\n  - id: nope\n", "c.yaml:4: meta hook nope does not exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig("c.yaml", []byte(tc.config))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("error %v does not wrap ErrInvalidConfig", err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error:\n%s\nwant prefix:\n%s", err, tc.want)
			}
		})
	}
}

func TestParseConfigWarnings(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte(`repos:
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v4.6.0
  hooks:
  - id: check-yaml
    colour: red
    types: [yaml, nosuchtag]
bogus: 1
ci: {autofix_prs: false}
`))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(cfg.Warnings, "\n")
	for _, want := range []string{
		`c.yaml:6: unexpected key "colour" on hook check-yaml`,
		`c.yaml:5: hook check-yaml: type tag "nosuchtag" is not recognized`,
		`c.yaml:8: unexpected key "bogus" at the root of the config`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings:\n%s\nmissing %q", got, want)
		}
	}
	if strings.Contains(got, `"ci"`) {
		t.Errorf("ci key warned about: %s", got)
	}
}

func TestParseConfigLegacyListAndDefaults(t *testing.T) {
	cfg, err := ParseConfig("c.yaml", []byte(`- repo: https://example.com/unknown-hooks
  rev: v1
  hooks:
  - id: frobnicate
- repo: local
  hooks:
  - id: lint
    name: Lint
    entry: ./lint.sh --strict
    language: script
    stages: [commit]
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Warnings) != 1 || !strings.Contains(cfg.Warnings[0], "deprecated") {
		t.Errorf("warnings: %v", cfg.Warnings)
	}
	unknown := cfg.Repos[0].Hooks[0]
	if unknown.Supported() || unknown.Name != "frobnicate" ||
		!strings.Contains(unknown.unsupported, "berth does not implement hook frobnicate (from https://example.com/unknown-hooks); supported: black, ") {
		t.Errorf("unknown hook: %+v", unknown)
	}
	local := cfg.Repos[1].Hooks[0]
	if !local.Supported() || local.Stages[0] != "pre-commit" || local.Types[0] != "file" || !local.PassFilenames || local.Exclude != "^$" {
		t.Errorf("local hook: %+v", local)
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	_, err := LoadConfig(filepath.Join(t.TempDir(), DefaultConfigName))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want not exist", err)
	}
}

func FuzzParseConfig(f *testing.F) {
	seed, err := os.ReadFile(filepath.Join(seedDir, DefaultConfigName))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte("repos:\n- repo: local\n  hooks:\n  - {id: x, name: x, entry: 'echo', language: pygrep, files: '(?x) a | b'}\n"))
	f.Add([]byte("- repo: meta\n  hooks: [{id: identity}]\nfail_fast: true\n"))
	f.Add([]byte("repos: [{repo: x, rev: 1, hooks: [{id: check-yaml, exclude: '(?<=a)b'}]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig("c.yaml", data)
		if err == nil && cfg == nil {
			t.Fatal("nil config without error")
		}
		if err != nil && !errors.Is(err, ErrInvalidConfig) {
			t.Fatalf("error %v does not wrap ErrInvalidConfig", err)
		}
	})
}
