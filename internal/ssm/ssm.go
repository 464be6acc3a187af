// Package ssm is a small SSM Parameter Store (awsJson1_1, target prefix
// AmazonSSM): enough for CloudFormation's AWS::SSM::Parameter resources and
// parameter types, and for App Runner's RuntimeEnvironmentSecrets.
package ssm

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

const kind = "ssm.parameter"

// Parameter limits, as SSM documents them (standard tier).
const (
	maxValueBytes = 4096
	maxNameLen    = 2048
	maxHierarchy  = 15
)

var nameRE = regexp.MustCompile(`^[a-zA-Z0-9_.\-/]+$`)

// ErrNotFound is returned by Get for a missing parameter.
var ErrNotFound = errors.New("ssm: parameter not found")

// Param is a stored parameter.
type Param struct {
	Name           string
	Type           string // String, StringList, SecureString
	Value          string
	Description    string
	AllowedPattern string
	Version        int64
	LastModified   time.Time
	DataType       string
}

// API is the Parameter Store.
type API struct {
	st           *store.Store
	region, acct string
	svc          *awsapi.Service
	now          func() time.Time
}

// New declares the service's operations.
func New(st *store.Store, region, account string) *API {
	a := &API{st: st, region: region, acct: account, now: time.Now}
	a.svc = &awsapi.Service{SigningName: "ssm", TargetPrefix: "AmazonSSM", Protocol: awsapi.JSON11, EventSource: "ssm.amazonaws.com"}
	a.svc.Add(
		awsapi.Define(awsapi.Spec[PutParameterInput, PutParameterOutput]{Name: "PutParameter", Action: "ssm:PutParameter",
			Resources: func(_ *awsapi.Call, in *PutParameterInput) []string { return []string{a.ARN(in.Name)} }, Handler: a.put}),
		awsapi.Define(awsapi.Spec[GetParameterInput, GetParameterOutput]{Name: "GetParameter", Action: "ssm:GetParameter", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *GetParameterInput) []string { return []string{a.ARN(in.Name)} }, Handler: a.getOne}),
		awsapi.Define(awsapi.Spec[GetParametersInput, GetParametersOutput]{Name: "GetParameters", Action: "ssm:GetParameters", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *GetParametersInput) []string { return a.ARNs(in.Names) }, Handler: a.getMany}),
		awsapi.Define(awsapi.Spec[DeleteParameterInput, struct{}]{Name: "DeleteParameter", Action: "ssm:DeleteParameter",
			Resources: func(_ *awsapi.Call, in *DeleteParameterInput) []string { return []string{a.ARN(in.Name)} }, Handler: a.deleteOne}),
		awsapi.Define(awsapi.Spec[GetParametersByPathInput, GetParametersByPathOutput]{Name: "GetParametersByPath", Action: "ssm:GetParametersByPath", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *GetParametersByPathInput) []string { return []string{a.ARN(in.Path)} }, Handler: a.byPath}),
	)
	return a
}

// Service returns the declaration for the registry.
func (a *API) Service() *awsapi.Service { return a.svc }

// ARN is a parameter's ARN.
func (a *API) ARN(name string) string {
	return "arn:aws:ssm:" + a.region + ":" + a.acct + ":parameter/" + strings.TrimPrefix(name, "/")
}

// ARNs maps ARN over names.
func (a *API) ARNs(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, a.ARN(n))
	}
	return out
}

// normalize accepts a parameter's name or ARN.
func (a *API) normalize(name string) string {
	if strings.HasPrefix(name, "arn:") {
		if i := strings.Index(name, ":parameter"); i >= 0 {
			n := name[i+len(":parameter"):]
			if !strings.HasPrefix(n, "/") {
				n = "/" + n
			}
			return n
		}
	}
	return name
}

func key(name string) string { return name }

// Get returns a parameter by name or ARN (a Go API for other components).
func (a *API) Get(ctx context.Context, name string) (*Param, error) {
	name = a.normalize(name)
	var p Param
	if err := a.st.Get(ctx, kind, key(name), &p); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("ssm: get %s: %w", name, ErrNotFound)
		}
		return nil, err
	}
	return &p, nil
}

// Put stores a parameter (a Go API for other components); overwrite
// controls replacing an existing one. It returns the new version.
func (a *API) Put(ctx context.Context, p Param, overwrite bool) (int64, error) {
	if err := validateName(p.Name); err != nil {
		return 0, err
	}
	switch p.Type {
	case "":
		p.Type = "String"
	case "String", "StringList", "SecureString":
	default:
		return 0, awsapi.Errorf("UnsupportedParameterType", "The parameter type %s is not supported.", p.Type)
	}
	if p.Value == "" || len(p.Value) > maxValueBytes {
		return 0, awsapi.Errorf("ValidationException", "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length between 1 and %d", maxValueBytes)
	}
	if p.AllowedPattern != "" {
		re, err := regexp.Compile("^(?:" + p.AllowedPattern + ")$")
		if err != nil {
			return 0, awsapi.Errorf("InvalidAllowedPatternException", "The allowed pattern %s is not valid.", p.AllowedPattern)
		}
		if !re.MatchString(p.Value) {
			return 0, awsapi.Errorf("ParameterPatternMismatchException", "Parameter value, cannot be validated against allowedPattern: %s", p.AllowedPattern)
		}
	}
	if p.DataType == "" {
		p.DataType = "text"
	}
	p.LastModified = a.now().UTC()
	v, err := store.Update(ctx, a.st, kind, key(p.Name), true, func(cur *Param) error {
		if cur.Name != "" && !overwrite {
			return awsapi.Errorf("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.")
		}
		if cur.Name != "" && cur.Type != p.Type && (cur.Type == "SecureString" || p.Type == "SecureString") {
			return awsapi.Errorf("HierarchyTypeMismatchException", "The parameter type cannot be changed between SecureString and other types.")
		}
		ver := cur.Version + 1
		*cur = p
		cur.Version = ver
		return nil
	})
	if err != nil {
		return 0, err
	}
	return v.Version, nil
}

// Delete removes a parameter (a Go API for other components).
func (a *API) Delete(ctx context.Context, name string) error {
	name = a.normalize(name)
	if err := a.st.Delete(ctx, kind, key(name)); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return awsapi.Errorf("ParameterNotFound", "Parameter %s not found.", name)
		}
		return err
	}
	return nil
}

func validateName(n string) error {
	if n == "" || len(n) > maxNameLen || !nameRE.MatchString(n) {
		return awsapi.Errorf("ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.")
	}
	low := strings.ToLower(strings.TrimPrefix(n, "/"))
	if strings.HasPrefix(low, "aws") || strings.HasPrefix(low, "ssm") {
		return awsapi.Errorf("ValidationException", "No access to reserved parameter name: %s.", n)
	}
	if strings.Contains(n, "/") && !strings.HasPrefix(n, "/") {
		return awsapi.Errorf("ValidationException", "Parameter name must be a fully qualified name.")
	}
	if strings.Count(n, "/") > maxHierarchy {
		return awsapi.Errorf("HierarchyLevelLimitExceededException", "A hierarchy can have a maximum of 15 levels.")
	}
	return nil
}

// list returns parameters whose names start with prefix, sorted.
func (a *API) list(ctx context.Context, prefix string) ([]*Param, error) {
	ps, err := store.ListAll[Param](ctx, a.st, kind, prefix)
	if err != nil {
		return nil, err
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	return ps, nil
}
