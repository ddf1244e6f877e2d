package pages

import (
	"context"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
)

// CheckinView is the meeting staff's check-in page: counts, the scanned attendee if any, the
// code and walk-in forms, and the (filtered) list of attendees.
type CheckinView struct {
	Meeting   *portal.Meeting
	Attendees []postgres.CheckinAttendee
	Query     string
	// Blocked is the catalog key saying why nobody can be checked in now; empty when they can.
	Blocked string
	// Scanned is the attendee whose QR code was scanned (GET ?code=); ScannedCode is the code
	// as it came, shown when ScanUnknown says no attendee has it.
	Scanned     *postgres.CheckinAttendee
	ScannedCode string
	ScanUnknown bool
	Code        CheckinCodeForm
	WalkIn      WalkInForm
	// EnterpriseNames are verified enterprises the walk-in form offers.
	EnterpriseNames []string
}

// CheckinCodeForm is a check-in by the attendee's code, typed by the staff.
type CheckinCodeForm struct {
	Code     string `form:"code"`
	Query    string `form:"q"`
	Problems portal.Problems
}

// WalkInForm is a person added at the door.
type WalkInForm struct {
	Name       string `form:"name"`
	Title      string `form:"title"`
	Mobile     string `form:"mobile"`
	Enterprise string `form:"enterprise"`
	Query      string `form:"q"`
	Problems   portal.Problems
}

// MinutesView is a meeting's minutes: the form while the meeting is held, read-only otherwise.
type MinutesView struct {
	Meeting     *portal.Meeting
	Departments []portal.Department // every department, to tick those that attended
	Form        MinutesForm
	// ReadOnly is the catalog key saying why the minutes cannot change; empty when they can.
	ReadOnly string
	// Conflict is set when someone else saved first: Meeting then holds their minutes, and
	// the form what this official typed, with the version brought up to date.
	Conflict bool
}

// MinutesForm is the minutes as typed.
type MinutesForm struct {
	Version          int     `form:"version"`
	Summary          string  `form:"minutes"` // not "summary": error-summary is the form's summary box
	AttendingLeaders string  `form:"attending_leaders"`
	DepartmentIDs    []int64 `form:"department_ids"`
	Problems         portal.Problems
}

// Ticked reports whether the department's box is ticked.
func (f MinutesForm) Ticked(id int64) bool {
	for _, x := range f.DepartmentIDs {
		if x == id {
			return true
		}
	}
	return false
}

func checkinHref(m *portal.Meeting, rest string) string {
	return "/meetings/" + strconv.FormatInt(m.ID, 10) + rest
}

func attendeeIDString(a postgres.CheckinAttendee) string { return strconv.FormatInt(a.ID, 10) }

// checkinSearchText is what the page's as-you-type filter matches: the same fields the
// server-side search looks at, lower-case, without the hidden digits of the mobile.
func checkinSearchText(a postgres.CheckinAttendee) string {
	last4 := a.Mobile
	if len(last4) > 4 {
		last4 = last4[len(last4)-4:]
	}
	return strings.ToLower(strings.Join([]string{a.EnterpriseName, a.Name, a.Title, a.Code, last4}, " "))
}

// AttendeeLabel is "王建华（星途新能源汽车）" in ctx's language, for messages about a person.
func AttendeeLabel(ctx context.Context, a postgres.CheckinAttendee) string {
	return i18n.T(ctx, "checkin.person", a.Name, a.EnterpriseName)
}

// Clock is the time of a check-in as the desk says it: 07:32, China Standard Time.
func Clock(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(portal.CST).Format("15:04")
}

// departmentsAttended is the names of the departments marked as attended, joined.
func departmentsAttended(m *portal.Meeting) string {
	var names []string
	for _, d := range m.Departments {
		if d.Attended {
			names = append(names, d.Name)
		}
	}
	return strings.Join(names, "、")
}
