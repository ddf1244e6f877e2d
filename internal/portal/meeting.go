package portal

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MeetingStatus is where a breakfast meeting stands.
type MeetingStatus string

// Meeting states: draft → published → held → closed, or cancelled before it is held.
const (
	MeetingDraft     MeetingStatus = "draft"
	MeetingPublished MeetingStatus = "published"
	MeetingHeld      MeetingStatus = "held"
	MeetingClosed    MeetingStatus = "closed"
	MeetingCancelled MeetingStatus = "cancelled"
)

// MeetingStatuses lists every state in life-cycle order.
var MeetingStatuses = []MeetingStatus{MeetingDraft, MeetingPublished, MeetingHeld, MeetingClosed, MeetingCancelled}

// MeetingAction is an official's step in a meeting's life.
type MeetingAction string

// The steps of a meeting's life.
const (
	ActionPublish MeetingAction = "publish" // invitations become visible to enterprises
	ActionHold    MeetingAction = "hold"    // the meeting took place
	ActionClose   MeetingAction = "close"   // minutes recorded, nothing changes any more
	ActionCancel  MeetingAction = "cancel"  // called off, with a reason invitees see
)

// meetingTransitions is the whole state machine: from → action → to.
var meetingTransitions = map[MeetingStatus]map[MeetingAction]MeetingStatus{
	MeetingDraft:     {ActionPublish: MeetingPublished, ActionCancel: MeetingCancelled},
	MeetingPublished: {ActionHold: MeetingHeld, ActionCancel: MeetingCancelled},
	MeetingHeld:      {ActionClose: MeetingClosed},
}

// Meeting is a breakfast meeting.
type Meeting struct {
	ID                 int64
	SeriesID           *int64
	SeriesName         string
	Theme              string
	StartsAt, EndsAt   time.Time
	Venue              string
	ChainID            *int64
	ChainName          string
	HostName           string
	HostTitle          string
	Capacity           int
	PerEnterpriseLimit int
	Agenda             string
	Status             MeetingStatus
	CancelReason       string
	Summary            string
	AttendingLeaders   string
	MinutesAt          *time.Time
	Version            int
	Departments        []MeetingDepartment
	Counts             MeetingCounts
}

// MeetingDepartment is a department at a meeting: planned, and (minutes) whether it came.
type MeetingDepartment struct {
	ID       int64
	Name     string
	Attended bool
}

// MeetingCounts are a meeting's figures: enterprises invited (seats taken), accepted, waiting,
// applying, and people checked in of those expected.
type MeetingCounts struct {
	Invited    int // invitations holding a seat: invited or accepted
	Accepted   int
	Declined   int
	Waitlisted int
	Applied    int
	Attendees  int
	CheckedIn  int
}

// Transition returns the state action leads to, or ECONFLICT when the meeting's state does not
// allow it. Holding needs the start time to have come; closing needs minutes; cancelling needs
// a reason.
func (m Meeting) Transition(action MeetingAction, now time.Time, reason string) (MeetingStatus, error) {
	to, ok := meetingTransitions[m.Status][action]
	if !ok {
		return "", Errorf(ECONFLICT, "meeting.transition_refused")
	}
	switch action {
	case ActionHold:
		if now.Before(m.StartsAt) {
			return "", Errorf(ECONFLICT, "meeting.not_started")
		}
	case ActionClose:
		if strings.TrimSpace(m.Summary) == "" {
			return "", Errorf(ECONFLICT, "meeting.minutes_first")
		}
	case ActionCancel:
		if strings.TrimSpace(reason) == "" {
			return "", Problems{"reason": "meeting.cancel_reason_required"}.Err()
		}
	}
	return to, nil
}

// Editable reports whether the meeting's settings may still change.
func (m Meeting) Editable() bool { return m.Status == MeetingDraft || m.Status == MeetingPublished }

// Started reports whether the meeting has begun at now.
func (m Meeting) Started(now time.Time) bool { return !now.Before(m.StartsAt) }

