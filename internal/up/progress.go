package up

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
)

// progress prints what `berth up` does: numbered steps, elapsed times, and
// on a terminal a spinner while something slow runs.
type progress struct {
	w     io.Writer
	tty   bool
	start time.Time
	mu    sync.Mutex
}

func newProgress(w io.Writer) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = isatty.IsTerminal(f.Fd())
	}
	return &progress{w: w, tty: tty, start: time.Now()}
}

func (p *progress) elapsed() string {
	return fmt.Sprintf("%5.1fs", time.Since(p.start).Seconds())
}

// step prints a numbered heading.
func (p *progress) step(n int, format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\n[%s] %d. %s\n", p.elapsed(), n, fmt.Sprintf(format, args...))
}

// line prints one indented line.
func (p *progress) line(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "   %s\n", fmt.Sprintf(format, args...))
}

// wait runs fn, showing a spinner with the elapsed time on a terminal.
func (p *progress) wait(what string, fn func() error) error {
	if !p.tty {
		p.line("%s ...", what)
		t0 := time.Now()
		err := fn()
		p.line("%s: done in %.1fs", what, time.Since(t0).Seconds())
		return err
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	t0 := time.Now()
	go func() {
		defer wg.Done()
		frames := `|/-\`
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			case <-time.After(120 * time.Millisecond):
			}
			p.mu.Lock()
			fmt.Fprintf(p.w, "\r   %c %s (%.1fs)", frames[i%4], what, time.Since(t0).Seconds())
			p.mu.Unlock()
		}
	}()
	err := fn()
	close(done)
	wg.Wait()
	p.mu.Lock()
	fmt.Fprintf(p.w, "\r   %s: done in %.1fs\033[K\n", what, time.Since(t0).Seconds())
	p.mu.Unlock()
	return err
}
