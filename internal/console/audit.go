package console

import (
	"context"
	"net"
	"net/http"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/awsapi"
)

// signinService and consoleLogin describe the ConsoleLogin event AWS's
// sign-in service writes to CloudTrail. They are not operations anyone can
// call: the console records them itself when someone signs in.
var (
	signinService = &awsapi.Service{SigningName: "signin", EventSource: "signin.amazonaws.com"}
	consoleLogin  = &awsapi.Operation{Name: "ConsoleLogin"}
)

// loginResult is ConsoleLogin's responseElements.
type loginResult struct {
	ConsoleLogin string `json:"ConsoleLogin"`
}

// recordLogin writes a ConsoleLogin event for p: Success, or Failure
// with CloudTrail's "Failed authentication". Attempts with unknown access
// keys name nobody and are not recorded.
func (c *Console) recordLogin(r *http.Request, p *awsapi.Principal, ok bool) {
	if c.opts.Recorder == nil || p == nil {
		return
	}
	call := &awsapi.Call{RequestID: uuid.NewString(), Time: c.opts.Now().UTC(), Service: signinService, Operation: consoleLogin,
		Principal: p, Account: c.opts.Account, Region: c.opts.Region, UserAgent: r.UserAgent(), Secure: r.TLS != nil,
		Output: &loginResult{ConsoleLogin: "Success"}}
	call.SourceIP, _, _ = net.SplitHostPort(r.RemoteAddr)
	if !ok {
		call.Output = nil
		call.Err = &awsapi.Error{Message: "Failed authentication", Status: http.StatusUnauthorized}
	}
	c.opts.Recorder.Record(context.WithoutCancel(r.Context()), call)
}
