// Command bench measures the portal's most used pages under load (`make bench`).
//
// For each database of -dbs (made by `portal seed-large`), it starts the portal binary on a free
// loopback port against that database, logs in as the benchmark accounts, and drives every
// page with wrk for -duration. In the same run it measures three ceilings on the same machine: a
// trivial handler of the same binary (a small static file: no database, no session), a
// signed-in page that reads nothing but the session and the user (the floor of every page
// below), and `pgbench -S` (select-only) with the same connections and duration. It then measures the
// server's peak memory (VmHWM) while it streams a demand export of about -export-rows rows as
// .xlsx and as CSV, each on a freshly started server. The results go to -out as a Markdown
// table; the previous results in that file move to its history section.
//
//	go run ./cmd/bench -server postgres://postgres@127.0.0.1:54329/postgres
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type config struct {
	portal     string
	server     string // URL of any database on the PostgreSQL server
	dbs        []string
	duration   time.Duration
	conns      int
	threads    int
	exportRows int
	out        string
	note       string
}

// page is one measured URL.
type page struct {
	name string
	role string // whose session: official, dept, ent
	path string
	post bool // the demand submission
	read bool // held to the pgbench ratio target
	// ceiling marks a page measured as a bound on the others, not as a page people use: it is
	// shown with its ratio to pgbench -S but held to no target.
	ceiling bool
	limit   time.Duration
}

// result is one wrk run.
type result struct {
	first     time.Duration // the first request, on a freshly started server (nothing kept)
	rps       float64
	p50, p99  time.Duration
	errors    int // non-2xx/3xx responses and socket errors
	requests  int
	transfers string
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var c config
	var dbs string
	fs.StringVar(&c.portal, "portal", "bin/portal", "the portal binary")
	fs.StringVar(&c.server, "server", "", "URL of a database on the PostgreSQL server holding the bench databases")
	fs.StringVar(&dbs, "dbs", "breakfast_10k,breakfast_large", "databases to measure, small first (seed them with portal seed-large)")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "how long each page is driven")
	fs.IntVar(&c.conns, "connections", 16, "wrk connections and pgbench clients")
	fs.IntVar(&c.threads, "threads", 2, "wrk threads and pgbench jobs")
	fs.IntVar(&c.exportRows, "export-rows", 100_000, "rows of the measured export (about)")
	fs.StringVar(&c.out, "out", "bench/results.md", "where the results go")
	fs.StringVar(&c.note, "note", "", "a remark printed with the results (e.g. other work running)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.server == "" {
		return errors.New("-server is required (make bench passes the local cluster's URL)")
	}
	c.dbs = strings.Split(dbs, ",")
	for _, tool := range []string{"wrk", c.portal} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not found: %w", tool, err)
		}
	}
	started := time.Now()
	load := loadAverage()

	fmt.Fprintln(stdout, "bench: pgbench -S ceiling")
	pg, err := pgbenchTPS(ctx, c)
	if err != nil {
		return fmt.Errorf("pgbench: %w", err)
	}
	fmt.Fprintf(stdout, "bench: pgbench -S %.0f TPS\n", pg)

	runs, err := measureDBs(ctx, c, stdout)
	if err != nil {
		return err
	}
	var exports []exportRun
	for _, ext := range []string{"xlsx", "csv"} {
		e, err := measureExport(ctx, c, c.dbs[len(c.dbs)-1], ext, stdout)
		if err != nil {
			return fmt.Errorf("export %s: %w", ext, err)
		}
		exports = append(exports, e)
	}
	report := render(c, started, load, pg, runs, exports)
	fmt.Fprintln(stdout, report)
	return writeResults(c.out, report)
}

// dbRun is every page measured against one database.
type dbRun struct {
	db      string
	sizes   string
	pages   []page
	results map[string]result
	noop    result
}

func dbURL(server, name string) string {
	u, err := url.Parse(server)
	if err != nil {
		return server
	}
	u.Path = "/" + name
	return u.String()
}

