package portal

import (
	"strings"
	"testing"
	"time"
)

// The cast of the demand tests: the lead department is 1, the co-handling one 2, another
// department 3; the demand belongs to enterprise 10, another enterprise is 11.
var (
	leadDept, coDept, otherDept int64 = 1, 2, 3
	ownEnt, otherEnt            int64 = 10, 11
)

var demandActors = map[string]Viewer{
	"official":         {UserID: 1, Role: RoleOfficial},
	"admin":            {UserID: 2, Role: RoleAdmin},
	"lead department":  {UserID: 3, Role: RoleDepartment, DepartmentID: &leadDept},
	"co department":    {UserID: 4, Role: RoleDepartment, DepartmentID: &coDept},
	"other department": {UserID: 5, Role: RoleDepartment, DepartmentID: &otherDept},
	"own entrepreneur": {UserID: 6, Role: RoleEntrepreneur, EnterpriseID: &ownEnt},
	"other enterprise": {UserID: 7, Role: RoleEntrepreneur, EnterpriseID: &otherEnt},
}

// testDemand is a demand of enterprise 10 led by department 1 with department 2 co-handling,
// answered 20 days before now and with a deadline, in the given state.
func testDemand(status DemandStatus, now time.Time) Demand {
	answered := now.AddDate(0, 0, -20)
	deadline := time.Date(2026, 10, 9, 0, 0, 0, 0, CST)
	return Demand{ID: 7, EnterpriseID: ownEnt, Status: status, LeadDepartmentID: &leadDept,
		CoDepartmentIDs: []int64{coDept}, AnsweredAt: &answered, Deadline: &deadline}
}

func setOf[T comparable](xs ...T) map[T]bool {
	m := map[T]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// TestDemandTransitionMatrix tries every action from every state by every kind of actor. The
// expectations are written out from the specification of the loop, not derived from the code:
// a wrong actor is refused as forbidden whatever the state, a right actor in a wrong state as
// a conflict.
func TestDemandTransitionMatrix(t *testing.T) {
	officials := setOf("official", "admin")
	rules := []struct {
		action DemandAction
		actors map[string]bool
		from   map[DemandStatus]bool
		to     DemandStatus
	}{
		{DemandAssign, officials, setOf(DemandSubmitted, DemandReturned), DemandAssigned},
		{DemandReassign, officials, setOf(DemandAssigned, DemandInProgress, DemandReopened), DemandAssigned},
		{DemandReject, officials, setOf(DemandSubmitted, DemandReturned), DemandRejected},
		{DemandMerge, officials, setOf(DemandSubmitted, DemandReturned, DemandAssigned), DemandMerged},
		{DemandStart, setOf("lead department"), setOf(DemandAssigned, DemandReopened), DemandInProgress},
		{DemandReturn, setOf("lead department"), setOf(DemandAssigned, DemandInProgress), DemandReturned},
		{DemandAnswer, setOf("lead department"), setOf(DemandAssigned, DemandInProgress, DemandReopened), DemandAnswered},
		{DemandRate, setOf("own entrepreneur"), setOf(DemandAnswered), DemandClosed},
		{DemandCloseUnrated, officials, setOf(DemandAnswered), DemandClosed},
	}
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, CST)
	for _, rule := range rules {
		for _, from := range DemandStatuses {
			for name, actor := range demandActors {
				t.Run(string(rule.action)+"/"+string(from)+"/"+name, func(t *testing.T) {
					d := testDemand(from, now)
					got, err := d.Transition(Step{Action: rule.action, Actor: actor, Now: now, Note: "理由充分",
						Rating: RatingSatisfied, RatingWindowDays: 15})
					var want DemandStatus
					wantCode := ""
					switch {
					case !rule.actors[name]:
						wantCode = EFORBIDDEN
					case !rule.from[from]:
						wantCode = ECONFLICT
					default:
						want = rule.to
					}
					if got != want || ErrorCode(err) != wantCode {
						t.Errorf("got %q, %v; want %q, code %q", got, err, want, wantCode)
					}
				})
			}
		}
	}
}

