package secretsmanager

// Tag is a secret's tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// CreateSecretInput is CreateSecret's request. Its secret value never
// reaches the audit trail (see MarshalJSON): pass it to awsapi.Invoke as
// the Go value, not as JSON made with encoding/json.
type CreateSecretInput struct {
	Name               string `json:"Name" aws:"required"`
	ClientRequestToken string `json:"ClientRequestToken,omitempty"`
	Description        string `json:"Description,omitempty"`
	KmsKeyID           string `json:"KmsKeyId,omitempty"`
	SecretBinary       []byte `json:"SecretBinary,omitempty"`
	SecretString       string `json:"SecretString,omitempty"`
	Tags               []Tag  `json:"Tags,omitempty"`
	Type               string `json:"Type,omitempty"`

	suffix string // the ARN suffix chosen when authorizing
}

// CreateSecretOutput is CreateSecret's result.
type CreateSecretOutput struct {
	ARN       string `json:"ARN"`
	Name      string `json:"Name"`
	VersionID string `json:"VersionId,omitempty"`
}

// GetSecretValueInput is GetSecretValue's request.
type GetSecretValueInput struct {
	SecretID     string `json:"SecretId" aws:"required"`
	VersionID    string `json:"VersionId,omitempty"`
	VersionStage string `json:"VersionStage,omitempty"`
}

// GetSecretValueOutput is GetSecretValue's result. The operation is
// read-only, so the audit trail records no response elements for it.
type GetSecretValueOutput struct {
	ARN           string   `json:"ARN"`
	Name          string   `json:"Name"`
	VersionID     string   `json:"VersionId"`
	SecretBinary  []byte   `json:"SecretBinary,omitempty"`
	SecretString  *string  `json:"SecretString,omitempty"`
	VersionStages []string `json:"VersionStages"`
	CreatedDate   float64  `json:"CreatedDate"`
}

// PutSecretValueInput is PutSecretValue's request (see CreateSecretInput
// about the audit trail).
type PutSecretValueInput struct {
	SecretID           string   `json:"SecretId" aws:"required"`
	ClientRequestToken string   `json:"ClientRequestToken,omitempty"`
	SecretBinary       []byte   `json:"SecretBinary,omitempty"`
	SecretString       string   `json:"SecretString,omitempty"`
	VersionStages      []string `json:"VersionStages,omitempty"`
	RotationToken      string   `json:"RotationToken,omitempty"`
}

// PutSecretValueOutput is PutSecretValue's result.
type PutSecretValueOutput struct {
	ARN           string   `json:"ARN"`
	Name          string   `json:"Name"`
	VersionID     string   `json:"VersionId"`
	VersionStages []string `json:"VersionStages"`
}

// UpdateSecretInput is UpdateSecret's request (see CreateSecretInput
// about the audit trail).
type UpdateSecretInput struct {
	SecretID           string  `json:"SecretId" aws:"required"`
	ClientRequestToken string  `json:"ClientRequestToken,omitempty"`
	Description        *string `json:"Description,omitempty"`
	KmsKeyID           string  `json:"KmsKeyId,omitempty"`
	SecretBinary       []byte  `json:"SecretBinary,omitempty"`
	SecretString       string  `json:"SecretString,omitempty"`
	Type               string  `json:"Type,omitempty"`
}

// UpdateSecretOutput is UpdateSecret's result; VersionID is set when the
// call stored a new value.
type UpdateSecretOutput struct {
	ARN       string `json:"ARN"`
	Name      string `json:"Name"`
	VersionID string `json:"VersionId,omitempty"`
}

// SecretIDInput is the request of operations that take only a secret
// (DescribeSecret, RestoreSecret).
type SecretIDInput struct {
	SecretID string `json:"SecretId" aws:"required"`
}

// DescribeSecretOutput is DescribeSecret's result.
type DescribeSecretOutput struct {
	ARN                string              `json:"ARN"`
	Name               string              `json:"Name"`
	Description        string              `json:"Description,omitempty"`
	KmsKeyID           string              `json:"KmsKeyId,omitempty"`
	RotationEnabled    bool                `json:"RotationEnabled"`
	LastChangedDate    float64             `json:"LastChangedDate,omitempty"`
	LastAccessedDate   float64             `json:"LastAccessedDate,omitempty"`
	DeletedDate        float64             `json:"DeletedDate,omitempty"`
	Tags               []Tag               `json:"Tags,omitempty"`
	VersionIdsToStages map[string][]string `json:"VersionIdsToStages,omitempty"`
	CreatedDate        float64             `json:"CreatedDate"`
}

// Filter is a ListSecrets filter.
type Filter struct {
	Key    string   `json:"Key"`
	Values []string `json:"Values"`
}

