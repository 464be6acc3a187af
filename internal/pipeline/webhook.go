package pipeline

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/pipeline/records"
)

// maxWebhookBody is GitHub's cap on a webhook payload.
const maxWebhookBody = 25 << 20

// webhookTriggerTimeout bounds a webhook's trigger (it may fetch).
const webhookTriggerTimeout = 2 * time.Minute

// WebhookHandler serves GitHub push webhooks for registered pipelines
// that have a webhook secret. Mount it under a prefix with
// http.StripPrefix: the remaining path names the pipeline ("/my-app");
// an empty path finds the pipeline by the payload's repository.full_name.
//
// The X-Hub-Signature-256 header (sha256=HMAC-SHA256 of the raw body with
// the pipeline's secret) is verified in constant time before anything
// else; a missing or wrong signature, or a pipeline without a secret, is
// answered 401 and nothing runs. A valid ping is answered 200; a push is
// answered 202 and triggered in the background (fetching the commit into
// the repository when missing); a branch deletion and other events are
// answered 202 and ignored.
func (s *Service) WebhookHandler() http.Handler {
	return http.HandlerFunc(s.serveWebhook)
}

type pushHook struct {
	Ref        string `json:"ref"`
	Before     string `json:"before"`
	After      string `json:"after"`
	Deleted    bool   `json:"deleted"`
	Repository struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
	Pusher struct {
		Name string `json:"name"`
	} `json:"pusher"`
	Sender struct {
		Login string `json:"login"`
	} `json:"sender"`
}

func (s *Service) serveWebhook(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		hookReply(w, http.StatusMethodNotAllowed, "use POST")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxWebhookBody+1))
	if err != nil || len(body) > maxWebhookBody {
		hookReply(w, http.StatusRequestEntityTooLarge, "payload too large or unreadable")
		return
	}
	payload := body
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			hookReply(w, http.StatusBadRequest, "bad form body")
			return
		}
		payload = []byte(form.Get("payload"))
	}
	var hook pushHook
	jsonErr := json.Unmarshal(payload, &hook)
	p := s.webhookPipeline(r.Context(), strings.Trim(r.URL.Path, "/"), hook.Repository.FullName)
	if p == nil || p.WebhookSecret == "" || !validSignature(p.WebhookSecret, body, r.Header.Get("X-Hub-Signature-256")) {
		hookReply(w, http.StatusUnauthorized, "bad or missing X-Hub-Signature-256")
		return
	}
	switch event := r.Header.Get("X-GitHub-Event"); {
	case event == "ping":
		hookReply(w, http.StatusOK, "pong")
		return
	case event != "push":
		hookReply(w, http.StatusAccepted, "ignored event "+event)
		return
	case jsonErr != nil:
		hookReply(w, http.StatusBadRequest, "bad JSON payload")
		return
	case hook.Deleted || hook.After == nullSHA:
		hookReply(w, http.StatusAccepted, "branch deleted: nothing to run")
		return
	case hook.Ref == "" || hook.After == "":
		hookReply(w, http.StatusBadRequest, "push payload without ref or after")
		return
	}
	var raw map[string]any
	json.Unmarshal(payload, &raw)
	actor := hook.Pusher.Name
	if hook.Sender.Login != "" {
		actor = hook.Sender.Login
	}
	ev := Event{Name: "push", Ref: hook.Ref, Before: hook.Before, After: hook.After, Actor: actor, Payload: raw}
	if err := s.enqueueHook(hookEvent{pipeline: p.Name, ev: ev}); err != nil {
		hookReply(w, http.StatusServiceUnavailable, err.Error())
		return
	}
	hookReply(w, http.StatusAccepted, "queued")
}

// hookEvent is a verified push waiting to be triggered.
type hookEvent struct {
	pipeline string
	ev       Event
}

// maxPendingHooks bounds verified pushes waiting to be triggered.
const maxPendingHooks = 1000

// enqueueHook hands a push to the intake goroutine, which triggers pushes
// one at a time in arrival order (so runs keep the order of the pushes).
func (s *Service) enqueueHook(h hookEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.started {
		return ErrStopped
	}
	select {
	case s.hooks <- h:
		return nil
	default:
		return errors.New("pipeline: too many pending webhooks")
	}
}

// intake triggers queued webhook pushes until ctx ends.
func (s *Service) intake(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case h := <-s.hooks:
			tctx, cancel := context.WithTimeout(ctx, webhookTriggerTimeout)
			if _, err := s.Trigger(tctx, h.pipeline, h.ev); err != nil {
				s.cfg.Logger.Error("pipeline: webhook trigger", "pipeline", h.pipeline, "error", err)
			}
			cancel()
		}
	}
}

// webhookPipeline finds the pipeline a webhook is for.
func (s *Service) webhookPipeline(ctx context.Context, name, fullName string) *records.Pipeline {
	if name != "" {
		p, err := s.records.Pipeline(ctx, name)
		if err != nil {
			return nil
		}
		return p
	}
	all, err := s.records.Pipelines(ctx)
	if err != nil {
		return nil
	}
	for _, p := range all {
		if fullName != "" && strings.EqualFold(p.Repository, fullName) && p.WebhookSecret != "" {
			return p
		}
	}
	return nil
}

// validSignature checks "sha256=<hex HMAC-SHA256(secret, body)>" in
// constant time.
func validSignature(secret string, body []byte, header string) bool {
	hexSig, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// Sign returns the X-Hub-Signature-256 value GitHub sends for body.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func hookReply(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(map[string]string{"message": msg})
	w.Write(b.Bytes())
}
