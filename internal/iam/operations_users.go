package iam

import "github.com/berth-dev/berth/internal/awsapi"

// userOperations declares the IAM user, access key and group operations:
// user operations authorize against the user's ARN (the caller's when the
// optional UserName is omitted), group operations against the group's.
func (a *API) userOperations() []*awsapi.Operation {
	return []*awsapi.Operation{
		// Users.
		awsapi.Define(awsapi.Spec[createUserInput, userOutput]{Name: "CreateUser", Action: "iam:CreateUser",
			Resources: a.createUserResource, Context: withTags[createUserInput], Handler: a.createUser}),
		awsapi.Define(awsapi.Spec[optUserNameInput, userOutput]{Name: "GetUser", Action: "iam:GetUser", ReadOnly: true,
			Resources: byUser[optUserNameInput](a), Handler: a.getUser}),
		awsapi.Define(awsapi.Spec[listUsersInput, listUsersOutput]{Name: "ListUsers", Action: "iam:ListUsers", ReadOnly: true,
			Handler: a.listUsers}),
		awsapi.Define(awsapi.Spec[userNameInput, awsapi.NoOutput]{Name: "DeleteUser", Action: "iam:DeleteUser",
			Resources: byUser[userNameInput](a), Handler: a.deleteUser}),
		awsapi.Define(awsapi.Spec[updateUserInput, awsapi.NoOutput]{Name: "UpdateUser", Action: "iam:UpdateUser",
			Resources: byUser[updateUserInput](a), Handler: a.updateUserSettings}),
		awsapi.Define(awsapi.Spec[tagUserInput, awsapi.NoOutput]{Name: "TagUser", Action: "iam:TagUser",
			Resources: byUser[tagUserInput](a), Context: withTags[tagUserInput], Handler: a.tagUser}),
		awsapi.Define(awsapi.Spec[untagUserInput, awsapi.NoOutput]{Name: "UntagUser", Action: "iam:UntagUser",
			Resources: byUser[untagUserInput](a), Context: withTagKeys[untagUserInput], Handler: a.untagUser}),
		awsapi.Define(awsapi.Spec[listUserTagsInput, tagsOutput]{Name: "ListUserTags", Action: "iam:ListUserTags", ReadOnly: true,
			Resources: byUser[listUserTagsInput](a), Handler: a.listUserTags}),

		// Access keys.
		awsapi.Define(awsapi.Spec[optUserNameInput, createKeyOutput]{Name: "CreateAccessKey", Action: "iam:CreateAccessKey",
			Resources: byUser[optUserNameInput](a), Handler: a.createAccessKey}),
		awsapi.Define(awsapi.Spec[listKeysInput, listKeysOutput]{Name: "ListAccessKeys", Action: "iam:ListAccessKeys", ReadOnly: true,
			Resources: byUser[listKeysInput](a), Handler: a.listAccessKeys}),
		awsapi.Define(awsapi.Spec[updateKeyInput, awsapi.NoOutput]{Name: "UpdateAccessKey", Action: "iam:UpdateAccessKey",
			Resources: byUser[updateKeyInput](a), Handler: a.updateAccessKey}),
		awsapi.Define(awsapi.Spec[keyIDInput, awsapi.NoOutput]{Name: "DeleteAccessKey", Action: "iam:DeleteAccessKey",
			Resources: byUser[keyIDInput](a), Handler: a.deleteAccessKey}),
		awsapi.Define(awsapi.Spec[lastUsedInput, lastUsedOutput]{Name: "GetAccessKeyLastUsed", Action: "iam:GetAccessKeyLastUsed", ReadOnly: true,
			Resources: a.keyResource, Handler: a.getAccessKeyLastUsed}),

		// User policies.
		awsapi.Define(awsapi.Spec[userPolicyARNInput, awsapi.NoOutput]{Name: "AttachUserPolicy", Action: "iam:AttachUserPolicy",
			Resources: byUser[userPolicyARNInput](a), Context: policyARNContext[userPolicyARNInput], Handler: a.attachUserPolicy}),
		awsapi.Define(awsapi.Spec[userPolicyARNInput, awsapi.NoOutput]{Name: "DetachUserPolicy", Action: "iam:DetachUserPolicy",
			Resources: byUser[userPolicyARNInput](a), Context: policyARNContext[userPolicyARNInput], Handler: a.detachUserPolicy}),
		awsapi.Define(awsapi.Spec[listAttachedUserInput, listAttachedOutput]{Name: "ListAttachedUserPolicies", Action: "iam:ListAttachedUserPolicies", ReadOnly: true,
			Resources: byUser[listAttachedUserInput](a), Handler: a.listAttachedUserPolicies}),
		awsapi.Define(awsapi.Spec[putUserPolicyInput, awsapi.NoOutput]{Name: "PutUserPolicy", Action: "iam:PutUserPolicy",
			Resources: byUser[putUserPolicyInput](a), Handler: a.putUserPolicy}),
		awsapi.Define(awsapi.Spec[userPolicyNameInput, getUserPolicyOutput]{Name: "GetUserPolicy", Action: "iam:GetUserPolicy", ReadOnly: true,
			Resources: byUser[userPolicyNameInput](a), Handler: a.getUserPolicy}),
		awsapi.Define(awsapi.Spec[userPolicyNameInput, awsapi.NoOutput]{Name: "DeleteUserPolicy", Action: "iam:DeleteUserPolicy",
			Resources: byUser[userPolicyNameInput](a), Handler: a.deleteUserPolicy}),
		awsapi.Define(awsapi.Spec[listUserPoliciesInput, inlineNamesOutput]{Name: "ListUserPolicies", Action: "iam:ListUserPolicies", ReadOnly: true,
			Resources: byUser[listUserPoliciesInput](a), Handler: a.listUserPolicies}),

		// Groups and membership.
		awsapi.Define(awsapi.Spec[createGroupInput, groupOutput]{Name: "CreateGroup", Action: "iam:CreateGroup",
			Resources: a.createGroupResource, Handler: a.createGroup}),
		awsapi.Define(awsapi.Spec[getGroupInput, getGroupOutput]{Name: "GetGroup", Action: "iam:GetGroup", ReadOnly: true,
			Resources: byGroup[getGroupInput](a), Handler: a.getGroup}),
		awsapi.Define(awsapi.Spec[listGroupsInput, groupsOutput]{Name: "ListGroups", Action: "iam:ListGroups", ReadOnly: true,
			Handler: a.listGroups}),
		awsapi.Define(awsapi.Spec[groupNameInput, awsapi.NoOutput]{Name: "DeleteGroup", Action: "iam:DeleteGroup",
			Resources: byGroup[groupNameInput](a), Handler: a.deleteGroup}),
		awsapi.Define(awsapi.Spec[groupUserInput, awsapi.NoOutput]{Name: "AddUserToGroup", Action: "iam:AddUserToGroup",
			Resources: byGroup[groupUserInput](a), Handler: a.addUserToGroup}),
		awsapi.Define(awsapi.Spec[groupUserInput, awsapi.NoOutput]{Name: "RemoveUserFromGroup", Action: "iam:RemoveUserFromGroup",
			Resources: byGroup[groupUserInput](a), Handler: a.removeUserFromGroup}),
		awsapi.Define(awsapi.Spec[listGroupsForUserInput, groupsOutput]{Name: "ListGroupsForUser", Action: "iam:ListGroupsForUser", ReadOnly: true,
			Resources: byUser[listGroupsForUserInput](a), Handler: a.listGroupsForUser}),

		// Group policies.
		awsapi.Define(awsapi.Spec[groupPolicyARNInput, awsapi.NoOutput]{Name: "AttachGroupPolicy", Action: "iam:AttachGroupPolicy",
			Resources: byGroup[groupPolicyARNInput](a), Context: policyARNContext[groupPolicyARNInput], Handler: a.attachGroupPolicy}),
		awsapi.Define(awsapi.Spec[groupPolicyARNInput, awsapi.NoOutput]{Name: "DetachGroupPolicy", Action: "iam:DetachGroupPolicy",
			Resources: byGroup[groupPolicyARNInput](a), Context: policyARNContext[groupPolicyARNInput], Handler: a.detachGroupPolicy}),
		awsapi.Define(awsapi.Spec[listAttachedGroupInput, listAttachedOutput]{Name: "ListAttachedGroupPolicies", Action: "iam:ListAttachedGroupPolicies", ReadOnly: true,
			Resources: byGroup[listAttachedGroupInput](a), Handler: a.listAttachedGroupPolicies}),
		awsapi.Define(awsapi.Spec[putGroupPolicyInput, awsapi.NoOutput]{Name: "PutGroupPolicy", Action: "iam:PutGroupPolicy",
			Resources: byGroup[putGroupPolicyInput](a), Handler: a.putGroupPolicy}),
		awsapi.Define(awsapi.Spec[groupPolicyNameInput, getGroupPolicyOutput]{Name: "GetGroupPolicy", Action: "iam:GetGroupPolicy", ReadOnly: true,
			Resources: byGroup[groupPolicyNameInput](a), Handler: a.getGroupPolicy}),
		awsapi.Define(awsapi.Spec[groupPolicyNameInput, awsapi.NoOutput]{Name: "DeleteGroupPolicy", Action: "iam:DeleteGroupPolicy",
			Resources: byGroup[groupPolicyNameInput](a), Handler: a.deleteGroupPolicy}),
		awsapi.Define(awsapi.Spec[listGroupPoliciesInput, inlineNamesOutput]{Name: "ListGroupPolicies", Action: "iam:ListGroupPolicies", ReadOnly: true,
			Resources: byGroup[listGroupPoliciesInput](a), Handler: a.listGroupPolicies}),
	}
}
