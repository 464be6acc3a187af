package pipeline

import (
	"context"
	"strings"

	"github.com/berth-dev/berth/internal/pipeline/records"
)

// pushPayload shapes the push webhook body GitHub would send for ev, with
// the head commit read from the repository.
func pushPayload(ctx context.Context, p *records.Pipeline, ev Event, serverURL string) map[string]any {
	if serverURL == "" {
		serverURL = "https://github.com"
	}
	serverURL = strings.TrimSuffix(serverURL, "/")
	owner, name, _ := strings.Cut(p.Repository, "/")
	repo := map[string]any{
		"full_name": p.Repository, "name": name, "owner": map[string]any{"login": owner, "name": owner},
		"default_branch": p.Branch, "master_branch": p.Branch, "html_url": serverURL + "/" + p.Repository,
		"clone_url": serverURL + "/" + p.Repository + ".git", "url": serverURL + "/" + p.Repository,
	}
	payload := map[string]any{
		"ref": ev.Ref, "before": ev.Before, "after": ev.After, "created": ev.Before == nullSHA, "deleted": false, "forced": false,
		"base_ref": nil, "compare": serverURL + "/" + p.Repository + "/compare/" + short(ev.Before) + "..." + short(ev.After),
		"repository": repo, "pusher": map[string]any{"name": ev.Actor}, "sender": map[string]any{"login": ev.Actor},
	}
	var commits []any
	if c, err := readCommit(ctx, p.RepoDir, ev.After); err == nil {
		hc := map[string]any{
			"id": c.SHA, "tree_id": "", "distinct": true, "message": c.Message, "timestamp": c.Timestamp,
			"url":       serverURL + "/" + p.Repository + "/commit/" + c.SHA,
			"author":    map[string]any{"name": c.AuthorName, "email": c.AuthorEmail},
			"committer": map[string]any{"name": c.CommitterName, "email": c.CommitterEmail},
		}
		payload["head_commit"] = hc
		commits = append(commits, hc)
	}
	if commits == nil {
		commits = []any{}
	}
	payload["commits"] = commits
	return payload
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}
