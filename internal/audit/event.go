// Package audit is berth's CloudTrail: every API call that reaches the
// operation registry (allowed, denied or failed) becomes a CloudTrail-shaped
// event, appended durably; LookupEvents reads them back and Suggest derives
// a least-privilege policy from what a role's sessions actually did.
package audit

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/awsapi"
)

// hidden replaces secret values, with CloudTrail's own marker.
const hidden = "HIDDEN_DUE_TO_SECURITY_REASONS"

// secretKeys are request/response members never written to the trail
// (compared lower-cased).
var secretKeys = map[string]bool{
	"webidentitytoken": true, "secretaccesskey": true, "sessiontoken": true,
	"password": true, "privatekey": true, "oldpassword": true, "newpassword": true,
	"clientsecret": true, "samlassertion": true, "token": true, "connectiontoken": true,
	"secretstring": true, "secretbinary": true, "randompassword": true,
}

// Event is a CloudTrail event record (eventVersion 1.08).
type Event struct {
	EventVersion      string          `json:"eventVersion"`
	UserIdentity      UserIdentity    `json:"userIdentity"`
	EventTime         string          `json:"eventTime"`
	EventSource       string          `json:"eventSource"`
	EventName         string          `json:"eventName"`
	AWSRegion         string          `json:"awsRegion"`
	SourceIPAddress   string          `json:"sourceIPAddress"`
	UserAgent         string          `json:"userAgent"`
	ErrorCode         string          `json:"errorCode,omitempty"`
	ErrorMessage      string          `json:"errorMessage,omitempty"`
	RequestParameters any             `json:"requestParameters"`
	ResponseElements  any             `json:"responseElements"`
	RequestID         string          `json:"requestID"`
	EventID           string          `json:"eventID"`
	ReadOnly          bool            `json:"readOnly"`
	Resources         []EventResource `json:"resources,omitempty"`
	EventType         string          `json:"eventType"`
	ManagementEvent   bool            `json:"managementEvent"`
	RecipientAccount  string          `json:"recipientAccountId"`
	EventCategory     string          `json:"eventCategory"`
	// IAMAction is berth's addition: the IAM action the call was authorized as.
	IAMAction string `json:"berthIamAction,omitempty"`
}

// EventResource names a resource an event touched.
type EventResource struct {
	ARN       string `json:"ARN"`
	AccountID string `json:"accountId"`
	Type      string `json:"type"`
}

// UserIdentity is CloudTrail's userIdentity element.
type UserIdentity struct {
	Type             string          `json:"type"`
	PrincipalID      string          `json:"principalId,omitempty"`
	ARN              string          `json:"arn,omitempty"`
	AccountID        string          `json:"accountId,omitempty"`
	AccessKeyID      string          `json:"accessKeyId,omitempty"`
	UserName         string          `json:"userName,omitempty"`
	IdentityProvider string          `json:"identityProvider,omitempty"`
	SessionContext   *SessionContext `json:"sessionContext,omitempty"`
}

// SessionContext describes the role session behind an assumed-role identity.
type SessionContext struct {
	SessionIssuer       SessionIssuer        `json:"sessionIssuer"`
	WebIDFederationData *WebIDFederationData `json:"webIdFederationData,omitempty"`
	Attributes          SessionAttributes    `json:"attributes"`
	SourceIdentity      string               `json:"sourceIdentity,omitempty"`
}

// SessionIssuer is the role a session was issued for.
type SessionIssuer struct {
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
	ARN         string `json:"arn"`
	AccountID   string `json:"accountId"`
	UserName    string `json:"userName"`
}

// WebIDFederationData names the OIDC provider of a federated session.
type WebIDFederationData struct {
	FederatedProvider string            `json:"federatedProvider"`
	Attributes        map[string]string `json:"attributes"`
}

// SessionAttributes are the session's creation facts.
type SessionAttributes struct {
	CreationDate     string `json:"creationDate"`
	MFAAuthenticated string `json:"mfaAuthenticated"`
}

// newEvent builds the CloudTrail event of a completed call.
func newEvent(c *awsapi.Call) *Event {
	e := &Event{
		EventVersion: "1.08", EventTime: c.Time.UTC().Format(time.RFC3339),
		EventSource: c.Service.EventSource, EventName: c.Operation.Name, AWSRegion: c.Region,
		SourceIPAddress: c.SourceIP, UserAgent: c.UserAgent, RequestID: c.RequestID,
		EventID: uuid.NewString(), ReadOnly: c.Operation.ReadOnly, EventType: "AwsApiCall",
		ManagementEvent: true, RecipientAccount: c.Account, EventCategory: "Management",
		UserIdentity: identity(c),
	}
	if c.Err != nil {
		e.ErrorCode, e.ErrorMessage = c.Err.Code, c.Err.Message
	}
	e.RequestParameters = redact(c.Input)
	if !c.Operation.ReadOnly && c.Err == nil {
		e.ResponseElements = redact(c.Output)
	}
	if c.Auth != nil {
		e.IAMAction = c.Auth.Action
		for _, arn := range c.Auth.Resources {
			if arn != "*" && strings.HasPrefix(arn, "arn:") {
				e.Resources = append(e.Resources, EventResource{ARN: arn, AccountID: c.Account, Type: ResourceType(arn)})
			}
		}
	}
	return e
}

