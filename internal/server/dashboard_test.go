package server

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"
)

// dashboardNow is "now" of the dashboard data set (internal/postgres/testdata/dashboard_seed.sql,
// whose figures internal/postgres/dashboard_test.go works out): Friday 20 November 2026, 10:00.
var dashboardNow = time.Date(2026, 11, 20, 10, 0, 0, 0, portal.CST)

// dashboardEnv is a portal at dashboardNow, with the hand-built demand data set when seed is
// set, and an official, an administrator, an entrepreneur and 工信局 staff (gxj).
func dashboardEnv(t *testing.T, seed bool) *env {
	t.Helper()
	e := newEnv(t)
	e.srv.now = func() time.Time { return dashboardNow }
	e.newAccount("official1", portal.RoleOfficial)
	e.newAccount("admin1", portal.RoleAdmin)
	e.newAccount("boss", portal.RoleEntrepreneur)
	e.newAccount("gxj", portal.RoleDepartment) // 工业和信息化局
	if seed {
		sql, err := os.ReadFile("../postgres/testdata/dashboard_seed.sql")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.pool.Exec(context.Background(), string(sql)); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	return e
}

// texts returns the trimmed texts of every element with data-testid id.
func texts(d *goquery.Document, id string) []string {
	var out []string
	d.Find(`[data-testid="` + id + `"]`).Each(func(_ int, s *goquery.Selection) {
		if cells := s.Find("th, td"); cells.Length() > 0 { // a row: its cells, one space apart
			var parts []string
			cells.Each(func(_ int, c *goquery.Selection) { parts = append(parts, strings.TrimSpace(c.Text())) })
			out = append(out, strings.Join(parts, " "))
			return
		}
		out = append(out, strings.Join(strings.Fields(s.Text()), " "))
	})
	return out
}

func wantTexts(t *testing.T, name string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s = %q, want %q", name, got, want)
	}
}

func TestDashboardRoutesByRole(t *testing.T) {
	e := dashboardEnv(t, false)
	paths := []string{"/dashboard", "/dashboard/bulletin", "/dashboard/bulletin.pdf?month=2026-10", "/dashboard/bulletin.xlsx"}
	boss := e.login("boss")
	for _, p := range paths {
		if res := boss.get(p); res.StatusCode != http.StatusForbidden {
			t.Errorf("entrepreneur GET %s: status %d, want 403", p, res.StatusCode)
		}
	}
	if nav := boss.get("/").text(t, "nav"); strings.Contains(nav, "督办看板") {
		t.Errorf("an entrepreneur's navigation offers the dashboard: %s", nav)
	}
	if res := e.client().get("/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous: status %d, want a redirect to the login", res.StatusCode)
	}
	for _, who := range []string{"official1", "admin1", "gxj"} {
		c := e.login(who)
		for _, p := range paths {
			if res := c.get(p); res.StatusCode != http.StatusOK {
				t.Errorf("%s GET %s: status %d, want 200", who, p, res.StatusCode)
			}
		}
		home := c.get("/")
		if !strings.Contains(home.text(t, "nav"), "督办看板") {
			t.Errorf("%s: no dashboard in the navigation", who)
		}
		if href, _ := home.doc(t).Find(`[data-testid="tile-dashboard"]`).Attr("href"); href != "/dashboard" {
			t.Errorf("%s: home tile links to %q", who, href)
		}
	}
}

