package postgres_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
)

// rawDemand inserts a demand of the enterprise straight into the table, then applies set (an
// SQL assignment list with $2… for args) to put it in the state a test needs.
func (f *demandFixture) rawDemand(ent int64, title, description, set string, args ...any) int64 {
	f.t.Helper()
	var id int64
	if err := f.pool.QueryRow(f.ctx, `INSERT INTO demands (enterprise_id, category_id, title, description)
		VALUES ($1, $2, $3, $4) RETURNING id`, ent, f.cat, title, description).Scan(&id); err != nil {
		f.t.Fatal(err)
	}
	if set != "" {
		if _, err := f.pool.Exec(f.ctx, `UPDATE demands SET `+set+` WHERE id = $1`, append([]any{id}, args...)...); err != nil {
			f.t.Fatal(err)
		}
	}
	return id
}

func listIDs(t *testing.T, f *demandFixture, filter postgres.DemandFilter, v portal.Viewer) []int64 {
	t.Helper()
	page, err := f.store.List(f.ctx, filter, v)
	if err != nil {
		t.Fatal(err)
	}
	ids := []int64{}
	for _, d := range page.Demands {
		ids = append(ids, d.ID)
	}
	slices.Sort(ids)
	return ids
}

func sortedIDs(ids ...int64) []int64 {
	out := append([]int64{}, ids...)
	slices.Sort(out)
	return out
}

var listToday = time.Date(2026, 11, 2, 10, 0, 0, 0, portal.CST) // a Monday

func TestDemandListVisibility(t *testing.T) {
	f := newDemandFixture(t)
	lead0co1 := f.rawDemand(f.entA, "电力增容", "新产线需增容", `status = 'assigned', lead_department_id = $2`, f.dept[0])
	if _, err := f.pool.Exec(f.ctx, `INSERT INTO demand_co_departments VALUES ($1, $2)`, lead0co1, f.dept[1]); err != nil {
		t.Fatal(err)
	}
	lead1 := f.rawDemand(f.entB, "人才公寓", "引进人才住房", `status = 'in_progress', lead_department_id = $2`, f.dept[1])
	submittedA := f.rawDemand(f.entA, "融资对接", "流动资金贷款", "")
	confidential2 := f.rawDemand(f.entB, "技术秘密", "保密事项", `status = 'assigned', confidential = true, lead_department_id = $2`, f.dept[2])
	noDept := portal.Viewer{UserID: 99, Role: portal.RoleDepartment}
	noEnt := portal.Viewer{UserID: 98, Role: portal.RoleEntrepreneur}
	for _, tc := range []struct {
		name   string
		viewer portal.Viewer
		want   []int64
	}{
		{"official", f.viewers["official"], sortedIDs(lead0co1, lead1, submittedA, confidential2)},
		{"admin", f.viewers["admin"], sortedIDs(lead0co1, lead1, submittedA, confidential2)},
		{"lead department", f.viewers["dept1"], sortedIDs(lead0co1)},
		{"lead and co department", f.viewers["dept2"], sortedIDs(lead0co1, lead1)},
		{"confidential to its department", f.viewers["dept3"], sortedIDs(confidential2)},
		{"entrepreneur A", f.viewers["entA"], sortedIDs(lead0co1, submittedA)},
		{"entrepreneur B", f.viewers["entB"], sortedIDs(lead1, confidential2)},
		{"department account without a department", noDept, []int64{}},
		{"entrepreneur account without an enterprise", noEnt, []int64{}},
		{"no role", portal.Viewer{UserID: 97}, []int64{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := listIDs(t, f, postgres.DemandFilter{Today: listToday}, tc.viewer); !slices.Equal(got, tc.want) {
				t.Errorf("List = %v, want %v", got, tc.want)
			}
		})
	}
	// A filter cannot widen what a viewer sees.
	other := f.dept[2]
	if got := listIDs(t, f, postgres.DemandFilter{DepartmentID: &other}, f.viewers["dept1"]); len(got) != 0 {
		t.Errorf("department 1 filtering by department 3 got %v", got)
	}
	if got := listIDs(t, f, postgres.DemandFilter{EnterpriseID: &f.entB}, f.viewers["entA"]); len(got) != 0 {
		t.Errorf("entrepreneur A filtering by enterprise B got %v", got)
	}
}

