package iam

import (
	"strings"
	"time"
)

// escapeDocument URL-encodes a policy document the way IAM returns every
// policy document ("URL-encoded compliant with RFC 3986"): every byte but
// the unreserved characters A-Z a-z 0-9 - . _ ~ becomes %XX, so a space is
// %20, never '+'. botocore and the SDKs' users decode it with a plain
// percent-decoder (urllib's unquote, url.QueryUnescape), which is why '+'
// must not appear.
func escapeDocument(doc string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(doc) * 2)
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// isoTime is a timestamp as IAM writes it in XML: ISO 8601, UTC, whole
// seconds ("2024-05-01T12:00:00Z").
type isoTime time.Time

// MarshalText implements encoding.TextMarshaler for encoding/xml.
func (t isoTime) MarshalText() ([]byte, error) {
	return []byte(time.Time(t).UTC().Format("2006-01-02T15:04:05Z")), nil
}

// list is an awsQuery list: <Name><member>…</member></Name>. Unlike a
// `xml:"Name>member"` tag it is written even when empty (<Name></Name>),
// as AWS writes required lists, so clients see [] rather than no member.
type list[T any] struct {
	Member []T `xml:"member"`
}

// listOf wraps items.
func listOf[T any](items []T) list[T] { return list[T]{Member: items} }

// optList is listOf for optional lists: nil (element omitted) when empty.
func optList[T any](items []T) *list[T] {
	if len(items) == 0 {
		return nil
	}
	return &list[T]{Member: items}
}
