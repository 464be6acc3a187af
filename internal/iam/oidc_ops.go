package iam

import (
	"context"
	"slices"

	"github.com/berth-dev/berth/internal/awsapi"
)

type createOIDCInput struct {
	Url            string `aws:"required"`
	ClientIDList   []string
	ThumbprintList []string
	Tags           []Tag
}

type createOIDCOutput struct {
	OpenIDConnectProviderArn string
	Tags                     *list[Tag] `xml:",omitempty"`
}

// createOIDCResource is the ARN the provider will have.
func (a *API) createOIDCResource(_ *awsapi.Call, in *createOIDCInput) []string {
	key, err := providerKey(in.Url)
	if err != nil {
		return nil
	}
	return []string{oidcARN(a.account, key)}
}

func (a *API) createOIDCProvider(ctx context.Context, c *awsapi.Call, in *createOIDCInput) (*createOIDCOutput, error) {
	key, err := providerKey(in.Url)
	if err != nil {
		return nil, err
	}
	if err := checkClientIDs("clientIDList", in.ClientIDList); err != nil {
		return nil, err
	}
	if err := checkThumbprints(in.ThumbprintList); err != nil {
		return nil, err
	}
	if err := checkTags("tags", in.Tags); err != nil {
		return nil, err
	}
	p := &OIDCProvider{Arn: oidcARN(a.account, key), Url: key, Issuer: in.Url,
		ClientIDList: dedupe(in.ClientIDList), ThumbprintList: dedupe(in.ThumbprintList), Tags: in.Tags,
		CreateDate: now(c)}
	defer a.lock()()
	created, err := a.st.Create(ctx, kindOIDC, key, p)
	if err != nil {
		return nil, storeErr("create oidc provider", p.Arn, err)
	}
	if !created {
		return nil, errAlreadyExists("Provider with url %s already exists.", in.Url)
	}
	return &createOIDCOutput{OpenIDConnectProviderArn: p.Arn, Tags: optList(p.Tags)}, nil
}

type providerARNInput struct {
	OpenIDConnectProviderArn string `aws:"required"`
}

type getOIDCOutput struct {
	Url            string
	ClientIDList   list[string]
	ThumbprintList list[string]
	CreateDate     isoTime
	Tags           list[Tag]
}

