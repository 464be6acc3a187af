package cli

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/berth-dev/berth/internal/demo"
	"github.com/berth-dev/berth/internal/up"
)

func init() {
	register(&command{
		name:    "up",
		summary: "run the whole system: platform, platform stack, demo repo, its pipeline, then deploy every commit on main",
		example: "berth up            # in an app repository, or creates ./berth-demo\nberth up ./my-app",
		run:     runUp,
	})
}

func runUp(e *env, args []string) error {
	cfg, parse := serverFlags(e, commands["up"])
	// serverFlags parses with its own flag set; positional DIR may follow.
	dir := ""
	var flagArgs []string
	for _, a := range args {
		if dir == "" && len(a) > 0 && a[0] != '-' && (len(flagArgs) == 0 || !needsValue(flagArgs[len(flagArgs)-1])) {
			dir = a
			continue
		}
		flagArgs = append(flagArgs, a)
	}
	if err := parse(flagArgs); err != nil {
		return err
	}
	if cfg.BuildCache == "" {
		cfg.BuildCache = hostBuildCache()
	}
	// Progress lines are the output; the server logs only warnings.
	cfg.Logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if dir == "" {
		dir = "."
		if !demo.IsRepo(ctx, ".") {
			dir = "berth-demo"
		}
	}
	out := e.stdout
	return up.Run(ctx, up.Options{Dir: dir, Server: *cfg, Out: out, Watch: true})
}

// needsValue reports whether a flag given without "=" takes the next
// argument as its value.
func needsValue(flag string) bool {
	switch flag {
	case "-v", "--v", "-oidc-upstream", "--oidc-upstream":
		return false
	}
	for i := 0; i < len(flag); i++ {
		if flag[i] == '=' {
			return false
		}
	}
	return true
}

// hostBuildCache lets `berth up` build with the developer's warm Go cache:
// the backend puts GOCACHE at <dir>/go-build, which is where `go env
// GOCACHE` usually is (~/.cache/go-build). Empty when it is elsewhere.
func hostBuildCache() string {
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		return ""
	}
	dir := strings.TrimSpace(string(out))
	if filepath.Base(dir) != "go-build" {
		return ""
	}
	return filepath.Dir(dir)
}
