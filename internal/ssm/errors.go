package ssm

import "github.com/berth-dev/berth/internal/awsapi"

type awsCall = awsapi.Call

func notFound(name string) error {
	return awsapi.Errorf("ParameterNotFound", "Parameter %s not found.", name)
}

func errValidation(msg string) error { return awsapi.Errorf("ValidationException", "%s", msg) }

func errCode(code, msg string) error { return awsapi.Errorf(code, "%s", msg) }
