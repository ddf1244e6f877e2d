package postgres_test

import (
	"context"
	"slices"
	"testing"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
	"breakfast/internal/workdays"

	"github.com/jackc/pgx/v5/pgxpool"
)

// TestReferenceDataIsKeptUntilItsVersionMoves checks the stores' kept reference data: a change
// to any of its six tables, written behind the stores' back, moves reference_version once per
// committed transaction (not for a rolled-back one), and the next read at the new version sees
// the change, while a read at the old version is answered from memory.
func TestReferenceDataIsKeptUntilItsVersionMoves(t *testing.T) {
	pool, _ := pgtest.New(t)
	bg := context.Background()
	departments, chains := postgres.NewDepartmentStore(pool), postgres.NewChainStore(pool)
	demands, settings := postgres.NewDemandStore(pool), postgres.NewSettingsStore(pool)
	workdayStore := postgres.NewWorkdayStore(pool)
	version := func() int64 { return referenceVersion(t, pool) }
	calendar := func(ctx context.Context) *workdays.Calendar {
		t.Helper()
		c, err := workdayStore.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// write runs the statements in one transaction and commits it or rolls it back.
	write := func(t *testing.T, statements []string, commit bool) {
		t.Helper()
		tx, err := pool.Begin(bg)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback(bg)
		for _, sql := range statements {
			if _, err := tx.Exec(bg, sql); err != nil {
				t.Fatalf("%v\n%s", err, sql)
			}
		}
		if commit {
			if err := tx.Commit(bg); err != nil {
				t.Fatal(err)
			}
		}
	}
	holiday := workdays.Date(2099, 3, 4) // a Wednesday
	cases := []struct {
		table  string
		writes []string // one transaction
		seen   func(context.Context) bool
	}{
		{"departments", []string{`INSERT INTO departments (name, short_name) VALUES ('测试局', '测试')`,
			`INSERT INTO departments (name, short_name) VALUES ('测试二局', '测试二')`},
			func(ctx context.Context) bool {
				all, err := departments.All(ctx)
				return err == nil && slices.ContainsFunc(all, func(d portal.Department) bool { return d.Name == "测试二局" })
			}},
		{"industry_chains", []string{`INSERT INTO industry_chains (name) VALUES ('低空经济')`},
			func(ctx context.Context) bool {
				all, err := chains.All(ctx)
				return err == nil && slices.ContainsFunc(all, func(c portal.Chain) bool { return c.Name == "低空经济" })
			}},
		{"demand_categories", []string{`UPDATE demand_categories SET name_zh = '用地与规划' WHERE code = 'land'`},
			func(ctx context.Context) bool {
				all, err := demands.Categories(ctx)
				return err == nil && slices.ContainsFunc(all, func(c postgres.DemandCategory) bool { return c.NameZH == "用地与规划" })
			}},
		{"settings", []string{`INSERT INTO settings (key, value) VALUES ('rating_window_days', '30')
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`},
			func(ctx context.Context) bool {
				days, err := settings.RatingWindowDays(ctx)
				return err == nil && days == 30
			}},
		{"work_calendar_days", []string{`INSERT INTO work_calendar_days (day, kind, name) VALUES ('2099-03-04', 'holiday', '测试')`},
			func(ctx context.Context) bool { return !calendar(ctx).IsWorkday(holiday) }},
		{"work_calendar_years", []string{`INSERT INTO work_calendar_years (year) VALUES (2099)`},
			func(ctx context.Context) bool { return calendar(ctx).Known(2099) }},
	}
	for _, c := range cases {
		t.Run(c.table, func(t *testing.T) {
			before := version()
			old := postgres.WithVersions(bg, postgres.Versions{Reference: before})
			if c.seen(old) {
				t.Fatal("the change is there before it was made")
			}
			// A rolled-back change moves nothing.
			write(t, c.writes, false)
			if v := version(); v != before {
				t.Fatalf("a rolled-back change moved the version from %d to %d", before, v)
			}
			write(t, c.writes, true)
			after := version()
			if after != before+1 {
				t.Fatalf("version went from %d to %d, want one step for the transaction", before, after)
			}
			if c.seen(old) {
				t.Error("a read at the old version went to the database: the data was not kept")
			}
			if !c.seen(postgres.WithVersions(bg, postgres.Versions{Reference: after})) {
				t.Error("a read at the new version does not see the change")
			}
			if !c.seen(bg) {
				t.Error("a read without a version (background work) does not see the change")
			}
		})
	}
}

// TestKeptReferenceDataFollowsARestore: restoring a backup brings back the backup's
// reference_version, lower than the one a running server has kept its data at. The next read
// must see the restored data, not keep serving what the server read before.
func TestKeptReferenceDataFollowsARestore(t *testing.T) {
	pool, _ := pgtest.New(t)
	bg := context.Background()
	departments := postgres.NewDepartmentStore(pool)
	names := func(ctx context.Context) []string {
		t.Helper()
		all, err := departments.All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, d := range all {
			out = append(out, d.Name)
		}
		return out
	}
	version := func() int64 { return referenceVersion(t, pool) }
	backup := version()
	for _, name := range []string{"商务局", "税务局", "科学技术局"} {
		if _, err := pool.Exec(bg, `INSERT INTO departments (name, short_name) VALUES ($1, $1)`, name); err != nil {
			t.Fatal(err)
		}
	}
	if got := names(postgres.WithVersions(bg, postgres.Versions{Reference: version()})); len(got) != 3 {
		t.Fatalf("departments before the restore: %v", got)
	}
	// What pg_restore --clean does to these tables: the backup's rows and the backup's version.
	if _, err := pool.Exec(bg, `DELETE FROM departments`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(bg, `UPDATE reference_version SET version = $1, last_xact = NULL`, backup); err != nil {
		t.Fatal(err)
	}
	if got := names(postgres.WithVersions(bg, postgres.Versions{Reference: backup})); len(got) != 0 {
		t.Errorf("after the restore the store still serves %v", got)
	}
}

// referenceVersion reads reference_version.
func referenceVersion(t *testing.T, pool *pgxpool.Pool) int64 {
	t.Helper()
	var v int64
	if err := pool.QueryRow(context.Background(), `SELECT version FROM reference_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