func TestDemandListFilters(t *testing.T) {
	f := newDemandFixture(t)
	var chain int64
	if err := f.pool.QueryRow(f.ctx, `INSERT INTO industry_chains (name, leader_name) VALUES ('新能源汽车', '陈志远') RETURNING id`).Scan(&chain); err != nil {
		t.Fatal(err)
	}
	if _, err := f.pool.Exec(f.ctx, `INSERT INTO enterprise_chains VALUES ($1, $2)`, f.entA, chain); err != nil {
		t.Fatal(err)
	}
	var meeting int64
	official := f.viewers["official"].UserID
	if err := f.pool.QueryRow(f.ctx, `INSERT INTO meetings (theme, starts_at, ends_at, venue, capacity, status, created_by)
		VALUES ('早餐会', now(), now() + interval '1 hour', '区政府', 30, 'held', $1) RETURNING id`, official).Scan(&meeting); err != nil {
		t.Fatal(err)
	}
	var funding int64
	if err := f.pool.QueryRow(f.ctx, `SELECT id FROM demand_categories WHERE code = 'funding'`).Scan(&funding); err != nil {
		t.Fatal(err)
	}
	// Today is Monday 2026-11-02.
	overdue := f.rawDemand(f.entA, "厂房用地指标", "扩建需要 50 亩", `status = 'in_progress', lead_department_id = $2,
		deadline = '2026-10-30', supervised = true`, f.dept[0])
	dueToday := f.rawDemand(f.entA, "道路开口", "物流车辆进出", `status = 'assigned', lead_department_id = $2, deadline = '2026-11-02'`, f.dept[0])
	dueLater := f.rawDemand(f.entB, "融资担保", "需要用地抵押贷款", `status = 'reopened', lead_department_id = $2,
		deadline = '2026-11-20', category_id = $3, meeting_id = $4`, f.dept[1], funding, meeting)
	answeredLate := f.rawDemand(f.entB, "人才落户", "高层次人才", `status = 'answered', lead_department_id = $2, deadline = '2026-10-01'`, f.dept[1])
	percent := f.rawDemand(f.entA, "降本 10%_目标", "电价优惠", `status = 'closed'`)
	submitted := f.rawDemand(f.entB, "政策咨询", "研发补贴申报", "")
	if _, err := f.pool.Exec(f.ctx, `INSERT INTO demand_extensions (demand_id, extra_days, reason) VALUES ($1, 5, '跨部门协调')`, dueToday); err != nil {
		t.Fatal(err)
	}
	ptr := func(id int64) *int64 { return &id }
	st := func(s portal.DemandStatus) *portal.DemandStatus { return &s }
	ph := func(p portal.DemandPhase) *portal.DemandPhase { return &p }
	yes, no := true, false
	dueBefore := time.Date(2026, 11, 6, 0, 0, 0, 0, portal.CST)
	for _, tc := range []struct {
		name   string
		filter postgres.DemandFilter
		want   []int64
	}{
		{"everything", postgres.DemandFilter{}, sortedIDs(overdue, dueToday, dueLater, answeredLate, percent, submitted)},
		{"overdue", postgres.DemandFilter{Overdue: true}, sortedIDs(overdue)},
		{"supervised", postgres.DemandFilter{Supervised: &yes}, sortedIDs(overdue)},
		{"not supervised", postgres.DemandFilter{Supervised: &no}, sortedIDs(dueToday, dueLater, answeredLate, percent, submitted)},
		{"search 用地 in title or description", postgres.DemandFilter{Query: "用地"}, sortedIDs(overdue, dueLater)},
		{"search a Chinese substring", postgres.DemandFilter{Query: "人才"}, sortedIDs(answeredLate)},
		{"search a percent sign literally", postgres.DemandFilter{Query: "10%_"}, sortedIDs(percent)},
		{"wildcards match nothing else", postgres.DemandFilter{Query: "%"}, sortedIDs(percent)},
		{"status", postgres.DemandFilter{Status: st(portal.DemandAssigned)}, sortedIDs(dueToday)},
		{"states", postgres.DemandFilter{Statuses: []portal.DemandStatus{portal.DemandAssigned, portal.DemandReopened}}, sortedIDs(dueToday, dueLater)},
		{"phase open", postgres.DemandFilter{Phase: ph(portal.PhaseOpen)}, sortedIDs(overdue, dueToday, dueLater, submitted)},
		{"phase answered", postgres.DemandFilter{Phase: ph(portal.PhaseAnswered)}, sortedIDs(answeredLate)},
		{"phase closed", postgres.DemandFilter{Phase: ph(portal.PhaseClosed)}, sortedIDs(percent)},
		{"department lead or co", postgres.DemandFilter{DepartmentID: ptr(f.dept[1])}, sortedIDs(dueLater, answeredLate)},
		{"chain via the enterprise", postgres.DemandFilter{ChainID: ptr(chain)}, sortedIDs(overdue, dueToday, percent)},
		{"category", postgres.DemandFilter{CategoryID: ptr(funding)}, sortedIDs(dueLater)},
		{"meeting", postgres.DemandFilter{MeetingID: ptr(meeting)}, sortedIDs(dueLater)},
		{"enterprise", postgres.DemandFilter{EnterpriseID: ptr(f.entB)}, sortedIDs(dueLater, answeredLate, submitted)},
		{"extension pending", postgres.DemandFilter{ExtensionPending: true}, sortedIDs(dueToday)},
		{"due soon", postgres.DemandFilter{DueBefore: &dueBefore}, sortedIDs(dueToday)},
		{"combined", postgres.DemandFilter{Query: "用地", EnterpriseID: ptr(f.entA), Overdue: true}, sortedIDs(overdue)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.filter.Today = listToday
			if got := listIDs(t, f, tc.filter, f.viewers["official"]); !slices.Equal(got, tc.want) {
				t.Errorf("List = %v, want %v", got, tc.want)
			}
		})
	}
	page, err := f.store.List(f.ctx, postgres.DemandFilter{EnterpriseID: ptr(f.entA), Query: "道路"}, f.viewers["official"])
	if err != nil || len(page.Demands) != 1 {
		t.Fatalf("List = %+v, %v", page, err)
	}
	row := page.Demands[0]
	if row.CategoryZH != "用地" || row.EnterpriseName != "星途新能源汽车" || row.LeadDepartment != "工业和信息化局" ||
		!row.ExtensionPending || row.Deadline == nil || row.Deadline.Format("2006-01-02") != "2026-11-02" {
		t.Errorf("row = %+v", row)
	}

	counts, err := f.store.InboxCounts(f.ctx, f.viewers["dept1"], listToday, dueBefore)
	if err != nil {
		t.Fatal(err)
	}
	if want := (postgres.InboxCounts{New: 1, DueSoon: 1, Overdue: 1, Open: 2, Answered: 0}); counts != want {
		t.Errorf("dept1 inbox counts = %+v, want %+v", counts, want)
	}
	counts, err = f.store.InboxCounts(f.ctx, f.viewers["dept2"], listToday, dueBefore)
	if err != nil {
		t.Fatal(err)
	}
	if want := (postgres.InboxCounts{Open: 1, Answered: 1}); counts != want {
		t.Errorf("dept2 inbox counts = %+v, want %+v", counts, want)
	}
	if counts, _ := f.store.InboxCounts(f.ctx, f.viewers["official"], listToday, dueBefore); counts != (postgres.InboxCounts{}) {
		t.Errorf("an official has an inbox: %+v", counts)
	}
}