// ListSecretsInput is ListSecrets' request.
type ListSecretsInput struct {
	IncludePlannedDeletion bool     `json:"IncludePlannedDeletion,omitempty"`
	MaxResults             int      `json:"MaxResults,omitempty"`
	NextToken              string   `json:"NextToken,omitempty"`
	Filters                []Filter `json:"Filters,omitempty"`
	SortOrder              string   `json:"SortOrder,omitempty"`
	SortBy                 string   `json:"SortBy,omitempty"`
}

// SecretListEntry is one ListSecrets entry.
type SecretListEntry struct {
	ARN                    string              `json:"ARN"`
	Name                   string              `json:"Name"`
	Description            string              `json:"Description,omitempty"`
	KmsKeyID               string              `json:"KmsKeyId,omitempty"`
	LastChangedDate        float64             `json:"LastChangedDate,omitempty"`
	LastAccessedDate       float64             `json:"LastAccessedDate,omitempty"`
	DeletedDate            float64             `json:"DeletedDate,omitempty"`
	Tags                   []Tag               `json:"Tags,omitempty"`
	SecretVersionsToStages map[string][]string `json:"SecretVersionsToStages,omitempty"`
	CreatedDate            float64             `json:"CreatedDate"`
}

// ListSecretsOutput is ListSecrets' result.
type ListSecretsOutput struct {
	SecretList []SecretListEntry `json:"SecretList"`
	NextToken  string            `json:"NextToken,omitempty"`
}

// ListSecretVersionIdsInput is ListSecretVersionIds' request.
type ListSecretVersionIdsInput struct {
	SecretID          string `json:"SecretId" aws:"required"`
	MaxResults        int    `json:"MaxResults,omitempty"`
	NextToken         string `json:"NextToken,omitempty"`
	IncludeDeprecated bool   `json:"IncludeDeprecated,omitempty"`
}

// VersionEntry is one ListSecretVersionIds entry.
type VersionEntry struct {
	VersionID     string   `json:"VersionId"`
	VersionStages []string `json:"VersionStages,omitempty"`
	CreatedDate   float64  `json:"CreatedDate"`
}

// ListSecretVersionIdsOutput is ListSecretVersionIds' result.
type ListSecretVersionIdsOutput struct {
	Versions  []VersionEntry `json:"Versions"`
	NextToken string         `json:"NextToken,omitempty"`
	ARN       string         `json:"ARN"`
	Name      string         `json:"Name"`
}

// DeleteSecretInput is DeleteSecret's request. RecoveryWindowInDays is
// a pointer: 0 and absent differ (0 is out of range).
type DeleteSecretInput struct {
	SecretID                   string `json:"SecretId" aws:"required"`
	RecoveryWindowInDays       *int64 `json:"RecoveryWindowInDays,omitempty"`
	ForceDeleteWithoutRecovery bool   `json:"ForceDeleteWithoutRecovery,omitempty"`
}

// DeleteSecretOutput is DeleteSecret's result.
type DeleteSecretOutput struct {
	ARN          string  `json:"ARN"`
	Name         string  `json:"Name"`
	DeletionDate float64 `json:"DeletionDate"`
}

// SecretRef is the ARN and name of a secret (RestoreSecret's result).
type SecretRef struct {
	ARN  string `json:"ARN"`
	Name string `json:"Name"`
}

// TagResourceInput is TagResource's request.
type TagResourceInput struct {
	SecretID string `json:"SecretId" aws:"required"`
	Tags     []Tag  `json:"Tags" aws:"required"`
}

// UntagResourceInput is UntagResource's request.
type UntagResourceInput struct {
	SecretID string   `json:"SecretId" aws:"required"`
	TagKeys  []string `json:"TagKeys" aws:"required"`
}

// GetRandomPasswordInput is GetRandomPassword's request (also
// CloudFormation's GenerateSecretString, less its template members).
type GetRandomPasswordInput struct {
	PasswordLength          int64  `json:"PasswordLength,omitempty"`
	ExcludeCharacters       string `json:"ExcludeCharacters,omitempty"`
	ExcludeNumbers          bool   `json:"ExcludeNumbers,omitempty"`
	ExcludePunctuation      bool   `json:"ExcludePunctuation,omitempty"`
	ExcludeUppercase        bool   `json:"ExcludeUppercase,omitempty"`
	ExcludeLowercase        bool   `json:"ExcludeLowercase,omitempty"`
	IncludeSpace            bool   `json:"IncludeSpace,omitempty"`
	RequireEachIncludedType *bool  `json:"RequireEachIncludedType,omitempty"`
}

// GetRandomPasswordOutput is GetRandomPassword's result (read-only: the
// trail records no response elements).
type GetRandomPasswordOutput struct {
	RandomPassword string `json:"RandomPassword"`
}
