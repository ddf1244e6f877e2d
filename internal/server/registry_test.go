package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"breakfast/internal/portal"
)

// idOf returns the id of the row of table whose name is name, failing the test when none is.
func (e *env) idOf(table, name string) int64 {
	e.t.Helper()
	var id int64
	if err := e.pool.QueryRow(context.Background(), `SELECT id FROM `+table+` WHERE name = $1`, name).Scan(&id); err != nil {
		e.t.Fatalf("%s %q: %v", table, name, err)
	}
	return id
}

func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestOfficialManagesChains(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	c := e.login("official1")

	if got := c.get("/").doc(t).Find(`[data-testid="nav"] a[href="/chains"]`).Text(); got != "产业链" {
		t.Errorf("nav entry = %q", got)
	}
	wantStatus(t, c.get("/chains/new"), http.StatusOK)

	t.Run("valid input creates an active chain", func(t *testing.T) {
		res := c.post("/chains/new", url.Values{"name": {" 新能源汽车 "}, "description": {"整车与动力电池"},
			"leader_name": {"陈志远"}, "leader_title": {"区长"}})
		wantRedirect(t, res, "/chains")
		list := c.get("/chains")
		if got := list.text(t, "flash"); got != "产业链“新能源汽车”已创建。" {
			t.Errorf("flash = %q", got)
		}
		id := itoa(e.idOf("industry_chains", "新能源汽车"))
		row := list.text(t, "chain-"+id)
		for _, want := range []string{"新能源汽车", "陈志远", "区长", "整车与动力电池"} {
			if !strings.Contains(row, want) {
				t.Errorf("row %q lacks %q", row, want)
			}
		}
		if got := list.text(t, "chain-status-"+id); got != "在用" {
			t.Errorf("status = %q", got)
		}
	})

	t.Run("a taken name is refused beside the field, input kept", func(t *testing.T) {
		res := c.post("/chains/new", url.Values{"name": {"新能源汽车"}, "description": {"第二条\n两行"},
			"leader_name": {"林国栋"}, "leader_title": {"副区长"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "error-name"); got != "该产业链名称已存在。" {
			t.Errorf("message = %q", got)
		}
		doc := res.doc(t)
		for sel, want := range map[string]string{"#f-name": "新能源汽车", "#f-leader_name": "林国栋", "#f-leader_title": "副区长"} {
			if v, _ := doc.Find(sel).Attr("value"); v != want {
				t.Errorf("%s = %q, want %q", sel, v, want)
			}
		}
		if got := doc.Find("#f-description").Text(); got != "第二条\n两行" {
			t.Errorf("description not kept: %q", got)
		}
		if n := e.count("industry_chains"); n != 1 {
			t.Errorf("%d chains", n)
		}
	})

	t.Run("missing and too long fields", func(t *testing.T) {
		res := c.post("/chains/new", url.Values{"name": {strings.Repeat("链", 51)}, "leader_name": {"  "}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "error-name"); got != "内容太长。" {
			t.Errorf("name message = %q", got)
		}
		if got := res.text(t, "error-leader_name"); got != "此项必填。" {
			t.Errorf("leader message = %q", got)
		}
		if res.text(t, "error-summary") == "" {
			t.Error("no error summary")
		}
	})

	id := itoa(e.idOf("industry_chains", "新能源汽车"))

	t.Run("editing shows the saved values and saves changes", func(t *testing.T) {
		page := c.get("/chains/" + id)
		wantStatus(t, page, http.StatusOK)
		if v, _ := page.doc(t).Find("#f-leader_name").Attr("value"); v != "陈志远" {
			t.Errorf("leader name = %q", v)
		}
		res := c.post("/chains/"+id, url.Values{"name": {"新能源汽车及零部件"}, "description": {""},
			"leader_name": {"陈志远"}, "leader_title": {"区委副书记、区长"}})
		wantRedirect(t, res, "/chains")
		list := c.get("/chains")
		if got := list.text(t, "flash"); got != "产业链“新能源汽车及零部件”已保存。" {
			t.Errorf("flash = %q", got)
		}
		if row := list.text(t, "chain-"+id); !strings.Contains(row, "新能源汽车及零部件") || !strings.Contains(row, "区委副书记、区长") {
			t.Errorf("row = %q", row)
		}
	})

	t.Run("renaming to a taken name is refused", func(t *testing.T) {
		e.pool.Exec(context.Background(), `INSERT INTO industry_chains (name, leader_name) VALUES ('集成电路', '林国栋')`)
		res := c.post("/chains/"+id, url.Values{"name": {"集成电路"}, "leader_name": {"陈志远"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "error-name"); got != "该产业链名称已存在。" {
			t.Errorf("message = %q", got)
		}
		if v, _ := res.doc(t).Find("#f-name").Attr("value"); v != "集成电路" {
			t.Errorf("typed name not kept: %q", v)
		}
	})

	t.Run("a deactivated chain stays in the list marked 已停用", func(t *testing.T) {
		wantRedirect(t, c.post("/chains/"+id+"/active", url.Values{"active": {"0"}}), "/chains")
		list := c.get("/chains")
		if got := list.text(t, "flash"); got != "产业链“新能源汽车及零部件”已停用。" {
			t.Errorf("flash = %q", got)
		}
		if got := list.text(t, "chain-status-"+id); got != "已停用" {
			t.Errorf("status = %q", got)
		}
		if list.doc(t).Find(`[data-testid="activate-`+id+`"]`).Length() != 1 {
			t.Error("no activate button")
		}
		// Sending the same request again keeps it deactivated.
		wantRedirect(t, c.post("/chains/"+id+"/active", url.Values{"active": {"0"}}), "/chains")
		if got := c.get("/chains").text(t, "chain-status-"+id); got != "已停用" {
			t.Errorf("status after a repeat = %q", got)
		}
		wantRedirect(t, c.post("/chains/"+id+"/active", url.Values{"active": {"1"}}), "/chains")
		if got := c.get("/chains").text(t, "chain-status-"+id); got != "在用" {
			t.Errorf("status after activating = %q", got)
		}
	})

	t.Run("unknown chains are 404", func(t *testing.T) {
		for _, p := range []string{"/chains/424242", "/chains/abc"} {
			wantStatus(t, c.get(p), http.StatusNotFound)
		}
		wantStatus(t, c.post("/chains/424242", url.Values{"name": {"x"}, "leader_name": {"y"}}), http.StatusNotFound)
		wantStatus(t, c.post("/chains/424242/active", url.Values{"active": {"0"}}), http.StatusNotFound)
	})
}

func TestOfficialManagesDepartments(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	c := e.login("official1")

	t.Run("a bad phone is refused beside the field, input kept", func(t *testing.T) {
		res := c.post("/departments/new", url.Values{"name": {"商务局"}, "short_name": {"商务"},
			"contact_name": {"吴静"}, "contact_phone": {"8701-0009"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "error-contact_phone"); got != "请输入有效的手机号或带区号的固定电话。" {
			t.Errorf("message = %q", got)
		}
		doc := res.doc(t)
		for sel, want := range map[string]string{"#f-name": "商务局", "#f-short_name": "商务", "#f-contact_name": "吴静", "#f-contact_phone": "8701-0009"} {
			if v, _ := doc.Find(sel).Attr("value"); v != want {
				t.Errorf("%s = %q, want %q", sel, v, want)
			}
		}
		if n := e.count("departments"); n != 0 {
			t.Errorf("%d departments saved", n)
		}
	})

	t.Run("valid input creates the department", func(t *testing.T) {
		res := c.post("/departments/new", url.Values{"name": {"商务局"}, "short_name": {"商务局"},
			"contact_name": {"吴静"}, "contact_phone": {"0571-87010009"}})
		wantRedirect(t, res, "/departments")
		list := c.get("/departments")
		if got := list.text(t, "flash"); got != "责任单位“商务局”已创建。" {
			t.Errorf("flash = %q", got)
		}
		id := itoa(e.idOf("departments", "商务局"))
		if row := list.text(t, "department-"+id); !strings.Contains(row, "吴静") || !strings.Contains(row, "0571-87010009") {
			t.Errorf("row = %q", row)
		}
		if got := list.text(t, "department-staff-"+id); got != "0" {
			t.Errorf("staff = %q", got)
		}
	})

	t.Run("a taken name is refused", func(t *testing.T) {
		res := c.post("/departments/new", url.Values{"name": {"商务局"}, "contact_phone": {"13912345678"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "error-name"); got != "该单位名称已存在。" {
			t.Errorf("message = %q", got)
		}
		if v, _ := res.doc(t).Find("#f-contact_phone").Attr("value"); v != "13912345678" {
			t.Errorf("phone not kept: %q", v)
		}
	})

	t.Run("editing saves changes", func(t *testing.T) {
		id := itoa(e.idOf("departments", "商务局"))
		page := c.get("/departments/" + id)
		wantStatus(t, page, http.StatusOK)
		if v, _ := page.doc(t).Find("#f-contact_phone").Attr("value"); v != "0571-87010009" {
			t.Errorf("phone on the form = %q", v)
		}
		res := c.post("/departments/"+id, url.Values{"name": {"商务局"}, "short_name": {"商务局"},
			"contact_name": {"吴静"}, "contact_phone": {"13812345678"}})
		wantRedirect(t, res, "/departments")
		if row := c.get("/departments").text(t, "department-"+id); !strings.Contains(row, "13812345678") {
			t.Errorf("row = %q", row)
		}
		res = c.post("/departments/"+id, url.Values{"name": {"商务局"}, "contact_phone": {"phone"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if res.text(t, "error-contact_phone") == "" {
			t.Error("bad phone accepted on edit")
		}
	})

	t.Run("the list counts each department's enabled staff accounts", func(t *testing.T) {
		staff := e.newAccount("gxj1", portal.RoleDepartment) // of 工业和信息化局
		e.newAccount("gxj2", portal.RoleDepartment)
		id := itoa(*staff.DepartmentID)
		if got := c.get("/departments").text(t, "department-staff-"+id); got != "2" {
			t.Errorf("staff = %q, want 2", got)
		}
		if _, err := e.pool.Exec(context.Background(), `UPDATE users SET disabled = true WHERE username = 'gxj2'`); err != nil {
			t.Fatal(err)
		}
		if got := c.get("/departments").text(t, "department-staff-"+id); got != "1" {
			t.Errorf("staff after disabling one = %q, want 1", got)
		}
	})

	t.Run("unknown departments are 404", func(t *testing.T) {
		for _, p := range []string{"/departments/424242", "/departments/-1"} {
			wantStatus(t, c.get(p), http.StatusNotFound)
		}
	})
}

func TestDepartmentListPages(t *testing.T) {
	e := newEnv(t)
	e.newAccount("admin1", portal.RoleAdmin)
	if _, err := e.pool.Exec(context.Background(), `INSERT INTO departments (name)
		SELECT '单位' || lpad(g::text, 2, '0') FROM generate_series(1, 60) g`); err != nil {
		t.Fatal(err)
	}
	c := e.login("admin1")
	first := c.get("/departments")
	rows := first.doc(t).Find(`[data-testid="departments-table"] tbody tr`)
	if rows.Length() != 50 {
		t.Fatalf("first page has %d rows", rows.Length())
	}
	next, ok := first.doc(t).Find(`[data-testid="next-page"]`).Attr("href")
	if !ok {
		t.Fatal("no next page link")
	}
	second := c.get(next)
	secondRows := second.doc(t).Find(`[data-testid="departments-table"] tbody tr`)
	if secondRows.Length() != 10 {
		t.Errorf("second page has %d rows", secondRows.Length())
	}
	if got := strings.TrimSpace(secondRows.First().Find("td").First().Text()); got != "单位51" {
		t.Errorf("second page starts with %q", got)
	}
	if second.doc(t).Find(`[data-testid="next-page"]`).Length() != 0 {
		t.Error("next link on the last page")
	}
}

func TestReferenceDataIsForOfficialsAndAdmins(t *testing.T) {
	e := newEnv(t)
	e.newAccount("admin1", portal.RoleAdmin)
	e.newAccount("staff1", portal.RoleDepartment)
	e.newAccount("boss1", portal.RoleEntrepreneur)
	e.pool.Exec(context.Background(), `INSERT INTO industry_chains (name, leader_name) VALUES ('集成电路', '林国栋')`)
	chain := itoa(e.idOf("industry_chains", "集成电路"))
	dept := itoa(e.idOf("departments", "工业和信息化局"))

	admin := e.login("admin1")
	for _, p := range []string{"/chains", "/chains/new", "/chains/" + chain, "/departments", "/departments/new", "/departments/" + dept} {
		wantStatus(t, admin.get(p), http.StatusOK)
	}
	if admin.get("/").doc(t).Find(`[data-testid="nav"] a[href="/departments"]`).Length() != 1 {
		t.Error("admins have no departments entry in the navigation")
	}

	for _, username := range []string{"staff1", "boss1"} {
		t.Run(username, func(t *testing.T) {
			c := e.login(username)
			for _, p := range []string{"/chains", "/chains/new", "/chains/" + chain, "/departments", "/departments/new", "/departments/" + dept} {
				wantStatus(t, c.get(p), http.StatusForbidden)
			}
			form := url.Values{"name": {"偷偷新建"}, "leader_name": {"某人"}, "active": {"0"}}
			for _, p := range []string{"/chains/new", "/chains/" + chain, "/chains/" + chain + "/active", "/departments/new", "/departments/" + dept} {
				wantStatus(t, c.post(p, form), http.StatusForbidden)
			}
			if nav := c.get("/").doc(t).Find(`[data-testid="nav"]`); nav.Find(`a[href="/chains"], a[href="/departments"]`).Length() != 0 {
				t.Error("navigation offers reference data")
			}
		})
	}
	var changed int
	e.pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM industry_chains WHERE name = '偷偷新建' OR NOT active)
		+ (SELECT count(*) FROM departments WHERE name = '偷偷新建')`).Scan(&changed)
	if changed != 0 {
		t.Error("a forbidden request changed reference data")
	}

	wantRedirect(t, e.client().get("/chains"), "/login")
}
