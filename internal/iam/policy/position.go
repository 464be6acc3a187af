package policy

import (
	"sort"
	"unicode/utf8"
)

// Position is a line and column in a policy document, both 1-based, as IAM's
// policy simulator reports them in a MatchedStatement's StartPosition and
// EndPosition. Columns count characters, not bytes.
type Position struct {
	Line   int
	Column int
}

// lineIndex maps byte offsets to Positions for one document.
type lineIndex struct {
	src    string
	starts []int // byte offset of the first character of each line
}

func newLineIndex(src string) *lineIndex {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{src: src, starts: starts}
}

// at returns the Position of the character at byte offset off (off may be
// len(src), the position just past the end).
func (x *lineIndex) at(off int) Position {
	line := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	if line < 0 {
		line = 0
	}
	col := utf8.RuneCountInString(x.src[x.starts[line]:off]) + 1
	return Position{Line: line + 1, Column: col}
}
