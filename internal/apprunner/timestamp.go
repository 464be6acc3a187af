package apprunner

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Timestamp is a time on the wire of awsJson services: epoch seconds as a
// JSON number, with millisecond precision, as the SDKs expect.
type Timestamp struct{ time.Time }

// At wraps t (the zero time stays zero, so omitzero omits it).
func At(t time.Time) Timestamp { return Timestamp{t} }

// MarshalJSON implements json.Marshaler.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	ms := t.UnixMilli()
	return []byte(strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)), nil
}

// UnmarshalJSON implements json.Unmarshaler; it accepts epoch seconds.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*t = Timestamp{}
		return nil
	}
	var f json.Number
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("apprunner: timestamp %s: %w", b, err)
	}
	v, err := f.Float64()
	if err != nil {
		return fmt.Errorf("apprunner: timestamp %s: %w", b, err)
	}
	t.Time = time.UnixMilli(int64(v * 1000)).UTC()
	return nil
}
