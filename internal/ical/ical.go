// Package ical writes iCalendar (RFC 5545) documents: a calendar of events, with text escaped
// and content lines folded at 75 octets without splitting a UTF-8 character. It only writes;
// the portal never reads calendars.
package ical

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is an event's STATUS property.
type Status string

// Event statuses (RFC 5545 §3.8.1.11).
const (
	StatusTentative Status = "TENTATIVE"
	StatusConfirmed Status = "CONFIRMED"
	StatusCancelled Status = "CANCELLED"
)

// Event is one VEVENT. Times are written in UTC, so no VTIMEZONE is needed and every calendar
// application shows them in its own zone.
type Event struct {
	UID         string    // globally unique and stable, e.g. meeting-42@portal.example.cn
	Sequence    int       // revision; applications replace an event when it grows
	Stamp       time.Time // DTSTAMP: when this description of the event was made
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	URL         string // optional
	Status      Status
}

// Calendar is one VCALENDAR with its events.
type Calendar struct {
	ProdID string // e.g. -//District Office//Breakfast Portal//ZH
	Name   string // optional X-WR-CALNAME, the name applications show for a subscription
	// Refresh, when positive, asks subscribing applications to poll this often
	// (REFRESH-INTERVAL of RFC 7986 and the older X-PUBLISHED-TTL).
	Refresh time.Duration
	Events  []Event
}

// MaxLineOctets is the longest content line written, excluding CRLF (RFC 5545 §3.1).
const MaxLineOctets = 75

// Encode writes the calendar to w with CRLF line ends.
func (c Calendar) Encode(w io.Writer) error {
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(bw, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", c.ProdID)
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME", EscapeText(c.Name))
	}
	if c.Refresh > 0 {
		d := duration(c.Refresh)
		line("REFRESH-INTERVAL;VALUE=DURATION", d)
		line("X-PUBLISHED-TTL", d)
	}
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", EscapeText(e.UID))
		line("SEQUENCE", strconv.Itoa(e.Sequence))
		line("DTSTAMP", utc(e.Stamp))
		line("DTSTART", utc(e.Start))
		line("DTEND", utc(e.End))
		line("SUMMARY", EscapeText(e.Summary))
		if e.Location != "" {
			line("LOCATION", EscapeText(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION", EscapeText(e.Description))
		}
		if e.URL != "" {
			line("URL", e.URL) // a URI value is not TEXT: no escaping
		}
		if e.Status != "" {
			line("STATUS", string(e.Status))
		}
		if e.Status == StatusCancelled {
			// A called-off event no longer blocks the time in free/busy views.
			line("TRANSP", "TRANSPARENT")
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// utc formats t as a UTC DATE-TIME (FORM #2 of RFC 5545 §3.3.5).
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// duration formats d as an RFC 5545 DURATION of whole minutes, e.g. PT1H or PT90M.
func duration(d time.Duration) string {
	m := int(d / time.Minute)
	if m%60 == 0 {
		return "PT" + strconv.Itoa(m/60) + "H"
	}
	return "PT" + strconv.Itoa(m) + "M"
}

// textEscaper escapes TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and line
// breaks; a CR of a CRLF pair is dropped so the break becomes one \n.
var textEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

// EscapeText returns s escaped as an iCalendar TEXT value. Other control characters, which
// TEXT may not contain, are dropped.
func EscapeText(s string) string {
	s = textEscaper.Replace(s)
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// writeFolded writes one content line, folded so that no physical line exceeds MaxLineOctets
// octets: a continuation starts with a space, which counts towards its 75. Folds fall only
// between UTF-8 characters, never inside one.
func writeFolded(w *bufio.Writer, s string) {
	limit := MaxLineOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = MaxLineOctets - 1
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
