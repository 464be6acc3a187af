package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

// Trail is the durable event log. It implements awsapi.Recorder.
type Trail struct {
	st  *store.Store
	log *slog.Logger
}

var _ awsapi.Recorder = (*Trail)(nil)

// NewTrail returns a trail writing to st.
func NewTrail(st *store.Store, log *slog.Logger) *Trail { return &Trail{st: st, log: log} }

// lookupResource is a LookupEvents resource.
type lookupResource struct {
	ResourceType string
	ResourceName string
}

// Record appends the call's event. The write is synchronous so that an
// event is durable before its response leaves; a failure is logged, never
// returned to the caller.
func (t *Trail) Record(ctx context.Context, c *awsapi.Call) {
	if err := t.append(ctx, c); err != nil {
		t.log.Error("audit: append failed", "request_id", c.RequestID, "error", err)
	}
}

func (t *Trail) append(ctx context.Context, c *awsapi.Call) error {
	e := newEvent(c)
	body, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("audit: marshal: %w", err)
	}
	res := make([]lookupResource, 0, len(e.Resources))
	for _, r := range e.Resources {
		res = append(res, lookupResource{ResourceType: r.Type, ResourceName: r.ARN})
	}
	resJSON, _ := json.Marshal(res)
	role, key := "", ""
	if p := c.Principal; p != nil {
		key = p.AccessKeyID
		if p.Kind == awsapi.AssumedRole {
			role = p.RoleName
		}
	}
	ro := 0
	if e.ReadOnly {
		ro = 1
	}
	_, err = t.st.DB().ExecContext(ctx, `INSERT INTO audit_events
		(event_id, event_time, event_name, event_source, username, access_key_id, read_only, role_name, action, resources, error_code, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.EventID, c.Time.UnixMilli(), e.EventName, e.EventSource, Username(c), key, ro, role, e.IAMAction, string(resJSON), e.ErrorCode, string(body))
	if err != nil {
		return fmt.Errorf("audit: insert: %w", err)
	}
	return nil
}

// Query selects events for LookupEvents and Suggest.
type Query struct {
	Attribute string // LookupEvents attribute key, "" for none
	Value     string
	StartMs   int64 // inclusive, 0 = unbounded
	EndMs     int64 // inclusive, 0 = unbounded
	RoleName  string
	BeforeSeq int64 // paging: only events with seq < BeforeSeq (newest first)
	Limit     int
}

// Row is one stored event.
type Row struct {
	Seq         int64
	EventID     string
	EventTimeMs int64
	EventName   string
	EventSource string
	Username    string
	AccessKeyID string
	ReadOnly    bool
	RoleName    string
	Action      string
	Resources   []lookupResource
	ErrorCode   string
	Body        string
}

var attributeColumns = map[string]string{
	"EventId": "event_id", "EventName": "event_name", "Username": "username",
	"EventSource": "event_source", "AccessKeyId": "access_key_id", "ReadOnly": "read_only",
}

// Find returns events matching q, newest first.
func (t *Trail) Find(ctx context.Context, q Query) ([]Row, error) {
	var where []string
	var args []any
	if q.Attribute != "" {
		switch q.Attribute {
		case "ResourceName":
			where = append(where, `resources LIKE ? ESCAPE '\'`)
			args = append(args, `%"ResourceName":"`+likeEscape(q.Value)+`"%`)
		case "ResourceType":
			where = append(where, `resources LIKE ? ESCAPE '\'`)
			args = append(args, `%"ResourceType":"`+likeEscape(q.Value)+`"%`)
		case "ReadOnly":
			where = append(where, "read_only = ?")
			args = append(args, map[bool]int{true: 1, false: 0}[strings.EqualFold(q.Value, "true")])
		default:
			col, ok := attributeColumns[q.Attribute]
			if !ok {
				return nil, fmt.Errorf("audit: unknown attribute %q", q.Attribute)
			}
			where = append(where, col+" = ?")
			args = append(args, q.Value)
		}
	}
	if q.StartMs > 0 {
		where = append(where, "event_time >= ?")
		args = append(args, q.StartMs)
	}
	if q.EndMs > 0 {
		where = append(where, "event_time <= ?")
		args = append(args, q.EndMs)
	}
	if q.RoleName != "" {
		where = append(where, "role_name = ?")
		args = append(args, q.RoleName)
	}
	if q.BeforeSeq > 0 {
		where = append(where, "seq < ?")
		args = append(args, q.BeforeSeq)
	}
	sql := `SELECT seq, event_id, event_time, event_name, event_source, username, access_key_id, read_only, role_name, action, resources, error_code, body FROM audit_events`
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY seq DESC"
	if q.Limit > 0 {
		sql += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := t.st.DB().QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: find: %w", err)
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		var ro int
		var res string
		if err := rows.Scan(&r.Seq, &r.EventID, &r.EventTimeMs, &r.EventName, &r.EventSource, &r.Username, &r.AccessKeyID, &ro, &r.RoleName, &r.Action, &res, &r.ErrorCode, &r.Body); err != nil {
			return nil, fmt.Errorf("audit: find: %w", err)
		}
		r.ReadOnly = ro == 1
		json.Unmarshal([]byte(res), &r.Resources)
		out = append(out, r)
	}
	return out, rows.Err()
}

func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
