package iam

import (
	"errors"
	"sync"
	"sync/atomic"

	"github.com/berth-dev/berth/internal/awsapi"
	"github.com/berth-dev/berth/internal/store"
)

// Namespace is IAM's XML namespace.
const Namespace = "https://iam.amazonaws.com/doc/2010-05-08/"

// Lookup failures of the exported accessors (GetRoleByARN, RolePolicies,
// ManagedPolicy, OIDCProviderByURL). They are wrapped with what was looked
// for; test with errors.Is.
var (
	// ErrNoSuchEntity reports a role, policy or provider that does not exist.
	ErrNoSuchEntity = errors.New("iam: no such entity")
	// ErrInvalidARN reports an ARN that cannot name the entity asked for.
	ErrInvalidARN = errors.New("iam: invalid ARN")
)

// Store kinds of the JSON documents this package keeps.
const (
	kindRole     = "iam.role"      // key: lower-cased role name
	kindPolicy   = "iam.policy"    // key: lower-cased customer-managed policy name
	kindOIDC     = "iam.oidc"      // key: provider URL without scheme
	kindDeletion = "iam.deletion"  // key: service-linked role deletion task id
	kindUser     = "iam.user"      // key: lower-cased user name
	kindGroup    = "iam.group"     // key: lower-cased group name
	kindKey      = "iam.accesskey" // key: access key id
)

// API is the IAM service: its operations and the lookups other components
// (STS, the authorizer) make into IAM's state.
type API struct {
	st      *store.Store
	account string
	svc     *awsapi.Service
	cache   parseCache
	lookups lookupCache

	// gen counts completed writes; cached lookups are valid only for the
	// generation they were computed in.
	gen atomic.Uint64

	// mu serializes every write. Several operations read one document and
	// write another (attaching checks the policy, then updates the role;
	// deleting a policy checks no role uses it), and the generic store has
	// no multi-document transaction; one server owns a data dir, so an
	// in-process lock makes those check-then-write sequences atomic.
	mu sync.Mutex
}

// New returns the IAM API for account, keeping its state in st. It has no
// side effects.
func New(st *store.Store, account string) *API {
	a := &API{st: st, account: account}
	a.svc = &awsapi.Service{SigningName: "iam", Protocol: awsapi.Query, XMLNamespace: Namespace,
		Version: "2010-05-08", EventSource: "iam.amazonaws.com"}
	a.svc.Add(a.operations()...)
	a.svc.Add(a.userOperations()...)
	return a
}

// lock takes the write lock. The returned func releases it after counting
// a new generation, which invalidates every cached lookup; call it as
// `defer a.lock()()`.
func (a *API) lock() func() {
	a.mu.Lock()
	return func() {
		a.gen.Add(1)
		a.mu.Unlock()
	}
}

// Service returns the service declaration for the registry.
func (a *API) Service() *awsapi.Service { return a.svc }
