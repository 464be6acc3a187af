// Package policy is berth's IAM policy language: it parses and validates
// policy documents the way IAM does (same MalformedPolicyDocument wording),
// and evaluates requests against them (explicit Deny beats Allow beats the
// implicit deny).
//
// The package is pure: no I/O, no clock, no globals that change. Everything a
// decision depends on arrives in a Request: the action, the resource ARN, the
// calling principal and the request context keys (aws:CurrentTime,
// aws:SourceIp, ...). Callers own where policies come from and which
// policies apply to a request; Evaluate only combines what it is given.
//
// Semantics follow the IAM User Guide ("IAM JSON policy elements reference",
// "Condition operators", "Policy variables", "Policy evaluation logic"); tests
// name the documented rule each case relies on.
package policy
