package autoscale

import (
	"errors"
	"fmt"
	"time"
)

// Defaults for Config's zero values. MaxConcurrency, MinSize and MaxSize are
// App Runner's defaults; the windows, threshold and rates are Knative's,
// except ScaleDownDelay (Knative: none), which berth sets so that a lull of
// a few seconds never costs a cold start.
const (
	DefaultMaxConcurrency    = 100
	DefaultMinSize           = 1
	DefaultMaxSize           = 25
	DefaultTargetUtilization = 0.7
	DefaultStableWindow      = 60 * time.Second
	DefaultPanicWindowPct    = 10
	DefaultPanicThreshold    = 2.0
	DefaultScaleDownDelay    = 30 * time.Second
	DefaultMaxScaleUpRate    = 1000.0
	DefaultMaxScaleDownRate  = 2.0
)

// Limits on windows: concurrency is averaged over one-second buckets, and
// the history kept is one stable window.
const (
	bucketWidth     = time.Second
	maxStableWindow = time.Hour
)

// Sentinel errors.
var (
	// ErrInvalidConfig means a Config field is out of range; the wrapped
	// message names it.
	ErrInvalidConfig = errors.New("autoscale: invalid config")
)

// Config tunes a Scaler. Zero fields take the Default* values, so an App
// Runner AutoScalingConfiguration maps directly onto MaxConcurrency,
// MinSize and MaxSize.
type Config struct {
	// MaxConcurrency is the per-instance limit of concurrent requests (App
	// Runner's MaxConcurrency); the scaler targets a fraction of it.
	MaxConcurrency int
	// MinSize and MaxSize bound the decision. MinSize is at least 1: App
	// Runner does not scale to zero.
	MinSize, MaxSize int
	// TargetUtilization is the fraction of MaxConcurrency each instance
	// should carry, in (0, 1]; the headroom absorbs growth while new
	// instances start.
	TargetUtilization float64
	// StableWindow is the averaging window for normal decisions, a whole
	// number of seconds between 1s and 1h.
	StableWindow time.Duration
	// PanicWindow is the short window that detects bursts; zero means 10%
	// of StableWindow (at least 1s). It must not exceed StableWindow.
	PanicWindow time.Duration
	// PanicThreshold is the ratio of panic-window desired instances to
	// current instances at which the scaler panics (2.0 means 200%).
	PanicThreshold float64
	// ScaleDownDelay is the quiet period before scaling in: the decision is
	// the maximum desired count over this long. Negative disables it.
	ScaleDownDelay time.Duration
	// MaxScaleUpRate caps one step up at ceil(rate × current); it must be
	// greater than 1.
	MaxScaleUpRate float64
	// MaxScaleDownRate caps one step down at floor(current ÷ rate); it must
	// be greater than 1.
	MaxScaleDownRate float64
}

// WithDefaults returns c with zero fields set to the Default* values.
func (c Config) WithDefaults() Config {
	if c.MaxConcurrency == 0 {
		c.MaxConcurrency = DefaultMaxConcurrency
	}
	if c.MinSize == 0 {
		c.MinSize = DefaultMinSize
	}
	if c.MaxSize == 0 {
		c.MaxSize = max(DefaultMaxSize, c.MinSize)
	}
	if c.TargetUtilization == 0 {
		c.TargetUtilization = DefaultTargetUtilization
	}
	if c.StableWindow == 0 {
		c.StableWindow = DefaultStableWindow
	}
	if c.PanicWindow == 0 {
		c.PanicWindow = max(bucketWidth, (c.StableWindow * DefaultPanicWindowPct / 100).Truncate(bucketWidth))
	}
	if c.PanicThreshold == 0 {
		c.PanicThreshold = DefaultPanicThreshold
	}
	if c.ScaleDownDelay == 0 {
		c.ScaleDownDelay = DefaultScaleDownDelay
	}
	if c.MaxScaleUpRate == 0 {
		c.MaxScaleUpRate = DefaultMaxScaleUpRate
	}
	if c.MaxScaleDownRate == 0 {
		c.MaxScaleDownRate = DefaultMaxScaleDownRate
	}
	return c
}

// Validate reports the first field out of range, wrapping ErrInvalidConfig.
// It does not apply defaults: call WithDefaults first.
func (c Config) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidConfig, fmt.Sprintf(format, args...))
	}
	switch {
	case c.MaxConcurrency < 1:
		return bad("MaxConcurrency %d < 1", c.MaxConcurrency)
	case c.MinSize < 1:
		return bad("MinSize %d < 1", c.MinSize)
	case c.MaxSize < c.MinSize:
		return bad("MaxSize %d < MinSize %d", c.MaxSize, c.MinSize)
	case !(c.TargetUtilization > 0 && c.TargetUtilization <= 1):
		return bad("TargetUtilization %v not in (0, 1]", c.TargetUtilization)
	case c.StableWindow < bucketWidth || c.StableWindow > maxStableWindow || c.StableWindow%bucketWidth != 0:
		return bad("StableWindow %v not a whole number of seconds in [1s, 1h]", c.StableWindow)
	case c.PanicWindow < bucketWidth || c.PanicWindow > c.StableWindow || c.PanicWindow%bucketWidth != 0:
		return bad("PanicWindow %v not a whole number of seconds in [1s, StableWindow]", c.PanicWindow)
	case !(c.PanicThreshold > 0) || c.PanicThreshold > 1e6:
		return bad("PanicThreshold %v not in (0, 1e6]", c.PanicThreshold)
	case !(c.MaxScaleUpRate > 1) || c.MaxScaleUpRate > 1e6:
		return bad("MaxScaleUpRate %v not in (1, 1e6]", c.MaxScaleUpRate)
	case !(c.MaxScaleDownRate > 1) || c.MaxScaleDownRate > 1e6:
		return bad("MaxScaleDownRate %v not in (1, 1e6]", c.MaxScaleDownRate)
	}
	return nil
}

// Target is the concurrency each instance should carry:
// MaxConcurrency × TargetUtilization.
func (c Config) Target() float64 {
	return float64(c.MaxConcurrency) * c.TargetUtilization
}
