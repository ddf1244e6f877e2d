package portal

import "strings"

// WalkInInput is a person the meeting staff add at the door. Enterprise is a verified
// enterprise's exact name (then the attendee is linked to it) or any other name.
type WalkInInput struct {
	Name       string
	Title      string
	Mobile     string
	Enterprise string
}

// Normalize trims the fields and drops spaces inside the mobile number.
func (in *WalkInInput) Normalize() {
	in.Name, in.Title, in.Enterprise = strings.TrimSpace(in.Name), strings.TrimSpace(in.Title), strings.TrimSpace(in.Enterprise)
	in.Mobile = strings.ReplaceAll(strings.TrimSpace(in.Mobile), " ", "")
}

// Validate checks a normalized walk-in: name and enterprise required, the mobile optional but
// valid when given.
func (in WalkInInput) Validate() error {
	p := Problems{}
	checkText(p, "name", in.Name, true, 30)
	checkText(p, "title", in.Title, false, 30)
	checkText(p, "enterprise", in.Enterprise, true, 100)
	if in.Mobile != "" && !ValidMobile(in.Mobile) {
		p.Add("mobile", "contact.mobile_invalid")
	}
	return p.Err()
}

// MinutesInput is what officials record after a meeting.
type MinutesInput struct {
	Summary          string
	AttendingLeaders string
	DepartmentIDs    []int64 // departments that attended, planned or not
}

// Validate checks the minutes: a summary of at most 5000 characters is required. Problems are
// named minutes (the summary) and attending_leaders.
func (in MinutesInput) Validate() error {
	p := Problems{}
	checkText(p, "minutes", strings.TrimSpace(in.Summary), true, 5000)
	checkText(p, "attending_leaders", strings.TrimSpace(in.AttendingLeaders), false, 500)
	return p.Err()
}

// CheckMinutes returns why the meeting's minutes cannot be recorded now, or nil: only while it
// is held; a closed meeting's minutes are final.
func (m Meeting) CheckMinutes() error {
	switch m.Status {
	case MeetingHeld:
		return nil
	case MeetingClosed:
		return Errorf(ECONFLICT, "minutes.closed")
	default:
		return Errorf(ECONFLICT, "minutes.not_held")
	}
}
