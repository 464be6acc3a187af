package template

import "strings"

// Pseudo holds the values of the pseudo parameters of the stack being
// evaluated. Partition and URLSuffix default from Region when empty.
type Pseudo struct {
	StackName        string
	StackID          string
	Region           string
	AccountID        string
	Partition        string
	URLSuffix        string
	NotificationARNs []string
}

// pseudoNames lists every pseudo parameter CloudFormation defines.
var pseudoNames = map[string]bool{
	"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::NoValue": true,
	"AWS::Partition": true, "AWS::Region": true, "AWS::StackId": true,
	"AWS::StackName": true, "AWS::URLSuffix": true,
}

func (p Pseudo) withDefaults() Pseudo {
	if p.Partition == "" {
		switch {
		case strings.HasPrefix(p.Region, "cn-"):
			p.Partition = "aws-cn"
		case strings.HasPrefix(p.Region, "us-gov-"):
			p.Partition = "aws-us-gov"
		default:
			p.Partition = "aws"
		}
	}
	if p.URLSuffix == "" {
		p.URLSuffix = "amazonaws.com"
		if p.Partition == "aws-cn" {
			p.URLSuffix = "amazonaws.com.cn"
		}
	}
	return p
}

// ref returns the value of a pseudo parameter other than AWS::NoValue.
func (p Pseudo) ref(name string) (any, bool) {
	switch name {
	case "AWS::AccountId":
		return p.AccountID, true
	case "AWS::Region":
		return p.Region, true
	case "AWS::StackName":
		return p.StackName, true
	case "AWS::StackId":
		return p.StackID, true
	case "AWS::Partition":
		return p.Partition, true
	case "AWS::URLSuffix":
		return p.URLSuffix, true
	case "AWS::NotificationARNs":
		out := make([]any, len(p.NotificationARNs))
		for i, a := range p.NotificationARNs {
			out[i] = a
		}
		return out, true
	}
	return nil, false
}
