// Package expr implements the GitHub Actions expression language: the
// `${{ }}` syntax found in workflow files.
//
// The package is pure: it performs no I/O. Everything an expression can read
// (the github, env, secrets, steps... contexts, the job status used by
// success()/failure(), and hashFiles) is supplied by the caller through a
// Context, so berth's workflow runner decides where those values come from.
//
// Semantics follow GitHub's runner (actions/runner, Expressions2): loose
// equality with JavaScript-like coercion to numbers, case-insensitive string
// comparison, && and || returning operand values, unknown properties reading
// as null, and object filters (a.*.b).
package expr