func TestDashboardFigures(t *testing.T) {
	e := dashboardEnv(t, true)
	res := e.login("official1").get("/dashboard")
	wantStatus(t, res, http.StatusOK)
	d := res.doc(t)
	for id, want := range map[string]string{
		"kpi-received": "11", "kpi-accepted": "8", "kpi-closed": "3",
		"kpi-resolution": "37.5%", "kpi-resolution-note": "3/8",
		"kpi-on-time": "60%", "kpi-on-time-note": "3/5",
		"kpi-satisfaction": "66.7%", "kpi-satisfaction-note": "2/3",
		"kpi-not-rated": "2", "kpi-not-rated-note": "其中评价期内 1 件",
		"kpi-overdue": "2", "kpi-supervised": "1", "kpi-days": "4.6",
		"kpi-meetings-held": "1", "kpi-enterprises-reached": "2", "kpi-acceptance": "66.7%", "kpi-check-in": "66.7%",
		"status-closed": "3", "status-submitted": "1",
		"dashboard-scope": "统计期间：2026-01-01 至 2026-11-20 提交的诉求",
	} {
		if got := res.text(t, id); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	// Every rate is defined in one sentence on the page.
	for _, key := range []string{"accepted", "resolution", "on_time", "satisfaction", "not_rated", "acceptance", "check_in"} {
		if def := res.text(t, "def-"+key); len([]rune(def)) < 10 {
			t.Errorf("definition of %s = %q", key, def)
		}
	}
	if !strings.Contains(res.text(t, "def-not_rated"), "15 天") {
		t.Errorf("the not-rated definition does not name the rating window: %s", res.text(t, "def-not_rated"))
	}

	// The ranking, by on-time rate: its table and its chart.
	wantTexts(t, "ranking", texts(d, "ranking-department"), "税务局", "工信局", "资规局")
	wantTexts(t, "on-time", texts(d, "ranking-on-time"), "100%（1/1）", "66.7%（2/3）", "0%（0/1）")
	wantTexts(t, "satisfaction", texts(d, "ranking-satisfaction"), "—", "66.7%（2/3）", "—")
	wantTexts(t, "days", texts(d, "ranking-days"), "5.0", "4.3", "5.0")
	svg := d.Find(`[data-testid="ranking-chart"] svg`)
	if svg.Length() != 1 || svg.AttrOr("role", "") != "img" || svg.Find("title").Text() != "各部门按时答复率" {
		t.Errorf("ranking chart: %d svg, role %q, title %q", svg.Length(), svg.AttrOr("role", ""), svg.Find("title").Text())
	}
	if desc := svg.Find("desc").Text(); !strings.Contains(desc, "工信局 66.7%（2/3）") {
		t.Errorf("ranking chart description = %q", desc)
	}
	if n := svg.Find("rect").Length(); n != 2 { // 资规局's 0% draws no bar
		t.Errorf("ranking chart has %d bars, want 2", n)
	}

	trend := d.Find(`[data-testid="trend-chart"] svg`)
	if trend.Length() != 1 || trend.AttrOr("role", "") != "img" || trend.Find("polyline").Length() != 2 {
		t.Errorf("trend chart: %d svg, %d lines", trend.Length(), trend.Find("polyline").Length())
	}
	rows := texts(d, "trend-row")
	if len(rows) != 12 || rows[0] != "2025-12 0 0" || rows[11] != "2026-11 6 1" {
		t.Errorf("trend table = %q", rows)
	}
	wantTexts(t, "chains", texts(d, "chains-row"), "新能源汽车 7 5 5 1 20%（1/5）", "集成电路 5 3 1 2 66.7%（2/3）")

	// The lists link to the demands.
	overdue := d.Find(`[data-testid="overdue-link"]`)
	if overdue.Length() != 2 || overdue.First().Text() != "D3 供电扩容" {
		t.Fatalf("overdue list = %q", texts(d, "overdue-link"))
	}
	var d3 int64
	if err := e.pool.QueryRow(context.Background(), `SELECT id FROM demands WHERE title = 'D3 供电扩容'`).Scan(&d3); err != nil {
		t.Fatal(err)
	}
	if href, _ := overdue.First().Attr("href"); href != "/demands/"+itoa(d3) {
		t.Errorf("overdue link = %q", href)
	}
	wantTexts(t, "supervised", texts(d, "supervised-link"), "D3 供电扩容")
	if got := res.text(t, "overdue-count"); got != "共 2 件" {
		t.Errorf("overdue count = %q", got)
	}
	// No style attribute anywhere (the CSP refuses them), the charts included.
	if strings.Contains(res.body, "style=") {
		t.Error("the page has a style attribute")
	}
}

func TestDashboardEmpty(t *testing.T) {
	e := dashboardEnv(t, false)
	res := e.login("official1").get("/dashboard")
	wantStatus(t, res, http.StatusOK)
	for id, want := range map[string]string{"kpi-received": "0", "kpi-resolution": "—", "kpi-on-time": "—",
		"kpi-satisfaction": "—", "kpi-days": "—", "kpi-acceptance": "—", "kpi-check-in": "—",
		"overdue-empty": "没有超期的诉求。"} {
		if got := res.text(t, id); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	d := res.doc(t)
	if d.Find(`[data-testid="kpi-resolution-note"]`).Length() != 0 {
		t.Error("an undefined rate shows its counts")
	}
	if d.Find(`[data-testid="ranking-empty"]`).Length() != 1 || d.Find(`[data-testid="ranking-chart"] svg[role="img"]`).Length() != 1 {
		t.Error("the empty ranking shows no message or no chart")
	}
	if strings.Contains(res.body, "NaN") || strings.Contains(res.body, "Inf") {
		t.Error("the page divided by zero")
	}
}

func TestDashboardDepartmentSeesOwnFigures(t *testing.T) {
	e := dashboardEnv(t, true)
	zgj := count(t, e, `SELECT id FROM departments WHERE name = '自然资源和规划局'`)
	c := e.login("gxj")
	for _, path := range []string{"/dashboard", "/dashboard?department=" + itoa(int64(zgj))} {
		res := c.get(path)
		wantStatus(t, res, http.StatusOK)
		d := res.doc(t)
		wantTexts(t, path+" ranking", texts(d, "ranking-department"), "工信局")
		for id, want := range map[string]string{"kpi-received": "4", "kpi-accepted": "4", "kpi-overdue": "1",
			"kpi-on-time": "66.7%", "kpi-satisfaction": "66.7%"} {
			if got := res.text(t, id); got != want {
				t.Errorf("%s: %s = %q, want %q", path, id, got, want)
			}
		}
		for _, other := range []string{"D5 规划许可", "D6 土地变更", "D7 出口退税", "资规局", "税务局"} {
			if strings.Contains(res.body, other) {
				t.Errorf("%s: a department sees another's %s", path, other)
			}
		}
		if d.Find(`[data-testid="filter-department-fixed"]`).AttrOr("value", "") != "工业和信息化局" ||
			d.Find(`select[name="department"]`).Length() != 0 {
			t.Errorf("%s: the department filter is not fixed to their own", path)
		}
	}
	// Their bulletin too.
	pdf := c.get("/dashboard/bulletin.pdf?month=2026-11")
	wantStatus(t, pdf, http.StatusOK)
	text := pdfToText(t, []byte(pdf.body))
	if !strings.Contains(text, "仅含工业和信息化局主办的诉求") || strings.Contains(text, "D5规划许可") {
		t.Errorf("department bulletin text: %s", text)
	}
}

func TestDashboardSortsRanking(t *testing.T) {
	e := dashboardEnv(t, true)
	c := e.login("official1")
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"税务局", "工信局", "资规局"}},
		{"sort=department", []string{"工信局", "税务局", "资规局"}},
		{"sort=department&dir=reverse", []string{"资规局", "税务局", "工信局"}},
		{"sort=assigned", []string{"工信局", "资规局", "税务局"}},
		{"sort=days", []string{"工信局", "税务局", "资规局"}},
		{"sort=days&dir=reverse", []string{"税务局", "资规局", "工信局"}},
		{"sort=satisfaction&dir=reverse", []string{"工信局", "税务局", "资规局"}},
		{"sort=nonsense", []string{"税务局", "工信局", "资规局"}},
	}
	for _, tt := range tests {
		res := c.get("/dashboard?" + tt.query)
		wantStatus(t, res, http.StatusOK)
		wantTexts(t, tt.query, texts(res.doc(t), "ranking-department"), tt.want...)
	}
	// The header links keep the filter, and the sorted column's link turns the order around.
	res := c.get("/dashboard?from=2026-06-01&sort=department")
	d := res.doc(t)
	href := d.Find(`[data-testid="sort-department"]`).AttrOr("href", "")
	if !strings.Contains(href, "sort=department") || !strings.Contains(href, "dir=reverse") || !strings.Contains(href, "from=2026-06-01") {
		t.Errorf("sorted column link = %q", href)
	}
	if other := d.Find(`[data-testid="sort-overdue"]`).AttrOr("href", ""); strings.Contains(other, "dir=") {
		t.Errorf("other column link = %q", other)
	}
	if got := d.Find(`th[aria-sort]`).AttrOr("aria-sort", ""); got != "ascending" {
		t.Errorf("aria-sort = %q", got)
	}
}

