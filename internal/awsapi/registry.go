package awsapi

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Protocol is an AWS wire protocol.
type Protocol int

// Supported protocols.
const (
	Query  Protocol = iota + 1 // awsQuery: form POST, XML response
	JSON10                     // awsJson1_0
	JSON11                     // awsJson1_1
)

// Service describes one AWS service berth speaks: how requests reach it and
// its operations. Each service package builds one in a single place.
type Service struct {
	// SigningName is the SigV4 credential-scope service name ("sts", "iam", "logs"...).
	SigningName string
	// TargetPrefix is the X-Amz-Target prefix of awsJson services ("AppRunner", "Logs_20140328").
	TargetPrefix string
	// TargetAliases are other prefixes clients use for the same service
	// (the Go SDK sends "CloudTrail_20131101", botocore the long form).
	TargetAliases []string
	Protocol      Protocol
	// XMLNamespace and Version are used by awsQuery services.
	XMLNamespace string
	Version      string
	// EventSource names the service in audit events ("sts.amazonaws.com").
	EventSource string

	ops map[string]*Operation
}

// Operation is one API operation, declared once with what authorization and
// audit need: its IAM action and how to compute the resources it touches.
type Operation struct {
	Name   string
	Action string // IAM action, "iam:CreateRole"
	// Unsigned operations may be called without SigV4 (STS AssumeRoleWithWebIdentity).
	Unsigned bool
	// ReadOnly marks operations CloudTrail records as readOnly=true.
	ReadOnly bool

	newInput  func() any
	resources func(*Call, any) []string
	context   func(*Call, any) map[string][]string
	handle    func(context.Context, *Call, any) (any, error)
	noResult  bool
}

// Spec declares an operation with typed input and output. In is decoded
// from the request (form fields for awsQuery, JSON for awsJson); Out is
// encoded into the response.
type Spec[In, Out any] struct {
	Name     string
	Action   string
	Unsigned bool
	ReadOnly bool
	// Resources returns the ARNs the call touches; nil means "*".
	Resources func(c *Call, in *In) []string
	// Context returns request-specific IAM condition keys (iam:PassedToService...).
	Context func(c *Call, in *In) map[string][]string
	Handler func(ctx context.Context, c *Call, in *In) (*Out, error)
}

// NoOutput is the Out type of operations whose response carries only
// metadata (awsQuery omits the <OpResult> element for them).
type NoOutput struct{}

// Define turns a typed Spec into an Operation.
func Define[In, Out any](s Spec[In, Out]) *Operation {
	op := &Operation{
		Name:     s.Name,
		Action:   s.Action,
		Unsigned: s.Unsigned,
		ReadOnly: s.ReadOnly,
		newInput: func() any { return new(In) },
		handle: func(ctx context.Context, c *Call, in any) (any, error) {
			out, err := s.Handler(ctx, c, in.(*In))
			if err != nil {
				return nil, err
			}
			if out == nil {
				return nil, nil
			}
			return out, nil
		},
		noResult: reflect.TypeFor[Out]() == reflect.TypeFor[NoOutput](),
	}
	if s.Resources != nil {
		op.resources = func(c *Call, in any) []string { return s.Resources(c, in.(*In)) }
	}
	if s.Context != nil {
		op.context = func(c *Call, in any) map[string][]string { return s.Context(c, in.(*In)) }
	}
	return op
}

// Add registers operations with the service. Declaring an operation twice
// is a programming error and panics at startup.
func (s *Service) Add(ops ...*Operation) *Service {
	if s.ops == nil {
		s.ops = map[string]*Operation{}
	}
	for _, op := range ops {
		if _, dup := s.ops[op.Name]; dup {
			panic(fmt.Sprintf("awsapi: %s: operation %s declared twice", s.SigningName, op.Name))
		}
		if !strings.Contains(op.Action, ":") {
			panic(fmt.Sprintf("awsapi: %s: operation %s has no IAM action", s.SigningName, op.Name))
		}
		s.ops[op.Name] = op
	}
	return s
}

// Operation returns the named operation.
func (s *Service) Operation(name string) (*Operation, bool) {
	op, ok := s.ops[name]
	return op, ok
}

// Operations lists the service's operation names, sorted.
func (s *Service) Operations() []string {
	names := make([]string, 0, len(s.ops))
	for n := range s.ops {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Registry holds every service berth serves.
type Registry struct {
	bySigning map[string]*Service
	byTarget  map[string]*Service
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{bySigning: map[string]*Service{}, byTarget: map[string]*Service{}}
}

// Register adds a service.
func (r *Registry) Register(s *Service) {
	if _, dup := r.bySigning[s.SigningName]; dup {
		panic("awsapi: service registered twice: " + s.SigningName)
	}
	r.bySigning[s.SigningName] = s
	if s.TargetPrefix != "" {
		r.byTarget[s.TargetPrefix] = s
	}
	for _, a := range s.TargetAliases {
		r.byTarget[a] = s
	}
}

// Service returns the service with the given signing name.
func (r *Registry) Service(signingName string) (*Service, bool) {
	s, ok := r.bySigning[signingName]
	return s, ok
}

// Services lists registered services by signing name.
func (r *Registry) Services() []*Service {
	out := make([]*Service, 0, len(r.bySigning))
	for _, s := range r.bySigning {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SigningName < out[j].SigningName })
	return out
}

// byTargetPrefix finds a JSON service from an X-Amz-Target value.
func (r *Registry) byTargetPrefix(target string) (*Service, string, bool) {
	i := strings.LastIndexByte(target, '.')
	if i < 0 {
		return nil, "", false
	}
	s, ok := r.byTarget[target[:i]]
	return s, target[i+1:], ok
}
