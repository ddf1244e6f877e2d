// Command portal serves the breakfast-meeting portal and runs its maintenance tasks.
//
//	portal [serve] [-addr :8080] [-demo]   serve the portal (the default)
//	portal migrate                         apply the database migrations
//	portal demo                            load the demo data set (idempotent)
//	portal user create -username U -name N -role R [-department ID]   (password on stdin)
//	portal db start|stop|url               manage the project-local PostgreSQL cluster
//	portal backup [-o FILE]                pg_dump the database to backups/breakfast-….dump
//	portal restore FILE                    put a backup back (replaces what is there)
//	portal seed-large [-demands N] [-db NAME]   create NAME with the benchmark data set
//
// Without DATABASE_URL the portal uses a project-local PostgreSQL cluster under .data/.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"breakfast/internal/localdb"
	"breakfast/internal/notify"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/server"

	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

// run is the whole program; main only supplies the process's context, arguments and streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout)
	case "migrate":
		_, url, err := database(ctx, getenv, stdout)
		if err != nil {
			return err
		}
		return postgres.Migrate(url)
	case "demo":
		pool, _, err := openMigrated(ctx, getenv, stdout)
		if err != nil {
			return err
		}
		defer pool.Close()
		return postgres.LoadDemo(ctx, pool)
	case "user":
		return userCommand(ctx, args, getenv, stdin, stdout)
	case "db":
		return dbCommand(ctx, args, getenv, stdout)
	case "backup":
		return backupCommand(ctx, args, getenv, stdout)
	case "restore":
		return restoreCommand(ctx, args, getenv, stdout)
	case "seed-large":
		return seedLargeCommand(ctx, args, getenv, stdout)
	default:
		return fmt.Errorf("unknown command %q (serve, migrate, demo, user, db, seed-large, backup, restore)", cmd)
	}
}

func localCluster(getenv func(string) string, log io.Writer) localdb.Cluster {
	dir := getenv("PORTAL_DATA_DIR")
	if dir == "" {
		dir = ".data"
	}
	port := localdb.DefaultPort
	if p, err := strconv.Atoi(getenv("PORTAL_DB_PORT")); err == nil && p > 0 {
		port = p
	}
	return localdb.Cluster{Dir: dir, Port: port, Log: log}
}

// database returns the URL of the database to use: DATABASE_URL, or the local cluster's
// "breakfast" database, started on demand.
func database(ctx context.Context, getenv func(string) string, stdout io.Writer) (local bool, url string, err error) {
	if url := getenv("DATABASE_URL"); url != "" {
		return false, url, nil
	}
	c := localCluster(getenv, stdout)
	if err := c.Start(ctx, "breakfast"); err != nil {
		return true, "", err
	}
	return true, c.URL("breakfast"), nil
}

func openMigrated(ctx context.Context, getenv func(string) string, stdout io.Writer) (*pgxpool.Pool, bool, error) {
	local, url, err := database(ctx, getenv, stdout)
	if err != nil {
		return nil, false, err
	}
	if err := postgres.Migrate(url); err != nil {
		return nil, false, err
	}
	pool, err := postgres.Open(ctx, url)
	return pool, local, err
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", envOr(getenv, "ADDR", ":8080"), "listen address")
	demo := fs.Bool("demo", false, "load the demo data set before serving")
	secure := fs.Bool("secure-cookies", getenv("SECURE_COOKIES") == "1", "mark cookies Secure (behind TLS)")
	proxies := fs.String("trusted-proxies", getenv("TRUSTED_PROXIES"),
		"comma-separated addresses or CIDR ranges of the reverse proxies in front of the portal, whose X-Forwarded-For is believed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	trusted, err := parseProxies(*proxies)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stdout, nil))

	pool, local, err := openMigrated(ctx, getenv, stdout)
	if err != nil {
		return err
	}
	defer pool.Close()
	if *demo {
		if err := postgres.LoadDemo(ctx, pool); err != nil {
			return err
		}
	}

	mailer, mailNote, err := notificationMailer(getenv, log)
	if err != nil {
		return err
	}
	reminder := time.Duration(0)
	if h, err := strconv.Atoi(getenv("REMINDER_HOURS")); err == nil && h > 0 {
		reminder = time.Duration(h) * time.Hour
	}
	site := getenv("BASE_URL")
	if site == "" {
		site = "http://" + localHost(*addr)
	}
	srv := server.New(log, pool, server.Options{SecureCookies: *secure, Mailer: mailer, SiteURL: site, ReminderLead: reminder,
		TrustedProxies: trusted})
	defer srv.Close()
	httpServer := &http.Server{
		Addr:              *addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute, // exports of large lists take a while
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- httpServer.ListenAndServe() }()

	if err := printBanner(ctx, stdout, pool, *addr, local, *demo); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "  %s\n\n", mailNote)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if local {
		fmt.Fprintln(stdout, "The local database keeps running; `make db-stop` stops it.")
	}
	return nil
}

