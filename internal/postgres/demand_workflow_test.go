package postgres_test

import (
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/workdays"
)

func (f *demandFixture) calendar() *workdays.Calendar {
	f.t.Helper()
	cal, err := postgres.NewWorkdayStore(f.pool).Calendar(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	return cal
}

func (f *demandFixture) load(id int64) *portal.Demand {
	f.t.Helper()
	d, err := f.store.ByID(f.ctx, id, f.viewers["official"])
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// detail reads a demand's page data as v, failing the test when v may not see it.
func (f *demandFixture) detail(id int64, v portal.Viewer) *postgres.DemandDetail {
	f.t.Helper()
	d, err := f.store.Detail(f.ctx, id, v)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

func TestDemandAssignAndReassign(t *testing.T) {
	f := newDemandFixture(t)
	id := f.demand(f.entA, "扩建用地", false)
	official := f.viewers["official"]
	cal := f.calendar()
	// Assigned on Wednesday 2026-09-30 with 3 working days: 10-01…10-07 are the National Day
	// holiday, so the days are Thu 10-08, Fri 10-09 and the make-up Saturday 10-10.
	now := time.Date(2026, 9, 30, 15, 0, 0, 0, portal.CST)
	a := portal.Assignment{LeadDepartmentID: f.dept[1], CoDepartmentIDs: []int64{f.dept[2], f.dept[2]},
		Priority: portal.PriorityHigh, TimeLimitDays: 3}
	step := portal.Step{Action: portal.DemandAssign, Actor: official, Now: now, Note: "请尽快办理"}

	// Bad input is refused before anything is locked.
	bad := a
	bad.CoDepartmentIDs = []int64{f.dept[1]}
	bad.TimeLimitDays = 0
	e := wantDemandErr(t, f.store.Assign(f.ctx, id, 1, step, bad, cal), portal.EINVALID)
	if e.Fields["co_department_ids"] != "demand.co_is_lead" || e.Fields["time_limit_days"] != "demand.time_limit_invalid" {
		t.Errorf("problems = %v", e.Fields)
	}
	unknown := a
	unknown.LeadDepartmentID = 999999
	e = wantDemandErr(t, f.store.Assign(f.ctx, id, 1, step, unknown, cal), portal.EINVALID)
	if e.Fields["lead_department_id"] != "demand_work.department_unknown" {
		t.Errorf("problems = %v", e.Fields)
	}
	// A department cannot triage, and one that cannot see the demand does not learn it exists.
	deptStep := step
	deptStep.Actor = f.viewers["dept1"]
	wantDemandErr(t, f.store.Assign(f.ctx, id, 1, deptStep, a, cal), portal.ENOTFOUND)

	if err := f.store.Assign(f.ctx, id, 1, step, a, cal); err != nil {
		t.Fatal(err)
	}
	d := f.load(id)
	if d.Status != portal.DemandAssigned || d.LeadDepartmentID == nil || *d.LeadDepartmentID != f.dept[1] ||
		len(d.CoDepartmentIDs) != 1 || d.CoDepartmentIDs[0] != f.dept[2] || d.Priority != portal.PriorityHigh ||
		d.TimeLimitDays == nil || *d.TimeLimitDays != 3 || d.Deadline.Format("2006-01-02") != "2026-10-10" ||
		d.DeadlineUnsure || d.Version != 2 {
		t.Fatalf("assigned demand = %+v", d)
	}
	// The same version again is stale: nothing changes.
	again := a
	again.LeadDepartmentID = f.dept[0]
	wantDemandErr(t, f.store.Assign(f.ctx, id, 1, step, again, cal), portal.ECONFLICT)
	if d := f.load(id); *d.LeadDepartmentID != f.dept[1] || d.Version != 2 {
		t.Errorf("a stale assignment changed the demand: %+v", d)
	}
	// Assign from assigned is not a legal step; reassign is, and recomputes the deadline.
	wantDemandErr(t, f.store.Assign(f.ctx, id, 2, step, again, cal), portal.ECONFLICT)
	step.Action = portal.DemandReassign
	step.Now = time.Date(2027, 12, 28, 9, 0, 0, 0, portal.CST)
	again.CoDepartmentIDs = nil
	again.TimeLimitDays = 5
	if err := f.store.Assign(f.ctx, id, 2, step, again, cal); err != nil {
		t.Fatal(err)
	}
	d = f.load(id)
	if *d.LeadDepartmentID != f.dept[0] || len(d.CoDepartmentIDs) != 0 || !d.DeadlineUnsure ||
		d.Deadline.Format("2006-01-02") != "2028-01-04" {
		t.Errorf("reassigned demand = %+v", d)
	}
	if n := f.count(`SELECT count(*) FROM demand_events WHERE demand_id = $1 AND action IN ('assign', 'reassign')`, id); n != 2 {
		t.Errorf("%d assignment events", n)
	}
}

func TestDemandRejectMergeAndReturn(t *testing.T) {
	f := newDemandFixture(t)
	official := f.viewers["official"]
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, portal.CST)
	dup := f.demand(f.entA, "用地指标（重复）", false)
	target := f.demand(f.entA, "用地指标", false)
	closed := f.rawDemand(f.entB, "已办结", "x", `status = 'closed'`)
	step := portal.Step{Actor: official, Now: now}

	e := wantDemandErr(t, f.store.Merge(f.ctx, dup, 1, step, dup), portal.EINVALID)
	if e.Fields["merge_into"] != "demand_work.merge_self" {
		t.Errorf("problems = %v", e.Fields)
	}
	e = wantDemandErr(t, f.store.Merge(f.ctx, dup, 1, step, closed), portal.EINVALID)
	if e.Fields["merge_into"] != "demand_work.merge_target_closed" {
		t.Errorf("problems = %v", e.Fields)
	}
	e = wantDemandErr(t, f.store.Merge(f.ctx, dup, 1, step, 999999), portal.EINVALID)
	if e.Fields["merge_into"] != "demand_work.merge_target_unknown" {
		t.Errorf("problems = %v", e.Fields)
	}
	if err := f.store.Merge(f.ctx, dup, 1, step, target); err != nil {
		t.Fatal(err)
	}
	if d := f.load(dup); d.Status != portal.DemandMerged || d.MergedInto == nil || *d.MergedInto != target {
		t.Errorf("merged = %+v", d)
	}
	if n := f.count(`SELECT count(*) FROM demand_events WHERE demand_id = $1 AND action = 'merged_from' AND to_status IS NULL`, target); n != 1 {
		t.Errorf("the target records %d merges", n)
	}

	// Reject needs a reason, which the enterprise then reads.
	wantDemandErr(t, f.store.Reject(f.ctx, target, 1, step), portal.EINVALID)
	step.Note = "属于市级事权，请向市发改委申报"
	if err := f.store.Reject(f.ctx, target, 1, step); err != nil {
		t.Fatal(err)
	}
	if d, err := f.store.ByID(f.ctx, target, f.viewers["entA"]); err != nil || d.Status != portal.DemandRejected || d.RejectReason != step.Note {
		t.Errorf("rejected = %+v, %v", d, err)
	}

	// The lead department returns a wrongly assigned demand; the co department may not.
	back := f.demand(f.entB, "电力增容", false)
	if err := f.store.Assign(f.ctx, back, 1, portal.Step{Action: portal.DemandAssign, Actor: official, Now: now},
		portal.Assignment{LeadDepartmentID: f.dept[0], CoDepartmentIDs: []int64{f.dept[2]}, Priority: portal.PriorityNormal, TimeLimitDays: 10},
		f.calendar()); err != nil {
		t.Fatal(err)
	}
	ret := portal.Step{Action: portal.DemandReturn, Actor: f.viewers["dept3"], Now: now, Note: "应由供电公司主办"}
	wantDemandErr(t, f.store.Advance(f.ctx, back, 2, ret), portal.EFORBIDDEN)
	ret.Actor = f.viewers["dept2"]
	wantDemandErr(t, f.store.Advance(f.ctx, back, 2, ret), portal.ENOTFOUND)
	ret.Actor = f.viewers["dept1"]
	if err := f.store.Advance(f.ctx, back, 2, ret); err != nil {
		t.Fatal(err)
	}
	if d := f.load(back); d.Status != portal.DemandReturned {
		t.Errorf("returned = %+v", d)
	}
}

func TestDemandWorkNotesSupervisionExtensions(t *testing.T) {
	f := newDemandFixture(t)
	official, lead, co := f.viewers["official"], f.viewers["dept1"], f.viewers["dept2"]
	cal := f.calendar()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, portal.CST) // Monday
	id := f.demand(f.entA, "电力增容", false)
	if err := f.store.Assign(f.ctx, id, 1, portal.Step{Action: portal.DemandAssign, Actor: official, Now: now},
		portal.Assignment{LeadDepartmentID: f.dept[0], CoDepartmentIDs: []int64{f.dept[1]}, Priority: portal.PriorityNormal, TimeLimitDays: 5},
		cal); err != nil {
		t.Fatal(err)
	}
	if d := f.load(id); d.Deadline.Format("2006-01-02") != "2026-11-09" {
		t.Fatalf("deadline = %s", d.Deadline)
	}

	// Notes: lead and co departments, without changing the version; stale or other departments refused.
	if err := f.store.AddNote(f.ctx, id, 2, portal.WorkStep{Actor: co, Note: "已现场踏勘"}, now); err != nil {
		t.Fatal(err)
	}
	if err := f.store.AddNote(f.ctx, id, 2, portal.WorkStep{Actor: lead, Note: "已联系供电公司"}, now); err != nil {
		t.Fatal(err)
	}
	wantDemandErr(t, f.store.AddNote(f.ctx, id, 2, portal.WorkStep{Actor: f.viewers["dept3"], Note: "x"}, now), portal.ENOTFOUND)
	wantDemandErr(t, f.store.AddNote(f.ctx, id, 1, portal.WorkStep{Actor: lead, Note: "x"}, now), portal.ECONFLICT)
	wantDemandErr(t, f.store.AddNote(f.ctx, id, 2, portal.WorkStep{Actor: official, Note: "x"}, now), portal.EFORBIDDEN)
	if d := f.load(id); d.Version != 2 {
		t.Errorf("notes changed the version to %d", d.Version)
	}
	if n := f.count(`SELECT count(*) FROM demand_events WHERE demand_id = $1 AND action = 'note' AND from_status = 'assigned' AND to_status IS NULL`, id); n != 2 {
		t.Errorf("%d note events", n)
	}

	// Supervision.
	wantDemandErr(t, f.store.Supervise(f.ctx, id, 2, true, portal.WorkStep{Actor: official}, now), portal.EINVALID)
	wantDemandErr(t, f.store.Supervise(f.ctx, id, 2, true, portal.WorkStep{Actor: lead, Note: "x"}, now), portal.EFORBIDDEN)
	if err := f.store.Supervise(f.ctx, id, 2, true, portal.WorkStep{Actor: official, Note: "区领导批示，限期办结"}, now); err != nil {
		t.Fatal(err)
	}
	if d := f.load(id); !d.Supervised || d.SupervisionNote != "区领导批示，限期办结" || d.Version != 3 {
		t.Errorf("supervised = %+v", d)
	}

	// Extensions: only the lead asks; one at a time.
	ask := portal.WorkStep{Actor: co, Note: "需市供电公司审批", ExtraDays: 3}
	wantDemandErr(t, f.store.RequestExtension(f.ctx, id, 3, ask, now), portal.EFORBIDDEN)
	ask.Actor = lead
	if err := f.store.RequestExtension(f.ctx, id, 3, ask, now); err != nil {
		t.Fatal(err)
	}
	e := wantDemandErr(t, f.store.RequestExtension(f.ctx, id, 4, ask, now), portal.ECONFLICT)
	if e.Key != "demand_work.extension_already_pending" {
		t.Errorf("key = %s", e.Key)
	}
	xs := f.detail(id, official).Extensions
	if len(xs) != 1 || xs[0].Status != "pending" || xs[0].ExtraDays != 3 {
		t.Fatalf("extensions = %+v", xs)
	}
	if _, err := f.store.Detail(f.ctx, id, f.viewers["dept3"]); portal.ErrorCode(err) != portal.ENOTFOUND {
		t.Errorf("another department reads the extensions: %v", err)
	}
	// Refusing needs a note; approving moves the deadline by 3 working days from 11-09.
	wantDemandErr(t, f.store.DecideExtension(f.ctx, id, 4, xs[0].ID, false, portal.WorkStep{Actor: official}, now, cal), portal.EINVALID)
	wantDemandErr(t, f.store.DecideExtension(f.ctx, id, 4, xs[0].ID, true, portal.WorkStep{Actor: lead}, now, cal), portal.EFORBIDDEN)
	if err := f.store.DecideExtension(f.ctx, id, 4, xs[0].ID, true, portal.WorkStep{Actor: official}, now, cal); err != nil {
		t.Fatal(err)
	}
	d := f.load(id)
	if d.Deadline.Format("2006-01-02") != "2026-11-12" || *d.TimeLimitDays != 8 || d.Version != 5 {
		t.Errorf("after approval = %+v", d)
	}
	wantDemandErr(t, f.store.DecideExtension(f.ctx, id, 5, xs[0].ID, false, portal.WorkStep{Actor: official, Note: "x"}, now, cal), portal.ECONFLICT)
	// A second request may follow, and be refused.
	if err := f.store.RequestExtension(f.ctx, id, 5, ask, now); err != nil {
		t.Fatal(err)
	}
	xs = f.detail(id, lead).Extensions
	if err := f.store.DecideExtension(f.ctx, id, 6, xs[0].ID, false, portal.WorkStep{Actor: official, Note: "不同意，请按期办结"}, now, cal); err != nil {
		t.Fatal(err)
	}
	if d := f.load(id); d.Deadline.Format("2006-01-02") != "2026-11-12" {
		t.Errorf("a refusal moved the deadline to %s", d.Deadline)
	}
	xs = f.detail(id, lead).Extensions
	if xs[0].Status != "refused" || xs[0].DecisionNote != "不同意，请按期办结" || xs[1].Status != "approved" {
		t.Errorf("extensions = %+v", xs)
	}

	// Unsupervise, then answer: the answer is saved and the rating window starts.
	if err := f.store.Supervise(f.ctx, id, 7, false, portal.WorkStep{Actor: official}, now); err != nil {
		t.Fatal(err)
	}
	wantDemandErr(t, f.store.Supervise(f.ctx, id, 8, false, portal.WorkStep{Actor: official}, now), portal.ECONFLICT)
	answer := portal.Step{Action: portal.DemandAnswer, Actor: co, Now: now, Note: "已完成增容"}
	wantDemandErr(t, f.store.Advance(f.ctx, id, 8, answer), portal.EFORBIDDEN)
	answer.Actor = lead
	if err := f.store.Advance(f.ctx, id, 8, answer); err != nil {
		t.Fatal(err)
	}
	d = f.load(id)
	if d.Status != portal.DemandAnswered || d.Answer != "已完成增容" || d.AnsweredAt == nil || !d.AnsweredAt.Equal(now) {
		t.Errorf("answered = %+v", d)
	}
	// Notes and extension requests end with the answer.
	wantDemandErr(t, f.store.AddNote(f.ctx, id, 9, portal.WorkStep{Actor: lead, Note: "x"}, now), portal.ECONFLICT)

	// Closing unrated waits for the rating window (15 days by the settings).
	closeStep := portal.Step{Action: portal.DemandCloseUnrated, Actor: official, Now: now.AddDate(0, 0, 14)}
	e = wantDemandErr(t, f.store.Advance(f.ctx, id, 9, closeStep), portal.ECONFLICT)
	if e.Key != "demand.rating_window_open" {
		t.Errorf("key = %s", e.Key)
	}
	closeStep.Now = now.AddDate(0, 0, 15)
	if err := f.store.Advance(f.ctx, id, 9, closeStep); err != nil {
		t.Fatal(err)
	}
	if d := f.load(id); d.Status != portal.DemandClosed || d.Rating != nil || d.ClosedAt == nil {
		t.Errorf("closed unrated = %+v", d)
	}
}

func TestDemandAnswerAfterReopenStartsAFreshRating(t *testing.T) {
	f := newDemandFixture(t)
	official, lead := f.viewers["official"], f.viewers["dept1"]
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, portal.CST)
	id := f.demand(f.entA, "电力增容", false)
	steps := []func(v int) error{
		func(v int) error {
			return f.store.Assign(f.ctx, id, v, portal.Step{Action: portal.DemandAssign, Actor: official, Now: now},
				portal.Assignment{LeadDepartmentID: f.dept[0], Priority: portal.PriorityNormal, TimeLimitDays: 5}, f.calendar())
		},
		func(v int) error {
			return f.store.Advance(f.ctx, id, v, portal.Step{Action: portal.DemandStart, Actor: lead, Now: now})
		},
		func(v int) error {
			return f.store.Advance(f.ctx, id, v, portal.Step{Action: portal.DemandAnswer, Actor: lead, Now: now, Note: "第一次答复"})
		},
		func(v int) error {
			return f.store.Rate(f.ctx, id, v, portal.Step{Actor: f.viewers["entA"], Now: now, Rating: portal.RatingUnsatisfied, Note: "仍未通电"})
		},
	}
	for i, step := range steps {
		if err := step(i + 1); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	d := f.load(id)
	if d.Status != portal.DemandReopened || !d.Supervised || d.Rating == nil {
		t.Fatalf("reopened = %+v", d)
	}
	later := now.AddDate(0, 0, 3)
	if err := f.store.Advance(f.ctx, id, 5, portal.Step{Action: portal.DemandAnswer, Actor: lead, Now: later, Note: "已通电"}); err != nil {
		t.Fatal(err)
	}
	d = f.load(id)
	if d.Status != portal.DemandAnswered || d.Rating != nil || d.RatingComment != "" || !d.AnsweredAt.Equal(later) || d.Answer != "已通电" {
		t.Errorf("answered again = %+v", d)
	}
}
