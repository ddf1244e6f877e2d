package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"breakfast/internal/portal"
)

func TestAdminCreatesAccount(t *testing.T) {
	e := newEnv(t)
	e.newAccount("admin1", portal.RoleAdmin)
	dept := e.department("自然资源和规划局")
	c := e.login("admin1")

	t.Run("bad input: messages beside the fields, input kept, nothing saved", func(t *testing.T) {
		res := c.post("/admin/users/new", url.Values{"username": {"张三"}, "display_name": {"张三"}, "role": {"department"}, "password": {"abc"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		for field, want := range map[string]string{
			"username":      "用户名须为",
			"department_id": "必须选择所属单位",
			"password":      "至少需要 8 位",
		} {
			if got := res.text(t, "error-"+field); !strings.Contains(got, want) {
				t.Errorf("%s message = %q, want it to contain %q", field, got, want)
			}
		}
		doc := res.doc(t)
		if v, _ := doc.Find("#f-display_name").Attr("value"); v != "张三" {
			t.Errorf("display name not kept: %q", v)
		}
		if v, _ := doc.Find("#f-role option[selected]").Attr("value"); v != "department" {
			t.Errorf("role not kept: %q", v)
		}
		var n int
		e.pool.QueryRow(context.Background(), `SELECT count(*) FROM users`).Scan(&n)
		if n != 1 {
			t.Errorf("%d accounts, want only the admin", n)
		}
	})

	t.Run("valid input creates the account, which can log in", func(t *testing.T) {
		res := c.post("/admin/users/new", url.Values{"username": {"ZhaoMin"}, "display_name": {"资规局 赵敏"}, "role": {"department"},
			"department_id": {itoa(dept)}, "password": {"start2026"}})
		wantRedirect(t, res, "/admin/users")
		list := c.get("/admin/users")
		if got := list.text(t, "flash"); got != "账号 zhaomin 已创建。" {
			t.Errorf("flash = %q", got)
		}
		row := list.text(t, "user-zhaomin")
		if !strings.Contains(row, "资规局 赵敏") || !strings.Contains(row, "自然资源和规划局") || !strings.Contains(row, "责任单位") {
			t.Errorf("row = %q", row)
		}
		wantRedirect(t, e.client().post("/login", url.Values{"username": {"zhaomin"}, "password": {"start2026"}}), "/")
	})

	t.Run("a taken username is refused", func(t *testing.T) {
		res := c.post("/admin/users/new", url.Values{"username": {"zhaomin"}, "display_name": {"重复"}, "role": {"official"}, "password": {"start2026"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "error-username"); got != "这个用户名已被使用。" {
			t.Errorf("message = %q", got)
		}
	})

	t.Run("changing the role ends the account's sessions", func(t *testing.T) {
		var id int64
		e.pool.QueryRow(context.Background(), `SELECT id FROM users WHERE username = 'zhaomin'`).Scan(&id)
		staff := e.client()
		wantRedirect(t, staff.post("/login", url.Values{"username": {"zhaomin"}, "password": {"start2026"}}), "/")
		res := c.post("/admin/users/"+itoa(id), url.Values{"display_name": {"赵敏"}, "role": {"official"}})
		wantRedirect(t, res, "/admin/users")
		wantRedirect(t, staff.get("/"), "/login")
		var role string
		var deptID *int64
		e.pool.QueryRow(context.Background(), `SELECT role, department_id FROM users WHERE id = $1`, id).Scan(&role, &deptID)
		if role != "official" || deptID != nil {
			t.Errorf("role %s department %v", role, deptID)
		}
	})

	t.Run("an admin cannot disable themself", func(t *testing.T) {
		var id int64
		e.pool.QueryRow(context.Background(), `SELECT id FROM users WHERE username = 'admin1'`).Scan(&id)
		wantStatus(t, c.post("/admin/users/"+itoa(id)+"/disable", nil), http.StatusConflict)
	})
}

func TestAccountListPagesAndPrints(t *testing.T) {
	e := newEnv(t)
	e.newAccount("admin1", portal.RoleAdmin)
	hash, _ := portal.HashPassword(testPassword)
	if _, err := e.pool.Exec(context.Background(), `INSERT INTO users (username, display_name, role, password_hash)
		SELECT 'official' || g, '工作人员' || g, 'official', $1 FROM generate_series(1, 60) g`, hash); err != nil {
		t.Fatal(err)
	}
	c := e.login("admin1")
	first := c.get("/admin/users?role=official")
	rows := first.doc(t).Find(`[data-testid="users-table"] tbody tr`)
	if rows.Length() != 50 {
		t.Fatalf("first page has %d rows", rows.Length())
	}
	next, ok := first.doc(t).Find(`[data-testid="next-page"]`).Attr("href")
	if !ok {
		t.Fatal("no next page link")
	}
	second := c.get(next)
	if n := second.doc(t).Find(`[data-testid="users-table"] tbody tr`).Length(); n != 10 {
		t.Errorf("second page has %d rows", n)
	}
	if second.doc(t).Find(`[data-testid="next-page"]`).Length() != 0 {
		t.Error("next link on the last page")
	}
	search := c.get("/admin/users?q=" + url.QueryEscape("工作人员6"))
	if n := search.doc(t).Find(`[data-testid="users-table"] tbody tr`).Length(); n != 2 { // 6 and 60
		t.Errorf("search found %d rows", n)
	}

	p := c.get("/admin/users/print")
	wantStatus(t, p, http.StatusOK)
	doc := p.doc(t)
	if doc.Find("nav").Length() != 0 {
		t.Error("print page has navigation")
	}
	if n := doc.Find(`[data-testid="users-print"] tbody tr`).Length(); n != 61 {
		t.Errorf("print lists %d accounts", n)
	}
	if href, _ := doc.Find(`link[rel="stylesheet"]`).Attr("href"); !strings.Contains(href, "print.css") {
		t.Errorf("print stylesheet = %q", href)
	}
}
