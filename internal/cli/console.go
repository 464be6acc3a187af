package cli

import (
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/berthapi"
)

func init() {
	register(&command{
		name:    "console",
		summary: "print a one-time sign-in link to the web console (root credentials required)",
		example: "berth console\nberth console --open",
		run:     runConsole,
	})
}

func runConsole(e *env, args []string) error {
	fs := newFlagSet(e, commands["console"])
	var cf clientFlags
	cf.register(fs)
	open := fs.Bool("open", false, "also open the link in a browser (xdg-open)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("berth console --open", "unexpected argument %q", fs.Arg(0))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out berthapi.CreateConsoleSigninTokenOutput
	if err := cf.callBerth(ctx, "CreateConsoleSigninToken", &berthapi.CreateConsoleSigninTokenInput{}, &out); err != nil {
		return err
	}
	link := strings.TrimRight(cf.endpoint, "/") + "/console/signin?token=" + url.QueryEscape(out.Token)
	fmt.Fprintln(e.stdout, link)
	fmt.Fprintf(e.stderr, "The link signs in as root once, until %s.\n", out.Expiration.Local().Format("15:04:05"))
	if *open {
		// Best effort: a machine without a browser still has the link.
		if cmd := exec.Command("xdg-open", link); cmd.Start() == nil {
			cmd.Process.Release()
		}
	}
	return nil
}
