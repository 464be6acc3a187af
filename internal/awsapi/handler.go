package awsapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// DefaultMaxBody bounds request bodies. CloudFormation's largest inline
// template is 51,200 bytes and PutLogEvents batches are at most 1 MiB.
const DefaultMaxBody = 2 << 20

// ErrUnknownAccessKey is returned by a CredentialStore for keys it does not know.
var ErrUnknownAccessKey = errors.New("awsapi: unknown access key")

// Handler serves every registered AWS API on one endpoint, the way the
// SDKs address it: service and operation from the SigV4 scope, the form
// Action, or X-Amz-Target. Every call goes through authentication,
// authorization and the audit recorder here, so no operation can skip them.
type Handler struct {
	Registry    *Registry
	Credentials CredentialStore
	Authorizer  Authorizer
	Recorder    Recorder // optional
	Account     string
	Region      string
	Logger      *slog.Logger
	Now         func() time.Time // optional, for tests
	MaxBody     int64            // optional, DefaultMaxBody when zero
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &Call{RequestID: uuid.NewString(), Time: h.now().UTC(), Account: h.Account, Region: h.Region,
		UserAgent: r.UserAgent(), Secure: r.TLS != nil}
	c.SourceIP, _, _ = net.SplitHostPort(r.RemoteAddr)
	proto := Query
	if r.Header.Get("X-Amz-Target") != "" {
		proto = JSON11
	}
	defer func() {
		if v := recover(); v != nil {
			h.Logger.Error("panic in API handler", "request_id", c.RequestID, "panic", v, "stack", string(debug.Stack()))
			h.fail(w, c, proto, errors.New("panic"))
		}
	}()
	ctx := WithCall(r.Context(), c)

	max := h.MaxBody
	if max == 0 {
		max = DefaultMaxBody
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		h.fail(w, c, proto, Errorf(CodeValidation, "Could not read the request body."))
		return
	}
	if int64(len(body)) > max {
		h.fail(w, c, proto, &Error{Code: CodeRequestTooLarge, Message: "Request body is larger than the limit of " + strconv.FormatInt(max, 10) + " bytes.", Status: http.StatusRequestEntityTooLarge})
		return
	}
	c.Body = body

	sig, err := ParseSignature(r)
	if err != nil {
		h.fail(w, c, proto, err)
		return
	}
	svc, op, form, err := h.route(r, body, sig)
	if svc != nil {
		proto = svc.Protocol
		c.Service = svc
	}
	c.Operation, c.Form = op, form
	if err != nil {
		h.fail(w, c, proto, err)
		return
	}
	if err := h.authenticate(ctx, r, body, sig, c); err != nil {
		h.fail(w, c, proto, err)
		return
	}

	in := op.newInput()
	if err := decodeInput(proto, form, body, in); err != nil {
		h.fail(w, c, proto, err)
		return
	}
	c.Input = in
	if err := checkRequired(in, proto); err != nil {
		h.fail(w, c, proto, err)
		return
	}
	a := Authorization{Action: op.Action, Resources: []string{"*"}}
	if op.resources != nil {
		a.Resources = op.resources(c, in)
	}
	if op.context != nil {
		a.Context = op.context(c, in)
	}
	c.Auth = &a
	if !op.Unsigned && !c.Principal.IsRoot() {
		if err := h.Authorizer.Authorize(ctx, c, a); err != nil {
			h.fail(w, c, proto, err)
			return
		}
	}
	out, err := op.handle(ctx, c, in)
	if err != nil {
		h.fail(w, c, proto, err)
		return
	}
	c.Output = out
	h.succeed(w, c, proto, out)
}

// route finds the service and operation a request addresses.
func (h *Handler) route(r *http.Request, body []byte, sig *Signature) (*Service, *Operation, url.Values, error) {
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		svc, name, ok := h.Registry.byTargetPrefix(target)
		if !ok {
			return nil, nil, nil, Errorf(CodeUnknownOperation, "Operation %s is not supported by this endpoint.", target)
		}
		op, ok := svc.Operation(name)
		if !ok {
			return svc, nil, nil, Errorf(CodeUnknownOperation, "Operation %s is not supported by this endpoint.", target)
		}
		return svc, op, nil, nil
	}
	form := r.URL.Query()
	if r.Method == http.MethodPost && len(body) > 0 {
		ct := r.Header.Get("Content-Type")
		if ct != "" && !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
			return nil, nil, nil, Errorf(CodeValidation, "Unsupported Content-Type %q: expected application/x-www-form-urlencoded or an X-Amz-Target header.", ct)
		}
		bf, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, nil, nil, Errorf(CodeMalformedQuery, "The request body is not a valid form-urlencoded query.")
		}
		for k, v := range bf {
			form[k] = append(form[k], v...)
		}
	}
	for _, k := range []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"} {
		form.Del(k)
	}
	action := form.Get("Action")
	var svc *Service
	if sig != nil {
		s, ok := h.Registry.Service(sig.Service)
		if !ok {
			return nil, nil, form, Errorf(CodeInvalidAction, "The service '%s' is not available at this endpoint.", sig.Service)
		}
		svc = s
	} else {
		// Unsigned requests can only be for operations AWS lets through without SigV4.
		for _, s := range h.Registry.Services() {
			if op, ok := s.Operation(action); ok && op.Unsigned && s.Protocol == Query {
				svc = s
			}
		}
		if svc == nil {
			return nil, nil, form, &authError{kind: authMissing, msg: msgMissingAuth}
		}
	}
	if svc.Protocol != Query {
		return svc, nil, form, Errorf(CodeUnknownOperation, "Requests to this service must carry an X-Amz-Target header.")
	}
	if action == "" {
		return svc, nil, form, Errorf(CodeMissingAction, "The request must contain the parameter Action.")
	}
	op, ok := svc.Operation(action)
	if !ok {
		return svc, nil, form, Errorf(CodeInvalidAction, "Could not find operation %s for version %s", action, form.Get("Version"))
	}
	return svc, op, form, nil
}

