package template

import "strings"

// paramKind is what a parameter's value is once resolved.
type paramKind int

const (
	kindString     paramKind = iota // Ref gives a string
	kindNumber                      // validated as a number, Ref gives a string
	kindNumberList                  // List<Number>: Ref gives a list of strings
	kindStringList                  // CommaDelimitedList and List<AWS::...>
)

// awsSpecificTypes are the AWS-specific parameter types. AWS checks that the
// value names an existing EC2/Route 53 object; berth has no such objects, so
// they are validated as plain strings.
var awsSpecificTypes = map[string]bool{
	"AWS::EC2::AvailabilityZone::Name":   true,
	"AWS::EC2::Image::Id":                true,
	"AWS::EC2::Instance::Id":             true,
	"AWS::EC2::KeyPair::KeyName":         true,
	"AWS::EC2::SecurityGroup::GroupName": true,
	"AWS::EC2::SecurityGroup::Id":        true,
	"AWS::EC2::Subnet::Id":               true,
	"AWS::EC2::Volume::Id":               true,
	"AWS::EC2::VPC::Id":                  true,
	"AWS::Route53::HostedZone::Id":       true,
	"AWS::SSM::Parameter::Name":          true,
}

const (
	ssmPrefix = "AWS::SSM::Parameter::Value<"
	ssmSuffix = ">"
)

// classifyParam returns the kind of a parameter type and whether its value
// is the name of an SSM parameter to look up. ok is false for unknown types.
func classifyParam(typ string) (kind paramKind, ssm, ok bool) {
	if strings.HasPrefix(typ, ssmPrefix) && strings.HasSuffix(typ, ssmSuffix) {
		inner := typ[len(ssmPrefix) : len(typ)-len(ssmSuffix)]
		switch {
		case inner == "String":
			return kindString, true, true
		case inner == "List<String>" || inner == "CommaDelimitedList":
			return kindStringList, true, true
		}
		k, _, ok := classifyParam(inner)
		if !ok || inner == "Number" || inner == "List<Number>" {
			return 0, false, false
		}
		return k, true, true
	}
	switch typ {
	case "String":
		return kindString, false, true
	case "Number":
		return kindNumber, false, true
	case "List<Number>":
		return kindNumberList, false, true
	case "CommaDelimitedList":
		return kindStringList, false, true
	}
	if awsSpecificTypes[typ] {
		return kindString, false, true
	}
	if strings.HasPrefix(typ, "List<") && strings.HasSuffix(typ, ">") {
		inner := typ[len("List<") : len(typ)-1]
		if awsSpecificTypes[inner] && inner != "AWS::EC2::KeyPair::KeyName" && inner != "AWS::SSM::Parameter::Name" {
			return kindStringList, false, true
		}
	}
	return 0, false, false
}
