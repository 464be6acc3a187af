// Package wildcard matches IAM-style patterns: '*' is any run of
// characters, '?' exactly one. Matching is linear in practice (it
// backtracks only to the last star), never exponential.
package wildcard

// Match reports whether s matches pattern, byte by byte (callers fold
// case first where the rule is case-insensitive).
func Match(pattern, s string) bool {
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
