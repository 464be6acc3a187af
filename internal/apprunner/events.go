package apprunner

import (
	"context"

	"github.com/berth-dev/berth/internal/apprunner/controller"
	"github.com/berth-dev/berth/internal/logs"
)

// event appends a message to the service's event log (the "events"
// stream of its service log group), as App Runner's activity log does.
func (a *API) event(ctx context.Context, s *serviceRecord, msg string) {
	if a.d.Logs == nil {
		return
	}
	group := controller.ServiceLogGroup(s.Name, s.ID)
	ctx = context.WithoutCancel(ctx)
	if err := a.d.Logs.EnsureGroup(ctx, group, a.d.Logs.DefaultRetentionDays()); err != nil {
		a.log.Warn("event log", "service", s.ARN, "err", err)
		return
	}
	err := a.d.Logs.Append(ctx, group, controller.EventsStream, []logs.Event{{Time: a.d.Now(), Message: "[AppRunner] " + msg}})
	if err != nil {
		a.log.Warn("event log", "service", s.ARN, "err", err)
	}
}

// events returns an event logger for the controller.
func (a *API) events(s *serviceRecord) func(string) {
	return func(msg string) { a.event(context.Background(), s, msg) }
}
