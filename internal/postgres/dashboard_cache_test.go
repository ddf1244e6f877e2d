package postgres_test

import (
	"testing"
	"time"

	"breakfast/internal/postgres"
)

// TestDashboardKeptUntilTheDataChanges proves the kept dashboard (migration 000018's version)
// is never stale: a second look without changes gives the same figures, any committed change
// to the demands (or the tables the figures read) shows at once, and the answers still within
// the rating window are counted at each look's own time.
func TestDashboardKeptUntilTheDataChanges(t *testing.T) {
	f := newDashFixture(t, true)
	first := f.dashboard(thisYear(), officialViewer)
	again := f.dashboard(thisYear(), officialViewer)
	if again.Totals != first.Totals || len(again.Ranking) != len(first.Ranking) {
		t.Fatalf("a second look without changes differs:\n%+v\n%+v", first.Totals, again.Totals)
	}

	// A new demand today moves the figures.
	f.id(`INSERT INTO demands (enterprise_id, category_id, title, description, created_at)
		SELECT (SELECT min(id) FROM enterprises), (SELECT min(id) FROM demand_categories), '新诉求', '说明', $1 RETURNING id`,
		dashNow.Add(-time.Hour))
	after := f.dashboard(thisYear(), officialViewer)
	wantInt(t, "received after a new demand", after.Totals.Received, first.Totals.Received+1)

	// A renamed department shows under its new name.
	if _, err := f.pool.Exec(f.ctx, `UPDATE departments SET short_name = '改名后' WHERE id = (SELECT lead_department_id
		FROM demands WHERE lead_department_id IS NOT NULL LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	renamed := false
	for _, r := range f.dashboard(thisYear(), officialViewer).Ranking {
		renamed = renamed || r.Department == "改名后"
	}
	if !renamed {
		t.Error("the ranking still shows the old department name")
	}

	// An answer whose rating window closes half an hour after now: within the window now, out
	// of it an hour later on the same day, when the kept figures are used.
	var window int
	if err := f.pool.QueryRow(f.ctx, `SELECT value::int FROM settings WHERE key = 'rating_window_days'`).Scan(&window); err != nil {
		t.Fatal(err)
	}
	answered := dashNow.Add(-time.Duration(window)*24*time.Hour + 30*time.Minute)
	f.id(`INSERT INTO demands (enterprise_id, category_id, title, description, status, lead_department_id, assigned_at,
			answered_at, answer, created_at)
		SELECT (SELECT min(id) FROM enterprises), (SELECT min(id) FROM demand_categories), '已答复', '说明', 'answered',
			(SELECT min(id) FROM departments), $1, $1, '答复', $2 RETURNING id`, answered, dashNow.AddDate(0, -2, 0))
	now := f.dashboard(thisYear(), officialViewer)
	later := thisYear()
	later.Now = dashNow.Add(time.Hour)
	kept := f.dashboard(later, officialViewer)
	computed, err := postgres.NewDashboardStore(f.pool).Dashboard(f.ctx, later, officialViewer) // nothing kept
	if err != nil {
		t.Fatal(err)
	}
	wantInt(t, "within the window an hour later (kept figures)", kept.Totals.NotRatedInWindow, now.Totals.NotRatedInWindow-1)
	if kept.Totals != computed.Totals {
		t.Errorf("kept figures an hour later differ from computed ones:\n%+v\n%+v", kept.Totals, computed.Totals)
	}
}

// TestSlowDashboardRefreshesInTheBackground proves that figures which are slow to compute
// (a province's data) are not recomputed while the viewer waits: after a change the viewer
// gets the previous figures marked with their time, one refresh runs, and the next look has
// the new figures. The next day counts as a change too.
func TestSlowDashboardRefreshesInTheBackground(t *testing.T) {
	f := newDashFixture(t, true)
	postgres.SetSlowDashboard(f.store, time.Nanosecond) // every computation counts as slow
	first := f.dashboard(thisYear(), officialViewer)
	if first.Refreshing || !first.AsOf.Equal(dashNow) {
		t.Fatalf("first computation: refreshing %v, as of %v", first.Refreshing, first.AsOf)
	}

	f.id(`INSERT INTO demands (enterprise_id, category_id, title, description, created_at)
		SELECT (SELECT min(id) FROM enterprises), (SELECT min(id) FROM demand_categories), '新诉求', '说明', $1 RETURNING id`,
		dashNow.Add(-time.Hour))
	later := thisYear()
	later.Now = dashNow.Add(time.Minute)
	stale := f.dashboard(later, officialViewer)
	if !stale.Refreshing || stale.Totals.Received != first.Totals.Received || !stale.AsOf.Equal(dashNow) {
		t.Fatalf("look after a change: refreshing %v, received %d (before %d), as of %v",
			stale.Refreshing, stale.Totals.Received, first.Totals.Received, stale.AsOf)
	}
	f.store.WaitForRefreshes()
	fresh := f.dashboard(later, officialViewer)
	if fresh.Refreshing {
		t.Error("still refreshing after the refresh ended")
	}
	wantInt(t, "received after the refresh", fresh.Totals.Received, first.Totals.Received+1)

	tomorrow := thisYear()
	tomorrow.Now = dashNow.AddDate(0, 0, 1)
	if next := f.dashboard(tomorrow, officialViewer); !next.Refreshing {
		t.Error("the next day's first look used the previous day's figures as current")
	}
	f.store.WaitForRefreshes()
	if next := f.dashboard(tomorrow, officialViewer); next.Refreshing || !next.AsOf.Equal(tomorrow.Now) {
		t.Errorf("the next day after the refresh: refreshing %v, as of %v", next.Refreshing, next.AsOf)
	}
}

// TestSlowDashboardFollowsARestore: a restored backup brings back a lower dashboard_version.
// The refresh computed at that version must replace the figures kept at the higher one, or the
// dashboard would show the data from before the restore for good.
func TestSlowDashboardFollowsARestore(t *testing.T) {
	f := newDashFixture(t, true)
	postgres.SetSlowDashboard(f.store, time.Nanosecond) // every computation counts as slow
	var backup int64
	if err := f.pool.QueryRow(f.ctx, `SELECT version FROM dashboard_version`).Scan(&backup); err != nil {
		t.Fatal(err)
	}
	first := f.dashboard(thisYear(), officialViewer)
	demand := f.id(`INSERT INTO demands (enterprise_id, category_id, title, description, created_at)
		SELECT (SELECT min(id) FROM enterprises), (SELECT min(id) FROM demand_categories), '新诉求', '说明', $1 RETURNING id`,
		dashNow.Add(-time.Hour))
	f.dashboard(thisYear(), officialViewer) // starts the refresh at the new version
	f.store.WaitForRefreshes()
	wantInt(t, "received before the restore", f.dashboard(thisYear(), officialViewer).Totals.Received, first.Totals.Received+1)

	// What pg_restore --clean does: the backup's rows and the backup's version.
	if _, err := f.pool.Exec(f.ctx, `DELETE FROM demands WHERE id = $1`, demand); err != nil {
		t.Fatal(err)
	}
	if _, err := f.pool.Exec(f.ctx, `UPDATE dashboard_version SET version = $1, last_xact = NULL`, backup); err != nil {
		t.Fatal(err)
	}
	f.dashboard(thisYear(), officialViewer) // starts the refresh at the restored version
	f.store.WaitForRefreshes()
	restored := f.dashboard(thisYear(), officialViewer)
	if restored.Refreshing {
		t.Error("still refreshing after the refresh ended")
	}
	wantInt(t, "received after the restore", restored.Totals.Received, first.Totals.Received)
}
