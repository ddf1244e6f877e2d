package postgres

import (
	"context"
	"sync"
)

// Reference data — departments, industry chains, demand categories, settings and the
// working-day calendar — is read by most pages and changes a few times a year. Each store keeps
// what it read, labelled with reference_version (migration 000022), which every committed change
// to those tables moves. The version is read with the signed-in user (UserStore.SignedIn) and
// carried in the request's context, so a page whose reference data has not changed pays no
// round trip for it, and a change is seen by the next request on every server.

// Versions are the data versions kept data is checked against: reference_version for
// reference data, dashboard_version (migration 000018) for the dashboard's figures and the
// inbox's counts. A request reads them once, at its start. Kept data holds only for the very
// version it was read at: a version that differs in either direction means other data (a
// restored backup moves the versions back).
type Versions struct{ Reference, Dashboard int64 }

// versionsColumns reads Versions.
const versionsColumns = `(SELECT version FROM reference_version), (SELECT version FROM dashboard_version)`

type versionsKey struct{}

// WithVersions returns ctx carrying the versions read at the start of the request.
func WithVersions(ctx context.Context, v Versions) context.Context {
	return context.WithValue(ctx, versionsKey{}, v)
}

// requestVersions are the versions carried by ctx, or else the database's (background work,
// pages without a signed-in user).
func requestVersions(ctx context.Context, q querier) (Versions, error) {
	if v, ok := ctx.Value(versionsKey{}).(Versions); ok {
		return v, nil
	}
	var v Versions
	err := q.QueryRow(ctx, `SELECT `+versionsColumns).Scan(&v.Reference, &v.Dashboard)
	return v, err
}

// kept is one piece of reference data kept in memory with the version it was read at. Callers
// share the kept value: they must not change it.
type kept[T any] struct {
	mu      sync.Mutex
	version int64 // 0: nothing kept yet (the versions start at 1)
	value   T
}

// get returns the kept value if it was read at the request's version, and otherwise loads it
// and keeps it. The version is read before the data, so kept data is never older than its
// label.
func (k *kept[T]) get(ctx context.Context, q querier, load func(context.Context) (T, error)) (T, error) {
	versions, err := requestVersions(ctx, q)
	if err != nil {
		var zero T
		return zero, err
	}
	version := versions.Reference
	k.mu.Lock()
	if k.version == version {
		value := k.value
		k.mu.Unlock()
		return value, nil
	}
	k.mu.Unlock()
	value, err := load(ctx)
	if err != nil {
		return value, err
	}
	k.mu.Lock()
	k.version, k.value = version, value
	k.mu.Unlock()
	return value, nil
}
