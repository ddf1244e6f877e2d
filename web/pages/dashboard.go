package pages

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/charts"
	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/printing"
)

// DashboardForm is the dashboard's filter as typed (a GET form): the creation period of the
// demands, the industry chain, the department, and the ranking's sort.
type DashboardForm struct {
	From       string `form:"from"`
	To         string `form:"to"`
	Chain      string `form:"chain"`
	Department string `form:"department"`
	Sort       string `form:"sort"`
	Dir        string `form:"dir"`
	Problems   portal.Problems
}

// DashboardView is the supervision dashboard (督办看板).
type DashboardView struct {
	D           *postgres.Dashboard
	Form        DashboardForm
	Chains      []portal.Chain
	Departments []portal.Department
	// OwnDepartment is the department of department staff, whose dashboard is fixed to it;
	// empty for officials and administrators.
	OwnDepartment string
	// BulletinMonth is the month the bulletin form offers first ("2026-10").
	BulletinMonth string
}

// sortHref is the link of a ranking column's header: sorted by it in its natural order, or,
// when it is already the sort column, in the other order. The filter is kept.
func (v DashboardView) sortHref(col postgres.RankingSort) string {
	q := url.Values{}
	for k, val := range map[string]string{"from": v.Form.From, "to": v.Form.To, "chain": v.Form.Chain,
		"department": v.Form.Department} {
		if val != "" {
			q.Set(k, val)
		}
	}
	q.Set("sort", string(col))
	if col == v.D.Filter.Sort && !v.D.Filter.Reverse {
		q.Set("dir", "reverse")
	}
	return "/dashboard?" + q.Encode() + "#ranking"
}

// listLink leads from a dashboard list ("overdue" or "supervised") to a full list, with its
// label: the officials' demand list of every such demand (any period; with the dashboard's
// department, those it leads, as the dashboard counts them), or a department's overdue tab. ""
// when there is none.
func (v DashboardView) listLink(list string) (href, label string) {
	if v.OwnDepartment != "" {
		if list == "overdue" {
			return "/inbox?tab=overdue", "dashboard.list_inbox_overdue"
		}
		return "", ""
	}
	q := url.Values{}
	label = "dashboard.list_all_overdue"
	if list == "overdue" {
		q.Set("overdue", "1")
	} else {
		q.Set("supervised", "yes")
		label = "dashboard.list_all_supervised"
	}
	if id := v.D.Filter.DepartmentID; id != nil {
		q.Set("department", strconv.FormatInt(*id, 10))
		q.Set("lead", "1")
	}
	return "/demands?" + q.Encode(), label
}

// rankingOverdueHref leads from a department's overdue count in the ranking to the demand list
// of exactly those demands: led by it, raised in the period, overdue. "" when the list cannot
// show exactly them: for department staff (who have no demand list), with a chain filter (the
// dashboard counts a demand for the chain of the meeting it was raised at, the list for its
// enterprise's chains), or when there are none.
func (v DashboardView) rankingOverdueHref(r postgres.DepartmentFigures) string {
	if v.OwnDepartment != "" || v.D.Filter.ChainID != nil || r.Overdue == 0 {
		return ""
	}
	q := url.Values{}
	q.Set("department", strconv.FormatInt(r.DepartmentID, 10))
	q.Set("lead", "1")
	q.Set("overdue", "1")
	q.Set("from", v.D.Filter.From.In(portal.CST).Format(time.DateOnly))
	q.Set("to", v.D.Filter.To.In(portal.CST).Format(time.DateOnly))
	return "/demands?" + q.Encode()
}

// ariaSort is the aria-sort value of a ranking column's header.
func (v DashboardView) ariaSort(col postgres.RankingSort) string {
	if col != v.D.Filter.Sort {
		return ""
	}
	if col.Ascending() != v.D.Filter.Reverse {
		return "ascending"
	}
	return "descending"
}

// sortMark is the arrow after the sort column's header.
func (v DashboardView) sortMark(col postgres.RankingSort) string {
	switch v.ariaSort(col) {
	case "ascending":
		return " ▲"
	case "descending":
		return " ▼"
	}
	return ""
}

// rankingColumns are the ranking table's columns: sort key and header key.
var rankingColumns = []struct {
	sort  postgres.RankingSort
	label string
}{
	{postgres.RankByDepartment, "dashboard.col_department"},
	{postgres.RankByAssigned, "dashboard.col_assigned"},
	{postgres.RankByAnswered, "dashboard.col_answered"},
	{postgres.RankByOverdue, "dashboard.col_overdue"},
	{postgres.RankByOnTime, "dashboard.col_on_time"},
	{postgres.RankBySatisfaction, "dashboard.col_satisfaction"},
	{postgres.RankByDays, "dashboard.col_days"},
}

// dashboardTerms are the figures the dashboard defines, in the order it defines them; each
// has a term (dashboard.term_*) and a one-sentence definition (dashboard.def_*).
var dashboardTerms = []string{"scope", "accepted", "resolution", "on_time", "satisfaction", "not_rated", "overdue", "days",
	"chain", "meetings", "acceptance", "check_in"}

