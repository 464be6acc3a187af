package ingress

import (
	"log/slog"
	"time"

	"github.com/berth-dev/berth/internal/ingress/ca"
)

// Defaults for Options' zero values.
const (
	DefaultRegion            = "us-east-1"
	DefaultMaxBodyBytes      = 100 << 20
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultIdleTimeout       = 120 * time.Second
	DefaultMaxHeaderBytes    = 64 << 10
	DefaultStartWait         = 10 * time.Second
)

// DefaultDomain is the base domain of service URLs in region, the local
// counterpart of "<region>.awsapprunner.com".
func DefaultDomain(region string) string {
	if region == "" {
		region = DefaultRegion
	}
	return region + ".apprunner.localhost"
}

// Options configures an Ingress. Zero values take the Default* constants.
type Options struct {
	// HTTPAddr is the plain-HTTP listen address ("127.0.0.1:8080"; port 0
	// picks one). Empty disables plain HTTP.
	HTTPAddr string
	// HTTPSAddr is the HTTPS listen address; empty disables HTTPS. It
	// needs CA.
	HTTPSAddr string
	// CA issues the HTTPS leaf certificates.
	CA *ca.CA
	// Region picks the default base domain (DefaultDomain(Region)).
	Region string
	// Domains are the base domains certificates are issued under; empty
	// means DefaultDomain(Region).
	Domains []string
	// MaxBodyBytes caps request bodies (413 beyond). 0 means
	// DefaultMaxBodyBytes; negative means unlimited.
	MaxBodyBytes int64
	// ReadHeaderTimeout bounds reading a client's request head (slowloris).
	ReadHeaderTimeout time.Duration
	// IdleTimeout closes idle client keep-alive connections.
	IdleTimeout time.Duration
	// MaxHeaderBytes caps a request head (431 beyond).
	MaxHeaderBytes int
	// StartWait bounds how long a request for a route that has no
	// backends yet (a service whose instances are still starting) waits
	// for the route to get some before it is answered 503 with
	// Retry-After. 0 means DefaultStartWait; negative means no wait.
	StartWait time.Duration
	// Logger receives failures; nil discards.
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Region == "" {
		o.Region = DefaultRegion
	}
	if len(o.Domains) == 0 {
		o.Domains = []string{DefaultDomain(o.Region)}
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.ReadHeaderTimeout <= 0 {
		o.ReadHeaderTimeout = DefaultReadHeaderTimeout
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	if o.MaxHeaderBytes <= 0 {
		o.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if o.StartWait == 0 {
		o.StartWait = DefaultStartWait
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
