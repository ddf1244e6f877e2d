package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"breakfast/internal/localdb"
)

// backupCommand writes a pg_dump custom-format archive of the database (DATABASE_URL, or the
// local cluster's) to -o, by default backups/breakfast-YYYYmmdd-HHMMSS.dump. The file is
// readable by its owner only: it holds every enterprise's data. A failed dump leaves no file.
func backupCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	out := fs.String("o", "", "output file (default backups/breakfast-YYYYmmdd-HHMMSS.dump)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join("backups", "breakfast-"+time.Now().Format("20060102-150405")+".dump")
	}
	_, url, err := database(ctx, getenv, stdout)
	if err != nil {
		return err
	}
	pgDump, err := localdb.Program("pg_dump")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o700); err != nil {
		return err
	}
	tmp := *out + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // a no-op once renamed
	cmd := exec.CommandContext(ctx, pgDump, "--format=custom", "--compress=6", "--dbname="+libpqURL(url))
	cmd.Stdout = f
	var stderr strings.Builder
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	closeErr := f.Close()
	if runErr != nil {
		return fmt.Errorf("pg_dump: %w: %s", runErr, strings.TrimSpace(stderr.String()))
	}
	if closeErr != nil {
		return closeErr
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	info, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written: %s (%d KiB)\n", *out, (info.Size()+1023)/1024)
	return nil
}

// restoreCommand puts a backup made by backupCommand back into the database (DATABASE_URL, or
// the local cluster's): what is there is dropped first and the whole restore is one
// transaction, so it either completes or leaves the database as it was.
func restoreCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return errors.New("usage: portal restore FILE (a backup made by `portal backup`)")
	}
	file := args[0]
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	_, url, err := database(ctx, getenv, stdout)
	if err != nil {
		return err
	}
	pgRestore, err := localdb.Program("pg_restore")
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, pgRestore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
		"--single-transaction", "--exit-on-error", "--dbname="+libpqURL(url), file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_restore: %w: %s", err, strings.TrimSpace(string(out)))
	}
	fmt.Fprintf(stdout, "restored %s\n", file)
	return nil
}

// libpqURL drops the connection parameters only pgx understands (pool settings), which
// pg_dump and pg_restore would refuse.
func libpqURL(url string) string {
	base, query, ok := strings.Cut(url, "?")
	if !ok {
		return url
	}
	var keep []string
	for _, kv := range strings.Split(query, "&") {
		if !strings.HasPrefix(kv, "pool_") {
			keep = append(keep, kv)
		}
	}
	if len(keep) == 0 {
		return base
	}
	return base + "?" + strings.Join(keep, "&")
}