func dashItoa(n int) string { return strconv.Itoa(n) }

func dashID(id int64) string { return strconv.FormatInt(id, 10) }

// rateText is a rate with its counts, "66.7%（2/3）", or "—".
func dashRate(ctx context.Context, r portal.Rate) string {
	if !r.Defined() {
		return portal.NoFigure
	}
	return i18n.T(ctx, "dashboard.rate_with_counts", r.String(), r.Fraction())
}

func dashDemandHref(id int64) string { return "/demands/" + dashID(id) }

// groupName is a chain's or category's name in ctx's language.
func dashGroupName(ctx context.Context, g postgres.GroupFigures) string {
	if i18n.LangOf(ctx) == portal.LangEN && g.NameEN != "" {
		return g.NameEN
	}
	return g.Name
}

// period is the dashboard's period as the page states it.
func (v DashboardView) period(ctx context.Context) string {
	return i18n.T(ctx, "dashboard.period", v.D.Filter.From.In(portal.CST).Format("2006-01-02"),
		v.D.Filter.To.In(portal.CST).Format("2006-01-02"))
}

// rankingChart is the department ranking's on-time rates as a bar chart.
func rankingChart(ctx context.Context, rows []postgres.DepartmentFigures) string {
	c := charts.BarChart{ID: "chart-ranking", Title: i18n.T(ctx, "dashboard.chart_on_time_title"), Max: 100, Unit: "%"}
	var parts []string
	for _, r := range rows {
		p, ok := r.OnTime.Percent()
		text := dashRate(ctx, r.OnTime)
		c.Bars = append(c.Bars, charts.Bar{Label: r.Department, Value: p, Missing: !ok, Text: text})
		parts = append(parts, i18n.T(ctx, "dashboard.chart_item", r.Department, text))
	}
	if len(parts) == 0 {
		c.Desc = i18n.T(ctx, "dashboard.chart_empty")
	} else {
		c.Desc = i18n.T(ctx, "dashboard.chart_on_time_desc", strings.Join(parts, i18n.T(ctx, "dashboard.list_sep")))
	}
	return c.SVG()
}

// trendChart is the 12-month trend as a line chart.
func trendChart(ctx context.Context, months []postgres.MonthFigures) string {
	c := charts.LineChart{ID: "chart-trend", Title: i18n.T(ctx, "dashboard.chart_trend_title"),
		Series: []charts.Series{{Name: i18n.T(ctx, "dashboard.col_received")}, {Name: i18n.T(ctx, "dashboard.col_closed")}}}
	received, closed := 0, 0
	for _, m := range months {
		c.Labels = append(c.Labels, m.Month.Format("2006-01"))
		c.Series[0].Values = append(c.Series[0].Values, float64(m.Received))
		c.Series[1].Values = append(c.Series[1].Values, float64(m.Closed))
		received += m.Received
		closed += m.Closed
	}
	if len(months) > 0 {
		c.Desc = i18n.T(ctx, "dashboard.chart_trend_desc", months[0].Month.Format("2006-01"),
			months[len(months)-1].Month.Format("2006-01"), received, closed)
	}
	return c.SVG()
}

// BulletinFileName is the bulletin's file name in ctx's language, without the extension's
// dot: "2026年11月 政企早餐会月度通报.pdf".
func BulletinFileName(ctx context.Context, b *postgres.Bulletin, ext string) string {
	return i18n.T(ctx, "bulletin.filename", b.Month.Year(), int(b.Month.Month())) + "." + ext
}

// BulletinView is the bulletin's print page.
type BulletinView struct {
	Report printing.Report
	Month  string // "2026-11", for the download links
}

