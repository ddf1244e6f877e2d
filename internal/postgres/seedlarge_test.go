package postgres_test

import (
	"context"
	"testing"
	"time"

	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
)

// TestSeedLargeLoadsAConsistentDataSet loads a small benchmark data set (the code path of
// `make seed-large`, with its triggers off) and checks what the loading transaction cannot
// check itself: every reference holds, the copies kept by triggers elsewhere agree with
// their source, and the benchmark accounts can sign in.
func TestSeedLargeLoadsAConsistentDataSet(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	if err := postgres.SeedLarge(ctx, pool, postgres.SeedLargeOptions{Demands: 2000, Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what, sql string
	}{
		{"demands without their enterprise", `SELECT count(*) FROM demands d WHERE NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.id = d.enterprise_id)`},
		{"timeline rows without their demand", `SELECT count(*) FROM demand_events v WHERE NOT EXISTS (SELECT 1 FROM demands d WHERE d.id = v.demand_id)`},
		{"co-handling rows whose demand state differs (migration 000019)", `SELECT count(*) FROM demand_co_departments cd
			JOIN demands d ON d.id = cd.demand_id WHERE cd.demand_status <> d.status`},
		{"attendees without their meeting", `SELECT count(*) FROM attendees a WHERE NOT EXISTS (SELECT 1 FROM meetings m WHERE m.id = a.meeting_id)`},
	}
	for _, c := range checks {
		var n int
		if err := pool.QueryRow(ctx, c.sql).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: %d", c.what, n)
		}
	}
	var demands, coHandled int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM demands), (SELECT count(*) FROM demand_co_departments)`).
		Scan(&demands, &coHandled); err != nil {
		t.Fatal(err)
	}
	if demands != 2000 || coHandled == 0 {
		t.Errorf("%d demands (want 2000), %d co-handling rows", demands, coHandled)
	}
	for _, name := range []string{"bench-official", "bench-dept", "bench-ent"} {
		if _, err := postgres.NewUserStore(pool).Authenticate(ctx, name, postgres.BenchPassword); err != nil {
			t.Errorf("%s cannot sign in: %v", name, err)
		}
	}
}
