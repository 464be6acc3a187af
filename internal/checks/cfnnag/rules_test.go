package cfnnag

import (
	"github.com/berth-dev/berth/internal/wildcard"

	"slices"
	"strings"
	"testing"
)

// role returns a role with the given trust statement and inline policy
// statement (YAML flow maps).
func role(trust, perm string, extra string) string {
	return "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n" +
		"      AssumeRolePolicyDocument:\n        Statement:\n          - " + trust + "\n" +
		"      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - " + perm + "\n" + extra
}

func policy(typ, stmt string) string {
	return "Resources:\n  P:\n    Type: " + typ + "\n    Properties:\n      PolicyDocument:\n        Statement:\n          - " + stmt + "\n"
}

const (
	goodTrust = "{Effect: Allow, Principal: {Service: apprunner.amazonaws.com}, Action: sts:AssumeRole}"
	goodPerm  = "{Effect: Allow, Action: [s3:GetObject], Resource: arn:aws:s3:::b/*}"
	iamPolicy = "AWS::IAM::Policy"
	managed   = "AWS::IAM::ManagedPolicy"
)

func appRunner(props string) string {
	return "Resources:\n  App:\n    Type: AWS::AppRunner::Service\n    Properties:\n      HealthCheckConfiguration: {Protocol: HTTP, Path: /}\n" + props
}

const envHead = "      SourceConfiguration:\n        CodeRepository:\n          CodeConfiguration:\n            CodeConfigurationValues:\n              RuntimeEnvironmentVariables:\n"

