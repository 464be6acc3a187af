package console

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// lookupAttributes are the filters CloudTrail's LookupEvents takes (one
// at a time, as in the AWS console).
var lookupAttributes = []struct{ Key, Label string }{
	{"Username", "User name"},
	{"EventName", "Event name"},
	{"EventSource", "Event source"},
	{"ResourceName", "Resource name"},
	{"ResourceType", "Resource type"},
	{"AccessKeyId", "Access key ID"},
	{"ReadOnly", "Read only"},
	{"EventId", "Event ID"},
}

// activityView is the Activity page.
type activityView struct {
	Attributes []struct{ Key, Label string }
	Attr       string
	Value      string
	Events     []activityRow
	Err        *apiError
	Next       string // the older page's URL
}

// activityRow is one event, with the members of its CloudTrail record
// LookupEvents does not list by themselves.
type activityRow struct {
	trailEvent
	Time      time.Time
	SourceIP  string
	ErrorCode string
	Detail    string // the record, indented
}

func (c *Console) activityPage(w http.ResponseWriter, r *http.Request, s *session) {
	q := r.URL.Query()
	v := &activityView{Attributes: lookupAttributes, Attr: q.Get("attr"), Value: q.Get("value")}
	valid := false
	for _, a := range lookupAttributes {
		valid = valid || a.Key == v.Attr
	}
	if !valid {
		v.Attr = "Username"
	}
	in := map[string]any{"MaxResults": 50}
	if v.Value != "" {
		in["LookupAttributes"] = []map[string]string{{"AttributeKey": v.Attr, "AttributeValue": v.Value}}
	}
	if next := q.Get("next"); next != "" {
		in["NextToken"] = next
	}
	var out lookupEventsOut
	if err := c.call(r.Context(), s.principal, "cloudtrail", "LookupEvents", in, &out); err != nil {
		v.Err = c.explain(err)
	}
	for _, e := range out.Events {
		row := activityRow{trailEvent: e, Time: e.EventTime.Time, Detail: prettyJSON(e.CloudTrailEvent)}
		var rec struct {
			SourceIPAddress string `json:"sourceIPAddress"`
			ErrorCode       string `json:"errorCode"`
			ErrorMessage    string `json:"errorMessage"`
		}
		if json.Unmarshal([]byte(e.CloudTrailEvent), &rec) == nil {
			row.SourceIP, row.ErrorCode = rec.SourceIPAddress, rec.ErrorCode
			if row.ErrorCode == "" && rec.ErrorMessage != "" {
				row.ErrorCode = rec.ErrorMessage
			}
		}
		v.Events = append(v.Events, row)
	}
	if out.NextToken != "" {
		nq := url.Values{"next": {out.NextToken}}
		if v.Value != "" {
			nq.Set("attr", v.Attr)
			nq.Set("value", v.Value)
		}
		v.Next = "/console/activity?" + nq.Encode()
	}
	c.render(w, r, s, http.StatusOK, "activity", "Activity", v)
}
