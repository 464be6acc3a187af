// Package iam serves the AWS Identity and Access Management API (awsQuery,
// version 2010-05-08) for the entities berth's governance needs: roles
// (with trust, inline and attached managed policies), users with access
// keys and groups (with inline and attached managed policies),
// customer-managed policies and their versions, a few AWS-managed
// policies, service-linked roles, OpenID Connect identity providers, and
// the policy simulator.
//
// Names, ARNs, ids, response shapes and error codes follow AWS, so the AWS
// CLI, the SDKs, Terraform and CloudFormation work unchanged. Where berth
// knowingly differs, the declaration concerned says so; in short:
//
//   - OpenID Connect provider URLs may use http:// as well as https://,
//     because berth's built-in issuer runs on http://127.0.0.1. The scheme
//     is stripped from the key, the ARN and the returned Url exactly as AWS
//     strips https://, so http://x and https://x name the same provider.
//   - The AWS-managed policies berth knows are a handful relevant to the
//     services it emulates; ReadOnlyAccess is abridged to those services.
//   - Writes are serialized in-process, and RolePolicies answers from a
//     cache invalidated by every write: one berth server owns a data dir,
//     and it must build one API per store.
//   - Users cannot have permissions boundaries (CreateUser refuses one
//     with InvalidInput rather than ignore it), login profiles, MFA
//     devices, SSH keys or signing certificates. Access keys' last use is
//     not recorded: GetAccessKeyLastUsed answers as for a key never used.
//   - Operations whose UserName is optional act on the calling user; for
//     other callers (root included) they fail with ValidationError "Must
//     specify userName when calling with non-User credentials", except
//     GetUser, which answers root with its ARN and account id.
//   - The simulator reports identity policies with SourcePolicyType
//     "IAM Policy" (what IAM sends, though botocore's enum lists "role",
//     "user-managed"...) and SourcePolicyId set to the policy's name, or
//     "PolicyInputList.N" for policies passed as strings.
//
// Policy documents are parsed and evaluated by iam/policy; this package
// owns where they are stored and which ones apply to a role.
package iam