// fixtures finds the ids the page URLs need in database db.
func fixtures(ctx context.Context, url string) (map[string]string, string, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, "", err
	}
	defer conn.Close(ctx)
	f := map[string]string{}
	var meeting, demand, category, dept int64
	var deepAt time.Time
	var deepID int64
	var n, events, enterprises, attendees, meetings int64
	steps := []struct {
		sql  string
		dest []any
	}{
		{`SELECT count(*), (SELECT count(*) FROM enterprises), (SELECT count(*) FROM meetings), (SELECT count(*) FROM attendees),
			(SELECT count(*) FROM demand_events) FROM demands`, []any{&n, &enterprises, &meetings, &attendees, &events}},
		// The held meeting with the most attendees, the newest of them.
		{`SELECT meeting_id FROM attendees GROUP BY meeting_id ORDER BY count(*) DESC, meeting_id DESC LIMIT 1`, []any{&meeting}},
		// A closed demand with a full timeline.
		{`SELECT id FROM demands WHERE status = 'closed' ORDER BY id DESC LIMIT 1`, []any{&demand}},
		{`SELECT id FROM demand_categories WHERE code = 'approvals'`, []any{&category}},
		{`SELECT department_id FROM users WHERE username = 'bench-dept'`, []any{&dept}},
	}
	for _, s := range steps {
		if err := conn.QueryRow(ctx, s.sql).Scan(s.dest...); err != nil {
			return nil, "", fmt.Errorf("%s: %w", s.sql, err)
		}
	}
	// The deep page: the cursor of the row nine tenths down the list (OFFSET once, here only).
	if err := conn.QueryRow(ctx, `SELECT created_at, id FROM demands ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`,
		n*9/10).Scan(&deepAt, &deepID); err != nil {
		return nil, "", err
	}
	f["meeting"] = strconv.FormatInt(meeting, 10)
	f["demand"] = strconv.FormatInt(demand, 10)
	f["category"] = strconv.FormatInt(category, 10)
	f["dept"] = strconv.FormatInt(dept, 10)
	// The list's cursor format (postgres.encodeCursor): base64url of "id:created_at".
	f["deep"] = base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(deepID, 10) + ":" + deepAt.UTC().Format(time.RFC3339Nano)))
	sizes := fmt.Sprintf("%d demands, %d timeline rows, %d enterprises, %d meetings, %d attendees", n, events, enterprises, meetings, attendees)
	return f, sizes, nil
}

func pagesFor(f map[string]string) []page {
	return []page{
		// The password form reads the session and the signed-in user and renders a small form:
		// what every signed-in page costs before it reads anything of its own.
		{name: "signed-in page, nothing else read", role: "official", path: "/account/password", ceiling: true},
		{name: "meeting list", role: "official", path: "/meetings", read: true},
		{name: "meeting with attendees", role: "official", path: "/meetings/" + f["meeting"], read: true},
		{name: "demand list", role: "official", path: "/demands", read: true},
		// Closed demands of one category: a full page at both sizes (in_progress fills only 23
		// rows at 10,000 demands), so the cost growth compares the same work.
		{name: "demand list, 2 filters", role: "official", path: "/demands?status=closed&category=" + f["category"], read: true},
		{name: "demand list, deep page", role: "official", path: "/demands?after=" + f["deep"], read: true},
		{name: "demand with timeline", role: "official", path: "/demands/" + f["demand"], read: true},
		{name: "department inbox", role: "dept", path: "/inbox", read: true},
		{name: "dashboard", role: "official", path: "/dashboard", read: true, limit: 50 * time.Millisecond},
		{name: "attendee list print page", role: "official", path: "/meetings/" + f["meeting"] + "/print/list", read: true},
		{name: "demand submission (POST)", role: "ent", path: "/my/demands/new", post: true},
	}
}

// server is a running portal.
type server struct {
	cmd  *exec.Cmd
	base string
	log  *os.File
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func startServer(ctx context.Context, c config, db string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logFile, err := os.CreateTemp("", "bench-portal-*.log")
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(c.portal, "serve", "-addr", addr)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL(c.server, db))
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, log: logFile}
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(s.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			s.stop()
			return nil, fmt.Errorf("the portal did not start; see %s", logFile.Name())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
	s.log.Close()
	os.Remove(s.log.Name())
}

