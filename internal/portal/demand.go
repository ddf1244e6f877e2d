package portal

import (
	"strings"
	"time"
	"unicode/utf8"
)

// DemandStatus is where a demand stands in its closed loop.
type DemandStatus string

// Demand states: submitted 待受理 → assigned 已交办 → in progress 办理中 → answered 已答复(待评价)
// → closed 已办结; or rejected 不予受理, returned 退回 (to triage), reopened 重新办理 (after an
// unsatisfied rating), merged 已合并 (into a duplicate).
const (
	DemandSubmitted  DemandStatus = "submitted"
	DemandAssigned   DemandStatus = "assigned"
	DemandInProgress DemandStatus = "in_progress"
	DemandAnswered   DemandStatus = "answered"
	DemandClosed     DemandStatus = "closed"
	DemandRejected   DemandStatus = "rejected"
	DemandReturned   DemandStatus = "returned"
	DemandReopened   DemandStatus = "reopened"
	DemandMerged     DemandStatus = "merged"
)

// DemandStatuses lists every state in the order of the loop.
var DemandStatuses = []DemandStatus{DemandSubmitted, DemandAssigned, DemandInProgress, DemandAnswered,
	DemandClosed, DemandReturned, DemandReopened, DemandRejected, DemandMerged}

// DemandPhase groups the states: open (someone must act), answered (the enterprise must rate),
// closed (nothing more happens).
type DemandPhase string

// The three phases.
const (
	PhaseOpen     DemandPhase = "open"
	PhaseAnswered DemandPhase = "answered"
	PhaseClosed   DemandPhase = "closed"
)

// Phase returns the phase of the state.
func (s DemandStatus) Phase() DemandPhase {
	switch s {
	case DemandAnswered:
		return PhaseAnswered
	case DemandClosed, DemandRejected, DemandMerged:
		return PhaseClosed
	default:
		return PhaseOpen
	}
}

