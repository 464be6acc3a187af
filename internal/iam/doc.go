// Package iam serves the AWS Identity and Access Management API (awsQuery,
// version 2010-05-08) for the entities berth's governance needs: roles
// (with trust, inline and attached managed policies), customer-managed
// policies and their versions, a few AWS-managed policies, service-linked
// roles, OpenID Connect identity providers, and the policy simulator.
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
//   - Writes are serialized in-process (one berth server owns a data dir).
//
// Policy documents are parsed and evaluated by iam/policy; this package
// owns where they are stored and which ones apply to a role.
package iam
