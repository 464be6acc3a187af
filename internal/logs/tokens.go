package logs

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
)

// Paging tokens are opaque to clients. GetLogEvents tokens look like
// AWS's ("f/" or "b/" and 56 digits: timestamp and event id); the others
// are base64url text naming the kind of listing they continue, so a token
// from one operation is refused by another.

// errBadToken is what every malformed token yields.
func errBadToken() error {
	return awsapi.Errorf(codeInvalidParameter, "The specified nextToken is invalid.")
}

// eventsToken encodes a GetLogEvents position with its direction ('f' or 'b').
func eventsToken(dir byte, p pos) string {
	return fmt.Sprintf("%c/%020d%036d", dir, p.TS, p.ID)
}

// parseEventsToken decodes an eventsToken.
func parseEventsToken(tok string) (byte, pos, error) {
	if len(tok) != 58 || (tok[0] != 'f' && tok[0] != 'b') || tok[1] != '/' {
		return 0, pos{}, errBadToken()
	}
	for i := 2; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return 0, pos{}, errBadToken()
		}
	}
	ts, err1 := strconv.ParseInt(tok[2:22], 10, 64)
	id, err2 := strconv.ParseInt(tok[22:], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, pos{}, errBadToken()
	}
	return tok[0], pos{ts, id}, nil
}

// eventID is the eventId FilterLogEvents reports: stable for an event, so
// `aws logs tail --follow` can drop the duplicates its polling sees.
func eventID(e *storedEvent) string {
	return fmt.Sprintf("%020d%036d", e.TS, e.ID)
}

// textToken encodes fields under a kind tag.
func textToken(kind string, fields ...string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + "\x00" + strings.Join(fields, "\x00")))
}

// parseTextToken decodes a textToken of kind with n fields.
func parseTextToken(tok, kind string, n int) ([]string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return nil, errBadToken()
	}
	parts := strings.Split(string(raw), "\x00")
	if len(parts) != n+1 || parts[0] != kind {
		return nil, errBadToken()
	}
	return parts[1:], nil
}

// filterToken encodes a FilterLogEvents position.
func filterToken(p pos) string {
	return textToken("filter", strconv.FormatInt(p.TS, 10), strconv.FormatInt(p.ID, 10))
}

// parseFilterToken decodes a filterToken.
func parseFilterToken(tok string) (pos, error) {
	f, err := parseTextToken(tok, "filter", 2)
	if err != nil {
		return pos{}, err
	}
	ts, err1 := strconv.ParseInt(f[0], 10, 64)
	id, err2 := strconv.ParseInt(f[1], 10, 64)
	if err1 != nil || err2 != nil {
		return pos{}, errBadToken()
	}
	return pos{ts, id}, nil
}
