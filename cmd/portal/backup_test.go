package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// emptyDatabase creates an empty database (no migrations) on the test server, dropped when t
// ends, and returns its URL: the state of a new server after a disaster.
func emptyDatabase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	server := pgtest.ServerURL(t)
	name := fmt.Sprintf("restore_%d_%s", os.Getpid(), strings.ToLower(strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())))
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+ident); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), server)
		if err == nil {
			_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)")
			c.Close(context.Background())
		}
	})
	u, _ := url.Parse(server)
	u.Path = "/" + name
	return u.String()
}

// tableRows counts the rows of every table of the public schema.
func tableRows(t *testing.T, pool *pgxpool.Pool) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	for _, n := range names {
		var c int64
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{n}.Sanitize()).Scan(&c); err != nil {
			t.Fatal(err)
		}
		counts[n] = c
	}
	return counts
}

func envWith(dbURL string) func(string) string {
	return func(key string) string {
		if key == "DATABASE_URL" {
			return dbURL
		}
		return ""
	}
}

// TestBackupAndRestore dumps a database holding the demo data set, an audit trail and a
// session, restores the dump into an empty database, and finds every row again.
func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	source, sourceURL := pgtest.New(t)
	if err := postgres.LoadDemo(ctx, source); err != nil {
		t.Fatal(err)
	}
	if err := postgres.NewAuditStore(source).Record(ctx, portal.AuditEntry{Username: "demo-official",
		Action: "POST /demands/{id}/assign", ObjectType: "demands", ObjectID: "1"}); err != nil {
		t.Fatal(err)
	}
	want := tableRows(t, source)
	if want["enterprises"] == 0 || want["demands"] == 0 || want["meetings"] == 0 {
		t.Fatalf("the demo data set is missing: %v", want)
	}

	dump := filepath.Join(t.TempDir(), "backups", "test.dump")
	var out bytes.Buffer
	if err := run(ctx, []string{"backup", "-o", dump}, envWith(sourceURL), nil, &out); err != nil {
		t.Fatalf("backup: %v\n%s", err, out.String())
	}
	info, err := os.Stat(dump)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode %v, want 0600: it holds every enterprise's data", info.Mode().Perm())
	}
	if _, err := os.Stat(dump + ".partial"); err == nil {
		t.Error("the partial file was left behind")
	}

	targetURL := emptyDatabase(t)
	out.Reset()
	if err := run(ctx, []string{"restore", dump}, envWith(targetURL), nil, &out); err != nil {
		t.Fatalf("restore: %v\n%s", err, out.String())
	}
	target, err := postgres.Open(ctx, targetURL)
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	got := tableRows(t, target)
	var restored int64
	for table, n := range want {
		if got[table] != n {
			t.Errorf("%s: %d rows restored, want %d", table, got[table], n)
		}
		restored += got[table]
	}
	if len(got) != len(want) {
		t.Errorf("%d tables restored, want %d", len(got), len(want))
	}

	// The data is the same data, not only the same amount, and the schema still guards it.
	var name, title string
	if err := target.QueryRow(ctx, `SELECT e.name, d.title FROM demands d JOIN enterprises e ON e.id = d.enterprise_id
		ORDER BY d.id LIMIT 1`).Scan(&name, &title); err != nil {
		t.Fatal(err)
	}
	var srcName, srcTitle string
	source.QueryRow(ctx, `SELECT e.name, d.title FROM demands d JOIN enterprises e ON e.id = d.enterprise_id
		ORDER BY d.id LIMIT 1`).Scan(&srcName, &srcTitle)
	if name != srcName || title != srcTitle {
		t.Errorf("first demand restored as %q/%q, want %q/%q", name, title, srcName, srcTitle)
	}
	if _, err := postgres.NewUserStore(target).Authenticate(ctx, "demo-official", postgres.DemoPassword); err != nil {
		t.Errorf("a demo account cannot log in after the restore: %v", err)
	}
	if _, err := target.Exec(ctx, `DELETE FROM audit_log`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("the restored audit log can be deleted: %v", err)
	}
	if err := postgres.Migrate(targetURL); err != nil {
		t.Errorf("the restored database does not take the migrations: %v", err)
	}

	t.Run("restoring over a database replaces its content", func(t *testing.T) {
		if _, err := target.Exec(ctx, `UPDATE enterprises SET name = name || '（改）'`); err != nil {
			t.Fatal(err)
		}
		if err := run(ctx, []string{"restore", dump}, envWith(targetURL), nil, &out); err != nil {
			t.Fatalf("restore: %v\n%s", err, out.String())
		}
		var changed int
		target.QueryRow(ctx, `SELECT count(*) FROM enterprises WHERE name LIKE '%（改）'`).Scan(&changed)
		if changed != 0 {
			t.Errorf("%d enterprises keep the changes made after the backup", changed)
		}
	})

	t.Run("restore refuses without a file", func(t *testing.T) {
		for _, args := range [][]string{{"restore"}, {"restore", filepath.Join(t.TempDir(), "missing.dump")}} {
			if err := run(ctx, args, envWith(targetURL), nil, &out); err == nil {
				t.Errorf("%v: no error", args)
			}
		}
	})

	if dir := os.Getenv("RELIABILITY_REPORT_DIR"); dir != "" && !t.Failed() {
		data, _ := json.MarshalIndent(map[string]any{"tables": len(got), "rows_restored": restored,
			"dump_bytes": info.Size()}, "", "  ")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "backup.json"), append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
