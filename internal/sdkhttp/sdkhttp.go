// Package sdkhttp is the HTTP client berth gives aws-sdk-go-v2 when it
// calls a berth server: its own CLI commands, the pipeline's native
// actions and the tests.
//
// The SDK's default client races with net/http on a loaded machine
// (aws/aws-sdk-go-v2#2737): net/http writes a request body straight to
// the socket, the server answers, the SDK gets the response and closes
// the request body while net/http's write loop is still checking that
// body for extra bytes; that check then fails with io.EOF, and the
// transport closes the connection under the response being read
// ("use of closed network connection"). The SDK retries that error by
// default, but a retry re-runs an operation that already took effect.
// This client never lets the race start: it hands net/http a private
// in-memory copy of the body, which nothing else closes.
package sdkhttp

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// MaxBody bounds the request bodies the client copies; berth's API
// refuses larger ones anyway (awsapi's 2 MiB limit).
const MaxBody = 8 << 20

// Client is an aws.HTTPClient that sends each request with a private
// copy of its body.
type Client struct {
	next aws.HTTPClient
}

// New returns a Client over the SDK's default buildable client.
func New() *Client { return Wrap(awshttp.NewBuildableClient()) }

// Wrap returns a Client sending through next, e.g. the client
// config.LoadDefaultConfig built (with AWS_CA_BUNDLE applied).
func Wrap(next aws.HTTPClient) *Client {
	if c, ok := next.(*Client); ok {
		return c
	}
	return &Client{next: next}
}

// Do sends r with its body copied into memory.
func (c *Client) Do(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return c.next.Do(r)
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	r.Body.Close()
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBody {
		return nil, errors.New("sdkhttp: request body larger than 8 MiB")
	}
	out := r.Clone(r.Context())
	out.Body = io.NopCloser(bytes.NewReader(data))
	out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	out.ContentLength = int64(len(data))
	return c.next.Do(out)
}
