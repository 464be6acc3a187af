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
func (in *rolePolicyARNInput) policyARN() string  { return in.PolicyArn }
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

// Users and groups: inputs that name a user (optionally: the caller when
// omitted) or a group.
type (
	userNamer  interface{ userName() string }
	groupNamer interface{ groupName() string }
)

// byUser authorizes against the ARN of the user the input names, or the
// caller's when it names none.
func byUser[In any, P interface {
	*In
	userNamer
}](a *API) func(*awsapi.Call, *In) []string {
	return func(c *awsapi.Call, in *In) []string { return a.userResource(c, P(in).userName()) }
}

// byGroup authorizes against the ARN of the group the input names.
func byGroup[In any, P interface {
	*In
	groupNamer
}](a *API) func(*awsapi.Call, *In) []string {
	return func(_ *awsapi.Call, in *In) []string { return a.groupResource(P(in).groupName()) }
}

func (in *optUserNameInput) userName() string       { return in.UserName }
func (in *userNameInput) userName() string          { return in.UserName }
func (in *updateUserInput) userName() string        { return in.UserName }
func (in *tagUserInput) userName() string           { return in.UserName }
func (in *untagUserInput) userName() string         { return in.UserName }
func (in *listUserTagsInput) userName() string      { return in.UserName }
func (in *listKeysInput) userName() string          { return in.UserName }
func (in *updateKeyInput) userName() string         { return in.UserName }
func (in *keyIDInput) userName() string             { return in.UserName }
func (in *listGroupsForUserInput) userName() string { return in.UserName }
func (in *userPolicyARNInput) userName() string     { return in.UserName }
func (in *listAttachedUserInput) userName() string  { return in.UserName }
func (in *putUserPolicyInput) userName() string     { return in.UserName }
func (in *userPolicyNameInput) userName() string    { return in.UserName }
func (in *listUserPoliciesInput) userName() string  { return in.UserName }

func (in *getGroupInput) groupName() string          { return in.GroupName }
func (in *groupNameInput) groupName() string         { return in.GroupName }
func (in *groupUserInput) groupName() string         { return in.GroupName }
func (in *groupPolicyARNInput) groupName() string    { return in.GroupName }
func (in *listAttachedGroupInput) groupName() string { return in.GroupName }
func (in *putGroupPolicyInput) groupName() string    { return in.GroupName }
func (in *groupPolicyNameInput) groupName() string   { return in.GroupName }
func (in *listGroupPoliciesInput) groupName() string { return in.GroupName }
func (in *userPolicyARNInput) policyARN() string     { return in.PolicyArn }
func (in *groupPolicyARNInput) policyARN() string    { return in.PolicyArn }
func (in *createUserInput) tags() []Tag              { return in.Tags }
func (in *tagUserInput) tags() []Tag                 { return in.Tags }
func (in *untagUserInput) tagKeys() []string         { return in.TagKeys }
