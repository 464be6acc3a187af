package secretsmanager

import "time"

// SetClock replaces the service's clock (tests of the recovery window).
func (a *API) SetClock(now func() time.Time) { a.now = now }
