// Package e2e drives the real portal in Debian's headless Chromium (chromedp), the way a person
// would: through the real pages, forms and buttons.
package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
	"breakfast/internal/server"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5/pgxpool"
)

const password = "secret123"

// portalEnv is the portal on a fresh database, served on loopback.
type portalEnv struct {
	t    *testing.T
	pool *pgxpool.Pool
	url  string
}

func newPortal(t *testing.T) *portalEnv {
	t.Helper()
	pool, _ := pgtest.New(t)
	srv := server.New(slog.New(slog.NewTextHandler(io.Discard, nil)), pool, server.Options{})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	return &portalEnv{t: t, pool: pool, url: ts.URL}
}

func (p *portalEnv) account(username, name string, role portal.Role) {
	p.t.Helper()
	if _, err := postgres.NewUserStore(p.pool).Create(context.Background(),
		portal.UserInput{Username: username, DisplayName: name, Role: role, Password: password}); err != nil {
		p.t.Fatal(err)
	}
}

// browser starts a headless Chromium for t and returns a context to drive it.
func browser(t *testing.T) context.Context {
	t.Helper()
	execPath := "/usr/bin/chromium"
	if _, err := os.Stat(execPath); err != nil {
		path, err := exec.LookPath("chromium")
		if err != nil {
			t.Fatal("Chromium is not installed: `make test` installs it (apt-get install chromium)")
		}
		execPath = path
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// screenshot saves a full-page PNG under $E2E_SCREENSHOTS (when set), for a person to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("E2E_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	_ = os.MkdirAll(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}

// login signs in through the real login page.
func login(base, username string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`#f-username`)),
		chromedp.SendKeys(chromedp.CSS(`#f-username`), username),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), password),
		chromedp.Click(testID("login-submit")),
		chromedp.WaitVisible(testID("home-title")),
	)
}

// testID selects the element with the data-testid attribute id.
func testID(id string) chromedp.CSS {
	return chromedp.CSS(`[data-testid="` + id + `"]`)
}

// text returns the visible text of the element sel, failing the test when it cannot.
func text(t *testing.T, ctx context.Context, sel chromedp.CSS) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// do runs steps and fails the test on the first error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}
