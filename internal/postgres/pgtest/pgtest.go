// Package pgtest gives each test its own fresh PostgreSQL database, cloned from a template
// database that has every migration applied. Cloning takes tens of milliseconds, so tests never
// share state and never need to clean up after each other.
//
// TEST_DATABASE_URL names the server (any database on it that the test user can connect to,
// usually "postgres"); `make test` starts the project-local cluster and sets it.
package pgtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"testing"

	"breakfast/internal/postgres"
	"breakfast/migrations"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
	counter      atomic.Int64
)

// ServerURL returns TEST_DATABASE_URL, failing the test when it is not set.
func ServerURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("TEST_DATABASE_URL")
	if u == "" {
		t.Fatal("TEST_DATABASE_URL is not set: run the tests with `make test`, which starts PostgreSQL")
	}
	return u
}

// New creates a fresh migrated database for t, dropped when t ends, and returns a pool on it
// and its URL.
func New(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	ctx := context.Background()
	server := ServerURL(t)
	templateOnce.Do(func() { templateName, templateErr = ensureTemplate(ctx, server) })
	if templateErr != nil {
		t.Fatalf("pgtest: template database: %v", templateErr)
	}
	name := fmt.Sprintf("test_%d_%d", os.Getpid(), counter.Add(1))
	if err := exec(ctx, server, "CREATE DATABASE "+ident(name)+" TEMPLATE "+ident(templateName)); err != nil {
		t.Fatalf("pgtest: clone: %v", err)
	}
	dbURL := withDatabase(server, name)
	pool, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		pool.Close()
		if err := exec(context.Background(), server, "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)"); err != nil {
			t.Logf("pgtest: drop %s: %v", name, err)
		}
	})
	return pool, dbURL
}

// ensureTemplate creates the template database for the current set of migrations, once per
// server: its name carries a hash of the migration files, and an advisory lock keeps parallel
// test processes from building it twice.
func ensureTemplate(ctx context.Context, server string) (string, error) {
	name := "breakfast_tpl_" + migrationsHash()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(4242001)"); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, "SELECT pg_advisory_unlock(4242001)") //nolint:errcheck // released on close anyway
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	building := name + "_building"
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(building)+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+ident(building)); err != nil {
		return "", err
	}
	if err := postgres.Migrate(withDatabase(server, building)); err != nil {
		return "", err
	}
	// Renaming only once migrated means a half-built template is never used.
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+ident(building)+" RENAME TO "+ident(name)); err != nil {
		return "", err
	}
	dropOldTemplates(ctx, conn, name)
	return name, nil
}

// dropOldTemplates drops the templates of earlier sets of migrations, which would otherwise pile
// up on a developer's cluster, one per change of a migration. One still in use (tests of
// another checkout running) is left for a later run.
func dropOldTemplates(ctx context.Context, conn *pgx.Conn, current string) {
	rows, err := conn.Query(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'breakfast\_tpl\_%' AND datname <> $1`, current)
	if err != nil {
		return
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return
	}
	for _, name := range old {
		_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(name))
	}
}

func migrationsHash() string {
	h := sha256.New()
	entries, _ := fs.ReadDir(migrations.FS, ".")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		data, _ := fs.ReadFile(migrations.FS, n)
		h.Write([]byte(n))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func exec(ctx context.Context, server, sql string) error {
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

func withDatabase(server, name string) string {
	u, err := url.Parse(server)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }
