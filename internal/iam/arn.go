package iam

import "strings"

// awsAccount is the "account" of AWS-managed policy ARNs
// (arn:aws:iam::aws:policy/AdministratorAccess).
const awsAccount = "aws"

// iamARN builds arn:aws:iam::<account>:<resource>.
func iamARN(account, resource string) string {
	return "arn:aws:iam::" + account + ":" + resource
}

// roleARN is a role's ARN: the path sits between "role" and the name, so
// path "/" gives role/name and "/app/" gives role/app/name.
func roleARN(account, path, name string) string { return iamARN(account, "role"+path+name) }

// userARN is an IAM user's ARN, built like roleARN.
func userARN(account, path, name string) string { return iamARN(account, "user"+path+name) }

// groupARN is an IAM group's ARN, built like roleARN.
func groupARN(account, path, name string) string { return iamARN(account, "group"+path+name) }

// policyARN is a managed policy's ARN, built like roleARN.
func policyARN(account, path, name string) string { return iamARN(account, "policy"+path+name) }

// oidcARN is an OpenID Connect provider's ARN; key is its URL without scheme.
func oidcARN(account, key string) string { return iamARN(account, "oidc-provider/"+key) }

// splitIAMARN splits arn:aws:iam::<account>:<resource>; IAM is global, so
// the region must be empty.
func splitIAMARN(arn string) (account, resource string, ok bool) {
	rest, ok := strings.CutPrefix(arn, "arn:aws:iam::")
	if !ok {
		return "", "", false
	}
	account, resource, ok = strings.Cut(rest, ":")
	if !ok || account == "" || resource == "" {
		return "", "", false
	}
	return account, resource, true
}

// splitPathName parses "<type>/<path...>/<name>" resources into the IAM
// path ("/" or "/a/b/") and the name.
func splitPathName(resource, typ string) (path, name string, ok bool) {
	rest, ok := strings.CutPrefix(resource, typ+"/")
	if !ok || rest == "" {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '/')
	if i < 0 {
		return "/", rest, true
	}
	name = rest[i+1:]
	if name == "" {
		return "", "", false
	}
	return "/" + rest[:i+1], name, true
}

// parseEntityARN parses an IAM ARN of the given resource type ("role",
// "policy", "user", "group") into account, path and name.
func parseEntityARN(arn, typ string) (account, path, name string, ok bool) {
	account, resource, ok := splitIAMARN(arn)
	if !ok {
		return "", "", "", false
	}
	path, name, ok = splitPathName(resource, typ)
	if !ok {
		return "", "", "", false
	}
	return account, path, name, true
}

// parseOIDCARN returns the account and provider key (URL without scheme)
// of an oidc-provider ARN.
func parseOIDCARN(arn string) (account, key string, ok bool) {
	account, resource, ok := splitIAMARN(arn)
	if !ok {
		return "", "", false
	}
	key, ok = strings.CutPrefix(resource, "oidc-provider/")
	if !ok || key == "" {
		return "", "", false
	}
	return account, key, true
}
