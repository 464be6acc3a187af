package iam

import (
	"sync"
	"time"
)

// builtin is an AWS-managed policy berth ships.
type builtin struct {
	name, path, description, document string
}

// awsManagedCreated is the CreateDate berth reports for built-in policies.
var awsManagedCreated = time.Date(2015, 2, 6, 18, 39, 46, 0, time.UTC)

// builtins are the AWS-managed policies berth knows: those that matter to
// the services it emulates. AWS's own documents name many more services;
// these keep the statements about berth's services (ReadOnlyAccess is
// abridged to them), so attaching one grants on berth what it grants on AWS.
var builtins = []builtin{
	{"AdministratorAccess", "/", "Provides full access to AWS services and resources.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "*",
            "Resource": "*"
        }
    ]
}`},
	{"PowerUserAccess", "/", "Provides full access to AWS services and resources, but does not allow management of Users and groups.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "NotAction": [
                "iam:*",
                "organizations:*",
                "account:*"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "iam:CreateServiceLinkedRole",
                "iam:DeleteServiceLinkedRole",
                "iam:ListRoles",
                "organizations:DescribeOrganization",
                "account:ListRegions",
                "account:GetAccountInformation"
            ],
            "Resource": "*"
        }
    ]
}`},
	{"ReadOnlyAccess", "/", "Provides read-only access to AWS services and resources.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadOnlyActions",
            "Effect": "Allow",
            "Action": [
                "apprunner:Describe*",
                "apprunner:List*",
                "cloudformation:Describe*",
                "cloudformation:Detect*",
                "cloudformation:Estimate*",
                "cloudformation:Get*",
                "cloudformation:List*",
                "cloudformation:ValidateTemplate",
                "cloudtrail:Describe*",
                "cloudtrail:Get*",
                "cloudtrail:List*",
                "cloudtrail:LookupEvents",
                "iam:Generate*",
                "iam:Get*",
                "iam:List*",
                "iam:Simulate*",
                "logs:Describe*",
                "logs:FilterLogEvents",
                "logs:Get*",
                "logs:List*",
                "logs:StartLiveTail",
                "logs:StartQuery",
                "logs:StopLiveTail",
                "logs:StopQuery",
                "logs:TestMetricFilter",
                "sts:GetCallerIdentity"
            ],
            "Resource": "*"
        }
    ]
}`},
	{"IAMFullAccess", "/", "Provides full access to IAM via the AWS Management Console.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "iam:*",
                "organizations:DescribeAccount",
                "organizations:DescribeOrganization",
                "organizations:DescribeOrganizationalUnit",
                "organizations:DescribePolicy",
                "organizations:ListChildren",
                "organizations:ListParents",
                "organizations:ListPoliciesForTarget",
                "organizations:ListRoots",
                "organizations:ListPolicies",
                "organizations:ListTargetsForPolicy"
            ],
            "Resource": "*"
        }
    ]
}`},
	{"IAMReadOnlyAccess", "/", "Provides read only access to IAM via the AWS Management Console.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "iam:GenerateCredentialReport",
                "iam:GenerateServiceLastAccessedDetails",
                "iam:Get*",
                "iam:List*",
                "iam:SimulateCustomPolicy",
                "iam:SimulatePrincipalPolicy"
            ],
            "Resource": "*"
        }
    ]
}`},
	{"AWSCloudFormationFullAccess", "/", "Provides full access to AWS CloudFormation.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "cloudformation:*"
            ],
            "Resource": "*"
        }
    ]
}`},
	{"AWSCloudFormationReadOnlyAccess", "/", "Provides access to AWS CloudFormation via the AWS Management Console.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "cloudformation:Describe*",
                "cloudformation:EstimateTemplateCost",
                "cloudformation:Get*",
                "cloudformation:List*",
                "cloudformation:ValidateTemplate",
                "cloudformation:Detect*"
            ],
            "Resource": "*"
        }
    ]
}`},
	{"AWSAppRunnerFullAccess", "/", "Grants permissions to all App Runner actions.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "iam:CreateServiceLinkedRole",
            "Resource": "arn:aws:iam::*:role/aws-service-role/apprunner.amazonaws.com/AWSServiceRoleForAppRunner",
            "Condition": {
                "StringLike": {
                    "iam:AWSServiceName": "apprunner.amazonaws.com"
                }
            }
        },
        {
            "Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": "*",
            "Condition": {
                "StringLike": {
                    "iam:PassedToService": "apprunner.amazonaws.com"
                }
            }
        },
        {
            "Sid": "AppRunnerAdminAccess",
            "Effect": "Allow",
            "Action": "apprunner:*",
            "Resource": "*"
        }
    ]
}`},
	{"AWSAppRunnerReadOnlyAccess", "/", "Grants read-only permissions to App Runner actions.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "apprunner:List*",
                "apprunner:Describe*"
            ],
            "Resource": "*"
        }
    ]
}`},
	{"CloudWatchLogsFullAccess", "/", "Provides full access to CloudWatch Logs", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "CloudWatchLogsFullAccess",
            "Effect": "Allow",
            "Action": [
                "logs:*",
                "cloudwatch:GenerateQuery"
            ],
            "Resource": "*"
        }
    ]
}`},
	{"CloudWatchLogsReadOnlyAccess", "/", "Provides read only access to CloudWatch Logs", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "CloudWatchLogsReadOnlyAccess",
            "Effect": "Allow",
            "Action": [
                "logs:Describe*",
                "logs:Get*",
                "logs:List*",
                "logs:StartQuery",
                "logs:StopQuery",
                "logs:TestMetricFilter",
                "logs:FilterLogEvents",
                "logs:StartLiveTail",
                "logs:StopLiveTail",
                "cloudwatch:GenerateQuery"
            ],
            "Resource": "*"
        }
    ]
}`},
	{"AWSCloudTrail_ReadOnlyAccess", "/", "Provides read only access to AWS CloudTrail.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "cloudtrail:Get*",
                "cloudtrail:Describe*",
                "cloudtrail:List*",
                "cloudtrail:LookupEvents"
            ],
            "Resource": "*"
        }
    ]
}`},
	{"AWSAppRunnerServicePolicyForECRAccess", "/service-role/", "This policy grants AWS App Runner permissions to read Amazon ECR images in your account.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage",
                "ecr:DescribeImages",
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability"
            ],
            "Resource": "*"
        }
    ]
}`},
	{"AppRunnerServiceRolePolicy", "/aws-service-role/", "Enables AWS App Runner to manage the resources it needs for App Runner services.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "logs:CreateLogGroup",
                "logs:PutRetentionPolicy"
            ],
            "Resource": "arn:aws:logs:*:*:log-group:/aws/apprunner/*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "logs:DescribeLogStreams"
            ],
            "Resource": "arn:aws:logs:*:*:log-group:/aws/apprunner/*:log-stream:*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "events:PutRule",
                "events:PutTargets",
                "events:DeleteRule",
                "events:RemoveTargets",
                "events:DescribeRule",
                "events:EnableRule",
                "events:DisableRule"
            ],
            "Resource": "arn:aws:events:*:*:rule/AWSAppRunnerManagedRule*"
        }
    ]
}`},
	{"AppRunnerNetworkingServiceRolePolicy", "/aws-service-role/", "Enables AWS App Runner to manage the network interfaces of App Runner VPC connectors.", `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeVpcs",
                "ec2:DescribeDhcpOptions",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "ec2:CreateNetworkInterface",
            "Resource": "*",
            "Condition": {
                "ForAllValues:StringEquals": {
                    "aws:TagKeys": [
                        "AWSAppRunnerManaged"
                    ]
                }
            }
        },
        {
            "Effect": "Allow",
            "Action": "ec2:CreateTags",
            "Resource": "arn:aws:ec2:*:*:network-interface/*",
            "Condition": {
                "StringEquals": {
                    "ec2:CreateAction": "CreateNetworkInterface"
                },
                "StringLike": {
                    "aws:RequestTag/AWSAppRunnerManaged": "*"
                }
            }
        },
        {
            "Effect": "Allow",
            "Action": "ec2:DeleteNetworkInterface",
            "Resource": "*",
            "Condition": {
                "Null": {
                    "ec2:ResourceTag/AWSAppRunnerManaged": "false"
                }
            }
        }
    ]
}`},
}

// awsManaged returns the built-in policies by lower-cased name, built once.
var awsManaged = sync.OnceValue(func() map[string]*managedPolicy {
	m := make(map[string]*managedPolicy, len(builtins))
	for _, b := range builtins {
		m[policyKey(b.name)] = &managedPolicy{
			Name: b.name, ID: stableID(prefixPolicy, b.name), ARN: policyARN(awsAccount, b.path, b.name), Path: b.path,
			Description: b.description, DefaultVersionID: "v1", NextVersion: 2,
			Versions:   []policyVersion{{ID: "v1", Document: b.document, CreateDate: awsManagedCreated}},
			CreateDate: awsManagedCreated, UpdateDate: awsManagedCreated, AWSManaged: true,
		}
	}
	return m
})
