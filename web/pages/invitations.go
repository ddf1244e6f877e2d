package pages

import (
	"strconv"

	"breakfast/internal/portal"
)

// InvitationsView is a meeting's invitations page for officials: the list by state, pending
// applications, and the picker to invite more enterprises.
type InvitationsView struct {
	Meeting      *portal.Meeting
	Seated       []portal.Invitation // invited and accepted: holding a seat
	Waitlist     []portal.Invitation // in the order they move up
	Applications []portal.Invitation // waiting for a decision
	Others       []portal.Invitation // declined invitations, refused applications
	// InviteBlock is the catalog key saying why the meeting takes no invitations now, or "".
	InviteBlock string
	Picker      InvitePicker
	Refuse      RefuseForm
}

// SplitInvitations sorts a meeting's invitations (in queue order) into the view's lists.
func (v *InvitationsView) SplitInvitations(all []portal.Invitation) {
	for _, inv := range all {
		switch inv.Status {
		case portal.InvitationInvited, portal.InvitationAccepted:
			v.Seated = append(v.Seated, inv)
		case portal.InvitationWaitlisted:
			v.Waitlist = append(v.Waitlist, inv)
		case portal.InvitationApplied:
			v.Applications = append(v.Applications, inv)
		default:
			v.Others = append(v.Others, inv)
		}
	}
}

// InvitePicker is the registry filter and the ticked enterprises of the invitation form.
type InvitePicker struct {
	Candidates []portal.Enterprise
	Chains     []portal.Chain
	Chain      string // chain id, "" for every chain
	Key        string // "yes", "no" or ""
	Query      string
	Months     string // "not invited in the last N months"; "0" for no such filter
	Action     string // where the form posts, keeping the filter
	FirstHref  string
	NextHref   string
	OnFirst    bool

	EnterpriseIDs []int64 `form:"enterprise_ids"`
	Problems      portal.Problems
	// ErrKey and ErrArgs are a refused round's message, e.g. naming unverified enterprises.
	ErrKey  string
	ErrArgs []any
}

// Picked reports whether the enterprise is ticked.
func (p InvitePicker) Picked(id int64) bool {
	for _, x := range p.EnterpriseIDs {
		if x == id {
			return true
		}
	}
	return false
}

// MonthChoices are the choices of the "not invited in the last N months" filter.
var MonthChoices = []string{"0", "1", "3", "6", "12"}

// RefuseForm is an official's optional note when refusing an application.
type RefuseForm struct {
	InvitationID int64
	Note         string `form:"note"`
	Problems     portal.Problems
}

// MyMeetingsView is an entrepreneur's list of their enterprise's meetings and of the meetings
// of its chains open for application.
type MyMeetingsView struct {
	Upcoming []portal.InvitedMeeting
	Past     []portal.InvitedMeeting
	Open     []portal.Meeting
	CanApply bool // the enterprise is verified
}

// MyMeetingView is one meeting as an entrepreneur sees it, with their invitation (nil when
// their enterprise has none) and the reply form.
type MyMeetingView struct {
	Meeting    *portal.Meeting
	Invitation *portal.Invitation
	CanAccept  bool
	CanDecline bool
	CanApply   bool
	// Closed is the catalog key saying why the invitation takes no answer now, or "".
	Closed string
	Form   ReplyForm
	Passes []DelegatePass
}

// DelegatePass is what a representative shows at the door: their check-in code and, as a QR
// code (inline SVG made by the server), the check-in address with the code.
type DelegatePass struct {
	portal.Delegate
	CheckinURL string
	QRSVG      string
}

// ReplyForm is an entrepreneur's answer as typed: attend or decline, and the representatives as
// parallel columns.
type ReplyForm struct {
	Answer     string   `form:"answer"`
	RepNames   []string `form:"rep_name"`
	RepTitles  []string `form:"rep_title"`
	RepMobiles []string `form:"rep_mobile"`

	Limit    int // the meeting's representatives per enterprise
	Problems portal.Problems
	// ErrKey is a refused answer's message, e.g. the meeting has started.
	ErrKey string
}

// RepRow is one row of the representatives table with its values and problems.
type RepRow struct {
	N                                        string
	Name, Title, Mobile                      string
	NameProblem, TitleProblem, MobileProblem string
}

// RepRows returns the rows to show: the meeting's limit of rows, or every typed row if more.
// Problems are matched to the rows the domain numbered, which skip rows left empty.
func (f ReplyForm) RepRows() []RepRow {
	n := max(len(f.RepNames), len(f.RepMobiles), f.Limit, 1)
	rows := make([]RepRow, n)
	filled := 0
	for i := range rows {
		r := RepRow{N: strconv.Itoa(i), Name: at(f.RepNames, i), Title: at(f.RepTitles, i), Mobile: at(f.RepMobiles, i)}
		if r.Name != "" || r.Title != "" || r.Mobile != "" {
			k := strconv.Itoa(filled)
			r.NameProblem = f.Problems["rep_name_"+k]
			r.TitleProblem = f.Problems["rep_title_"+k]
			r.MobileProblem = f.Problems["rep_mobile_"+k]
			filled++
		}
		rows[i] = r
	}
	if filled == 0 {
		rows[0].NameProblem = f.Problems["rep_name_0"]
	}
	return rows
}

// invitationBadgeClass is the badge colour of an invitation state.
func invitationBadgeClass(st portal.InvitationStatus) string {
	switch st {
	case portal.InvitationAccepted:
		return "badge ok"
	case portal.InvitationInvited, portal.InvitationApplied:
		return "badge warn"
	case portal.InvitationDeclined, portal.InvitationRefused:
		return "badge danger"
	default:
		return "badge muted"
	}
}

func delegateNames(ds []portal.Delegate) string {
	names := ""
	for i, d := range ds {
		if i > 0 {
			names += "、"
		}
		names += d.Name
	}
	return names
}
