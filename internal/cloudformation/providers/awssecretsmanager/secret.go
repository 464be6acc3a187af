// Package awssecretsmanager provides the AWS::SecretsManager::Secret
// resource type, created through berth's Secrets Manager API as the
// stack's caller.
package awssecretsmanager

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/cloudformation/template"
	"github.com/berth-dev/berth/internal/secretsmanager"
)

// Providers returns the package's resource types.
func Providers() []provider.Provider { return []provider.Provider{Secret{}} }

// Secret is AWS::SecretsManager::Secret. Ref and GetAtt Id are the
// secret's ARN. Changing Name replaces the secret; a changed SecretString
// or GenerateSecretString stores a new version (AWSCURRENT). Deleting the
// resource deletes the secret without a recovery window, as CloudFormation
// does. KmsKeyId is recorded; ReplicaRegions are accepted and ignored.
type Secret struct{}

var (
	_ provider.Provider = Secret{}
	_ provider.Reader   = Secret{}
)

const (
	service      = "secretsmanager"
	maxName      = 512
	codeNotFound = "ResourceNotFoundException"
	codeExists   = "ResourceExistsException"
)

// Type implements provider.Provider.
func (Secret) Type() string { return "AWS::SecretsManager::Secret" }

// Schema implements provider.Provider (from CloudFormation's registry
// schema for the type).
func (Secret) Schema() *template.Schema {
	str := func() *template.Property { return &template.Property{Type: template.TypeString} }
	boolean := func() *template.Property { return &template.Property{Type: template.TypeBoolean} }
	tag := &template.Property{Type: template.TypeObject, Properties: map[string]*template.Property{
		"Key": {Type: template.TypeString, Required: true}, "Value": {Type: template.TypeString, Required: true}}}
	gen := &template.Property{Type: template.TypeObject, Properties: map[string]*template.Property{
		"ExcludeCharacters":       str(),
		"ExcludeLowercase":        boolean(),
		"ExcludeNumbers":          boolean(),
		"ExcludePunctuation":      boolean(),
		"ExcludeUppercase":        boolean(),
		"GenerateStringKey":       str(),
		"IncludeSpace":            boolean(),
		"PasswordLength":          {Type: template.TypeInteger},
		"RequireEachIncludedType": boolean(),
		"SecretStringTemplate":    str(),
	}}
	replica := &template.Property{Type: template.TypeObject, Properties: map[string]*template.Property{
		"KmsKeyId": str(), "Region": {Type: template.TypeString, Required: true}}}
	return &template.Schema{
		Properties: map[string]*template.Property{
			"Description":          str(),
			"GenerateSecretString": gen,
			"KmsKeyId":             str(),
			"Name":                 str(),
			"ReplicaRegions":       {Type: template.TypeList, Items: replica},
			"SecretString":         str(),
			"Tags":                 {Type: template.TypeList, Items: tag},
		},
		CreateOnly: []string{"/properties/Name"},
		Attributes: []string{"Id"},
	}
}

func name(req *provider.Request) string {
	if n := req.Props().String("Name"); n != "" {
		return n
	}
	return req.PhysicalName(maxName)
}

// token is the ClientRequestToken of this resource's call for purpose in
// this stack operation: a retry of the operation (after a restart) sends
// the same one, which Secrets Manager recognises.
func token(req *provider.Request, purpose string) string {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte(req.StackID+"/"+req.ClientToken+"/"+req.LogicalID+"/"+req.NameSeed+"/"+purpose)).String()
}

func result(arn string) *provider.Result {
	return &provider.Result{PhysicalID: arn, Attributes: map[string]any{"Id": arn}}
}

func tags(p provider.Props) []secretsmanager.Tag {
	var out []secretsmanager.Tag
	for _, t := range p.Tags("Tags") {
		out = append(out, secretsmanager.Tag{Key: t.Key, Value: t.Value})
	}
	return out
}

