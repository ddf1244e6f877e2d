package postgres

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"
)

// dashboardCacheSize bounds how many computed dashboards are kept: the default view of each
// sort order and department, and some filtered ones.
const dashboardCacheSize = 64

// dashboardKey is what a dashboard's figures depend on besides the data: the filter after the
// viewer's scope is applied, and the day "overdue" is judged on. The one figure that moves
// with the clock within a day (answers still within the rating window) is recomputed on
// every use (dashboardInWindow).
type dashboardKey struct {
	from, to, today string
	chain, dept     int64
	sort            RankingSort
	reverse         bool
}

func keyOf(f DashboardFilter) dashboardKey {
	k := dashboardKey{from: dateArg(f.From), to: dateArg(f.To), today: dateArg(f.Now), sort: f.Sort, reverse: f.Reverse}
	if f.ChainID != nil {
		k.chain = *f.ChainID
	}
	if f.DepartmentID != nil {
		k.dept = *f.DepartmentID
	}
	return k
}

// dashboardCache keeps computed dashboards with the dashboard_version they were computed at
// (migration 000018): a version that has moved since means the data may have changed, and
// the entry is not used. At a million demands a dashboard takes seconds to compute and
// microseconds to look up.
type dashboardCache struct {
	mu      sync.Mutex
	version int64 // of every entry
	entries map[dashboardKey]*Dashboard
	order   []dashboardKey // oldest first
}

// get returns the dashboard of k computed at version, or nil.
func (c *dashboardCache) get(k dashboardKey, version int64) *Dashboard {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil
	}
	return c.entries[k]
}

// put keeps d as the dashboard of k at version; entries of another version are dropped.
func (c *dashboardCache) put(k dashboardKey, version int64, d *Dashboard) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return // computed on an older snapshot than what is kept already
	}
	if version != c.version || c.entries == nil {
		c.version, c.entries, c.order = version, map[dashboardKey]*Dashboard{}, nil
	}
	if _, ok := c.entries[k]; !ok {
		c.order = append(c.order, k)
	}
	c.entries[k] = d
	if len(c.order) > dashboardCacheSize {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
}

// dashboardVersion reads the data version in tx's snapshot.
func dashboardVersion(ctx context.Context, tx pgx.Tx) (int64, error) {
	var v int64
	err := tx.QueryRow(ctx, `SELECT version FROM dashboard_version`).Scan(&v)
	return v, err
}

// dashboardInWindow recounts Totals.NotRatedInWindow of out at out.Filter.Now: the answers
// without a rating that are still within the rating window. It reads the answers of the
// last window's days only (demands_answered_at_idx).
func dashboardInWindow(ctx context.Context, tx pgx.Tx, out *Dashboard) error {
	var a argList
	where := out.Filter.demandConds(&a, true)
	now, window := a.add(out.Filter.Now), a.add(out.RatingWindowDays)
	return tx.QueryRow(ctx, `SELECT count(*) FROM`+demandsFrom+`WHERE `+where+` AND `+answeredCond+`
			AND d.rating IS NULL AND d.status = 'answered' AND d.answered_at > `+now+`::timestamptz - make_interval(days => `+window+`::int)`, a...).
		Scan(&out.Totals.NotRatedInWindow)
}
