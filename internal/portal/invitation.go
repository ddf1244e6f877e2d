package portal

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// InvitationSource says how an enterprise came to a meeting's list: invited by an official, or
// by its own application.
type InvitationSource string

// The two sources of an invitation.
const (
	SourceOfficial    InvitationSource = "official"
	SourceApplication InvitationSource = "application"
)

// Invitation is an enterprise's invitation to, or application for, one meeting.
type Invitation struct {
	ID             int64
	MeetingID      int64
	EnterpriseID   int64
	EnterpriseName string
	EnterpriseKey  bool // a key enterprise (重点企业)
	Status         InvitationStatus
	Source         InvitationSource
	QueuedAt       time.Time // waitlist order
	QueuePosition  int       // 1-based place on the waitlist; 0 when not waitlisted
	RepliedAt      *time.Time
	ReplyNote      string // an official's note on a refused application
	Delegates      []Delegate
}

// Delegate is a representative an enterprise named for a meeting, with the code they show at
// the door.
type Delegate struct {
	AttendeeID  int64
	Name        string
	Title       string
	Mobile      string
	CheckinCode string
	CheckedIn   bool
}

// InvitedMeeting is a meeting as one enterprise sees it: the meeting and its invitation.
type InvitedMeeting struct {
	Meeting    Meeting
	Invitation Invitation
}

// PlaceFor returns the state a newly invited enterprise takes when seatsTaken of the meeting's
// seats are held: a seat while one is free, otherwise the end of the waitlist.
func (m Meeting) PlaceFor(seatsTaken int) InvitationStatus {
	if seatsTaken < m.Capacity {
		return InvitationInvited
	}
	return InvitationWaitlisted
}

// MaxRefuseNote bounds an official's note on a refused application.
const MaxRefuseNote = 500

// CheckRefuseNote returns EINVALID on the field "note" when an official's note on a refused
// application is too long; the note is optional.
func CheckRefuseNote(note string) error {
	if utf8.RuneCountInString(strings.TrimSpace(note)) > MaxRefuseNote {
		return Problems{"note": "field.too_long"}.Err()
	}
	return nil
}

// CheckDistinctMobiles returns EINVALID when two of the (normalised) representatives share a
// mobile number: each person has one check-in code, found by their number.
func CheckDistinctMobiles(reps []Representative) error {
	p := Problems{}
	seen := map[string]bool{}
	for i, r := range reps {
		if r.Mobile == "" {
			continue
		}
		if seen[r.Mobile] {
			p.Add("rep_mobile_"+strconv.Itoa(i), "invitation.rep_duplicate")
		}
		seen[r.Mobile] = true
	}
	return p.Err()
}

// NotInvitedSince returns the instant from which an earlier invitation counts as recent when
// officials look for enterprises not invited in the last months: months before now. Zero months
// means no such filter, and it returns the zero time.
func NotInvitedSince(now time.Time, months int) time.Time {
	if months <= 0 {
		return time.Time{}
	}
	return now.In(CST).AddDate(0, -months, 0)
}
