package logs

import (
	"bytes"
	"context"
	"io"
	"sync"
	"time"
)

// writerMaxPending makes Write flush at once instead of waiting for the
// ticker when this many lines are waiting, which bounds memory and gives
// a chatty process back-pressure.
const writerMaxPending = 5000

// appendTimeout bounds one flush of a Writer.
const appendTimeout = 30 * time.Second

var _ io.WriteCloser = (*lineWriter)(nil)

// lineWriter turns written bytes into log events, one per line.
type lineWriter struct {
	l             *Logs
	group, stream string

	flushMu sync.Mutex // serialises flushes so batches land in order

	mu      sync.Mutex
	partial []byte
	pending []Event
	closed  bool
	err     error

	stop chan struct{}
	done chan struct{}
}

// Writer returns a writer that stores each line written to it as an event
// of group/stream (the stream is created on first flush; the group must
// exist). Lines are stamped when their newline arrives and stored in
// batches every FlushInterval, when many are waiting, or on Close, which
// also stores a last unterminated line. A trailing "\r" is dropped.
//
// Write never fails because of storage, so capturing a process's output
// cannot block or kill the process: failures are logged, and Close
// returns the first one. Close must be called; it stops the writer's
// goroutine.
func (l *Logs) Writer(group, stream string) io.WriteCloser {
	w := &lineWriter{l: l, group: group, stream: stream, stop: make(chan struct{}), done: make(chan struct{})}
	go w.loop()
	return w
}

// Write implements io.Writer.
func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return 0, io.ErrClosedPipe
	}
	now := w.l.opts.Now()
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		w.pending = append(w.pending, Event{Time: now, Message: string(bytes.TrimSuffix(w.partial[:i], []byte{'\r'}))})
		w.partial = w.partial[i+1:]
	}
	// A line longer than an event can hold is stored in pieces.
	for len(w.partial) >= maxMessageBytes {
		w.pending = append(w.pending, Event{Time: now, Message: string(w.partial[:maxMessageBytes])})
		w.partial = w.partial[maxMessageBytes:]
	}
	if len(w.partial) == 0 {
		w.partial = nil // let a large drained buffer go
	}
	full := len(w.pending) >= writerMaxPending
	w.mu.Unlock()
	if full {
		w.flush()
	}
	return len(p), nil
}

// Close stores what is buffered, stops the flusher and returns the first
// storage error.
func (w *lineWriter) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	if len(w.partial) > 0 {
		w.pending = append(w.pending, Event{Time: w.l.opts.Now(), Message: string(bytes.TrimSuffix(w.partial, []byte{'\r'}))})
		w.partial = nil
	}
	w.mu.Unlock()
	close(w.stop)
	<-w.done
	w.flush()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *lineWriter) loop() {
	defer close(w.done)
	t := time.NewTicker(w.l.opts.FlushInterval)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			w.flush()
		}
	}
}

// flush stores the pending lines.
func (w *lineWriter) flush() {
	w.flushMu.Lock()
	defer w.flushMu.Unlock()
	w.mu.Lock()
	batch := w.pending
	w.pending = nil
	w.mu.Unlock()
	if len(batch) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), appendTimeout)
	defer cancel()
	if err := w.l.Append(ctx, w.group, w.stream, batch); err != nil {
		w.l.opts.Logger.Error("log writer dropped lines", "group", w.group, "stream", w.stream, "lines", len(batch), "error", err)
		w.mu.Lock()
		if w.err == nil {
			w.err = err
		}
		w.mu.Unlock()
	}
}