func TestDemandTransitionInputs(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, CST)
	official, lead, owner := demandActors["official"], demandActors["lead department"], demandActors["own entrepreneur"]
	noDept := Viewer{UserID: 9, Role: RoleDepartment}
	recent := now.AddDate(0, 0, -3)
	cases := []struct {
		name   string
		status DemandStatus
		step   Step
		edit   func(*Demand)
		want   DemandStatus
		code   string
		field  string
	}{
		{"reject needs a reason", DemandSubmitted, Step{Action: DemandReject, Actor: official, Note: "  "}, nil, "", EINVALID, "note"},
		{"return needs a reason", DemandInProgress, Step{Action: DemandReturn, Actor: lead}, nil, "", EINVALID, "note"},
		{"answer needs text", DemandInProgress, Step{Action: DemandAnswer, Actor: lead, Note: "\n"}, nil, "", EINVALID, "note"},
		{"answer too long", DemandInProgress, Step{Action: DemandAnswer, Actor: lead, Note: strings.Repeat("答", 5001)}, nil, "", EINVALID, "note"},
		{"assign needs no note", DemandSubmitted, Step{Action: DemandAssign, Actor: official}, nil, DemandAssigned, "", ""},
		{"start needs no note", DemandReopened, Step{Action: DemandStart, Actor: lead}, nil, DemandInProgress, "", ""},
		{"rating required", DemandAnswered, Step{Action: DemandRate, Actor: owner}, nil, "", EINVALID, "rating"},
		{"unknown rating", DemandAnswered, Step{Action: DemandRate, Actor: owner, Rating: "great"}, nil, "", EINVALID, "rating"},
		{"basically satisfied closes", DemandAnswered, Step{Action: DemandRate, Actor: owner, Rating: RatingBasically}, nil, DemandClosed, "", ""},
		{"unsatisfied needs a reason", DemandAnswered, Step{Action: DemandRate, Actor: owner, Rating: RatingUnsatisfied}, nil, "", EINVALID, "note"},
		{"unsatisfied reopens", DemandAnswered, Step{Action: DemandRate, Actor: owner, Rating: RatingUnsatisfied, Note: "仍未解决"}, nil, DemandReopened, "", ""},
		{"close unrated in the window", DemandAnswered, Step{Action: DemandCloseUnrated, Actor: official, RatingWindowDays: 15},
			func(d *Demand) { d.AnsweredAt = &recent }, "", ECONFLICT, ""},
		{"close unrated on the last day", DemandAnswered, Step{Action: DemandCloseUnrated, Actor: official, RatingWindowDays: 3},
			func(d *Demand) { d.AnsweredAt = &recent }, DemandClosed, "", ""},
		{"close unrated never answered", DemandAnswered, Step{Action: DemandCloseUnrated, Actor: official, RatingWindowDays: 15},
			func(d *Demand) { d.AnsweredAt = nil }, "", ECONFLICT, ""},
		{"department without a department", DemandAssigned, Step{Action: DemandStart, Actor: noDept}, nil, "", EFORBIDDEN, ""},
		{"no lead yet", DemandAssigned, Step{Action: DemandStart, Actor: lead},
			func(d *Demand) { d.LeadDepartmentID = nil }, "", EFORBIDDEN, ""},
		{"unknown action", DemandSubmitted, Step{Action: "delete", Actor: official}, nil, "", ECONFLICT, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := testDemand(tc.status, now)
			if tc.edit != nil {
				tc.edit(&d)
			}
			tc.step.Now = now
			got, err := d.Transition(tc.step)
			if got != tc.want || ErrorCode(err) != tc.code {
				t.Fatalf("got %q, %v; want %q, %s", got, err, tc.want, tc.code)
			}
			if tc.field != "" {
				if e, ok := err.(*Error); !ok || e.Fields[tc.field] == "" {
					t.Errorf("error %v does not name the field %q", err, tc.field)
				}
			}
		})
	}
}

// TestDemandWorkMatrix tries every piece of work that does not change the state, from every
// state, by every kind of actor.
func TestDemandWorkMatrix(t *testing.T) {
	officials := setOf("official", "admin")
	working := setOf(DemandAssigned, DemandInProgress, DemandReopened)
	all := setOf(DemandStatuses...)
	notClosed := setOf(DemandSubmitted, DemandAssigned, DemandInProgress, DemandAnswered, DemandReturned, DemandReopened)
	rules := []struct {
		work   DemandWork
		actors map[string]bool
		from   map[DemandStatus]bool
	}{
		{WorkNote, setOf("lead department", "co department"), working},
		{WorkExtensionRequest, setOf("lead department"), working},
		{WorkExtensionApprove, officials, working},
		{WorkExtensionRefuse, officials, all},
		{WorkSupervise, officials, notClosed},
		{WorkUnsupervise, officials, all}, // the demand below is supervised
	}
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, CST)
	for _, rule := range rules {
		for _, from := range DemandStatuses {
			for name, actor := range demandActors {
				t.Run(string(rule.work)+"/"+string(from)+"/"+name, func(t *testing.T) {
					d := testDemand(from, now)
					d.Supervised = true
					err := d.CheckWork(WorkStep{Work: rule.work, Actor: actor, Note: "需协调市级部门", ExtraDays: 5})
					wantCode := ""
					switch {
					case !rule.actors[name]:
						wantCode = EFORBIDDEN
					case !rule.from[from]:
						wantCode = ECONFLICT
					}
					if ErrorCode(err) != wantCode {
						t.Errorf("got %v; want code %q", err, wantCode)
					}
				})
			}
		}
	}
}

