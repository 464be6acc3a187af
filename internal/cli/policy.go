package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/berth-dev/berth/internal/audit"
	"github.com/berth-dev/berth/internal/server"
	"github.com/berth-dev/berth/internal/store"
)

func init() {
	register(&command{
		name:    "policy",
		summary: "derive a least-privilege policy for a role from the audit trail",
		example: "berth policy suggest --role github-access --since 24h",
		run:     runPolicy,
	})
}

func runPolicy(e *env, args []string) error {
	if len(args) == 0 || args[0] != "suggest" {
		return usagef("berth policy suggest --role NAME", "missing subcommand: suggest")
	}
	c := &command{name: "policy suggest", summary: "print an IAM policy granting exactly what sessions of a role used",
		example: "berth policy suggest --role github-access --since 24h"}
	fs := newFlagSet(e, c)
	role := fs.String("role", "", "role name (required)")
	since := fs.Duration("since", 0, "only calls newer than this (e.g. 24h); 0 means all")
	data := fs.String("data", server.DefaultDataDir(), "data dir (BERTH_HOME)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *role == "" {
		return usagef("berth policy suggest --role github-access", "--role is required")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := store.Open(ctx, filepath.Join(*data, "berth.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	var from time.Time
	if *since > 0 {
		from = time.Now().Add(-*since)
	}
	s, err := audit.NewTrail(st, nil).Suggest(ctx, *role, from)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, s.Policy)
	fmt.Fprintf(e.stderr, "# from %d calls by sessions of role %s\n", s.Calls, *role)
	for _, a := range s.Denied {
		fmt.Fprintf(e.stderr, "# denied and not granted: %s\n", a)
	}
	return nil
}
