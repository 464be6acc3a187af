// Package cli implements berth's command line, one file per subcommand.
// Flags come first, BERTH_* environment variables second.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	example string
	run     func(e *env, args []string) error
}

// env is what a command runs with.
type env struct {
	stdout, stderr io.Writer
}

// usageError is a mistake on the command line; it prints with a hint.
type usageError struct {
	msg  string
	hint string
}

func (u *usageError) Error() string { return u.msg }

func usagef(hint, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), hint: hint}
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// Execute runs berth with args (without the program name) and returns the
// process exit code.
func Execute(args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printHelp(stdout)
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "berth: unknown command %q\ntry: berth --help\n", args[0])
		return 2
	}
	err := c.run(e, args[1:])
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var u *usageError
	if errors.As(err, &u) {
		fmt.Fprintf(stderr, "berth %s: %s\n", c.name, u.msg)
		if u.hint != "" {
			fmt.Fprintf(stderr, "try: %s\n", u.hint)
		}
		return 2
	}
	var ex *exitError
	if errors.As(err, &ex) {
		if ex.msg != "" {
			fmt.Fprintln(stderr, ex.msg)
		}
		return ex.code
	}
	fmt.Fprintf(stderr, "berth %s: %v\n", c.name, err)
	return 1
}

// exitError ends a command with a code and an optional message.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "berth — App Runner-compatible platform with AWS APIs (STS, IAM, CloudFormation, App Runner, Logs, CloudTrail)")
	fmt.Fprintln(w, "\nUsage: berth COMMAND [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nExample:\n  berth server --listen 127.0.0.1:4566 --data ./data")
	fmt.Fprintln(w, "\nRun 'berth COMMAND --help' for a command's flags and an example.")
}

// newFlagSet returns a flag set whose usage shows the command's example.
func newFlagSet(e *env, c *command) *flag.FlagSet {
	fs := flag.NewFlagSet("berth "+c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "berth %s — %s\n\nFlags:\n", c.name, c.summary)
		fs.PrintDefaults()
		if c.example != "" {
			fmt.Fprintf(e.stderr, "\nExample:\n  %s\n", strings.ReplaceAll(c.example, "\n", "\n  "))
		}
	}
	return fs
}

// envOr returns the BERTH_* variable name's value, or def.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func (e *env) printf(format string, args ...any) { fmt.Fprintf(e.stdout, format, args...) }

// parseInterleaved parses flags that may come before or after positional
// arguments ("berth pipeline logs 3 --endpoint X") and returns the
// positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