func (a *API) getOIDCProvider(ctx context.Context, _ *awsapi.Call, in *providerARNInput) (*getOIDCOutput, error) {
	p, err := a.loadProvider(ctx, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	return &getOIDCOutput{Url: p.Url, ClientIDList: listOf(p.ClientIDList), ThumbprintList: listOf(p.ThumbprintList),
		CreateDate: isoTime(p.CreateDate), Tags: listOf(p.Tags)}, nil
}

type providerEntry struct{ Arn string }

type listOIDCOutput struct {
	OpenIDConnectProviderList list[providerEntry]
}

func (a *API) listOIDCProviders(ctx context.Context, _ *awsapi.Call, _ *struct{}) (*listOIDCOutput, error) {
	out := &listOIDCOutput{}
	err := a.st.List(ctx, kindOIDC, "", func(key string, _ []byte) error {
		out.OpenIDConnectProviderList.Member = append(out.OpenIDConnectProviderList.Member, providerEntry{Arn: oidcARN(a.account, key)})
		return nil
	})
	if err != nil {
		return nil, storeErr("list", "oidc providers", err)
	}
	return out, nil
}

func (a *API) deleteOIDCProvider(ctx context.Context, _ *awsapi.Call, in *providerARNInput) (*awsapi.NoOutput, error) {
	defer a.lock()()
	p, err := a.loadProvider(ctx, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	if err := a.st.Delete(ctx, kindOIDC, p.Url); err != nil {
		return nil, storeErr("delete oidc provider", p.Arn, err)
	}
	return nil, nil
}

// updateProvider applies fn to a provider under the write lock.
func (a *API) updateProvider(ctx context.Context, arn string, fn func(p *OIDCProvider) error) error {
	defer a.lock()()
	p, err := a.loadProvider(ctx, arn)
	if err != nil {
		return err
	}
	if err := fn(p); err != nil {
		return err
	}
	return a.saveProvider(ctx, p)
}

type updateThumbprintInput struct {
	OpenIDConnectProviderArn string   `aws:"required"`
	ThumbprintList           []string `aws:"required"`
}

func (a *API) updateOIDCThumbprint(ctx context.Context, _ *awsapi.Call, in *updateThumbprintInput) (*awsapi.NoOutput, error) {
	if err := checkThumbprints(in.ThumbprintList); err != nil {
		return nil, err
	}
	return nil, a.updateProvider(ctx, in.OpenIDConnectProviderArn, func(p *OIDCProvider) error {
		p.ThumbprintList = dedupe(in.ThumbprintList)
		return nil
	})
}

type clientIDInput struct {
	OpenIDConnectProviderArn string `aws:"required"`
	ClientID                 string `aws:"required"`
}

func (a *API) addClientID(ctx context.Context, _ *awsapi.Call, in *clientIDInput) (*awsapi.NoOutput, error) {
	if err := checkClientIDs("clientID", []string{in.ClientID}); err != nil {
		return nil, err
	}
	return nil, a.updateProvider(ctx, in.OpenIDConnectProviderArn, func(p *OIDCProvider) error {
		if slices.Contains(p.ClientIDList, in.ClientID) {
			return nil // adding a present client id has no effect, as on AWS
		}
		if len(p.ClientIDList) >= maxClientIDs {
			return errLimitExceeded("Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: %d", maxClientIDs)
		}
		p.ClientIDList = append(p.ClientIDList, in.ClientID)
		return nil
	})
}

func (a *API) removeClientID(ctx context.Context, _ *awsapi.Call, in *clientIDInput) (*awsapi.NoOutput, error) {
	return nil, a.updateProvider(ctx, in.OpenIDConnectProviderArn, func(p *OIDCProvider) error {
		p.ClientIDList = slices.DeleteFunc(p.ClientIDList, func(s string) bool { return s == in.ClientID })
		return nil
	})
}

type tagProviderInput struct {
	OpenIDConnectProviderArn string `aws:"required"`
	Tags                     []Tag  `aws:"required"`
}

func (a *API) tagOIDCProvider(ctx context.Context, _ *awsapi.Call, in *tagProviderInput) (*awsapi.NoOutput, error) {
	if err := checkTags("tags", in.Tags); err != nil {
		return nil, err
	}
	return nil, a.updateProvider(ctx, in.OpenIDConnectProviderArn, func(p *OIDCProvider) (err error) {
		p.Tags, err = mergeTags(p.Tags, in.Tags)
		return err
	})
}

type untagProviderInput struct {
	OpenIDConnectProviderArn string   `aws:"required"`
	TagKeys                  []string `aws:"required"`
}

func (a *API) untagOIDCProvider(ctx context.Context, _ *awsapi.Call, in *untagProviderInput) (*awsapi.NoOutput, error) {
	return nil, a.updateProvider(ctx, in.OpenIDConnectProviderArn, func(p *OIDCProvider) error {
		p.Tags = removeTags(p.Tags, in.TagKeys)
		return nil
	})
}

type listProviderTagsInput struct {
	OpenIDConnectProviderArn string `aws:"required"`
	Marker                   string
	MaxItems                 *int
}

func (a *API) listOIDCProviderTags(ctx context.Context, _ *awsapi.Call, in *listProviderTagsInput) (*tagsOutput, error) {
	p, err := a.loadProvider(ctx, in.OpenIDConnectProviderArn)
	if err != nil {
		return nil, err
	}
	return pageTags(p.Tags, in.Marker, in.MaxItems)
}
