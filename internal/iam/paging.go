package iam

import (
	"encoding/base64"
	"sort"
	"strings"

	"github.com/berth-dev/berth/internal/awsapi"
)

// defaultMaxItems is how many items IAM's list operations return when
// MaxItems is not given.
const defaultMaxItems = 100

// pageSize validates an optional MaxItems (1..1000) and applies the default.
func pageSize(maxItems *int) (int, error) {
	if maxItems == nil {
		return defaultMaxItems, nil
	}
	var c checks
	c.num("maxItems", *maxItems, 1, 1000)
	if err := c.err(); err != nil {
		return 0, err
	}
	return *maxItems, nil
}

// encodeMarker makes the opaque Marker that resumes a listing at key.
func encodeMarker(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(key))
}

// decodeMarker reverses encodeMarker.
func decodeMarker(marker string) (string, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(marker)
	// The decoder skips line breaks; only canonical markers are ours.
	if err != nil || len(b) == 0 || encodeMarker(string(b)) != marker {
		return "", awsapi.Errorf(awsapi.CodeValidation, "Invalid value for parameter Marker: %s", marker)
	}
	return string(b), nil
}

// paginate returns one page of items, which must be sorted by key
// ascending, starting at marker (the first call passes ""), and the marker
// of the next page ("" when this page is the last). A marker names the
// key of the next page's first item, so a listing resumes at the right
// place even if items were added or removed in between.
func paginate[T any](items []T, key func(T) string, marker string, maxItems *int) ([]T, string, error) {
	n, err := pageSize(maxItems)
	if err != nil {
		return nil, "", err
	}
	start := 0
	if marker != "" {
		k, err := decodeMarker(marker)
		if err != nil {
			return nil, "", err
		}
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) >= k })
	}
	end := min(start+n, len(items))
	next := ""
	if end < len(items) {
		next = encodeMarker(key(items[end]))
	}
	return items[start:end], next, nil
}

// underPath keeps the items whose IAM path starts with prefix (the
// PathPrefix of the List* operations), in order.
func underPath[T any](items []*T, path func(*T) string, prefix string) []*T {
	var out []*T
	for _, it := range items {
		if strings.HasPrefix(path(it), prefix) {
			out = append(out, it)
		}
	}
	return out
}
