package postgres_test

import (
	"context"
	"os"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
	"breakfast/internal/workdays"

	"github.com/jackc/pgx/v5/pgxpool"
)

// dashNow is "now" of the dashboard data set: Friday 20 November 2026, 10:00 China time.
var dashNow = time.Date(2026, 11, 20, 10, 0, 0, 0, portal.CST)

// dashFixture is a database loaded with testdata/dashboard_seed.sql.
type dashFixture struct {
	t     *testing.T
	ctx   context.Context
	pool  *pgxpool.Pool
	store *postgres.DashboardStore
}

func newDashFixture(t *testing.T, seed bool) *dashFixture {
	t.Helper()
	pool, _ := pgtest.New(t)
	f := &dashFixture{t: t, ctx: context.Background(), pool: pool, store: postgres.NewDashboardStore(pool)}
	t.Cleanup(f.store.Close)
	if seed {
		sql, err := os.ReadFile("testdata/dashboard_seed.sql")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(f.ctx, string(sql)); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	return f
}

func (f *dashFixture) id(sql string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.pool.QueryRow(f.ctx, sql, args...).Scan(&id); err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
	return id
}

func (f *dashFixture) department(name string) int64 {
	return f.id(`SELECT id FROM departments WHERE name = $1`, name)
}

// thisYear is the default filter: 1 January 2026 up to today.
func thisYear() postgres.DashboardFilter {
	return postgres.DashboardFilter{From: time.Date(2026, 1, 1, 0, 0, 0, 0, portal.CST), To: dashNow, Now: dashNow}
}

var officialViewer = portal.Viewer{UserID: 1, Role: portal.RoleOfficial}

func (f *dashFixture) dashboard(filter postgres.DashboardFilter, v portal.Viewer) *postgres.Dashboard {
	f.t.Helper()
	d, err := f.store.Dashboard(f.ctx, filter, v)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

func wantRate(t *testing.T, name string, got portal.Rate, num, den int, text string) {
	t.Helper()
	if got.Num != num || got.Den != den || got.String() != text {
		t.Errorf("%s = %d/%d (%s), want %d/%d (%s)", name, got.Num, got.Den, got, num, den, text)
	}
}

func wantInt(t *testing.T, name string, got, want int) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %d, want %d", name, got, want)
	}
}

func TestDashboardTotals(t *testing.T) {
	f := newDashFixture(t, true)
	d := f.dashboard(thisYear(), officialViewer)
	tot := d.Totals
	wantInt(t, "received", tot.Received, 11)                                                       // D1–D11; D12 is last year's
	wantInt(t, "accepted", tot.Accepted, 8)                                                        // all but D8 submitted, D9 rejected, D10 merged
	wantInt(t, "closed", tot.Closed, 3)                                                            // D1, D2, D7
	wantRate(t, "resolution", tot.Resolution, 3, 8, "37.5%")                                       // closed ÷ accepted
	wantRate(t, "on time", tot.OnTime, 3, 5, "60%")                                                // D1, D3, D7 of D1, D2, D3, D6, D7
	wantRate(t, "satisfaction", tot.Satisfaction, 2, 3, "66.7%")                                   // 满意 D1 + 基本满意 D2 of D1–D3 (D3 不满意)
	wantInt(t, "not rated", tot.NotRated, 2)                                                       // D6 waiting, D7 closed unrated
	wantInt(t, "not rated in window", tot.NotRatedInWindow, 1)                                     // D6, answered 4 days ago
	wantInt(t, "overdue", tot.Overdue, 2)                                                          // D3 (reopened), D5
	wantInt(t, "supervised", tot.Supervised, 1)                                                    // D3; D1 is closed
	if tot.AnswerDays.Sum != 23 || tot.AnswerDays.Count != 5 || tot.AnswerDays.String() != "4.6" { // 4+6+3+5+5
		t.Errorf("answer days = %+v (%s), want 23/5 (4.6)", tot.AnswerDays, tot.AnswerDays)
	}
	if d.RatingWindowDays != 15 {
		t.Errorf("rating window = %d", d.RatingWindowDays)
	}

	want := map[portal.DemandStatus]int{portal.DemandSubmitted: 1, portal.DemandAssigned: 1, portal.DemandInProgress: 1,
		portal.DemandAnswered: 1, portal.DemandClosed: 3, portal.DemandReturned: 1, portal.DemandReopened: 1,
		portal.DemandRejected: 1, portal.DemandMerged: 1}
	if len(d.ByStatus) != len(portal.DemandStatuses) {
		t.Fatalf("%d states, want every one", len(d.ByStatus))
	}
	for _, sc := range d.ByStatus {
		wantInt(t, "state "+string(sc.Status), sc.Count, want[sc.Status])
	}

	// Last year alone: D12 only, answered in 3 working days.
	last := postgres.DashboardFilter{From: time.Date(2025, 1, 1, 0, 0, 0, 0, portal.CST),
		To: time.Date(2025, 12, 31, 0, 0, 0, 0, portal.CST), Now: dashNow}
	d = f.dashboard(last, officialViewer)
	wantInt(t, "2025 received", d.Totals.Received, 1)
	wantRate(t, "2025 resolution", d.Totals.Resolution, 1, 1, "100%")
	if got := d.Totals.AnswerDays.String(); got != "3.0" {
		t.Errorf("2025 answer days = %s, want 3.0", got)
	}
}

