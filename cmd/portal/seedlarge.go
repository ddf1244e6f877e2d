package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"time"

	"breakfast/internal/postgres"

	"github.com/jackc/pgx/v5"
)

// seedLargeCommand creates (or re-creates) database -db on the local cluster, or on the
// server of DATABASE_URL, migrates it and fills it with the benchmark data set of -demands
// demands (postgres.SeedLarge). The demo database is never touched: -db must name another.
func seedLargeCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed-large", flag.ContinueOnError)
	demands := fs.Int("demands", 1_000_000, "how many demands (enterprises, meetings and attendees scale with it)")
	name := fs.String("db", "breakfast_large", "database to create; dropped first when it exists")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" || *name == "breakfast" || *name == "postgres" {
		return fmt.Errorf("seed-large: -db must name a database of its own, not %q", *name)
	}
	adminURL, dbURL, err := seedURLs(ctx, getenv, stdout, *name)
	if err != nil {
		return err
	}
	start := time.Now()
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	ident := pgx.Identifier{*name}.Sanitize()
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)")
	if err == nil {
		_, err = conn.Exec(ctx, "CREATE DATABASE "+ident)
	}
	conn.Close(ctx)
	if err != nil {
		return err
	}
	if err := postgres.Migrate(dbURL); err != nil {
		return err
	}
	pool, err := postgres.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := postgres.SeedLarge(ctx, pool, postgres.SeedLargeOptions{Demands: *demands, Log: stdout}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seed-large: %s ready in %.1fs: %s\n", *name, time.Since(start).Seconds(), dbURL)
	fmt.Fprintf(stdout, "seed-large: accounts bench-official, bench-admin, bench-dept, bench-ent (password %s)\n", postgres.BenchPassword)
	return nil
}

// seedURLs returns the URL of a maintenance database and of database name on the same server.
func seedURLs(ctx context.Context, getenv func(string) string, stdout io.Writer, name string) (admin, db string, err error) {
	if raw := getenv("DATABASE_URL"); raw != "" {
		u, err := url.Parse(raw)
		if err != nil {
			return "", "", fmt.Errorf("bad DATABASE_URL: %w", err)
		}
		u.Path = "/postgres"
		admin = u.String()
		u.Path = "/" + name
		return admin, u.String(), nil
	}
	c := localCluster(getenv, stdout)
	if err := c.Start(ctx, "postgres"); err != nil {
		return "", "", err
	}
	return c.URL("postgres"), c.URL(name), nil
}
