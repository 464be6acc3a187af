package cloudformation_test

import (
	"context"
	"sync"

	"github.com/berth-dev/berth/internal/awsapi"
)

// calls records the IAM question of every call the env serves.
type calls struct {
	mu   sync.Mutex
	auth map[string][]awsapi.Authorization // operation → its calls'
}

// Record implements awsapi.Recorder.
func (c *calls) Record(_ context.Context, call *awsapi.Call) {
	if call.Auth == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.auth == nil {
		c.auth = map[string][]awsapi.Authorization{}
	}
	c.auth[call.Operation.Name] = append(c.auth[call.Operation.Name], *call.Auth)
}

func (c *calls) of(op string) []awsapi.Authorization {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]awsapi.Authorization(nil), c.auth[op]...)
}
