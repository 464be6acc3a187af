// Package workflow reads GitHub Actions workflow files into a typed model
// that berth's runner executes: triggers and their branch/path filters, jobs
// in dependency order, steps, permissions and concurrency.
//
// Parsing is strict in the way GitHub is strict: unknown keys, a step with
// both or neither of run and uses, needs naming a missing job, dependency
// cycles and duplicate step ids are errors. Constructs berth cannot run
// (service containers, job containers, reusable workflows) are errors too,
// naming the construct, so a workflow never silently runs differently than
// on GitHub. Every error carries the file and line.
//
// The package is pure: it reads bytes it is given and performs no I/O.
// Expressions are checked for syntax with package expr but evaluated only by
// the runner.
package workflow