func TestDashboardRanking(t *testing.T) {
	f := newDashFixture(t, true)
	d := f.dashboard(thisYear(), officialViewer)
	type row struct {
		assigned, answered, overdue int
		onTime, satisfaction, days  string
	}
	want := map[string]row{
		"工信局": {4, 3, 1, "66.7%", "66.7%", "4.3"}, // D1–D4; D3 overdue; days 4, 6, 3
		"资规局": {2, 1, 1, "0%", "—", "5.0"},        // D5 overdue, D6 late and unrated
		"税务局": {1, 1, 0, "100%", "—", "5.0"},      // D7
	}
	if len(d.Ranking) != len(want) {
		t.Fatalf("ranking has %d rows, want %d (供电公司 has no demands): %+v", len(d.Ranking), len(want), d.Ranking)
	}
	for _, r := range d.Ranking {
		w, ok := want[r.Department]
		if !ok {
			t.Errorf("unexpected row %s", r.Department)
			continue
		}
		got := row{r.Assigned, r.Answered, r.Overdue, r.OnTime.String(), r.Satisfaction.String(), r.AnswerDays.String()}
		if got != w {
			t.Errorf("%s = %+v, want %+v", r.Department, got, w)
		}
	}

	order := func(sort postgres.RankingSort, reverse bool) []string {
		filter := thisYear()
		filter.Sort, filter.Reverse = sort, reverse
		var names []string
		for _, r := range f.dashboard(filter, officialViewer).Ranking {
			names = append(names, r.Department)
		}
		return names
	}
	tests := []struct {
		sort    postgres.RankingSort
		reverse bool
		want    []string
	}{
		{"", false, []string{"税务局", "工信局", "资规局"}}, // the default: on-time rate
		{postgres.RankByOnTime, false, []string{"税务局", "工信局", "资规局"}},
		{postgres.RankByOnTime, true, []string{"资规局", "工信局", "税务局"}},
		{postgres.RankByDepartment, false, []string{"工信局", "税务局", "资规局"}}, // gōng, shuì, zī
		{postgres.RankByDepartment, true, []string{"资规局", "税务局", "工信局"}},
		{postgres.RankByAssigned, false, []string{"工信局", "资规局", "税务局"}},
		{postgres.RankByAnswered, false, []string{"工信局", "税务局", "资规局"}},     // 3, 1, 1 (ties by name)
		{postgres.RankByOverdue, false, []string{"工信局", "资规局", "税务局"}},      // 1, 1, 0
		{postgres.RankBySatisfaction, false, []string{"工信局", "税务局", "资规局"}}, // 66.7%, then none by name
		{postgres.RankBySatisfaction, true, []string{"工信局", "税务局", "资规局"}},  // undefined stays last
		{postgres.RankByDays, false, []string{"工信局", "税务局", "资规局"}},         // 4.3, 5.0, 5.0
		{postgres.RankByDays, true, []string{"税务局", "资规局", "工信局"}},
		{"bogus", false, []string{"税务局", "工信局", "资规局"}},
	}
	for _, tt := range tests {
		got := order(tt.sort, tt.reverse)
		if len(got) != len(tt.want) {
			t.Errorf("sort %s reverse %v = %v, want %v", tt.sort, tt.reverse, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("sort %s reverse %v = %v, want %v", tt.sort, tt.reverse, got, tt.want)
				break
			}
		}
	}
}

