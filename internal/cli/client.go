package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/berth-dev/berth/internal/berthapi"
	"github.com/berth-dev/berth/internal/credfile"
	"github.com/berth-dev/berth/internal/server"
)

// clientFlags are the flags of commands that talk to a running berth.
type clientFlags struct {
	endpoint string
	data     string
	region   string
}

func (c *clientFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.endpoint, "endpoint", envOr("BERTH_ENDPOINT", "http://127.0.0.1:4566"), "berth API endpoint (BERTH_ENDPOINT)")
	fs.StringVar(&c.data, "data", server.DefaultDataDir(), "data dir holding the root credentials (BERTH_HOME)")
	fs.StringVar(&c.region, "region", envOr("BERTH_REGION", "us-east-1"), "region (BERTH_REGION)")
}

// callBerth calls an operation of berth's own API with root credentials.
func (c *clientFlags) callBerth(ctx context.Context, op string, in, out any) error {
	key, err := credfile.Load(filepath.Join(c.data, "credentials"))
	if err != nil {
		if os.IsNotExist(err) {
			return usagef("berth server --data "+c.data, "no root credentials in %s: is a berth server using that data dir?", c.data)
		}
		return err
	}
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.endpoint, "/")+"/", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", berthapi.TargetPrefix+"."+op)
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: key.AccessKeyID, SecretAccessKey: key.SecretAccessKey}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "berth", c.region, time.Now()); err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach berth at %s: %w (start it with: berth server)", c.endpoint, err)
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		json.Unmarshal(rb, &e)
		return fmt.Errorf("%s: %s", e.Type, e.Message)
	}
	return json.Unmarshal(rb, out)
}
