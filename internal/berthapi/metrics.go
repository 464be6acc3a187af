package berthapi

import (
	"context"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/metrics"
)

// Series is the metrics time series berth keeps per service.
type Series interface {
	Series(service string) []metrics.Point
}

// GetServiceMetricsInput names a service by its ServiceId.
type GetServiceMetricsInput struct {
	ServiceID string `json:"serviceId" aws:"required"`
}

// GetServiceMetricsOutput is the last hour of a service's metrics, one
// point per sampling interval, oldest first.
type GetServiceMetricsOutput struct {
	Points []metrics.Point `json:"points"`
}

func (a *API) metricsOps() []*awsapi.Operation {
	return []*awsapi.Operation{
		awsapi.Define(awsapi.Spec[GetServiceMetricsInput, GetServiceMetricsOutput]{Name: "GetServiceMetrics", Action: "berth:GetServiceMetrics",
			ReadOnly: true, Handler: a.getServiceMetrics}),
	}
}

func (a *API) getServiceMetrics(_ context.Context, _ *awsapi.Call, in *GetServiceMetricsInput) (*GetServiceMetricsOutput, error) {
	out := &GetServiceMetricsOutput{Points: []metrics.Point{}}
	if a.series != nil {
		if ps := a.series.Series(in.ServiceID); ps != nil {
			out.Points = ps
		}
	}
	return out, nil
}
