package postgres_test

import (
	"context"
	"testing"

	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
)

func TestDeleteExpiredSessions(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES
		('old', '\x00', now() - interval '1 minute'), ('live', '\x00', now() + interval '1 hour')`); err != nil {
		t.Fatal(err)
	}
	n, err := postgres.DeleteExpiredSessions(ctx, pool)
	if err != nil || n != 1 {
		t.Fatalf("deleted %d, %v", n, err)
	}
	var left string
	pool.QueryRow(ctx, `SELECT string_agg(token, ',') FROM sessions`).Scan(&left)
	if left != "live" {
		t.Errorf("left %q", left)
	}
}
