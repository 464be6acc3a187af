package iam

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

const (
	ghURL        = "https://token.actions.githubusercontent.com"
	ghARN        = "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com"
	ghThumbprint = "6938fd4d98bab03faadb97b34396831e3780aea1"
)

func TestOIDCProviderLifecycle(t *testing.T) {
	f := newFixture(t)
	c := must[*awsiam.CreateOpenIDConnectProviderOutput](t)(f.client.CreateOpenIDConnectProvider(bg, &awsiam.CreateOpenIDConnectProviderInput{
		Url: aws.String(ghURL), ClientIDList: []string{"sts.amazonaws.com"}, ThumbprintList: []string{ghThumbprint},
		Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}))
	if *c.OpenIDConnectProviderArn != ghARN || len(c.Tags) != 1 {
		t.Fatalf("ARN = %s tags %v", *c.OpenIDConnectProviderArn, c.Tags)
	}
	arn := c.OpenIDConnectProviderArn
	g := must[*awsiam.GetOpenIDConnectProviderOutput](t)(f.client.GetOpenIDConnectProvider(bg, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn}))
	// AWS returns the URL without its scheme.
	if *g.Url != "token.actions.githubusercontent.com" || strings.Join(g.ClientIDList, ",") != "sts.amazonaws.com" ||
		strings.Join(g.ThumbprintList, ",") != ghThumbprint || g.CreateDate == nil {
		t.Fatalf("GetOpenIDConnectProvider = %+v", g)
	}
	_, err := f.client.CreateOpenIDConnectProvider(bg, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String(ghURL), ThumbprintList: []string{ghThumbprint}})
	wantCode(t, err, "EntityAlreadyExists")

	must[*awsiam.AddClientIDToOpenIDConnectProviderOutput](t)(f.client.AddClientIDToOpenIDConnectProvider(bg, &awsiam.AddClientIDToOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn, ClientID: aws.String("other")}))
	must[*awsiam.AddClientIDToOpenIDConnectProviderOutput](t)(f.client.AddClientIDToOpenIDConnectProvider(bg, &awsiam.AddClientIDToOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn, ClientID: aws.String("other")}))
	must[*awsiam.RemoveClientIDFromOpenIDConnectProviderOutput](t)(f.client.RemoveClientIDFromOpenIDConnectProvider(bg, &awsiam.RemoveClientIDFromOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn, ClientID: aws.String("sts.amazonaws.com")}))
	tp := strings.Repeat("a", 40)
	must[*awsiam.UpdateOpenIDConnectProviderThumbprintOutput](t)(f.client.UpdateOpenIDConnectProviderThumbprint(bg, &awsiam.UpdateOpenIDConnectProviderThumbprintInput{OpenIDConnectProviderArn: arn, ThumbprintList: []string{tp}}))
	g = must[*awsiam.GetOpenIDConnectProviderOutput](t)(f.client.GetOpenIDConnectProvider(bg, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn}))
	if strings.Join(g.ClientIDList, ",") != "other" || strings.Join(g.ThumbprintList, ",") != tp {
		t.Fatalf("after updates = %v %v", g.ClientIDList, g.ThumbprintList)
	}
	must[*awsiam.UntagOpenIDConnectProviderOutput](t)(f.client.UntagOpenIDConnectProvider(bg, &awsiam.UntagOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn, TagKeys: []string{"k"}}))
	must[*awsiam.TagOpenIDConnectProviderOutput](t)(f.client.TagOpenIDConnectProvider(bg, &awsiam.TagOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn, Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("b")}}}))
	if tags := must[*awsiam.ListOpenIDConnectProviderTagsOutput](t)(f.client.ListOpenIDConnectProviderTags(bg, &awsiam.ListOpenIDConnectProviderTagsInput{OpenIDConnectProviderArn: arn})).Tags; len(tags) != 1 || *tags[0].Key != "a" {
		t.Fatalf("tags = %v", tags)
	}

	l := must[*awsiam.ListOpenIDConnectProvidersOutput](t)(f.client.ListOpenIDConnectProviders(bg, &awsiam.ListOpenIDConnectProvidersInput{}))
	if len(l.OpenIDConnectProviderList) != 1 || *l.OpenIDConnectProviderList[0].Arn != ghARN {
		t.Fatalf("list = %+v", l.OpenIDConnectProviderList)
	}
	must[*awsiam.DeleteOpenIDConnectProviderOutput](t)(f.client.DeleteOpenIDConnectProvider(bg, &awsiam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn}))
	_, err = f.client.GetOpenIDConnectProvider(bg, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn})
	wantCode(t, err, "NoSuchEntity")
	_, err = f.client.DeleteOpenIDConnectProvider(bg, &awsiam.DeleteOpenIDConnectProviderInput{OpenIDConnectProviderArn: arn})
	wantCode(t, err, "NoSuchEntity")
	l = must[*awsiam.ListOpenIDConnectProvidersOutput](t)(f.client.ListOpenIDConnectProviders(bg, &awsiam.ListOpenIDConnectProvidersInput{}))
	if l.OpenIDConnectProviderList == nil || len(l.OpenIDConnectProviderList) != 0 {
		t.Fatalf("empty list = %#v", l.OpenIDConnectProviderList)
	}
}