func TestDashboardFilters(t *testing.T) {
	e := dashboardEnv(t, true)
	c := e.login("official1")
	ic := count(t, e, `SELECT id FROM industry_chains WHERE name = '集成电路'`)
	res := c.get("/dashboard?chain=" + itoa(int64(ic)) + "&from=2026-01-01&to=2026-12-31")
	wantStatus(t, res, http.StatusOK)
	d := res.doc(t)
	if got := res.text(t, "kpi-received"); got != "5" {
		t.Errorf("集成电路 received = %q", got)
	}
	if d.Find(`#f-chain option[selected]`).Text() != "集成电路" || d.Find(`#f-to`).AttrOr("value", "") != "2026-12-31" {
		t.Error("the filter does not keep what was chosen")
	}
	gxj := count(t, e, `SELECT id FROM departments WHERE name = '工业和信息化局'`)
	res = c.get("/dashboard?department=" + itoa(int64(gxj)))
	wantTexts(t, "by department", texts(res.doc(t), "ranking-department"), "工信局")

	// Bad dates: 422, the message beside the field, what was typed kept, default figures.
	res = c.get("/dashboard?from=2026-13-45&chain=" + itoa(int64(ic)))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	d = res.doc(t)
	if res.text(t, "error-from") == "" || d.Find(`#f-from`).AttrOr("value", "") != "2026-13-45" {
		t.Errorf("bad date: error %q, value %q", res.text(t, "error-from"), d.Find(`#f-from`).AttrOr("value", ""))
	}
	res = c.get("/dashboard?from=2026-12-01&to=2026-01-01")
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-to") != "结束日期不能早于开始日期。" || res.text(t, "kpi-received") != "11" {
		t.Errorf("reversed range: error %q, received %q", res.text(t, "error-to"), res.text(t, "kpi-received"))
	}
}

