// Package template implements the CloudFormation template language as pure
// functions: parsing JSON and YAML templates (short-form tags included),
// parameter resolution and constraints, conditions, intrinsic functions,
// static validation against resource schemas, the resource dependency graph
// and the data behind ValidateTemplate and GetTemplateSummary.
//
// The package does no I/O. Everything that depends on the outside world —
// physical ids and attributes of created resources, exports of other stacks,
// SSM parameters, availability zones — is asked of a Resolver supplied by the
// caller, and resource schemas come from a TypeRegistry.
//
// A typical engine drives it in this order:
//
//	t, err := template.Parse(body)           // syntax and section structure
//	err = t.Validate(registry)               // references, types, cycles, schemas
//	pv, err := t.ResolveParameters(given, ssmLookup)
//	ev, err := t.NewEvaluator(template.Inputs{Parameters: pv, Pseudo: p, Resolver: r})
//	levels, err := ev.Dependencies().Levels() // create level by level, delete in reverse
//	props, err := ev.Properties("Bucket")    // once the resources it needs exist
//	outs, err := ev.Outputs()
//
// Error messages follow CloudFormation's wording so that clients see what
// AWS would have said; every error is an *Error that unwraps to one of the
// sentinel kinds below.
package template
