package postgres_test

import (
	"context"
	"errors"
	"testing"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"

	"github.com/jackc/pgx/v5"
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
}