// login returns the session cookie of username.
func (s *server) login(username string) (string, error) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(s.base+"/login", url.Values{"username": {username}, "password": {"bench-pass-2026"}})
	if err != nil {
		return "", err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("login %s: status %d (was the database made by portal seed-large?)", username, res.StatusCode)
	}
	for _, ck := range res.Cookies() {
		if ck.Name == "breakfast_session" {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", fmt.Errorf("login %s: no session cookie", username)
}

// vmHWM is the peak resident memory of the process, from /proc.
func vmHWM(pid int) (int64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, errors.New("no VmHWM")
}

// dbServer is a running portal on one of the measured databases, signed in as each role.
type dbServer struct {
	url     string
	fix     map[string]string
	server  *server
	cookies map[string]string
}

// measureDBs measures every page on every database, taking the databases in turn for each
// page (10k, 1M, then the next page) with a server running on each: a change in the machine's
// speed during the run (other work, a neighbour on the host) then weighs on both sizes of a page
// alike instead of showing as cost growth.
func measureDBs(ctx context.Context, c config, stdout io.Writer) ([]dbRun, error) {
	runs := make([]dbRun, len(c.dbs))
	servers := make([]dbServer, len(c.dbs))
	defer func() {
		for _, d := range servers {
			if d.server != nil {
				d.server.stop()
			}
		}
	}()
	for i, db := range c.dbs {
		d := &servers[i]
		d.url = dbURL(c.server, db)
		f, sizes, err := fixtures(ctx, d.url)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", db, err)
		}
		d.fix = f
		runs[i] = dbRun{db: db, sizes: sizes, pages: pagesFor(f), results: map[string]result{}}
		if d.server, err = startServer(ctx, c, db); err != nil {
			return nil, fmt.Errorf("%s: %w", db, err)
		}
		d.cookies = map[string]string{}
		for role, user := range map[string]string{"official": "bench-official", "dept": "bench-dept", "ent": "bench-ent"} {
			if d.cookies[role], err = d.server.login(user); err != nil {
				return nil, fmt.Errorf("%s: %w", db, err)
			}
		}
		fmt.Fprintf(stdout, "bench: %s (%s)\n", db, sizes)
	}
	for i := range runs {
		var err error
		if runs[i].noop, err = wrk(ctx, c, servers[i].server.base+"/static/print.css", "", "", nil); err != nil {
			return nil, err
		}
		fmt.Fprintf(stdout, "  %-16s %-28s %8.0f req/s  p50 %-8s p99 %s\n", runs[i].db, "trivial handler",
			runs[i].noop.rps, runs[i].noop.p50, runs[i].noop.p99)
	}
	for n := range runs[0].pages {
		for i := range runs {
			p := runs[i].pages[n]
			res, err := measurePage(ctx, c, servers[i], p)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", runs[i].db, p.name, err)
			}
			runs[i].results[p.name] = res
			fmt.Fprintf(stdout, "  %-16s %-28s %8.0f req/s  p50 %-8s p99 %-8s errors %d\n", runs[i].db, p.name,
				res.rps, res.p50, res.p99, res.errors)
		}
	}
	return runs, nil
}

// measurePage drives one page of d with wrk. A read page gets one request first: a page that
// fails is an error, not a fast benchmark, and that request's time is the cost with nothing
// kept by the server (the dashboard's figures).
func measurePage(ctx context.Context, c config, d dbServer, p page) (result, error) {
	if p.post {
		res, err := wrk(ctx, c, d.server.base+p.path, d.cookies[p.role], submissionScript(d.fix["category"]), nil)
		if err == nil {
			err = removeSubmissions(ctx, d.url)
		}
		return res, err
	}
	first, err := check(d.server.base+p.path, d.cookies[p.role])
	if err != nil {
		return result{}, err
	}
	res, err := wrk(ctx, c, d.server.base+p.path, d.cookies[p.role], "", nil)
	res.first = first
	return res, err
}

func check(u, cookie string) (time.Duration, error) {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Cookie", cookie)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	t0 := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: status %d", u, res.StatusCode)
	}
	return time.Since(t0), nil
}

// removeSubmissions deletes the demands the submission benchmark made (their submit tokens
// start with "bench-"), so the data set stays the size it was seeded with from run to run,
// and vacuums the tables they touched at once: otherwise autovacuum (every 0.5 % of demands
// changed, migration 000019) would work through a million rows, throttled, for minutes while
// the next pages or the next run are measured.
func removeSubmissions(ctx context.Context, url string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err = conn.Exec(ctx, `DELETE FROM demands WHERE submit_token LIKE 'bench-%'`); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, `VACUUM (ANALYZE) demands, demand_events, demand_co_departments, notifications, notification_outbox, audit_log`)
	return err
}

