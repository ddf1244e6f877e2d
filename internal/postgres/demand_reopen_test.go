package postgres_test

import (
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/workdays"
)

// An enterprise rating an answer 不满意 reopens the demand with a fresh deadline: the same time
// limit in working days, counted from the reopening, so it is not overdue the moment it comes
// back; the holidays of the calendar count (here the 2026 National Day week and its make-up
// working days).
func TestReopenedDemandGetsAFreshDeadline(t *testing.T) {
	f := newDemandFixture(t)
	official, lead, ent := f.viewers["official"], f.viewers["dept1"], f.viewers["entA"]
	assigned := time.Date(2026, 9, 1, 9, 0, 0, 0, portal.CST)
	id := f.demand(f.entA, "双回路供电改造", false)
	if err := f.store.Assign(f.ctx, id, 1, portal.Step{Action: portal.DemandAssign, Actor: official, Now: assigned},
		portal.Assignment{LeadDepartmentID: f.dept[0], Priority: portal.PriorityNormal, TimeLimitDays: 5}, f.calendar()); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Advance(f.ctx, id, 2, portal.Step{Action: portal.DemandAnswer, Actor: lead, Now: assigned.AddDate(0, 0, 3), Note: "已排期"}); err != nil {
		t.Fatal(err)
	}
	if d := f.load(id); d.Deadline == nil || d.Deadline.Format("2006-01-02") != "2026-09-08" {
		t.Fatalf("first deadline %v", d.Deadline)
	}
	// Rated on Wednesday 30 September, the eve of the National Day holiday (1–7 October 2026;
	// Sunday 20 September and Saturday 10 October are worked): five working days are
	// 8, 9, 10 (Saturday, worked), 12 and 13 October.
	reopened := time.Date(2026, 9, 30, 16, 0, 0, 0, portal.CST)
	if err := f.store.Rate(f.ctx, id, 3, portal.Step{Actor: ent, Now: reopened, Rating: portal.RatingUnsatisfied, Note: "仍未送电"}); err != nil {
		t.Fatal(err)
	}
	d := f.load(id)
	want, _ := f.calendar().AddWorkdays(reopened, 5)
	if d.Status != portal.DemandReopened || d.Deadline == nil || d.Deadline.Format("2006-01-02") != want.Format("2006-01-02") {
		t.Fatalf("reopened: status %s, deadline %v, want %s", d.Status, d.Deadline, want.Format("2006-01-02"))
	}
	if d.Overdue(reopened.AddDate(0, 0, 1)) {
		t.Error("a reopened demand is overdue the next day")
	}
	if !d.Overdue(want.AddDate(0, 0, 1)) {
		t.Error("a reopened demand is not overdue after its new deadline")
	}
	if *d.TimeLimitDays != 5 || d.AssignedAt == nil || !d.AssignedAt.Equal(assigned) {
		t.Errorf("time limit %v, assigned at %v: the first assignment stays", *d.TimeLimitDays, d.AssignedAt)
	}
	if d.DeadlineUnsure {
		t.Error("2026 has a schedule, but the new deadline is flagged unsure")
	}
	if workdays.DateOf(want) != workdays.Date(2026, 10, 13) {
		t.Errorf("the calendar says %s; the seeded 2026 National Day schedule is off", want.Format("2006-01-02"))
	}
}
