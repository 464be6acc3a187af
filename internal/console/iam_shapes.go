package console

import "time"

// IAM (awsQuery, XML). Policy documents arrive URL-encoded, as IAM
// returns them; see decodeDocument.

// iamPaging is the IsTruncated/Marker pair of IAM's list operations.
type iamPaging struct {
	IsTruncated bool   `xml:"IsTruncated"`
	Marker      string `xml:"Marker"`
}

// next is the marker of the following page, "" after the last.
func (p *iamPaging) next() string {
	if !p.IsTruncated {
		return ""
	}
	return p.Marker
}

type iamRole struct {
	RoleName                 string    `xml:"RoleName"`
	Arn                      string    `xml:"Arn"`
	Path                     string    `xml:"Path"`
	Description              string    `xml:"Description"`
	CreateDate               time.Time `xml:"CreateDate"`
	MaxSessionDuration       int       `xml:"MaxSessionDuration"`
	AssumeRolePolicyDocument string    `xml:"AssumeRolePolicyDocument"`
	PermissionsBoundary      struct {
		Arn string `xml:"PermissionsBoundaryArn"`
	} `xml:"PermissionsBoundary"`
}

type listRolesOut struct {
	iamPaging
	Roles []iamRole `xml:"Roles>member"`
}

type getRoleOut struct {
	Role iamRole `xml:"Role"`
}

type iamUser struct {
	UserName   string    `xml:"UserName"`
	Arn        string    `xml:"Arn"`
	Path       string    `xml:"Path"`
	CreateDate time.Time `xml:"CreateDate"`
}

type getUserOut struct {
	User iamUser `xml:"User"`
}

type listUsersOut struct {
	iamPaging
	Users []iamUser `xml:"Users>member"`
}

type iamGroup struct {
	GroupName  string    `xml:"GroupName"`
	Arn        string    `xml:"Arn"`
	Path       string    `xml:"Path"`
	CreateDate time.Time `xml:"CreateDate"`
}

type listGroupsOut struct {
	iamPaging
	Groups []iamGroup `xml:"Groups>member"`
}

type getGroupOut struct {
	iamPaging
	Group iamGroup  `xml:"Group"`
	Users []iamUser `xml:"Users>member"`
}

type accessKeyMeta struct {
	AccessKeyID string    `xml:"AccessKeyId"`
	Status      string    `xml:"Status"`
	CreateDate  time.Time `xml:"CreateDate"`
}

type listAccessKeysOut struct {
	iamPaging
	AccessKeyMetadata []accessKeyMeta `xml:"AccessKeyMetadata>member"`
}

type attachedPolicyRef struct {
	PolicyName string `xml:"PolicyName"`
	PolicyArn  string `xml:"PolicyArn"`
}

type listAttachedOut struct {
	iamPaging
	AttachedPolicies []attachedPolicyRef `xml:"AttachedPolicies>member"`
}

type policyNamesOut struct {
	iamPaging
	PolicyNames []string `xml:"PolicyNames>member"`
}

type inlinePolicyOut struct {
	PolicyName     string `xml:"PolicyName"`
	PolicyDocument string `xml:"PolicyDocument"`
}

type getPolicyOut struct {
	Policy struct {
		DefaultVersionID string `xml:"DefaultVersionId"`
		Description      string `xml:"Description"`
	} `xml:"Policy"`
}

type getPolicyVersionOut struct {
	PolicyVersion struct {
		Document  string `xml:"Document"`
		VersionID string `xml:"VersionId"`
	} `xml:"PolicyVersion"`
}