func identity(c *awsapi.Call) UserIdentity {
	p := c.Principal
	if p == nil {
		p = &awsapi.Principal{Kind: awsapi.Anonymous}
	}
	switch p.Kind {
	case awsapi.Root:
		return UserIdentity{Type: "Root", PrincipalID: p.Account, ARN: p.ARN, AccountID: p.Account, AccessKeyID: p.AccessKeyID}
	case awsapi.AssumedRole:
		u := UserIdentity{Type: "AssumedRole", PrincipalID: p.UserID, ARN: p.ARN, AccountID: p.Account, AccessKeyID: p.AccessKeyID,
			SessionContext: &SessionContext{
				SessionIssuer:  SessionIssuer{Type: "Role", PrincipalID: p.RoleID, ARN: p.RoleARN, AccountID: p.Account, UserName: p.RoleName},
				Attributes:     SessionAttributes{CreationDate: p.IssuedAt.UTC().Format(time.RFC3339), MFAAuthenticated: "false"},
				SourceIdentity: p.SourceIdentity,
			}}
		if p.WebIdentity != nil {
			u.SessionContext.WebIDFederationData = &WebIDFederationData{FederatedProvider: p.WebIdentity.ProviderARN, Attributes: map[string]string{}}
		}
		return u
	case awsapi.IAMUser:
		return UserIdentity{Type: "IAMUser", PrincipalID: p.UserID, ARN: p.ARN, AccountID: p.Account, AccessKeyID: p.AccessKeyID,
			UserName: p.UserName}
	default:
		// Unsigned calls: AssumeRoleWithWebIdentity comes from a web identity user.
		return UserIdentity{Type: "WebIdentityUser", UserName: sessionName(c)}
	}
}

// Username is the LookupEvents Username of a call: "root", the role
// session name, the IAM user's name, or the session name requested by a
// web identity.
func Username(c *awsapi.Call) string {
	if c.Principal == nil {
		return sessionName(c)
	}
	switch c.Principal.Kind {
	case awsapi.Root:
		return "root"
	case awsapi.AssumedRole:
		return c.Principal.SessionName
	case awsapi.IAMUser:
		return c.Principal.UserName
	}
	return sessionName(c)
}

func sessionName(c *awsapi.Call) string {
	if c.Form != nil {
		return c.Form.Get("RoleSessionName")
	}
	return ""
}

// ResourceType maps an ARN to CloudTrail's resource type name.
func ResourceType(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	svc, res := parts[2], parts[5]
	kind := res
	if i := strings.IndexAny(res, "/:"); i >= 0 {
		kind = res[:i]
	}
	switch svc + ":" + kind {
	case "iam:role":
		return "AWS::IAM::Role"
	case "iam:policy":
		return "AWS::IAM::Policy"
	case "iam:user":
		return "AWS::IAM::User"
	case "iam:group":
		return "AWS::IAM::Group"
	case "iam:oidc-provider":
		return "AWS::IAM::OIDCProvider"
	case "cloudformation:stack":
		return "AWS::CloudFormation::Stack"
	case "cloudformation:changeSet":
		return "AWS::CloudFormation::ChangeSet"
	case "apprunner:service":
		return "AWS::AppRunner::Service"
	case "apprunner:connection":
		return "AWS::AppRunner::Connection"
	case "apprunner:autoscalingconfiguration":
		return "AWS::AppRunner::AutoScalingConfiguration"
	case "logs:log-group":
		return "AWS::Logs::LogGroup"
	case "ssm:parameter":
		return "AWS::SSM::Parameter"
	case "secretsmanager:secret":
		return "AWS::SecretsManager::Secret"
	}
	return "AWS::" + strings.ToUpper(svc[:1]) + svc[1:] + "::" + kind
}

// redact turns an input or output value into CloudTrail's JSON form:
// lowerCamel member names, secrets hidden, empty values dropped.
func redact(v any) any {
	if v == nil || (reflect.ValueOf(v).Kind() == reflect.Pointer && reflect.ValueOf(v).IsNil()) {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		return nil
	}
	out := clean(generic)
	if m, ok := out.(map[string]any); ok && len(m) == 0 {
		return nil
	}
	return out
}

func clean(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, val := range t {
			if secretKeys[strings.ToLower(k)] {
				if val != nil && val != "" {
					m[lowerCamel(k)] = hidden
				}
				continue
			}
			c := clean(val)
			if isEmpty(c) {
				continue
			}
			m[lowerCamel(k)] = c
		}
		return m
	case []any:
		out := make([]any, 0, len(t))
		for _, e := range t {
			out = append(out, clean(e))
		}
		return out
	}
	return v
}

func isEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return true
	case string:
		return t == "" || t == "0001-01-01T00:00:00Z"
	case map[string]any:
		return len(t) == 0
	case []any:
		return len(t) == 0
	case float64:
		return t == 0
	case bool:
		return !t
	}
	return false
}

func lowerCamel(s string) string {
	if s == "" || strings.ToLower(s[:1]) == s[:1] {
		return s
	}
	// Keep acronyms readable: "ARN" → "aRN" would be odd; CloudTrail lowers
	// the leading run ("RoleArn" → "roleArn", "ARN" → "arn").
	i := 1
	for i < len(s) && strings.ToUpper(s[i:i+1]) == s[i:i+1] && (i+1 == len(s) || strings.ToUpper(s[i+1:i+2]) == s[i+1:i+2]) {
		i++
	}
	return strings.ToLower(s[:i]) + s[i:]
}
