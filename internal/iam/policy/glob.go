package policy

import (
	"unicode"
	"unicode/utf8"
)

// IAM has three wildcard dialects, all built from '*' (any run of
// characters) and '?' (one character):
//   - Action and StringLike: wildcards anywhere, whole-string match (Action
//     case-insensitively).
//   - ArnLike/ArnEquals: the same, applied to each of the six colon-delimited
//     ARN components separately.
//   - Resource: wildcards work "within the individual segments of an ARN"; a
//     '*' that is the last character of a segment "can expand to match beyond
//     the colon boundaries" (IAM User Guide, Resource element).
// A pattern is a token list so that characters coming from policy variables
// or from the ${*} ${?} ${$} escapes stay literal.

type tokKind uint8

const (
	tokLit tokKind = iota
	tokStar
	tokQuest
)

// token is one element of a compiled wildcard pattern.
type token struct {
	kind tokKind
	lit  string
	// For Resource patterns: whether this wildcard may match ':'. A '?' never
	// may; a '*' may only when it ends its segment.
	crossColon bool
}

// appendText appends s, whose '*' and '?' are wildcards.
func appendText(toks []token, s string) []token {
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?':
			toks = appendLit(toks, s[start:i])
			if s[i] == '*' {
				// Consecutive stars are one star.
				if n := len(toks); n == 0 || toks[n-1].kind != tokStar {
					toks = append(toks, token{kind: tokStar, crossColon: true})
				}
			} else {
				toks = append(toks, token{kind: tokQuest, crossColon: true})
			}
			start = i + 1
		}
	}
	return appendLit(toks, s[start:])
}

// appendLit appends s as literal characters, merging with a preceding literal.
func appendLit(toks []token, s string) []token {
	if s == "" {
		return toks
	}
	if n := len(toks); n > 0 && toks[n-1].kind == tokLit {
		toks[n-1].lit += s
		return toks
	}
	return append(toks, token{kind: tokLit, lit: s})
}

// segmentRestrict applies the Resource element's segment rule in place and
// reports whether any '*' is confined to its segment (which needs the slower
// exhaustive matcher).
func segmentRestrict(toks []token) (restricted bool) {
	for i := range toks {
		switch toks[i].kind {
		case tokQuest:
			toks[i].crossColon = false
		case tokStar:
			last := i+1 == len(toks) || (toks[i+1].kind == tokLit && toks[i+1].lit[0] == ':')
			toks[i].crossColon = last
			if !last {
				restricted = true
			}
		}
	}
	return restricted
}

// isStarOnly reports whether toks is the single pattern "*".
func isStarOnly(toks []token) bool {
	return len(toks) == 1 && toks[0].kind == tokStar
}

// matchTokens reports whether toks matches all of s. fold makes literals
// case-insensitive. Wildcards whose crossColon is false never consume ':'.
// It is the classic greedy matcher with one backtrack point, which is exact
// as long as every '*' may consume the same characters; patterns with
// segment-confined stars must use matchTokensExhaustive.
func matchTokens(toks []token, s string, fold bool) bool {
	ti, si := 0, 0
	starTi, starSi := -1, 0
	for ti < len(toks) || si < len(s) {
		if ti < len(toks) {
			t := toks[ti]
			switch t.kind {
			case tokStar:
				starTi, starSi = ti, si
				ti++
				continue
			case tokQuest:
				if si < len(s) {
					if r, n := utf8.DecodeRuneInString(s[si:]); t.crossColon || r != ':' {
						si += n
						ti++
						continue
					}
				}
			case tokLit:
				if n, ok := hasPrefix(s[si:], t.lit, fold); ok {
					si += n
					ti++
					continue
				}
			}
		}
		if starTi >= 0 && starSi < len(s) {
			r, n := utf8.DecodeRuneInString(s[starSi:])
			if toks[starTi].crossColon || r != ':' {
				starSi += n
				si, ti = starSi, starTi+1
				continue
			}
		}
		return false
	}
	return true
}

// matchTokensExhaustive is matchTokens for patterns mixing colon-crossing and
// segment-confined stars, where one backtrack point is not enough. It
// simulates the pattern as an automaton over its characters: O(pattern ·
// input) time, O(pattern) memory, no recursion. Matching is case-sensitive.
func matchTokensExhaustive(toks []token, s string) bool {
	var prog []token // one entry per pattern character: literal rune, '?' or '*'
	for _, t := range toks {
		if t.kind != tokLit {
			prog = append(prog, t)
			continue
		}
		for i := 0; i < len(t.lit); {
			_, n := utf8.DecodeRuneInString(t.lit[i:])
			prog = append(prog, token{kind: tokLit, lit: t.lit[i : i+n]})
			i += n
		}
	}
	cur := make([]bool, len(prog)+1)
	next := make([]bool, len(prog)+1)
	// closure lets every reachable '*' also match the empty string.
	closure := func(v []bool) {
		for j := range prog {
			if v[j] && prog[j].kind == tokStar {
				v[j+1] = true
			}
		}
	}
	cur[0] = true
	closure(cur)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		ch := s[i : i+n] // compared as bytes, like matchTokens, so invalid UTF-8 stays distinct
		i += n
		clear(next)
		for j, in := range prog {
			if !cur[j] {
				continue
			}
			switch in.kind {
			case tokLit:
				if in.lit == ch {
					next[j+1] = true
				}
			case tokQuest:
				if in.crossColon || r != ':' {
					next[j+1] = true
				}
			case tokStar:
				if in.crossColon || r != ':' {
					next[j] = true
				}
			}
		}
		closure(next)
		cur, next = next, cur
	}
	return cur[len(prog)]
}

// hasPrefix reports whether s starts with prefix and how many bytes of s the
// prefix covers (which differs from len(prefix) only under case folding).
func hasPrefix(s, prefix string, fold bool) (int, bool) {
	if !fold {
		if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
			return len(prefix), true
		}
		return 0, false
	}
	si := 0
	for pi := 0; pi < len(prefix); {
		if si >= len(s) {
			return 0, false
		}
		pc, sc := prefix[pi], s[si]
		if pc < utf8.RuneSelf && sc < utf8.RuneSelf {
			if lowerASCII(pc) != lowerASCII(sc) {
				return 0, false
			}
			pi++
			si++
			continue
		}
		pr, pn := utf8.DecodeRuneInString(prefix[pi:])
		sr, sn := utf8.DecodeRuneInString(s[si:])
		if pr != sr && unicode.ToLower(pr) != unicode.ToLower(sr) && unicode.ToUpper(pr) != unicode.ToUpper(sr) {
			return 0, false
		}
		pi += pn
		si += sn
	}
	return si, true
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
