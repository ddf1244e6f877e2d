// Package postgres stores the portal's data in PostgreSQL through pgxpool. Each aggregate has
// its own file; SQL stays inside the method that runs it.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"breakfast/migrations"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5" // registers the pgx5:// scheme
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Open connects a pool to url and checks that the server answers.
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: bad DATABASE_URL: %w", err)
	}
	// Planner settings for the portal's short queries; a URL naming one keeps its own value.
	// - jit off: at a million demands the cost estimates pass jit_above_cost and PostgreSQL
	//   spent more compiling (0.5 s a query, measured by cmd/bench) than running them.
	// - random_page_cost 1.1 (the usual value when the data is on SSD or in memory, as the
	//   demands' working set is): at the default 4 the planner walked the newest demands in
	//   date order and threw away 6,000 rows to fill a page of one category's closed demands,
	//   rather than read the page from demands_category_status_idx (which it takes at 1.1).
	for name, value := range map[string]string{"jit": "off", "random_page_cost": "1.1"} {
		if _, set := cfg.ConnConfig.RuntimeParams[name]; !set {
			cfg.ConnConfig.RuntimeParams[name] = value
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: cannot reach the database: %w", err)
	}
	return pool, nil
}

// ErrDirty means an earlier migration failed half-way and a person has to repair the schema.
var ErrDirty = errors.New("postgres: the database schema is in a dirty migration state")

// Migrate applies every embedded migration that url's database does not have yet.
func Migrate(url string) error {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return err
	}
	m, err := migrate.NewWithSourceInstance("iofs", src, migrateURL(url))
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	defer m.Close()
	if version, dirty, err := m.Version(); err == nil && dirty {
		return fmt.Errorf("%w at version %d: fix the schema by hand, then run "+
			"`migrate -path migrations -database URL force %d` (or %d) and start again",
			ErrDirty, version, version, version-1)
	}
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	return nil
}

// migrateURL turns a postgres:// URL into the pgx5:// scheme golang-migrate's pgx driver wants.
func migrateURL(url string) string {
	for _, prefix := range []string{"postgres://", "postgresql://"} {
		if strings.HasPrefix(url, prefix) {
			return "pgx5://" + strings.TrimPrefix(url, prefix)
		}
	}
	return url
}

// withTx runs fn in a transaction, committing when fn returns nil and rolling back otherwise.
func withTx(ctx context.Context, pool *pgxpool.Pool, fn func(pgx.Tx) error) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// isUniqueViolation reports whether err is a unique-constraint violation of constraint (any
// constraint when it is empty).
func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" &&
		(constraint == "" || pgErr.ConstraintName == constraint)
}

// isForeignKeyViolation reports whether err violates the foreign key constraint.
func isForeignKeyViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23503" && pgErr.ConstraintName == constraint
}

// querier is what pgxpool.Pool and pgx.Tx have in common, so a statement can run in either.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// argList collects a query's arguments as its text is built: add appends one and returns its
// placeholder ($1, $2, …).
type argList []any

func (a *argList) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}
