package audit

import (
	"context"
	"math"
	"strconv"

	"github.com/berth-dev/berth/internal/awsapi"
)

// LookupEvents limits, as CloudTrail has them.
const (
	defaultMaxResults = 50
	maxMaxResults     = 50
)

// API is the CloudTrail service (awsJson1_1): LookupEvents over the trail.
type API struct {
	trail *Trail
	svc   *awsapi.Service
}

// NewAPI declares CloudTrail's operations over trail.
func NewAPI(trail *Trail) *API {
	a := &API{trail: trail}
	a.svc = &awsapi.Service{SigningName: "cloudtrail", TargetPrefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101",
		TargetAliases: []string{"CloudTrail_20131101"}, Protocol: awsapi.JSON11, EventSource: "cloudtrail.amazonaws.com"}
	a.svc.Add(awsapi.Define(awsapi.Spec[LookupEventsInput, LookupEventsOutput]{
		Name: "LookupEvents", Action: "cloudtrail:LookupEvents", ReadOnly: true, Handler: a.lookupEvents,
	}))
	return a
}

// Service returns the declaration for the registry.
func (a *API) Service() *awsapi.Service { return a.svc }

// LookupAttribute is one lookup condition.
type LookupAttribute struct {
	AttributeKey   string `json:"AttributeKey"`
	AttributeValue string `json:"AttributeValue"`
}

// LookupEventsInput is LookupEvents' request.
type LookupEventsInput struct {
	LookupAttributes []LookupAttribute `json:"LookupAttributes"`
	StartTime        *float64          `json:"StartTime"`
	EndTime          *float64          `json:"EndTime"`
	EventCategory    string            `json:"EventCategory"`
	MaxResults       int               `json:"MaxResults"`
	NextToken        string            `json:"NextToken"`
}

// LookupEvent is one event in LookupEvents' result.
type LookupEvent struct {
	EventId         string           `json:"EventId"`
	EventName       string           `json:"EventName"`
	ReadOnly        string           `json:"ReadOnly"`
	AccessKeyId     string           `json:"AccessKeyId,omitempty"`
	EventTime       float64          `json:"EventTime"`
	EventSource     string           `json:"EventSource"`
	Username        string           `json:"Username,omitempty"`
	Resources       []lookupResource `json:"Resources"`
	CloudTrailEvent string           `json:"CloudTrailEvent"`
}

// LookupEventsOutput is LookupEvents' result.
type LookupEventsOutput struct {
	Events    []LookupEvent `json:"Events"`
	NextToken string        `json:"NextToken,omitempty"`
}

var validAttributes = map[string]bool{"EventId": true, "EventName": true, "ReadOnly": true, "Username": true,
	"ResourceType": true, "ResourceName": true, "EventSource": true, "AccessKeyId": true}

func (a *API) lookupEvents(ctx context.Context, _ *awsapi.Call, in *LookupEventsInput) (*LookupEventsOutput, error) {
	q := Query{Limit: defaultMaxResults}
	if len(in.LookupAttributes) > 1 {
		return nil, awsapi.Errorf("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.")
	}
	if len(in.LookupAttributes) == 1 {
		la := in.LookupAttributes[0]
		if !validAttributes[la.AttributeKey] {
			return nil, awsapi.Errorf("InvalidLookupAttributesException", "Lookup attribute key %q is not valid.", la.AttributeKey)
		}
		q.Attribute, q.Value = la.AttributeKey, la.AttributeValue
	}
	if in.MaxResults < 0 || in.MaxResults > maxMaxResults {
		return nil, awsapi.Errorf("InvalidMaxResultsException", "MaxResults must be between 1 and %d.", maxMaxResults)
	}
	if in.MaxResults > 0 {
		q.Limit = in.MaxResults
	}
	if in.StartTime != nil {
		q.StartMs = int64(math.Floor(*in.StartTime * 1000))
	}
	if in.EndTime != nil {
		q.EndMs = int64(math.Ceil(*in.EndTime * 1000))
	}
	if q.StartMs > 0 && q.EndMs > 0 && q.StartMs > q.EndMs {
		return nil, awsapi.Errorf("InvalidTimeRangeException", "Start time must be before end time.")
	}
	if in.NextToken != "" {
		n, err := strconv.ParseInt(in.NextToken, 36, 64)
		if err != nil || n <= 0 {
			return nil, awsapi.Errorf("InvalidNextTokenException", "The next token is not valid.")
		}
		q.BeforeSeq = n
	}
	limit := q.Limit
	q.Limit = limit + 1
	rows, err := a.trail.Find(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &LookupEventsOutput{Events: []LookupEvent{}}
	if len(rows) > limit {
		rows = rows[:limit]
		out.NextToken = strconv.FormatInt(rows[len(rows)-1].Seq, 36)
	}
	for _, r := range rows {
		res := r.Resources
		if res == nil {
			res = []lookupResource{}
		}
		out.Events = append(out.Events, LookupEvent{EventId: r.EventID, EventName: r.EventName, ReadOnly: strconv.FormatBool(r.ReadOnly),
			AccessKeyId: r.AccessKeyID, EventTime: float64(r.EventTimeMs) / 1000, EventSource: r.EventSource, Username: r.Username,
			Resources: res, CloudTrailEvent: r.Body})
	}
	return out, nil
}
