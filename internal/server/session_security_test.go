package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"

	"github.com/go-chi/chi/v5"
)

// securityReport counts the checks of the session and login tests; with RELIABILITY_REPORT_DIR
// set, the totals are written to sessions.json for docs/reliability.md.
var securityReport struct {
	sync.Mutex
	checks, failures int
	proven           []string
}

// check records one check of the security tests, failing t when ok is false.
func check(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	securityReport.Lock()
	securityReport.checks++
	if !ok {
		securityReport.failures++
	}
	securityReport.Unlock()
	if !ok {
		t.Errorf(format, args...)
	}
}

// proven names a property the session tests proved, for the report.
func proven(t *testing.T, what string) {
	t.Helper()
	if t.Failed() {
		return
	}
	securityReport.Lock()
	securityReport.proven = append(securityReport.proven, what)
	securityReport.Unlock()
}

func writeSecurityReport(t *testing.T) {
	dir := os.Getenv("RELIABILITY_REPORT_DIR")
	if dir == "" {
		return
	}
	securityReport.Lock()
	defer securityReport.Unlock()
	sort.Strings(securityReport.proven)
	data, _ := json.MarshalIndent(map[string]any{"checks": securityReport.checks, "failures": securityReport.failures,
		"proven": securityReport.proven}, "", "  ")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sessions.json"), append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sessionRows counts the stored sessions with token.
func sessionRows(t *testing.T, e *env, token string) int {
	t.Helper()
	return count(t, e, `SELECT count(*) FROM sessions WHERE token = $1`, token)
}

// withCookie returns a new client that presents only the session cookie token, as an attacker
// holding a copied cookie would.
func (e *env) withCookie(token string) *client {
	c := e.client()
	u, _ := url.Parse(e.ts.URL)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: "breakfast_session", Value: token, Path: "/"}})
	return c
}

