package actions

import (
	"bytes"
	"sync"
)

// commands records what an action exports.
type commands struct {
	mu      sync.Mutex
	outputs map[string]string
	env     map[string]string
	paths   []string
	masks   []string
}

func newCommands() *commands {
	return &commands{outputs: map[string]string{}, env: map[string]string{}}
}

func (c *commands) SetOutput(n, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.outputs[n] = v
}

func (c *commands) ExportVariable(n, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.env[n] = v
}

func (c *commands) AddPath(d string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.paths = append(c.paths, d)
}

func (c *commands) AddMask(v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.masks = append(c.masks, v)
}

// invocation builds an Invocation with a log buffer and command recorder.
func invocation(inputs map[string]string) (*Invocation, *commands, *bytes.Buffer) {
	c := newCommands()
	var log bytes.Buffer
	return &Invocation{Inputs: inputs, Env: map[string]string{}, Log: &log, Commands: c}, c, &log
}