// TestRules checks each rule on a template that must trigger it and one
// that must not.
func TestRules(t *testing.T) {
	tests := []struct {
		rule          string
		flagged, fine string
	}{
		{"F2", role("{Effect: Allow, Principal: {AWS: '*'}, Action: '*'}", goodPerm, ""), role(goodTrust, goodPerm, "")},
		{"F3", role(goodTrust, "{Effect: Allow, Action: 's3:*', Resource: arn:aws:s3:::b}", ""), role(goodTrust, "{Effect: Deny, Action: '*', Resource: '*'}", "")},
		{"F4", policy(iamPolicy, "{Effect: Allow, Action: ['*'], Resource: arn:x}"), policy(iamPolicy, "{Effect: Allow, Action: [s3:Get*], Resource: arn:x}")},
		{"F5", policy(managed, "{Effect: Allow, Action: iam:*, Resource: arn:x}"), policy(managed, "{Effect: Allow, Action: iam:GetRole, Resource: arn:x}")},
		{"F6", role("{Effect: Allow, NotPrincipal: {AWS: arn:x}, Action: sts:AssumeRole}", goodPerm, ""), role("{Effect: Deny, NotPrincipal: {AWS: arn:x}, Action: sts:AssumeRole}", goodPerm, "")},
		{"F38", role(goodTrust, "{Effect: Allow, Action: iam:Pass*, Resource: '*'}", ""), role(goodTrust, "{Effect: Allow, Action: iam:PassRole, Resource: arn:aws:iam::1:role/x}", "")},
		{"F39", policy(iamPolicy, "{Effect: Allow, Action: [iam:PassRole], Resource: ['*']}"), policy(iamPolicy, "{Effect: Allow, Action: [iam:GetRole], Resource: ['*']}")},
		{"F40", policy(managed, "{Effect: Allow, Action: IAM:passrole, Resource: '*'}"), policy(managed, "{Effect: Allow, Action: iam:PassRole, Resource: !Sub 'arn:aws:iam::${AWS::AccountId}:role/x'}")},
		{"W11", role(goodTrust, "{Effect: Allow, Action: s3:GetObject, Resource: '*'}", ""), role(goodTrust, "{Effect: Allow, Action: [logs:DescribeLogGroups, ec2:Describe*, sts:GetCallerIdentity], Resource: '*'}", "")},
		{"W12", policy(iamPolicy, "{Effect: Allow, NotAction: s3:*, Resource: '*'}"), policy(iamPolicy, goodPerm)},
		{"W13", policy(managed, "{Effect: Allow, Action: apprunner:StartDeployment, Resource: '*'}"), policy(managed, "{Effect: Allow, Action: apprunner:ListServices, Resource: '*'}")},
		{"W14", role("{Effect: Allow, Principal: {Service: x}, NotAction: sts:AssumeRole}", goodPerm, ""), role(goodTrust, goodPerm, "")},
		{"W15", role(goodTrust, "{Effect: Allow, NotAction: iam:*, Resource: arn:x}", ""), role(goodTrust, "{Effect: Deny, NotAction: iam:*, Resource: arn:x}", "")},
		{"W16", policy(iamPolicy, "{Effect: Allow, NotAction: iam:*, Resource: arn:x}"), policy(iamPolicy, goodPerm)},
		{"W17", policy(managed, "{Effect: Allow, NotAction: [iam:*], Resource: arn:x}"), policy(managed, goodPerm)},
		{"W21", role(goodTrust, "{Effect: Allow, Action: s3:GetObject, NotResource: arn:x}", ""), role(goodTrust, goodPerm, "")},
		{"W22", policy(iamPolicy, "{Effect: Allow, Action: s3:GetObject, NotResource: arn:x}"), policy(iamPolicy, "{Effect: Deny, Action: s3:GetObject, NotResource: arn:x}")},
		{"W23", policy(managed, "{Effect: Allow, Action: s3:GetObject, NotResource: arn:x}"), policy(managed, goodPerm)},
		{"W43", role(goodTrust, goodPerm, "      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess\n"),
			role(goodTrust, goodPerm, "      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]\n")},
		{"W28", role(goodTrust, goodPerm, "      RoleName: my-role\n"), appRunner("      ServiceName: explicit-is-fine-here\n")},
		{"W86", "Resources:\n  L:\n    Type: AWS::Logs::LogGroup\n    Properties: {LogGroupName: x}\n", "Resources:\n  L:\n    Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 30}\n"},
		{"F23", "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {MasterUserPassword: hunter2}\n",
			"Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {MasterUserPassword: '{{resolve:secretsmanager:db:SecretString:password}}'}\n"},
		{"F51", "Parameters:\n  Pw: {Type: String, NoEcho: true, Default: x}\nResources:\n  U:\n    Type: AWS::IAM::User\n    Properties: {LoginProfile: {Password: !Ref Pw}}\n",
			"Parameters:\n  Pw: {Type: String, NoEcho: true}\nResources:\n  U:\n    Type: AWS::IAM::User\n    Properties: {LoginProfile: {Password: !Ref Pw}}\n"},
		{"F9001", "Parameters:\n  GithubToken: {Type: String}\nResources: {}\n",
			"Parameters:\n  GithubToken: {Type: String, NoEcho: 'true'}\n  GithubConnArn: {Type: String}\n  MinimumPasswordLength: {Type: Number}\nResources: {}\n"},
		{"F9002", "Parameters:\n  DB_PASSWORD: {Type: String, NoEcho: true, Default: hunter2}\nResources: {}\n",
			"Parameters:\n  DB_PASSWORD: {Type: String, NoEcho: true}\nResources: {}\n"},
		{"F9003", "Resources:\n  S:\n    Type: AWS::SecretsManager::Secret\n    Properties: {SecretString: '{\"password\":\"x\"}'}\n",
			"Resources:\n  S:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      GenerateSecretString: {SecretStringTemplate: '{\"u\":\"a\"}', GenerateStringKey: password}\n      Description: !Ref Token\n"},
		{"F9010", appRunner(envHead + "                - {Name: API_KEY, Value: abc123}\n"),
			appRunner(envHead + "                - {Name: LOG_LEVEL, Value: debug}\n                - {Name: CACHE_KEY_PREFIX, Value: x}\n")},
		{"W9011", appRunner(envHead + "                - {Name: DATABASE_PASSWORD, Value: !Ref DbPassword}\n"),
			appRunner(envHead + "                - {Name: DATABASE_HOST, Value: !Ref DbHost}\n")},
		{"W9012", "Resources:\n  App:\n    Type: AWS::AppRunner::Service\n    Properties: {ServiceName: x}\n", appRunner("")},
		{"I9013", appRunner("      SourceConfiguration:\n        AutoDeploymentsEnabled: true\n        CodeRepository: {SourceCodeVersion: {Type: BRANCH, Value: main}}\n"),
			appRunner("      SourceConfiguration:\n        AutoDeploymentsEnabled: false\n        CodeRepository: {SourceCodeVersion: {Type: BRANCH, Value: main}}\n")},
	}
	covered := map[string]bool{}
	for _, tc := range tests {
		covered[tc.rule] = true
		t.Run(tc.rule, func(t *testing.T) {
			if ids := ruleIDs(t, tc.flagged); !slices.Contains(ids, tc.rule) {
				t.Errorf("flagged template: rules %v, want %s", ids, tc.rule)
			}
			if ids := ruleIDs(t, tc.fine); slices.Contains(ids, tc.rule) {
				t.Errorf("fine template: rules %v include %s", ids, tc.rule)
			}
		})
	}
	for _, r := range Rules() {
		if !covered[r.ID] {
			t.Errorf("rule %s has no test case", r.ID)
		}
	}
}

