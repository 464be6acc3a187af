package process

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/runtime"
)

func TestArtifactID(t *testing.T) {
	at := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	cases := []struct{ service, pattern string }{
		{"8f1c2e", `^8f1c2e-20250304T050607Z-[0-9a-f]{8}$`},
		{"", `^service-20250304T050607Z-[0-9a-f]{8}$`},
		{"../../etc/x y", `^------etc-x-y-20250304T050607Z-[0-9a-f]{8}$`},
	}
	for _, c := range cases {
		if id := newArtifactID(c.service, at); !regexp.MustCompile(c.pattern).MatchString(id) {
			t.Errorf("newArtifactID(%q) = %q; want %s", c.service, id, c.pattern)
		}
	}
	if a, b := newArtifactID("s", at), newArtifactID("s", at); a == b {
		t.Errorf("two IDs in the same second collide: %s", a)
	}
}

func TestArtifactFileWrittenLast(t *testing.T) {
	b := newTestBackend(t, Options{})
	a := shellArtifact(t, b, "true")
	raw, err := os.ReadFile(filepath.Join(a.Dir, artifactFile))
	if err != nil {
		t.Fatal(err)
	}
	var saved runtime.Artifact
	if err := json.Unmarshal(raw, &saved); err != nil || saved.ID != a.ID || saved.Backend != "process" {
		t.Errorf("artifact.json = %s, %v", raw, err)
	}
}

func TestRemoveArtifactRefusesForeignDirs(t *testing.T) {
	b := newTestBackend(t, Options{})
	victim := t.TempDir()
	cases := []*runtime.Artifact{
		nil,
		{ID: "x", Backend: "kubernetes", Dir: filepath.Join(b.artifactsDir(), "x")},
		{ID: filepath.Base(victim), Backend: "process", Dir: victim},
		{ID: "x", Backend: "process", Dir: filepath.Join(b.artifactsDir(), "x", "..", "..")},
		{ID: "artifacts", Backend: "process", Dir: b.artifactsDir()},
	}
	for _, a := range cases {
		if err := b.RemoveArtifact(context.Background(), a); !errors.Is(err, runtime.ErrInvalidSpec) {
			t.Errorf("RemoveArtifact(%+v) = %v; want ErrInvalidSpec", a, err)
		}
	}
	if _, err := os.Stat(victim); err != nil {
		t.Errorf("a foreign directory was removed: %v", err)
	}
}

func TestStartRejectsForeignArtifact(t *testing.T) {
	b := newTestBackend(t, Options{})
	a := shellArtifact(t, b, "true")
	foreign := *a
	foreign.Backend = "kubernetes"
	if _, err := b.Start(context.Background(), runtime.InstanceSpec{Artifact: &foreign}); !errors.Is(err, runtime.ErrInvalidSpec) {
		t.Errorf("Start of another backend's artifact: %v; want ErrInvalidSpec", err)
	}
}
