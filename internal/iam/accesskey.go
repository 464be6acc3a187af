package iam

import (
	"context"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
)

// Access key statuses.
const (
	keyActive   = "Active"
	keyInactive = "Inactive"
)

// accessKey is an IAM user's long-term access key. The secret is kept as
// issued because SigV4 verification needs it (an HMAC key), as role
// sessions' secrets are; IAM returns it only from CreateAccessKey.
type accessKey struct {
	AccessKeyId     string
	UserName        string
	SecretAccessKey string
	Status          string
	CreateDate      time.Time
}

func errNoSuchKey(id string) *awsapi.Error {
	return errNoSuchEntity("The Access Key with id %s cannot be found.", id)
}

// findKey returns the access key with id, or nil if there is none.
func (a *API) findKey(ctx context.Context, id string) (*accessKey, error) {
	return findDoc[accessKey](ctx, a.st, kindKey, id, "access key", id)
}

// userKeys returns u's access keys in creation order.
func (a *API) userKeys(ctx context.Context, u *User) ([]*accessKey, error) {
	var out []*accessKey
	for _, id := range u.AccessKeys {
		k, err := a.findKey(ctx, id)
		if err != nil {
			return nil, err
		}
		if k != nil {
			out = append(out, k)
		}
	}
	return out, nil
}

// LookupAccessKey implements awsapi.CredentialStore for IAM users' access
// keys: an Active key of an existing user authenticates as that user.
// Unknown, inactive and deleted keys are awsapi.ErrUnknownAccessKey, which
// AWS answers with InvalidClientTokenId.
func (a *API) LookupAccessKey(ctx context.Context, id string) (*awsapi.Credentials, error) {
	k, err := a.findKey(ctx, id)
	if err != nil {
		return nil, err
	}
	if k == nil || k.Status != keyActive {
		return nil, awsapi.ErrUnknownAccessKey
	}
	u, err := a.findUser(ctx, k.UserName)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, awsapi.ErrUnknownAccessKey
	}
	p := &awsapi.Principal{Kind: awsapi.IAMUser, Account: a.account, ARN: u.Arn, UserID: u.UserId, AccessKeyID: id,
		UserName: u.UserName}
	if len(u.Tags) > 0 {
		p.SessionTags = tagMap(u.Tags)
	}
	return &awsapi.Credentials{AccessKeyID: id, SecretAccessKey: k.SecretAccessKey, Principal: p}, nil
}

var _ awsapi.CredentialStore = (*API)(nil)

// accessKeyXML is the AccessKey shape (CreateAccessKey's result, the only
// one carrying the secret).
type accessKeyXML struct {
	UserName        string
	AccessKeyId     string
	Status          string
	SecretAccessKey string
	CreateDate      isoTime
}

// accessKeyMetadataXML is the AccessKeyMetadata shape.
type accessKeyMetadataXML struct {
	UserName    string
	AccessKeyId string
	Status      string
	CreateDate  isoTime
}

func (k *accessKey) metadata() accessKeyMetadataXML {
	return accessKeyMetadataXML{UserName: k.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: isoTime(k.CreateDate)}
}
