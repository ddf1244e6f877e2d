package postgres_test

import (
	"context"
	"errors"
	"testing"

	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
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
	var departments, chains int
	pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM departments), (SELECT count(*) FROM industry_chains)`).Scan(&departments, &chains)
	if departments < 8 || chains != 8 {
		t.Errorf("%d departments, %d chains", departments, chains)
	}
	accounts, err := postgres.DemoAccounts(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]int{}
	for _, a := range accounts {
		roles[string(a.Role)]++
	}
	for _, r := range []string{"admin", "official", "department"} {
		if roles[r] == 0 {
			t.Errorf("no demo account with role %s", r)
		}
	}
}
