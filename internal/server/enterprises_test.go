package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"

	"github.com/PuerkitoBio/goquery"
)

// registration is a complete, valid self-registration form.
func registration(e *env, username, name, uscc string) url.Values {
	return url.Values{
		"username": {username}, "display_name": {"王建华"}, "password": {"start2026"},
		"name": {name}, "uscc": {uscc}, "scale": {"above"}, "annual_output": {"52000.5"},
		"chain_ids": {itoa(e.chain("新能源汽车"))}, "address": {"余杭区文一西路 998 号"}, "park": {"未来科技城"}, "legal_rep": {"李明"},
		"contact_name": {"王建华", "", ""}, "contact_title": {"总经理", "", ""},
		"contact_mobile": {"13812345678", "", ""}, "contact_email": {"wang@example.cn", "", ""},
	}
}

func count(t *testing.T, e *env, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := e.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRegistrationAndVerification(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	uscc := postgres.DemoUSCC(1)

	// The entrepreneur registers and lands on their enterprise, pending.
	ent := e.client()
	res := ent.post("/register", registration(e, "wangjh", "星途新能源汽车股份有限公司", strings.ToLower(uscc)))
	wantRedirect(t, res, "/my/enterprise")
	mine := ent.get("/my/enterprise")
	wantStatus(t, mine, http.StatusOK)
	if got := mine.text(t, "enterprise-status"); got != "待审核" {
		t.Errorf("status = %q", got)
	}
	if got := mine.text(t, "enterprise-uscc"); got != uscc {
		t.Errorf("code stored as %q, want upper-case %q", got, uscc)
	}

	// An official sees it in the queue and must give a reason to reject it.
	off := e.login("official1")
	queue := off.get("/enterprises/review")
	if !strings.Contains(queue.text(t, "queue-"+uscc), "星途新能源汽车股份有限公司") {
		t.Fatal("registration not in the queue")
	}
	var id int64
	e.pool.QueryRow(context.Background(), `SELECT id FROM enterprises WHERE uscc = $1`, uscc).Scan(&id)
	res = off.post("/enterprises/"+itoa(id)+"/reject", url.Values{"reason": {"  "}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-reason") == "" {
		t.Error("no message beside the reason")
	}
	reason := "营业执照名称与填写不一致，请核对。"
	wantRedirect(t, off.post("/enterprises/"+itoa(id)+"/reject", url.Values{"reason": {reason}}), "/enterprises/review")

	// The entrepreneur reads the reason, corrects the name and resubmits.
	mine = ent.get("/my/enterprise")
	if got := mine.text(t, "status-note"); !strings.Contains(got, reason) {
		t.Errorf("rejection note = %q", got)
	}
	form := registration(e, "", "星途新能源汽车有限公司", uscc)
	wantRedirect(t, ent.post("/my/enterprise/edit", form), "/my/enterprise")
	if got := ent.get("/my/enterprise").text(t, "enterprise-status"); got != "待审核" {
		t.Errorf("after resubmitting: %q", got)
	}

	// Verified, and the history tells the whole story.
	wantRedirect(t, off.post("/enterprises/"+itoa(id)+"/verify", nil), "/enterprises/review")
	if got := ent.get("/my/enterprise").text(t, "enterprise-status"); got != "已认证" {
		t.Errorf("after verification: %q", got)
	}
	history := off.get("/enterprises/"+itoa(id)).text(t, "review-history")
	for _, step := range []string{"企业提交注册", "退回", reason, "企业修改后重新提交", "审核通过"} {
		if !strings.Contains(history, step) {
			t.Errorf("history lacks %q: %s", step, history)
		}
	}
	// Verifying again is a conflict, not a silent success.
	wantStatus(t, off.post("/enterprises/"+itoa(id)+"/verify", nil), http.StatusConflict)

	t.Run("contacts change without re-verification, the name does not", func(t *testing.T) {
		form := registration(e, "", "星途新能源汽车有限公司", uscc)
		form.Set("contact_mobile", "13912345678")
		wantRedirect(t, ent.post("/my/enterprise/edit", form), "/my/enterprise")
		if got := ent.get("/my/enterprise").text(t, "enterprise-status"); got != "已认证" {
			t.Errorf("after a contact change: %q", got)
		}
		form.Set("name", "星途汽车集团有限公司")
		wantRedirect(t, ent.post("/my/enterprise/edit", form), "/my/enterprise")
		if got := ent.get("/my/enterprise").text(t, "enterprise-status"); got != "待审核" {
			t.Errorf("after a name change: %q", got)
		}
	})
}

func TestRegistrationBadInput(t *testing.T) {
	e := newEnv(t)
	existing := e.enterprise("已注册企业有限公司", portal.EnterpriseVerified)
	var takenUSCC string
	e.pool.QueryRow(context.Background(), `SELECT uscc FROM enterprises WHERE id = $1`, existing).Scan(&takenUSCC)
	before := count(t, e, `SELECT count(*) FROM enterprises`) + count(t, e, `SELECT count(*) FROM users`)

	cases := []struct {
		name  string
		edit  func(url.Values)
		field string
		want  string
	}{
		{"wrong check character", func(v url.Values) { v.Set("uscc", "91440300192317458A") }, "uscc", "校验位不正确"},
		{"already registered", func(v url.Values) { v.Set("uscc", strings.ToLower(takenUSCC)) }, "uscc", "已经注册"},
		{"bad mobile", func(v url.Values) { v["contact_mobile"] = []string{"1381234", "", ""} }, "contact_mobile_0", "11 位手机号码"},
		{"no chain", func(v url.Values) { v.Del("chain_ids") }, "chain_ids", "至少选择一条产业链"},
		{"short password", func(v url.Values) { v.Set("password", "abc") }, "password", "至少需要 8 位"},
		{"output not a number", func(v url.Values) { v.Set("annual_output", "五万") }, "annual_output", "不小于 0 的数字"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := registration(e, "newuser", "新登记科技有限公司", postgres.DemoUSCC(7))
			tc.edit(form)
			res := e.client().post("/register", form)
			wantStatus(t, res, http.StatusUnprocessableEntity)
			if got := res.text(t, "error-"+tc.field); !strings.Contains(got, tc.want) {
				t.Errorf("%s message = %q, want %q", tc.field, got, tc.want)
			}
			doc := res.doc(t)
			if v, _ := doc.Find("#f-name").Attr("value"); v != "新登记科技有限公司" {
				t.Errorf("name not kept: %q", v)
			}
			if v, _ := doc.Find("#contact_title-0").Attr("value"); v != "总经理" {
				t.Errorf("contact title not kept: %q", v)
			}
			if v, _ := doc.Find("#f-username").Attr("value"); v != "newuser" {
				t.Errorf("username not kept: %q", v)
			}
		})
	}
	if after := count(t, e, `SELECT count(*) FROM enterprises`) + count(t, e, `SELECT count(*) FROM users`); after != before {
		t.Errorf("rows went from %d to %d: a failed registration saved something", before, after)
	}
}

func TestEnterpriseAccess(t *testing.T) {
	e := newEnv(t)
	a := e.newAccount("ent-a", portal.RoleEntrepreneur)
	b := e.newAccount("ent-b", portal.RoleEntrepreneur)
	e.newAccount("staff", portal.RoleDepartment)
	e.newAccount("official1", portal.RoleOfficial)
	ca := e.login("ent-a")

	// An entrepreneur sees their own enterprise and nobody else's.
	if got := ca.get("/my/enterprise").text(t, "enterprise-name"); !strings.Contains(got, "企业 ent-a") {
		t.Errorf("own enterprise page shows %q", got)
	}
	for _, path := range []string{"/enterprises", "/enterprises/" + itoa(*b.EnterpriseID), "/enterprises/" + itoa(*a.EnterpriseID), "/enterprises/review"} {
		wantStatus(t, ca.get(path), http.StatusForbidden)
	}
	wantStatus(t, ca.post("/enterprises/"+itoa(*b.EnterpriseID)+"/edit", registration(e, "", "改名", postgres.DemoUSCC(3))), http.StatusForbidden)
	if count(t, e, `SELECT count(*) FROM enterprises WHERE name = '改名'`) != 0 {
		t.Error("an entrepreneur changed another enterprise")
	}
	// Department staff do not manage the registry.
	wantStatus(t, e.login("staff").get("/enterprises"), http.StatusForbidden)
	wantStatus(t, e.login("staff").get("/my/enterprise"), http.StatusForbidden)
	// Officials do.
	wantStatus(t, e.login("official1").get("/enterprises/"+itoa(*b.EnterpriseID)), http.StatusOK)
}

func TestOfficialAddsEnterprise(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	c := e.login("official1")
	form := registration(e, "", "华芯半导体制造有限公司", postgres.DemoUSCC(11))
	form.Set("is_key", "on")
	res := c.post("/enterprises/new", form)
	wantStatus(t, res, http.StatusSeeOther)
	page := c.get(res.Header.Get("Location"))
	if got := page.text(t, "enterprise-name"); !strings.Contains(got, "华芯半导体制造有限公司") || !strings.Contains(got, "重点") || !strings.Contains(got, "已认证") {
		t.Errorf("enterprise heading = %q", got)
	}
	if got := page.text(t, "contacts-table"); !strings.Contains(got, "13812345678") {
		t.Errorf("contacts = %q", got)
	}
}

func TestEnterpriseListSearchFilterPage(t *testing.T) {
	e := newEnv(t)
	if err := postgres.LoadDemo(context.Background(), e.pool); err != nil {
		t.Fatal(err)
	}
	e.newAccount("official1", portal.RoleOfficial)
	c := e.login("official1")
	rows := func(r response) []string {
		var names []string
		r.doc(t).Find(`[data-testid="enterprises-table"] tbody tr td:first-child a`).Each(func(_ int, s *goquery.Selection) {
			names = append(names, s.Text())
		})
		return names
	}

	t.Run("Chinese substring search", func(t *testing.T) {
		names := rows(c.get("/enterprises?q=" + url.QueryEscape("汽车")))
		if len(names) < 5 {
			t.Fatalf("found %d", len(names))
		}
		for _, n := range names {
			if !strings.Contains(n, "汽车") {
				t.Errorf("%q does not contain 汽车", n)
			}
		}
	})
	t.Run("search by part of the credit code", func(t *testing.T) {
		code := postgres.DemoUSCC(5)
		names := rows(c.get("/enterprises?q=" + strings.ToLower(code[8:16])))
		if len(names) != 1 {
			t.Errorf("found %v", names)
		}
	})
	t.Run("filters combine", func(t *testing.T) {
		var chainID int64
		e.pool.QueryRow(context.Background(), `SELECT id FROM industry_chains WHERE name = '集成电路'`).Scan(&chainID)
		want := count(t, e, `SELECT count(*) FROM enterprises en JOIN enterprise_chains ec ON ec.enterprise_id = en.id
			WHERE ec.chain_id = $1 AND en.scale = 'above' AND en.status = 'verified'`, chainID)
		got := rows(c.get("/enterprises?chain=" + itoa(chainID) + "&scale=above&status=verified"))
		if len(got) != want || want == 0 {
			t.Errorf("got %d rows, want %d", len(got), want)
		}
	})
	t.Run("pinyin order over keyset pages", func(t *testing.T) {
		var all []string
		next := "/enterprises?sort=name"
		for pages := 0; next != ""; pages++ {
			if pages > 5 {
				t.Fatal("pager does not end")
			}
			res := c.get(next)
			all = append(all, rows(res)...)
			next, _ = res.doc(t).Find(`[data-testid="next-page"]`).Attr("href")
		}
		if len(all) != count(t, e, `SELECT count(*) FROM enterprises`) {
			t.Errorf("paged through %d enterprises", len(all))
		}
		index := map[string]int{}
		for i, n := range all {
			if _, dup := index[n]; dup {
				t.Errorf("%s listed twice", n)
			}
			index[n] = i
		}
		// 安 (an) < 博 (bo) < 驰 (chi) < 鼎 (ding) < 中 (zhong) in pinyin, whatever their code points.
		order := []string{"安途汽车电子有限公司", "博远底盘系统有限公司", "驰骋汽车座椅有限公司", "鼎力电机制造有限公司", "中轨装备制造有限公司"}
		for i := 1; i < len(order); i++ {
			if index[order[i-1]] >= index[order[i]] {
				t.Errorf("%s should come before %s", order[i-1], order[i])
			}
		}
	})
	t.Run("a forged cursor is a clear 400", func(t *testing.T) {
		wantStatus(t, c.get("/enterprises?sort=newest&after=bm90LWEtY3Vyc29y"), http.StatusBadRequest)
	})
}
