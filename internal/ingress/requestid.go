package ingress

import (
	"math/rand/v2"
	"net/http"
)

// maxRequestIDLen bounds a client-supplied X-Request-Id we pass through.
const maxRequestIDLen = 128

// requestID returns the client's X-Request-Id when it is sane, else a new
// one, so a request can be followed across the client, ingress and app.
func requestID(r *http.Request) string {
	if v := r.Header["X-Request-Id"]; len(v) > 0 && validRequestID(v[0]) {
		return v[0]
	}
	return newRequestID()
}

func validRequestID(s string) bool {
	if s == "" || len(s) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// newRequestID formats a random UUIDv4, the shape of AWS request ids. It
// uses the runtime's fast per-thread generator: ids must be unique, not
// secret.
func newRequestID() string {
	const hex = "0123456789abcdef"
	var u [16]byte
	a, b := rand.Uint64(), rand.Uint64()
	for i := 0; i < 8; i++ {
		u[i] = byte(a >> (8 * i))
		u[8+i] = byte(b >> (8 * i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	var out [36]byte
	j := 0
	for i, v := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j] = hex[v>>4]
		out[j+1] = hex[v&0x0f]
		j += 2
	}
	return string(out[:])
}
