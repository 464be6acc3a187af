package iam

import (
	"fmt"
	"strings"
	"testing"
)

func TestPaginate(t *testing.T) {
	items := []string{"a", "b", "c", "d", "e"}
	id := func(s string) string { return s }
	var got []string
	marker, pages := "", 0
	for {
		two := 2
		page, next, err := paginate(items, id, marker, &two)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page...)
		pages++
		if next == "" {
			break
		}
		marker = next
	}
	if strings.Join(got, "") != "abcde" || pages != 3 {
		t.Fatalf("pages = %d, items %v", pages, got)
	}
	// A marker resumes at its key even when that item is gone.
	page, _, err := paginate([]string{"a", "b", "d"}, id, encodeMarker("c"), nil)
	if err != nil || strings.Join(page, "") != "d" {
		t.Fatalf("resume after removal = %v, %v", page, err)
	}
	for _, bad := range []int{0, 1001} {
		if _, _, err := paginate(items, id, "", &bad); err == nil {
			t.Errorf("MaxItems %d accepted", bad)
		}
	}
	if _, _, err := paginate(items, id, "%%%", nil); err == nil {
		t.Error("bad marker accepted")
	}
}

// FuzzDecodeMarker checks that any client-supplied marker is either
// refused or resumes a listing without panicking.
func FuzzDecodeMarker(f *testing.F) {
	f.Add(encodeMarker("role-a"))
	f.Add("")
	f.Add("====")
	items := make([]string, 20)
	for i := range items {
		items[i] = fmt.Sprintf("k%02d", i)
	}
	f.Fuzz(func(t *testing.T, marker string) {
		key, err := decodeMarker(marker)
		if err == nil && encodeMarker(key) != marker {
			t.Fatalf("marker %q decodes to %q which encodes differently", marker, key)
		}
		three := 3
		page, next, err := paginate(items, func(s string) string { return s }, marker, &three)
		if err == nil && (len(page) > 3 || (next != "" && len(page) == 0)) {
			t.Fatalf("page %v next %q", page, next)
		}
	})
}
