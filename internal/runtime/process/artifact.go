package process

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
)

// artifactFile is the Artifact's JSON inside its directory, written last.
const artifactFile = "artifact.json"

// safeName keeps [A-Za-z0-9_-] and maps the rest to '-', so a service ID
// can name a directory.
func safeName(s string) string {
	if s == "" {
		return "service"
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 64 {
			break
		}
	}
	return b.String()
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	return hex.EncodeToString(b)
}

// newArtifactID names a build: service, UTC time, random suffix, so IDs of
// one service sort by build time.
func newArtifactID(serviceID string, now time.Time) string {
	return safeName(serviceID) + "-" + now.UTC().Format("20060102T150405Z") + "-" + randomHex(4)
}

// writeArtifact saves a as JSON in its directory, atomically.
func writeArtifact(a *runtime.Artifact) error {
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(a.Dir, artifactFile+".tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(a.Dir, artifactFile))
}

// RemoveArtifact deletes an artifact built by this backend. It refuses a Dir
// outside DataDir/artifacts, so a tampered or foreign Artifact cannot make
// berth delete arbitrary files.
func (b *Backend) RemoveArtifact(ctx context.Context, a *runtime.Artifact) error {
	if a == nil {
		return fmt.Errorf("process: remove artifact: %w: nil artifact", runtime.ErrInvalidSpec)
	}
	if err := b.checkOwned(a); err != nil {
		return fmt.Errorf("process: remove artifact %s: %w", a.ID, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("process: remove artifact %s: %w", a.ID, err)
	}
	if err := os.RemoveAll(a.Dir); err != nil {
		// Some tools leave read-only trees (Go's module cache does);
		// make them writable and try once more.
		_ = filepath.WalkDir(a.Dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				_ = os.Chmod(p, 0o700)
			}
			return nil
		})
		if err := os.RemoveAll(a.Dir); err != nil {
			return fmt.Errorf("process: remove artifact %s: %w", a.ID, err)
		}
	}
	return nil
}

// checkOwned verifies that a was built by a process backend and lives
// directly under this backend's artifacts directory.
func (b *Backend) checkOwned(a *runtime.Artifact) error {
	if a.Backend != backendName {
		return fmt.Errorf("%w: artifact of backend %q, not %q", runtime.ErrInvalidSpec, a.Backend, backendName)
	}
	if filepath.Dir(filepath.Clean(a.Dir)) != b.artifactsDir() || filepath.Base(a.Dir) != a.ID {
		return fmt.Errorf("%w: artifact dir %q is not %s/<id>", runtime.ErrInvalidSpec, a.Dir, b.artifactsDir())
	}
	return nil
}

// shellQuote quotes s for bash.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