// Valid reports whether s is a known state.
func (s DemandStatus) Valid() bool {
	for _, x := range DemandStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// HasDeadline reports whether a department is working on the demand against its deadline.
func (s DemandStatus) HasDeadline() bool {
	return s == DemandAssigned || s == DemandInProgress || s == DemandReopened
}

// Rating is an enterprise's verdict on an answer.
type Rating string

// The three ratings. A demand nobody rated has no rating ("not rated"), which is never counted
// as satisfied.
const (
	RatingSatisfied   Rating = "satisfied"   // 满意
	RatingBasically   Rating = "basically"   // 基本满意
	RatingUnsatisfied Rating = "unsatisfied" // 不满意
)

// Valid reports whether r is one of the three ratings.
func (r Rating) Valid() bool {
	return r == RatingSatisfied || r == RatingBasically || r == RatingUnsatisfied
}

// Priority orders the work of departments.
type Priority string

// The priorities.
const (
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool {
	return p == PriorityNormal || p == PriorityHigh || p == PriorityUrgent
}

// Demand is an enterprise's demand and where it stands.
type Demand struct {
	ID                 int64
	EnterpriseID       int64
	EnterpriseName     string
	MeetingID          *int64
	MeetingTheme       string
	CategoryID         int64
	CategoryCode       string
	Title              string
	Description        string
	ExpectedOutcome    string
	Confidential       bool
	Status             DemandStatus
	Priority           Priority
	LeadDepartmentID   *int64
	LeadDepartment     string
	CoDepartmentIDs    []int64
	CoDepartments      []string
	TimeLimitDays      *int
	AssignedAt         *time.Time
	Deadline           *time.Time // a date in CST
	DeadlineUnsure     bool
	Answer             string
	AnsweredAt         *time.Time
	Rating             *Rating
	RatingComment      string
	RatedAt            *time.Time
	ClosedAt           *time.Time
	Supervised         bool
	SupervisionNote    string
	MergedInto         *int64
	RejectReason       string
	RecordedByOfficial bool
	Version            int
	CreatedAt          time.Time
}

// Viewer is who looks at demands, as far as visibility goes.
type Viewer struct {
	UserID       int64
	Role         Role
	DepartmentID *int64
	EnterpriseID *int64
}

// ViewerOf returns the viewer for a signed-in user.
func ViewerOf(u *User) Viewer {
	return Viewer{UserID: u.ID, Role: u.Role, DepartmentID: u.DepartmentID, EnterpriseID: u.EnterpriseID}
}

// Handles reports whether the viewer's department is the demand's lead or a co-handling one.
func (d Demand) Handles(v Viewer) bool {
	if v.Role != RoleDepartment || v.DepartmentID == nil {
		return false
	}
	if d.LeadDepartmentID != nil && *d.LeadDepartmentID == *v.DepartmentID {
		return true
	}
	for _, id := range d.CoDepartmentIDs {
		if id == *v.DepartmentID {
			return true
		}
	}
	return false
}

// Leads reports whether the viewer's department is the demand's lead department.
func (d Demand) Leads(v Viewer) bool {
	return v.Role == RoleDepartment && v.DepartmentID != nil && d.LeadDepartmentID != nil &&
		*d.LeadDepartmentID == *v.DepartmentID
}

// VisibleTo reports whether the viewer may see the demand at all: officials and admins see
// every demand, an entrepreneur their own enterprise's, department staff those assigned to
// their department (confidential ones included only then). Stores enforce the same rule in
// their queries; this is its statement.
func (d Demand) VisibleTo(v Viewer) bool {
	switch v.Role {
	case RoleAdmin, RoleOfficial:
		return true
	case RoleEntrepreneur:
		return v.EnterpriseID != nil && *v.EnterpriseID == d.EnterpriseID
	case RoleDepartment:
		return d.Handles(v)
	}
	return false
}

// Overdue reports whether the demand's deadline has passed at now while a department still
// works on it.
func (d Demand) Overdue(now time.Time) bool {
	if !d.Status.HasDeadline() || d.Deadline == nil {
		return false
	}
	today := now.In(CST)
	y, m, day := d.Deadline.Date()
	deadline := time.Date(y, m, day, 0, 0, 0, 0, CST)
	return time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, CST).After(deadline)
}

// DemandAction is a step that changes a demand's state.
type DemandAction string

// The steps of the loop.
const (
	DemandAssign       DemandAction = "assign"        // official: lead department, time limit
	DemandReassign     DemandAction = "reassign"      // official: another department or time limit
	DemandReject       DemandAction = "reject"        // official: not applicable, with a reason
	DemandMerge        DemandAction = "merge"         // official: a duplicate of another demand
	DemandStart        DemandAction = "start"         // lead department: work begins
	DemandReturn       DemandAction = "return"        // lead department: wrongly assigned, back to triage
	DemandAnswer       DemandAction = "answer"        // lead department: the answer (答复)
	DemandRate         DemandAction = "rate"          // the enterprise: 满意/基本满意 closes, 不满意 reopens
	DemandCloseUnrated DemandAction = "close_unrated" // official: the rating window passed without a rating
)

// demandSteps is the state machine: for each action, the states it may start from.
var demandSteps = map[DemandAction][]DemandStatus{
	DemandAssign:       {DemandSubmitted, DemandReturned},
	DemandReassign:     {DemandAssigned, DemandInProgress, DemandReopened},
	DemandReject:       {DemandSubmitted, DemandReturned},
	DemandMerge:        {DemandSubmitted, DemandReturned, DemandAssigned},
	DemandStart:        {DemandAssigned, DemandReopened},
	DemandReturn:       {DemandAssigned, DemandInProgress},
	DemandAnswer:       {DemandAssigned, DemandInProgress, DemandReopened},
	DemandRate:         {DemandAnswered},
	DemandCloseUnrated: {DemandAnswered},
}

// Step is one requested change of a demand, with what the action needs.
type Step struct {
	Action DemandAction
	Actor  Viewer
	Now    time.Time
	Note   string // reason, progress note or answer text
	Rating Rating // for DemandRate
	// RatingWindowDays is how long an enterprise has to rate, for DemandCloseUnrated.
	RatingWindowDays int
}

// Transition checks a step against the state machine and the actor's role, and returns the
// state it leads to. Illegal steps are ECONFLICT (wrong state) or EFORBIDDEN (wrong actor);
// missing reasons or answers are EINVALID on the field "note".
func (d Demand) Transition(s Step) (DemandStatus, error) {
	from, ok := demandSteps[s.Action]
	if !ok {
		return "", Errorf(ECONFLICT, "demand.step_refused")
	}
	if !d.allowedActor(s) {
		return "", Errorf(EFORBIDDEN, "demand.not_yours")
	}
	allowed := false
	for _, st := range from {
		allowed = allowed || st == d.Status
	}
	if !allowed {
		return "", Errorf(ECONFLICT, "demand.step_refused")
	}
	note := strings.TrimSpace(s.Note)
	if utf8.RuneCountInString(note) > 5000 {
		return "", Problems{"note": "field.too_long"}.Err()
	}
	switch s.Action {
	case DemandAssign, DemandReassign:
		return DemandAssigned, nil
	case DemandReject:
		if note == "" {
			return "", Problems{"note": "demand.reason_required"}.Err()
		}
		return DemandRejected, nil
	case DemandMerge:
		return DemandMerged, nil
	case DemandStart:
		return DemandInProgress, nil
	case DemandReturn:
		if note == "" {
			return "", Problems{"note": "demand.reason_required"}.Err()
		}
		return DemandReturned, nil
	case DemandAnswer:
		if note == "" {
			return "", Problems{"note": "demand.answer_required"}.Err()
		}
		return DemandAnswered, nil
	case DemandRate:
		if !s.Rating.Valid() {
			return "", Problems{"rating": "demand.rating_required"}.Err()
		}
		if s.Rating == RatingUnsatisfied {
			if note == "" {
				return "", Problems{"note": "demand.unsatisfied_reason_required"}.Err()
			}
			return DemandReopened, nil
		}
		return DemandClosed, nil
	default: // DemandCloseUnrated
		if d.AnsweredAt == nil || s.Now.Before(d.AnsweredAt.AddDate(0, 0, s.RatingWindowDays)) {
			return "", Errorf(ECONFLICT, "demand.rating_window_open")
		}
		return DemandClosed, nil
	}
}

func (d Demand) allowedActor(s Step) bool {
	switch s.Action {
	case DemandAssign, DemandReassign, DemandReject, DemandMerge, DemandCloseUnrated:
		return s.Actor.Role == RoleOfficial || s.Actor.Role == RoleAdmin
	case DemandStart, DemandReturn, DemandAnswer:
		return d.Leads(s.Actor)
	case DemandRate:
		return s.Actor.Role == RoleEntrepreneur && s.Actor.EnterpriseID != nil && *s.Actor.EnterpriseID == d.EnterpriseID
	}
	return false
}

// DemandInput is what an entrepreneur (or an official on their behalf) submits.
type DemandInput struct {
	EnterpriseID    int64
	MeetingID       *int64
	CategoryID      int64
	Title           string
	Description     string
	ExpectedOutcome string
	Confidential    bool
	SubmitToken     string // one per rendered form, so a double click saves once
}

// Normalize trims the text fields.
func (in *DemandInput) Normalize() {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.ExpectedOutcome = strings.TrimSpace(in.ExpectedOutcome)
}

// Validate checks the input.
func (in DemandInput) Validate() error {
	p := Problems{}
	checkText(p, "title", in.Title, true, 100)
	checkText(p, "description", in.Description, true, 5000)
	checkText(p, "expected_outcome", in.ExpectedOutcome, false, 2000)
	if in.CategoryID <= 0 {
		p.Add("category_id", "demand.category_required")
	}
	return p.Err()
}

// Assignment is what an official decides at triage.
type Assignment struct {
	LeadDepartmentID int64
	CoDepartmentIDs  []int64
	Priority         Priority
	TimeLimitDays    int
}

// Validate checks the assignment.
func (a Assignment) Validate() error {
	p := Problems{}
	if a.LeadDepartmentID <= 0 {
		p.Add("lead_department_id", "demand.lead_required")
	}
	for _, id := range a.CoDepartmentIDs {
		if id == a.LeadDepartmentID {
			p.Add("co_department_ids", "demand.co_is_lead")
		}
	}
	if !a.Priority.Valid() {
		p.Add("priority", "demand.priority_invalid")
	}
	if a.TimeLimitDays < 1 || a.TimeLimitDays > 180 {
		p.Add("time_limit_days", "demand.time_limit_invalid")
	}
	return p.Err()
}
