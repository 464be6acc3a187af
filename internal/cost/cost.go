// Package cost estimates what an App Runner template would cost per month on
// AWS: it reads the services of a CloudFormation template (instance size,
// auto scaling, automatic deployments, builds from source), applies a stated
// traffic profile and AWS's published App Runner prices, and itemizes the
// result. It is the estimate AWS's pricing calculator does not give for App
// Runner.
//
// The package is pure: it parses a template body the caller read, and writes
// a rendering only to the io.Writer the caller passes.
package cost

import "errors"

// Sentinel errors; every error of this package wraps one of them so callers
// can tell a bad template from a bad traffic profile.
var (
	// ErrTemplate marks a template that cannot be parsed or evaluated.
	ErrTemplate = errors.New("invalid template")
	// ErrNoServices marks a template without any AWS::AppRunner::Service.
	ErrNoServices = errors.New("no AWS::AppRunner::Service in the template")
	// ErrInstanceSize marks a Cpu or Memory value App Runner would reject.
	ErrInstanceSize = errors.New("invalid instance size")
	// ErrScaling marks auto scaling settings App Runner would reject.
	ErrScaling = errors.New("invalid auto scaling configuration")
	// ErrProfile marks a traffic profile that makes no sense (negative
	// rates, more than 24 active hours a day).
	ErrProfile = errors.New("invalid traffic profile")
)

// HoursPerMonth is the month AWS bills and prices by (365 × 24 / 12).
const HoursPerMonth = 730.0
