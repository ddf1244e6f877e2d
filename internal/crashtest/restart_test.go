package crashtest

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"breakfast/internal/localdb"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
)

// recoveryLimit is how soon after PostgreSQL is back the portal must answer pages again.
const recoveryLimit = 5 * time.Second

// sample is one request of the load and its answer.
type sample struct {
	path       string
	sent, got  time.Time
	status     int // 0: no HTTP answer
	retryAfter string
	body       string
}

// restartFigures are the restart test's results, for docs/reliability.md.
type restartFigures struct {
	Requests         int   `json:"requests"`
	Unavailable      int   `json:"503s"`
	ServerErrors     int   `json:"500s"`
	OutageMillis     int64 `json:"outage_ms"`
	RecoveredAfterMs int64 `json:"recovered_after_ms"`
}

// TestRestartPostgresUnderLoad runs the real server binary on a PostgreSQL cluster of its own,
// keeps signed-in users loading pages, stops PostgreSQL, and starts it again. While the
// database is gone every page is the friendly 503 page (never a 500, never error text); once
// it is back the portal answers 200 again by itself within 5 s, sessions included.
func TestRestartPostgresUnderLoad(t *testing.T) {
	ctx := context.Background()
	// A cluster of its own: the shared test cluster must not be stopped. Its folder must be
	// one the postgres user can enter when the tests run as root (t.TempDir's parent is 0700).
	dir, err := os.MkdirTemp("", "breakfast-restart-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cluster := localdb.Cluster{Dir: dir, Port: freePort(t), Log: io.Discard}
	t.Cleanup(func() {
		if err := cluster.Stop(context.Background()); err != nil {
			t.Logf("stopping the test cluster: %v", err)
		}
		_ = os.RemoveAll(dir)
	})
	if err := cluster.Start(ctx, "breakfast"); err != nil {
		t.Fatalf("starting a PostgreSQL cluster of the test's own: %v", err)
	}
	dbURL := cluster.URL("breakfast")
	if err := postgres.Migrate(dbURL); err != nil {
		t.Fatal(err)
	}
	pool, err := postgres.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	users := postgres.NewUserStore(pool)
	var enterprise int64
	if err := pool.QueryRow(ctx, `INSERT INTO enterprises (name, uscc, scale, status)
		VALUES ('星途新能源汽车', $1, 'above', 'verified') RETURNING id`, postgres.DemoUSCC(7001)).Scan(&enterprise); err != nil {
		t.Fatal(err)
	}
	for _, in := range []portal.UserInput{
		{Username: "restart-official", DisplayName: "值班干部", Role: portal.RoleOfficial, Password: password},
		{Username: "restart-ent", DisplayName: "企业家", Role: portal.RoleEntrepreneur, Password: password, EnterpriseID: &enterprise},
	} {
		if _, err := users.Create(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	pool.Close()

	proc := startPortal(t, dbURL, freePort(t))
	tr := newTransport()
	official, entrepreneur := newClient(proc.base, tr), newClient(proc.base, tr)
	official.login(t, "restart-official")
	entrepreneur.login(t, "restart-ent")

	// Four signed-in users load pages that read the database (and their session from it),
	// one request every 20 ms each, until stop.
	var (
		mu      sync.Mutex
		samples []sample
		wg      sync.WaitGroup
	)
	stop := make(chan struct{})
	for _, u := range []struct {
		c    *client
		path string
	}{{official, "/meetings"}, {official, "/enterprises"}, {entrepreneur, "/my/demands"}, {entrepreneur, "/my/enterprise"}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				s := sample{path: u.path, sent: time.Now()}
				if r, err := u.c.get(ctx, u.path); err == nil {
					s.status, s.retryAfter, s.body = r.status, r.header.Get("Retry-After"), r.body
				}
				s.got = time.Now()
				mu.Lock()
				samples = append(samples, s)
				mu.Unlock()
			}
		}()
	}
	snapshot := func() []sample {
		mu.Lock()
		defer mu.Unlock()
		return append([]sample(nil), samples...)
	}

	time.Sleep(time.Second)
	stopping := time.Now()
	if err := cluster.Stop(ctx); err != nil {
		t.Fatalf("pg_ctl stop: %v", err)
	}
	stopped := time.Now()
	time.Sleep(1500 * time.Millisecond)
	restarting := time.Now()
	if err := cluster.Start(ctx, "breakfast"); err != nil {
		t.Fatalf("starting PostgreSQL again: %v", err)
	}
	back := time.Now()

	// Recovered: the first page answered 200 after PostgreSQL is back.
	var recovered time.Time
	for deadline := back.Add(recoveryLimit + time.Second); time.Now().Before(deadline) && recovered.IsZero(); {
		time.Sleep(50 * time.Millisecond)
		for _, s := range snapshot() {
			if s.sent.After(back) && s.status == http.StatusOK {
				recovered = s.got
				break
			}
		}
	}
	time.Sleep(time.Second) // and a second more of load after recovery
	close(stop)
	wg.Wait()

	figures := restartFigures{Requests: len(samples), OutageMillis: back.Sub(stopping).Milliseconds()}
	for _, s := range samples {
		switch {
		case s.got.Before(stopping): // before the outage: all well
			if s.status != http.StatusOK {
				t.Errorf("GET %s before the outage: status %d", s.path, s.status)
			}
		case s.sent.After(stopped) && s.got.Before(restarting): // the database is gone
			if s.status != http.StatusServiceUnavailable {
				t.Errorf("GET %s while the database is down: status %d, want 503", s.path, s.status)
			}
		case !recovered.IsZero() && s.sent.After(recovered): // after recovery: all well again
			if s.status != http.StatusOK {
				t.Errorf("GET %s after recovery: status %d", s.path, s.status)
			}
		}
		switch s.status {
		case http.StatusServiceUnavailable:
			figures.Unavailable++
			checkUnavailablePage(t, s)
		case http.StatusOK:
		case 0:
			t.Errorf("GET %s at %s: no answer", s.path, s.sent.Sub(stopping).Round(time.Millisecond))
		default:
			figures.ServerErrors++
			t.Errorf("GET %s at %s (outage from 0 to %s): status %d:\n%.400s", s.path,
				s.sent.Sub(stopping).Round(time.Millisecond), back.Sub(stopping).Round(time.Millisecond), s.status, s.body)
		}
	}
	if figures.Unavailable == 0 {
		t.Error("no 503 answer while the database was down")
	}
	if recovered.IsZero() {
		t.Fatalf("no page answered 200 within %s of PostgreSQL being back", recoveryLimit+time.Second)
	}
	figures.RecoveredAfterMs = recovered.Sub(back).Milliseconds()
	if d := recovered.Sub(back); d > recoveryLimit {
		t.Errorf("recovered %s after PostgreSQL was back, want within %s", d, recoveryLimit)
	}
	t.Logf("stop took %s, start %s; figures: %+v", stopped.Sub(stopping).Round(time.Millisecond),
		back.Sub(restarting).Round(time.Millisecond), figures)
	writeReport(t, "restart.json", figures)
}

// checkUnavailablePage checks that a 503 is the friendly error page: the message in Chinese
// (the users' language), a Retry-After, and no error text of the database driver.
func checkUnavailablePage(t *testing.T, s sample) {
	t.Helper()
	if !strings.Contains(s.body, `data-testid="error-page"`) || !strings.Contains(s.body, "服务暂不可用") ||
		!strings.Contains(s.body, "系统暂时无法访问数据库") {
		t.Errorf("GET %s: the 503 is not the friendly page:\n%.400s", s.path, s.body)
	}
	for _, leak := range []string{"SQLSTATE", "dial tcp", "pgconn", "pgx", "connection refused", "goroutine"} {
		if strings.Contains(s.body, leak) {
			t.Errorf("GET %s: the 503 page shows %q", s.path, leak)
		}
	}
	if s.retryAfter == "" {
		t.Errorf("GET %s: 503 without Retry-After", s.path)
	}
}
