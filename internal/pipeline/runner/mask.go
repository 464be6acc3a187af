package runner

import (
	"sort"
	"strings"
	"sync"
)

// Masker replaces registered secret values with *** in log text. It is
// shared by every job of a run and safe for concurrent use.
type Masker struct {
	mu     sync.RWMutex
	values map[string]bool
	sorted []string // longest first, so a secret containing another is masked whole
}

// NewMasker returns a masker for the given secret values.
func NewMasker(values ...string) *Masker {
	m := &Masker{values: map[string]bool{}}
	for _, v := range values {
		m.Add(v)
	}
	return m
}

// Add registers a value. Like GitHub, each line of a multi-line value is
// registered too, and blank values are ignored (masking "" or " " would
// garble every line).
func (m *Masker) Add(v string) {
	vals := []string{v}
	if strings.ContainsAny(v, "\r\n") {
		vals = append(vals, strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == '\r' })...)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	changed := false
	for _, x := range vals {
		if strings.TrimSpace(x) == "" || m.values[x] {
			continue
		}
		m.values[x] = true
		changed = true
	}
	if changed {
		m.sorted = m.sorted[:0]
		for x := range m.values {
			m.sorted = append(m.sorted, x)
		}
		sort.Slice(m.sorted, func(i, j int) bool {
			if len(m.sorted[i]) != len(m.sorted[j]) {
				return len(m.sorted[i]) > len(m.sorted[j])
			}
			return m.sorted[i] < m.sorted[j]
		})
	}
}

// Mask returns s with every registered value replaced by ***.
func (m *Masker) Mask(s string) string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, v := range m.sorted {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, "***")
		}
	}
	return s
}

// Contains reports whether s contains any registered value; job outputs
// that do are withheld, as on GitHub.
func (m *Masker) Contains(s string) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, v := range m.sorted {
		if strings.Contains(s, v) {
			return true
		}
	}
	return false
}
