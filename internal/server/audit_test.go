package server

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"

	"github.com/PuerkitoBio/goquery"
)

// auditRow is what a test reads back of one audit row.
type auditRow struct {
	username, role, action, objectType, objectID, ip string
	status                                           int
	detail                                           map[string]string
}

// auditRows returns the audit rows of action, oldest first.
func (e *env) auditRows(action string) []auditRow {
	e.t.Helper()
	rows, err := e.pool.Query(context.Background(), `SELECT username, role, action, object_type, object_id, ip, status, detail
		FROM audit_log WHERE action = $1 ORDER BY id`, action)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var list []auditRow
	for rows.Next() {
		var a auditRow
		if err := rows.Scan(&a.username, &a.role, &a.action, &a.objectType, &a.objectID, &a.ip, &a.status, &a.detail); err != nil {
			e.t.Fatal(err)
		}
		list = append(list, a)
	}
	return list
}

func TestAuditRecordsChangesExportsAndPrints(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.newAccount("admin1", portal.RoleAdmin)
	c := e.login("official1")

	t.Run("logins are recorded, failed ones with the name typed and no password", func(t *testing.T) {
		logins := e.auditRows(portal.AuditLogin)
		if len(logins) != 1 || logins[0].username != "official1" || logins[0].role != "official" || logins[0].ip != "127.0.0.1" {
			t.Fatalf("login rows: %+v", logins)
		}
		wantStatus(t, e.client().post("/login", url.Values{"username": {"Official1"}, "password": {"wrong-guess-9"}}), http.StatusUnauthorized)
		failed := e.auditRows(portal.AuditLoginFailed)
		if len(failed) != 1 || failed[0].username != "official1" || failed[0].detail["reason"] != "login.failed" || failed[0].status != 401 {
			t.Fatalf("failed login rows: %+v", failed)
		}
		if n := count(t, e, `SELECT count(*) FROM audit_log WHERE detail::text LIKE '%wrong-guess%'`); n != 0 {
			t.Error("a typed password reached the audit log")
		}
	})

	t.Run("a state change leaves one row with who, what, which object and the form", func(t *testing.T) {
		pending := e.enterprise("待审企业", portal.EnterprisePending)
		wantRedirect(t, c.post("/enterprises/"+itoa(pending)+"/verify", url.Values{"back": {"/enterprises/review"}}), "/enterprises/review")
		rows := e.auditRows("POST /enterprises/{id}/verify")
		if len(rows) != 1 {
			t.Fatalf("%d rows", len(rows))
		}
		r := rows[0]
		if r.username != "official1" || r.objectType != "enterprises" || r.objectID != itoa(pending) || r.status != 303 ||
			r.detail["back"] != "/enterprises/review" || r.ip != "127.0.0.1" {
			t.Errorf("row: %+v", r)
		}
	})

	t.Run("a create names the new object from its redirect", func(t *testing.T) {
		wantRedirect(t, c.post("/chains/new", url.Values{"name": {"集成电路"}, "leader_name": {"陈志远"}, "leader_title": {"副区长"}}), "/chains")
		rows := e.auditRows("POST /chains/new")
		if len(rows) != 1 || rows[0].objectType != "chains" || rows[0].detail["name"] != "集成电路" {
			t.Fatalf("rows: %+v", rows)
		}
	})

	t.Run("a failed change (422) leaves no row", func(t *testing.T) {
		before := count(t, e, `SELECT count(*) FROM audit_log`)
		wantStatus(t, c.post("/departments/new", url.Values{"name": {""}}), http.StatusUnprocessableEntity)
		wantStatus(t, c.post("/enterprises/999999/verify", nil), http.StatusNotFound)
		if after := count(t, e, `SELECT count(*) FROM audit_log`); after != before {
			t.Errorf("%d rows written by failed requests", after-before)
		}
	})

	t.Run("a refused or anonymous request leaves no row", func(t *testing.T) {
		before := count(t, e, `SELECT count(*) FROM audit_log`)
		wantRedirect(t, e.client().post("/chains/new", url.Values{"name": {"匿名"}}), "/login")
		wantStatus(t, e.login("official1").get("/admin/users/print"), http.StatusForbidden)
		// The login of that second client is the one row expected.
		if after := count(t, e, `SELECT count(*) FROM audit_log`); after != before+1 {
			t.Errorf("%d rows, want only the login", after-before)
		}
	})

	t.Run("an export leaves a row with its filter", func(t *testing.T) {
		res := c.get("/enterprises/export.csv?status=verified&q=" + url.QueryEscape("企业"))
		wantStatus(t, res, http.StatusOK)
		rows := e.auditRows("GET /enterprises/export.csv")
		if len(rows) != 1 || rows[0].objectType != "enterprises" || rows[0].detail["status"] != "verified" || rows[0].detail["q"] != "企业" {
			t.Fatalf("rows: %+v", rows)
		}
	})

	t.Run("a print leaves a row naming the meeting and the document", func(t *testing.T) {
		m := e.meeting("三月早餐会", time.Now().AddDate(0, 0, 10), 30)
		wantStatus(t, c.get("/meetings/"+itoa(m)+"/print/signin.pdf"), http.StatusOK)
		wantStatus(t, c.get("/meetings/"+itoa(m)+"/print"), http.StatusOK) // the set-up page is no print
		rows := e.auditRows("GET /meetings/{id}/print/{doc}")
		if len(rows) != 1 || rows[0].objectType != "meetings" || rows[0].objectID != itoa(m) || rows[0].detail["url:doc"] != "signin.pdf" {
			t.Fatalf("rows: %+v", rows)
		}
		if n := len(e.auditRows("GET /meetings/{id}/print")); n != 0 {
			t.Errorf("print set-up page recorded %d times", n)
		}
		wantStatus(t, e.login("admin1").get("/admin/users/print"), http.StatusOK)
		if rows := e.auditRows("GET /admin/users/print"); len(rows) != 1 || rows[0].username != "admin1" {
			t.Errorf("account list print rows: %+v", rows)
		}
	})

	t.Run("role changes are recorded, passwords never", func(t *testing.T) {
		target := e.newAccount("staff1", portal.RoleDepartment)
		a := e.login("admin1")
		wantRedirect(t, a.post("/admin/users/"+itoa(target.ID), url.Values{"display_name": {"张三"}, "role": {"official"}, "password": {"Leak-me-2026"}}), "/admin/users")
		rows := e.auditRows("POST /admin/users/{id}")
		if len(rows) != 1 || rows[0].objectType != "users" || rows[0].objectID != itoa(target.ID) || rows[0].detail["role"] != "official" ||
			rows[0].detail["password"] != "[redacted]" {
			t.Fatalf("rows: %+v", rows)
		}
		wantRedirect(t, c.post("/account/password", url.Values{"old_password": {testPassword}, "new_password": {"Leak-me-2027"}}), "/")
		if rows := e.auditRows("POST /account/password"); len(rows) != 1 || rows[0].detail["old_password"] != "[redacted]" || rows[0].detail["new_password"] != "[redacted]" {
			t.Fatalf("password rows: %+v", rows)
		}
		if n := count(t, e, `SELECT count(*) FROM audit_log WHERE detail::text LIKE '%Leak-me%' OR detail::text LIKE '%`+testPassword+`%'`); n != 0 {
			t.Error("a password reached the audit log")
		}
	})

	t.Run("logout is recorded", func(t *testing.T) {
		wantRedirect(t, c.post("/logout", nil), "/login")
		if rows := e.auditRows(portal.AuditLogout); len(rows) != 1 || rows[0].username != "official1" {
			t.Fatalf("rows: %+v", rows)
		}
	})
}

