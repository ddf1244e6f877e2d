// Package localdb runs the project-local PostgreSQL cluster that `make run` and `make test` use
// when no DATABASE_URL is given. It is a development convenience: the cluster runs with fsync off
// and trust authentication on 127.0.0.1 only, and must never hold real data.
package localdb

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster describes a local cluster rooted in Dir (normally the project's .data folder).
type Cluster struct {
	Dir  string    // folder that holds the cluster's data directory and log
	Port int       // TCP port on 127.0.0.1
	Log  io.Writer // where progress and fallbacks are reported
}

// DefaultPort is the port of the local cluster; it is not PostgreSQL's 5432 so that a
// system-wide server on the same machine does not get in the way.
const DefaultPort = 54329

// URL returns the connection string of database name on the cluster.
func (c Cluster) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, name)
}

// Start creates the cluster if it does not exist yet, starts it if it is not running, and makes
// sure database name exists. It is safe to call from several processes at once.
func (c Cluster) Start(ctx context.Context, name string) error {
	bin, err := binDir(c.Log)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	unlock, err := lockFile(filepath.Join(c.Dir, "cluster.lock"))
	if err != nil {
		return err
	}
	defer unlock()

	pgdata, err := c.dataDir()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(pgdata, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(c.Log, "localdb: creating a PostgreSQL cluster in %s\n", pgdata)
		if err := c.runAsOwner(ctx, filepath.Join(bin, "initdb"), "-D", pgdata, "-U", "postgres",
			"--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
			return fmt.Errorf("initdb: %w", err)
		}
	}
	if !c.running(ctx, bin, pgdata) {
		if portBusy(c.Port) {
			return fmt.Errorf("localdb: port %d on 127.0.0.1 is already taken by another program; "+
				"stop it, choose another port with PORTAL_DB_PORT, or set DATABASE_URL to use an existing PostgreSQL server", c.Port)
		}
		opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "+
			"-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", c.Port)
		logFile := filepath.Join(filepath.Dir(pgdata), "postgres.log")
		if err := c.runAsOwner(ctx, filepath.Join(bin, "pg_ctl"), "-D", pgdata, "-l", logFile,
			"-o", opts, "-w", "-t", "30", "start"); err != nil {
			return fmt.Errorf("pg_ctl start (see %s): %w", logFile, err)
		}
	}
	return createDatabase(ctx, c.URL("postgres"), name)
}

// Stop stops the cluster if it is running.
func (c Cluster) Stop(ctx context.Context) error {
	bin, err := binDir(c.Log)
	if err != nil {
		return err
	}
	pgdata, err := c.dataDir()
	if err != nil {
		return err
	}
	if !c.running(ctx, bin, pgdata) {
		fmt.Fprintln(c.Log, "localdb: not running")
		return nil
	}
	return c.runAsOwner(ctx, filepath.Join(bin, "pg_ctl"), "-D", pgdata, "-m", "fast", "-w", "stop")
}

// dataDir picks the data directory: Dir/pg when the postgres user can reach it, otherwise a
// folder under /var/tmp named after Dir (a clone under a 0700 home directory is not reachable).
func (c Cluster) dataDir() (string, error) {
	abs, err := filepath.Abs(c.Dir)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return "", err
	}
	if os.Geteuid() != 0 {
		return filepath.Join(abs, "pg"), nil
	}
	if err := exec.Command("runuser", "-u", "postgres", "--", "test", "-x", abs).Run(); err == nil {
		if err := chownPostgres(abs); err != nil {
			return "", err
		}
		return filepath.Join(abs, "pg"), nil
	}
	sum := sha1.Sum([]byte(abs))
	alt := filepath.Join("/var/tmp", "breakfast-pg-"+hex.EncodeToString(sum[:6]))
	if err := os.MkdirAll(alt, 0o755); err != nil {
		return "", err
	}
	if err := chownPostgres(alt); err != nil {
		return "", err
	}
	note := filepath.Join(abs, "WHERE-IS-THE-CLUSTER.txt")
	if _, err := os.Stat(note); err != nil {
		fmt.Fprintf(c.Log, "localdb: the postgres user cannot enter %s (a parent folder is private), "+
			"so the cluster lives in %s instead\n", abs, alt)
		_ = os.WriteFile(note, []byte(alt+"\n"), 0o644)
	}
	return filepath.Join(alt, "pg"), nil
}

// runAsOwner runs a PostgreSQL program; as root it runs it as the postgres user, because
// initdb and pg_ctl refuse to run as root.
func (c Cluster) runAsOwner(ctx context.Context, prog string, args ...string) error {
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", "postgres", "--", prog}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, prog, args...)
	}
	cmd.Dir = "/"
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

func (c Cluster) running(ctx context.Context, bin, pgdata string) bool {
	if _, err := os.Stat(filepath.Join(pgdata, "postmaster.pid")); err != nil {
		return false
	}
	return c.runAsOwner(ctx, filepath.Join(bin, "pg_ctl"), "-D", pgdata, "status") == nil
}

// binDir finds the PostgreSQL server binaries, installing Debian's package when they are
// missing and we are root.
func binDir(log io.Writer) (string, error) {
	if dir, ok := findBinDir(); ok {
		return dir, nil
	}
	if os.Geteuid() != 0 {
		return "", errors.New("localdb: PostgreSQL server binaries not found; install them with " +
			"`sudo apt-get install -y postgresql`, or set DATABASE_URL to an existing server")
	}
	fmt.Fprintln(log, "localdb: PostgreSQL not found, installing Debian's postgresql package…")
	for _, args := range [][]string{{"update", "-qq"}, {"install", "-y", "-qq", "postgresql"}} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("localdb: apt-get %s: %w", args[0], err)
		}
	}
	if dir, ok := findBinDir(); ok {
		return dir, nil
	}
	return "", errors.New("localdb: postgresql was installed but initdb is still not found")
}

func findBinDir() (string, bool) {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dir := strings.TrimSpace(string(out))
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, true
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) == 0 {
		return "", false
	}
	// Highest version last in lexical order works for the two-digit versions Debian ships.
	return filepath.Dir(matches[len(matches)-1]), true
}

func chownPostgres(dir string) error {
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("localdb: no postgres user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(dir, uid, gid)
}

func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

func portBusy(port int) bool {
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), 300*time.Millisecond)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

func createDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	return err
}