// CheckInvite returns why enterprises cannot be invited now, or nil.
func (m Meeting) CheckInvite(now time.Time) error {
	switch {
	case m.Status == MeetingCancelled:
		return Errorf(ECONFLICT, "meeting.cancelled_no_invites")
	case !m.Editable():
		return Errorf(ECONFLICT, "meeting.closed_no_invites")
	case m.Started(now):
		return Errorf(ECONFLICT, "meeting.started_no_invites")
	}
	return nil
}

// CheckReply returns why an enterprise cannot answer or apply now, or nil: only a published
// meeting that has not started takes replies.
func (m Meeting) CheckReply(now time.Time) error {
	switch {
	case m.Status == MeetingCancelled:
		return Errorf(ECONFLICT, "meeting.cancelled_no_replies")
	case m.Status != MeetingPublished:
		return Errorf(ECONFLICT, "meeting.not_open")
	case m.Started(now):
		return Errorf(ECONFLICT, "meeting.started_no_replies")
	}
	return nil
}

// CheckCheckIn returns why people cannot be checked in now, or nil: on a published or held
// meeting only.
func (m Meeting) CheckCheckIn() error {
	if m.Status != MeetingPublished && m.Status != MeetingHeld {
		return Errorf(ECONFLICT, "meeting.no_checkin")
	}
	return nil
}

// VisibleToEnterprises reports whether invitees can see the meeting: not while it is a draft.
func (m Meeting) VisibleToEnterprises() bool { return m.Status != MeetingDraft }

// MeetingInput is what an official enters to schedule or change a meeting. Date and times are
// in China Standard Time, as typed: 2026-12-18, 07:30.
type MeetingInput struct {
	Theme              string
	SeriesName         string
	Date               string
	StartTime          string
	EndTime            string
	Venue              string
	ChainID            *int64
	HostName           string
	HostTitle          string
	DepartmentIDs      []int64
	Capacity           int
	PerEnterpriseLimit int
	Agenda             string
}

// Normalize trims the text fields.
func (in *MeetingInput) Normalize() {
	for _, s := range []*string{&in.Theme, &in.SeriesName, &in.Date, &in.StartTime, &in.EndTime, &in.Venue,
		&in.HostName, &in.HostTitle, &in.Agenda} {
		*s = strings.TrimSpace(*s)
	}
}

// Times returns the start and end instants; call it after Validate.
func (in MeetingInput) Times() (start, end time.Time) {
	start, _ = time.ParseInLocation("2006-01-02 15:04", in.Date+" "+in.StartTime, CST)
	end, _ = time.ParseInLocation("2006-01-02 15:04", in.Date+" "+in.EndTime, CST)
	return start, end
}

// MaxCapacity bounds a meeting's seats: a breakfast meeting is a table, not a conference.
const MaxCapacity = 200

// Validate checks the input. seatsTaken is how many seats invitations already hold (0 for a
// new meeting): the capacity may not fall below it.
func (in MeetingInput) Validate(seatsTaken int) error {
	p := Problems{}
	checkText(p, "theme", in.Theme, true, 100)
	checkText(p, "series_name", in.SeriesName, false, 100)
	checkText(p, "venue", in.Venue, true, 100)
	checkText(p, "host_name", in.HostName, false, 20)
	checkText(p, "host_title", in.HostTitle, false, 50)
	if utf8.RuneCountInString(in.Agenda) > 5000 {
		p.Add("agenda", "field.too_long")
	}
	if _, err := time.ParseInLocation("2006-01-02", in.Date, CST); err != nil {
		p.Add("date", "meeting.date_invalid")
	}
	start, startErr := time.Parse("15:04", in.StartTime)
	end, endErr := time.Parse("15:04", in.EndTime)
	if startErr != nil {
		p.Add("start_time", "meeting.time_invalid")
	}
	if endErr != nil {
		p.Add("end_time", "meeting.time_invalid")
	}
	if startErr == nil && endErr == nil && !end.After(start) {
		p.Add("end_time", "meeting.end_before_start")
	}
	switch {
	case in.Capacity < 1 || in.Capacity > MaxCapacity:
		p.Add("capacity", "meeting.capacity_invalid")
	case in.Capacity < seatsTaken:
		p.Add("capacity", "meeting.capacity_below_taken")
	}
	if in.PerEnterpriseLimit < 1 || in.PerEnterpriseLimit > 10 {
		p.Add("per_enterprise_limit", "meeting.limit_invalid")
	}
	return p.Err()
}