func TestDemandListKeysetPages(t *testing.T) {
	f := newDemandFixture(t)
	// 23 demands, several created at the same instant, so the id breaks ties.
	want := map[int64]bool{}
	for i := range 23 {
		id := f.rawDemand(f.entA, fmt.Sprintf("诉求 %02d", i), "内容", `created_at = $2`,
			time.Date(2026, 10, 1+i/3, 9, 0, 0, 0, portal.CST))
		want[id] = true
	}
	seen := map[int64]bool{}
	var prev *postgres.ListedDemand
	filter := postgres.DemandFilter{Limit: 5}
	pages := 0
	for {
		page, err := f.store.List(f.ctx, filter, f.viewers["official"])
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, d := range page.Demands {
			if seen[d.ID] {
				t.Fatalf("demand %d on two pages", d.ID)
			}
			seen[d.ID] = true
			if prev != nil && (d.CreatedAt.After(prev.CreatedAt) || d.CreatedAt.Equal(prev.CreatedAt) && d.ID > prev.ID) {
				t.Errorf("demand %d (%s) after %d (%s): not newest first", d.ID, d.CreatedAt, prev.ID, prev.CreatedAt)
			}
			d := d
			prev = &d
		}
		if page.Next == "" {
			break
		}
		filter.After = page.Next
	}
	if pages != 5 || len(seen) != len(want) {
		t.Errorf("%d pages with %d demands, want 5 pages with %d", pages, len(seen), len(want))
	}
	_, err := f.store.List(f.ctx, postgres.DemandFilter{After: "not-a-cursor"}, f.viewers["official"])
	wantDemandErr(t, err, portal.EINVALID)
}

