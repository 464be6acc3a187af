package apprunner

import (
	"context"
	"errors"

	"github.com/berth-dev/berth/internal/awsapi"
)

// Connection provider types and the status berth gives connections.
const (
	ProviderGitHub    = "GITHUB"
	ProviderBitbucket = "BITBUCKET"
	// ConnectionAvailable is the status of every berth connection: there is
	// no handshake to complete in a console.
	ConnectionAvailable = "AVAILABLE"
)

// createConnection records a named credential. On AWS a new connection
// waits in PENDING_HANDSHAKE until someone authorizes it in the console;
// berth's is AVAILABLE at once. Its token, for private http(s)
// repositories, is the SSM parameter named by ConnectionTokenParameter.
func (a *API) createConnection(ctx context.Context, _ *awsapi.Call, in *CreateConnectionInput) (*ConnectionOutput, error) {
	if !shortNameRE.MatchString(in.ConnectionName) {
		return nil, invalid("ConnectionName %q is not valid: 4 to 32 letters, digits, hyphens and underscores, starting with a letter or digit.", in.ConnectionName)
	}
	if in.ProviderType != ProviderGitHub && in.ProviderType != ProviderBitbucket {
		return nil, invalid("ProviderType %q is not valid: use GITHUB or BITBUCKET.", in.ProviderType)
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	c := &connectionRecord{ARN: a.connectionARN(in.ConnectionName, newID()), Name: in.ConnectionName,
		ProviderType: in.ProviderType, Status: ConnectionAvailable, CreatedAt: a.now()}
	switch err := a.repo.insertConnection(ctx, c); {
	case errors.Is(err, errExists):
		return nil, invalid("Connection with the provided name already exists: %s", in.ConnectionName)
	case err != nil:
		return nil, internal("create connection", err)
	}
	if len(in.Tags) > 0 {
		if err := a.repo.tag(ctx, c.ARN, in.Tags, maxTags); err != nil {
			return nil, internal("tag connection", err)
		}
	}
	return &ConnectionOutput{Connection: c.wire()}, nil
}

func (a *API) listConnections(ctx context.Context, _ *awsapi.Call, in *ListConnectionsInput) (*ListConnectionsOutput, error) {
	all, err := a.repo.connections(ctx)
	if err != nil {
		return nil, internal("list connections", err)
	}
	var match []*connectionRecord
	for _, c := range all {
		if in.ConnectionName == "" || c.Name == in.ConnectionName {
			match = append(match, c)
		}
	}
	page, next, err := paginate(match, in.NextToken, in.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	out := &ListConnectionsOutput{ConnectionSummaryList: []Connection{}, NextToken: next}
	for _, c := range page {
		out.ConnectionSummaryList = append(out.ConnectionSummaryList, c.wire())
	}
	return out, nil
}

func (a *API) deleteConnection(ctx context.Context, _ *awsapi.Call, in *DeleteConnectionInput) (*ConnectionOutput, error) {
	c, err := a.repo.connection(ctx, in.ConnectionARN)
	if errors.Is(err, errNotFound) {
		return nil, notFound("Connection not found: %s", in.ConnectionARN)
	}
	if err != nil {
		return nil, internal("get connection", err)
	}
	if err := a.repo.deleteConnection(ctx, c.ARN); err != nil && !errors.Is(err, errNotFound) {
		return nil, internal("delete connection", err)
	}
	c.Status = "DELETED"
	return &ConnectionOutput{Connection: c.wire()}, nil
}

// ConnectionTokenParameter is the SSM parameter holding the token of a
// connection, for private http(s) repositories (a GitHub token, a
// Bitbucket app password). ConnectionUsernameParameter optionally holds the
// user name that goes with it ("x-access-token" when absent).
func ConnectionTokenParameter(connectionName string) string {
	return "/berth/apprunner/connections/" + connectionName + "/token"
}

// ConnectionUsernameParameter is the SSM parameter holding the user name of
// a connection's token.
func ConnectionUsernameParameter(connectionName string) string {
	return "/berth/apprunner/connections/" + connectionName + "/username"
}
