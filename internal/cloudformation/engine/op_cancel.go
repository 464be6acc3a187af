package engine

import (
	"context"
	"regexp"
	"sync"
)

// msgCannotCancel is AWS's answer to CancelUpdateStack on a stack that
// is not UPDATE_IN_PROGRESS.
const msgCannotCancel = "CancelUpdateStack cannot be called from current stack status"

// CancelInput is a CancelUpdateStack request.
type CancelInput struct {
	StackName          string
	ClientRequestToken string
}

// control is a running operation as requests about it see it. Wait
// waits for done; CancelUpdateStack stops an update through the rest.
type control struct {
	done chan struct{} // closed when the operation ends

	// mu orders a cancel against the update's start and against the
	// update's point of no return (run.cancelled).
	mu sync.Mutex
	// cancellable is set while an update may still be cancelled: from
	// its recording to the end of its resource phase.
	cancellable bool
	cancelled   bool
	token       string        // the cancel's ClientRequestToken
	halt        chan struct{} // closed by the cancel: start no more resources
}

func newControl() *control {
	return &control{done: make(chan struct{}), halt: make(chan struct{})}
}

// allowCancel opens the window in which the update can be cancelled.
func (c *control) allowCancel() {
	c.mu.Lock()
	c.cancellable = true
	c.mu.Unlock()
}

var tokenRE = regexp.MustCompile(`^[a-zA-Z0-9][-a-zA-Z0-9]*$`)

// CancelUpdateStack cancels the update of a stack in UPDATE_IN_PROGRESS:
// no further resource is started, those in flight finish, then the
// update rolls back as a failed one does, with "User Initiated" as its
// reason. The cancel is recorded (stack UPDATE_ROLLBACK_IN_PROGRESS and
// its event) before this returns, so a restart rolls back too.
func (e *Engine) CancelUpdateStack(ctx context.Context, in CancelInput) error {
	if t := in.ClientRequestToken; t != "" && (len(t) > 128 || !tokenRE.MatchString(t)) {
		return errValidation("1 validation error detected: Value '%s' at 'clientRequestToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*", t)
	}
	s, err := e.db.stack(ctx, in.StackName)
	if err != nil {
		return err
	}
	if s.Status != StackUpdateInProgress {
		return errValidation(msgCannotCancel)
	}
	c := e.runningOn(s.ID)
	if c == nil {
		return e.cancelIdle(ctx, s, in.ClientRequestToken)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.cancellable || c.cancelled {
		return errValidation(msgCannotCancel)
	}
	// Nothing else writes the stack record while the update is
	// cancellable; read it again so the cancel starts from its last state.
	if s, err = e.db.stack(ctx, s.ID); err != nil {
		return err
	}
	if s.Status != StackUpdateInProgress || s.Op == nil {
		return errValidation(msgCannotCancel)
	}
	saved, err := e.recordCancel(ctx, s, in.ClientRequestToken)
	if saved {
		c.cancelled, c.token = true, in.ClientRequestToken
		close(c.halt)
	}
	return err
}

// cancelIdle cancels an update no operation runs for (its run ended
// without finishing, or the engine has not resumed it yet): it records
// the cancel and starts the rollback.
func (e *Engine) cancelIdle(ctx context.Context, s *Stack, token string) error {
	c, err := e.claim(s)
	if err == ErrStopped {
		return err
	}
	if err != nil {
		return errValidation(msgCannotCancel)
	}
	cur, err := e.db.stack(ctx, s.ID)
	if err == nil && (cur.Status != StackUpdateInProgress || cur.Op == nil) {
		err = errValidation(msgCannotCancel)
	}
	if err != nil {
		e.release(s.ID, c)
		return err
	}
	saved, err := e.recordCancel(ctx, cur, token)
	if !saved {
		e.release(s.ID, c)
		return err
	}
	// As resumed: what was in flight is failed before the rollback.
	e.startClaimed(cur, c, true)
	return err
}

// recordCancel persists the stack UPDATE_ROLLBACK_IN_PROGRESS with the
// cancel marked on its operation, then the event. saved reports whether
// the stack record was written (the cancel then holds, even if the event
// could not be).
func (e *Engine) recordCancel(ctx context.Context, s *Stack, token string) (saved bool, err error) {
	s.Status, s.StatusReason = StackUpdateRollbackInProgress, msgUserInitiated
	s.Op.CancelRequested = true
	if token != "" {
		s.Op.ClientRequestToken = token
	}
	if err := e.db.saveStack(ctx, s); err != nil {
		return false, err
	}
	return true, e.db.addEvent(ctx, newStackEvent(s, e.now(), StackUpdateRollbackInProgress, msgUserInitiated))
}

// cancelled ends the window in which the update can be cancelled and
// reports whether it was. If so, the run takes on what the cancel
// recorded (the stack is already UPDATE_ROLLBACK_IN_PROGRESS).
func (r *run) cancelled() bool {
	c := r.ctl
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cancellable = false
	if !c.cancelled {
		return false
	}
	r.s.Status, r.s.StatusReason = StackUpdateRollbackInProgress, msgUserInitiated
	r.s.Op.CancelRequested = true
	if c.token != "" {
		r.s.Op.ClientRequestToken = c.token
	}
	return true
}
