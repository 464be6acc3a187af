package iam

import (
	"encoding/xml"
	"net/url"
	"testing"
	"time"
)

func TestEscapeDocument(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"Version": "2012-10-17"}`, `%7B%22Version%22%3A%20%222012-10-17%22%7D`},
		{"a+b\n", "a%2Bb%0A"},
		{"é~_.-", "%C3%A9~_.-"},
		{"", ""},
	}
	for _, c := range cases {
		if got := escapeDocument(c.in); got != c.want {
			t.Errorf("escapeDocument(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzEscapeDocument checks that what IAM's clients do to a document
// (a plain percent-decode) gives it back unchanged.
func FuzzEscapeDocument(f *testing.F) {
	f.Add(`{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)
	f.Add("a b+c%20\x00\xff")
	f.Fuzz(func(t *testing.T, doc string) {
		enc := escapeDocument(doc)
		for _, dec := range []func(string) (string, error){url.QueryUnescape, url.PathUnescape} {
			got, err := dec(enc)
			if err != nil || got != doc {
				t.Fatalf("decode(escape(%q)) = %q, %v", doc, got, err)
			}
		}
	})
}

func TestISOTimeAndLists(t *testing.T) {
	type out struct {
		When     isoTime
		Required list[string]
		Optional *list[string] `xml:",omitempty"`
	}
	b, err := xml.Marshal(out{When: isoTime(time.Date(2024, 5, 1, 12, 0, 0, 123, time.FixedZone("x", 3600)))})
	if err != nil {
		t.Fatal(err)
	}
	if want := `<out><When>2024-05-01T11:00:00Z</When><Required></Required></out>`; string(b) != want {
		t.Fatalf("got %s, want %s", b, want)
	}
}