func TestDashboardGroupsTrendMeetingsLists(t *testing.T) {
	f := newDashFixture(t, true)
	d := f.dashboard(thisYear(), officialViewer)

	chains := map[string]postgres.GroupFigures{}
	for _, c := range d.Chains {
		chains[c.Name] = c
	}
	// D4 was raised at the 新能源汽车 meeting by 丙 (in both chains): 新能源汽车 only. D10, raised
	// outside a meeting by 丙, counts in both.
	nev, ic := chains["新能源汽车"], chains["集成电路"]
	if nev.Received != 7 || nev.Accepted != 5 || nev.Closed != 1 || nev.Open != 5 || nev.Resolution.String() != "20%" {
		t.Errorf("新能源汽车 = %+v", nev)
	}
	if ic.Received != 5 || ic.Accepted != 3 || ic.Closed != 2 || ic.Open != 1 || ic.Resolution.String() != "66.7%" {
		t.Errorf("集成电路 = %+v", ic)
	}
	if len(d.Chains) != 2 || d.Chains[0].Name != "新能源汽车" {
		t.Errorf("chains = %+v, want 新能源汽车 first (most demands)", d.Chains)
	}

	if len(d.Categories) != 8 || d.Categories[0].Name != "用地" || d.Categories[0].NameEN != "Land" {
		t.Fatalf("categories = %+v, want the 8 in their order", d.Categories)
	}
	land := d.Categories[0] // D1 closed, D6 answered
	if land.Received != 2 || land.Closed != 1 || land.Resolution.String() != "50%" {
		t.Errorf("用地 = %+v", land)
	}

	if len(d.Trend) != 12 {
		t.Fatalf("trend has %d months", len(d.Trend))
	}
	if first, last := d.Trend[0].Month, d.Trend[11].Month; !first.Equal(time.Date(2025, 12, 1, 0, 0, 0, 0, portal.CST)) ||
		!last.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, portal.CST)) {
		t.Errorf("trend from %v to %v", first, last)
	}
	received := map[string][2]int{"2026-06": {1, 0}, "2026-08": {1, 0}, "2026-09": {1, 1}, "2026-10": {2, 1}, "2026-11": {6, 1}}
	for _, m := range d.Trend {
		if got, want := [2]int{m.Received, m.Closed}, received[m.Month.Format("2006-01")]; got != want {
			t.Errorf("%s: received, closed = %v, want %v", m.Month.Format("2006-01"), got, want)
		}
	}

	m := d.Meetings
	wantInt(t, "meetings held", m.Held, 1)
	wantInt(t, "enterprises reached", m.EnterprisesReached, 2)
	wantRate(t, "acceptance", m.Acceptance, 2, 3, "66.7%") // 甲, 丙 of 甲, 乙, 丙; 丁 never answered
	wantRate(t, "check-in", m.CheckIn, 2, 3, "66.7%")      // the walk-in is not counted

	if len(d.Overdue) != 2 || d.Overdue[0].Title != "D3 供电扩容" || d.Overdue[1].Title != "D5 规划许可" {
		t.Fatalf("overdue = %+v", d.Overdue)
	}
	// D3 due Thursday 12 November: 13, 16–20 November are 6 working days; D5 due 18th: 2.
	if d.Overdue[0].DaysOverdue != 6 || d.Overdue[1].DaysOverdue != 2 {
		t.Errorf("days overdue = %d, %d; want 6, 2", d.Overdue[0].DaysOverdue, d.Overdue[1].DaysOverdue)
	}
	if d.Overdue[0].Department != "工信局" || d.Overdue[0].Enterprise != "看板甲汽车零部件有限公司" || d.Overdue[0].Deadline == nil ||
		d.Overdue[0].Deadline.Format("2006-01-02") != "2026-11-12" {
		t.Errorf("overdue line = %+v", d.Overdue[0])
	}
	if len(d.Supervised) != 1 || d.Supervised[0].Title != "D3 供电扩容" || d.Supervised[0].Note != "重点跟踪" {
		t.Errorf("supervised = %+v", d.Supervised)
	}

	// Filtered by chain: 集成电路's demands, and no meeting (the October one was 新能源汽车's).
	filter := thisYear()
	ic2 := f.id(`SELECT id FROM industry_chains WHERE name = '集成电路'`)
	filter.ChainID = &ic2
	d = f.dashboard(filter, officialViewer)
	wantInt(t, "集成电路 received", d.Totals.Received, 5)
	wantInt(t, "集成电路 meetings", d.Meetings.Held, 0)
	wantRate(t, "集成电路 check-in", d.Meetings.CheckIn, 0, 0, "—")
	if len(d.Chains) != 1 || d.Chains[0].Name != "集成电路" {
		t.Errorf("chains with a chain filter = %+v", d.Chains)
	}
}

