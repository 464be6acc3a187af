package cfnnag

// explicitNameProps are the name properties cfn_nag W28 flags: setting them
// makes every update that requires replacement fail (the new resource
// cannot take the old one's name).
var explicitNameProps = map[string]string{
	"AWS::ApiGateway::ApiKey":                   "Name",
	"AWS::CloudWatch::Alarm":                    "AlarmName",
	"AWS::CodeDeploy::DeploymentConfig":         "DeploymentConfigName",
	"AWS::CodeDeploy::DeploymentGroup":          "DeploymentGroupName",
	"AWS::DynamoDB::Table":                      "TableName",
	"AWS::EC2::SecurityGroup":                   "GroupName",
	"AWS::ECR::Repository":                      "RepositoryName",
	"AWS::ElasticLoadBalancingV2::LoadBalancer": "Name",
	"AWS::Elasticsearch::Domain":                "DomainName",
	"AWS::IAM::Group":                           "GroupName",
	"AWS::IAM::ManagedPolicy":                   "ManagedPolicyName",
	"AWS::IAM::Role":                            "RoleName",
	"AWS::Kinesis::Stream":                      "Name",
	"AWS::RDS::DBInstance":                      "DBInstanceIdentifier",
}

func hasExplicitName(r *Resource) bool {
	prop, ok := explicitNameProps[r.Type]
	return ok && r.Prop(prop) != nil
}

const typeAppRunner = "AWS::AppRunner::Service"

// appRunnerEnv returns the service's environment variables whose names
// look secret, split by whether the value is a literal.
func appRunnerEnv(r *Resource) (literal, computed bool) {
	for _, path := range appRunnerEnvPaths {
		list := r.Prop(path...)
		if list == nil || list.Kind != List {
			continue
		}
		for _, kv := range list.Items {
			name, _ := kv.Get("Name").Literal()
			if !LooksSecret(name) {
				continue
			}
			if v := kv.Get("Value"); v.IsString() && !isDynamicSecretRef(v.Str) {
				literal = true
			} else {
				computed = true
			}
		}
	}
	return literal, computed
}

func autoDeploysBranch(r *Resource) bool {
	src := r.Prop("SourceConfiguration")
	typ, _ := src.Path("CodeRepository", "SourceCodeVersion", "Type").Literal()
	return src.Get("AutoDeploymentsEnabled").Bool() && typ == "BRANCH"
}

// resourceRules cover the other resource types berth runs.
var resourceRules = []Rule{
	{ID: "W28", Severity: Warning, Element: ElementResource,
		Message: "Resource found with an explicit name, this disallows updates that require replacement of this resource",
		check:   perResource(hasExplicitName)},
	{ID: "W86", Severity: Warning, Element: ElementResource,
		Message: "CloudWatchLogs LogGroup should specify RetentionInDays to expire the log data",
		check:   perResource(func(r *Resource) bool { return r.Prop("RetentionInDays") == nil }, "AWS::Logs::LogGroup")},
	{ID: "F9010", Severity: Failure, Element: ElementResource,
		Message: "App Runner RuntimeEnvironmentVariables must not hold a secret in plain text (a variable whose name looks secret has a literal value); use RuntimeEnvironmentSecrets with a Secrets Manager or SSM SecureString ARN.",
		check:   perResource(func(r *Resource) bool { l, _ := appRunnerEnv(r); return l }, typeAppRunner)},
	{ID: "W9011", Severity: Warning, Element: ElementResource,
		Message: "App Runner RuntimeEnvironmentVariables whose names look secret are shown in plain text by DescribeService and the console, wherever the value comes from; use RuntimeEnvironmentSecrets instead.",
		check:   perResource(func(r *Resource) bool { _, c := appRunnerEnv(r); return c }, typeAppRunner)},
	{ID: "W9012", Severity: Warning, Element: ElementResource,
		Message: "App Runner service has no HealthCheckConfiguration: only a TCP connect to the port is checked, so an app that listens but fails its requests still takes traffic. Set an HTTP health check path.",
		check:   perResource(func(r *Resource) bool { return r.Prop("HealthCheckConfiguration") == nil }, typeAppRunner)},
	{ID: "I9013", Severity: Info, Element: ElementResource,
		Message: "App Runner service deploys every push to its branch (AutoDeploymentsEnabled: true), before and regardless of the pipeline's checks; deploy by API after the checks instead (as the seed workflow does).",
		check:   perResource(autoDeploysBranch, typeAppRunner)},
}
