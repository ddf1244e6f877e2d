package pages

import (
	"context"
	"strconv"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/printing"
)

// PrintSetupView is the print setup page: the three documents with their options, and the
// seat assignment form.
type PrintSetupView struct {
	Meeting   *portal.Meeting
	Attendees []printing.Attendee // in pinyin order of their enterprises
	Options   printing.Options    // what each document's form starts with
	Seats     SeatForm
	// SeatsLocked is set when the meeting is closed or cancelled: the seats are shown, not edited.
	SeatsLocked bool
}

// SeatForm is the seat assignment as typed: attendee ids and seat labels, pair by pair in the
// order of the page's rows.
type SeatForm struct {
	AttendeeIDs []int64  `form:"attendee_id"`
	Seats       []string `form:"seat"`
	Problems    portal.Problems
}

// Map returns the typed seats by attendee id, or false when ids and seats do not pair up
// (a form no page of the portal sends).
func (f SeatForm) Map() (map[int64]string, bool) {
	if len(f.AttendeeIDs) != len(f.Seats) {
		return nil, false
	}
	m := make(map[int64]string, len(f.Seats))
	for i, id := range f.AttendeeIDs {
		m[id] = f.Seats[i]
	}
	return m, true
}

// value is the seat to show for a: as typed when the form comes back with problems, else as
// stored.
func (f SeatForm) value(a printing.Attendee) string {
	for i, id := range f.AttendeeIDs {
		if id == a.ID && i < len(f.Seats) {
			return f.Seats[i]
		}
	}
	return a.Seat
}

// PrintDocumentView is a document's print page: the table, and where its downloads are.
type PrintDocumentView struct {
	Table printing.Table
	// Base is the document's path without extension; Query its options, for the downloads.
	Base  string
	Query string
}

func (v PrintDocumentView) download(ext string) string { return v.Base + "." + ext + "?" + v.Query }

// PrintHeader is what the documents print at their top, in ctx's language: the document's
// title, the meeting's theme, date and time (China time), venue and host, and when it was
// printed.
func PrintHeader(ctx context.Context, m *portal.Meeting, doc printing.Doc, now time.Time) printing.Header {
	h := printing.Header{Title: i18n.T(ctx, doc.TitleKey()), Theme: m.Theme, When: meetingWhen(ctx, m),
		PrintedAt: i18n.T(ctx, "print.printed_at", now.In(portal.CST).Format("2006-01-02 15:04"))}
	if m.Venue != "" {
		h.Venue = i18n.T(ctx, "print.venue", m.Venue)
	}
	host := m.HostName
	if m.HostTitle != "" {
		host = i18n.T(ctx, "print.host_title", m.HostName, m.HostTitle)
	}
	if m.HostName != "" {
		h.Host = i18n.T(ctx, "print.host", host)
	}
	return h
}

// PrintFileName is a document's file name as people keep it: the meeting's date, its theme
// and the document, e.g. "2026-12-18 新能源汽车产业链企业家早餐会 签到表.pdf".
func PrintFileName(ctx context.Context, m *portal.Meeting, doc printing.Doc, ext string) string {
	return m.StartsAt.In(portal.CST).Format("2006-01-02") + " " + m.Theme + " " + i18n.T(ctx, doc.TitleKey()) + "." + ext
}

func printHref(m *portal.Meeting, rest string) string {
	return "/meetings/" + strconv.FormatInt(m.ID, 10) + "/print" + rest
}

func printSeatField(a printing.Attendee) string { return postgres.SeatField(a.ID) }

func printAttendeeID(a printing.Attendee) string { return strconv.FormatInt(a.ID, 10) }

// printMeta is the meeting's line under the theme: when, where, who hosts.
func printMeta(h printing.Header) []string {
	var out []string
	for _, s := range []string{h.When, h.Venue, h.Host} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// printColClass is the class of a table cell of column c, which sets its width.
func printColClass(c printing.Column) string { return "col-" + c.Key }
