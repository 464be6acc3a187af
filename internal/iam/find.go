package iam

import (
	"context"
	"errors"

	"github.com/berth-dev/berth/internal/store"
)

// findDoc reads the kind document at key, or returns nil if there is
// none; what and name describe it in a store error ("role", "deploy").
func findDoc[T any](ctx context.Context, st *store.Store, kind, key, what, name string) (*T, error) {
	var v T
	err := st.Get(ctx, kind, key, &v)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, storeErr("get "+what, name, err)
	}
	return &v, nil
}
