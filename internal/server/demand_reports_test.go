package server

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"
)

// reportSpec is a demand to create directly in the database, in any state, for the report
// tests.
type reportSpec struct {
	enterprise int64
	meeting    int64 // 0 for none
	category   string
	title      string
	status     portal.DemandStatus
	lead       int64   // 0 for none
	co         []int64 // co-handling departments
	deadline   string  // 2026-12-20; "" for none
	supervised bool
	created    time.Time
}

// reportDemand creates the demand and returns its id.
func reportDemand(t *testing.T, e *env, s reportSpec) int64 {
	t.Helper()
	ctx := context.Background()
	var meeting, lead *int64
	if s.meeting != 0 {
		meeting = &s.meeting
	}
	if s.lead != 0 {
		lead = &s.lead
	}
	var deadline *string
	if s.deadline != "" {
		deadline = &s.deadline
	}
	if s.category == "" {
		s.category = "land"
	}
	if s.status == "" {
		s.status = portal.DemandSubmitted
	}
	if s.created.IsZero() {
		s.created = time.Now()
	}
	var id int64
	if err := e.pool.QueryRow(ctx, `INSERT INTO demands (enterprise_id, meeting_id, category_id, title, description, status,
			lead_department_id, time_limit_days, assigned_at, deadline, supervised, created_at)
		VALUES ($1, $2, (SELECT id FROM demand_categories WHERE code = $3), $4, '企业反映的具体情况。', $5, $6,
			CASE WHEN $6::bigint IS NULL THEN NULL ELSE 10 END, CASE WHEN $6::bigint IS NULL THEN NULL ELSE $9::timestamptz END,
			$7::date, $8, $9) RETURNING id`,
		s.enterprise, meeting, s.category, s.title, s.status, lead, deadline, s.supervised, s.created).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for _, d := range s.co {
		if _, err := e.pool.Exec(ctx, `INSERT INTO demand_co_departments (demand_id, department_id) VALUES ($1, $2)`, id, d); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// reportFixture is a meeting of 18 December 2026 with four demands raised for it (and two
// that are not), seen on 28 December 2026.
type reportFixture struct {
	meeting                         int64
	overdue, fresh, closed, waiting int64 // in the order raised
	titles                          []string
}

var reportNow = time.Date(2026, 12, 28, 10, 0, 0, 0, portal.CST)

func newReportFixture(t *testing.T, e *env) reportFixture {
	t.Helper()
	e.setNow(reportNow)
	gxj, zgj, power := e.department("工业和信息化局"), e.department("自然资源和规划局"), e.department("供电公司")
	if _, err := e.pool.Exec(context.Background(), `UPDATE departments SET short_name = '工信局' WHERE id = $1`, gxj); err != nil {
		t.Fatal(err)
	}
	m := e.meeting(printTheme, printDay, 30)
	other := e.meeting("集成电路产业链企业家早餐会", printDay.AddDate(0, 0, 7), 30)
	xingtu := e.enterprise("星途新能源汽车股份有限公司", portal.EnterpriseVerified)
	anhui := e.enterprise("安徽江淮零部件有限公司", portal.EnterpriseVerified)
	f := reportFixture{meeting: m}
	raised := printDay.Add(40 * time.Minute)
	// Raised in this order; the list numbers them so, whatever their ids.
	f.closed = reportDemand(t, e, reportSpec{enterprise: anhui, meeting: m, category: "utilities", title: "申请增加 10 千伏专线用电容量",
		status: portal.DemandClosed, lead: power, deadline: "2026-12-25", created: raised.Add(3 * time.Minute)})
	f.overdue = reportDemand(t, e, reportSpec{enterprise: xingtu, meeting: m, category: "approvals", title: "新建厂房竣工验收周期长，希望并联审批",
		status: portal.DemandInProgress, lead: gxj, co: []int64{zgj, power}, deadline: "2026-12-24", supervised: true, created: raised})
	f.fresh = reportDemand(t, e, reportSpec{enterprise: anhui, meeting: m, category: "land", title: "二期项目用地指标",
		status: portal.DemandAssigned, lead: zgj, deadline: "2026-12-31", created: raised.Add(time.Minute)})
	f.waiting = reportDemand(t, e, reportSpec{enterprise: xingtu, meeting: m, category: "talent", title: "高技能人才公寓申请",
		created: raised.Add(2 * time.Minute)})
	f.titles = []string{"新建厂房竣工验收周期长，希望并联审批", "二期项目用地指标", "高技能人才公寓申请", "申请增加 10 千伏专线用电容量"}
	// Not this meeting's.
	reportDemand(t, e, reportSpec{enterprise: xingtu, meeting: other, title: "别的会议上的诉求", created: raised})
	reportDemand(t, e, reportSpec{enterprise: xingtu, title: "平时在线提交的诉求", created: raised})
	return f
}

func TestMeetingDemandList(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	f := newReportFixture(t, e)
	c := e.login("official1")
	base := "/meetings/" + itoa(f.meeting) + "/demands"

	res := c.get(base)
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	if tab := doc.Find(`[data-testid="tab-demands"]`); tab.AttrOr("aria-current", "") != "page" || tab.AttrOr("href", "") != base {
		t.Errorf("the demands tab is not the current one: %q", tab.AttrOr("href", ""))
	}
	if href := doc.Find(`[data-testid="record-demand"]`).AttrOr("href", ""); href != "/demands/new?meeting="+itoa(f.meeting) {
		t.Errorf("record link = %q", href)
	}
	rows := doc.Find(`[data-testid="demand-list"] tbody tr`)
	var got []string
	rows.Each(func(_ int, row *goquery.Selection) {
		cell := func(id string) string {
			return strings.Join(strings.Fields(row.Find(`[data-testid="`+id+`"]`).Text()), " ")
		}
		got = append(got, strings.Join([]string{cell("demand-no"), cell("demand-enterprise"), cell("demand-title"),
			cell("demand-category"), cell("demand-lead"), cell("demand-co"), cell("demand-deadline"), cell("demand-status"),
			cell("overdue"), cell("supervised")}, "|"))
	})
	want := []string{
		"1|星途新能源汽车股份有限公司|新建厂房竣工验收周期长，希望并联审批|审批|工信局|供电公司、自然资源和规划局|2026-12-24|办理中|已超期|督办",
		"2|安徽江淮零部件有限公司|二期项目用地指标|用地|自然资源和规划局|—|2026-12-31|已交办||",
		"3|星途新能源汽车股份有限公司|高技能人才公寓申请|人才|—|—|—|待受理||",
		"4|安徽江淮零部件有限公司|申请增加 10 千伏专线用电容量|水电气|供电公司|—|2026-12-25|已办结||",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the list:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Only the late one that a department still works on is overdue (the closed one's
	// deadline passed too, but it is done).
	if n := doc.Find(`tr.row-overdue`).Length(); n != 1 || !doc.Find(`[data-testid="demand-row-`+itoa(f.overdue)+`"]`).HasClass("row-overdue") {
		t.Errorf("%d rows marked overdue", n)
	}
	for id, want := range map[string]string{"count-total": "4", "count-open": "3", "count-answered": "0", "count-closed": "1", "count-overdue": "1"} {
		if got := res.text(t, id); got != want {
			t.Errorf("%s = %q, want %s", id, got, want)
		}
	}

	t.Run("print page", func(t *testing.T) {
		res := c.get(base + "/print")
		wantStatus(t, res, http.StatusOK)
		if got := res.text(t, "print-title"); got != "问题清单" {
			t.Errorf("title %q", got)
		}
		doc := res.doc(t)
		if n := doc.Find(`[data-testid="print-row"]`).Length(); n != 4 {
			t.Errorf("%d rows", n)
		}
		if doc.Find("nav").Length() != 0 {
			t.Error("the print page has navigation")
		}
		first := doc.Find(`[data-testid="print-row"]`).First()
		if !first.HasClass("overdue") || !strings.Contains(first.Text(), "2026-12-24\n已超期") || !strings.Contains(first.Text(), "办理中 · 督办") {
			t.Errorf("the overdue row: %q", first.Text())
		}
		if href := doc.Find(`[data-testid="download-pdf"]`).AttrOr("href", ""); href != base+".pdf" {
			t.Errorf("PDF link %q", href)
		}
	})

	t.Run("PDF", func(t *testing.T) {
		res := c.get(base + ".pdf")
		wantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("Content-Type %q", ct)
		}
		if got := downloadName(t, res); got != "2026-12-18 "+printTheme+" 问题清单.pdf" {
			t.Errorf("file name %q", got)
		}
		text := pdfToText(t, []byte(res.body))
		wantInOrder(t, text, "问题清单", printTheme, "新建厂房竣工验收周期长，希望并联审批", "二期项目用地指标", "高技能人才公寓申请", "申请增加10千伏专线用电容量")
		for _, w := range []string{"主办单位", "协办单位", "2026-12-24", "已超期", "办理中·督办", "星途新能源汽车股份有限公司", "第1页/共1页"} {
			if !strings.Contains(text, w) {
				t.Errorf("the PDF lacks %q:\n%s", w, text)
			}
		}
		if strings.Contains(text, "别的会议上的诉求") || strings.Contains(text, "平时在线提交的诉求") {
			t.Error("the PDF lists another meeting's demand")
		}
	})

	t.Run("xlsx", func(t *testing.T) {
		res := c.get(base + ".xlsx")
		wantStatus(t, res, http.StatusOK)
		if got := downloadName(t, res); got != "2026-12-18 "+printTheme+" 问题清单.xlsx" {
			t.Errorf("file name %q", got)
		}
		x, err := excelize.OpenReader(strings.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		sheet := x.GetSheetList()[0]
		if sheet != "问题清单" {
			t.Errorf("sheet %q", sheet)
		}
		rows, _ := x.GetRows(sheet)
		want := [][]string{
			{"序号", "企业", "诉求（类别）", "主办单位", "协办单位", "办理时限", "状态"},
			{"1", "星途新能源汽车股份有限公司", "新建厂房竣工验收周期长，希望并联审批（审批）", "工信局", "供电公司、自然资源和规划局", "2026-12-24\n已超期", "办理中 · 督办"},
			{"2", "安徽江淮零部件有限公司", "二期项目用地指标（用地）", "自然资源和规划局", "", "2026-12-31", "已交办"},
			{"3", "星途新能源汽车股份有限公司", "高技能人才公寓申请（人才）", "", "", "", "待受理"},
			{"4", "安徽江淮零部件有限公司", "申请增加 10 千伏专线用电容量（水电气）", "供电公司", "", "2026-12-25", "已办结"},
		}
		if len(rows) != len(want) {
			t.Fatalf("rows = %q", rows)
		}
		for i := range want {
			if got := strings.Join(append(rows[i], make([]string, len(want[i])-len(rows[i]))...), "|"); got != strings.Join(want[i], "|") {
				t.Errorf("row %d = %s, want %s", i+1, got, strings.Join(want[i], "|"))
			}
		}
	})

	t.Run("CSV", func(t *testing.T) {
		res := c.get(base + ".csv")
		wantStatus(t, res, http.StatusOK)
		if got := downloadName(t, res); got != "2026-12-18 "+printTheme+" 问题清单.csv" {
			t.Errorf("file name %q", got)
		}
		if !strings.HasPrefix(res.body, "\ufeff") {
			t.Fatal("no UTF-8 byte order mark")
		}
		records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(records) != 5 || strings.Join(records[0], ",") != "序号,企业,诉求（类别）,主办单位,协办单位,办理时限,状态" {
			t.Fatalf("records = %q", records)
		}
		for i, title := range f.titles {
			if !strings.HasPrefix(records[i+1][2], title) {
				t.Errorf("record %d = %q, want %s", i+1, records[i+1], title)
			}
		}
	})

	t.Run("English", func(t *testing.T) {
		c := e.login("official1")
		c.post("/lang", nil)
		res := c.get(base + ".csv")
		records, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff"))).ReadAll()
		if len(records) < 2 || records[0][2] != "Demand (category)" || records[1][2] != "新建厂房竣工验收周期长，希望并联审批 (Approvals)" ||
			records[1][5] != "2026-12-24\n(overdue)" {
			t.Errorf("records = %q", records)
		}
		if got := downloadName(t, res); got != "2026-12-18 "+printTheme+" Demand list.csv" {
			t.Errorf("file name %q", got)
		}
	})
}

func TestMeetingDemandListEmpty(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	m := e.meeting(printTheme, printDay, 30)
	c := e.login("official1")
	res := c.get("/meetings/" + itoa(m) + "/demands")
	wantStatus(t, res, http.StatusOK)
	if got := res.text(t, "demand-list-empty"); got != "本次会议尚无诉求。" {
		t.Errorf("empty list says %q", got)
	}
	pdf := c.get("/meetings/" + itoa(m) + "/demands.pdf")
	wantStatus(t, pdf, http.StatusOK)
	if text := pdfToText(t, []byte(pdf.body)); !strings.Contains(text, "本次会议尚无诉求。") || strings.Contains(text, "参会") {
		t.Errorf("the empty PDF says:\n%s", text)
	}
	// The print tab offers the demand list too.
	print := c.get("/meetings/" + itoa(m) + "/print")
	if href := print.doc(t).Find(`[data-testid="print-pdf-demands"]`).AttrOr("href", ""); href != "/meetings/"+itoa(m)+"/demands.pdf" {
		t.Errorf("print tab link %q", href)
	}
}

func TestDemandReportsOnlyForOfficials(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.newAccount("admin1", portal.RoleAdmin)
	boss := e.newAccount("boss", portal.RoleEntrepreneur)
	e.newAccount("gxj", portal.RoleDepartment)
	f := newReportFixture(t, e)
	// The entrepreneur's own demand, for this meeting, handled by the department's own office:
	// still not theirs to list.
	reportDemand(t, e, reportSpec{enterprise: *boss.EnterpriseID, meeting: f.meeting, title: "自己的诉求",
		status: portal.DemandAssigned, lead: e.department("工业和信息化局"), deadline: "2026-12-30"})
	base := "/meetings/" + itoa(f.meeting)
	paths := []string{base + "/demands", base + "/demands/print", base + "/demands.pdf", base + "/demands.xlsx", base + "/demands.csv",
		"/enterprises/" + itoa(*boss.EnterpriseID)}
	for _, who := range []string{"boss", "gxj"} {
		c := e.login(who)
		for _, p := range paths {
			if res := c.get(p); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: status %d, want 403", who, p, res.StatusCode)
			}
		}
	}
	if res := e.client().get(base + "/demands.pdf"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous: status %d, want a redirect to the login", res.StatusCode)
	}
	for _, who := range []string{"official1", "admin1"} {
		c := e.login(who)
		for _, p := range paths {
			if res := c.get(p); res.StatusCode != http.StatusOK {
				t.Errorf("%s GET %s: status %d, want 200", who, p, res.StatusCode)
			}
		}
	}
	official := e.login("official1")
	for _, p := range []string{base + "/demands.docx", base + "/demands.pdf.zip", "/meetings/999999/demands", "/meetings/999999/demands.pdf"} {
		if res := official.get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, res.StatusCode)
		}
	}
}

func TestSeriesOpenDemands(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.setNow(reportNow)
	ctx := context.Background()
	series := func(name string, meetings ...int64) {
		t.Helper()
		if _, err := e.pool.Exec(ctx, `WITH s AS (INSERT INTO meeting_series (name) VALUES ($1) RETURNING id)
			UPDATE meetings SET series_id = (SELECT id FROM s) WHERE id = ANY ($2)`, name, meetings); err != nil {
			t.Fatal(err)
		}
	}
	first := e.meeting("第 10 期", time.Date(2026, 12, 4, 7, 30, 0, 0, portal.CST), 30)
	second := e.meeting("第 11 期", time.Date(2027, 1, 8, 7, 30, 0, 0, portal.CST), 30)
	current := e.meeting("第 12 期", time.Date(2027, 2, 5, 7, 30, 0, 0, portal.CST), 30)
	later := e.meeting("第 13 期", time.Date(2027, 3, 5, 7, 30, 0, 0, portal.CST), 30)
	series("新能源汽车产业链企业家早餐会", first, second, current, later)
	elsewhere := e.meeting("集成电路早餐会", time.Date(2026, 12, 11, 7, 30, 0, 0, portal.CST), 30)
	series("集成电路产业链企业家早餐会", elsewhere)
	alone := e.meeting("单独的早餐会", time.Date(2027, 2, 12, 7, 30, 0, 0, portal.CST), 30)
	gxj := e.department("工业和信息化局")
	ent := e.enterprise("星途新能源汽车股份有限公司", portal.EnterpriseVerified)
	at := time.Date(2026, 12, 4, 8, 0, 0, 0, portal.CST)
	demand := func(meeting int64, title string, st portal.DemandStatus, deadline string) int64 {
		at = at.Add(time.Minute)
		s := reportSpec{enterprise: ent, meeting: meeting, title: title, status: st, deadline: deadline, created: at}
		if deadline != "" {
			s.lead = gxj
		}
		return reportDemand(t, e, s)
	}
	want := []int64{
		demand(first, "十期待受理", portal.DemandSubmitted, ""),
		demand(first, "十期办理中超期", portal.DemandInProgress, "2026-12-20"),
		demand(first, "十期已答复", portal.DemandAnswered, "2026-12-20"),
		demand(first, "十期重新办理", portal.DemandReopened, "2027-01-20"),
		demand(first, "十期退回", portal.DemandReturned, "2027-01-20"),
		demand(second, "十一期已交办", portal.DemandAssigned, "2027-01-30"),
	}
	for _, st := range []portal.DemandStatus{portal.DemandClosed, portal.DemandRejected, portal.DemandMerged} {
		demand(first, "十期"+string(st), st, "")
		demand(second, "十一期"+string(st), st, "")
	}
	demand(current, "本期的诉求", portal.DemandSubmitted, "")
	demand(later, "下期的诉求", portal.DemandSubmitted, "")
	demand(elsewhere, "其他系列的诉求", portal.DemandSubmitted, "")
	demand(0, "不属于会议的诉求", portal.DemandSubmitted, "")

	c := e.login("official1")
	res := c.get("/meetings/" + itoa(current))
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	section := doc.Find(`[data-testid="series-open-demands"]`)
	if !strings.Contains(section.Find("h2").Text(), "往期未办结问题") {
		t.Fatalf("no section: %q", section.Text())
	}
	var got []string
	section.Find(`tbody tr`).Each(func(_ int, row *goquery.Selection) {
		got = append(got, strings.TrimPrefix(row.AttrOr("data-testid", ""), "series-demand-"))
	})
	if strings.Join(got, ",") != itoaAll(want) {
		t.Errorf("open demands of earlier meetings = %v, want %s", got, itoaAll(want))
	}
	if row := section.Find(`[data-testid="series-demand-` + itoa(want[1]) + `"]`); row.Find(`[data-testid="overdue"]`).Length() != 1 ||
		!strings.Contains(row.Text(), "2026-12-04") {
		t.Errorf("the overdue row: %q", row.Text())
	}
	if section.Find(`[data-testid="series-demand-`+itoa(want[2])+`"] [data-testid="overdue"]`).Length() != 0 {
		t.Error("an answered demand is marked overdue")
	}

	// The series' first meeting has no earlier ones; a meeting outside any series no section.
	res = c.get("/meetings/" + itoa(first))
	if got := res.text(t, "series-open-empty"); got != "往期会议提出的诉求均已办结。" {
		t.Errorf("first meeting: %q", got)
	}
	if n := c.get("/meetings/" + itoa(alone)).doc(t).Find(`[data-testid="series-open-demands"]`).Length(); n != 0 {
		t.Error("a meeting outside any series shows the section")
	}
}

func TestEnterprisePageMeetingsAndDemands(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.setNow(reportNow)
	ctx := context.Background()
	ent := e.enterprise("星途新能源汽车股份有限公司", portal.EnterpriseVerified)
	other := e.enterprise("远航动力电池科技有限公司", portal.EnterpriseVerified)
	attended := e.meeting("第 11 期", printDay, 30)
	declined := e.meeting("第 12 期", printDay.AddDate(0, 1, 0), 30)
	walkedIn := e.meeting("第 13 期", printDay.AddDate(0, 2, 0), 30)
	notInvited := e.meeting("别的早餐会", printDay.AddDate(0, 0, 3), 30)
	var inv int64
	if err := e.pool.QueryRow(ctx, `INSERT INTO invitations (meeting_id, enterprise_id, status, source, replied_at)
		VALUES ($1, $2, 'accepted', 'official', now()) RETURNING id`, attended, ent).Scan(&inv); err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO attendees (meeting_id, invitation_id, enterprise_id, name, mobile, checkin_code, checked_in_at)
			VALUES ($1, $2, $3, '王建华', '13812345678', 'A00001', now()), ($1, $2, $3, '李明', '13812345679', 'A00002', NULL)`,
			[]any{attended, inv, ent}},
		{`INSERT INTO invitations (meeting_id, enterprise_id, status, source, replied_at) VALUES ($1, $2, 'declined', 'official', now())`,
			[]any{declined, ent}},
		{`INSERT INTO attendees (meeting_id, enterprise_id, name, mobile, checkin_code, walk_in, checked_in_at)
			VALUES ($1, $2, '王建华', '13812345678', 'W00001', true, now())`, []any{walkedIn, ent}},
		{`INSERT INTO invitations (meeting_id, enterprise_id, status, source) VALUES ($1, $2, 'invited', 'official')`,
			[]any{notInvited, other}},
	} {
		if _, err := e.pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	gxj := e.department("工业和信息化局")
	old := reportDemand(t, e, reportSpec{enterprise: ent, meeting: attended, title: "二期项目用地指标", status: portal.DemandInProgress,
		lead: gxj, deadline: "2026-12-24", created: printDay.Add(time.Hour)})
	recent := reportDemand(t, e, reportSpec{enterprise: ent, title: "高技能人才公寓申请", created: printDay.AddDate(0, 0, 5)})
	reportDemand(t, e, reportSpec{enterprise: other, title: "别家企业的诉求"})

	c := e.login("official1")
	res := c.get("/enterprises/" + itoa(ent))
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	meetings := doc.Find(`[data-testid="enterprise-meetings"] tbody tr`)
	var got []string
	meetings.Each(func(_ int, row *goquery.Selection) {
		got = append(got, strings.TrimPrefix(row.AttrOr("data-testid", ""), "enterprise-meeting-")+"|"+
			strings.TrimSpace(row.Find(`[data-testid="invitation-status"]`).Text())+"|"+
			strings.TrimSpace(row.Find(`[data-testid="checked-in"]`).Text()))
	})
	want := []string{itoa(walkedIn) + "|现场登记|已签到（1/1 人）", itoa(declined) + "|不参加|未签到", itoa(attended) + "|确认参会|已签到（1/2 人）"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("meetings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var demands []string
	doc.Find(`[data-testid="enterprise-demands"] tbody tr`).Each(func(_ int, row *goquery.Selection) {
		a := row.Find(`[data-testid="demand-title"]`)
		demands = append(demands, a.Text()+"|"+a.AttrOr("href", "")+"|"+strings.TrimSpace(row.Find(`[data-testid="demand-status"]`).Text())+"|"+
			strings.TrimSpace(row.Find(`[data-testid="demand-deadline"]`).Text())+"|"+strings.TrimSpace(row.Find(`[data-testid="overdue"]`).Text()))
	})
	wantDemands := []string{"高技能人才公寓申请|/demands/" + itoa(recent) + "|待受理|—|", "二期项目用地指标|/demands/" + itoa(old) + "|办理中|2026-12-24|已超期"}
	if strings.Join(demands, "\n") != strings.Join(wantDemands, "\n") {
		t.Errorf("demands:\n%s\nwant:\n%s", strings.Join(demands, "\n"), strings.Join(wantDemands, "\n"))
	}

	if href := doc.Find(`[data-testid="enterprise-demands-all"]`).AttrOr("href", ""); href != "/demands?enterprise="+itoa(ent) {
		t.Errorf("link to all its demands = %q", href)
	}

	// An enterprise with neither says so.
	res = c.get("/enterprises/" + itoa(e.enterprise("新注册企业有限公司", portal.EnterpriseVerified)))
	if res.text(t, "enterprise-meetings-empty") == "" || res.text(t, "enterprise-demands-empty") == "" {
		t.Error("no empty notes")
	}
}