// berth accepts http:// issuers (its built-in issuer runs on
// http://127.0.0.1); the scheme is stripped as AWS strips https://.
func TestOIDCProviderHTTPIssuer(t *testing.T) {
	f := newFixture(t)
	c := must[*awsiam.CreateOpenIDConnectProviderOutput](t)(f.client.CreateOpenIDConnectProvider(bg, &awsiam.CreateOpenIDConnectProviderInput{
		Url: aws.String("http://127.0.0.1:4566/_berth/oidc"), ClientIDList: []string{"sts.amazonaws.com"}}))
	if *c.OpenIDConnectProviderArn != "arn:aws:iam::000000000000:oidc-provider/127.0.0.1:4566/_berth/oidc" {
		t.Fatalf("ARN = %s", *c.OpenIDConnectProviderArn)
	}
	_, err := f.client.CreateOpenIDConnectProvider(bg, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String("https://127.0.0.1:4566/_berth/oidc")})
	wantCode(t, err, "EntityAlreadyExists")
	p, err := f.api.OIDCProviderByURL(bg, "http://127.0.0.1:4566/_berth/oidc")
	if err != nil || p.Arn != *c.OpenIDConnectProviderArn || p.Issuer != "http://127.0.0.1:4566/_berth/oidc" || p.Url != "127.0.0.1:4566/_berth/oidc" {
		t.Fatalf("OIDCProviderByURL = %+v, %v", p, err)
	}
	if _, err := f.api.OIDCProviderByURL(bg, "https://elsewhere.example"); !errors.Is(err, ErrNoSuchEntity) {
		t.Fatalf("unknown issuer: %v", err)
	}
}

func TestOIDCProviderErrors(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name, url string
		tps, ids  []string
		code      string
	}{
		{"ftp scheme", "ftp://example.com", nil, nil, "InvalidInput"},
		{"no scheme", "example.com", nil, nil, "InvalidInput"},
		{"empty host", "https:///path", nil, nil, "InvalidInput"},
		{"query", "https://example.com/?a=b", nil, nil, "InvalidInput"},
		{"short thumbprint", "https://example.com", []string{"abc"}, nil, "ValidationError"},
		{"non-hex thumbprint", "https://example.com", []string{strings.Repeat("z", 40)}, nil, "InvalidInput"},
		{"six thumbprints", "https://example.com", []string{strings.Repeat("a", 40), strings.Repeat("b", 40), strings.Repeat("c", 40), strings.Repeat("d", 40), strings.Repeat("e", 40), strings.Repeat("f", 40)}, nil, "InvalidInput"},
		{"empty client id", "https://example.com", nil, []string{""}, "ValidationError"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.client.CreateOpenIDConnectProvider(bg, &awsiam.CreateOpenIDConnectProviderInput{Url: aws.String(tc.url), ThumbprintList: tc.tps, ClientIDList: tc.ids})
			wantCode(t, err, tc.code)
		})
	}
	_, err := f.client.GetOpenIDConnectProvider(bg, &awsiam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String("arn:aws:iam::000000000000:role/not-a-provider")})
	wantCode(t, err, "InvalidInput")
}