// TestSessionSecurity proves the login and session properties of issue #10 item 3, one
// subtest each. It runs the subtests in order and writes the report at the end.
func TestSessionSecurity(t *testing.T) {
	e := newEnv(t)
	e.newAccount("admin1", portal.RoleAdmin)
	staff := e.newAccount("staff1", portal.RoleDepartment)
	e.newAccount("official1", portal.RoleOfficial)
	t.Cleanup(func() { writeSecurityReport(t) })

	t.Run("five failed logins lock the account with a message, and it recovers", func(t *testing.T) {
		c := e.client()
		for i := range 5 {
			res := c.post("/login", url.Values{"username": {"official1"}, "password": {fmt.Sprintf("guess-%d-pw", i)}})
			check(t, res.StatusCode == http.StatusUnauthorized, "failure %d: status %d", i+1, res.StatusCode)
		}
		res := c.post("/login", url.Values{"username": {"official1"}, "password": {testPassword}})
		check(t, res.StatusCode == http.StatusTooManyRequests, "locked: status %d", res.StatusCode)
		msg := res.text(t, "login-error")
		check(t, msg == i18n.Text(portal.LangZH, "login.throttled", 15), "lock message %q", msg)
		// Another address is locked out of this account too: the lock is per account.
		other := e.client()
		res = other.post("/login", url.Values{"username": {"OFFICIAL1"}, "password": {testPassword}})
		check(t, res.StatusCode == http.StatusTooManyRequests, "locked account from another client: %d", res.StatusCode)
		if _, err := e.pool.Exec(context.Background(), `UPDATE login_failures SET failed_at = failed_at - interval '16 minutes'`); err != nil {
			t.Fatal(err)
		}
		res = c.post("/login", url.Values{"username": {"official1"}, "password": {testPassword}})
		check(t, res.StatusCode == http.StatusSeeOther, "after the window: status %d", res.StatusCode)
		proven(t, "login throttling locks after 5 failures with a message and recovers after 15 minutes")
	})

	t.Run("login renews the session id and deletes the old session", func(t *testing.T) {
		c := e.client()
		c.get("/login?logged_out=1") // an anonymous session, as a fixation attacker would plant
		before := c.cookie("breakfast_session")
		check(t, before != "" && sessionRows(t, e, before) == 1, "no anonymous session stored")
		c.post("/login", url.Values{"username": {"staff1"}, "password": {testPassword}})
		after := c.cookie("breakfast_session")
		check(t, after != "" && after != before, "session id not renewed: %q → %q", before, after)
		check(t, sessionRows(t, e, before) == 0, "the pre-login session is still stored")
		res := e.withCookie(before).get("/")
		check(t, res.StatusCode == http.StatusSeeOther, "the planted session id is signed in: %d", res.StatusCode)
		proven(t, "session id renewed at login (no fixation)")
	})

	t.Run("a role change ends the account's sessions at once", func(t *testing.T) {
		victim := e.login("staff1")
		token := victim.cookie("breakfast_session")
		check(t, sessionRows(t, e, token) == 1, "session not stored")
		a := e.login("admin1")
		res := a.post("/admin/users/"+itoa(staff.ID), url.Values{"display_name": {"测试 staff1"}, "role": {"official"}})
		check(t, res.StatusCode == http.StatusSeeOther, "role change: %d", res.StatusCode)
		check(t, sessionRows(t, e, token) == 0, "the session row survived the role change")
		res = victim.get("/")
		check(t, res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login"),
			"old session still signed in after the role change: %d", res.StatusCode)
		// Logging in again gives the new role.
		home := e.login("staff1").get("/")
		check(t, strings.Contains(home.text(t, "current-user"), i18n.Text(portal.LangZH, "role.official")), "new role not shown: %q", home.text(t, "current-user"))
		proven(t, "a role change deletes the account's sessions")
	})

	t.Run("logout deletes the session", func(t *testing.T) {
		c := e.login("official1")
		token := c.cookie("breakfast_session")
		check(t, sessionRows(t, e, token) == 1, "session not stored")
		res := c.post("/logout", nil)
		check(t, res.StatusCode == http.StatusSeeOther, "logout: %d", res.StatusCode)
		check(t, sessionRows(t, e, token) == 0, "session row kept after logout")
		res = e.withCookie(token).get("/")
		check(t, res.StatusCode == http.StatusSeeOther, "a copied cookie works after logout: %d", res.StatusCode)
		res = e.withCookie(token).post("/account/password", url.Values{"old_password": {testPassword}, "new_password": {"takeover-123"}})
		check(t, res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login"),
			"a copied cookie can post after logout: %d", res.StatusCode)
		proven(t, "logout deletes the session row; a copied cookie is worthless afterwards")
	})

	t.Run("a session idle for two hours ends; one in use is not rewritten on every request", func(t *testing.T) {
		start := time.Now()
		e.srv.sessionNow = func() time.Time { return start }
		t.Cleanup(func() { e.srv.sessionNow = time.Now })
		c := e.login("official1")
		token := c.cookie("breakfast_session")
		rowVersion := func() string {
			var xmin string
			if err := e.pool.QueryRow(context.Background(), `SELECT xmin::text FROM sessions WHERE token = $1`, token).Scan(&xmin); err != nil {
				t.Fatal(err)
			}
			return xmin
		}
		wantStatus(t, c.get("/"), http.StatusOK) // shows (and so removes) the welcome message
		stored := rowVersion()
		for range 3 {
			wantStatus(t, c.get("/"), http.StatusOK)
		}
		check(t, rowVersion() == stored, "the session row was written by plain page views")
		// Still in use 1 h 59 min later: the time of use is stored again.
		e.srv.sessionNow = func() time.Time { return start.Add(119 * time.Minute) }
		wantStatus(t, c.get("/"), http.StatusOK)
		check(t, rowVersion() != stored, "the time of use was not stored after a minute")
		// Two hours and a minute after that use: signed out.
		e.srv.sessionNow = func() time.Time { return start.Add(119*time.Minute + 2*time.Hour + time.Minute) }
		res := c.get("/")
		check(t, res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login"),
			"an idle session still signed in: %d", res.StatusCode)
		proven(t, "a session ends after 2 hours without a request; page views do not rewrite it")
	})

	t.Run("disabling an account deletes its sessions and refuses logins", func(t *testing.T) {
		first, second := e.login("official1"), e.login("official1")
		tokens := []string{first.cookie("breakfast_session"), second.cookie("breakfast_session")}
		a := e.login("admin1")
		var id int64
		e.pool.QueryRow(context.Background(), `SELECT id FROM users WHERE username = 'official1'`).Scan(&id)
		res := a.post("/admin/users/"+itoa(id)+"/disable", nil)
		check(t, res.StatusCode == http.StatusSeeOther, "disable: %d", res.StatusCode)
		for i, tok := range tokens {
			check(t, sessionRows(t, e, tok) == 0, "session %d kept after disabling", i+1)
		}
		res = first.get("/meetings")
		check(t, res.StatusCode == http.StatusSeeOther, "a disabled account's session still works: %d", res.StatusCode)
		res = e.client().post("/login", url.Values{"username": {"official1"}, "password": {testPassword}})
		check(t, res.StatusCode == http.StatusUnauthorized && res.text(t, "login-error") == i18n.Text(portal.LangZH, "login.disabled"),
			"login of a disabled account: %d %q", res.StatusCode, res.text(t, "login-error"))
		check(t, a.cookie("breakfast_session") != "" && a.get("/admin/users").StatusCode == http.StatusOK, "the admin's own session ended")
		a.post("/admin/users/"+itoa(id)+"/enable", nil)
		proven(t, "disabling an account deletes all its sessions and refuses its logins")
	})

	t.Run("changing the password needs the old one", func(t *testing.T) {
		c := e.login("staff1")
		res := c.post("/account/password", url.Values{"old_password": {"not-the-old-1"}, "new_password": {"brand-new-2026"}})
		check(t, res.StatusCode == http.StatusUnprocessableEntity, "wrong old password: %d", res.StatusCode)
		check(t, res.text(t, "error-old_password") != "", "no message on the old password")
		res = c.post("/account/password", url.Values{"new_password": {"brand-new-2026"}})
		check(t, res.StatusCode == http.StatusUnprocessableEntity, "no old password: %d", res.StatusCode)
		res = e.client().post("/login", url.Values{"username": {"staff1"}, "password": {"brand-new-2026"}})
		check(t, res.StatusCode == http.StatusUnauthorized, "the password changed without the old one")
		other := e.login("staff1")
		before := c.cookie("breakfast_session")
		res = c.post("/account/password", url.Values{"old_password": {testPassword}, "new_password": {"brand-new-2026"}})
		check(t, res.StatusCode == http.StatusSeeOther, "right old password: %d", res.StatusCode)
		check(t, c.cookie("breakfast_session") != before && sessionRows(t, e, before) == 0, "session id not renewed on password change")
		check(t, other.get("/").StatusCode == http.StatusSeeOther, "other session survived the password change")
		proven(t, "a password change needs the old password, renews the session id and ends other sessions")
	})

	t.Run("cookies are HttpOnly and SameSite, and Secure when asked", func(t *testing.T) {
		for _, secure := range []bool{false, true} {
			pool, _ := pgtest.New(t)
			if _, err := postgres.NewUserStore(pool).Create(context.Background(), portal.UserInput{Username: "cookie1",
				DisplayName: "x", Role: portal.RoleOfficial, Password: testPassword}); err != nil {
				t.Fatal(err)
			}
			srv := New(slog.New(slog.NewTextHandler(io.Discard, nil)), pool, Options{SecureCookies: secure})
			ts := httptest.NewServer(srv.Handler())
			form := url.Values{"username": {"cookie1"}, "password": {testPassword}}
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			ts.Close()
			srv.Close()
			seen := map[string]bool{}
			for _, ck := range res.Cookies() {
				seen[ck.Name] = true
				check(t, ck.HttpOnly, "%s: not HttpOnly", ck.Name)
				check(t, ck.SameSite == http.SameSiteLaxMode || ck.SameSite == http.SameSiteStrictMode, "%s: SameSite %v", ck.Name, ck.SameSite)
				if ck.Name == "breakfast_session" {
					check(t, ck.Secure == secure, "session cookie Secure = %v with SecureCookies %v", ck.Secure, secure)
				}
			}
			check(t, seen["breakfast_session"] && seen["lang"], "cookies set: %v", seen)
		}
		proven(t, "session and language cookies are HttpOnly and SameSite=Lax; Secure behind TLS")
	})

	t.Run("the CSP allows no inline code, and pages need none", func(t *testing.T) {
		inlineScript := regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`)
		a := e.login("admin1")
		for _, path := range []string{"/login", "/", "/admin/users", "/admin/audit", "/no-such-page"} {
			c := a
			if path == "/login" {
				c = e.client()
			}
			res := c.get(path)
			csp := res.Header.Get("Content-Security-Policy")
			check(t, csp != "" && !strings.Contains(csp, "unsafe-inline") && !strings.Contains(csp, "unsafe-eval"), "%s: CSP %q", path, csp)
			check(t, strings.Contains(csp, "script-src 'self'") && strings.Contains(csp, "style-src 'self'") &&
				strings.Contains(csp, "frame-ancestors 'none'") && strings.Contains(csp, "form-action 'self'"), "%s: CSP %q", path, csp)
			check(t, res.Header.Get("X-Content-Type-Options") == "nosniff", "%s: no nosniff", path)
			check(t, !inlineScript.MatchString(res.body), "%s: inline script in the page", path)
			check(t, !strings.Contains(res.body, " style=") && !strings.Contains(res.body, "<style"), "%s: inline style in the page", path)
		}
		proven(t, "CSP without unsafe-inline or unsafe-eval on every page; pages carry no inline script or style")
	})

	t.Run("every route is GET or POST, and every POST refuses cross-origin requests", func(t *testing.T) {
		routes, ok := e.srv.Handler().(chi.Routes)
		if !ok {
			t.Fatal("the handler is not a chi router")
		}
		var posts []string
		err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
			check(t, method == http.MethodGet || method == http.MethodPost, "%s %s: only GET and POST routes may exist", method, route)
			if method == http.MethodPost {
				posts = append(posts, route)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		check(t, len(posts) > 40, "only %d POST routes found: the walk is broken", len(posts))
		param := regexp.MustCompile(`\{[^}]+\}`)
		a := e.login("admin1")
		before := count(t, e, `SELECT count(*) FROM audit_log`)
		want := i18n.Text(portal.LangZH, "error.cross_origin")
		for _, route := range posts {
			path := param.ReplaceAllString(strings.ReplaceAll(route, "/*", ""), "1")
			for _, headers := range [][]string{
				{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"},
				{"Origin", "https://evil.example"}, // an older browser: no Fetch metadata
			} {
				res := a.post(path, url.Values{"name": {"x"}, "version": {"1"}}, headers...)
				check(t, res.StatusCode == http.StatusForbidden && res.text(t, "error-page") != "" && strings.Contains(res.body, want),
					"cross-origin POST %s (%v): status %d", path, headers, res.StatusCode)
			}
		}
		check(t, count(t, e, `SELECT count(*) FROM audit_log`) == before, "a refused cross-origin POST changed something")
		// The same request from the portal's own pages goes through.
		res := a.post("/lang", url.Values{"lang": {"zh"}}, "Origin", e.ts.URL, "Sec-Fetch-Site", "same-origin")
		check(t, res.StatusCode == http.StatusSeeOther, "same-origin POST refused: %d", res.StatusCode)
		proven(t, fmt.Sprintf("all %d POST routes refuse cross-origin requests (Fetch metadata and Origin); no route takes PUT/PATCH/DELETE", len(posts)))
	})
}
