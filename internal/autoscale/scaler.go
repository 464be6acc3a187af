package autoscale

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// maxCount bounds intermediate instance counts so that float-to-int
// conversions cannot overflow, whatever the rates and counts given.
const maxCount = 1 << 30

// Scaler turns observed concurrency into instance counts for one service.
// It is safe for concurrent use (a sampler may Observe while a control loop
// Decides); it keeps about one stable window of history.
type Scaler struct {
	mu       sync.Mutex
	cfg      Config
	hist     history
	delay    *delayWindow
	latest   time.Time // newest time given to Observe or Decide
	panicAt  time.Time // last time the panic condition held; zero when calm
	maxPanic int       // highest count decided during the current panic
	seeded   bool      // the delay window holds the count found at the first decision
}

// New returns a Scaler for cfg (zero fields take defaults). It fails with
// ErrInvalidConfig when a field is out of range.
func New(cfg Config) (*Scaler, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Scaler{cfg: cfg, hist: newHistory(cfg.StableWindow)}
	if cfg.ScaleDownDelay > 0 {
		s.delay = &delayWindow{span: cfg.ScaleDownDelay}
	}
	return s, nil
}

// Config returns the scaler's configuration, defaults applied.
func (s *Scaler) Config() Config { return s.cfg }

// Observe records the service's concurrency (requests in flight plus
// queued, summed over its instances) at t. The value holds until the next
// sample, so sampling once a second, or on every change, both work.
// Negative, NaN and infinite values are ignored, as are samples older than
// the stable window.
func (s *Scaler) Observe(t time.Time, concurrency float64) {
	if !(concurrency >= 0) || math.IsInf(concurrency, 1) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.After(s.latest) {
		s.latest = t
	}
	s.hist.add(t, concurrency)
}

// Decide returns how many instances the service should run, given the
// number it runs now (current: instances serving). It updates the panic
// state and the scale-down delay, so call it on a regular tick (every 2s,
// as Knative does) rather than on demand. A now earlier than a time already
// seen is taken as that time. Without any sample yet it holds current
// (within [MinSize, MaxSize]).
func (s *Scaler) Decide(now time.Time, current int) Decision {
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.Before(s.latest) {
		now = s.latest
	}
	s.latest = now
	current = min(max(current, 0), maxCount)
	s.hist.advance(bucketOf(now))

	cfg := s.cfg
	d := Decision{Current: current, Target: cfg.Target()}
	stable, panicC, ok := s.hist.averages(int64(cfg.StableWindow/bucketWidth), int64(cfg.PanicWindow/bucketWidth))
	if !ok {
		d.Desired = min(max(current, cfg.MinSize), cfg.MaxSize)
		d.Reason = fmt.Sprintf("hold %d: no concurrency samples yet", d.Desired)
		if d.Changed() {
			d.Reason = fmt.Sprintf("scale %d → %d: no concurrency samples yet, keeping within [%d, %d]", current, d.Desired, cfg.MinSize, cfg.MaxSize)
		}
		return d
	}
	d.StableConcurrency, d.PanicConcurrency = stable, panicC

	var notes []string
	desired := s.wanted(&d, now, &notes)
	desired = s.delayed(now, current, desired, &notes)
	if desired < cfg.MinSize {
		notes = append(notes, fmt.Sprintf("kept at MinSize %d (wanted %d)", cfg.MinSize, desired))
		desired = cfg.MinSize
	}
	d.Desired = desired
	window := cfg.StableWindow
	if d.Panic {
		window = cfg.PanicWindow
	}
	d.Reason = reason(d, window, notes)
	return d
}

// wanted is Knative's core step: the stable or, in panic, the larger of
// the stable and panic counts, rate-limited relative to the current count,
// capped at MaxSize, and never lower than before while panicking. It
// updates the panic state and sets d.Panic.
func (s *Scaler) wanted(d *Decision, now time.Time, notes *[]string) int {
	cfg := s.cfg
	ready := float64(max(d.Current, 1))
	wantStable := instances(d.StableConcurrency, d.Target)
	wantPanic := instances(d.PanicConcurrency, d.Target)

	wasPanic := !s.panicAt.IsZero()
	if wantPanic/ready >= cfg.PanicThreshold {
		s.panicAt = now
	} else if wasPanic && s.panicAt.Add(cfg.StableWindow).Before(now) {
		s.panicAt, s.maxPanic = time.Time{}, 0
	}
	d.Panic = !s.panicAt.IsZero()

	want := wantStable
	if d.Panic {
		want = math.Max(wantStable, wantPanic)
	}
	maxUp := math.Min(math.Ceil(cfg.MaxScaleUpRate*ready), maxCount)
	maxDown := math.Floor(ready / cfg.MaxScaleDownRate)
	limited := math.Min(math.Max(want, maxDown), maxUp)
	switch {
	case limited < want:
		*notes = append(*notes, fmt.Sprintf("scale-up limited to %.0f (×%s, wanted %.0f)", limited, number(cfg.MaxScaleUpRate), want))
	case limited > want:
		*notes = append(*notes, fmt.Sprintf("scale-down limited to %.0f (÷%s, wanted %.0f)", limited, number(cfg.MaxScaleDownRate), want))
	}
	desired := int(limited)
	// Capping here rather than last changes no outcome (panic and delay
	// only take maxima) but keeps MaxSize out of their notes.
	if desired > cfg.MaxSize {
		*notes = append(*notes, fmt.Sprintf("capped at MaxSize %d (wanted %d)", cfg.MaxSize, desired))
		desired = cfg.MaxSize
	}

	switch {
	case d.Panic:
		if floor := min(max(d.Current, s.maxPanic), cfg.MaxSize); desired < floor {
			*notes = append(*notes, fmt.Sprintf("holding %d in panic (wanted %d)", floor, desired))
			desired = floor
		}
		s.maxPanic = desired
	case wasPanic:
		*notes = append(*notes, fmt.Sprintf("panic over: no burst for %s", seconds(cfg.StableWindow)))
	}
	return desired
}

// delayed applies the scale-down delay: the result is the largest count
// wanted within the last ScaleDownDelay.
func (s *Scaler) delayed(now time.Time, current, desired int, notes *[]string) int {
	if s.delay == nil {
		return desired
	}
	if !s.seeded {
		// A new scaler has seen no quiet period yet: the count it found
		// must last one before it is reduced.
		s.delay.record(now, min(current, s.cfg.MaxSize))
		s.seeded = true
	}
	s.delay.record(now, desired)
	if held := s.delay.max(); held > desired {
		*notes = append(*notes, fmt.Sprintf("scale-down delayed: %d wanted within the last %s (now %d)", held, seconds(s.cfg.ScaleDownDelay), desired))
		return held
	}
	return desired
}

// instances is ceil(concurrency ÷ target), forgiving float noise so that
// exactly 140 over a target of 70 asks for 2, not 3.
func instances(concurrency, target float64) float64 {
	return math.Min(math.Max(math.Ceil(concurrency/target-1e-9), 0), maxCount)
}
