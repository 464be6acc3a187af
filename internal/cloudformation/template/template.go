package template

import (
	"sort"
	"strings"
)

// Format is the syntax a template was written in.
type Format string

// Template syntaxes.
const (
	FormatJSON Format = "JSON"
	FormatYAML Format = "YAML"
)

// Pos is a place in the template body (1-based).
type Pos struct {
	Line, Column int
}

// Template is a parsed CloudFormation template. Values inside it are plain Go
// values: map[string]any, []any, string, json.Number, bool; intrinsic
// functions are kept in their long form ({"Fn::Sub": ...}, {"Ref": ...}).
// A Template is immutable after Parse and safe for concurrent reads.
type Template struct {
	// Format is the syntax the body was written in.
	Format Format
	// FormatVersion is AWSTemplateFormatVersion, empty when absent.
	FormatVersion string
	// Description is the template description.
	Description string
	// Metadata is the top-level Metadata section.
	Metadata map[string]any
	// Parameters by name.
	Parameters map[string]*Parameter
	// Mappings: map name → top-level key → second-level key → value.
	Mappings map[string]map[string]map[string]any
	// Conditions: condition name → its (unevaluated) definition.
	Conditions map[string]any
	// Rules is kept as written; berth does not evaluate rules.
	Rules map[string]any
	// Resources by logical id.
	Resources map[string]*Resource
	// Outputs by name.
	Outputs map[string]*Output

	paramOrder, resourceOrder, outputOrder, conditionOrder []string
	pos                                                    map[string]Pos
}

// Parameter is a declared template parameter.
type Parameter struct {
	Name string
	// Type as written: String, Number, List<Number>, CommaDelimitedList,
	// AWS::SSM::Parameter::Value<...>, or an AWS-specific type.
	Type string
	// Default is nil when the parameter has no default.
	Default               *string
	Description           string
	AllowedValues         []string
	AllowedPattern        string
	MinLength, MaxLength  *int
	MinValue, MaxValue    *float64
	ConstraintDescription string
	NoEcho                bool

	// minValue/maxValue keep the numbers as written, for messages.
	minValueText, maxValueText string
}

// Resource is a declared resource.
type Resource struct {
	LogicalID string
	Type      string
	// Properties is never nil.
	Properties          map[string]any
	DependsOn           []string
	Condition           string
	DeletionPolicy      string
	UpdateReplacePolicy string
	Metadata            map[string]any
	CreationPolicy      map[string]any
	UpdatePolicy        map[string]any
}

// Output is a declared output.
type Output struct {
	Name        string
	Value       any
	Description string
	Condition   string
	// ExportName is Export.Name (possibly an intrinsic), nil when not exported.
	ExportName any
}

// ParameterNames returns parameter names in declaration order.
func (t *Template) ParameterNames() []string { return append([]string(nil), t.paramOrder...) }

// ResourceNames returns logical ids in declaration order.
func (t *Template) ResourceNames() []string { return append([]string(nil), t.resourceOrder...) }

// OutputNames returns output names in declaration order.
func (t *Template) OutputNames() []string { return append([]string(nil), t.outputOrder...) }

// ConditionNames returns condition names in declaration order.
func (t *Template) ConditionNames() []string { return append([]string(nil), t.conditionOrder...) }

// Position returns where the value at a JSON pointer path
// ("/Resources/Bucket/Properties/BucketName") starts in the body. When the
// exact path is unknown (e.g. inside a value produced from a short-form tag)
// the nearest enclosing path's position is returned; ok reports whether
// any position was found.
func (t *Template) Position(path string) (Pos, bool) {
	for {
		if p, ok := t.pos[path]; ok {
			return p, true
		}
		i := strings.LastIndexByte(path, '/')
		if i < 0 {
			return Pos{}, false
		}
		path = path[:i]
	}
}

// Line is Position(path).Line, 0 when unknown.
func (t *Template) Line(path string) int {
	p, _ := t.Position(path)
	return p.Line
}

// errAt attaches the position of path to e.
func (t *Template) errAt(e *Error, path string) *Error {
	p, _ := t.Position(path)
	return e.at(path, p)
}

// pointer appends an escaped JSON pointer token to path.
func pointer(path, token string) string {
	if strings.ContainsAny(token, "~/") {
		token = strings.NewReplacer("~", "~0", "/", "~1").Replace(token)
	}
	return path + "/" + token
}

// declared returns the keys of a section in declaration order, falling back
// to sorted order when the order was not recorded (a section written as a
// tagged value).
func declared[V any](order []string, m map[string]V) []string {
	if len(order) == len(m) {
		return order
	}
	return sortedKeys(m)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