// BulletinReport lays out the bulletin as a report in ctx's language: the month's figures,
// the department ranking, the demands closed in the month, those still overdue at its end,
// and the meetings held. Confidential demands show as such, not by title: a bulletin goes
// round. department names the department of a department's own bulletin.
func BulletinReport(ctx context.Context, b *postgres.Bulletin, department string, now time.Time) printing.Report {
	t := func(key string, args ...any) string { return i18n.T(ctx, key, args...) }
	rep := printing.Report{Title: t("bulletin.title", b.Month.Year(), int(b.Month.Month())),
		PrintedAt: t("print.printed_at", now.In(portal.CST).Format("2006-01-02 15:04"))}
	end := b.Month.AddDate(0, 1, -1)
	rep.Subtitle = append(rep.Subtitle, t("bulletin.period", b.Month.Format("2006-01-02"), end.Format("2006-01-02")))
	if !b.Complete {
		rep.Subtitle = append(rep.Subtitle, t("bulletin.running", b.Through.Format("2006-01-02")))
	}
	if department != "" {
		rep.Subtitle = append(rep.Subtitle, t("bulletin.department_only", department))
	}
	col := func(key, label string, width float64) printing.Column {
		return printing.Column{Key: key, Header: t(label), Width: width}
	}
	title := func(l postgres.DemandLine) string {
		if l.Confidential {
			return t("bulletin.confidential")
		}
		return l.Title
	}

	figures := printing.Section{Key: "figures", Heading: t("bulletin.section_figures"),
		Columns: []printing.Column{
			col("figure", "bulletin.col_figure", 40), col("value", "bulletin.col_value", 36),
			col("definition", "bulletin.col_definition", 110),
		}}
	for _, r := range []struct {
		key, value, def string
	}{
		{"bulletin.fig_received", dashItoa(b.Received), "bulletin.def_received"},
		{"bulletin.fig_assigned", dashItoa(b.Assigned), "bulletin.def_assigned"},
		{"bulletin.fig_answered", dashItoa(b.Answered), "bulletin.def_answered"},
		{"bulletin.fig_closed", dashItoa(b.Closed), "bulletin.def_closed"},
		{"bulletin.fig_on_time", dashRate(ctx, b.OnTime), "bulletin.def_on_time"},
		{"bulletin.fig_satisfaction", dashRate(ctx, b.Satisfaction), "bulletin.def_satisfaction"},
	} {
		figures.Rows = append(figures.Rows, []string{t(r.key), r.value, t(r.def)})
	}

	ranking := printing.Section{Key: "ranking", Heading: t("bulletin.section_ranking"), Empty: t("bulletin.empty_ranking"),
		Columns: []printing.Column{
			col("no", "bulletin.col_no", 12), col("department", "dashboard.col_department", 32),
			col("assigned", "dashboard.col_assigned", 18), col("answered", "dashboard.col_answered", 18),
			col("overdue", "bulletin.col_overdue_end", 22), col("on_time", "dashboard.col_on_time", 30),
			col("satisfaction", "dashboard.col_satisfaction", 30), col("days", "dashboard.col_days", 24),
		},
		Notes: []string{t("bulletin.note_ranking")}}
	for i, r := range b.Ranking {
		ranking.Rows = append(ranking.Rows, []string{dashItoa(i + 1), r.Department, dashItoa(r.Assigned), dashItoa(r.Answered),
			dashItoa(r.Overdue), dashRate(ctx, r.OnTime), dashRate(ctx, r.Satisfaction), r.AnswerDays.String()})
	}

	closed := printing.Section{Key: "closed", Heading: t("bulletin.section_closed"), Empty: t("bulletin.empty_closed"),
		Columns: []printing.Column{
			col("no", "bulletin.col_no", 12), col("enterprise", "dashboard.col_enterprise", 42),
			col("demand", "dashboard.col_demand", 60), col("department", "dashboard.col_lead", 26),
			col("closed_at", "bulletin.col_closed_at", 24), col("rating", "bulletin.col_rating", 22),
		}}
	for i, l := range b.ClosedDemands {
		rating := t("rating.none")
		if l.Rating != nil {
			rating = t("rating." + string(*l.Rating))
		}
		day := ""
		if l.ClosedAt != nil {
			day = l.ClosedAt.In(portal.CST).Format("2006-01-02")
		}
		closed.Rows = append(closed.Rows, []string{dashItoa(i + 1), l.Enterprise, title(l), orDash(l.Department), day, rating})
	}

	overdue := printing.Section{Key: "overdue", Heading: t("bulletin.section_overdue", b.Through.Format("2006-01-02")),
		Empty: t("bulletin.empty_overdue"),
		Columns: []printing.Column{
			col("no", "bulletin.col_no", 12), col("enterprise", "dashboard.col_enterprise", 38),
			col("demand", "dashboard.col_demand", 56), col("department", "dashboard.col_lead", 24),
			col("deadline", "dashboard.col_deadline", 24), col("days", "dashboard.col_days_overdue", 32),
		}}
	for i, l := range b.StillOverdue {
		overdue.Rows = append(overdue.Rows, []string{dashItoa(i + 1), l.Enterprise, title(l), orDash(l.Department),
			orDash(formatDate(l.Deadline)), dashItoa(l.DaysOverdue)})
	}

	meetings := printing.Section{Key: "meetings", Heading: t("bulletin.section_meetings"), Empty: t("bulletin.empty_meetings"),
		Columns: []printing.Column{
			col("date", "bulletin.col_date", 24), col("theme", "bulletin.col_theme", 56),
			col("chain", "dashboard.col_chain", 24), col("host", "bulletin.col_host", 30),
			col("enterprises", "bulletin.col_enterprises", 18),
			col("checked_in", "bulletin.col_checked_in", 18), col("demands", "bulletin.col_demands", 16),
		}}
	for _, m := range b.Meetings {
		host := m.HostName
		if m.HostTitle != "" {
			host = t("print.host_title", m.HostName, m.HostTitle)
		}
		meetings.Rows = append(meetings.Rows, []string{m.StartsAt.In(portal.CST).Format("2006-01-02"), m.Theme, orDash(m.Chain),
			orDash(host), dashItoa(m.Enterprises), t("bulletin.checked_in_of", m.CheckedIn, m.Attendees), dashItoa(m.Demands)})
	}
	rep.Sections = []printing.Section{figures, ranking, closed, overdue, meetings}
	return rep
}

// reportColClass is the class of a report column's cells.
func reportColClass(c printing.Column) string { return "col-" + c.Key }
