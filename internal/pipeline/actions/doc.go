// Package actions implements, natively in Go, the GitHub Actions that the
// app team's workflow uses, by name and major version: actions/checkout,
// pre-commit/action, dorny/paths-filter,
// aws-actions/configure-aws-credentials,
// aws-actions/aws-cloudformation-github-deploy and
// unfor19/install-aws-cli-action. Each reads the inputs the real action
// documents and produces its outputs, so a workflow runs unchanged on
// berth; behaviour that differs is stated on the action's type.
//
// The runner resolves a step's `uses:` through a Registry and calls the
// Action with an Invocation describing the step (inputs, workspace,
// environment, event) and a Commands sink for what the step exports
// (outputs, environment variables, PATH entries, masks). Actions that call
// AWS use aws-sdk-go-v2 with the credentials, region and endpoint found in
// the step's environment, exactly as the real actions use the default
// credential chain.
package actions
