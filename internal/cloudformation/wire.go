package cloudformation

import (
	"time"

	"github.com/berth-dev/berth/internal/cloudformation/engine"
	"github.com/berth-dev/berth/internal/cloudformation/template"
)

// isoTime is a timestamp as CloudFormation writes it in XML: ISO 8601,
// UTC, milliseconds.
type isoTime time.Time

// MarshalText implements encoding.TextMarshaler for encoding/xml.
func (t isoTime) MarshalText() ([]byte, error) {
	return []byte(time.Time(t).UTC().Format("2006-01-02T15:04:05.000Z")), nil
}

// optTime is an optional timestamp (nil for the zero time).
func optTime(t time.Time) *isoTime {
	if t.IsZero() {
		return nil
	}
	v := isoTime(t)
	return &v
}

// list is an awsQuery list written even when empty, so clients see [].
type list[T any] struct {
	Member []T `xml:"member"`
}

func listOf[T any](items []T) list[T] { return list[T]{Member: items} }

// optList is omitted when empty.
func optList[T any](items []T) *list[T] {
	if len(items) == 0 {
		return nil
	}
	return &list[T]{Member: items}
}

// Parameter is a stack parameter, in requests and responses.
type Parameter struct {
	ParameterKey     string
	ParameterValue   string `xml:",omitempty"`
	UsePreviousValue bool   `xml:"-"`
	ResolvedValue    string `xml:",omitempty"`
}

// Tag is a stack tag.
type Tag struct {
	Key, Value string
}

type outputXML struct {
	OutputKey   string
	OutputValue string
	Description string `xml:",omitempty"`
	ExportName  string `xml:",omitempty"`
}

type opEntryXML struct {
	OperationType, OperationId string
}

type driftXML struct {
	StackDriftStatus string
}

type stackXML struct {
	StackId                     string
	StackName                   string
	ChangeSetId                 string `xml:",omitempty"`
	Description                 string `xml:",omitempty"`
	Parameters                  *list[Parameter]
	CreationTime                isoTime
	DeletionTime                *isoTime
	LastUpdatedTime             *isoTime
	StackStatus                 string
	StackStatusReason           string `xml:",omitempty"`
	DisableRollback             bool
	NotificationARNs            list[string]
	TimeoutInMinutes            int `xml:",omitempty"`
	Capabilities                *list[string]
	Outputs                     *list[outputXML]
	RoleARN                     string `xml:",omitempty"`
	Tags                        list[Tag]
	EnableTerminationProtection bool
	DriftInformation            driftXML
	RetainExceptOnCreate        bool
	DeletionMode                string
	LastOperations              *list[opEntryXML]
}

func parameters(c *engine.Config) []Parameter {
	var out []Parameter
	for _, p := range c.Masked() {
		out = append(out, Parameter{ParameterKey: p.Key, ParameterValue: p.Value, ResolvedValue: p.ResolvedValue})
	}
	return out
}

func tags(ts []engine.Tag) []Tag {
	out := make([]Tag, 0, len(ts))
	for _, t := range ts {
		out = append(out, Tag{Key: t.Key, Value: t.Value})
	}
	return out
}

func stackView(s *engine.Stack) stackXML {
	x := stackXML{StackId: s.ID, StackName: s.Name, ChangeSetId: s.ChangeSetID, Description: s.Config.Description,
		Parameters: optList(parameters(&s.Config)), CreationTime: isoTime(s.Created), DeletionTime: optTime(s.Deleted),
		LastUpdatedTime: optTime(s.Updated), StackStatus: s.Status, StackStatusReason: s.StatusReason,
		DisableRollback: s.DisableRollback, NotificationARNs: listOf(s.Config.NotificationARNs),
		TimeoutInMinutes: s.Config.TimeoutInMinutes, Capabilities: optList(s.Config.Capabilities),
		RoleARN: s.Config.RoleARN, Tags: listOf(tags(s.Config.Tags)), EnableTerminationProtection: s.EnableTerminationProtection,
		DriftInformation: driftXML{StackDriftStatus: "NOT_CHECKED"}, RetainExceptOnCreate: s.RetainExceptOnCreate,
		DeletionMode: "STANDARD"}
	if s.Status == engine.StackReviewInProgress {
		x.Parameters, x.Description = nil, ""
	}
	var outs []outputXML
	for _, o := range s.Outputs {
		outs = append(outs, outputXML{OutputKey: o.Key, OutputValue: o.Value, Description: o.Description, ExportName: o.ExportName})
	}
	x.Outputs = optList(outs)
	var ops []opEntryXML
	for _, o := range s.LastOps {
		ops = append(ops, opEntryXML{OperationType: o.Type, OperationId: o.ID})
	}
	x.LastOperations = optList(ops)
	return x
}

type stackEventXML struct {
	StackId              string
	EventId              string
	StackName            string
	OperationId          string `xml:",omitempty"`
	LogicalResourceId    string
	PhysicalResourceId   string
	ResourceType         string
	Timestamp            isoTime
	ResourceStatus       string
	ResourceStatusReason string `xml:",omitempty"`
	ResourceProperties   string `xml:",omitempty"`
	ClientRequestToken   string `xml:",omitempty"`
}

func eventView(e *engine.Event) stackEventXML {
	return stackEventXML{StackId: e.StackID, EventId: e.ID, StackName: e.StackName, OperationId: e.OperationID,
		LogicalResourceId: e.LogicalID, PhysicalResourceId: e.PhysicalID, ResourceType: e.ResourceType,
		Timestamp: isoTime(e.Time), ResourceStatus: e.Status, ResourceStatusReason: e.Reason,
		ResourceProperties: e.Properties, ClientRequestToken: e.ClientRequestToken}
}

type parameterDeclXML struct {
	ParameterKey         string
	DefaultValue         string `xml:",omitempty"`
	ParameterType        string
	NoEcho               bool
	Description          string `xml:",omitempty"`
	ParameterConstraints struct {
		AllowedValues *list[string]
	}
}

type templateParameterXML struct {
	ParameterKey string
	DefaultValue string `xml:",omitempty"`
	NoEcho       bool
	Description  string `xml:",omitempty"`
}

func summaryParams(s template.Summary) ([]parameterDeclXML, []templateParameterXML) {
	var decls []parameterDeclXML
	var tps []templateParameterXML
	for _, p := range s.Parameters {
		def := ""
		if p.Default != nil {
			def = *p.Default
		}
		d := parameterDeclXML{ParameterKey: p.Key, DefaultValue: def, ParameterType: p.Type, NoEcho: p.NoEcho, Description: p.Description}
		d.ParameterConstraints.AllowedValues = optList(p.AllowedValues)
		decls = append(decls, d)
		tps = append(tps, templateParameterXML{ParameterKey: p.Key, DefaultValue: def, NoEcho: p.NoEcho, Description: p.Description})
	}
	return decls, tps
}