func TestBulletinPageAndFiles(t *testing.T) {
	e := dashboardEnv(t, true)
	// A confidential demand is listed without its title.
	if _, err := e.pool.Exec(context.Background(), `UPDATE demands SET confidential = true WHERE title = 'D5 规划许可'`); err != nil {
		t.Fatal(err)
	}
	c := e.login("official1")
	res := c.get("/dashboard/bulletin?month=2026-11")
	wantStatus(t, res, http.StatusOK)
	d := res.doc(t)
	if got := res.text(t, "bulletin-title"); got != "2026年11月 政企早餐会月度通报" {
		t.Errorf("title = %q", got)
	}
	wantTexts(t, "figures", texts(d, "bulletin-figures-row")[:2], "收到诉求 6 本月提交的诉求。", "交办 5 本月交办给主办部门的诉求。")
	if rows := texts(d, "bulletin-figures-row"); !strings.HasPrefix(rows[4], "按时答复率 66.7%（2/3）") ||
		!strings.HasPrefix(rows[5], "满意率 50%（1/2）") {
		t.Errorf("rates = %q", rows[4:])
	}
	if rows := texts(d, "bulletin-overdue-row"); len(rows) != 2 || !strings.Contains(rows[0], "D3 供电扩容") ||
		!strings.Contains(rows[1], "（保密诉求）") || strings.Contains(res.body, "D5 规划许可") {
		t.Errorf("overdue = %q", rows)
	}
	if d.Find(`link[href*="print.css"]`).Length() != 1 || d.Find(`[data-testid="nav"]`).Length() != 0 {
		t.Error("the bulletin is not a print page")
	}
	if texts(d, "bulletin-meetings-empty")[0] != "本月没有召开早餐会。" {
		t.Error("no note of the month without meetings")
	}

	pdf := c.get("/dashboard/bulletin.pdf?month=2026-11")
	wantStatus(t, pdf, http.StatusOK)
	if ct := pdf.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type = %q", ct)
	}
	if name := downloadName(t, pdf); name != "2026年11月 政企早餐会月度通报.pdf" {
		t.Errorf("file name = %q", name)
	}
	text := pdfToText(t, []byte(pdf.body))
	wantInOrder(t, text, "2026年11月政企早餐会月度通报", "一、本月主要指标", "收到诉求6", "66.7%（2/3）", "二、部门办理情况",
		"工信局", "三、本月办结的诉求", "D1厂房用地指标", "四、截至2026-11-20仍超期的诉求", "D3供电扩容", "（保密诉求）",
		"五、本月召开的早餐会", "本月没有召开早餐会。", "第1页/共")
	if strings.Contains(text, "D5规划许可") {
		t.Error("the PDF names a confidential demand")
	}

	xlsx := c.get("/dashboard/bulletin.xlsx?month=2026-11")
	wantStatus(t, xlsx, http.StatusOK)
	if name := downloadName(t, xlsx); name != "2026年11月 政企早餐会月度通报.xlsx" {
		t.Errorf("file name = %q", name)
	}
	f, err := excelize.OpenReader(strings.NewReader(xlsx.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wantTexts(t, "sheets", f.GetSheetList(), "一、本月主要指标", "二、部门办理情况", "三、本月办结的诉求", "四、截至 2026-11-20 仍超期的诉求",
		"五、本月召开的早餐会")
	cell := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if cell("一、本月主要指标", "A4") != "指标" || cell("一、本月主要指标", "B5") != "6" || cell("一、本月主要指标", "B9") != "66.7%（2/3）" {
		t.Errorf("figures sheet: %q %q %q", cell("一、本月主要指标", "A4"), cell("一、本月主要指标", "B5"), cell("一、本月主要指标", "B9"))
	}
	if cell("二、部门办理情况", "B5") != "工信局" || cell("二、部门办理情况", "F5") != "100%（2/2）" {
		t.Errorf("ranking sheet: %q %q", cell("二、部门办理情况", "B5"), cell("二、部门办理情况", "F5"))
	}
	if cell("三、本月办结的诉求", "C5") != "D1 厂房用地指标" || cell("三、本月办结的诉求", "F5") != "满意" {
		t.Errorf("closed sheet: %q %q", cell("三、本月办结的诉求", "C5"), cell("三、本月办结的诉求", "F5"))
	}
}

func TestBulletinOfAQuietMonth(t *testing.T) {
	e := dashboardEnv(t, true)
	c := e.login("official1")
	res := c.get("/dashboard/bulletin?month=2026-03")
	wantStatus(t, res, http.StatusOK)
	d := res.doc(t)
	rows := texts(d, "bulletin-figures-row")
	if len(rows) != 6 || !strings.HasPrefix(rows[0], "收到诉求 0") || !strings.HasPrefix(rows[4], "按时答复率 —") ||
		!strings.HasPrefix(rows[5], "满意率 —") {
		t.Errorf("figures = %q", rows)
	}
	for _, sec := range []string{"ranking", "closed", "overdue", "meetings"} {
		if len(texts(d, "bulletin-"+sec+"-empty")) != 1 {
			t.Errorf("section %s has no empty note", sec)
		}
	}
	pdf := c.get("/dashboard/bulletin.pdf?month=2026-03")
	wantStatus(t, pdf, http.StatusOK)
	wantInOrder(t, pdfToText(t, []byte(pdf.body)), "2026年3月政企早餐会月度通报", "收到诉求0", "按时答复率—", "本月没有部门办理诉求。",
		"本月没有办结的诉求。", "没有超期未办的诉求。", "本月没有召开早餐会。")
	xlsx := c.get("/dashboard/bulletin.xlsx?month=2026-03")
	wantStatus(t, xlsx, http.StatusOK)
	if _, err := excelize.OpenReader(strings.NewReader(xlsx.body)); err != nil {
		t.Fatal(err)
	}

	// Without a month: the previous one, October, with its meeting.
	res = c.get("/dashboard/bulletin")
	if got := res.text(t, "bulletin-title"); got != "2026年10月 政企早餐会月度通报" {
		t.Errorf("default month title = %q", got)
	}
	if rows := texts(res.doc(t), "bulletin-meetings-row"); len(rows) != 1 || !strings.Contains(rows[0], "看板十月早餐会") ||
		!strings.Contains(rows[0], "陈志远（区长）") || !strings.Contains(rows[0], "3/4") {
		t.Errorf("October meetings = %q", rows)
	}
	for _, bad := range []string{"2026-13", "november", "2026-1-x", "1999-12"} {
		if res := c.get("/dashboard/bulletin.pdf?month=" + bad); res.StatusCode != http.StatusBadRequest {
			t.Errorf("month %q: status %d, want 400", bad, res.StatusCode)
		}
	}
}

// TestDashboardListsLinkToTheFullList proves the dashboard's overdue list shows the most
// overdue ListLimit demands and leads to the full list, which holds them all.
func TestDashboardListsLinkToTheFullList(t *testing.T) {
	e := dashboardEnv(t, true)
	if _, err := e.pool.Exec(context.Background(), `INSERT INTO demands (enterprise_id, category_id, title, description,
			status, priority, lead_department_id, time_limit_days, assigned_at, deadline, created_at)
		SELECT enterprise_id, category_id, title || ' 之' || g, description, status, priority, lead_department_id,
			time_limit_days, assigned_at, deadline, created_at
		FROM demands, generate_series(1, 25) g
		WHERE id = (SELECT min(id) FROM demands WHERE status IN ('assigned', 'in_progress', 'reopened')
			AND deadline < '2026-11-20')`); err != nil {
		t.Fatal(err)
	}
	overdue := count(t, e, `SELECT count(*) FROM demands WHERE status IN ('assigned', 'in_progress', 'reopened')
		AND deadline < '2026-11-20'`)
	c := e.login("official1")
	d := c.get("/dashboard").doc(t)
	if n := d.Find(`[data-testid="overdue-row"]`).Length(); n != 20 {
		t.Fatalf("overdue rows = %d, want 20 of %d", n, overdue)
	}
	href, _ := d.Find(`[data-testid="overdue-all"]`).Attr("href")
	if href != "/demands?overdue=1" {
		t.Fatalf("full list link = %q", href)
	}
	list := c.get(href)
	wantStatus(t, list, http.StatusOK)
	if n := list.doc(t).Find(`[data-testid^="demand-row-"]`).Length(); n != overdue {
		t.Errorf("the full overdue list has %d rows, want %d", n, overdue)
	}
	// The copies' lead department has more than 20 overdue demands: its filtered dashboard
	// links to the list of those it leads, as the dashboard counts them, and co-handles one
	// more that the link leaves out.
	dept := count(t, e, `SELECT lead_department_id FROM demands WHERE title LIKE '% 之1'`)
	if _, err := e.pool.Exec(context.Background(), `INSERT INTO demand_co_departments (demand_id, department_id)
		SELECT min(id), $1 FROM demands WHERE status IN ('assigned', 'in_progress', 'reopened') AND deadline < '2026-11-20'
			AND lead_department_id <> $1`, dept); err != nil {
		t.Fatal(err)
	}
	filtered, _ := c.get("/dashboard?department=" + itoa(int64(dept))).doc(t).Find(`[data-testid="overdue-all"]`).Attr("href")
	if want := "/demands?department=" + itoa(int64(dept)) + "&lead=1&overdue=1"; filtered != want {
		t.Fatalf("link of the department's dashboard = %q, want %q", filtered, want)
	}
	led := count(t, e, `SELECT count(*) FROM demands WHERE status IN ('assigned', 'in_progress', 'reopened')
		AND deadline < '2026-11-20' AND lead_department_id = $1`, dept)
	if n := c.get(filtered).doc(t).Find(`[data-testid^="demand-row-"]`).Length(); n != min(led, 50) {
		t.Errorf("the department's overdue list has %d rows, want the %d it leads", n, led)
	}
}

// A department's overdue count in the ranking links to the demand list of exactly those
// demands: led by it, raised in the period, overdue. One it co-handles and one raised before
// the period are in neither.
func TestRankingOverdueCountLeadsToItsDemands(t *testing.T) {
	e := dashboardEnv(t, true)
	ctx := context.Background()
	dept := count(t, e, `SELECT lead_department_id FROM demands WHERE status IN ('assigned', 'in_progress', 'reopened')
		AND deadline < '2026-11-20' AND created_at >= '2026-06-01' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`)
	if _, err := e.pool.Exec(ctx, `INSERT INTO demand_co_departments (demand_id, department_id)
		SELECT min(id), $1 FROM demands WHERE status IN ('assigned', 'in_progress', 'reopened') AND deadline < '2026-11-20'
			AND created_at >= '2026-06-01' AND lead_department_id <> $1`, dept); err != nil {
		t.Fatal(err)
	}
	if _, err := e.pool.Exec(ctx, `INSERT INTO demands (enterprise_id, category_id, title, description, status,
			lead_department_id, time_limit_days, assigned_at, deadline, created_at)
		SELECT enterprise_id, category_id, '上半年提出的逾期诉求', description, 'in_progress', $1, 10,
			'2026-05-20', '2026-06-03', '2026-05-19' FROM demands LIMIT 1`, dept); err != nil {
		t.Fatal(err)
	}
	c := e.login("official1")
	doc := c.get("/dashboard?from=2026-06-01&to=2026-11-20&sort=department").doc(t)
	var href, shown string
	doc.Find(`[data-testid="ranking-row"]`).Each(func(_ int, row *goquery.Selection) {
		if link := row.Find(`[data-testid="ranking-overdue-link"]`); strings.Contains(link.AttrOr("href", ""), "department="+itoa(int64(dept))+"&") {
			href, shown = link.AttrOr("href", ""), strings.TrimSpace(link.Text())
		}
	})
	want := "/demands?department=" + itoa(int64(dept)) + "&from=2026-06-01&lead=1&overdue=1&to=2026-11-20"
	if href != want {
		t.Fatalf("the department's overdue count links to %q, want %q", href, want)
	}
	led := count(t, e, `SELECT count(*) FROM demands WHERE status IN ('assigned', 'in_progress', 'reopened')
		AND deadline < '2026-11-20' AND lead_department_id = $1 AND created_at >= '2026-06-01'`, dept)
	if shown != itoa(int64(led)) {
		t.Errorf("ranking shows %s overdue, the department leads %d", shown, led)
	}
	list := c.get(href)
	wantStatus(t, list, http.StatusOK)
	if n := list.doc(t).Find(`[data-testid^="demand-row-"]`).Length(); n != led {
		t.Errorf("the linked list has %d rows, the count is %d", n, led)
	}
	// With a chain filter the dashboard and the list place demands differently: no link.
	for _, page := range []struct {
		who string
		c   *client
		url string
	}{
		{"with a chain filter", c, "/dashboard?from=2026-06-01&chain=" + itoa(int64(count(t, e, `SELECT min(id) FROM industry_chains`)))},
		// Department staff have no demand list to go to.
		{"on a department's dashboard", e.login("gxj"), "/dashboard?from=2026-06-01"},
	} {
		doc := page.c.get(page.url).doc(t)
		if texts(doc, "ranking-overdue")[0] == "0" {
			t.Fatalf("%s: no overdue demands to link", page.who)
		}
		if n := doc.Find(`[data-testid="ranking-overdue-link"]`).Length(); n != 0 {
			t.Errorf("%s: %d overdue links", page.who, n)
		}
	}
}
