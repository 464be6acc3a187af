package cli

import (
	"context"
	"path/filepath"
	"time"

	"github.com/berth-dev/berth/internal/demo"
)

func init() {
	register(&command{
		name:    "init",
		summary: "create a demo repository from the example app (app/, aws/, platform/, workflow, pre-commit) with one commit on main",
		example: "berth init my-app && cd my-app && berth up",
		run:     runInit,
	})
}

func runInit(e *env, args []string) error {
	fs := newFlagSet(e, commands["init"])
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("berth init my-app", "want one directory")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := demo.Init(ctx, pos[0]); err != nil {
		return err
	}
	abs, _ := filepath.Abs(pos[0])
	e.printf("created %s: a git repository with the example app on main\nnext: berth up %s\n", abs, pos[0])
	return nil
}
