package actions

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/berth-dev/berth/internal/pipeline/workflow"
)

// native is one supported action: a name and a range of major versions.
type native struct {
	name       string
	minV, maxV int
	action     Action
}

// Registry maps `uses:` references to native actions.
type Registry struct {
	natives []native
}

// Deps are what some actions need from the host.
type Deps struct {
	// Checker runs pre-commit hooks for pre-commit/action; nil means
	// NativeChecker (package checks).
	Checker Checker
}

// NewRegistry returns the registry of every native action berth provides.
func NewRegistry(d Deps) *Registry {
	if d.Checker == nil {
		d.Checker = NativeChecker{}
	}
	return &Registry{natives: []native{
		{"actions/checkout", 2, 4, Checkout{}},
		{"pre-commit/action", 2, 3, PreCommit(d)},
		{"dorny/paths-filter", 2, 3, PathsFilter{}},
		{"aws-actions/configure-aws-credentials", 1, 4, ConfigureAWSCredentials{}},
		{"aws-actions/aws-cloudformation-github-deploy", 1, 1, CloudFormationDeploy{}},
		{"unfor19/install-aws-cli-action", 1, 1, InstallAWSCLI{}},
	}}
}

// Register adds (or replaces) a native action for name at majors
// minV..maxV; tests use it to stub an action.
func (r *Registry) Register(name string, minV, maxV int, a Action) {
	for i, n := range r.natives {
		if n.name == name {
			r.natives[i] = native{name, minV, maxV, a}
			return
		}
	}
	r.natives = append(r.natives, native{name, minV, maxV, a})
}

// Supported lists the supported actions as "name@vN" or "name@vN-vM".
func (r *Registry) Supported() []string {
	out := make([]string, 0, len(r.natives))
	for _, n := range r.natives {
		v := "v" + strconv.Itoa(n.minV)
		if n.maxV != n.minV {
			v += "-v" + strconv.Itoa(n.maxV)
		}
		out = append(out, n.name+"@"+v)
	}
	return out
}

// Lookup finds the native action for ref. Anything else, including local
// (./path) and docker:// actions and refs that are not version tags, is an
// error wrapping ErrUnsupportedAction that lists what is supported.
func (r *Registry) Lookup(ref workflow.ActionRef) (Action, error) {
	var uses string
	switch ref.Kind {
	case workflow.ActionLocal:
		uses = ref.Path
	case workflow.ActionDocker:
		uses = "docker://" + ref.Image
	default:
		uses = ref.Name() + "@" + ref.Ref
		name := strings.ToLower(ref.Name())
		for _, n := range r.natives {
			if n.name != name {
				continue
			}
			major, ok := MajorVersion(ref.Ref)
			if !ok {
				return nil, fmt.Errorf("%w %q: berth picks native actions by version tag (vN, vN.M.P), not %q; supported: %s",
					ErrUnsupportedAction, uses, ref.Ref, strings.Join(r.Supported(), ", "))
			}
			if major < n.minV || major > n.maxV {
				break
			}
			return n.action, nil
		}
	}
	return nil, fmt.Errorf("%w %q: berth runs only these actions (natively): %s",
		ErrUnsupportedAction, uses, strings.Join(r.Supported(), ", "))
}

// MajorVersion reads the major version of a tag such as v3, v3.0.0 or 3.1.
func MajorVersion(tag string) (int, bool) {
	t := strings.TrimPrefix(strings.TrimPrefix(tag, "V"), "v")
	head, _, _ := strings.Cut(t, ".")
	n, err := strconv.Atoi(head)
	if err != nil || n < 0 || head == "" || strings.HasPrefix(head, "+") {
		return 0, false
	}
	return n, true
}
