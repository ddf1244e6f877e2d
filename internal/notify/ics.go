package notify

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/ical"
	"breakfast/internal/portal"
)

// icalProdID names the portal as the producer of the calendar files it mails; the same as the
// downloads' (server/calendar.go), so calendar applications see one producer.
const icalProdID = "-//Breakfast Portal//Meetings//ZH"

// meetingICS returns the meeting of an invitation, change or cancellation as an .ics
// attachment. Its UID and SEQUENCE are those of the portal's downloads and feed
// (meeting-ID@host, the meeting's version), so a calendar application updates the event it
// already has instead of adding a second one.
func meetingICS(d Delivery, site string) (Attachment, bool) {
	if d.Kind != MeetingInvited && d.Kind != MeetingChanged && d.Kind != MeetingCancelled || d.Data.MeetingID == 0 ||
		d.Data.StartsAt.IsZero() {
		return Attachment{}, false
	}
	host := "breakfast.invalid"
	if u, err := url.Parse(site); err == nil && u.Hostname() != "" {
		host = strings.ToLower(u.Hostname())
	}
	id := strconv.FormatInt(d.Data.MeetingID, 10)
	stamp := d.CreatedAt
	if stamp.IsZero() {
		stamp = time.Now()
	}
	e := ical.Event{UID: "meeting-" + id + "@" + host, Sequence: d.Data.Version, Stamp: stamp,
		Start: d.Data.StartsAt, End: d.Data.EndsAt, Summary: d.Data.Theme, Location: d.Data.Venue, Status: ical.StatusConfirmed}
	if site != "" {
		e.URL = strings.TrimRight(site, "/") + "/my/meetings/" + id
	}
	var parts []string
	if d.Kind == MeetingCancelled {
		e.Status = ical.StatusCancelled
		if d.Data.Note != "" {
			parts = append(parts, i18n.Text(d.Lang, "calendar.ics_cancelled", d.Data.Note))
		}
	}
	if d.Data.Host != "" {
		parts = append(parts, i18n.Text(d.Lang, "calendar.ics_host", d.Data.Host))
	}
	if d.Data.Agenda != "" {
		parts = append(parts, i18n.Text(d.Lang, "calendar.ics_agenda")+"\n"+d.Data.Agenda)
	}
	e.Description = strings.Join(parts, "\n\n")
	var buf bytes.Buffer
	if err := (ical.Calendar{ProdID: icalProdID, Events: []ical.Event{e}}).Encode(&buf); err != nil {
		return Attachment{}, false
	}
	day := d.Data.StartsAt.In(portal.CST).Format("2006-01-02")
	return Attachment{Filename: "meeting-" + day + ".ics", ContentType: "text/calendar; charset=utf-8; method=PUBLISH",
		Data: buf.Bytes()}, true
}