// NextMonth returns the same day and time one month later, on the month's last day when the
// next month is shorter (31 January → 28 or 29 February), in China Standard Time.
func NextMonth(t time.Time) time.Time {
	t = t.In(CST)
	first := time.Date(t.Year(), t.Month()+1, 1, t.Hour(), t.Minute(), 0, 0, CST)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last), t.Hour(), t.Minute(), 0, 0, CST)
}

// InvitationStatus is where an enterprise's invitation to, or application for, a meeting stands.
type InvitationStatus string

// Invitation states. Invited and accepted invitations hold a seat; waitlisted ones move up in
// order when a seat frees; applied ones wait for an official's decision.
const (
	InvitationInvited    InvitationStatus = "invited"
	InvitationAccepted   InvitationStatus = "accepted"
	InvitationDeclined   InvitationStatus = "declined"
	InvitationWaitlisted InvitationStatus = "waitlisted"
	InvitationApplied    InvitationStatus = "applied"
	InvitationRefused    InvitationStatus = "refused" // an application an official declined
)

// HoldsSeat reports whether the invitation takes one of the meeting's seats.
func (s InvitationStatus) HoldsSeat() bool { return s == InvitationInvited || s == InvitationAccepted }

// CheckAnswer returns why an enterprise cannot answer an invitation in state s, or nil. An
// invited or accepted enterprise may accept (again, to change its representatives) or decline;
// a waitlisted one may withdraw by declining.
func (s InvitationStatus) CheckAnswer(accept bool) error {
	switch {
	case s == InvitationInvited || s == InvitationAccepted:
		return nil
	case s == InvitationWaitlisted && !accept:
		return nil
	case s == InvitationWaitlisted:
		return Errorf(ECONFLICT, "invitation.waitlisted_wait")
	default:
		return Errorf(ECONFLICT, "invitation.no_answer")
	}
}

// Representative is a person an enterprise sends to a meeting.
type Representative struct {
	Name   string
	Title  string
	Mobile string
}

// ValidateRepresentatives checks an accepting enterprise's representatives: at least one, at
// most limit, each with a name and a valid mobile number. Problems are named rep_name_N,
// rep_title_N, rep_mobile_N after the row N of the (normalised) list.
func ValidateRepresentatives(reps []Representative, limit int) ([]Representative, error) {
	p := Problems{}
	var kept []Representative
	for _, r := range reps {
		r = Representative{Name: strings.TrimSpace(r.Name), Title: strings.TrimSpace(r.Title),
			Mobile: strings.ReplaceAll(strings.TrimSpace(r.Mobile), " ", "")}
		if r != (Representative{}) {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 {
		p.Add("rep_name_0", "invitation.rep_required")
	}
	if len(kept) > limit {
		p.Add("reps", "invitation.too_many_reps")
	}
	for i, r := range kept {
		n := strconv.Itoa(i)
		checkText(p, "rep_name_"+n, r.Name, true, 30)
		checkText(p, "rep_title_"+n, r.Title, false, 30)
		if r.Mobile == "" {
			p.Add("rep_mobile_"+n, "field.required")
		} else if !ValidMobile(r.Mobile) {
			p.Add("rep_mobile_"+n, "contact.mobile_invalid")
		}
	}
	return kept, p.Err()
}
