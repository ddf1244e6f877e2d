package pgtest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestOldTemplatesAreDropped: the template of an earlier set of migrations goes; the current
// one stays.
func TestOldTemplatesAreDropped(t *testing.T) {
	ctx := context.Background()
	New(t) // the current template exists
	conn, err := pgx.Connect(ctx, ServerURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const old = "breakfast_tpl_000000000000"
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+old); err != nil {
		t.Fatal(err)
	}
	dropOldTemplates(ctx, conn, templateName)
	var names []string
	rows, _ := conn.Query(ctx, `SELECT datname FROM pg_database WHERE datname IN ($1, $2)`, old, templateName)
	names, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 || names[0] != templateName {
		t.Errorf("left %v, want only %s", names, templateName)
	}
}
