package secretsmanager

import "github.com/berth-dev/berth/internal/awsapi"

// Error codes Secrets Manager returns (botocore's secretsmanager model).
const (
	CodeResourceNotFound = "ResourceNotFoundException"
	CodeResourceExists   = "ResourceExistsException"
	CodeInvalidParameter = "InvalidParameterException"
	CodeInvalidRequest   = "InvalidRequestException"
	CodeInvalidNextToken = "InvalidNextTokenException"
	CodeValidation       = "ValidationException"
	CodeLimitExceeded    = "LimitExceededException"
)

// Messages AWS returns word for word.
const (
	msgNotFound        = "Secrets Manager can't find the specified secret."
	msgMarkedDeleted   = "You can't perform this operation on the secret because it was marked for deletion."
	msgBothValues      = "You can't specify both a binary secret value and a string secret value in the same secret."
	msgNoValue         = "You must provide either SecretString or SecretBinary."
	msgNameScheduled   = "You can't create this secret because a secret with this name is already scheduled for deletion."
	msgVersionExists   = "You can't modify an existing version, you can only create a new version."
	msgRecoveryWindow  = "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."
	msgForceAndWindow  = "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."
	msgInvalidName     = "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!"
	msgInvalidToken    = "The specified token isn't valid."
	msgTooManyTags     = "The request failed because it would exceed one of the Secrets Manager quotas: a secret can have at most 50 tags."
	msgPasswordTooThin = "The password length must be at least the number of required character types."
)

func errNotFound() error { return awsapi.Errorf(CodeResourceNotFound, "%s", msgNotFound) }

func errCode(code, msg string) error { return awsapi.Errorf(code, "%s", msg) }

func errParam(format string, args ...any) error {
	return awsapi.Errorf(CodeInvalidParameter, format, args...)
}

// errLength is the wording of AWS's request validator for a member whose
// length is out of range.
func errLength(member string, min, max int) error {
	return awsapi.Errorf(CodeValidation, "1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length between %d and %d", member, min, max)
}