// Overdue and due-soon lists run by deadline, the most urgent first, and page by it: demands
// sharing a deadline (and raised in the other order) are neither repeated nor skipped.
func TestOverdueListsRunMostUrgentFirst(t *testing.T) {
	f := newDemandFixture(t)
	var overdue []int64 // in the order wanted
	for i := range 11 {
		// Raised in the order of their deadlines, so that newest first is the opposite
		// order; three demands a deadline.
		overdue = append(overdue, f.rawDemand(f.entA, fmt.Sprintf("逾期诉求 %02d", i), "内容",
			`status = 'in_progress', lead_department_id = $2, deadline = $3::date, created_at = $4`,
			f.dept[0], listToday.AddDate(0, 0, -20+i/3).Format(time.DateOnly), listToday.AddDate(0, 0, -30+i)))
	}
	f.rawDemand(f.entA, "尚未到期", "内容", `status = 'in_progress', lead_department_id = $2, deadline = $3::date`,
		f.dept[0], listToday.AddDate(0, 0, 3).Format(time.DateOnly))
	dueBefore := listToday.AddDate(0, 0, 5)
	for _, tt := range []struct {
		name   string
		filter postgres.DemandFilter
		want   int
	}{
		{"overdue", postgres.DemandFilter{Overdue: true, Today: listToday, Limit: 4}, 11},
		{"due soon", postgres.DemandFilter{DueBefore: &dueBefore, Today: listToday.AddDate(0, 0, -30), Limit: 4}, 12},
	} {
		var got []int64
		filter := tt.filter
		for pages := 1; ; pages++ {
			page, err := f.store.List(f.ctx, filter, f.viewers["dept1"])
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range page.Demands {
				got = append(got, d.ID)
			}
			if page.Next == "" || pages > 5 {
				break
			}
			filter.After = page.Next
		}
		if want := overdue; len(got) != tt.want || !slices.Equal(got[:len(want)], want) {
			t.Errorf("%s: %v, want %v first (%d in all)", tt.name, got, want, tt.want)
		}
	}
	// A cursor of the newest-first order is not one of the deadline order.
	page, err := f.store.List(f.ctx, postgres.DemandFilter{Limit: 2}, f.viewers["official"])
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.store.List(f.ctx, postgres.DemandFilter{Overdue: true, Today: listToday, After: page.Next}, f.viewers["official"])
	wantDemandErr(t, err, portal.EINVALID)
}