func TestAuditPage(t *testing.T) {
	e := newEnv(t)
	admin := e.newAccount("admin1", portal.RoleAdmin)
	e.newAccount("official1", portal.RoleOfficial)
	_ = admin
	o := e.login("official1")
	wantRedirect(t, o.post("/chains/new", url.Values{"name": {"生物医药"}, "leader_name": {"陈志远"}}), "/chains")
	wantStatus(t, o.get("/enterprises/export.csv"), http.StatusOK)
	a := e.login("admin1")

	t.Run("only administrators read it", func(t *testing.T) {
		wantStatus(t, o.get("/admin/audit"), http.StatusForbidden)
		wantStatus(t, o.get("/admin/audit/export.csv"), http.StatusForbidden)
		wantStatus(t, e.login(e.newAccount("ent1", portal.RoleEntrepreneur).Username).get("/admin/audit"), http.StatusForbidden)
		wantRedirect(t, e.client().get("/admin/audit"), "/login")
	})

	rowsOf := func(res response) []string {
		var list []string
		res.doc(t).Find(`[data-testid="audit-table"] tbody tr`).Each(func(_ int, s *goquery.Selection) {
			list = append(list, strings.TrimSpace(s.Find(`[data-testid="audit-action"] code`).Text()))
		})
		return list
	}

	t.Run("newest first, filtered by user, action, object and days", func(t *testing.T) {
		all := a.get("/admin/audit")
		wantStatus(t, all, http.StatusOK)
		got := rowsOf(all)
		if len(got) < 4 || got[0] != "登录" { // admin1's login is the newest
			t.Fatalf("rows: %q", got)
		}
		byUser := rowsOf(a.get("/admin/audit?user=Official1"))
		if strings.Join(byUser, "|") != "GET /enterprises/export.csv|POST /chains/new|登录" {
			t.Errorf("official1's rows: %q", byUser)
		}
		byAction := a.get("/admin/audit?action=" + url.QueryEscape("POST /chains/new"))
		if got := rowsOf(byAction); len(got) != 1 {
			t.Errorf("by action: %q", got)
		}
		if !strings.Contains(byAction.text(t, "audit-detail"), "name=生物医药") {
			t.Errorf("detail = %q", byAction.text(t, "audit-detail"))
		}
		if v, _ := byAction.doc(t).Find(`#f-action option[selected]`).Attr("value"); v != "POST /chains/new" {
			t.Errorf("action filter not kept: %q", v)
		}
		if got := rowsOf(a.get("/admin/audit?object_type=chains")); len(got) != 1 {
			t.Errorf("by object type: %q", got)
		}
		if got := rowsOf(a.get("/admin/audit?object_type=users&object_id=999")); len(got) != 0 {
			t.Errorf("by unknown object: %q", got)
		}
		today := time.Now().In(portal.CST).Format("2006-01-02")
		tomorrow := time.Now().In(portal.CST).AddDate(0, 0, 1).Format("2006-01-02")
		if got := rowsOf(a.get("/admin/audit?from=" + today + "&to=" + today)); len(got) < 4 {
			t.Errorf("today: %q", got)
		}
		empty := a.get("/admin/audit?from=" + tomorrow)
		if empty.text(t, "audit-empty") == "" {
			t.Error("rows from tomorrow on")
		}
		bad := a.get("/admin/audit?from=yesterday")
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		if bad.text(t, "error-from") == "" {
			t.Error("no message on a bad date")
		}
	})

	t.Run("pages by keyset", func(t *testing.T) {
		if _, err := e.pool.Exec(context.Background(), `INSERT INTO audit_log (username, action)
			SELECT 'bulk', 'POST /chains/{id}' FROM generate_series(1, 60)`); err != nil {
			t.Fatal(err)
		}
		first := a.get("/admin/audit?user=bulk")
		if got := rowsOf(first); len(got) != 50 {
			t.Fatalf("first page has %d rows", len(got))
		}
		next, ok := first.doc(t).Find(`[data-testid="next-page"]`).Attr("href")
		if !ok || !strings.Contains(next, "user=bulk") || !strings.Contains(next, "after=") {
			t.Fatalf("next link %q", next)
		}
		if got := rowsOf(a.get(next)); len(got) != 10 {
			t.Errorf("second page has %d rows", len(got))
		}
	})

	t.Run("the filtered log exports as CSV, and the export is itself recorded", func(t *testing.T) {
		page := a.get("/admin/audit?user=official1")
		href, _ := page.doc(t).Find(`[data-testid="audit-export"]`).Attr("href")
		if href != "/admin/audit/export.csv?user=official1" {
			t.Fatalf("export link %q", href)
		}
		res := a.get(href)
		wantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("content type %q", ct)
		}
		records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(records) != 4 || records[0][4] != "操作" || records[1][4] != "GET /enterprises/export.csv" || records[3][2] != "official1" {
			t.Errorf("records: %q", records)
		}
		if rows := e.auditRows("GET /admin/audit/export.csv"); len(rows) != 1 || rows[0].detail["user"] != "official1" {
			t.Errorf("export rows: %+v", rows)
		}
	})
}

func TestAuditedRoutes(t *testing.T) {
	cases := []struct {
		method, pattern string
		want            bool
	}{
		{"POST", "/demands/{id}/assign", true},
		{"POST", "/admin/users/{id}/disable", true},
		{"POST", "/login", false}, // recorded by the handler
		{"POST", "/lang", false},
		{"GET", "/enterprises/export.xlsx", true},
		{"GET", "/meetings/{id}/demands.{ext}", true},
		{"GET", "/meetings/{id}/print/{doc}", true},
		{"GET", "/meetings/{id}/demands/print", true},
		{"GET", "/dashboard/bulletin", true},
		{"GET", "/dashboard/bulletin.pdf", true},
		{"GET", "/demands/{id}/attachments/{attachmentID}", true},
		{"GET", "/meetings/{id}/print", false},
		{"GET", "/demands/{id}", false},
		{"GET", "/calendar/{token}.ics", false},
	}
	for _, tc := range cases {
		if got := audited(tc.method, tc.pattern); got != tc.want {
			t.Errorf("audited(%s %s) = %v, want %v", tc.method, tc.pattern, got, tc.want)
		}
	}
}
