package iam

import "github.com/berth-dev/berth/internal/awsapi"

// How operations name what they touch. Inputs that carry a role name, a
// policy ARN, a provider ARN, tags or tag keys say so through these small
// interfaces, and the generic helpers below turn them into the Resources
// and Context functions of the operation table.

type (
	roleNamer     interface{ roleName() string }
	policyNamer   interface{ policyARN() string }
	providerNamer interface{ providerARN() string }
	tagger        interface{ tags() []Tag }
	tagKeyer      interface{ tagKeys() []string }
)

// byRole authorizes against the ARN of the role the input names.
func byRole[In any, P interface {
	*In
	roleNamer
}](a *API) func(*awsapi.Call, *In) []string {
	return func(_ *awsapi.Call, in *In) []string { return a.roleResource(P(in).roleName()) }
}

// byPolicy authorizes against the policy ARN the input names.
func byPolicy[In any, P interface {
	*In
	policyNamer
}](_ *awsapi.Call, in *In) []string {
	return []string{P(in).policyARN()}
}

// byProvider authorizes against the provider ARN the input names.
func byProvider[In any, P interface {
	*In
	providerNamer
}](_ *awsapi.Call, in *In) []string {
	return []string{P(in).providerARN()}
}

// withTags supplies aws:TagKeys and aws:RequestTag/<key> for the input's tags.
func withTags[In any, P interface {
	*In
	tagger
}](_ *awsapi.Call, in *In) map[string][]string {
	return tagContext(P(in).tags())
}

// withTagKeys supplies aws:TagKeys for the keys an Untag* input removes.
func withTagKeys[In any, P interface {
	*In
	tagKeyer
}](_ *awsapi.Call, in *In) map[string][]string {
	return tagKeysContext(P(in).tagKeys())
}

func (in *roleNameInput) roleName() string              { return in.RoleName }
func (in *updateRoleInput) roleName() string            { return in.RoleName }
func (in *updateRoleDescriptionInput) roleName() string { return in.RoleName }
func (in *updateTrustInput) roleName() string           { return in.RoleName }
func (in *putBoundaryInput) roleName() string           { return in.RoleName }
func (in *tagRoleInput) roleName() string               { return in.RoleName }
func (in *untagRoleInput) roleName() string             { return in.RoleName }
func (in *listRoleTagsInput) roleName() string          { return in.RoleName }
func (in *rolePolicyARNInput) roleName() string         { return in.RoleName }
func (in *listAttachedInput) roleName() string          { return in.RoleName }
func (in *putRolePolicyInput) roleName() string         { return in.RoleName }
func (in *rolePolicyNameInput) roleName() string        { return in.RoleName }
func (in *listRolePoliciesInput) roleName() string      { return in.RoleName }

func (in *policyARNInput) policyARN() string      { return in.PolicyArn }
func (in *createVersionInput) policyARN() string  { return in.PolicyArn }
func (in *versionInput) policyARN() string        { return in.PolicyArn }
func (in *listVersionsInput) policyARN() string   { return in.PolicyArn }
func (in *tagPolicyInput) policyARN() string      { return in.PolicyArn }
func (in *untagPolicyInput) policyARN() string    { return in.PolicyArn }
func (in *listPolicyTagsInput) policyARN() string { return in.PolicyArn }
func (in *listEntitiesInput) policyARN() string   { return in.PolicyArn }

func (in *providerARNInput) providerARN() string      { return in.OpenIDConnectProviderArn }
func (in *updateThumbprintInput) providerARN() string { return in.OpenIDConnectProviderArn }
func (in *clientIDInput) providerARN() string         { return in.OpenIDConnectProviderArn }
func (in *tagProviderInput) providerARN() string      { return in.OpenIDConnectProviderArn }
func (in *untagProviderInput) providerARN() string    { return in.OpenIDConnectProviderArn }
func (in *listProviderTagsInput) providerARN() string { return in.OpenIDConnectProviderArn }

func (in *createOIDCInput) tags() []Tag   { return in.Tags }
func (in *createPolicyInput) tags() []Tag { return in.Tags }
func (in *tagRoleInput) tags() []Tag      { return in.Tags }
func (in *tagPolicyInput) tags() []Tag    { return in.Tags }
func (in *tagProviderInput) tags() []Tag  { return in.Tags }

func (in *untagRoleInput) tagKeys() []string     { return in.TagKeys }
func (in *untagPolicyInput) tagKeys() []string   { return in.TagKeys }
func (in *untagProviderInput) tagKeys() []string { return in.TagKeys }