// submissionScript is the wrk script posting a new demand of bench-ent, each with its own
// submit token (the same token twice is one demand). Plain forms carry no Origin or
// Sec-Fetch-Site header, which http.CrossOriginProtection lets through as a non-browser
// request; the session cookie is the credential.
func submissionScript(category string) string {
	form := url.Values{"category_id": {category}, "title": {"基准测试：新建厂房用电增容"},
		"description":      {"公司新增两条生产线，现有用电容量不足，高峰时段多次跳闸，希望协调供电公司增容。"},
		"expected_outcome": {"年底前完成增容送电。"}}
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	return `local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
function request()
  counter = counter + 1
  local body = "` + form.Encode() + `&submit_token=bench-` + run + `-" .. tid .. "-" .. counter
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie}, body)
end
`
}

var (
	reRPS     = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	reLat     = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$`)
	reNon2xx  = regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`)
	reSocket  = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	reTotal   = regexp.MustCompile(`(\d+) requests in`)
	reTransfr = regexp.MustCompile(`Transfer/sec:\s+(\S+)`)
)

// parseDuration reads one of wrk's latencies ("33.16", "ms"), to the microsecond: 33.16 ms in
// float64 nanoseconds is 33159999.99…, which printed as 33.159999ms.
func parseDuration(v, unit string) time.Duration {
	f, _ := strconv.ParseFloat(v, 64)
	scale := float64(time.Second)
	switch unit {
	case "us":
		scale = float64(time.Microsecond)
	case "ms":
		scale = float64(time.Millisecond)
	}
	return time.Duration(math.Round(f*scale/float64(time.Microsecond))) * time.Microsecond
}

// wrk drives u for the configured duration; script, when set, is a wrk Lua script that sees
// the cookie as the global "cookie".
func wrk(ctx context.Context, c config, u, cookie, script string, _ []string) (result, error) {
	args := []string{"-t", strconv.Itoa(c.threads), "-c", strconv.Itoa(c.conns), "-d", c.duration.String(), "--latency",
		"--timeout", "10s"}
	if script != "" {
		dir, err := os.MkdirTemp("", "bench-wrk")
		if err != nil {
			return result{}, err
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "script.lua")
		if err := os.WriteFile(path, []byte("cookie = "+strconv.Quote(cookie)+"\n"+script), 0o644); err != nil {
			return result{}, err
		}
		args = append(args, "-s", path)
	} else if cookie != "" {
		args = append(args, "-H", "Cookie: "+cookie)
	}
	args = append(args, u)
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, "wrk", args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("wrk: %w\n%s", err, out.String())
	}
	text := out.String()
	var r result
	m := reRPS.FindStringSubmatch(text)
	if m == nil {
		return r, fmt.Errorf("wrk output not understood:\n%s", text)
	}
	r.rps, _ = strconv.ParseFloat(m[1], 64)
	for _, m := range reLat.FindAllStringSubmatch(text, -1) {
		if m[1] == "50" {
			r.p50 = parseDuration(m[2], m[3])
		} else {
			r.p99 = parseDuration(m[2], m[3])
		}
	}
	if m := reNon2xx.FindStringSubmatch(text); m != nil {
		r.errors, _ = strconv.Atoi(m[1])
	}
	if m := reSocket.FindStringSubmatch(text); m != nil {
		for _, v := range m[1:] {
			n, _ := strconv.Atoi(v)
			r.errors += n
		}
	}
	if m := reTotal.FindStringSubmatch(text); m != nil {
		r.requests, _ = strconv.Atoi(m[1])
	}
	if m := reTransfr.FindStringSubmatch(text); m != nil {
		r.transfers = m[1]
	}
	return r, nil
}

