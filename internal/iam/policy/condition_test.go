package policy

import (
	"testing"
)

// kv is a request context in test tables: key -> values.
type kv map[string][]string

func (m kv) context() Context {
	var c Context
	for k, v := range m {
		c.Set(k, v...)
	}
	return c
}

// condCase is one Condition block checked through Parse and Evaluate: an
// Allow statement on every action and resource guarded by cond.
type condCase struct {
	name    string
	cond    string // the Condition element's JSON object
	ctx     kv
	want    bool
	version string // "" means 2012-10-17
}

func runCondCases(t *testing.T, cases []condCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			version := tc.version
			if version == "" {
				version = Version2012
			}
			doc := `{"Version":"` + version + `","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":` + tc.cond + `}}`
			p := mustParse(t, doc, Identity)
			got := Evaluate(&Request{Action: "s3:GetObject", Resource: "*", Context: tc.ctx.context()}, p).Decision == Allowed
			if got != tc.want {
				t.Fatalf("condition %s with %v = %v, want %v", tc.cond, tc.ctx, got, tc.want)
			}
		})
	}
}

// String condition operators (IAM User Guide, Condition operators: String).
func TestConditionString(t *testing.T) {
	runCondCases(t, []condCase{
		{"StringEquals match", `{"StringEquals":{"aws:username":"bob"}}`, kv{"aws:username": {"bob"}}, true, ""},
		{"StringEquals is case-sensitive", `{"StringEquals":{"aws:username":"bob"}}`, kv{"aws:username": {"Bob"}}, false, ""},
		{"StringEquals missing key is false", `{"StringEquals":{"aws:username":"bob"}}`, kv{}, false, ""},
		{"StringEquals values are OR'd", `{"StringEquals":{"aws:username":["alice","bob"]}}`, kv{"aws:username": {"bob"}}, true, ""},
		{"StringEquals has no wildcards", `{"StringEquals":{"aws:username":"b*"}}`, kv{"aws:username": {"bob"}}, false, ""},
		{"StringEquals star literal", `{"StringEquals":{"aws:username":"*"}}`, kv{"aws:username": {"*"}}, true, ""},
		{"StringEquals empty string", `{"StringEquals":{"s3:prefix":""}}`, kv{"s3:prefix": {""}}, true, ""},
		{"key names are case-insensitive", `{"StringEquals":{"AWS:UserName":"bob"}}`, kv{"aws:USERNAME": {"bob"}}, true, ""},
		{"StringNotEquals missing key is true", `{"StringNotEquals":{"aws:username":"bob"}}`, kv{}, true, ""},
		{"StringNotEquals other value", `{"StringNotEquals":{"aws:username":"bob"}}`, kv{"aws:username": {"alice"}}, true, ""},
		{"StringNotEquals same value", `{"StringNotEquals":{"aws:username":"bob"}}`, kv{"aws:username": {"bob"}}, false, ""},
		{"StringNotEquals must avoid every value", `{"StringNotEquals":{"aws:username":["alice","bob"]}}`, kv{"aws:username": {"bob"}}, false, ""},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase":{"aws:username":"BOB"}}`, kv{"aws:username": {"bob"}}, true, ""},
		{"StringEqualsIgnoreCase differs", `{"StringEqualsIgnoreCase":{"aws:username":"BOB"}}`, kv{"aws:username": {"rob"}}, false, ""},
		{"StringNotEqualsIgnoreCase same", `{"StringNotEqualsIgnoreCase":{"aws:username":"BOB"}}`, kv{"aws:username": {"bob"}}, false, ""},
		{"StringNotEqualsIgnoreCase missing", `{"StringNotEqualsIgnoreCase":{"aws:username":"BOB"}}`, kv{}, true, ""},
		{"StringLike star", `{"StringLike":{"s3:prefix":"home/*"}}`, kv{"s3:prefix": {"home/bob/x"}}, true, ""},
		{"StringLike star matches empty", `{"StringLike":{"s3:prefix":"home/*"}}`, kv{"s3:prefix": {"home/"}}, true, ""},
		{"StringLike question mark", `{"StringLike":{"ec2:InstanceType":"t?.micro"}}`, kv{"ec2:InstanceType": {"t3.micro"}}, true, ""},
		{"StringLike question mark is one char", `{"StringLike":{"ec2:InstanceType":"t?.micro"}}`, kv{"ec2:InstanceType": {"t3a.micro"}}, false, ""},
		{"StringLike needs wildcards for partial match", `{"StringLike":{"s3:prefix":"home"}}`, kv{"s3:prefix": {"home/bob"}}, false, ""},
		{"StringLike is case-sensitive", `{"StringLike":{"s3:prefix":"home/*"}}`, kv{"s3:prefix": {"Home/bob"}}, false, ""},
		{"StringLike star crosses colons", `{"StringLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}`,
			kv{"aws:SourceArn": {"arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}}, true, ""},
		{"StringNotLike matching", `{"StringNotLike":{"s3:prefix":"home/*"}}`, kv{"s3:prefix": {"home/x"}}, false, ""},
		{"StringNotLike not matching", `{"StringNotLike":{"s3:prefix":"home/*"}}`, kv{"s3:prefix": {"tmp/x"}}, true, ""},
		{"StringNotLike missing key is true", `{"StringNotLike":{"s3:prefix":"home/*"}}`, kv{}, true, ""},
		{"StringLikeIfExists missing key", `{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}`, kv{}, true, ""},
		{"StringLikeIfExists present mismatch", `{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}`, kv{"ec2:InstanceType": {"c5.large"}}, false, ""},
		{"StringEqualsIfExists present match", `{"StringEqualsIfExists":{"aws:RequestedRegion":"eu-west-1"}}`, kv{"aws:RequestedRegion": {"eu-west-1"}}, true, ""},
		{"StringNotEqualsIfExists present same", `{"StringNotEqualsIfExists":{"aws:RequestedRegion":"eu-west-1"}}`, kv{"aws:RequestedRegion": {"eu-west-1"}}, false, ""},
		{"unicode case folding", `{"StringEqualsIgnoreCase":{"aws:username":"ÉLODIE"}}`, kv{"aws:username": {"élodie"}}, true, ""},
	})
}

// Numeric condition operators.
func TestConditionNumeric(t *testing.T) {
	runCondCases(t, []condCase{
		{"NumericEquals", `{"NumericEquals":{"s3:max-keys":"10"}}`, kv{"s3:max-keys": {"10"}}, true, ""},
		{"NumericEquals decimal form", `{"NumericEquals":{"s3:max-keys":"10.0"}}`, kv{"s3:max-keys": {"10"}}, true, ""},
		{"NumericEquals JSON number", `{"NumericEquals":{"s3:max-keys":10}}`, kv{"s3:max-keys": {"10"}}, true, ""},
		{"NumericEquals different", `{"NumericEquals":{"s3:max-keys":"10"}}`, kv{"s3:max-keys": {"11"}}, false, ""},
		{"NumericEquals large integers exact", `{"NumericEquals":{"x:n":"9007199254740993"}}`, kv{"x:n": {"9007199254740992"}}, false, ""},
		{"NumericNotEquals", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, kv{"s3:max-keys": {"11"}}, true, ""},
		{"NumericNotEquals same", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, kv{"s3:max-keys": {"10"}}, false, ""},
		{"NumericNotEquals missing key", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, kv{}, true, ""},
		{"NumericLessThan", `{"NumericLessThan":{"s3:max-keys":"10"}}`, kv{"s3:max-keys": {"9"}}, true, ""},
		{"NumericLessThan equal", `{"NumericLessThan":{"s3:max-keys":"10"}}`, kv{"s3:max-keys": {"10"}}, false, ""},
		{"NumericLessThanEquals equal", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, kv{"s3:max-keys": {"10"}}, true, ""},
		{"NumericLessThanEquals missing key", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, kv{}, false, ""},
		{"NumericGreaterThan", `{"NumericGreaterThan":{"x:n":"-1.5"}}`, kv{"x:n": {"-1"}}, true, ""},
		{"NumericGreaterThan equal", `{"NumericGreaterThan":{"x:n":"2"}}`, kv{"x:n": {"2"}}, false, ""},
		{"NumericGreaterThanEquals", `{"NumericGreaterThanEquals":{"x:n":"2"}}`, kv{"x:n": {"2.0"}}, true, ""},
		{"NumericGreaterThanEquals exponent", `{"NumericGreaterThanEquals":{"x:n":"1e3"}}`, kv{"x:n": {"1000"}}, true, ""},
		{"non-numeric request value", `{"NumericLessThan":{"x:n":"10"}}`, kv{"x:n": {"five"}}, false, ""},
		{"non-numeric request value negated", `{"NumericNotEquals":{"x:n":"10"}}`, kv{"x:n": {"five"}}, false, ""},
		{"NaN is not a number", `{"NumericNotEquals":{"x:n":"10"}}`, kv{"x:n": {"NaN"}}, false, ""},
		{"no variables in numeric operators", `{"NumericEquals":{"x:n":"${x:m}"}}`, kv{"x:n": {"1"}, "x:m": {"1"}}, false, ""},
		{"NumericLessThanIfExists missing", `{"NumericLessThanIfExists":{"x:n":"10"}}`, kv{}, true, ""},
		{"epoch as number", `{"NumericGreaterThan":{"aws:EpochTime":"1700000000"}}`, kv{"aws:EpochTime": {"1700000001"}}, true, ""},
	})
}

// Date condition operators: ISO 8601 (W3C profile) or epoch seconds.
func TestConditionDate(t *testing.T) {
	runCondCases(t, []condCase{
		{"DateLessThan", `{"DateLessThan":{"aws:CurrentTime":"2021-01-01T00:00:00Z"}}`, kv{"aws:CurrentTime": {"2020-06-01T12:00:00Z"}}, true, ""},
		{"DateLessThan after", `{"DateLessThan":{"aws:CurrentTime":"2021-01-01T00:00:00Z"}}`, kv{"aws:CurrentTime": {"2021-06-01T12:00:00Z"}}, false, ""},
		{"DateLessThanEquals equal", `{"DateLessThanEquals":{"aws:CurrentTime":"2021-01-01T00:00:00Z"}}`, kv{"aws:CurrentTime": {"2021-01-01T00:00:00Z"}}, true, ""},
		{"DateGreaterThan", `{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}`, kv{"aws:TokenIssueTime": {"2020-03-01T00:00:00Z"}}, true, ""},
		{"DateGreaterThan missing key", `{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}`, kv{}, false, ""},
		{"DateGreaterThanEquals", `{"DateGreaterThanEquals":{"aws:CurrentTime":"2020-01-01"}}`, kv{"aws:CurrentTime": {"2020-01-01T00:00:00Z"}}, true, ""},
		{"DateEquals date only", `{"DateEquals":{"aws:CurrentTime":"2024-01-01"}}`, kv{"aws:CurrentTime": {"2024-01-01T00:00:00Z"}}, true, ""},
		{"DateEquals zone offset", `{"DateEquals":{"aws:CurrentTime":"2024-01-01T01:00:00+01:00"}}`, kv{"aws:CurrentTime": {"2024-01-01T00:00:00Z"}}, true, ""},
		{"DateEquals fractional seconds", `{"DateEquals":{"aws:CurrentTime":"2024-01-01T00:00:00.000Z"}}`, kv{"aws:CurrentTime": {"2024-01-01T00:00:00Z"}}, true, ""},
		{"DateNotEquals missing key", `{"DateNotEquals":{"aws:CurrentTime":"2024-01-01"}}`, kv{}, true, ""},
		{"DateNotEquals same instant", `{"DateNotEquals":{"aws:CurrentTime":"2024-01-01"}}`, kv{"aws:CurrentTime": {"1704067200"}}, false, ""},
		{"epoch request value", `{"DateGreaterThan":{"aws:EpochTime":"2023-11-14T22:13:20Z"}}`, kv{"aws:EpochTime": {"1700000001"}}, true, ""},
		{"epoch policy value", `{"DateLessThan":{"aws:CurrentTime":"1700000000"}}`, kv{"aws:CurrentTime": {"2023-11-14T22:13:19Z"}}, true, ""},
		{"minutes without seconds", `{"DateLessThan":{"aws:CurrentTime":"2024-01-01T10:30Z"}}`, kv{"aws:CurrentTime": {"2024-01-01T10:29:59Z"}}, true, ""},
		{"invalid request date", `{"DateLessThan":{"aws:CurrentTime":"2024-01-01"}}`, kv{"aws:CurrentTime": {"yesterday"}}, false, ""},
		{"invalid request date negated", `{"DateNotEquals":{"aws:CurrentTime":"2024-01-01"}}`, kv{"aws:CurrentTime": {"yesterday"}}, false, ""},
		{"DateLessThanIfExists missing", `{"DateLessThanIfExists":{"aws:CurrentTime":"2024-01-01"}}`, kv{}, true, ""},
		{"time window", `{"DateGreaterThan":{"aws:CurrentTime":"2017-07-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2017-12-31T23:59:59Z"}}`,
			kv{"aws:CurrentTime": {"2017-09-01T00:00:00Z"}}, true, ""},
		{"time window outside", `{"DateGreaterThan":{"aws:CurrentTime":"2017-07-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2017-12-31T23:59:59Z"}}`,
			kv{"aws:CurrentTime": {"2018-01-01T00:00:00Z"}}, false, ""},
	})
}

// Bool, BinaryEquals and Null.
func TestConditionBoolBinaryNull(t *testing.T) {
	runCondCases(t, []condCase{
		{"Bool true", `{"Bool":{"aws:SecureTransport":"true"}}`, kv{"aws:SecureTransport": {"true"}}, true, ""},
		{"Bool false vs true", `{"Bool":{"aws:SecureTransport":"false"}}`, kv{"aws:SecureTransport": {"true"}}, false, ""},
		{"Bool JSON boolean", `{"Bool":{"aws:SecureTransport":false}}`, kv{"aws:SecureTransport": {"false"}}, true, ""},
		{"Bool any case", `{"Bool":{"aws:MultiFactorAuthPresent":"TRUE"}}`, kv{"aws:MultiFactorAuthPresent": {"True"}}, true, ""},
		{"Bool missing key", `{"Bool":{"aws:MultiFactorAuthPresent":"false"}}`, kv{}, false, ""},
		{"BoolIfExists missing key", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, kv{}, true, ""},
		{"Bool non-boolean request value", `{"Bool":{"aws:SecureTransport":"true"}}`, kv{"aws:SecureTransport": {"yes"}}, false, ""},
		{"Bool takes variables", `{"Bool":{"aws:SecureTransport":"${aws:PrincipalTag/tls}"}}`, kv{"aws:SecureTransport": {"true"}, "aws:PrincipalTag/tls": {"true"}}, true, ""},
		{"BinaryEquals", `{"BinaryEquals":{"x:bin":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, kv{"x:bin": {"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}, true, ""},
		{"BinaryEquals different bytes", `{"BinaryEquals":{"x:bin":"QmluYXJ5"}}`, kv{"x:bin": {"QmluYXJz"}}, false, ""},
		{"BinaryEquals invalid request value", `{"BinaryEquals":{"x:bin":"QmluYXJ5"}}`, kv{"x:bin": {"not base64!"}}, false, ""},
		{"BinaryEqualsIfExists missing", `{"BinaryEqualsIfExists":{"x:bin":"QmluYXJ5"}}`, kv{}, true, ""},
		{"Null true and absent", `{"Null":{"aws:TokenIssueTime":"true"}}`, kv{}, true, ""},
		{"Null true and present", `{"Null":{"aws:TokenIssueTime":"true"}}`, kv{"aws:TokenIssueTime": {"2024-01-01T00:00:00Z"}}, false, ""},
		{"Null false and present", `{"Null":{"aws:TokenIssueTime":"false"}}`, kv{"aws:TokenIssueTime": {"2024-01-01T00:00:00Z"}}, true, ""},
		{"Null false and absent", `{"Null":{"aws:TokenIssueTime":"false"}}`, kv{}, false, ""},
		{"Null JSON boolean", `{"Null":{"aws:TokenIssueTime":true}}`, kv{}, true, ""},
		{"Null with empty value set", `{"Null":{"aws:TagKeys":"true"}}`, kv{"aws:TagKeys": {}}, true, ""},
	})
}

// IP address condition operators: CIDR, IPv4 and IPv6, bare address = /32.
func TestConditionIPAddress(t *testing.T) {
	runCondCases(t, []condCase{
		{"IpAddress in range", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, kv{"aws:SourceIp": {"203.0.113.5"}}, true, ""},
		{"IpAddress out of range", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, kv{"aws:SourceIp": {"203.0.114.5"}}, false, ""},
		{"IpAddress bare address is /32", `{"IpAddress":{"aws:SourceIp":"203.0.113.5"}}`, kv{"aws:SourceIp": {"203.0.113.5"}}, true, ""},
		{"IpAddress bare address other host", `{"IpAddress":{"aws:SourceIp":"203.0.113.5"}}`, kv{"aws:SourceIp": {"203.0.113.6"}}, false, ""},
		{"IpAddress host bits ignored", `{"IpAddress":{"aws:SourceIp":"203.0.113.77/24"}}`, kv{"aws:SourceIp": {"203.0.113.5"}}, true, ""},
		{"IpAddress IPv6", `{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}`, kv{"aws:SourceIp": {"2001:db8:1234:5678::1"}}, true, ""},
		{"IpAddress IPv6 outside", `{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}`, kv{"aws:SourceIp": {"2001:db8:1234:5679::1"}}, false, ""},
		{"IpAddress mixed list", `{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}`, kv{"aws:SourceIp": {"2001:db8:1234:5678::abcd"}}, true, ""},
		{"IpAddress IPv4 request vs IPv6 range", `{"IpAddress":{"aws:SourceIp":"::/0"}}`, kv{"aws:SourceIp": {"203.0.113.5"}}, false, ""},
		{"IpAddress IPv4-mapped request", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, kv{"aws:SourceIp": {"::ffff:203.0.113.5"}}, true, ""},
		{"IpAddress invalid request value", `{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`, kv{"aws:SourceIp": {"localhost"}}, false, ""},
		{"IpAddress invalid policy value", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/33"}}`, kv{"aws:SourceIp": {"203.0.113.5"}}, false, ""},
		{"IpAddress missing key", `{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`, kv{}, false, ""},
		{"NotIpAddress inside", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, kv{"aws:SourceIp": {"203.0.113.5"}}, false, ""},
		{"NotIpAddress outside", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, kv{"aws:SourceIp": {"198.51.100.1"}}, true, ""},
		{"NotIpAddress missing key", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, kv{}, true, ""},
		{"NotIpAddress invalid policy value", `{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","bogus"]}}`, kv{"aws:SourceIp": {"198.51.100.1"}}, false, ""},
		{"IpAddressIfExists missing", `{"IpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}}`, kv{}, true, ""},
	})
}

// ARN condition operators: six components compared separately.
func TestConditionArn(t *testing.T) {
	runCondCases(t, []condCase{
		{"ArnEquals exact", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:123456789012:topic"}}`, kv{"aws:SourceArn": {"arn:aws:sns:us-east-1:123456789012:topic"}}, true, ""},
		{"ArnEquals takes wildcards like ArnLike", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:123456789012:*"}}`, kv{"aws:SourceArn": {"arn:aws:sns:us-east-1:123456789012:topic"}}, true, ""},
		{"ArnLike every component", `{"ArnLike":{"aws:SourceArn":"arn:???:*:*:*:*"}}`, kv{"aws:SourceArn": {"arn:aws:ec2:us-east-1:123456789012:instance/i-12345"}}, true, ""},
		{"ArnLike star stays in its component", `{"ArnLike":{"aws:SourceArn":"arn:aws:someservice:*:111122223333:finance/*"}}`,
			kv{"aws:SourceArn": {"arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"}}, false, ""},
		{"ArnLike resource component keeps colons", `{"ArnLike":{"aws:SourceArn":"arn:aws:logs:*:*:log-group:app:*"}}`,
			kv{"aws:SourceArn": {"arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:x"}}, true, ""},
		{"ArnLike empty region", `{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::my_corporate_bucket"}}`, kv{"aws:SourceArn": {"arn:aws:s3:::my_corporate_bucket"}}, true, ""},
		{"ArnLike is case-sensitive", `{"ArnLike":{"aws:SourceArn":"arn:aws:ec2:us-east-1:123456789012:instance/i-12345"}}`,
			kv{"aws:SourceArn": {"arn:aws:ec2:us-east-1:123456789012:INSTANCE/I-12345"}}, false, ""},
		{"ArnLike invalid request ARN", `{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}}`, kv{"aws:SourceArn": {"arn:::bucket-name"}}, false, ""},
		{"ArnLike invalid policy ARN", `{"ArnLike":{"aws:SourceArn":"arn:::bucket-name"}}`, kv{"aws:SourceArn": {"arn:aws:s3:::bucket-name"}}, false, ""},
		{"ArnLike bare star is not an ARN", `{"ArnLike":{"aws:SourceArn":"*"}}`, kv{"aws:SourceArn": {"arn:aws:s3:::bucket-name"}}, false, ""},
		{"ArnLike missing key", `{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}}`, kv{}, false, ""},
		{"ArnNotLike missing key", `{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin"}}`, kv{}, true, ""},
		{"ArnNotLike other role", `{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin"}}`, kv{"aws:PrincipalArn": {"arn:aws:iam::123456789012:role/dev"}}, true, ""},
		{"ArnNotEquals same role", `{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin"}}`, kv{"aws:PrincipalArn": {"arn:aws:iam::123456789012:role/admin"}}, false, ""},
		{"ArnLike with variable", `{"ArnLike":{"aws:SourceArn":"arn:aws:iam::123456789012:user/${aws:username}"}}`,
			kv{"aws:SourceArn": {"arn:aws:iam::123456789012:user/Bob"}, "aws:username": {"Bob"}}, true, ""},
		{"ArnLike variable without value", `{"ArnLike":{"aws:SourceArn":"arn:aws:iam::123456789012:user/${aws:username}"}}`,
			kv{"aws:SourceArn": {"arn:aws:iam::123456789012:user/Bob"}}, false, ""},
		{"ArnLike variable value is literal", `{"ArnLike":{"aws:SourceArn":"arn:aws:iam::123456789012:user/${aws:username}"}}`,
			kv{"aws:SourceArn": {"arn:aws:iam::123456789012:user/Bob"}, "aws:username": {"B*"}}, false, ""},
		{"ArnLikeIfExists missing", `{"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:s3:::*"}}`, kv{}, true, ""},
	})
}

// Set operators (IAM User Guide, "Creating a condition with multiple keys or
// values") and how several keys and operators combine.
func TestConditionSets(t *testing.T) {
	runCondCases(t, []condCase{
		{"ForAllValues subset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, kv{"aws:TagKeys": {"env"}}, true, ""},
		{"ForAllValues all in list", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, kv{"aws:TagKeys": {"team", "env"}}, true, ""},
		{"ForAllValues one outside", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, kv{"aws:TagKeys": {"env", "cost"}}, false, ""},
		{"ForAllValues missing key is true", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}`, kv{}, true, ""},
		{"ForAllValues empty set is true", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}`, kv{"aws:TagKeys": {}}, true, ""},
		{"ForAllValues StringLike", `{"ForAllValues:StringLike":{"dynamodb:requestedAttributes":["Post*","Message","Tags"]}}`, kv{"dynamodb:requestedAttributes": {"PostDateTime", "Message"}}, true, ""},
		{"ForAllValues StringLike one outside", `{"ForAllValues:StringLike":{"dynamodb:requestedAttributes":["PostDateTime","Message","Tags"]}}`, kv{"dynamodb:requestedAttributes": {"PostDateTime", "UserName"}}, false, ""},
		{"ForAllValues negated", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, kv{"aws:TagKeys": {"env", "team"}}, true, ""},
		{"ForAllValues negated hit", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, kv{"aws:TagKeys": {"env", "secret"}}, false, ""},
		{"ForAnyValue one matches", `{"ForAnyValue:StringEquals":{"dynamodb:requestedAttributes":["ID","PostDateTime"]}}`, kv{"dynamodb:requestedAttributes": {"UserName", "Message", "PostDateTime"}}, true, ""},
		{"ForAnyValue none match", `{"ForAnyValue:StringEquals":{"dynamodb:requestedAttributes":["ID","PostDateTime"]}}`, kv{"dynamodb:requestedAttributes": {"UserName"}}, false, ""},
		{"ForAnyValue missing key is false", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}}`, kv{}, false, ""},
		{"ForAnyValue empty set is false", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}}`, kv{"aws:TagKeys": {}}, false, ""},
		{"ForAnyValue IfExists missing key", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["env"]}}`, kv{}, true, ""},
		{"ForAnyValue negated", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env"]}}`, kv{"aws:TagKeys": {"env", "team"}}, true, ""},
		{"ForAnyValue negated all listed", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env"]}}`, kv{"aws:TagKeys": {"env"}}, false, ""},
		{"ForAnyValue ArnLike", `{"ForAnyValue:ArnLike":{"aws:CalledVia":"arn:aws:iam::*:role/*"}}`, kv{"aws:CalledVia": {"arn:aws:s3:::b", "arn:aws:iam::1:role/r"}}, true, ""},
		{"multivalued key without qualifier", `{"StringEquals":{"aws:TagKeys":"env"}}`, kv{"aws:TagKeys": {"team", "env"}}, true, ""},
		{"multivalued key negated without qualifier", `{"StringNotEquals":{"aws:TagKeys":"env"}}`, kv{"aws:TagKeys": {"team", "env"}}, false, ""},
		{"keys are AND'd", `{"StringEquals":{"aws:username":"bob","aws:RequestedRegion":"eu-west-1"}}`, kv{"aws:username": {"bob"}, "aws:RequestedRegion": {"us-east-1"}}, false, ""},
		{"keys are AND'd all hold", `{"StringEquals":{"aws:username":"bob","aws:RequestedRegion":"eu-west-1"}}`, kv{"aws:username": {"bob"}, "aws:RequestedRegion": {"eu-west-1"}}, true, ""},
		{"operators are AND'd", `{"StringEquals":{"aws:username":"bob"},"Bool":{"aws:SecureTransport":"true"}}`, kv{"aws:username": {"bob"}, "aws:SecureTransport": {"false"}}, false, ""},
		{"operators are AND'd all hold", `{"StringEquals":{"aws:username":"bob"},"Bool":{"aws:SecureTransport":"true"}}`, kv{"aws:username": {"bob"}, "aws:SecureTransport": {"true"}}, true, ""},
		{"empty policy value list", `{"StringEquals":{"aws:username":[]}}`, kv{"aws:username": {"bob"}}, false, ""},
		{"unknown operator with empty block ignored", `{"StringEqualz":{}}`, kv{}, true, ""},
	})
}
