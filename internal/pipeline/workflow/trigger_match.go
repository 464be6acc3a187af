package workflow

import "strings"

// MatchesPush reports whether a push of branch (a name, or a refs/heads/
// ref) changing changedFiles triggers the workflow, following GitHub:
//   - branches / branches-ignore filter the branch; a trigger with only tag
//     filters ignores branch pushes;
//   - paths must match at least one changed file; paths-ignore skips the run
//     only if every changed file is ignored;
//   - nil changedFiles means the diff is unknown (a new branch, a huge
//     push), and GitHub then runs the workflow regardless of path filters.
func (w *Workflow) MatchesPush(branch string, changedFiles []string) bool {
	f := w.On.Push
	if f == nil {
		return false
	}
	branch = strings.TrimPrefix(branch, "refs/heads/")
	switch {
	case f.Branches != nil:
		if !matchGitHubList(f.Branches, branch) {
			return false
		}
	case f.BranchesIgnore != nil:
		if matchGitHubList(f.BranchesIgnore, branch) {
			return false
		}
	case f.Tags != nil || f.TagsIgnore != nil:
		return false
	}
	if changedFiles == nil {
		return true
	}
	switch {
	case f.Paths != nil:
		for _, file := range changedFiles {
			if matchGitHubList(f.Paths, file) {
				return true
			}
		}
		return false
	case f.PathsIgnore != nil:
		for _, file := range changedFiles {
			if !matchGitHubList(f.PathsIgnore, file) {
				return true
			}
		}
		return false
	}
	return true
}

// MatchesTagPush reports whether pushing tag (a name, or a refs/tags/ ref)
// triggers the workflow. Path filters do not apply to tag pushes on GitHub;
// a trigger with only branch filters ignores tag pushes.
func (w *Workflow) MatchesTagPush(tag string) bool {
	f := w.On.Push
	if f == nil {
		return false
	}
	tag = strings.TrimPrefix(tag, "refs/tags/")
	switch {
	case f.Tags != nil:
		return matchGitHubList(f.Tags, tag)
	case f.TagsIgnore != nil:
		return !matchGitHubList(f.TagsIgnore, tag)
	case f.Branches != nil || f.BranchesIgnore != nil:
		return false
	}
	return true
}

// MatchesDispatch reports whether the workflow can be started by hand
// (workflow_dispatch), e.g. by `berth run`.
func (w *Workflow) MatchesDispatch() bool { return w.On.Dispatch != nil }
