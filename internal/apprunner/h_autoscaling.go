package apprunner

import (
	"context"
	"errors"
	"strconv"

	"github.com/berth-dev/berth/internal/awsapi"
)

// App Runner's default auto scaling configuration and limits.
const (
	DefaultAutoScalingName = "DefaultConfiguration"
	defaultMaxConcurrency  = 100
	defaultMinSize         = 1
	defaultMaxSize         = 25
	maxRevisions           = 5
)

// Auto scaling configuration statuses.
const (
	autoScalingActive   = "ACTIVE"
	autoScalingInactive = "INACTIVE"
)

func (a *API) createAutoScaling(ctx context.Context, _ *awsapi.Call, in *CreateAutoScalingConfigurationInput) (*AutoScalingConfigurationOutput, error) {
	if !shortNameRE.MatchString(in.AutoScalingConfigurationName) {
		return nil, invalid("AutoScalingConfigurationName %q is not valid: 4 to 32 letters, digits, hyphens and underscores, starting with a letter or digit.", in.AutoScalingConfigurationName)
	}
	if in.AutoScalingConfigurationName == DefaultAutoScalingName {
		return nil, invalid("The name %s is reserved for App Runner's default configuration.", DefaultAutoScalingName)
	}
	rec := autoScalingRecord{Name: in.AutoScalingConfigurationName, Status: autoScalingActive,
		MaxConcurrency: or(in.MaxConcurrency, defaultMaxConcurrency), MinSize: or(in.MinSize, defaultMinSize), MaxSize: or(in.MaxSize, defaultMaxSize)}
	switch {
	case rec.MaxConcurrency < 1 || rec.MaxConcurrency > 200:
		return nil, invalid("MaxConcurrency must be between 1 and 200.")
	case rec.MinSize < 1 || rec.MinSize > 25:
		return nil, invalid("MinSize must be between 1 and 25.")
	case rec.MaxSize < 1 || rec.MaxSize > 25:
		return nil, invalid("MaxSize must be between 1 and 25.")
	case rec.MinSize > rec.MaxSize:
		return nil, invalid("MinSize must not be greater than MaxSize.")
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	revs, err := a.repo.autoScalings(ctx, rec.Name)
	if err != nil {
		return nil, internal("list auto scaling configurations", err)
	}
	active := 0
	for _, r := range revs {
		if r.Status == autoScalingActive {
			active++
		}
	}
	if active >= maxRevisions {
		return nil, awsapi.Errorf(CodeQuotaExceeded, "You have reached the maximum of %d active revisions of %s.", maxRevisions, rec.Name)
	}
	now := a.now()
	out, err := a.repo.insertAutoScaling(ctx, rec.Name, func(revision int) *autoScalingRecord {
		r := rec
		r.Revision, r.CreatedAt, r.ARN = revision, now, a.autoScalingARN(rec.Name, revision, newID())
		return &r
	})
	if err != nil {
		return nil, internal("create auto scaling configuration", err)
	}
	if len(in.Tags) > 0 {
		if err := a.repo.tag(ctx, out.ARN, in.Tags, maxTags); err != nil {
			return nil, internal("tag auto scaling configuration", err)
		}
	}
	return &AutoScalingConfigurationOutput{AutoScalingConfiguration: a.autoScalingView(ctx, out)}, nil
}

func or(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// resolveAutoScaling finds the active revision an ARN names: the full ARN
// of a revision, ".../name/revision", or ".../name" for the latest one.
// The empty ARN names App Runner's default configuration.
func (a *API) resolveAutoScaling(ctx context.Context, arn string) (*autoScalingRecord, error) {
	if arn == "" {
		return a.defaultAutoScaling(ctx)
	}
	r, err := a.findAutoScaling(ctx, arn)
	if err != nil {
		return nil, err
	}
	if r.Status != autoScalingActive {
		return nil, invalid("Auto scaling configuration %s is not active.", arn)
	}
	return r, nil
}

// findAutoScaling is resolveAutoScaling without the status check.
func (a *API) findAutoScaling(ctx context.Context, arn string) (*autoScalingRecord, error) {
	p, ok := a.parseARN(arn)
	if !ok || p.Kind != kindAutoScaling || len(p.Parts) > 3 {
		return nil, notFound("Auto scaling configuration not found: %s", arn)
	}
	if p.Parts[0] == DefaultAutoScalingName {
		if _, err := a.defaultAutoScaling(ctx); err != nil {
			return nil, err
		}
	}
	revs, err := a.repo.autoScalings(ctx, p.Parts[0])
	if err != nil {
		return nil, internal("get auto scaling configuration", err)
	}
	var found *autoScalingRecord
	for _, r := range revs {
		switch len(p.Parts) {
		case 1: // latest active
			if r.Status == autoScalingActive {
				found = r
			}
		case 2:
			if strconv.Itoa(r.Revision) == p.Parts[1] {
				found = r
			}
		case 3:
			if r.ARN == arn {
				found = r
			}
		}
	}
	if found == nil {
		return nil, notFound("Auto scaling configuration not found: %s", arn)
	}
	return found, nil
}

// defaultAutoScaling returns App Runner's default configuration, creating
// it on first use.
func (a *API) defaultAutoScaling(ctx context.Context) (*autoScalingRecord, error) {
	revs, err := a.repo.autoScalings(ctx, DefaultAutoScalingName)
	if err != nil {
		return nil, internal("get default auto scaling configuration", err)
	}
	if len(revs) > 0 {
		return revs[0], nil
	}
	now := a.now()
	r, err := a.repo.insertAutoScaling(ctx, DefaultAutoScalingName, func(revision int) *autoScalingRecord {
		return &autoScalingRecord{ARN: a.autoScalingARN(DefaultAutoScalingName, revision, newID()), Name: DefaultAutoScalingName,
			Revision: revision, Status: autoScalingActive, MaxConcurrency: defaultMaxConcurrency, MinSize: defaultMinSize,
			MaxSize: defaultMaxSize, CreatedAt: now, IsDefault: true}
	})
	if err != nil {
		// Another request created it first.
		if revs, lerr := a.repo.autoScalings(ctx, DefaultAutoScalingName); lerr == nil && len(revs) > 0 {
			return revs[0], nil
		}
		return nil, internal("create default auto scaling configuration", err)
	}
	return r, nil
}

func (a *API) describeAutoScaling(ctx context.Context, _ *awsapi.Call, in *AutoScalingConfigurationARNInput) (*AutoScalingConfigurationOutput, error) {
	r, err := a.findAutoScaling(ctx, in.AutoScalingConfigurationARN)
	if err != nil {
		return nil, err
	}
	return &AutoScalingConfigurationOutput{AutoScalingConfiguration: a.autoScalingView(ctx, r)}, nil
}

func (a *API) listAutoScaling(ctx context.Context, _ *awsapi.Call, in *ListAutoScalingConfigurationsInput) (*ListAutoScalingConfigurationsOutput, error) {
	if _, err := a.defaultAutoScaling(ctx); err != nil {
		return nil, err
	}
	all, err := a.repo.autoScalings(ctx, in.AutoScalingConfigurationName)
	if err != nil {
		return nil, internal("list auto scaling configurations", err)
	}
	latest := latestRevisions(all)
	var match []*autoScalingRecord
	for _, r := range all {
		if r.Status == autoScalingActive && (!in.LatestOnly || latest[r.Name] == r.Revision) {
			match = append(match, r)
		}
	}
	page, next, err := paginate(match, in.NextToken, in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	used := a.usedAutoScaling(ctx)
	out := &ListAutoScalingConfigurationsOutput{AutoScalingConfigurationSummaryList: []AutoScalingConfigurationSummary{}, NextToken: next}
	for _, r := range page {
		out.AutoScalingConfigurationSummaryList = append(out.AutoScalingConfigurationSummaryList, summarize(r, used[r.ARN]))
	}
	return out, nil
}

func (a *API) deleteAutoScaling(ctx context.Context, _ *awsapi.Call, in *DeleteAutoScalingConfigurationInput) (*AutoScalingConfigurationOutput, error) {
	r, err := a.findAutoScaling(ctx, in.AutoScalingConfigurationARN)
	if err != nil {
		return nil, err
	}
	if r.IsDefault {
		return nil, invalid("App Runner's default auto scaling configuration cannot be deleted.")
	}
	targets := []*autoScalingRecord{r}
	if in.DeleteAllRevisions {
		if targets, err = a.repo.autoScalings(ctx, r.Name); err != nil {
			return nil, internal("list auto scaling configurations", err)
		}
	}
	used := a.usedAutoScaling(ctx)
	for _, t := range targets {
		if used[t.ARN] {
			return nil, invalid("Auto scaling configuration %s is used by a service; update the service first.", t.ARN)
		}
	}
	now := a.now()
	for _, t := range targets {
		if t.Status == autoScalingInactive {
			continue
		}
		t.Status, t.DeletedAt = autoScalingInactive, now
		if err := a.repo.putAutoScaling(ctx, t); err != nil {
			return nil, internal("delete auto scaling configuration", err)
		}
	}
	if r.Status == autoScalingActive {
		r.Status, r.DeletedAt = autoScalingInactive, now
	}
	return &AutoScalingConfigurationOutput{AutoScalingConfiguration: a.autoScalingView(ctx, r)}, nil
}

// usedAutoScaling is the set of configuration ARNs live services use.
func (a *API) usedAutoScaling(ctx context.Context) map[string]bool {
	used := map[string]bool{}
	svcs, err := a.repo.services(ctx)
	if err != nil {
		return used
	}
	for _, s := range svcs {
		if s.Status != StatusDeleted {
			used[s.Config.AutoScalingARN] = true
		}
	}
	return used
}

// latestRevisions maps each name to its highest active revision.
func latestRevisions(rs []*autoScalingRecord) map[string]int {
	m := map[string]int{}
	for _, r := range rs {
		if r.Status == autoScalingActive && r.Revision > m[r.Name] {
			m[r.Name] = r.Revision
		}
	}
	return m
}

func (a *API) autoScalingView(ctx context.Context, r *autoScalingRecord) AutoScalingConfiguration {
	latest := false
	if revs, err := a.repo.autoScalings(ctx, r.Name); err == nil {
		latest = r.Status == autoScalingActive && latestRevisions(revs)[r.Name] == r.Revision
	}
	return AutoScalingConfiguration{AutoScalingConfigurationARN: r.ARN, AutoScalingConfigurationName: r.Name,
		AutoScalingConfigurationRevision: r.Revision, Latest: latest, Status: r.Status,
		MaxConcurrency: r.MaxConcurrency, MinSize: r.MinSize, MaxSize: r.MaxSize,
		CreatedAt: At(r.CreatedAt), DeletedAt: At(r.DeletedAt), HasAssociatedService: a.usedAutoScaling(ctx)[r.ARN], IsDefault: r.IsDefault}
}

func summarize(r *autoScalingRecord, used bool) AutoScalingConfigurationSummary {
	return AutoScalingConfigurationSummary{AutoScalingConfigurationARN: r.ARN, AutoScalingConfigurationName: r.Name,
		AutoScalingConfigurationRevision: r.Revision, Status: r.Status, CreatedAt: At(r.CreatedAt),
		HasAssociatedService: used, IsDefault: r.IsDefault}
}

// autoScalingSummary is the summary DescribeService embeds.
func (a *API) autoScalingSummary(ctx context.Context, arn string) AutoScalingConfigurationSummary {
	r, err := a.findAutoScaling(ctx, arn)
	if err != nil {
		return AutoScalingConfigurationSummary{AutoScalingConfigurationARN: arn}
	}
	return summarize(r, true)
}

// scaling returns the configuration a service uses (the default when it
// is gone).
func (a *API) scaling(ctx context.Context, arn string) *autoScalingRecord {
	r, err := a.findAutoScaling(ctx, arn)
	if err != nil {
		var ae *awsapi.Error
		if !errors.As(err, &ae) {
			a.log.Warn("auto scaling configuration lookup failed", "arn", arn, "err", err)
		}
		return &autoScalingRecord{MaxConcurrency: defaultMaxConcurrency, MinSize: defaultMinSize, MaxSize: defaultMaxSize}
	}
	return r
}
