// Package ingress is berth's HTTP/HTTPS front door for App Runner services:
// it routes each request by Host to a service's instances (Backends),
// balances by least outstanding requests, drains instances before they stop,
// health-checks them, and terminates TLS with certificates from the local CA
// (package ingress/ca).
//
// The App Runner controller owns the routing table and is its only writer
// (SetRoutes, SetRoute, RemoveRoute); the ingress provides the mechanism. A
// zero-downtime rollout is: start the new instance, WaitHealthy, swap the
// route to the new Backend, Drain the old one, stop it. A route may have no
// backends yet (a service whose first instances are starting): requests
// for it wait, at most Options.StartWait, for a table swap that gives it
// some (wait.go), then get 503 with Retry-After; removing the route
// answers them 404.
//
// The proxy is built for throughput (the yardstick is nginx as a keep-alive
// reverse proxy):
//   - front.go, h1*.go: HTTP/1.x clients, plain or over TLS, are served by
//     the ingress's own connection loop instead of net/http's, which spends
//     a goroutine, a read and several timer operations per request watching
//     for disconnects; the front watches a client only once its request is
//     slow (watch.go). TLS connections that negotiate h2 go to a net/http
//     server, which speaks HTTP/2.
//   - forward.go, wire.go, body.go, pool.go: a hand-written HTTP/1.1
//     upstream client over per-backend keep-alive pools (LIFO, no goroutine
//     per connection, a MSG_PEEK liveness check instead of a reader),
//     parsing response heads into the client's header map in place.
//   - table.go, balancer.go, stats.go: a lock-free routing table
//     (atomic.Pointer) and atomic counters on the hot path.
package ingress

import "errors"

// Sentinel errors, wrapped with an operation prefix where returned.
var (
	// ErrBadHost means a route's Host is empty or not a valid host name.
	ErrBadHost = errors.New("ingress: bad route host")
	// ErrDuplicateHost means two routes in one SetRoutes call share a Host.
	ErrDuplicateHost = errors.New("ingress: duplicate route host")
	// ErrNoBackend means no healthy, non-draining backend can take a request.
	ErrNoBackend = errors.New("ingress: no healthy backend")
	// ErrOverloaded means every candidate backend is at MaxConcurrency and
	// the wait queue is full or the wait timed out.
	ErrOverloaded = errors.New("ingress: backends at max concurrency")
	// ErrStarted means Start was called twice.
	ErrStarted = errors.New("ingress: already started")
	// ErrNoListener means Start was called with neither address configured,
	// or HTTPS was asked for without a CA.
	ErrNoListener = errors.New("ingress: no listener configured")
	// ErrUnhealthy means a health probe got a failing answer.
	ErrUnhealthy = errors.New("ingress: unhealthy")
	// ErrBadResponse means an upstream spoke something other than HTTP/1.x.
	ErrBadResponse = errors.New("ingress: malformed upstream response")
)