// Create implements provider.Provider.
func (Secret) Create(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	p := req.Props()
	val, err := secretValue(ctx, req, p)
	if err != nil {
		return nil, err
	}
	tok := token(req, "create")
	in := &secretsmanager.CreateSecretInput{Name: name(req), ClientRequestToken: tok, Description: p.String("Description"),
		KmsKeyID: p.String("KmsKeyId"), SecretString: val, Tags: tags(p)}
	var out secretsmanager.CreateSecretOutput
	err = req.Call(ctx, service, "CreateSecret", in, &out)
	if provider.IsAPIError(err, codeExists) {
		// A retry whose first attempt created the secret (a generated
		// value differs between attempts): adopt it if it holds our version.
		var d secretsmanager.DescribeSecretOutput
		if derr := req.Call(ctx, service, "DescribeSecret", &secretsmanager.SecretIDInput{SecretID: in.Name}, &d); derr == nil {
			if _, ours := d.VersionIdsToStages[tok]; ours {
				return result(d.ARN), nil
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return result(out.ARN), nil
}

// Update implements provider.Provider.
func (Secret) Update(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	p, old := req.Props(), req.PreviousProps()
	in := &secretsmanager.UpdateSecretInput{SecretID: req.PhysicalID}
	changed := false
	if d := p.String("Description"); d != old.String("Description") {
		in.Description, changed = &d, true
	}
	if k := p.String("KmsKeyId"); k != old.String("KmsKeyId") && k != "" {
		in.KmsKeyID, changed = k, true
	}
	if valueChanged(p, old) && (p.Has("SecretString") || p.Has("GenerateSecretString")) {
		val, err := secretValue(ctx, req, p)
		if err != nil {
			return nil, err
		}
		in.SecretString, in.ClientRequestToken, changed = val, token(req, "update"), true
	}
	if changed {
		err := req.Call(ctx, service, "UpdateSecret", in, nil)
		// ResourceExists for our own token: a retry of an update that was applied.
		if err != nil && !(in.ClientRequestToken != "" && provider.IsAPIError(err, codeExists)) {
			return nil, err
		}
	}
	if err := updateTags(ctx, req, tags(old), tags(p)); err != nil {
		return nil, err
	}
	return result(req.PhysicalID), nil
}

// valueChanged reports whether SecretString or GenerateSecretString
// differs between two property sets.
func valueChanged(p, old provider.Props) bool {
	a, _ := p.JSON("GenerateSecretString")
	b, _ := old.JSON("GenerateSecretString")
	return a != b || p.String("SecretString") != old.String("SecretString") || p.Has("SecretString") != old.Has("SecretString")
}

func updateTags(ctx context.Context, req *provider.Request, old, cur []secretsmanager.Tag) error {
	var gone []string
	for _, t := range old {
		if !slices.ContainsFunc(cur, func(c secretsmanager.Tag) bool { return c.Key == t.Key }) {
			gone = append(gone, t.Key)
		}
	}
	var set []secretsmanager.Tag
	for _, t := range cur {
		if !slices.Contains(old, t) {
			set = append(set, t)
		}
	}
	if len(gone) > 0 {
		if err := req.Call(ctx, service, "UntagResource", &secretsmanager.UntagResourceInput{SecretID: req.PhysicalID, TagKeys: gone}, nil); err != nil {
			return err
		}
	}
	if len(set) > 0 {
		return req.Call(ctx, service, "TagResource", &secretsmanager.TagResourceInput{SecretID: req.PhysicalID, Tags: set}, nil)
	}
	return nil
}

// Delete implements provider.Provider.
func (Secret) Delete(ctx context.Context, req *provider.Request) error {
	id := req.PhysicalID
	if id == "" {
		id = name(req)
	}
	err := req.Call(ctx, service, "DeleteSecret", &secretsmanager.DeleteSecretInput{SecretID: id, ForceDeleteWithoutRecovery: true}, nil)
	if provider.IsAPIError(err, codeNotFound) {
		return nil
	}
	return err
}

// Read implements provider.Reader.
func (Secret) Read(ctx context.Context, req *provider.Request) (*provider.Result, error) {
	var d secretsmanager.DescribeSecretOutput
	err := req.Call(ctx, service, "DescribeSecret", &secretsmanager.SecretIDInput{SecretID: req.PhysicalID}, &d)
	if provider.IsAPIError(err, codeNotFound) || (err == nil && d.DeletedDate != 0) {
		return nil, provider.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return result(d.ARN), nil
}
