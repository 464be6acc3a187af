package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestBuildError(t *testing.T) {
	err := fmt.Errorf("process: build svc: %w", &BuildError{
		Step: "build command",
		Err:  context.DeadlineExceeded,
		Tail: []string{"compiling", "boom"},
	})
	if !errors.Is(err, ErrBuildFailed) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("errors.Is does not see ErrBuildFailed and the cause: %v", err)
	}
	var be *BuildError
	if !errors.As(err, &be) || len(be.Tail) != 2 {
		t.Fatalf("errors.As(*BuildError) failed: %v", err)
	}
	want := "build failed: build command: context deadline exceeded; last output:\ncompiling\nboom"
	if !strings.HasSuffix(err.Error(), want) {
		t.Errorf("Error() = %q; want suffix %q", err.Error(), want)
	}
	if !errors.Is(&BuildError{}, ErrBuildFailed) {
		t.Error("a BuildError without cause must still match ErrBuildFailed")
	}
}
