package postgres_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
	"breakfast/migrations"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5/pgxpool"
)

// beforePerformance is the last migration before the ones that reshaped existing data for
// speed (000018–000022: kept counts of working days, the co-handling rows' copy of their
// demand's state, the version tables and their triggers).
const beforePerformance = 17

// TestUpgradeKeepsADistrictsWork: a district that ran the portal before the performance
// migrations upgrades with its data in place. The demo data is taken back to migration 17
// (their down migrations), then the portal's start-up migrates it up again: every department's
// inbox, its counts, the dashboard and the working-day arithmetic must read as they did, and
// the schema must be the one a new installation gets.
func TestUpgradeKeepsADistrictsWork(t *testing.T) {
	ctx := context.Background()
	pool, url := pgtest.New(t)
	if err := postgres.LoadDemo(ctx, pool); err != nil {
		t.Fatal(err)
	}
	before := districtWork(t, pool)
	pool.Close()

	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	m, err := migrate.NewWithSourceInstance("iofs", src, postgres.MigrateURL(url))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Migrate(beforePerformance); err != nil {
		t.Fatalf("down to %d: %v", beforePerformance, err)
	}
	m.Close()
	old, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	var hasColumn bool
	if err := old.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.columns
		WHERE table_name = 'demand_co_departments' AND column_name = 'demand_status')`).Scan(&hasColumn); err != nil {
		t.Fatal(err)
	}
	old.Close()
	if hasColumn {
		t.Fatal("the database is not back at migration 17: the test would prove nothing")
	}

	if err := postgres.Migrate(url); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	upgraded, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer upgraded.Close()
	after := districtWork(t, upgraded)
	for name, b := range before {
		if a := after[name]; !reflect.DeepEqual(a, b) {
			t.Errorf("%s after the upgrade:\n%v\nbefore:\n%v", name, a, b)
		}
	}
	fresh, _ := pgtest.New(t)
	if got, want := schemaOf(t, upgraded), schemaOf(t, fresh); got != want {
		t.Errorf("the upgraded schema differs from a new installation's:\n%s", diffLines(got, want))
	}
}

// districtWork reads, with stores that have kept nothing yet, what the district's users see
// of the demands: each department's open inbox and tab counts, the dashboard's totals and
// ranking, and working days counted by the database.
func districtWork(t *testing.T, pool *pgxpool.Pool) map[string]any {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, portal.CST)
	demands := postgres.NewDemandStore(pool)
	departments, err := postgres.NewDepartmentStore(pool).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	work := map[string]any{}
	for _, d := range departments {
		v := portal.Viewer{Role: portal.RoleDepartment, DepartmentID: &d.ID}
		counts, err := demands.InboxCounts(ctx, v, now, now.AddDate(0, 0, 5))
		if err != nil {
			t.Fatal(err)
		}
		page, err := demands.List(ctx, postgres.DemandFilter{DepartmentID: &d.ID, Today: now, Limit: 200,
			Statuses: []portal.DemandStatus{portal.DemandAssigned, portal.DemandInProgress, portal.DemandReopened}}, v)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, l := range page.Demands {
			ids = append(ids, l.ID)
		}
		work["inbox of "+d.Name] = fmt.Sprint(counts, ids)
	}
	dashboards := postgres.NewDashboardStore(pool)
	defer dashboards.Close()
	dash, err := dashboards.Dashboard(ctx, postgres.DashboardFilter{From: time.Date(2025, 1, 1, 0, 0, 0, 0, portal.CST),
		To: time.Date(2026, 11, 23, 0, 0, 0, 0, portal.CST), Now: now}, portal.Viewer{Role: portal.RoleOfficial})
	if err != nil {
		t.Fatal(err)
	}
	work["dashboard totals"] = fmt.Sprintf("%+v", dash.Totals)
	work["dashboard ranking"] = fmt.Sprintf("%+v", dash.Ranking)
	var days []int
	for _, span := range [][2]string{{"2026-09-28", "2026-10-12"}, {"2026-01-01", "2026-12-31"}, {"2025-12-20", "2026-02-28"}} {
		var n int
		if err := pool.QueryRow(ctx, `SELECT workdays_between($1::date, $2::date)`, span[0], span[1]).Scan(&n); err != nil {
			t.Fatal(err)
		}
		days = append(days, n)
	}
	work["working days"] = days
	if len(departments) == 0 || dash.Totals == (postgres.DemandTotals{}) {
		t.Fatal("the demo data has no departments or no demands: the test would prove nothing")
	}
	return work
}

// schemaOf describes the public schema: columns, constraints, indexes, triggers and functions.
func schemaOf(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var s string
	err := pool.QueryRow(context.Background(), `SELECT string_agg(x, E'\n' ORDER BY x) FROM (
		SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
			coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public'
		UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
			FROM pg_constraint WHERE connamespace = 'public'::regnamespace
		UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
		UNION ALL SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
		UNION ALL SELECT 'function ' || p.oid::regprocedure::text || ' ' || md5(p.prosrc)
			FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
		UNION ALL SELECT 'table options ' || relname || ' ' || coalesce(array_to_string(reloptions, ','), '')
			FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r') s(x)`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// diffLines lists the lines only one of a and b has.
func diffLines(a, b string) string {
	count := map[string]int{}
	for _, l := range strings.Split(a, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(b, "\n") {
		count[l]--
	}
	var out []string
	for l, n := range count {
		switch {
		case n > 0:
			out = append(out, "upgraded only: "+l)
		case n < 0:
			out = append(out, "new only:      "+l)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
