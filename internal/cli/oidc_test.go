package cli

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOIDCThumbprintOfLocalTLSServer(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	cert := srv.Certificate()
	sum := sha1.Sum(cert.Raw)
	want := hex.EncodeToString(sum[:])
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o644)

	for _, args := range [][]string{{"--ca", ca}, {"--insecure"}} {
		var out, errb bytes.Buffer
		code := Execute(append(append([]string{"oidc", "thumbprint"}, args...), srv.URL), &out, &errb)
		if code != 0 || strings.TrimSpace(out.String()) != want {
			t.Fatalf("%v: code %d out %q err %q, want %s", args, code, out.String(), errb.String(), want)
		}
	}
	var out, errb bytes.Buffer
	if code := Execute([]string{"oidc", "thumbprint", srv.URL}, &out, &errb); code == 0 {
		t.Fatal("unverifiable chain accepted without --ca or --insecure")
	}
}
