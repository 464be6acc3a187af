package controller

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// countWriteTimeout bounds one write of a service's instance count. A
// scale action holds its generation's scale lock while it writes, which a
// deployment waits for.
const countWriteTimeout = 10 * time.Second

// savedCount returns the instance count persisted for a service (table
// apprunner_scale, migration 0302); ok is false when there is none: no
// Store, a service never run, paused or deleted. A read that fails is
// logged and taken as none: the service then starts at MinSize.
func (c *Controller) savedCount(ctx context.Context, serviceID string) (n int, ok bool) {
	if c.o.Store == nil {
		return 0, false
	}
	err := c.o.Store.DB().QueryRowContext(ctx, `SELECT instances FROM apprunner_scale WHERE service_id = ?`, serviceID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false
	}
	if err != nil {
		c.o.Logger.Warn("read instance count", "service", serviceID, "err", err)
		return 0, false
	}
	return n, n > 0
}

// saveCount persists n as the number of instances a service runs. A
// failed write is logged: after a restart the service then starts from
// the count written before (or MinSize), and its autoscaler corrects it.
func (c *Controller) saveCount(serviceID string, n int) {
	if c.o.Store == nil {
		return
	}
	err := c.countTx(func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO apprunner_scale(service_id, instances, updated) VALUES (?, ?, ?)
			ON CONFLICT(service_id) DO UPDATE SET instances = excluded.instances, updated = excluded.updated`,
			serviceID, n, time.Now().UnixMilli())
		return err
	})
	if err != nil {
		c.o.Logger.Warn("persist instance count", "service", serviceID, "instances", n, "err", err)
	}
}

// clearCount forgets a service's instance count (it was paused or
// deleted: its next run starts at MinSize).
func (c *Controller) clearCount(serviceID string) {
	if c.o.Store == nil {
		return
	}
	err := c.countTx(func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM apprunner_scale WHERE service_id = ?`, serviceID)
		return err
	})
	if err != nil {
		c.o.Logger.Warn("clear instance count", "service", serviceID, "err", err)
	}
}

// countTx runs fn in a write transaction bounded by countWriteTimeout.
// It does not take a caller's context: a count the instances already
// reflect is written even when the action that changed it is ending.
func (c *Controller) countTx(fn func(context.Context, *sql.Tx) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), countWriteTimeout)
	defer cancel()
	if err := c.o.Store.Tx(ctx, func(tx *sql.Tx) error { return fn(ctx, tx) }); err != nil {
		return fmt.Errorf("controller: instance count: %w", err)
	}
	return nil
}

// restoredCount is how many instances the first run of a service in this
// controller starts: the count persisted before the server restarted,
// within the service's current [MinSize, MaxSize]; minSize when none was
// persisted. A count other than MinSize is written to the service's event
// log with its numbers, as the autoscaler's decisions are.
func (c *Controller) restoredCount(ctx context.Context, d *Deployment, minSize int) int {
	saved, ok := c.savedCount(ctx, d.Spec.ServiceID)
	if !ok || saved == minSize {
		return minSize
	}
	maxSize := max(d.Spec.Run.MaxInstances, minSize)
	n := min(max(saved, minSize), maxSize)
	var how string
	switch {
	case n < saved:
		how = fmt.Sprintf(": %d ran before the server restarted, capped at MaxSize %d (MinSize %d)", saved, maxSize, minSize)
	case n > saved:
		how = fmt.Sprintf(": %d ran before the server restarted, raised to MinSize %d (MaxSize %d)", saved, minSize, maxSize)
	default:
		how = fmt.Sprintf(", as many as ran before the server restarted (MinSize %d, MaxSize %d)", minSize, maxSize)
	}
	d.event("Auto scaling: restored %s%s.", plural(n, "instance"), how)
	c.o.Logger.Info("restored instance count", "service", d.Spec.ServiceID, "instances", n, "saved", saved,
		"minSize", minSize, "maxSize", maxSize)
	return n
}

// plural is "1 instance", "3 instances".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
