package iam

import (
	"context"
	"slices"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/credfile"
)

type createKeyOutput struct {
	AccessKey accessKeyXML
}

// createAccessKey issues a key for the named user (the caller when no
// name is given): "AKIA" + 16 characters and a 40-character secret,
// returned this once. A user has at most two keys.
func (a *API) createAccessKey(ctx context.Context, c *awsapi.Call, in *optUserNameInput) (*createKeyOutput, error) {
	name, err := callerUser(c, in.UserName)
	if err != nil {
		return nil, err
	}
	defer a.lock()()
	u, err := a.loadUser(ctx, name)
	if err != nil {
		return nil, err
	}
	if len(u.AccessKeys) >= maxKeysPerUser {
		return nil, errLimitExceeded("Cannot exceed quota for AccessKeysPerUser: %d", maxKeysPerUser)
	}
	k := &accessKey{AccessKeyId: credfile.NewAccessKeyID("AKIA"), UserName: u.UserName, SecretAccessKey: credfile.NewSecret(),
		Status: keyActive, CreateDate: now(c)}
	u.AccessKeys = append(u.AccessKeys, k.AccessKeyId)
	var b batch
	b.put(kindKey, k.AccessKeyId, k)
	b.put(kindUser, userKey(u.UserName), u)
	if err := a.commit(ctx, "create access key for "+u.UserName, &b); err != nil {
		return nil, err
	}
	return &createKeyOutput{AccessKey: accessKeyXML{UserName: k.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status,
		SecretAccessKey: k.SecretAccessKey, CreateDate: isoTime(k.CreateDate)}}, nil
}

type listKeysInput struct {
	UserName string
	Marker   string
	MaxItems *int
}

type listKeysOutput struct {
	AccessKeyMetadata list[accessKeyMetadataXML]
	IsTruncated       bool
	Marker            string `xml:",omitempty"`
}

func (a *API) listAccessKeys(ctx context.Context, c *awsapi.Call, in *listKeysInput) (*listKeysOutput, error) {
	name, err := callerUser(c, in.UserName)
	if err != nil {
		return nil, err
	}
	u, err := a.loadUser(ctx, name)
	if err != nil {
		return nil, err
	}
	keys, err := a.userKeys(ctx, u)
	if err != nil {
		return nil, err
	}
	page, next, err := paginate(keys, func(k *accessKey) string { return k.AccessKeyId }, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out := &listKeysOutput{IsTruncated: next != "", Marker: next}
	for _, k := range page {
		out.AccessKeyMetadata.Member = append(out.AccessKeyMetadata.Member, k.metadata())
	}
	return out, nil
}

// keyOf loads the user an access-key operation names (the caller when
// none) and checks the key is one of theirs.
func (a *API) keyOf(ctx context.Context, c *awsapi.Call, userName, id string) (*User, *accessKey, error) {
	name, err := callerUser(c, userName)
	if err != nil {
		return nil, nil, err
	}
	u, err := a.loadUser(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	k, err := a.findKey(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if k == nil || !slices.Contains(u.AccessKeys, id) {
		return nil, nil, errNoSuchKey(id)
	}
	return u, k, nil
}

type updateKeyInput struct {
	UserName    string
	AccessKeyId string `aws:"required"`
	Status      string `aws:"required"`
}

func (a *API) updateAccessKey(ctx context.Context, c *awsapi.Call, in *updateKeyInput) (*awsapi.NoOutput, error) {
	var v checks
	v.str("accessKeyId", in.AccessKeyId, 16, 128, reKeyID, patKeyID)
	checkEnum(&v, "status", in.Status, keyActive, keyInactive, "Expired")
	if err := v.err(); err != nil {
		return nil, err
	}
	if in.Status != keyActive && in.Status != keyInactive {
		return nil, errInvalidInput("Status %s is not valid for an access key; use Active or Inactive.", in.Status)
	}
	defer a.lock()()
	_, k, err := a.keyOf(ctx, c, in.UserName, in.AccessKeyId)
	if err != nil {
		return nil, err
	}
	k.Status = in.Status
	if err := a.st.Put(ctx, kindKey, k.AccessKeyId, k); err != nil {
		return nil, storeErr("put access key", k.AccessKeyId, err)
	}
	return nil, nil
}

type keyIDInput struct {
	UserName    string
	AccessKeyId string `aws:"required"`
}

func (a *API) deleteAccessKey(ctx context.Context, c *awsapi.Call, in *keyIDInput) (*awsapi.NoOutput, error) {
	defer a.lock()()
	u, k, err := a.keyOf(ctx, c, in.UserName, in.AccessKeyId)
	if err != nil {
		return nil, err
	}
	u.AccessKeys = slices.DeleteFunc(u.AccessKeys, func(id string) bool { return id == k.AccessKeyId })
	var b batch
	b.delete(kindKey, k.AccessKeyId)
	b.put(kindUser, userKey(u.UserName), u)
	return nil, a.commit(ctx, "delete access key of "+u.UserName, &b)
}

type lastUsedInput struct {
	AccessKeyId string `aws:"required"`
}

type lastUsedXML struct {
	ServiceName string
	Region      string
}

type lastUsedOutput struct {
	UserName          string
	AccessKeyLastUsed lastUsedXML
}

// keyResource authorizes GetAccessKeyLastUsed against the key's user.
func (a *API) keyResource(c *awsapi.Call, in *lastUsedInput) []string {
	if k, err := a.findKey(context.Background(), in.AccessKeyId); err == nil && k != nil {
		return a.userResource(c, k.UserName)
	}
	return nil
}

// getAccessKeyLastUsed names the key's user. berth does not record when
// keys are used, so it answers as IAM does for a key never used: no
// LastUsedDate, ServiceName and Region "N/A".
func (a *API) getAccessKeyLastUsed(ctx context.Context, _ *awsapi.Call, in *lastUsedInput) (*lastUsedOutput, error) {
	k, err := a.findKey(ctx, in.AccessKeyId)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return nil, errNoSuchKey(in.AccessKeyId)
	}
	return &lastUsedOutput{UserName: k.UserName, AccessKeyLastUsed: lastUsedXML{ServiceName: "N/A", Region: "N/A"}}, nil
}
