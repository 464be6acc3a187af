// Package cfnnag is berth's implementation of the cfn-nag pre-commit hook:
// security rules for CloudFormation templates, run on the raw template
// (YAML with short tags such as !Ref/!Sub/!GetAtt, or JSON) without Ruby or
// network. It is pure: Scan takes bytes and returns a Report.
//
// Rules that match a cfn_nag rule keep its id and text, so suppressions
// written for cfn_nag (Metadata.cfn_nag.rules_to_suppress on a resource)
// work unchanged. Rules berth adds use ids in the 9000s. Failures make the
// hook fail; warnings are reported and pass (unless the hook is given
// --fail-on-warnings); INFO lines are advice only.
//
//	ID     Type  Resource / element                  Flags
//	F2     FAIL  AWS::IAM::Role (trust policy)       Allow with Action "*" or "svc:*"
//	F3     FAIL  AWS::IAM::Role (inline Policies)    Allow with Action "*" or "svc:*"
//	F4     FAIL  AWS::IAM::Policy                    Allow with Action "*" or "svc:*"
//	F5     FAIL  AWS::IAM::ManagedPolicy             Allow with Action "*" or "svc:*"
//	F6     FAIL  AWS::IAM::Role (trust policy)       Allow with NotPrincipal
//	F38    FAIL  AWS::IAM::Role (inline Policies)    Allow iam:PassRole (or a wildcard covering it) on Resource "*"
//	F39    FAIL  AWS::IAM::Policy                    same as F38
//	F40    FAIL  AWS::IAM::ManagedPolicy             same as F38
//	W11    WARN  AWS::IAM::Role (inline Policies)    Allow on Resource "*" (*)
//	W12    WARN  AWS::IAM::Policy                    Allow on Resource "*" (*)
//	W13    WARN  AWS::IAM::ManagedPolicy             Allow on Resource "*" (*)
//	W14    WARN  AWS::IAM::Role (trust policy)       Allow with NotAction
//	W15    WARN  AWS::IAM::Role (inline Policies)    Allow with NotAction
//	W16    WARN  AWS::IAM::Policy                    Allow with NotAction
//	W17    WARN  AWS::IAM::ManagedPolicy             Allow with NotAction
//	W21    WARN  AWS::IAM::Role (inline Policies)    Allow with NotResource
//	W22    WARN  AWS::IAM::Policy                    Allow with NotResource
//	W23    WARN  AWS::IAM::ManagedPolicy             Allow with NotResource
//	W43    WARN  AWS::IAM::Role                      ManagedPolicyArns has AdministratorAccess, PowerUserAccess or IAMFullAccess
//	F23    FAIL  AWS::RDS::DBInstance                MasterUserPassword in plain text (**)
//	F51    FAIL  AWS::IAM::User                      LoginProfile.Password in plain text (**)
//	F9001  FAIL  Parameters                          name looks secret (***) and NoEcho is not true
//	F9002  FAIL  Parameters                          name looks secret, NoEcho, but has a Default
//	F9003  FAIL  any resource                        a property whose name looks secret is in plain text (**)
//	W28    WARN  IAM Role/Group/ManagedPolicy, RDS, DynamoDB, ECR, ... (cfn_nag's list)
//	                                                 explicit name: replacement updates fail
//	W86    WARN  AWS::Logs::LogGroup                 no RetentionInDays (logs are kept forever)
//	F9010  FAIL  AWS::AppRunner::Service             RuntimeEnvironmentVariables: secret-looking name, literal value
//	W9011  WARN  AWS::AppRunner::Service             RuntimeEnvironmentVariables: secret-looking name, computed value
//	                                                 (still shown by DescribeService: use RuntimeEnvironmentSecrets)
//	W9012  WARN  AWS::AppRunner::Service             no HealthCheckConfiguration (TCP check only)
//	I9013  INFO  AWS::AppRunner::Service             AutoDeploymentsEnabled with a BRANCH source: pushes deploy
//	                                                 before and regardless of the pipeline's checks
//
// (*) cfn_nag flags every Allow on Resource "*"; berth does not flag a
// statement whose actions are all List*/Describe* (or sts:GetCallerIdentity),
// which mostly cannot be scoped to a resource anyway.
//
// (**) "Plain text" is cfn_nag's definition: a literal string, or a Ref to
// a parameter that is not NoEcho or has a Default. Dynamic references
// ({{resolve:secretsmanager:...}}, {{resolve:ssm-secure:...}}) and other
// intrinsics pass.
//
// (***) LooksSecret: a name word among password, passwd, pwd, passphrase,
// secret, token, apikey, privatekey, credential(s), or "key" after api,
// private, secret, access, signing, auth, master, client...; names ending in
// a reference word (Arn, Name, Id, Length, Url, ...) do not count.
//
// Not implemented, as they concern resource types berth does not run:
// cfn_nag's EC2, S3, SQS, SNS, KMS, Lambda... rules; W84 (LogGroup KMS key)
// too, since berth has no KMS.
package cfnnag