func TestDemandWorkInputs(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, CST)
	official, lead, co := demandActors["official"], demandActors["lead department"], demandActors["co department"]
	cases := []struct {
		name   string
		status DemandStatus
		step   WorkStep
		edit   func(*Demand)
		code   string
		field  string
	}{
		{"note needs text", DemandInProgress, WorkStep{Work: WorkNote, Actor: co, Note: " "}, nil, EINVALID, "note"},
		{"note too long", DemandInProgress, WorkStep{Work: WorkNote, Actor: lead, Note: strings.Repeat("进", 5001)}, nil, EINVALID, "note"},
		{"extension needs a reason", DemandInProgress, WorkStep{Work: WorkExtensionRequest, Actor: lead, ExtraDays: 5}, nil, EINVALID, "note"},
		{"extension needs days", DemandInProgress, WorkStep{Work: WorkExtensionRequest, Actor: lead, Note: "x"}, nil, EINVALID, "extra_days"},
		{"extension too long", DemandInProgress, WorkStep{Work: WorkExtensionRequest, Actor: lead, Note: "x", ExtraDays: MaxExtensionDays + 1}, nil, EINVALID, "extra_days"},
		{"extension at the maximum", DemandInProgress, WorkStep{Work: WorkExtensionRequest, Actor: lead, Note: "x", ExtraDays: MaxExtensionDays}, nil, "", ""},
		{"extension without a deadline", DemandInProgress, WorkStep{Work: WorkExtensionRequest, Actor: lead, Note: "x", ExtraDays: 3},
			func(d *Demand) { d.Deadline = nil }, ECONFLICT, ""},
		{"co department cannot ask for more time", DemandInProgress, WorkStep{Work: WorkExtensionRequest, Actor: co, Note: "x", ExtraDays: 3}, nil, EFORBIDDEN, ""},
		{"refusal needs a note", DemandInProgress, WorkStep{Work: WorkExtensionRefuse, Actor: official}, nil, EINVALID, "note"},
		{"approval needs no note", DemandInProgress, WorkStep{Work: WorkExtensionApprove, Actor: official}, nil, "", ""},
		{"supervision needs a note", DemandInProgress, WorkStep{Work: WorkSupervise, Actor: official}, nil, EINVALID, "note"},
		{"unsupervise a demand not supervised", DemandInProgress, WorkStep{Work: WorkUnsupervise, Actor: official},
			func(d *Demand) { d.Supervised = false }, ECONFLICT, ""},
		{"unknown work", DemandInProgress, WorkStep{Work: "delete", Actor: official}, nil, ECONFLICT, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := testDemand(tc.status, now)
			if tc.edit != nil {
				tc.edit(&d)
			}
			err := d.CheckWork(tc.step)
			if ErrorCode(err) != tc.code {
				t.Fatalf("got %v; want code %q", err, tc.code)
			}
			if tc.field != "" {
				if e, ok := err.(*Error); !ok || e.Fields[tc.field] == "" {
					t.Errorf("error %v does not name the field %q", err, tc.field)
				}
			}
		})
	}
}

func TestDemandVisibility(t *testing.T) {
	d := testDemand(DemandInProgress, time.Now())
	want := map[string]bool{"official": true, "admin": true, "lead department": true, "co department": true,
		"other department": false, "own entrepreneur": true, "other enterprise": false}
	for name, actor := range demandActors {
		if got := d.VisibleTo(actor); got != want[name] {
			t.Errorf("%s: VisibleTo = %v", name, got)
		}
	}
	if (Demand{EnterpriseID: ownEnt}).VisibleTo(Viewer{Role: RoleEntrepreneur}) {
		t.Error("an entrepreneur without an enterprise sees a demand")
	}
}

func TestDemandOverdue(t *testing.T) {
	deadline := time.Date(2026, 10, 9, 0, 0, 0, 0, CST)
	for _, tc := range []struct {
		status DemandStatus
		now    time.Time
		want   bool
	}{
		{DemandInProgress, time.Date(2026, 10, 9, 23, 59, 0, 0, CST), false},
		{DemandInProgress, time.Date(2026, 10, 10, 0, 0, 1, 0, CST), true},
		{DemandInProgress, time.Date(2026, 10, 9, 16, 30, 0, 0, time.UTC), true}, // 00:30 on the 10th in Beijing
		{DemandAssigned, time.Date(2026, 10, 12, 9, 0, 0, 0, CST), true},
		{DemandReopened, time.Date(2026, 10, 12, 9, 0, 0, 0, CST), true},
		{DemandAnswered, time.Date(2026, 10, 12, 9, 0, 0, 0, CST), false},
		{DemandReturned, time.Date(2026, 10, 12, 9, 0, 0, 0, CST), false},
	} {
		d := Demand{Status: tc.status, Deadline: &deadline}
		if got := d.Overdue(tc.now); got != tc.want {
			t.Errorf("%s at %s: Overdue = %v", tc.status, tc.now, got)
		}
	}
}