func TestDashboardDepartmentScope(t *testing.T) {
	f := newDashFixture(t, true)
	zgj := f.department("自然资源和规划局")
	gxj := f.department("工业和信息化局")
	staff := portal.Viewer{UserID: 9, Role: portal.RoleDepartment, DepartmentID: &zgj}
	// Whatever department the filter names, staff get their own.
	filter := thisYear()
	filter.DepartmentID = &gxj
	d := f.dashboard(filter, staff)
	if d.Filter.DepartmentID == nil || *d.Filter.DepartmentID != zgj {
		t.Fatalf("filter department = %v, want their own", d.Filter.DepartmentID)
	}
	wantInt(t, "received", d.Totals.Received, 2) // D5, D6
	wantInt(t, "accepted", d.Totals.Accepted, 2)
	wantRate(t, "resolution", d.Totals.Resolution, 0, 2, "0%")
	wantRate(t, "on time", d.Totals.OnTime, 0, 1, "0%")
	wantRate(t, "satisfaction", d.Totals.Satisfaction, 0, 0, "—")
	wantInt(t, "overdue", d.Totals.Overdue, 1)
	if len(d.Ranking) != 1 || d.Ranking[0].Department != "资规局" {
		t.Errorf("ranking = %+v, want their row only", d.Ranking)
	}
	if len(d.Overdue) != 1 || d.Overdue[0].Title != "D5 规划许可" || len(d.Supervised) != 0 {
		t.Errorf("lists = %+v / %+v", d.Overdue, d.Supervised)
	}
	// The meeting figures are those of the meetings the department sat at: none.
	wantInt(t, "meetings", d.Meetings.Held, 0)

	// A department with nothing: zeros, every rate "—", its own row shown empty.
	power := f.department("供电公司")
	d = f.dashboard(thisYear(), portal.Viewer{UserID: 10, Role: portal.RoleDepartment, DepartmentID: &power})
	wantInt(t, "empty received", d.Totals.Received, 0)
	for name, r := range map[string]portal.Rate{"resolution": d.Totals.Resolution, "on time": d.Totals.OnTime,
		"satisfaction": d.Totals.Satisfaction, "acceptance": d.Meetings.Acceptance, "check-in": d.Meetings.CheckIn} {
		wantRate(t, "empty "+name, r, 0, 0, "—")
	}
	if d.Totals.AnswerDays.String() != "—" {
		t.Errorf("empty answer days = %s", d.Totals.AnswerDays)
	}
	if len(d.Ranking) != 1 || d.Ranking[0].Department != "供电公司" || d.Ranking[0].OnTime.String() != "—" {
		t.Errorf("empty ranking = %+v", d.Ranking)
	}

	// Entrepreneurs see no dashboard.
	ent := f.id(`SELECT id FROM enterprises LIMIT 1`)
	if _, err := f.store.Dashboard(f.ctx, thisYear(), portal.Viewer{UserID: 11, Role: portal.RoleEntrepreneur, EnterpriseID: &ent}); portal.ErrorCode(err) != portal.EFORBIDDEN {
		t.Errorf("entrepreneur: err = %v, want forbidden", err)
	}
	if _, err := f.store.Bulletin(f.ctx, dashNow, dashNow, portal.Viewer{UserID: 11, Role: portal.RoleEntrepreneur, EnterpriseID: &ent}); portal.ErrorCode(err) != portal.EFORBIDDEN {
		t.Errorf("entrepreneur bulletin: err = %v, want forbidden", err)
	}
}

