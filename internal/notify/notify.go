// Package notify turns the portal's events into notices people read: the kinds of notice and
// who gets which, their texts in the reader's language, the mailers (SMTP, or the server log),
// and the worker that delivers the outbox written by the stores. It does not know the
// database: the worker reaches the outbox through the small Outbox interface.
package notify

import (
	"time"

	"breakfast/internal/portal"
)

// Kind is a kind of notice. Its value is stored with every notice and preference.
type Kind string

// The kinds of notice.
const (
	MeetingInvited       Kind = "meeting_invited"       // enterprise: a seat at a published meeting
	MeetingChanged       Kind = "meeting_changed"       // enterprise: the time or place moved
	MeetingCancelled     Kind = "meeting_cancelled"     // enterprise: called off, with the reason
	MeetingReminder      Kind = "meeting_reminder"      // enterprise: hours before a meeting it accepted
	DemandAssigned       Kind = "demand_assigned"       // department: a demand to handle
	DemandReturned       Kind = "demand_returned"       // officials: a department sent it back to triage
	ExtensionRequested   Kind = "extension_requested"   // officials: a department asks for more days
	ExtensionDecided     Kind = "extension_decided"     // department: approved or refused
	DemandAnswered       Kind = "demand_answered"       // enterprise: the answer, to be rated
	DeadlineSoon         Kind = "deadline_soon"         // department: 2 working days left
	DemandOverdue        Kind = "demand_overdue"        // department and officials: the deadline passed
	DemandReopened       Kind = "demand_reopened"       // department and officials: rated 不满意
	RegistrationVerified Kind = "registration_verified" // entrepreneur: the enterprise may use the portal
	RegistrationRejected Kind = "registration_rejected" // entrepreneur: with the reason
)

// Kinds lists every kind in the order the preferences page shows them.
var Kinds = []Kind{MeetingInvited, MeetingChanged, MeetingCancelled, MeetingReminder, DemandAssigned, DemandReturned,
	ExtensionRequested, ExtensionDecided, DemandAnswered, DeadlineSoon, DemandOverdue, DemandReopened,
	RegistrationVerified, RegistrationRejected}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if k == x {
			return true
		}
	}
	return false
}

// recipients says which roles receive each kind.
var recipients = map[Kind][]portal.Role{
	MeetingInvited:       {portal.RoleEntrepreneur},
	MeetingChanged:       {portal.RoleEntrepreneur},
	MeetingCancelled:     {portal.RoleEntrepreneur},
	MeetingReminder:      {portal.RoleEntrepreneur},
	DemandAssigned:       {portal.RoleDepartment},
	DemandReturned:       {portal.RoleOfficial},
	ExtensionRequested:   {portal.RoleOfficial},
	ExtensionDecided:     {portal.RoleDepartment},
	DemandAnswered:       {portal.RoleEntrepreneur},
	DeadlineSoon:         {portal.RoleDepartment},
	DemandOverdue:        {portal.RoleDepartment, portal.RoleOfficial},
	DemandReopened:       {portal.RoleDepartment, portal.RoleOfficial},
	RegistrationVerified: {portal.RoleEntrepreneur},
	RegistrationRejected: {portal.RoleEntrepreneur},
}

// KindsFor returns the kinds an account of role may receive, in the order of Kinds:
// the choices of its preferences page.
func KindsFor(role portal.Role) []Kind {
	var out []Kind
	for _, k := range Kinds {
		for _, r := range recipients[k] {
			if r == role {
				out = append(out, k)
			}
		}
	}
	return out
}

// Data is what a notice says, stored as its JSON payload. The stores fill in what the kind
// needs: meeting fields for meeting notices, demand fields for demand notices.
type Data struct {
	MeetingID  int64     `json:"meeting_id,omitempty"`
	Theme      string    `json:"theme,omitempty"`
	Venue      string    `json:"venue,omitempty"`
	StartsAt   time.Time `json:"starts_at,omitzero"`
	EndsAt     time.Time `json:"ends_at,omitzero"`
	Version    int       `json:"version,omitempty"` // the meeting's, for the .ics SEQUENCE
	Host       string    `json:"host,omitempty"`
	Agenda     string    `json:"agenda,omitempty"`
	DemandID   int64     `json:"demand_id,omitempty"`
	Title      string    `json:"title,omitempty"`
	Enterprise string    `json:"enterprise,omitempty"`
	Deadline   string    `json:"deadline,omitempty"` // YYYY-MM-DD, China time
	Note       string    `json:"note,omitempty"`     // a reason, an answer, a decision note
	ExtraDays  int       `json:"extra_days,omitempty"`
	Approved   bool      `json:"approved,omitempty"`
}
