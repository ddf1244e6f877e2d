package crashtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"breakfast/internal/portal"

	"golang.org/x/crypto/bcrypt"
)

// password is the password of every account the tests make.
const password = "secret123"

var (
	buildOnce sync.Once
	buildDir  string
	builtBin  string
	buildErr  error
)

// TestMain lowers the password hashing cost of the accounts the tests make (the server checks
// a hash at the cost it was made with, so logins are fast too) and removes the binary it
// built, if it built one.
func TestMain(m *testing.M) {
	portal.PasswordCost = bcrypt.MinCost
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// portalBin returns the portal binary to run: $PORTAL_BIN, or one built once for this test
// process from the current source.
func portalBin(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PORTAL_BIN"); p != "" {
		return p
	}
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "crashtest-bin-"); buildErr != nil {
			return
		}
		builtBin = filepath.Join(buildDir, "portal")
		out, err := exec.Command("go", "build", "-o", builtBin, "breakfast/cmd/portal").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// freePort returns a TCP port on 127.0.0.1 that nobody listened on a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// portalProc is one run of the server binary.
type portalProc struct {
	t    *testing.T
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	log  string // the process's output
	done chan struct{}
}

// startPortal runs `portal serve` on 127.0.0.1:port against dbURL and waits until /healthz
// answers 200. The process is killed when the test ends, if it still runs.
func startPortal(t *testing.T, dbURL string, port int) *portalProc {
	t.Helper()
	p := &portalProc{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", port), done: make(chan struct{}),
		log: filepath.Join(t.TempDir(), "portal.log")}
	logFile, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(portalBin(t), "serve", "-addr", fmt.Sprintf("127.0.0.1:%d", port))
	p.cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	if err := p.cmd.Start(); err != nil {
		logFile.Close()
		t.Fatal(err)
	}
	go func() {
		_ = p.cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	t.Cleanup(p.kill)

	probe := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case <-p.done:
			t.Fatalf("the portal exited while starting:\n%s", p.output())
		default:
		}
		if res, err := probe.Get(p.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the portal did not answer /healthz within 20 s:\n%s", p.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill sends SIGKILL — no shutdown, no deferred work — and waits for the process to be gone.
func (p *portalProc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// output returns the end of the process's log, for failure messages.
func (p *portalProc) output() string {
	b, _ := os.ReadFile(p.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// newTransport is a connection pool for one run of the server: after a kill its kept-alive
// connections are dead, so the clients move to a fresh one.
func newTransport() *http.Transport {
	return &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: 30 * time.Second}
}

// client is a browser-like HTTP client: its own cookie jar, redirects not followed.
type client struct {
	base string
	http *http.Client
}

func newClient(base string, tr http.RoundTripper) *client {
	jar, _ := cookiejar.New(nil)
	return &client{base: base, http: &http.Client{Jar: jar, Transport: tr, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login signs in through the login form and fails the test unless it succeeds.
func (c *client) login(t *testing.T, username string) {
	t.Helper()
	res, err := c.send(context.Background(), http.MethodPost, "/login",
		"application/x-www-form-urlencoded", strings.NewReader(url.Values{"username": {username}, "password": {password}}.Encode()))
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	if res.status != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", username, res.status)
	}
}

// reply is what came back for one request.
type reply struct {
	status   int
	location string
	header   http.Header
	body     string
}

func (c *client) send(ctx context.Context, method, path, contentType string, body io.Reader) (reply, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return reply{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return reply{}, err
	}
	return reply{status: res.StatusCode, location: res.Header.Get("Location"), header: res.Header, body: string(b)}, nil
}

func (c *client) get(ctx context.Context, path string) (reply, error) {
	return c.send(ctx, http.MethodGet, path, "", nil)
}

func (c *client) postForm(ctx context.Context, path string, form url.Values) (reply, error) {
	return c.send(ctx, http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// postMultipart posts form as multipart/form-data with one file in the field "attachments", as
// the intake form's file input sends it.
func (c *client) postMultipart(ctx context.Context, path string, form url.Values, filename string, data []byte) (reply, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				return reply{}, err
			}
		}
	}
	fw, err := mw.CreateFormFile("attachments", filename)
	if err != nil {
		return reply{}, err
	}
	if _, err := fw.Write(data); err != nil {
		return reply{}, err
	}
	if err := mw.Close(); err != nil {
		return reply{}, err
	}
	return c.send(ctx, http.MethodPost, path, mw.FormDataContentType(), &body)
}

// writeReport saves figures as name in $RELIABILITY_REPORT_DIR, for docs/reliability.md; without
// the variable it does nothing.
func writeReport(t *testing.T, name string, figures any) {
	t.Helper()
	dir := os.Getenv("RELIABILITY_REPORT_DIR")
	if dir == "" {
		return
	}
	b, err := json.MarshalIndent(figures, "", "  ")
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name), append(b, '\n'), 0o644)
	}
	if err != nil {
		t.Errorf("writing %s: %v", name, err)
	}
}

// isConnError reports whether err is a transport error (no HTTP answer), as opposed to a
// test bug such as a malformed request.
func isConnError(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED)
}