func TestDashboardEmptyDatabase(t *testing.T) {
	f := newDashFixture(t, false)
	d := f.dashboard(thisYear(), officialViewer)
	wantInt(t, "received", d.Totals.Received, 0)
	wantRate(t, "resolution", d.Totals.Resolution, 0, 0, "—")
	wantRate(t, "on time", d.Totals.OnTime, 0, 0, "—")
	wantRate(t, "satisfaction", d.Totals.Satisfaction, 0, 0, "—")
	if len(d.Ranking) != 0 || len(d.Chains) != 0 || len(d.Overdue) != 0 || len(d.Trend) != 12 || len(d.Categories) != 8 {
		t.Errorf("empty dashboard = %+v", d)
	}
}

func TestBulletin(t *testing.T) {
	f := newDashFixture(t, true)
	// November, still running on the 20th.
	b, err := f.store.Bulletin(f.ctx, time.Date(2026, 11, 1, 0, 0, 0, 0, portal.CST), dashNow, officialViewer)
	if err != nil {
		t.Fatal(err)
	}
	if b.Complete || b.Through.Format("2006-01-02") != "2026-11-20" {
		t.Errorf("November: complete %v through %s, want running through today", b.Complete, b.Through.Format("2006-01-02"))
	}
	wantInt(t, "received", b.Received, 6) // D1, D3, D4, D5, D6, D8
	wantInt(t, "assigned", b.Assigned, 5) // D1, D3, D4, D5, D6
	wantInt(t, "answered", b.Answered, 3) // D1, D3, D6
	wantInt(t, "closed", b.Closed, 1)     // D1
	wantRate(t, "on time", b.OnTime, 2, 3, "66.7%")
	wantRate(t, "satisfaction", b.Satisfaction, 1, 2, "50%") // D1 满意, D3 不满意
	if len(b.ClosedDemands) != 1 || b.ClosedDemands[0].Title != "D1 厂房用地指标" || b.ClosedDemands[0].Rating == nil ||
		*b.ClosedDemands[0].Rating != portal.RatingSatisfied {
		t.Errorf("closed = %+v", b.ClosedDemands)
	}
	if len(b.StillOverdue) != 2 || b.StillOverdue[0].Title != "D3 供电扩容" || b.StillOverdue[1].Title != "D5 规划许可" ||
		b.StillOverdue[0].DaysOverdue != 6 {
		t.Errorf("still overdue = %+v", b.StillOverdue)
	}
	if len(b.Meetings) != 0 {
		t.Errorf("November meetings = %+v", b.Meetings)
	}
	ranks := map[string]postgres.DepartmentFigures{}
	for _, r := range b.Ranking {
		ranks[r.Department] = r
	}
	if g := ranks["工信局"]; g.Assigned != 3 || g.Answered != 2 || g.Overdue != 1 || g.OnTime.String() != "100%" ||
		g.Satisfaction.String() != "50%" || g.AnswerDays.String() != "3.5" {
		t.Errorf("工信局 in November = %+v", g)
	}
	if z := ranks["资规局"]; z.Assigned != 2 || z.Answered != 1 || z.Overdue != 1 || z.OnTime.String() != "0%" {
		t.Errorf("资规局 in November = %+v", z)
	}
	if _, ok := ranks["税务局"]; ok || len(b.Ranking) != 2 {
		t.Errorf("November ranking = %+v, want 工信局 and 资规局 only", b.Ranking)
	}

	// October, over: D2 answered late and rated, the meeting held; nothing overdue on the 31st.
	b, err = f.store.Bulletin(f.ctx, time.Date(2026, 10, 15, 12, 0, 0, 0, portal.CST), dashNow, officialViewer)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Complete || b.Through.Format("2006-01-02") != "2026-10-31" {
		t.Errorf("October: complete %v through %s", b.Complete, b.Through.Format("2006-01-02"))
	}
	wantInt(t, "October received", b.Received, 2) // D9, D10
	wantInt(t, "October assigned", b.Assigned, 0)
	wantRate(t, "October on time", b.OnTime, 0, 1, "0%")
	wantRate(t, "October satisfaction", b.Satisfaction, 1, 1, "100%")
	if len(b.StillOverdue) != 0 || len(b.ClosedDemands) != 1 {
		t.Errorf("October lists = %+v / %+v", b.StillOverdue, b.ClosedDemands)
	}
	if len(b.Meetings) != 1 {
		t.Fatalf("October meetings = %+v", b.Meetings)
	}
	if m := b.Meetings[0]; m.Theme != "看板十月早餐会" || m.Enterprises != 2 || m.Attendees != 4 || m.CheckedIn != 3 ||
		m.Demands != 1 || m.HostName != "陈志远" || m.Chain != "新能源汽车" {
		t.Errorf("October meeting = %+v", m)
	}

	// A month without activity: zeros, undefined rates, empty lists.
	b, err = f.store.Bulletin(f.ctx, time.Date(2026, 3, 1, 0, 0, 0, 0, portal.CST), dashNow, officialViewer)
	if err != nil {
		t.Fatal(err)
	}
	if b.Received+b.Assigned+b.Answered+b.Closed != 0 || b.OnTime.Defined() || b.Satisfaction.Defined() ||
		len(b.Ranking)+len(b.ClosedDemands)+len(b.StillOverdue)+len(b.Meetings) != 0 {
		t.Errorf("March = %+v", b)
	}

	// A department's bulletin: its own row and demands only.
	zgj := f.department("自然资源和规划局")
	b, err = f.store.Bulletin(f.ctx, dashNow, dashNow, portal.Viewer{UserID: 9, Role: portal.RoleDepartment, DepartmentID: &zgj})
	if err != nil {
		t.Fatal(err)
	}
	if b.Received != 2 || len(b.Ranking) != 1 || b.Ranking[0].Department != "资规局" || len(b.StillOverdue) != 1 ||
		len(b.ClosedDemands) != 0 {
		t.Errorf("资规局 bulletin = %+v", b)
	}
}

