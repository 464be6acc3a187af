package policy

import (
	"strconv"
	"strings"
	"time"
)

// Context holds a request's condition context keys (aws:SourceIp,
// aws:CurrentTime, iam:PassedToService, ...). Key names are case-insensitive,
// as IAM documents ("aws:CurrentTime is equivalent to AWS:currenttime").
// Values are strings whatever their IAM type, exactly as the policy simulator
// takes them: dates in ISO 8601 or epoch seconds, booleans "true"/"false",
// numbers in decimal, binary in base64. A key may carry several values
// (aws:TagKeys, aws:CalledVia); a key set with no values is present but
// empty. The zero Context is empty and ready to use.
type Context struct {
	values map[string][]string
}

// Set replaces the values of key. It copies values, so the caller may reuse
// the slice.
func (c *Context) Set(key string, values ...string) {
	if c.values == nil {
		c.values = make(map[string][]string)
	}
	c.values[strings.ToLower(key)] = append([]string{}, values...)
}

// SetBool stores a boolean key ("true" or "false").
func (c *Context) SetBool(key string, v bool) {
	c.Set(key, strconv.FormatBool(v))
}

// SetTime stores a date key in the ISO 8601 UTC form AWS uses for
// aws:CurrentTime (for aws:EpochTime, Set the decimal seconds instead).
func (c *Context) SetTime(key string, t time.Time) {
	c.Set(key, t.UTC().Format("2006-01-02T15:04:05Z"))
}

// Delete removes key.
func (c *Context) Delete(key string) {
	delete(c.values, strings.ToLower(key))
}

// Get returns the values of key and whether the key is present.
func (c Context) Get(key string) ([]string, bool) {
	return c.lookup(strings.ToLower(key))
}

// Keys returns the present keys, lower-cased, in no particular order.
func (c Context) Keys() []string {
	keys := make([]string, 0, len(c.values))
	for k := range c.values {
		keys = append(keys, k)
	}
	return keys
}

// lookup is Get for a key that is already lower-cased (policies lower-case
// their condition keys once, at parse time).
func (c *Context) lookup(lowerKey string) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	v, ok := c.values[lowerKey]
	return v, ok
}