// pgbenchTPS initialises a scratch pgbench database and runs the select-only script with the
// same clients, threads and duration as wrk.
func pgbenchTPS(ctx context.Context, c config) (float64, error) {
	u, err := url.Parse(c.server)
	if err != nil {
		return 0, err
	}
	conn, err := pgx.Connect(ctx, c.server)
	if err != nil {
		return 0, err
	}
	_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS bench_pgbench WITH (FORCE)`)
	if err == nil {
		_, err = conn.Exec(ctx, `CREATE DATABASE bench_pgbench`)
	}
	conn.Close(ctx)
	if err != nil {
		return 0, err
	}
	bin := "pgbench"
	if _, err := exec.LookPath(bin); err != nil {
		bin = "/usr/lib/postgresql/15/bin/pgbench"
	}
	conn2 := []string{"-h", u.Hostname(), "-p", u.Port(), "-U", u.User.Username()}
	init := exec.CommandContext(ctx, bin, append(append([]string{"-i", "-q", "-s", "10"}, conn2...), "bench_pgbench")...)
	if out, err := init.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("pgbench -i: %w\n%s", err, out)
	}
	args := append([]string{"-S", "-n", "-c", strconv.Itoa(c.conns), "-j", strconv.Itoa(c.threads), "-T",
		strconv.Itoa(int(c.duration.Seconds()))}, conn2...)
	out, err := exec.CommandContext(ctx, bin, append(args, "bench_pgbench")...).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("pgbench -S: %w\n%s", err, out)
	}
	m := regexp.MustCompile(`tps = ([\d.]+)`).FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("pgbench output not understood:\n%s", out)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

// exportRun is the memory of one export.
type exportRun struct {
	ext        string
	filter     string
	rows       int64
	bytes      int64
	seconds    float64
	idle, peak int64 // VmHWM before and after the export
}

func measureExport(ctx context.Context, c config, db, ext string, stdout io.Writer) (exportRun, error) {
	e := exportRun{ext: ext}
	conn, err := pgx.Connect(ctx, dbURL(c.server, db))
	if err != nil {
		return e, err
	}
	// The category with the fewest demands at or above the wanted number of rows (or the
	// largest one in a smaller data set).
	var category int64
	err = conn.QueryRow(ctx, `SELECT category_id, count(*) FROM demands GROUP BY 1
		ORDER BY count(*) < $1, CASE WHEN count(*) >= $1 THEN count(*) ELSE -count(*) END, 1 LIMIT 1`,
		c.exportRows).Scan(&category, &e.rows)
	conn.Close(ctx)
	if err != nil {
		return e, err
	}
	e.filter = "category=" + strconv.FormatInt(category, 10)
	s, err := startServer(ctx, c, db)
	if err != nil {
		return e, err
	}
	defer s.stop()
	cookie, err := s.login("bench-official")
	if err != nil {
		return e, err
	}
	if e.idle, err = vmHWM(s.cmd.Process.Pid); err != nil {
		return e, err
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/demands/export."+ext+"?"+e.filter, nil)
	req.Header.Set("Cookie", cookie)
	t0 := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return e, err
	}
	e.bytes, err = io.Copy(io.Discard, bufio.NewReader(res.Body))
	res.Body.Close()
	if err != nil {
		return e, err
	}
	if res.StatusCode != http.StatusOK {
		return e, fmt.Errorf("export: status %d", res.StatusCode)
	}
	e.seconds = time.Since(t0).Seconds()
	if e.peak, err = vmHWM(s.cmd.Process.Pid); err != nil {
		return e, err
	}
	fmt.Fprintf(stdout, "bench: export .%s of %d rows: %.1f MB in %.1fs, peak RSS %.1f MB (%.1f MB before)\n", ext, e.rows,
		float64(e.bytes)/1e6, e.seconds, mb(e.peak), mb(e.idle))
	return e, nil
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// lat is a latency of res, or "none" when no request completed within the run.
func lat(res result, d time.Duration) string {
	if res.requests == 0 {
		return "none completed"
	}
	return ms(d)
}

func firstOf(res result) string {
	if res.first == 0 {
		return "—"
	}
	return ms(res.first)
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

// render is the Markdown report of one run.
func render(c config, started time.Time, load string, pg float64, runs []dbRun, exports []exportRun) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("## Run of %s\n\n", started.Format("2006-01-02 15:04 MST"))
	w("Machine: %d cores (runtime.NumCPU), %s; load average at the start %s. wrk `-t%d -c%d -d%s` per page on loopback; "+
		"`pgbench -S -c%d -j%d -T%d` (scale 10) as the database ceiling. Took %s.\n\n",
		runtime.NumCPU(), runtime.Version(), load, c.threads, c.conns, c.duration, c.conns, c.threads, int(c.duration.Seconds()),
		time.Since(started).Round(time.Second))
	if c.note != "" {
		w("Note: %s\n\n", c.note)
	}
	w("pgbench -S: **%.0f TPS**. *First request* is one request before the load, on a freshly started server: "+
		"nothing kept yet (the dashboard computes its figures; later requests use them until the data changes).\n\n", pg)
	for _, r := range runs {
		w("### %s: %s\n\n", r.db, r.sizes)
		w("| page | req/s | p50 | p99 | ÷ pgbench -S | errors | first request |\n|---|---:|---:|---:|---:|---:|---:|\n")
		w("| trivial handler (static file) | %.0f | %s | %s | %.2f | %d | — |\n", r.noop.rps, lat(r.noop, r.noop.p50),
			lat(r.noop, r.noop.p99), r.noop.rps/pg, r.noop.errors)
		for _, p := range r.pages {
			res := r.results[p.name]
			w("| %s `%s` | %.0f | %s | %s | %.2f | %d | %s |\n", p.name, shorten(p.path), res.rps, lat(res, res.p50),
				lat(res, res.p99), res.rps/pg, res.errors, firstOf(res))
		}
		w("\n")
	}
	if len(runs) >= 2 {
		small, large := runs[0], runs[len(runs)-1]
		w("### Targets: %s against %s\n\n", large.db, small.db)
		w("Cost growth is the time a request takes at the large size over the time at the small size "+
			"(req/s %s ÷ req/s %s); the target is ≤ 1.2. Read pages should reach ≥ 0.5 × pgbench -S.\n\n", small.db, large.db)
		w("| page | req/s %s | req/s %s | cost growth | ≥ 0.5 × pgbench | ≤ 1.2× | p99 target |\n|---|---:|---:|---:|:-:|:-:|:-:|\n",
			small.db, large.db)
		for _, p := range large.pages {
			s, l := small.results[p.name], large.results[p.name]
			growth := s.rps / l.rps
			ratio := "—"
			if p.ceiling {
				ratio = fmt.Sprintf("ceiling %.2f", l.rps/pg)
			}
			if p.read {
				ratio = mark(l.rps >= 0.5*pg) + fmt.Sprintf(" %.2f", l.rps/pg)
			}
			limit := "—"
			if p.limit > 0 {
				limit = mark(l.requests > 0 && l.p99 <= p.limit) + " " + lat(l, l.p99) + " ≤ " + ms(p.limit)
			}
			w("| %s | %.0f | %.0f | %.2f | %s | %s | %s |\n", p.name, s.rps, l.rps, growth, ratio, mark(growth <= 1.2), limit)
		}
		w("\n")
	}
	w("### Export memory (%s)\n\n| export | filter | rows | size | time | peak RSS (VmHWM) | RSS before | target |\n|---|---|---:|---:|---:|---:|---:|:-:|\n",
		c.dbs[len(c.dbs)-1])
	for _, e := range exports {
		limit := 100.0
		if e.ext == "csv" {
			limit = 30
		}
		w("| .%s | `%s` | %d | %.1f MB | %.1f s | %.1f MB | %.1f MB | %s < %.0f MB |\n", e.ext, e.filter, e.rows, float64(e.bytes)/1e6,
			e.seconds, mb(e.peak), mb(e.idle), mark(mb(e.peak) < limit), limit)
	}
	w("\n")
	return b.String()
}

func shorten(p string) string {
	if len(p) > 48 {
		return p[:45] + "…"
	}
	return p
}

const historyMarker = "<!-- history: earlier runs below, newest first -->"

// writeResults writes report as the latest run of path, moving the run it replaces to the
// history section.
func writeResults(path, report string) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	head, history := string(old), ""
	if i := strings.Index(head, historyMarker); i >= 0 {
		head, history = head[:i], head[i+len(historyMarker):]
	}
	if i := strings.Index(head, "## Run of "); i >= 0 {
		history = "\n" + strings.TrimSpace(strings.Replace(head[i:], "## Run of ", "## Earlier run of ", 1)) + "\n" + history
	}
	intro := "# Benchmark results\n\n`make bench` writes this file (cmd/bench): the latest run first, earlier runs after it. " +
		"See the README's Performance section for what is measured and the targets.\n\n"
	if i := strings.Index(head, "## Run of "); i > 0 {
		intro = head[:i] // keep notes written above the runs
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(intro+report+historyMarker+"\n"+strings.TrimLeft(history, "\n")), 0o644)
}
