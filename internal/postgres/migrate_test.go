package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func TestMigrateIsIdempotent(t *testing.T) {
	_, url := pgtest.New(t) // already migrated from the template
	if err := postgres.Migrate(url); err != nil {
		t.Fatalf("second migration run: %v", err)
	}
}

func TestDirtyMigrationStopsStartUp(t *testing.T) {
	pool, url := pgtest.New(t)
	if _, err := pool.Exec(context.Background(), `UPDATE schema_migrations SET dirty = true`); err != nil {
		t.Fatal(err)
	}
	err := postgres.Migrate(url)
	if !errors.Is(err, postgres.ErrDirty) {
		t.Fatalf("Migrate on a dirty schema = %v, want ErrDirty", err)
	}
}

func TestDemoDataLoadsOnce(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := postgres.LoadDemo(ctx, pool); err != nil {
			t.Fatalf("load %d: %v", i+1, err)
		}
	}
	var departments, chains, enterprises, pending, nev int
	pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM departments), (SELECT count(*) FROM industry_chains),
		(SELECT count(*) FROM enterprises), (SELECT count(*) FROM enterprises WHERE status = 'pending'),
		(SELECT count(*) FROM enterprise_chains ec JOIN industry_chains c ON c.id = ec.chain_id WHERE c.name = '新能源汽车')`).
		Scan(&departments, &chains, &enterprises, &pending, &nev)
	if departments < 8 || chains != 8 || enterprises < 60 || pending == 0 || nev < 30 {
		t.Errorf("%d departments, %d chains, %d enterprises (%d pending, %d in the NEV chain)", departments, chains, enterprises, pending, nev)
	}
	rows, _ := pool.Query(ctx, `SELECT uscc FROM enterprises`)
	codes, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, c := range codes {
		if p := portal.USCCProblem(c); p != "" {
			t.Errorf("demo code %s: %s", c, p)
		}
	}
	var checkedIn, waitlisted, drafts int
	pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM attendees a JOIN meetings m ON m.id = a.meeting_id WHERE m.status = 'held' AND a.checked_in_at IS NOT NULL),
		(SELECT count(*) FROM invitations i JOIN meetings m ON m.id = i.meeting_id WHERE m.status = 'published' AND i.status = 'waitlisted'),
		(SELECT count(*) FROM meetings WHERE status = 'draft')`).Scan(&checkedIn, &waitlisted, &drafts)
	if checkedIn < 25 || waitlisted == 0 || drafts == 0 {
		t.Errorf("demo meetings: %d checked in at the held one, %d waitlisted, %d drafts", checkedIn, waitlisted, drafts)
	}
	accounts, err := postgres.DemoAccounts(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]int{}
	for _, a := range accounts {
		roles[string(a.Role)]++
	}
	for _, r := range []string{"admin", "official", "department", "entrepreneur"} {
		if roles[r] == 0 {
			t.Errorf("no demo account with role %s", r)
		}
	}
	checkDemoDemands(t, pool)
}

