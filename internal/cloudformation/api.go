// Package cloudformation serves the AWS CloudFormation API (awsQuery,
// version 2010-05-15) over the stack engine: stacks, change sets, events,
// resources, templates and exports, with AWS's shapes, status names and
// error codes, so that the AWS CLI (`aws cloudformation deploy`), the SDKs
// and their waiters, and aws-actions/aws-cloudformation-github-deploy work
// unchanged.
//
// Where berth does better than AWS: operations that start stack work
// (CreateStack, UpdateStack, DeleteStack, ExecuteChangeSet) return as soon
// as the work is done when it takes less than Deps.SyncWait, so the CLI's
// waiters — which poll every 30 seconds after their first look — see the
// final status at once; change sets are computed before CreateChangeSet
// returns. Templates are given in TemplateBody only: berth has no S3 to
// fetch a TemplateURL from.
package cloudformation

import (
	"context"
	"log/slog"
	"time"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/cloudformation/engine"
	"github.com/berth-dev/berth/internal/cloudformation/provider"
	"github.com/berth-dev/berth/internal/store"
)

// Namespace is CloudFormation's XML namespace.
const Namespace = "http://cloudformation.amazonaws.com/doc/2010-05-15/"

// DefaultSyncWait is how long a call that starts stack work waits for it
// to finish before returning (see the package doc).
const DefaultSyncWait = 20 * time.Second

// Deps are what the API needs from the rest of berth.
type Deps struct {
	Store *store.Store
	// Invoker runs other services' operations for the providers, as the
	// principal that started each stack operation.
	Invoker         awsapi.Invoker
	Region, Account string
	Logger          *slog.Logger
	// Providers are the resource types stacks may use.
	Providers *provider.Registry
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
	// SyncWait bounds how long mutating calls wait for their operation;
	// zero means DefaultSyncWait, negative means return at once.
	SyncWait time.Duration
}

// API is the CloudFormation service.
type API struct {
	eng      *engine.Engine
	svc      *awsapi.Service
	region   string
	account  string
	syncWait time.Duration
}

// New returns the API with its operations declared. It has no side
// effects: Start resumes interrupted stack operations.
func New(d Deps) *API {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	a := &API{region: d.Region, account: d.Account, syncWait: d.SyncWait}
	if a.syncWait == 0 {
		a.syncWait = DefaultSyncWait
	}
	a.eng = engine.New(engine.Deps{Store: d.Store, Providers: d.Providers, Invoker: d.Invoker, Region: d.Region,
		Account: d.Account, Logger: d.Logger.With("component", "cloudformation"), Now: d.Now})
	a.svc = &awsapi.Service{SigningName: "cloudformation", Protocol: awsapi.Query, XMLNamespace: Namespace,
		Version: "2010-05-15", EventSource: "cloudformation.amazonaws.com"}
	a.svc.Add(a.stackOps()...)
	a.svc.Add(a.readOps()...)
	a.svc.Add(a.templateOps()...)
	a.svc.Add(a.changeSetOps()...)
	a.svc.Add(a.continueOp(), a.cancelOp())
	return a
}

// Service returns the service declaration for the registry.
func (a *API) Service() *awsapi.Service { return a.svc }

// Engine returns the stack engine (for berth's own commands and tests).
func (a *API) Engine() *engine.Engine { return a.eng }

// Start resumes the stack operations a stopped server left in progress:
// creates and updates roll back, deletes and cleanups finish.
func (a *API) Start(ctx context.Context) error { return a.eng.Start(ctx) }

// Stop cancels running stack operations (they resume at the next Start)
// and waits for them, bounded by ctx.
func (a *API) Stop(ctx context.Context) error { return a.eng.Stop(ctx) }

// settle waits, up to the sync wait, for the stack's operation to end.
func (a *API) settle(ctx context.Context, stackID string) {
	if a.syncWait < 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, a.syncWait)
	defer cancel()
	a.eng.Wait(ctx, stackID)
}

// stackARNs is the IAM resource of a call naming a stack by name or id.
func (a *API) stackARNs(nameOrID string) []string {
	if nameOrID == "" {
		return []string{"*"}
	}
	if isARN(nameOrID) {
		return []string{nameOrID}
	}
	return []string{"arn:aws:cloudformation:" + a.region + ":" + a.account + ":stack/" + nameOrID + "/*"}
}

func isARN(s string) bool { return len(s) > 4 && s[:4] == "arn:" }
