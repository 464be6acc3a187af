package ingress

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// Protocol is how a health check probes an instance.
type Protocol string

// Health check protocols, as in App Runner's HealthCheckConfiguration.
const (
	ProtocolTCP  Protocol = "TCP"
	ProtocolHTTP Protocol = "HTTP"
)

// HealthCheck mirrors App Runner's HealthCheckConfiguration; zero fields
// take App Runner's defaults (TCP, "/", 5s, 2s, 1, 5).
type HealthCheck struct {
	Protocol           Protocol
	Path               string
	Interval           time.Duration
	Timeout            time.Duration
	HealthyThreshold   int
	UnhealthyThreshold int
}

// WithDefaults fills zero fields with App Runner's defaults.
func (hc HealthCheck) WithDefaults() HealthCheck {
	if hc.Protocol == "" {
		hc.Protocol = ProtocolTCP
	}
	hc.Protocol = Protocol(strings.ToUpper(string(hc.Protocol)))
	if hc.Path == "" {
		hc.Path = "/"
	} else if !strings.HasPrefix(hc.Path, "/") {
		hc.Path = "/" + hc.Path
	}
	if hc.Interval <= 0 {
		hc.Interval = 5 * time.Second
	}
	if hc.Timeout <= 0 {
		hc.Timeout = 2 * time.Second
	}
	if hc.HealthyThreshold <= 0 {
		hc.HealthyThreshold = 1
	}
	if hc.UnhealthyThreshold <= 0 {
		hc.UnhealthyThreshold = 5
	}
	return hc
}

// healthClient is shared by all HTTP probes: it never follows redirects
// (a 3xx counts as an answer) and keeps a few connections warm.
var healthClient = &http.Client{
	Transport: &http.Transport{
		Proxy:               nil,
		MaxIdleConnsPerHost: 2,
		IdleConnTimeout:     30 * time.Second,
	},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// Probe runs one health check against addr ("host:port"), bounded by
// hc.Timeout. TCP succeeds when a connection opens; HTTP when GET Path
// answers 2xx or 3xx. A failing answer wraps ErrUnhealthy.
func Probe(ctx context.Context, addr string, hc HealthCheck) error {
	hc = hc.WithDefaults()
	ctx, cancel := context.WithTimeout(ctx, hc.Timeout)
	defer cancel()
	switch hc.Protocol {
	case ProtocolTCP:
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return fmt.Errorf("ingress: probe tcp %s: %w", addr, err)
		}
		return c.Close()
	case ProtocolHTTP:
		return probeHTTP(ctx, addr, hc.Path)
	}
	return fmt.Errorf("ingress: probe %s: protocol %q: %w", addr, hc.Protocol, ErrUnhealthy)
}

func probeHTTP(ctx context.Context, addr, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+path, nil)
	if err != nil {
		return fmt.Errorf("ingress: probe http %s%s: %w", addr, path, err)
	}
	req.Header.Set("User-Agent", "berth-health-check/1")
	resp, err := healthClient.Do(req)
	if err != nil {
		return fmt.Errorf("ingress: probe http %s%s: %w", addr, path, err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 399 {
		return fmt.Errorf("ingress: probe http %s%s: status %d: %w", addr, path, resp.StatusCode, ErrUnhealthy)
	}
	return nil
}

// WaitHealthy probes addr until HealthyThreshold consecutive checks pass,
// or ctx ends (then it returns the last probe error, wrapped with ctx's).
// Unlike the periodic checker it does not wait Interval between probes:
// it starts at 50ms and backs off to at most min(Interval, 1s), so a
// deployment goes live as soon as the app listens.
func WaitHealthy(ctx context.Context, addr string, hc HealthCheck) error {
	hc = hc.WithDefaults()
	delay := 50 * time.Millisecond
	maxDelay := min(hc.Interval, time.Second)
	ok := 0
	var last error
	for {
		err := Probe(ctx, addr, hc)
		if err == nil {
			ok++
			if ok >= hc.HealthyThreshold {
				return nil
			}
		} else {
			ok = 0
			last = err
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			if last == nil {
				last = ErrUnhealthy
			}
			return fmt.Errorf("ingress: wait healthy %s: %w (last: %w)", addr, ctx.Err(), last)
		case <-t.C:
		}
		delay = min(delay*2, maxDelay)
	}
}
