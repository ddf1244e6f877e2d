package postgres

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// dashboardCacheSize bounds how many computed dashboards are kept: the default view of each
// sort order and department, and some filtered ones.
const dashboardCacheSize = 64

// slowDashboard is how long a computation must have taken for its dashboard to be refreshed
// in the background: until the new figures are ready, viewers get the previous ones at once,
// marked with their time. Faster dashboards (a district's data) are computed while the viewer
// waits, so they are never out of date.
// (A district's dashboard takes about 0.2 s, a province's 6 s; 2 s leaves a busy machine room
// before a district's figures would be shown out of date.)
const slowDashboard = 2 * time.Second

// dashboardKey is what a dashboard's figures depend on besides the data and the day: the
// filter after the viewer's scope is applied.
type dashboardKey struct {
	from, to    string
	chain, dept int64
	sort        RankingSort
	reverse     bool
}

func keyOf(f DashboardFilter) dashboardKey {
	k := dashboardKey{from: dateOnly(f.From), to: dateOnly(f.To), sort: f.Sort, reverse: f.Reverse}
	if f.ChainID != nil {
		k.chain = *f.ChainID
	}
	if f.DepartmentID != nil {
		k.dept = *f.DepartmentID
	}
	return k
}

// keptDashboard is a computed dashboard with what decides whether it is still current: the
// dashboard_version it was computed at (migration 000018, moved by every committed change to
// the data it reads) and the day "overdue" was judged on.
type keptDashboard struct {
	dashboard *Dashboard
	version   int64
	today     string
	took      time.Duration
	// ratingEnds are the ends of the rating windows of the answers without a rating that were
	// still within their window at computation, sorted: the one figure that moves with the
	// clock (Totals.NotRatedInWindow) is counted from them at each look.
	ratingEnds []time.Time
}

// current reports whether k's figures hold for data version and the day of now. Only the
// version they were computed at will do (Versions: a restored backup moves it back).
func (k *keptDashboard) current(version int64, now time.Time) bool {
	return k.version == version && k.today == dateOnly(now)
}

// at is a copy of k's dashboard as seen at now by filter f.
func (k *keptDashboard) at(f DashboardFilter) *Dashboard {
	d := *k.dashboard
	d.Filter = f
	gone, _ := slices.BinarySearchFunc(k.ratingEnds, f.Now, func(end, now time.Time) int {
		if end.After(now) {
			return 1
		}
		return -1
	})
	d.Totals.NotRatedInWindow = len(k.ratingEnds) - gone
	return &d
}

// dashboardCache keeps computed dashboards. At a million demands a dashboard takes seconds to
// compute and microseconds to look up.
type dashboardCache struct {
	mu      sync.Mutex
	entries map[dashboardKey]*keptDashboard
	order   []dashboardKey // oldest first
	// refreshing is set while a background refresh runs: one at a time, whatever the filter,
	// so refreshes never hold more than one of the pool's connections. closed refuses new ones.
	refreshing, closed bool
	background         sync.WaitGroup // the refresh running
}

func (c *dashboardCache) get(k dashboardKey) *keptDashboard {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[k]
}

// put keeps d as the dashboard of k, unless what is kept is the same data on a later day. Any
// other version replaces what is kept, a lower one too (Versions: a restored backup moves the
// version back); a computation overtaken by a newer one only costs the next look a refresh.
func (c *dashboardCache) put(k dashboardKey, d *keptDashboard) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[k]; ok {
		if old.version == d.version && old.today > d.today {
			return
		}
	} else {
		if c.entries == nil {
			c.entries = map[dashboardKey]*keptDashboard{}
		}
		c.order = append(c.order, k)
	}
	c.entries[k] = d
	if len(c.order) > dashboardCacheSize {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
}

// startRefresh reports whether the caller should start a refresh: false while another one
// runs (a later look at out-of-date figures starts theirs) and after close.
func (c *dashboardCache) startRefresh() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.refreshing || c.closed {
		return false
	}
	c.refreshing = true
	c.background.Add(1)
	return true
}

func (c *dashboardCache) refreshed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshing = false
	c.background.Done()
}

// close refuses new refreshes; the caller then cancels and waits for the running one.
func (c *dashboardCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
}

// dashboardVersion reads the data version as q sees it: a computation labels its figures with
// the version of its own snapshot. Lookups use the request's (requestVersions).
func dashboardVersion(ctx context.Context, q querier) (int64, error) {
	var v int64
	err := q.QueryRow(ctx, `SELECT version FROM dashboard_version`).Scan(&v)
	return v, err
}

// ratingEnds are the ends of the rating windows, after out.Filter.Now, of the answers in
// scope without a rating, sorted. It reads the answers of the last window's days only
// (demands_answered_at_idx).
func ratingEnds(ctx context.Context, tx pgx.Tx, out *Dashboard) ([]time.Time, error) {
	var a argList
	where := out.Filter.demandConds(&a, true)
	now, window := a.add(out.Filter.Now), a.add(out.RatingWindowDays)
	rows, err := tx.Query(ctx, `SELECT d.answered_at + make_interval(days => `+window+`::int) AS window_end FROM`+demandsFrom+
		`WHERE `+where+` AND `+answeredCond+` AND d.rating IS NULL AND d.status = 'answered'
			AND d.answered_at > `+now+`::timestamptz - make_interval(days => `+window+`::int)
		ORDER BY window_end`, a...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[time.Time])
}
