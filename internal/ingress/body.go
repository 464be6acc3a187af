package ingress

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxChunkSize bounds a chunk-size line's value so the arithmetic on it
// cannot overflow.
const maxChunkSize = 1 << 62

// msgBody reads one HTTP/1 message body off a keep-alive connection:
// exactly Content-Length bytes, a chunked body (and its trailer section),
// or everything until the peer closes (responses only). It serves both the
// upstream responses and the HTTP/1 front's request bodies, lives inside
// the connection's state and is reset per message, so reading a body
// allocates nothing.
type msgBody struct {
	br      *bufio.Reader
	mode    bodyMode
	n       int64 // bytes left in the body (length) or the current chunk
	inChunk bool  // chunk data was read and its CRLF is still due
	err     error // sticky; io.EOF once the body ended cleanly
	trailer http.Header
}

type bodyMode uint8

const (
	bodyNone bodyMode = iota
	bodyLength
	bodyChunked
	bodyUntilClose
)

func (b *msgBody) reset(br *bufio.Reader, rh respHead) {
	*b = msgBody{br: br}
	switch {
	case rh.noBody || (!rh.chunked && rh.contentLength == 0):
		b.mode, b.err = bodyNone, io.EOF
	case rh.chunked:
		b.mode = bodyChunked
	case rh.contentLength > 0:
		b.mode, b.n = bodyLength, rh.contentLength
	default:
		b.mode = bodyUntilClose
	}
}

// done reports whether the body was read to its clean end.
func (b *msgBody) done() bool { return b.err == io.EOF }

func (b *msgBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	switch b.mode {
	case bodyLength:
		return b.readLength(p)
	case bodyChunked:
		return b.readChunked(p)
	default:
		n, err := b.br.Read(p)
		if err != nil {
			b.err = err
		}
		return n, err
	}
}

func (b *msgBody) readLength(p []byte) (int, error) {
	if int64(len(p)) > b.n {
		p = p[:b.n]
	}
	n, err := b.br.Read(p)
	b.n -= int64(n)
	switch {
	case b.n == 0:
		b.err = io.EOF
		return n, nil
	case err == io.EOF:
		b.err = io.ErrUnexpectedEOF
	case err != nil:
		b.err = err
	}
	return n, b.err
}

func (b *msgBody) readChunked(p []byte) (int, error) {
	for b.n == 0 {
		if b.inChunk {
			line, err := b.line()
			if err != nil {
				return 0, b.fail(err)
			}
			if len(line) != 0 {
				return 0, b.fail(fmt.Errorf("ingress: chunk not followed by CRLF: %w", ErrBadResponse))
			}
			b.inChunk = false
		}
		line, err := b.line()
		if err != nil {
			return 0, b.fail(err)
		}
		size, err := parseChunkSize(line)
		if err != nil {
			return 0, b.fail(err)
		}
		if size == 0 {
			if err := b.readTrailer(); err != nil {
				return 0, b.fail(err)
			}
			b.err = io.EOF
			return 0, io.EOF
		}
		b.n, b.inChunk = size, true
	}
	if int64(len(p)) > b.n {
		p = p[:b.n]
	}
	n, err := b.br.Read(p)
	b.n -= int64(n)
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		b.err = err
	}
	return n, err
}

func (b *msgBody) fail(err error) error {
	b.err = err
	return err
}

// line reads one line without its CRLF (or bare LF). Lines longer than the
// read buffer are an error: chunk-size lines are short.
func (b *msgBody) line() ([]byte, error) {
	line, err := b.br.ReadSlice('\n')
	if err == io.EOF {
		return nil, io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, fmt.Errorf("ingress: read chunk line: %w", err)
	}
	line = line[:len(line)-1]
	return bytes.TrimSuffix(line, []byte("\r")), nil
}

// readTrailer collects the trailer fields after the last chunk.
func (b *msgBody) readTrailer() error {
	for {
		line, err := b.line()
		if err != nil {
			return err
		}
		if len(line) == 0 {
			return nil
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || !validToken(string(line[:colon])) {
			return fmt.Errorf("ingress: trailer line: %w", ErrBadResponse)
		}
		if b.trailer == nil {
			b.trailer = make(http.Header)
		}
		key := canonicalKey(string(line[:colon]))
		b.trailer[key] = append(b.trailer[key], strings.Trim(string(line[colon+1:]), " \t"))
	}
}

// parseChunkSize reads the hex size of a chunk-size line, ignoring chunk
// extensions (";name=value").
func parseChunkSize(line []byte) (int64, error) {
	if i := bytes.IndexByte(line, ';'); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, " \t")
	if len(line) == 0 {
		return 0, fmt.Errorf("ingress: empty chunk size: %w", ErrBadResponse)
	}
	var n int64
	for _, c := range line {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, fmt.Errorf("ingress: chunk size %q: %w", truncate(line), ErrBadResponse)
		}
		if n >= maxChunkSize>>4 {
			return 0, fmt.Errorf("ingress: chunk size too large: %w", ErrBadResponse)
		}
		n = n<<4 | int64(d)
	}
	return n, nil
}
