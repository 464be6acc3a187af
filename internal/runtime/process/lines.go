package process

import (
	"bufio"
	"errors"
	"io"
	"strings"
)

// maxLineBytes bounds one delivered line: a process that prints megabytes
// without a newline must not make berth buffer megabytes. Longer lines are
// delivered in pieces of at most this size.
const maxLineBytes = 16 << 10

// readLines delivers r's content to fn one line at a time, without the line
// terminator ("\n" or "\r\n"), splitting lines longer than max bytes and
// replacing invalid UTF-8 (log stores and JSON want text). A last line
// without a newline is delivered too. It returns at EOF (nil) or on a read
// error.
func readLines(r io.Reader, max int, fn func(line string)) error {
	if max < 16 {
		max = 16 // bufio's minimum buffer
	}
	br := bufio.NewReaderSize(r, max)
	for {
		chunk, _, err := br.ReadLine()
		if len(chunk) > 0 || err == nil {
			fn(strings.ToValidUTF8(string(chunk), "\uFFFD"))
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// tail keeps the last n lines seen, for error messages.
type tail struct {
	n     int
	lines []string
}

// add records one line, dropping the oldest beyond n. Lines are cut to 512
// bytes: a tail is for reading in an error message.
func (t *tail) add(line string) {
	if len(line) > 512 {
		line = strings.ToValidUTF8(line[:512], "") + "…"
	}
	t.lines = append(t.lines, line)
	if len(t.lines) > t.n {
		t.lines = append(t.lines[:0], t.lines[len(t.lines)-t.n:]...)
	}
}

// get returns a copy of the kept lines, oldest first.
func (t *tail) get() []string {
	return append([]string(nil), t.lines...)
}