// The inbox reads a co-handling department's demands through the state copied onto the
// co-handling row (demand_co_departments.demand_status, migration 000019): the copy follows
// the demand through every change of state, from the row's insertion on.
func TestInboxFollowsCoHandledDemandState(t *testing.T) {
	f := newDemandFixture(t)
	dueBefore := time.Date(2026, 11, 6, 0, 0, 0, 0, portal.CST)
	// Co-handled by department 2 while still submitted, then assigned and worked on.
	id := f.rawDemand(f.entA, "电力增容", "新产线需增容", "")
	if _, err := f.pool.Exec(f.ctx, `INSERT INTO demand_co_departments VALUES ($1, $2)`, id, f.dept[1]); err != nil {
		t.Fatal(err)
	}
	dept2 := f.viewers["dept2"]
	open := []portal.DemandStatus{portal.DemandAssigned, portal.DemandInProgress, portal.DemandReopened}
	inboxOpen := func() []int64 {
		return listIDs(t, f, postgres.DemandFilter{DepartmentID: dept2.DepartmentID, Statuses: open, Today: listToday}, dept2)
	}
	for _, step := range []struct {
		set  string // applied to the demand, led by department 1
		want postgres.InboxCounts
		list []int64
	}{
		{"", postgres.InboxCounts{}, []int64{}},
		{`status = 'assigned', deadline = '2026-11-03'`, postgres.InboxCounts{New: 1, DueSoon: 1, Open: 1}, []int64{id}},
		{`status = 'in_progress'`, postgres.InboxCounts{DueSoon: 1, Open: 1}, []int64{id}},
		{`status = 'answered'`, postgres.InboxCounts{Answered: 1}, []int64{}},
		{`status = 'reopened', deadline = '2026-10-30'`, postgres.InboxCounts{Overdue: 1, Open: 1}, []int64{id}},
		{`status = 'closed'`, postgres.InboxCounts{}, []int64{}},
	} {
		if step.set != "" {
			if _, err := f.pool.Exec(f.ctx, `UPDATE demands SET `+step.set+`, lead_department_id = coalesce(lead_department_id, $2)
				WHERE id = $1`, id, f.dept[0]); err != nil {
				t.Fatal(err)
			}
		}
		counts, err := f.store.InboxCounts(f.ctx, dept2, listToday, dueBefore)
		if err != nil {
			t.Fatal(err)
		}
		if counts != step.want {
			t.Errorf("after %q: inbox counts = %+v, want %+v", step.set, counts, step.want)
		}
		if got := inboxOpen(); !slices.Equal(got, step.list) {
			t.Errorf("after %q: inbox list = %v, want %v", step.set, got, step.list)
		}
	}
	var copied string
	if err := f.pool.QueryRow(f.ctx, `SELECT demand_status FROM demand_co_departments WHERE demand_id = $1`, id).Scan(&copied); err != nil || copied != "closed" {
		t.Errorf("demand_status = %q, %v; want closed", copied, err)
	}
}

// TestInboxCountsFollowChangesToCoHandlingAlone proves the kept inbox counts move when only a
// demand's co-handling rows change (migration 000021), not only when the demand does.
func TestInboxCountsFollowChangesToCoHandlingAlone(t *testing.T) {
	f := newDemandFixture(t)
	id := f.demand(f.entA, "扩建用地", false)
	if _, err := f.pool.Exec(f.ctx, `UPDATE demands SET status = 'in_progress', lead_department_id = $2,
		deadline = current_date + 10 WHERE id = $1`, id, f.dept[0]); err != nil {
		t.Fatal(err)
	}
	store := postgres.NewDemandStore(f.pool)
	viewer := portal.Viewer{Role: portal.RoleDepartment, DepartmentID: &f.dept[1]}
	counts := func() postgres.InboxCounts {
		t.Helper()
		c, err := store.InboxCounts(f.ctx, viewer, time.Now(), time.Now().AddDate(0, 0, 3))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := counts(); c.Open != 0 {
		t.Fatalf("open before co-handling = %d", c.Open)
	}
	if _, err := f.pool.Exec(f.ctx, `INSERT INTO demand_co_departments (demand_id, department_id) VALUES ($1, $2)`,
		id, f.dept[1]); err != nil {
		t.Fatal(err)
	}
	if c := counts(); c.Open != 1 {
		t.Fatalf("open after the co-handling row alone = %d, want 1 (kept counts not refreshed)", c.Open)
	}
}