// parseProxies reads -trusted-proxies: addresses (10.0.0.5) or ranges (10.0.0.0/24), separated
// by commas.
func parseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if a, err := netip.ParseAddr(f); err == nil {
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxies: %q is neither an address nor a CIDR range", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// notificationMailer returns the mailer of the notification e-mails: SMTP when SMTP_URL is set,
// otherwise the server log; the note says which, for the banner.
func notificationMailer(getenv func(string) string, log *slog.Logger) (notify.Mailer, string, error) {
	raw := getenv("SMTP_URL")
	if raw == "" {
		return notify.LogMailer{Log: log}, "mail: SMTP_URL is not set, so notification e-mails are written to the server log", nil
	}
	m, err := notify.ParseSMTPURL(raw)
	if err != nil {
		return nil, "", err
	}
	return m, "mail: notification e-mails go through " + m.String(), nil
}

// localHost is the host:port a browser on this machine uses for the listen address addr.
func localHost(addr string) string {
	if strings.HasPrefix(addr, ":") {
		return "localhost" + addr
	}
	return addr
}

func printBanner(ctx context.Context, stdout io.Writer, pool *pgxpool.Pool, addr string, local, demo bool) error {
	host := addr
	if strings.HasPrefix(host, ":") {
		host = "localhost" + host
	}
	fmt.Fprintf(stdout, "\n  政企早餐会 portal: http://%s\n", host)
	if local {
		fmt.Fprintln(stdout, "  database: project-local PostgreSQL cluster under .data/ (dev settings, fsync off)")
	}
	if demo {
		accounts, err := postgres.DemoAccounts(ctx, pool)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "  demo accounts (password %s):\n", postgres.DemoPassword)
		for _, a := range accounts {
			fmt.Fprintf(stdout, "    %-18s %-13s %s\n", a.Username, a.Role, a.DisplayName)
		}
	}
	fmt.Fprintln(stdout, "  Ctrl-C stops the server.")
	fmt.Fprintln(stdout)
	return nil
}

func userCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: portal user create -username U -name N -role R [-department ID] (password on stdin)")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	username := fs.String("username", "", "login name")
	name := fs.String("name", "", "display name")
	role := fs.String("role", "admin", "admin, official, department or entrepreneur")
	department := fs.Int64("department", 0, "department id (department staff only)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	fmt.Fprint(stdout, "Password: ")
	password, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	fmt.Fprintln(stdout)
	in := portal.UserInput{Username: *username, DisplayName: *name, Role: portal.Role(*role),
		Password: strings.TrimRight(password, "\r\n")}
	if *department != 0 {
		in.DepartmentID = department
	}
	pool, _, err := openMigrated(ctx, getenv, stdout)
	if err != nil {
		return err
	}
	defer pool.Close()
	u, err := postgres.NewUserStore(pool).Create(ctx, in)
	if err != nil {
		var appErr *portal.Error
		if errors.As(err, &appErr) && len(appErr.Fields) > 0 {
			return fmt.Errorf("invalid input: %v", appErr.Fields)
		}
		return err
	}
	fmt.Fprintf(stdout, "created %s (%s), id %d\n", u.Username, u.Role, u.ID)
	return nil
}

func dbCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: portal db start [NAME] | stop | url [NAME]")
	}
	c := localCluster(getenv, os.Stderr)
	name := "breakfast"
	if len(args) > 1 {
		name = args[1]
	}
	switch args[0] {
	case "start":
		if err := c.Start(ctx, name); err != nil {
			return err
		}
		fmt.Fprintln(stdout, c.URL(name))
		return nil
	case "stop":
		return c.Stop(ctx)
	case "url":
		fmt.Fprintln(stdout, c.URL(name))
		return nil
	default:
		return fmt.Errorf("unknown db command %q", args[0])
	}
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}
