package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"breakfast/internal/portal"

	"github.com/alexedwards/scs/v2"
)

func TestLogin(t *testing.T) {
	e := newEnv(t)
	e.newAccount("liuyang", portal.RoleOfficial)

	t.Run("wrong password keeps the username and says why", func(t *testing.T) {
		c := e.client()
		res := c.post("/login", url.Values{"username": {"liuyang"}, "password": {"wrong-pass1"}})
		wantStatus(t, res, http.StatusUnauthorized)
		if got := res.text(t, "login-error"); got != "用户名或密码不正确。" {
			t.Errorf("message = %q", got)
		}
		if v, _ := res.doc(t).Find("#f-username").Attr("value"); v != "liuyang" {
			t.Errorf("username field = %q, want it kept", v)
		}
		if strings.Contains(res.body, "wrong-pass1") {
			t.Error("the password was sent back in the page")
		}
	})

	t.Run("empty fields get messages beside them", func(t *testing.T) {
		res := e.client().post("/login", url.Values{"username": {""}, "password": {""}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		for _, f := range []string{"username", "password"} {
			if res.text(t, "error-"+f) != "此项必填。" {
				t.Errorf("no required message on %s", f)
			}
		}
	})

	t.Run("success renews the session id and shows the home page", func(t *testing.T) {
		c := e.client()
		c.get("/login?logged_out=1") // creates an anonymous session (it carries a flash)
		before := c.cookie("breakfast_session")
		if before == "" {
			t.Fatal("no anonymous session cookie")
		}
		res := c.post("/login", url.Values{"username": {"LiuYang"}, "password": {testPassword}, "next": {"/account/password"}})
		wantRedirect(t, res, "/account/password")
		after := c.cookie("breakfast_session")
		if after == "" || after == before {
			t.Fatalf("session id not renewed at login: %q → %q", before, after)
		}
		home := c.get("/")
		wantStatus(t, home, http.StatusOK)
		if got := home.text(t, "home-title"); got != "您好，测试 liuyang" {
			t.Errorf("home title = %q", got)
		}
		if got := home.text(t, "flash"); !strings.Contains(got, "欢迎回来") {
			t.Errorf("flash = %q", got)
		}
	})

	t.Run("next never leads off the site", func(t *testing.T) {
		res := e.client().post("/login", url.Values{"username": {"liuyang"}, "password": {testPassword}, "next": {"//evil.example/x"}})
		wantRedirect(t, res, "/")
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("redirect to %q", loc)
		}
	})

	t.Run("session cookie is HttpOnly and SameSite", func(t *testing.T) {
		res := e.client().post("/login", url.Values{"username": {"liuyang"}, "password": {testPassword}})
		var found bool
		for _, ck := range res.Cookies() {
			if ck.Name == "breakfast_session" {
				found = true
				if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
					t.Errorf("cookie flags: HttpOnly=%v SameSite=%v", ck.HttpOnly, ck.SameSite)
				}
			}
		}
		if !found {
			t.Error("no session cookie set")
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	e := newEnv(t)
	e.newAccount("wangwei", portal.RoleOfficial)
	c := e.client()
	for i := 0; i < 5; i++ {
		wantStatus(t, c.post("/login", url.Values{"username": {"wangwei"}, "password": {"guess12345"}}), http.StatusUnauthorized)
	}
	// Locked now, even with the right password.
	res := c.post("/login", url.Values{"username": {"wangwei"}, "password": {testPassword}})
	wantStatus(t, res, http.StatusTooManyRequests)
	if got := res.text(t, "login-error"); !strings.Contains(got, "登录失败次数过多") || !strings.Contains(got, "15 分钟") {
		t.Errorf("throttle message = %q", got)
	}
	// Once the failures are older than the window the account recovers.
	if _, err := e.pool.Exec(context.Background(), `UPDATE login_failures SET failed_at = failed_at - interval '16 minutes'`); err != nil {
		t.Fatal(err)
	}
	wantRedirect(t, c.post("/login", url.Values{"username": {"wangwei"}, "password": {testPassword}}), "/")

	t.Run("per address", func(t *testing.T) {
		c := e.client()
		for i := 0; i < 20; i++ {
			c.post("/login", url.Values{"username": {"nobody" + string(rune('a'+i))}, "password": {"guess12345"}})
		}
		wantStatus(t, c.post("/login", url.Values{"username": {"wangwei"}, "password": {testPassword}}), http.StatusTooManyRequests)
	})
}

func TestLogout(t *testing.T) {
	e := newEnv(t)
	e.newAccount("chenjing", portal.RoleOfficial)
	c := e.login("chenjing")
	wantStatus(t, c.get("/"), http.StatusOK)
	wantRedirect(t, c.post("/logout", nil), "/login?logged_out=1")
	wantRedirect(t, c.get("/"), "/login")
	res := c.get("/login?logged_out=1")
	if got := res.text(t, "flash"); got != "您已安全退出。" {
		t.Errorf("flash = %q", got)
	}
}

func TestSessionsEnd(t *testing.T) {
	e := newEnv(t)
	admin := e.newAccount("admin1", portal.RoleAdmin)
	target := e.newAccount("zhaomin", portal.RoleDepartment)
	_ = admin

	t.Run("disabling an account ends its sessions", func(t *testing.T) {
		victim := e.login("zhaomin")
		wantStatus(t, victim.get("/"), http.StatusOK)
		a := e.login("admin1")
		wantRedirect(t, a.post("/admin/users/"+itoa(target.ID)+"/disable", nil), "/admin/users")
		wantRedirect(t, victim.get("/"), "/login")
		res := e.client().post("/login", url.Values{"username": {"zhaomin"}, "password": {testPassword}})
		wantStatus(t, res, http.StatusUnauthorized)
		if got := res.text(t, "login-error"); !strings.Contains(got, "停用") {
			t.Errorf("message = %q", got)
		}
		wantRedirect(t, a.post("/admin/users/"+itoa(target.ID)+"/enable", nil), "/admin/users")
	})

	t.Run("changing the password needs the old one and ends other sessions", func(t *testing.T) {
		other := e.login("zhaomin")
		c := e.login("zhaomin")
		res := c.post("/account/password", url.Values{"old_password": {"not-it-123"}, "new_password": {"newpass456"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "error-old_password"); got != "当前密码不正确。" {
			t.Errorf("old password message = %q", got)
		}
		res = c.post("/account/password", url.Values{"old_password": {testPassword}, "new_password": {"short"}})
		if got := res.text(t, "error-new_password"); got != "密码至少需要 8 位。" {
			t.Errorf("new password message = %q", got)
		}
		wantRedirect(t, c.post("/account/password", url.Values{"old_password": {testPassword}, "new_password": {"newpass456"}}), "/")
		wantStatus(t, c.get("/"), http.StatusOK)  // this session goes on
		wantRedirect(t, other.get("/"), "/login") // the other one ended
		res = e.client().post("/login", url.Values{"username": {"zhaomin"}, "password": {"newpass456"}})
		wantRedirect(t, res, "/")
	})
}

func TestRoleGuards(t *testing.T) {
	e := newEnv(t)
	for _, r := range portal.Roles {
		e.newAccount("u-"+string(r), r)
	}
	cases := []struct {
		name   string
		role   portal.Role // empty: anonymous
		path   string
		status int
	}{
		{"anonymous to home", "", "/", http.StatusSeeOther},
		{"anonymous to admin", "", "/admin/users", http.StatusSeeOther},
		{"official to admin", portal.RoleOfficial, "/admin/users", http.StatusForbidden},
		{"department to admin", portal.RoleDepartment, "/admin/users/new", http.StatusForbidden},
		{"entrepreneur to admin", portal.RoleEntrepreneur, "/admin/users/print", http.StatusForbidden},
		{"admin to admin", portal.RoleAdmin, "/admin/users", http.StatusOK},
		{"entrepreneur to home", portal.RoleEntrepreneur, "/", http.StatusOK},
		{"department to password", portal.RoleDepartment, "/account/password", http.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := e.client()
			if tc.role != "" {
				c = e.login("u-" + string(tc.role))
			}
			res := c.get(tc.path)
			wantStatus(t, res, tc.status)
			if tc.status == http.StatusSeeOther && !strings.HasPrefix(res.Header.Get("Location"), "/login") {
				t.Errorf("anonymous sent to %q", res.Header.Get("Location"))
			}
			if tc.status == http.StatusForbidden && res.text(t, "error-page") == "" {
				t.Error("403 without the error page")
			}
		})
	}
	t.Run("anonymous POST to an admin action changes nothing", func(t *testing.T) {
		res := e.client().post("/admin/users/new", url.Values{"username": {"sneaky"}, "display_name": {"x"}, "role": {"admin"}, "password": {"abc12345"}})
		wantRedirect(t, res, "/login")
		var n int
		e.pool.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE username = 'sneaky'`).Scan(&n)
		if n != 0 {
			t.Error("account created by an anonymous request")
		}
	})
}

// TestLoginThrottleBehindAProxy: behind a trusted reverse proxy every request comes from the
// proxy's address, so the throttle and the audit log take the client's from X-Forwarded-For;
// one address's failures then lock out that address only. Without the proxy trusted, the
// header is ignored, so it cannot be used to dodge the throttle.
func TestLoginThrottleBehindAProxy(t *testing.T) {
	e := newEnvWith(t, Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	e.newAccount("lina", portal.RoleOfficial)
	attacker, colleague := e.client(), e.client()
	for i := 0; i < 20; i++ {
		attacker.post("/login", url.Values{"username": {"guess" + strconv.Itoa(i)}, "password": {"guess12345"}},
			"X-Forwarded-For", "198.51.100.66")
	}
	wantStatus(t, attacker.post("/login", url.Values{"username": {"lina"}, "password": {testPassword}},
		"X-Forwarded-For", "198.51.100.66"), http.StatusTooManyRequests)
	wantRedirect(t, colleague.post("/login", url.Values{"username": {"lina"}, "password": {testPassword}},
		"X-Forwarded-For", "198.51.100.7"), "/")
	logins := e.auditRows(portal.AuditLogin)
	if len(logins) != 1 || logins[0].ip != "198.51.100.7" {
		t.Errorf("the login is recorded from %+v", logins)
	}

	t.Run("untrusted peer", func(t *testing.T) {
		e := newEnv(t)
		e.newAccount("lina", portal.RoleOfficial)
		c := e.client()
		for i := 0; i < 20; i++ {
			c.post("/login", url.Values{"username": {"guess" + strconv.Itoa(i)}, "password": {"guess12345"}},
				"X-Forwarded-For", "198.51.100."+strconv.Itoa(i))
		}
		wantStatus(t, c.post("/login", url.Values{"username": {"lina"}, "password": {testPassword}},
			"X-Forwarded-For", "198.51.100.99"), http.StatusTooManyRequests)
	})
}

func TestClientAddress(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("::1/128")}
	tests := []struct {
		name, peer string
		forwarded  []string
		trusted    []netip.Prefix
		want       string
	}{
		{"no proxy trusted", "203.0.113.9:5000", []string{"198.51.100.7"}, nil, "203.0.113.9"},
		{"an untrusted peer", "203.0.113.9:5000", []string{"198.51.100.7"}, proxies, "203.0.113.9"},
		{"one proxy", "127.0.0.1:5000", []string{"198.51.100.7"}, proxies, "198.51.100.7"},
		{"a made-up first hop", "127.0.0.1:5000", []string{"6.6.6.6, 198.51.100.7"}, proxies, "198.51.100.7"},
		{"two proxies", "127.0.0.1:5000", []string{"198.51.100.7, 10.0.0.3"}, proxies, "198.51.100.7"},
		{"two headers", "127.0.0.1:5000", []string{"198.51.100.7", "10.0.0.3"}, proxies, "198.51.100.7"},
		{"no header", "127.0.0.1:5000", nil, proxies, "127.0.0.1"},
		{"garbage", "127.0.0.1:5000", []string{"198.51.100.7, not-an-address"}, proxies, "127.0.0.1"},
		{"only proxies", "127.0.0.1:5000", []string{"10.0.0.4, 10.0.0.3"}, proxies, "10.0.0.4"},
		{"IPv6", "[::1]:5000", []string{"2001:db8::7"}, proxies, "2001:db8::7"},
		{"IPv4 in IPv6", "127.0.0.1:5000", []string{"::ffff:198.51.100.7"}, proxies, "198.51.100.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/login", nil)
			r.RemoteAddr = tt.peer
			for _, v := range tt.forwarded {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := clientAddress(r, tt.trusted); got != tt.want {
				t.Errorf("clientAddress = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestSiteURLScheme: links that leave the page use https behind TLS: the request's own TLS, the
// secure-cookie setting, or a trusted proxy's X-Forwarded-Proto; anyone else's is ignored.
func TestSiteURLScheme(t *testing.T) {
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	tests := []struct {
		name    string
		peer    string
		proto   string
		trusted []netip.Prefix
		secure  bool
		want    string
	}{
		{"plain", "127.0.0.1:5000", "", loopback, false, "http://portal.example.cn"},
		{"trusted proxy over TLS", "127.0.0.1:5000", "https", loopback, false, "https://portal.example.cn"},
		{"untrusted header", "203.0.113.9:5000", "https", loopback, false, "http://portal.example.cn"},
		{"secure cookies", "203.0.113.9:5000", "", nil, true, "https://portal.example.cn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Server{sessions: scs.New(), trustedProxies: tt.trusted}
			s.sessions.Cookie.Secure = tt.secure
			r := httptest.NewRequest(http.MethodGet, "http://portal.example.cn/my/meetings/1", nil)
			r.RemoteAddr = tt.peer
			if tt.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			if got := siteURL(r, s); got != tt.want {
				t.Errorf("siteURL = %s, want %s", got, tt.want)
			}
		})
	}
}
