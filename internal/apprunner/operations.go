package apprunner

import (
	"github.com/berth-dev/berth/internal/awsapi"
)

// declare lists every operation once, with its IAM action and resources.
func (a *API) declare() *awsapi.Service {
	s := &awsapi.Service{SigningName: "apprunner", TargetPrefix: "AppRunner", Protocol: awsapi.JSON10, EventSource: "apprunner.amazonaws.com"}
	svcARN := func(_ *awsapi.Call, in *ServiceARNInput) []string { return []string{in.ServiceARN} }
	s.Add(
		awsapi.Define(awsapi.Spec[CreateServiceInput, ServiceOperationOutput]{Name: "CreateService", Action: "apprunner:CreateService",
			Resources: func(_ *awsapi.Call, in *CreateServiceInput) []string {
				return []string{a.serviceARN(in.ServiceName, "*")}
			},
			Context: func(_ *awsapi.Call, in *CreateServiceInput) map[string][]string {
				return conditionKeys(in.SourceConfiguration, in.AutoScalingConfigurationARN)
			},
			Handler: a.createService}),
		awsapi.Define(awsapi.Spec[UpdateServiceInput, ServiceOperationOutput]{Name: "UpdateService", Action: "apprunner:UpdateService",
			Resources: func(_ *awsapi.Call, in *UpdateServiceInput) []string { return []string{in.ServiceARN} },
			Context: func(_ *awsapi.Call, in *UpdateServiceInput) map[string][]string {
				return conditionKeys(in.SourceConfiguration, in.AutoScalingConfigurationARN)
			},
			Handler: a.updateService}),
		awsapi.Define(awsapi.Spec[ServiceARNInput, ServiceOperationOutput]{Name: "DeleteService", Action: "apprunner:DeleteService",
			Resources: svcARN, Handler: a.deleteService}),
		awsapi.Define(awsapi.Spec[ServiceARNInput, DescribeServiceOutput]{Name: "DescribeService", Action: "apprunner:DescribeService",
			ReadOnly: true, Resources: svcARN, Handler: a.describeService}),
		awsapi.Define(awsapi.Spec[ListServicesInput, ListServicesOutput]{Name: "ListServices", Action: "apprunner:ListServices",
			ReadOnly: true, Handler: a.listServices}),
		awsapi.Define(awsapi.Spec[ServiceARNInput, StartDeploymentOutput]{Name: "StartDeployment", Action: "apprunner:StartDeployment",
			Resources: svcARN, Handler: a.startDeployment}),
		awsapi.Define(awsapi.Spec[ListOperationsInput, ListOperationsOutput]{Name: "ListOperations", Action: "apprunner:ListOperations",
			ReadOnly:  true,
			Resources: func(_ *awsapi.Call, in *ListOperationsInput) []string { return []string{in.ServiceARN} },
			Handler:   a.listOperations}),
		awsapi.Define(awsapi.Spec[ServiceARNInput, ServiceOperationOutput]{Name: "PauseService", Action: "apprunner:PauseService",
			Resources: svcARN, Handler: a.pauseService}),
		awsapi.Define(awsapi.Spec[ServiceARNInput, ServiceOperationOutput]{Name: "ResumeService", Action: "apprunner:ResumeService",
			Resources: svcARN, Handler: a.resumeService}),

		awsapi.Define(awsapi.Spec[CreateConnectionInput, ConnectionOutput]{Name: "CreateConnection", Action: "apprunner:CreateConnection",
			Resources: func(_ *awsapi.Call, in *CreateConnectionInput) []string {
				return []string{a.connectionARN(in.ConnectionName, "*")}
			},
			Handler: a.createConnection}),
		awsapi.Define(awsapi.Spec[ListConnectionsInput, ListConnectionsOutput]{Name: "ListConnections", Action: "apprunner:ListConnections",
			ReadOnly: true, Handler: a.listConnections}),
		awsapi.Define(awsapi.Spec[DeleteConnectionInput, ConnectionOutput]{Name: "DeleteConnection", Action: "apprunner:DeleteConnection",
			Resources: func(_ *awsapi.Call, in *DeleteConnectionInput) []string { return []string{in.ConnectionARN} },
			Handler:   a.deleteConnection}),

		awsapi.Define(awsapi.Spec[CreateAutoScalingConfigurationInput, AutoScalingConfigurationOutput]{Name: "CreateAutoScalingConfiguration",
			Action: "apprunner:CreateAutoScalingConfiguration",
			Resources: func(_ *awsapi.Call, in *CreateAutoScalingConfigurationInput) []string {
				return []string{a.arnPrefix() + kindAutoScaling + "/" + in.AutoScalingConfigurationName + "/*"}
			},
			Handler: a.createAutoScaling}),
		awsapi.Define(awsapi.Spec[AutoScalingConfigurationARNInput, AutoScalingConfigurationOutput]{Name: "DescribeAutoScalingConfiguration",
			Action: "apprunner:DescribeAutoScalingConfiguration", ReadOnly: true,
			Resources: func(_ *awsapi.Call, in *AutoScalingConfigurationARNInput) []string {
				return []string{in.AutoScalingConfigurationARN}
			},
			Handler: a.describeAutoScaling}),
		awsapi.Define(awsapi.Spec[ListAutoScalingConfigurationsInput, ListAutoScalingConfigurationsOutput]{Name: "ListAutoScalingConfigurations",
			Action: "apprunner:ListAutoScalingConfigurations", ReadOnly: true, Handler: a.listAutoScaling}),
		awsapi.Define(awsapi.Spec[DeleteAutoScalingConfigurationInput, AutoScalingConfigurationOutput]{Name: "DeleteAutoScalingConfiguration",
			Action: "apprunner:DeleteAutoScalingConfiguration",
			Resources: func(_ *awsapi.Call, in *DeleteAutoScalingConfigurationInput) []string {
				return []string{in.AutoScalingConfigurationARN}
			},
			Handler: a.deleteAutoScaling}),

		awsapi.Define(awsapi.Spec[TagResourceInput, EmptyOutput]{Name: "TagResource", Action: "apprunner:TagResource",
			Resources: func(_ *awsapi.Call, in *TagResourceInput) []string { return []string{in.ResourceARN} },
			Context: func(_ *awsapi.Call, in *TagResourceInput) map[string][]string {
				return tagKeys(in.Tags)
			},
			Handler: a.tagResource}),
		awsapi.Define(awsapi.Spec[UntagResourceInput, EmptyOutput]{Name: "UntagResource", Action: "apprunner:UntagResource",
			Resources: func(_ *awsapi.Call, in *UntagResourceInput) []string { return []string{in.ResourceARN} },
			Context: func(_ *awsapi.Call, in *UntagResourceInput) map[string][]string {
				return map[string][]string{"aws:TagKeys": in.TagKeys}
			},
			Handler: a.untagResource}),
		awsapi.Define(awsapi.Spec[ResourceARNInput, ListTagsForResourceOutput]{Name: "ListTagsForResource", Action: "apprunner:ListTagsForResource",
			ReadOnly:  true,
			Resources: func(_ *awsapi.Call, in *ResourceARNInput) []string { return []string{in.ResourceARN} },
			Handler:   a.listTags}),
	)
	return s
}

// conditionKeys are App Runner's service-specific IAM condition keys.
func conditionKeys(src *SourceConfiguration, autoScaling string) map[string][]string {
	m := map[string][]string{}
	if src != nil && src.AuthenticationConfiguration != nil && src.AuthenticationConfiguration.ConnectionARN != "" {
		m["apprunner:ConnectionArn"] = []string{src.AuthenticationConfiguration.ConnectionARN}
	}
	if autoScaling != "" {
		m["apprunner:AutoScalingConfigurationArn"] = []string{autoScaling}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// tagKeys is the aws:TagKeys / aws:RequestTag context of a tagging request.
func tagKeys(tags []Tag) map[string][]string {
	if len(tags) == 0 {
		return nil
	}
	m := map[string][]string{}
	for _, t := range tags {
		m["aws:TagKeys"] = append(m["aws:TagKeys"], t.Key)
		m["aws:RequestTag/"+t.Key] = []string{t.Value}
	}
	return m
}