// TestWorkdaysBetweenAgreesWithCalendar checks that the SQL count of working days the figures
// use is the Go calendar's, across holidays, make-up days, years and a year not entered.
func TestWorkdaysBetweenAgreesWithCalendar(t *testing.T) {
	f := newDashFixture(t, false)
	cal, err := postgres.NewWorkdayStore(f.pool).Calendar(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.pool.Query(f.ctx, `SELECT to_char(a, 'YYYY-MM-DD'), to_char(b, 'YYYY-MM-DD'), workdays_between(a::date, b::date)
		FROM generate_series(date '2024-12-20', date '2027-01-10', interval '3 days') AS a,
		     generate_series(-20, 45, 5) AS n, LATERAL (SELECT (a + make_interval(days => n))::date AS b) AS x`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	checked := 0
	for rows.Next() {
		var a, b string
		var got int
		if err := rows.Scan(&a, &b, &got); err != nil {
			t.Fatal(err)
		}
		from, _ := time.ParseInLocation("2006-01-02", a, portal.CST)
		to, _ := time.ParseInLocation("2006-01-02", b, portal.CST)
		if want := cal.WorkdaysBetween(from, to); got != want {
			t.Errorf("workdays_between(%s, %s) = %d, calendar says %d", a, b, got, want)
		}
		checked++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if checked < 3000 {
		t.Fatalf("only %d pairs checked", checked)
	}
	// The National Day holiday of 2026: assigned Monday 28 September, answered Monday 12 October.
	if got := cal.WorkdaysBetween(workdays.Date(2026, 9, 28), workdays.Date(2026, 10, 12)); got != 6 {
		t.Errorf("calendar: %d working days, want 6", got)
	}
}
