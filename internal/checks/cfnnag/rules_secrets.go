package cfnnag

import "slices"

// specificSecretProps are secret properties cfn_nag has a rule of its own
// for; the generic F9003 leaves them to those rules.
var specificSecretProps = map[string][]string{
	"AWS::RDS::DBInstance": {"MasterUserPassword"},
	"AWS::IAM::User":       {"LoginProfile", "Password"},
}

// appRunnerEnvPaths lead to App Runner's environment variable lists, which
// F9010/W9011 judge (names there are free-form, so F9003 skips them).
var appRunnerEnvPaths = [][]string{
	{"SourceConfiguration", "CodeRepository", "CodeConfiguration", "CodeConfigurationValues", "RuntimeEnvironmentVariables"},
	{"SourceConfiguration", "ImageRepository", "ImageConfiguration", "RuntimeEnvironmentVariables"},
}

func secretParams(pred func(*Parameter) bool) func(*Template) []Hit {
	return func(t *Template) []Hit {
		var hits []Hit
		for _, p := range t.Parameters {
			if LooksSecret(p.Name) && pred(p) {
				hits = append(hits, Hit{ID: p.Name, Line: p.Line})
			}
		}
		return hits
	}
}

// plainSecretProp flags resources of a type whose property at path holds
// a secret in the clear.
func plainSecretProp(typ string, path ...string) func(*Template) []Hit {
	return func(t *Template) []Hit {
		var hits []Hit
		for _, r := range t.ResourcesOf(typ) {
			if v := r.Prop(path...); v != nil && plainSecret(t, v) {
				hits = append(hits, resourceHit(r))
			}
		}
		return hits
	}
}

// plainSecretAnywhere flags resources with any secret-named property
// (at any depth) given in the clear.
func plainSecretAnywhere(t *Template) []Hit {
	var hits []Hit
	for _, r := range t.Resources {
		found := false
		walkProps(r.Properties(), nil, func(path []string, v *Value) {
			key := path[len(path)-1]
			if found || !LooksSecret(key) || skipGenericSecret(r.Type, path) {
				return
			}
			found = plainSecret(t, v)
		})
		if found {
			hits = append(hits, resourceHit(r))
		}
	}
	return hits
}

func skipGenericSecret(typ string, path []string) bool {
	if p, ok := specificSecretProps[typ]; ok && slices.Equal(p, path) {
		return true
	}
	if typ == "AWS::AppRunner::Service" {
		for _, env := range appRunnerEnvPaths {
			if len(path) > len(env) && slices.Equal(path[:len(env)], env) {
				return true
			}
		}
	}
	return false
}

// walkProps calls fn for every map field under v with its key path
// (valid only during the call).
func walkProps(v *Value, path []string, fn func(path []string, v *Value)) {
	if v == nil {
		return
	}
	switch v.Kind {
	case Map:
		if _, _, ok := v.Intrinsic(); ok {
			return
		}
		for _, k := range v.Keys {
			// fn must not keep p: siblings reuse its backing array.
			p := append(path, k)
			fn(p, v.Fields[k])
			walkProps(v.Fields[k], p, fn)
		}
	case List:
		for _, it := range v.Items {
			walkProps(it, path, fn)
		}
	}
}

const secretHint = "Can be Ref to a NoEcho Parameter without a Default, or a dynamic reference to a secretsmanager/ssm-secure value."

// secretRules keep secrets out of templates.
var secretRules = []Rule{
	{ID: "F23", Severity: Failure, Element: ElementResource,
		Message: "RDS instance master user password must not be a plaintext string or a Ref to a Parameter with a Default value.  " + secretHint,
		check:   plainSecretProp("AWS::RDS::DBInstance", "MasterUserPassword")},
	{ID: "F51", Severity: Failure, Element: ElementResource,
		Message: "IAM User LoginProfile Password must not be a plaintext string or a Ref to a Parameter with a Default value.  " + secretHint,
		check:   plainSecretProp("AWS::IAM::User", "LoginProfile", "Password")},
	{ID: "F9001", Severity: Failure, Element: ElementParameter,
		Message: "Parameter looks like a secret but is not NoEcho: its value is shown by DescribeStacks and the console. Set NoEcho: true, or pass a dynamic reference to Secrets Manager or an SSM SecureString instead.",
		check:   secretParams(func(p *Parameter) bool { return !p.NoEcho() })},
	{ID: "F9002", Severity: Failure, Element: ElementParameter,
		Message: "Parameter looks like a secret and has a Default: the secret is written in the template. Remove the Default and pass the value at deploy time.",
		check:   secretParams(func(p *Parameter) bool { return p.NoEcho() && p.HasDefault() })},
	{ID: "F9003", Severity: Failure, Element: ElementResource,
		Message: "Resource property whose name looks like a secret must not be a plaintext string or a Ref to a Parameter with a Default value.  " + secretHint,
		check:   plainSecretAnywhere},
}
