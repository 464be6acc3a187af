package checks

import (
	"slices"
	"strings"
	"testing"
)

const hooksHead = "repos:\n- repo: https://github.com/pre-commit/pre-commit-hooks\n  rev: v4.6.0\n  hooks:\n"

// hookCase runs one config on a fresh repository with --all-files and
// checks the single hook's result and the files afterwards.
type hookCase struct {
	name     string
	hooks    string // entries under hooks: of pre-commit-hooks
	files    map[string]string
	status   Status
	modified []string
	output   []string          // substrings of the hook's output
	after    map[string]string // file contents after the run
}

func TestNativeHooks(t *testing.T) {
	tests := []hookCase{
		// trailing-whitespace
		{name: "trailing whitespace fixed", hooks: "  - id: trailing-whitespace\n",
			files:  map[string]string{"app/main.py": "x = 1   \ny = 2\t\n", "app/ok.py": "ok\n"},
			status: StatusFailed, modified: []string{"app/main.py"}, output: []string{"Fixing app/main.py"},
			after: map[string]string{"app/main.py": "x = 1\ny = 2\n", "app/ok.py": "ok\n"}},
		{name: "trailing whitespace clean", hooks: "  - id: trailing-whitespace\n",
			files: map[string]string{"a.txt": "a\n  b\n"}, status: StatusPassed},
		{name: "trailing whitespace crlf kept", hooks: "  - id: trailing-whitespace\n",
			files: map[string]string{"a.txt": "a\t \r\nb\r\nc "}, status: StatusFailed, modified: []string{"a.txt"},
			after: map[string]string{"a.txt": "a\r\nb\r\nc"}},
		{name: "markdown linebreaks", hooks: "  - id: trailing-whitespace\n    args: [--markdown-linebreak-ext=md]\n",
			files:  map[string]string{"a.md": "keep  \n   \ntrim \nthree   \n", "b.txt": "x  \n"},
			status: StatusFailed, modified: []string{"a.md", "b.txt"},
			after: map[string]string{"a.md": "keep  \n\ntrim\nthree  \n", "b.txt": "x\n"}},
		{name: "markdown star", hooks: "  - id: trailing-whitespace\n    args: ['--markdown-linebreak-ext=*']\n",
			files: map[string]string{"b.txt": "x  \n"}, status: StatusPassed},
		{name: "chars", hooks: "  - id: trailing-whitespace\n    args: [--chars, ' ']\n",
			files: map[string]string{"a.txt": "a\t \n"}, status: StatusFailed, after: map[string]string{"a.txt": "a\t\n"}},
		{name: "binary skipped", hooks: "  - id: trailing-whitespace\n",
			files: map[string]string{"img.png": "\x89PNG  \n", "blob": "\x00\x01  \n"}, status: StatusSkipped},
		{name: "bad args", hooks: "  - id: trailing-whitespace\n    args: [--bogus]\n",
			files: map[string]string{"a.txt": "a\n"}, status: StatusFailed, output: []string{"trailing-whitespace: error: unrecognized arguments: --bogus"}},
		// end-of-file-fixer
		{name: "eof missing newline", hooks: "  - id: end-of-file-fixer\n",
			files:  map[string]string{"a.txt": "a", "b.txt": "b\n\n\n", "c.txt": "\n\n", "d.txt": "", "e.txt": "e\r\n\r\n", "f.txt": "f\n"},
			status: StatusFailed, modified: []string{"a.txt", "b.txt", "c.txt", "e.txt"},
			output: []string{"Fixing a.txt", "Fixing b.txt", "Fixing c.txt", "Fixing e.txt"},
			after:  map[string]string{"a.txt": "a\n", "b.txt": "b\n", "c.txt": "", "d.txt": "", "e.txt": "e\r\n", "f.txt": "f\n"}},
		{name: "eof clean", hooks: "  - id: end-of-file-fixer\n",
			files: map[string]string{"a.txt": "a\n", "b.txt": ""}, status: StatusPassed},
		// check-yaml
		{name: "yaml ok", hooks: "  - id: check-yaml\n",
			files: map[string]string{"a.yaml": "a: [1, 2]\nb: {c: d}\n", "e.yml": "---\nx: 1\n"}, status: StatusPassed},
		{name: "yaml syntax", hooks: "  - id: check-yaml\n",
			files: map[string]string{"a.yaml": "a: [1, 2\n"}, status: StatusFailed, output: []string{`in "a.yaml", line`}},
		{name: "yaml cloudformation tag", hooks: "  - id: check-yaml\n",
			files:  map[string]string{"aws/t.yaml": "Resources:\n  X:\n    Properties:\n      Name: !Ref Foo\n"},
			status: StatusFailed, output: []string{"could not determine a constructor for the tag '!Ref'\n  in \"aws/t.yaml\", line 4, column 13"}},
		{name: "yaml aws excluded", hooks: "  - id: check-yaml\n    exclude: aws/.*\n",
			files: map[string]string{"aws/t.yaml": "Name: !Ref Foo\n"}, status: StatusSkipped},
		{name: "yaml unsafe", hooks: "  - id: check-yaml\n    args: [--unsafe]\n",
			files: map[string]string{"t.yaml": "Name: !Ref Foo\n---\nb: 1\n"}, status: StatusPassed},
		{name: "yaml multi refused", hooks: "  - id: check-yaml\n",
			files: map[string]string{"t.yaml": "a: 1\n---\nb: 1\n"}, status: StatusFailed, output: []string{"expected a single document in the stream"}},
		{name: "yaml multi allowed", hooks: "  - id: check-yaml\n    args: [--allow-multiple-documents]\n",
			files: map[string]string{"t.yaml": "a: 1\n---\nb: 1\n"}, status: StatusPassed},
		{name: "yaml duplicate key", hooks: "  - id: check-yaml\n",
			files: map[string]string{"t.yaml": "a: 1\nb: 2\na: 3\n"}, status: StatusFailed, output: []string{`found duplicate key "a"`, "line 3, column 1"}},
		// check-json
		{name: "json ok", hooks: "  - id: check-json\n",
			files: map[string]string{"a.json": "{\"a\": [1, 2.5, null, true]}\n", "b.json": "\xef\xbb\xbf[]"}, status: StatusPassed},
		{name: "json duplicate", hooks: "  - id: check-json\n",
			files: map[string]string{"a.json": "{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}"}, status: StatusFailed,
			output: []string{"a.json: Failed to json decode (Duplicate key: c)"}},
		{name: "json invalid", hooks: "  - id: check-json\n",
			files: map[string]string{"a.json": "{\n  \"a\": 1,\n}\n"}, status: StatusFailed, output: []string{"a.json: Failed to json decode (", "line 3 column 1"}},
		{name: "json empty", hooks: "  - id: check-json\n",
			files: map[string]string{"a.json": ""}, status: StatusFailed, output: []string{"Expecting value: line 1 column 1 (char 0)"}},
		{name: "json extra", hooks: "  - id: check-json\n",
			files: map[string]string{"a.json": "{} {}"}, status: StatusFailed, output: []string{"Extra data"}},
		// mixed-line-ending
		{name: "mixed auto", hooks: "  - id: mixed-line-ending\n",
			files:  map[string]string{"a.txt": "a\r\nb\nc\n", "b.txt": "a\r\nb\r\n"},
			status: StatusFailed, modified: []string{"a.txt"}, output: []string{"a.txt: fixed mixed line endings"},
			after: map[string]string{"a.txt": "a\nb\nc\n", "b.txt": "a\r\nb\r\n"}},
		{name: "mixed tie prefers lf", hooks: "  - id: mixed-line-ending\n",
			files: map[string]string{"a.txt": "a\r\nb\n"}, status: StatusFailed, after: map[string]string{"a.txt": "a\nb\n"}},
		{name: "mixed no", hooks: "  - id: mixed-line-ending\n    args: [--fix=no]\n",
			files: map[string]string{"a.txt": "a\r\nb\n"}, status: StatusFailed, output: []string{"a.txt: mixed line endings"},
			after: map[string]string{"a.txt": "a\r\nb\n"}},
		{name: "mixed force crlf", hooks: "  - id: mixed-line-ending\n    args: [--fix, crlf]\n",
			files: map[string]string{"a.txt": "a\nb\n", "b.txt": "x\r\n"}, status: StatusFailed, modified: []string{"a.txt"},
			after: map[string]string{"a.txt": "a\r\nb\r\n", "b.txt": "x\r\n"}},
		{name: "mixed bad choice", hooks: "  - id: mixed-line-ending\n    args: [--fix=mac]\n",
			files: map[string]string{"a.txt": "a\n"}, status: StatusFailed, output: []string{"invalid choice: 'mac'"}},
		// check-merge-conflict
		{name: "conflict assumed", hooks: "  - id: check-merge-conflict\n    args: [--assume-in-merge]\n",
			files:  map[string]string{"a.txt": "<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> b\n"},
			status: StatusFailed, output: []string{"a.txt:1: Merge conflict string '<<<<<<<' found", "a.txt:3: Merge conflict string '=======' found", "a.txt:5: Merge conflict string '>>>>>>>' found"}},
		{name: "conflict outside merge", hooks: "  - id: check-merge-conflict\n",
			files: map[string]string{"a.txt": "<<<<<<< HEAD\n"}, status: StatusPassed},
		// detect-private-key
		{name: "private key", hooks: "  - id: detect-private-key\n",
			files:  map[string]string{"key.pem": "-----BEGIN RSA PRIVATE KEY-----\nabc\n", "pub.pem": "-----BEGIN PUBLIC KEY-----\n"},
			status: StatusFailed, output: []string{"Private key found: key.pem"}},
		// check-added-large-files
		{name: "large added", hooks: "  - id: check-added-large-files\n    args: [--maxkb=1]\n",
			files: map[string]string{"big.txt": strings.Repeat("x", 2000), "small.txt": "x"}, status: StatusFailed, output: []string{"big.txt (2 KB) exceeds 1 KB."}},
		{name: "large under default", hooks: "  - id: check-added-large-files\n",
			files: map[string]string{"big.txt": strings.Repeat("x", 2000)}, status: StatusPassed},
		// check-case-conflict
		{name: "case conflict", hooks: "  - id: check-case-conflict\n",
			files:  map[string]string{"README.md": "a\n", "readme.md": "b\n", "Dir/a": "", "dir/b": ""},
			status: StatusFailed, output: []string{"Case-insensitivity conflict found: Dir\n", "Case-insensitivity conflict found: README.md", "Case-insensitivity conflict found: readme.md"}},
		{name: "no case conflict", hooks: "  - id: check-case-conflict\n",
			files: map[string]string{"a/README.md": "a\n", "b/readme.md": "b\n"}, status: StatusPassed},
		// selection
		{name: "files regex", hooks: "  - id: check-json\n    files: ^config/\n",
			files: map[string]string{"config/a.json": "{}", "other/b.json": "{"}, status: StatusPassed},
		{name: "exclude regex", hooks: "  - id: check-json\n    exclude: (?x)^(\n        other/.*|\n        x\\.json\n      )$\n",
			files: map[string]string{"config/a.json": "{}", "other/b.json": "{", "x.json": "{"}, status: StatusPassed},
		{name: "types override", hooks: "  - id: check-json\n    types: [text]\n    files: \\.jsonc$\n",
			files: map[string]string{"a.jsonc": "{"}, status: StatusFailed},
		{name: "exclude types", hooks: "  - id: trailing-whitespace\n    exclude_types: [markdown]\n",
			files: map[string]string{"a.md": "x  \n"}, status: StatusSkipped},
		{name: "types_or", hooks: "  - id: trailing-whitespace\n    types_or: [python, go]\n",
			files: map[string]string{"a.md": "x  \n", "b.go": "package b  \n"}, status: StatusFailed, modified: []string{"b.go"}},
		// unknown hook
		{name: "unknown hook", hooks: "  - id: no-such-hook\n",
			files: map[string]string{"a.txt": "a\n"}, status: StatusFailed,
			output: []string{"berth does not implement hook no-such-hook (from https://github.com/pre-commit/pre-commit-hooks); supported: black, cfn-lint, "}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := newRepo(t, tc.files)
			results, report := runConfig(t, dir, hooksHead+tc.hooks, Options{AllFiles: true})
			if len(results) != 1 {
				t.Fatalf("%d results\n%s", len(results), report)
			}
			r := results[0]
			if r.Status != tc.status {
				t.Errorf("status %v, want %v\n%s", r.Status, tc.status, report)
			}
			if tc.modified != nil && !slices.Equal(r.Modified, tc.modified) {
				t.Errorf("modified %v, want %v", r.Modified, tc.modified)
			}
			for _, want := range tc.output {
				if !strings.Contains(r.Output, want) {
					t.Errorf("output:\n%s\nmissing %q", r.Output, want)
				}
			}
			for name, want := range tc.after {
				if got := readFile(t, dir, name); got != want {
					t.Errorf("%s after run = %q, want %q", name, got, want)
				}
			}
		})
	}
}