// authenticate resolves the request's principal, verifying its signature.
func (h *Handler) authenticate(ctx context.Context, r *http.Request, body []byte, sig *Signature, c *Call) error {
	if sig == nil {
		if c.Operation.Unsigned {
			c.Principal = &Principal{Kind: Anonymous, Account: h.Account}
			return nil
		}
		return &authError{kind: authMissing, msg: msgMissingAuth}
	}
	if sig.Region != "" {
		c.Region = sig.Region
	}
	creds, err := h.Credentials.LookupAccessKey(ctx, sig.AccessKeyID)
	if errors.Is(err, ErrUnknownAccessKey) {
		return &authError{kind: authUnknownKey, msg: msgInvalidToken}
	}
	if err != nil {
		return err
	}
	if creds.SessionToken != sig.SecurityToken {
		return &authError{kind: authUnknownKey, msg: msgInvalidToken}
	}
	now := h.now()
	if !creds.Expires.IsZero() && now.After(creds.Expires) {
		return &authError{kind: authExpiredToken, msg: msgExpiredToken}
	}
	if err := sig.Verify(r, body, creds.SecretAccessKey, now); err != nil {
		return err
	}
	c.Principal = creds.Principal
	return nil
}

func decodeInput(p Protocol, form url.Values, body []byte, in any) error {
	if p == Query {
		return decodeQuery(form, in)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(in); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return Errorf(CodeSerialization, "Unexpected value type for field '%s': expected %s.", te.Field, te.Type)
		}
		return Errorf(CodeSerialization, "The request body is not valid JSON.")
	}
	if dec.More() {
		return Errorf(CodeSerialization, "The request body has data after its JSON value.")
	}
	return nil
}

func (h *Handler) succeed(w http.ResponseWriter, c *Call, p Protocol, out any) {
	var buf bytes.Buffer
	if p == Query {
		if err := writeQueryResponse(&buf, c.Service, c.Operation, out, c.RequestID); err != nil {
			h.fail(w, c, p, err)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
	} else {
		if out == nil {
			buf.WriteString("{}")
		} else if err := json.NewEncoder(&buf).Encode(out); err != nil {
			h.fail(w, c, p, err)
			return
		}
		w.Header().Set("Content-Type", jsonContentType(p))
	}
	w.Header().Set("x-amzn-RequestId", c.RequestID)
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	h.record(c)
}

// fail renders err in the protocol's error shape and logs it once.
func (h *Handler) fail(w http.ResponseWriter, c *Call, p Protocol, err error) {
	e := asError(err, p)
	c.Err = e
	if e.Code == CodeInternalFailure {
		h.Logger.Error("api call failed", "request_id", c.RequestID, "operation", opName(c), "error", err)
	} else {
		h.Logger.Debug("api call refused", "request_id", c.RequestID, "operation", opName(c), "code", e.Code, "message", e.Message)
	}
	w.Header().Set("x-amzn-RequestId", c.RequestID)
	if p == Query {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(e.Status)
		writeQueryError(w, e, c.RequestID)
	} else {
		w.Header().Set("Content-Type", jsonContentType(p))
		w.Header().Set("x-amzn-ErrorType", e.Code)
		w.WriteHeader(e.Status)
		json.NewEncoder(w).Encode(map[string]string{"__type": e.Code, "message": e.Message})
	}
	if c.Operation != nil {
		h.record(c)
	}
}

func (h *Handler) record(c *Call) {
	if h.Recorder != nil && c.Operation != nil {
		h.Recorder.Record(context.Background(), c)
	}
}

func opName(c *Call) string {
	if c.Operation == nil {
		return ""
	}
	return c.Operation.Name
}

func jsonContentType(p Protocol) string {
	if p == JSON10 {
		return "application/x-amz-json-1.0"
	}
	return "application/x-amz-json-1.1"
}