func ruleIDs(t *testing.T, body string) []string {
	t.Helper()
	rep, err := Scan([]byte(body), Options{})
	if err != nil {
		t.Fatalf("Scan: %v\n%s", err, body)
	}
	var ids []string
	for _, v := range rep.Violations {
		ids = append(ids, v.RuleID)
	}
	return ids
}

func TestSuppression(t *testing.T) {
	body := role(goodTrust, goodPerm, "      RoleName: r\n    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - {id: W28, reason: named on purpose}\n")
	if ids := ruleIDs(t, body); slices.Contains(ids, "W28") {
		t.Errorf("suppressed W28 reported: %v", ids)
	}
	rep, err := Scan([]byte(body), Options{NoSuppression: true})
	if err != nil || rep.Warnings() != 1 {
		t.Errorf("NoSuppression: %+v %v", rep, err)
	}
}

func TestSeedTemplate(t *testing.T) {
	body := readSeed(t)
	rep, err := Scan(body, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failures() != 0 {
		t.Errorf("seed template has failures:\n%s", rep.Render("aws/app-template.yaml"))
	}
	var ids []string
	for _, v := range rep.Violations {
		ids = append(ids, v.RuleID)
	}
	if !slices.Equal(ids, []string{"W9012"}) {
		t.Errorf("seed violations %v, want [W9012]", ids)
	}
}

func TestLooksSecret(t *testing.T) {
	for name, want := range map[string]bool{
		"DBPassword": true, "GITHUB_TOKEN": true, "ApiKey": true, "AWS_SECRET_ACCESS_KEY": true, "client_secret": true,
		"SecretString": true, "PrivateKey": true, "Credentials": true,
		"SecretArn": false, "GithubConnArn": false, "MinimumPasswordLength": false, "TokenUrl": false, "KeyName": false,
		"KmsKey": false, "PublicKey": false, "ServiceToken": false, "RepoUrl": false, "": false, "PasswordParameterName": false,
		"CACHE_KEY_PREFIX": false, "SecretStringTemplate": false,
	} {
		if got := LooksSecret(name); got != want {
			t.Errorf("LooksSecret(%q) = %v, want %v (words %v)", name, got, want, nameWords(name))
		}
	}
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "iam:passrole", true}, {"iam:*", "iam:passrole", true}, {"iam:pass*", "iam:passrole", true},
		{"iam:*role", "iam:passrole", true}, {"iam:p?ssrole", "iam:passrole", true}, {"iam:getrole", "iam:passrole", false},
		{"s3:*", "iam:passrole", false}, {"*a*a*a*a*a*a*a*a*a*a*b", "iam:passrole", false}, {"", "", true}, {"**", "", true},
	} {
		if got := wildcard.Match(tc.pattern, tc.s); got != tc.want {
			t.Errorf("wildcard.Match(%q, %q) = %v", tc.pattern, tc.s, got)
		}
	}
}

func TestRulesAreDocumented(t *testing.T) {
	doc := readFileT(t, "doc.go")
	for _, r := range Rules() {
		if !strings.Contains(doc, "//\t"+r.ID+" ") {
			t.Errorf("rule %s missing from the table in doc.go", r.ID)
		}
	}
}
