package credfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadOrCreateReuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials")
	k1, created, err := LoadOrCreate(path)
	if err != nil || !created {
		t.Fatalf("first = %v %v", created, err)
	}
	if !strings.HasPrefix(k1.AccessKeyID, "AKIA") || len(k1.AccessKeyID) != 20 || len(k1.SecretAccessKey) != 40 {
		t.Fatalf("bad key %+v", k1)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v", fi.Mode())
	}
	k2, created, err := LoadOrCreate(path)
	if err != nil || created || k2 != k1 {
		t.Fatalf("second = %+v %v %v", k2, created, err)
	}
}

func TestLoadWithoutProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials")
	os.WriteFile(path, []byte("[other]\naws_access_key_id=x\n"), 0o600)
	if _, err := Load(path); err == nil {
		t.Fatal("want error")
	}
}
