package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"breakfast/internal/portal"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t)
	e.newAccount("admin1", portal.RoleAdmin)
	c := e.login("admin1")
	form := url.Values{"username": {"planted"}, "display_name": {"x"}, "role": {"admin"}, "password": {"abc12345"}}
	res := c.post("/admin/users/new", form, "Sec-Fetch-Site", "cross-site")
	wantStatus(t, res, http.StatusForbidden)
	if !strings.Contains(res.text(t, "error-page"), "其他网站") {
		t.Errorf("page: %q", res.text(t, "error-page"))
	}
	res = c.post("/admin/users/new", form, "Origin", "https://evil.example")
	wantStatus(t, res, http.StatusForbidden)
	var n int
	e.pool.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE username = 'planted'`).Scan(&n)
	if n != 0 {
		t.Fatal("a cross-origin POST created an account")
	}
	// The same request from the site itself goes through.
	wantRedirect(t, c.post("/admin/users/new", form, "Sec-Fetch-Site", "same-origin"), "/admin/users")
}

func TestErrorPages(t *testing.T) {
	e := newEnv(t)
	t.Run("404", func(t *testing.T) {
		res := e.client().get("/no/such/page")
		wantStatus(t, res, http.StatusNotFound)
		if got := res.doc(t).Find("h1").Text(); got != "页面不存在" {
			t.Errorf("h1 = %q", got)
		}
	})
	t.Run("405", func(t *testing.T) {
		res := e.client().post("/healthz", nil)
		if res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("status %d", res.StatusCode)
		}
	})
	t.Run("500 on a panic, with a reference and no internals", func(t *testing.T) {
		h := middlewareChain(e.srv, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
			panic("secret internal detail")
		}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom", nil))
		if rec.Code != http.StatusInternalServerError {
			t.Fatalf("status %d", rec.Code)
		}
		body := rec.Body.String()
		if strings.Contains(body, "secret internal detail") {
			t.Error("panic text shown to the user")
		}
		if !strings.Contains(body, "系统出现内部错误") || !strings.Contains(body, `data-testid="error-page"`) {
			t.Errorf("not the 500 page: %.300s", body)
		}
	})
	t.Run("bad id is 404, not 500", func(t *testing.T) {
		e.newAccount("admin1", portal.RoleAdmin)
		c := e.login("admin1")
		for _, p := range []string{"/admin/users/abc", "/admin/users/-1", "/admin/users/99999999999999999999", "/admin/users/424242"} {
			wantStatus(t, c.get(p), http.StatusNotFound)
		}
	})
}

// middlewareChain wraps h in the server's outer middleware, as routes does.
func middlewareChain(s *Server, h http.Handler) http.Handler {
	return s.logRequests(s.recoverPanic(securityHeaders(h)))
}

func TestHealthz(t *testing.T) {
	e := newEnv(t)
	res := e.client().get("/healthz")
	wantStatus(t, res, http.StatusOK)
	if res.body != "ok\n" {
		t.Errorf("body %q", res.body)
	}

	// With the database gone, healthz says so.
	pool := e.pool
	srv := New(slog.New(slog.NewTextHandler(io.Discard, nil)), pool, Options{})
	defer srv.Close()
	pool.Close()
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("healthz with a closed pool: %d", rec.Code)
	}
}

func TestSecurityHeadersAndStatic(t *testing.T) {
	e := newEnv(t)
	res := e.client().get("/login")
	h := res.Header
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"} {
		if h.Get(k) != v {
			t.Errorf("%s = %q", k, h.Get(k))
		}
	}
	if strings.Contains(res.body, "<script>") || strings.Contains(res.body, " style=") {
		t.Error("inline script or style in a page")
	}
	href, _ := res.doc(t).Find(`link[rel="stylesheet"]`).Attr("href")
	css := e.client().get(href)
	wantStatus(t, css, http.StatusOK)
	if cc := css.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("versioned asset Cache-Control = %q", cc)
	}
	if !strings.Contains(css.Header.Get("Content-Type"), "text/css") {
		t.Errorf("css Content-Type %q", css.Header.Get("Content-Type"))
	}
}

func TestBodyLimit(t *testing.T) {
	e := newEnv(t)
	big := strings.Repeat("x", maxBodyBytes+10)
	res := e.client().post("/login", url.Values{"username": {big}, "password": {"p"}})
	wantStatus(t, res, http.StatusRequestEntityTooLarge)
}

func TestLanguages(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)

	c := e.client()
	if got := c.get("/login").doc(t).Find("h1").Text(); got != "登录" {
		t.Errorf("default language h1 = %q", got)
	}
	wantRedirect(t, c.post("/lang", url.Values{"back": {"/login"}}), "/login")
	doc := c.get("/login").doc(t)
	if got := doc.Find("h1").Text(); got != "Log in" {
		t.Errorf("English h1 = %q", got)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "en" {
		t.Errorf("html lang = %q", lang)
	}

	// The choice is remembered on the account and follows it to another browser.
	u := e.login("official1")
	wantRedirect(t, u.post("/lang", url.Values{"lang": {"en"}, "back": {"/"}}), "/")
	other := e.login("official1")
	if got := other.get("/").text(t, "home-title"); got != "Hello, 测试 official1" {
		t.Errorf("home title in English = %q", got)
	}
	wantRedirect(t, other.post("/lang", url.Values{"back": {"https://evil.example"}}), "/")
	if got := other.get("/").text(t, "home-title"); got != "您好，测试 official1" {
		t.Errorf("switched back: %q", got)
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/admin/users?x=1":     "/admin/users?x=1",
		"":                     "/",
		"//evil.example":       "/",
		"/\\evil.example":      "/",
		"https://evil.example": "/",
		"javascript:alert(1)":  "/",
	} {
		if got := localPath(in, "/"); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoggedPathHidesFeedTokens(t *testing.T) {
	if got := loggedPath("/calendar/s3cr3t-token.ics"); strings.Contains(got, "s3cr3t") {
		t.Errorf("logged %q", got)
	}
	if got := loggedPath("/meetings/3"); got != "/meetings/3" {
		t.Errorf("logged %q", got)
	}
}
