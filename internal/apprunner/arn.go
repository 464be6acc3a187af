package apprunner

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
)

// Resource kinds in App Runner ARNs.
const (
	kindService     = "service"
	kindConnection  = "connection"
	kindAutoScaling = "autoscalingconfiguration"
)

// newID returns 32 lowercase hex digits, the form of App Runner's ids.
func newID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// arnPrefix is "arn:aws:apprunner:<region>:<account>:".
func (a *API) arnPrefix() string {
	return "arn:aws:apprunner:" + a.d.Region + ":" + a.d.Account + ":"
}

func (a *API) serviceARN(name, id string) string {
	return a.arnPrefix() + kindService + "/" + name + "/" + id
}

func (a *API) connectionARN(name, id string) string {
	return a.arnPrefix() + kindConnection + "/" + name + "/" + id
}

func (a *API) autoScalingARN(name string, revision int, id string) string {
	return a.arnPrefix() + kindAutoScaling + "/" + name + "/" + strconv.Itoa(revision) + "/" + id
}

// resourceARN is a parsed App Runner ARN: kind and the path parts after it.
type resourceARN struct {
	Kind  string
	Parts []string
}

// parseARN splits an App Runner ARN of this account and region. ok is
// false for anything else.
func (a *API) parseARN(arn string) (resourceARN, bool) {
	rest, ok := strings.CutPrefix(arn, a.arnPrefix())
	if !ok {
		return resourceARN{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 || parts[1] == "" {
		return resourceARN{}, false
	}
	return resourceARN{Kind: parts[0], Parts: parts[1:]}, true
}
