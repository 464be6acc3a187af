package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

type doc struct{ Name string }

func TestStoreRoundTripAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "berth.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "role", "a", doc{"a"}); err != nil {
		t.Fatal(err)
	}
	ok, err := s.Create(ctx, "role", "a", doc{"x"})
	if err != nil || ok {
		t.Fatalf("Create over existing = %v, %v; want false", ok, err)
	}
	if _, err := Update(ctx, s, "role", "a", false, func(d *doc) error { d.Name += "b"; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := Update(ctx, s, "role", "zz", false, func(d *doc) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Update missing = %v, want ErrNotFound", err)
	}
	s.Close()

	s, err = Open(ctx, path) // migrations must not re-run
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var d doc
	if err := s.Get(ctx, "role", "a", &d); err != nil || d.Name != "ab" {
		t.Fatalf("Get = %+v, %v", d, err)
	}
	s.Put(ctx, "role", "b", doc{"b"})
	s.Put(ctx, "policy", "a", doc{"p"})
	all, err := ListAll[doc](ctx, s, "role", "")
	if err != nil || len(all) != 2 || all[0].Name != "ab" || all[1].Name != "b" {
		t.Fatalf("ListAll = %v, %v", all, err)
	}
	if err := s.Delete(ctx, "role", "a"); err != nil {
		t.Fatal(err)
	}
	if err := s.Get(ctx, "role", "a", &d); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after delete = %v", err)
	}
	if err := s.Delete(ctx, "role", "a"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete = %v", err)
	}
}
