package iam

import (
	"context"
	"fmt"
	"regexp"
	"sort"

	"github.com/berth-dev/berth/internal/awsapi"
)

const patVersionID = `v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`

var reVersionID = regexp.MustCompile(`^` + patVersionID + `$`)

// versionOutput is the result of operations returning one policy version.
type versionOutput struct {
	PolicyVersion versionXML
}

func errNoSuchVersion(arn, id string) *awsapi.Error {
	return errNoSuchEntity("Policy %s version %s does not exist or is not attachable.", arn, id)
}

type createVersionInput struct {
	PolicyArn      string `aws:"required"`
	PolicyDocument string `aws:"required"`
	SetAsDefault   bool
}

func (a *API) createPolicyVersion(ctx context.Context, c *awsapi.Call, in *createVersionInput) (*versionOutput, error) {
	if err := checkManagedDocument(in.PolicyDocument); err != nil {
		return nil, err
	}
	var out versionOutput
	err := a.updatePolicy(ctx, in.PolicyArn, func(p *managedPolicy) error {
		if len(p.Versions) >= maxPolicyVersions {
			return errLimitExceeded("A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version.", maxPolicyVersions)
		}
		v := policyVersion{ID: fmt.Sprintf("v%d", p.NextVersion), Document: in.PolicyDocument, CreateDate: now(c)}
		p.NextVersion++
		p.Versions = append(p.Versions, v)
		if in.SetAsDefault {
			p.DefaultVersionID = v.ID
		}
		p.UpdateDate = v.CreateDate
		out.PolicyVersion = p.versionView(&v, false)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

type versionInput struct {
	PolicyArn string `aws:"required"`
	VersionId string `aws:"required"`
}

// check validates the VersionId's shape.
func (in *versionInput) check() error {
	var v checks
	v.str("versionId", in.VersionId, 1, 128, reVersionID, patVersionID)
	return v.err()
}

func (a *API) getPolicyVersion(ctx context.Context, _ *awsapi.Call, in *versionInput) (*versionOutput, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	p, err := a.loadPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	v := p.version(in.VersionId)
	if v == nil {
		return nil, errNoSuchVersion(p.ARN, in.VersionId)
	}
	return &versionOutput{PolicyVersion: p.versionView(v, true)}, nil
}

type listVersionsInput struct {
	PolicyArn string `aws:"required"`
	Marker    string
	MaxItems  *int
}

type listVersionsOutput struct {
	Versions    list[versionXML]
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

// listPolicyVersions lists versions newest first, as IAM does.
func (a *API) listPolicyVersions(ctx context.Context, _ *awsapi.Call, in *listVersionsInput) (*listVersionsOutput, error) {
	p, err := a.loadPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	vs := append([]policyVersion(nil), p.Versions...)
	sort.Slice(vs, func(i, j int) bool { return versionNumber(vs[i].ID) > versionNumber(vs[j].ID) })
	// Markers compare ascending; number the newest first.
	key := func(v policyVersion) string { return fmt.Sprintf("%010d", 1<<30-versionNumber(v.ID)) }
	page, next, err := paginate(vs, key, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out := &listVersionsOutput{IsTruncated: next != "", Marker: next}
	for i := range page {
		out.Versions.Member = append(out.Versions.Member, p.versionView(&page[i], false))
	}
	return out, nil
}

func (a *API) deletePolicyVersion(ctx context.Context, _ *awsapi.Call, in *versionInput) (*awsapi.NoOutput, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	return nil, a.updatePolicy(ctx, in.PolicyArn, func(p *managedPolicy) error {
		if p.version(in.VersionId) == nil {
			return errNoSuchVersion(p.ARN, in.VersionId)
		}
		if in.VersionId == p.DefaultVersionID {
			return errDeleteConflict("Cannot delete the default version of a policy.")
		}
		for i := range p.Versions {
			if p.Versions[i].ID == in.VersionId {
				p.Versions = append(p.Versions[:i], p.Versions[i+1:]...)
				break
			}
		}
		return nil
	})
}

func (a *API) setDefaultPolicyVersion(ctx context.Context, _ *awsapi.Call, in *versionInput) (*awsapi.NoOutput, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	return nil, a.updatePolicy(ctx, in.PolicyArn, func(p *managedPolicy) error {
		if p.version(in.VersionId) == nil {
			return errNoSuchVersion(p.ARN, in.VersionId)
		}
		p.DefaultVersionID = in.VersionId
		return nil
	})
}
