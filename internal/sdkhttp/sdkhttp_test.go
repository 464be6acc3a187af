package sdkhttp

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// recorder is a next client that keeps the request it was given.
type recorder struct {
	req   *http.Request
	calls int
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	r.req, r.calls = req, r.calls+1
	return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
}

// closable is a request body that fails once closed, as smithy-go's does
// (its WriteTo answers io.EOF after Close).
type closable struct {
	*strings.Reader
	closed bool
}

func (c *closable) Read(p []byte) (int, error) {
	if c.closed {
		return 0, io.EOF
	}
	return c.Reader.Read(p)
}

func (c *closable) Close() error { c.closed = true; return nil }

func TestDoSendsAPrivateCopy(t *testing.T) {
	next := &recorder{}
	body := &closable{Reader: strings.NewReader(`{"a":1}`)}
	req := httptest.NewRequest("POST", "http://berth/", body)
	req.ContentLength = -1
	if _, err := Wrap(next).Do(req); err != nil {
		t.Fatal(err)
	}
	if !body.closed {
		t.Error("the caller's body was not closed")
	}
	// The caller closing its body again must not touch what is sent.
	body.Close()
	got, _ := io.ReadAll(next.req.Body)
	if string(got) != `{"a":1}` || next.req.ContentLength != 7 {
		t.Fatalf("sent %q with length %d", got, next.req.ContentLength)
	}
	again, _ := next.req.GetBody()
	if b, _ := io.ReadAll(again); string(b) != `{"a":1}` {
		t.Fatalf("GetBody gave %q", b)
	}
	if req.Body == next.req.Body {
		t.Error("the caller's request was sent as it is")
	}
}

func TestDoWithoutBody(t *testing.T) {
	next := &recorder{}
	req := httptest.NewRequest("GET", "http://berth/", nil)
	if _, err := Wrap(next).Do(req); err != nil {
		t.Fatal(err)
	}
	if next.req != req {
		t.Error("a request without a body should pass through unchanged")
	}
}

func TestDoRefusesHugeBodies(t *testing.T) {
	next := &recorder{}
	req := httptest.NewRequest("POST", "http://berth/", bytes.NewReader(make([]byte, MaxBody+1)))
	if _, err := Wrap(next).Do(req); err == nil || next.calls != 0 {
		t.Fatalf("err %v, calls %d", err, next.calls)
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestDoReportsBodyErrors(t *testing.T) {
	next := &recorder{}
	req := httptest.NewRequest("POST", "http://berth/", failing{})
	if _, err := Wrap(next).Do(req); err == nil || !strings.Contains(err.Error(), "disk on fire") || next.calls != 0 {
		t.Fatalf("err %v, calls %d", err, next.calls)
	}
}

func TestWrapIsIdempotent(t *testing.T) {
	c := New()
	var h aws.HTTPClient = c
	if Wrap(h) != c {
		t.Error("wrapping a Client twice copies bodies twice")
	}
}

// TestRoundTrip sends through a real transport and server.
func TestRoundTrip(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(w, r.Body)
	}))
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL, &closable{Reader: strings.NewReader("hello")})
	req.ContentLength = 5
	resp, err := New().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if b, _ := io.ReadAll(resp.Body); string(b) != "hello" {
		t.Fatalf("echo %q", b)
	}
}