// checkDemoDemands checks the demo demands: about forty from the held meeting in every state
// of the loop, with timelines that end where the demands stand, deadlines on working days,
// some overdue and rated, and work for the demo department and entrepreneur accounts.
func checkDemoDemands(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	count := func(sql string, args ...any) int {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM demands d JOIN meetings m ON m.id = d.meeting_id WHERE m.status = 'held'`); n < 35 {
		t.Errorf("%d demo demands from the held meeting, want about forty", n)
	}
	for _, st := range portal.DemandStatuses {
		if n := count(`SELECT count(*) FROM demands WHERE status = $1`, st); n == 0 {
			t.Errorf("no demo demand is %s", st)
		}
	}
	today := time.Now().In(portal.CST).Format("2006-01-02")
	checks := []struct {
		what string
		sql  string
		min  int
	}{
		{"overdue", `SELECT count(*) FROM demands WHERE status IN ('assigned', 'in_progress', 'reopened') AND deadline < '` + today + `'`, 2},
		{"due later", `SELECT count(*) FROM demands WHERE status IN ('assigned', 'in_progress') AND deadline >= '` + today + `'`, 5},
		{"closed 满意", `SELECT count(*) FROM demands WHERE status = 'closed' AND rating = 'satisfied' AND closed_at IS NOT NULL`, 3},
		{"closed 基本满意", `SELECT count(*) FROM demands WHERE status = 'closed' AND rating = 'basically'`, 1},
		{"reopened after 不满意, supervised", `SELECT count(*) FROM demands WHERE status = 'reopened' AND rating = 'unsatisfied' AND supervised AND rating_comment <> ''`, 1},
		{"answered, waiting for a rating", `SELECT count(*) FROM demands WHERE status = 'answered' AND answer <> '' AND answered_at > now() - interval '15 days'`, 2},
		{"answered, rating window passed", `SELECT count(*) FROM demands WHERE status = 'answered' AND answered_at < now() - interval '15 days'`, 1},
		{"rejected with a reason", `SELECT count(*) FROM demands WHERE status = 'rejected' AND reject_reason <> ''`, 1},
		{"merged into another", `SELECT count(*) FROM demands d JOIN demands t ON t.id = d.merged_into WHERE d.status = 'merged'`, 1},
		{"approved extension", `SELECT count(*) FROM demand_extensions WHERE status = 'approved'`, 1},
		{"pending extension", `SELECT count(*) FROM demand_extensions WHERE status = 'pending'`, 1},
		{"co-handled", `SELECT count(DISTINCT demand_id) FROM demand_co_departments`, 5},
		{"in the 工信局 inbox", `SELECT count(*) FROM demands d JOIN users u ON u.department_id = d.lead_department_id
			WHERE u.username = 'demo-gxj' AND d.status IN ('assigned', 'in_progress', 'reopened')`, 3},
		{"in the 资规局 inbox", `SELECT count(*) FROM demands d JOIN users u ON u.department_id = d.lead_department_id
			WHERE u.username = 'demo-zgj' AND d.status IN ('assigned', 'in_progress', 'reopened')`, 2},
		{"in the 供电公司 inbox", `SELECT count(*) FROM demands d JOIN users u ON u.department_id = d.lead_department_id
			WHERE u.username = 'demo-power' AND d.status IN ('assigned', 'in_progress', 'reopened')`, 1},
		{"of demo-ent", `SELECT count(*) FROM demands d JOIN users u ON u.enterprise_id = d.enterprise_id WHERE u.username = 'demo-ent'`, 4},
		{"of demo-ent, waiting for its rating", `SELECT count(*) FROM demands d JOIN users u ON u.enterprise_id = d.enterprise_id
			WHERE u.username = 'demo-ent' AND d.status = 'answered' AND d.answered_at > now() - interval '15 days'`, 1},
	}
	for _, c := range checks {
		if n := count(c.sql); n < c.min {
			t.Errorf("%d demo demands %s, want at least %d", n, c.what, c.min)
		}
	}
	// Every timeline starts with the submission and ends in the demand's state, in time order
	// and never in the future.
	if n := count(`SELECT count(*) FROM demands d WHERE NOT EXISTS (SELECT 1 FROM demand_events e
		WHERE e.demand_id = d.id AND e.action = 'submit' AND e.from_status IS NULL AND e.to_status = 'submitted' AND e.at = d.created_at)`); n != 0 {
		t.Errorf("%d demo demands without their submission in the timeline", n)
	}
	if n := count(`SELECT count(*) FROM demands d WHERE d.status <> (SELECT e.to_status FROM demand_events e
		WHERE e.demand_id = d.id ORDER BY e.at DESC, e.id DESC LIMIT 1)`); n != 0 {
		t.Errorf("%d demo demands whose timeline ends in another state", n)
	}
	if n := count(`SELECT count(*) FROM demand_events e JOIN demands d ON d.id = e.demand_id
		WHERE e.at < d.created_at OR e.at > now()`); n != 0 {
		t.Errorf("%d demo timeline entries before their demand or in the future", n)
	}
	if n := count(`SELECT count(*) FROM demands WHERE status NOT IN ('submitted', 'rejected', 'merged')
		AND (lead_department_id IS NULL OR deadline IS NULL OR assigned_at IS NULL OR time_limit_days IS NULL)`); n != 0 {
		t.Errorf("%d assigned demo demands without a lead department and deadline", n)
	}
	// The past year: demands received in at least ten different months and closed in at
	// least eight, across at least six chains, some late, some closed unrated.
	history := []struct {
		what string
		sql  string
		min  int
	}{
		{"months with demands received", `SELECT count(DISTINCT date_trunc('month', created_at AT TIME ZONE 'Asia/Shanghai')) FROM demands`, 10},
		{"months with demands closed", `SELECT count(DISTINCT date_trunc('month', closed_at AT TIME ZONE 'Asia/Shanghai')) FROM demands WHERE closed_at IS NOT NULL`, 8},
		{"chains with demands", `SELECT count(DISTINCT m.chain_id) FROM demands d JOIN meetings m ON m.id = d.meeting_id`, 6},
		{"held meetings", `SELECT count(*) FROM meetings WHERE status = 'held'`, 10},
		{"answered late", `SELECT count(*) FROM demands WHERE (answered_at AT TIME ZONE 'Asia/Shanghai')::date > deadline`, 3},
		{"closed unrated", `SELECT count(*) FROM demands WHERE status = 'closed' AND rating IS NULL`, 2},
	}
	for _, c := range history {
		if n := count(c.sql); n < c.min {
			t.Errorf("%d demo %s, want at least %d", n, c.what, c.min)
		}
	}
	// Deadlines count working days from the assignment, or from the reopening after 不满意
	// (extended ones from the old deadline).
	cal, err := postgres.NewWorkdayStore(pool).Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := pool.Query(ctx, `SELECT d.title, coalesce((SELECT max(e.at) FROM demand_events e WHERE e.demand_id = d.id
			AND e.action = 'rate' AND e.to_status = 'reopened'), d.assigned_at), d.time_limit_days, d.deadline FROM demands d
		WHERE d.deadline IS NOT NULL AND NOT EXISTS (SELECT 1 FROM demand_extensions x WHERE x.demand_id = d.id AND x.status = 'approved')`)
	type assigned struct {
		title    string
		at       time.Time
		limit    int
		deadline time.Time
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (assigned, error) {
		var a assigned
		err := row.Scan(&a.title, &a.at, &a.limit, &a.deadline)
		return a, err
	})
	if err != nil || len(list) < 20 {
		t.Fatalf("%d demo deadlines: %v", len(list), err)
	}
	for _, a := range list {
		want, _ := cal.AddWorkdays(a.at, a.limit)
		if got := a.deadline.Format("2006-01-02"); got != want.Format("2006-01-02") {
			t.Errorf("%s: deadline %s, want %d working days after %s = %s", a.title, got, a.limit,
				a.at.In(portal.CST).Format("2006-01-02"), want.Format("2006-01-02"))
		}
	}
}
