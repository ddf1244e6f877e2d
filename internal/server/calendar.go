package server

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/ical"
	"breakfast/internal/portal"
	"breakfast/web/pages"

	"github.com/go-chi/chi/v5"
)

// calendarMonth shows the month view: ?month=2026-12, the current month when absent.
func (s *Server) calendarMonth(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	month, err := parseMonth(r.URL.Query().Get("month"), now)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	meetings, err := s.meetings.InRange(r.Context(), month, month.AddDate(0, 1, 0), false)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, pages.CalendarMonthPage(s.frame(r), monthGrid(month, now, meetings)))
}

// parseMonth reads a year-month such as 2026-12 and returns midnight of its first day in
// China Standard Time; empty means the month of now. Anything else is EINVALID.
func parseMonth(v string, now time.Time) (time.Time, error) {
	if v == "" {
		now = now.In(portal.CST)
		return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, portal.CST), nil
	}
	t, err := time.ParseInLocation("2006-01", v, portal.CST)
	if err != nil || len(v) != len("2006-01") || t.Year() < 2000 || t.Year() > 2100 {
		return time.Time{}, portal.Errorf(portal.EINVALID, "calendar.month_invalid")
	}
	return t, nil
}

// monthGrid lays out month's meetings in Monday-first weeks. Each meeting goes on its start
// day in China Standard Time, whatever the server's zone: 07:30 on the 1st is still the 1st,
// although in UTC it is the evening before.
func monthGrid(month, now time.Time, meetings []portal.Meeting) pages.CalendarMonth {
	cal := pages.CalendarMonth{Month: month, Meetings: len(meetings),
		PrevHref: monthHref(month.AddDate(0, -1, 0)), NextHref: monthHref(month.AddDate(0, 1, 0))}
	today := now.In(portal.CST)
	if today.Year() != month.Year() || today.Month() != month.Month() {
		cal.ThisHref = "/meetings/calendar"
	}
	lead := (int(month.Weekday()) + 6) % 7 // days of the first week before the 1st
	days := month.AddDate(0, 1, -1).Day()
	cells := make([]pages.CalendarDay, (lead+days+6)/7*7)
	for d := 1; d <= days; d++ {
		date := time.Date(month.Year(), month.Month(), d, 0, 0, 0, 0, portal.CST)
		cells[lead+d-1] = pages.CalendarDay{Date: date,
			Today: date.Year() == today.Year() && date.YearDay() == today.YearDay()}
	}
	for _, m := range meetings {
		start := m.StartsAt.In(portal.CST)
		if start.Year() == month.Year() && start.Month() == month.Month() {
			c := &cells[lead+start.Day()-1]
			c.Meetings = append(c.Meetings, m)
		}
	}
	for i := 0; i < len(cells); i += 7 {
		cal.Weeks = append(cal.Weeks, [7]pages.CalendarDay(cells[i:i+7]))
	}
	return cal
}

func monthHref(month time.Time) string { return "/meetings/calendar?month=" + month.Format("2006-01") }

// meetingICS lets an official download one meeting, drafts included, as an .ics file.
func (s *Server) meetingICS(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	m, err := s.meetings.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.downloadICS(w, r, m, siteURL(r, s)+"/meetings/"+strconv.FormatInt(m.ID, 10))
}

// myMeetingICS lets an entrepreneur download a meeting their enterprise is invited to (or has
// applied for, unless refused). Any other meeting, and every draft, is 404: an entrepreneur
// cannot even learn that it exists.
func (s *Server) myMeetingICS(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	u := currentUser(r)
	if u.EnterpriseID == nil {
		s.renderError(w, r, portal.Errorf(portal.ENOTFOUND, "error.not_found"))
		return
	}
	m, err := s.meetings.MeetingForEnterpriseCalendar(r.Context(), id, *u.EnterpriseID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.downloadICS(w, r, m, "")
}

// downloadICS sends m as a one-event calendar file named after its date and theme.
func (s *Server) downloadICS(w http.ResponseWriter, r *http.Request, m *portal.Meeting, link string) {
	cal := ical.Calendar{ProdID: icalProdID, Events: []ical.Event{meetingEvent(r.Context(), m, uidDomain(r), s.now(), link)}}
	var buf bytes.Buffer
	if err := cal.Encode(&buf); err != nil {
		s.serverError(w, r, err)
		return
	}
	day := m.StartsAt.In(portal.CST).Format("2006-01-02")
	attachment(w, "meeting-"+day+".ics", day+" "+m.Theme+".ics")
	writeCalendar(w, &buf)
}

// calendarFeedPage shows the signed-in official's private feed address, making the token on
// the first visit.
func (s *Server) calendarFeedPage(w http.ResponseWriter, r *http.Request) {
	token, err := s.users.CalendarToken(r.Context(), currentUser(r).ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	feed := feedURL(r, s, token)
	webcal := "webcal" + strings.TrimPrefix(strings.TrimPrefix(feed, "https"), "http")
	s.renderPage(w, r, http.StatusOK, pages.CalendarFeedPage(s.frame(r), pages.CalendarFeed{URL: feed, WebcalURL: webcal}))
}

// regenerateCalendarFeed replaces the official's feed token; the old address stops working.
func (s *Server) regenerateCalendarFeed(w http.ResponseWriter, r *http.Request) {
	if _, err := s.users.RegenerateCalendarToken(r.Context(), currentUser(r).ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(r, "calendar.regenerated_ok")
	redirect(w, r, "/account/calendar")
}

// Feed window: calendar applications keep what they fetched, so recent months suffice behind,
// and a year covers everything scheduled ahead.
const (
	feedMonthsBack  = 3
	feedMonthsAhead = 12
)

// calendarFeed serves GET /calendar/{token}.ics without a session: calendar applications cannot
// log in, so the token is the credential. An unknown token, a disabled account and an account
// that is no longer an official or administrator all get 404.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) {
	u, err := s.users.UserByCalendarToken(r.Context(), chi.URLParam(r, "token"))
	if err == nil && (u.Disabled || !u.Is(portal.RoleOfficial, portal.RoleAdmin)) {
		err = portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := i18n.WithLang(r.Context(), u.Lang) // the owner's language, not the calendar app's
	now := s.now()
	meetings, err := s.meetings.InRange(ctx, now.AddDate(0, -feedMonthsBack, 0), now.AddDate(0, feedMonthsAhead, 0), true)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	cal := ical.Calendar{ProdID: icalProdID, Name: i18n.T(ctx, "calendar.feed_name"), Refresh: time.Hour}
	site, domain := siteURL(r, s), uidDomain(r)
	for i := range meetings {
		m := &meetings[i]
		cal.Events = append(cal.Events, meetingEvent(ctx, m, domain, now, site+"/meetings/"+strconv.FormatInt(m.ID, 10)))
	}
	var buf bytes.Buffer
	if err := cal.Encode(&buf); err != nil {
		s.serverError(w, r, err)
		return
	}
	writeCalendar(w, &buf)
}

// icalProdID names the portal as the producer of its calendar files.
const icalProdID = "-//Breakfast Portal//Meetings//ZH"

// meetingEvent describes m as a calendar event. Its UID stays the same across downloads and
// feed refreshes, and its SEQUENCE is the meeting's version, so calendar applications update
// the event they already have instead of adding a second one. link, when not empty, leads back
// to the meeting's page.
func meetingEvent(ctx context.Context, m *portal.Meeting, domain string, now time.Time, link string) ical.Event {
	e := ical.Event{
		UID: "meeting-" + strconv.FormatInt(m.ID, 10) + "@" + domain, Sequence: m.Version, Stamp: now,
		Start: m.StartsAt, End: m.EndsAt, Summary: m.Theme, Location: m.Venue, URL: link,
	}
	switch m.Status {
	case portal.MeetingDraft:
		e.Status = ical.StatusTentative
	case portal.MeetingCancelled:
		e.Status = ical.StatusCancelled
	default:
		e.Status = ical.StatusConfirmed
	}
	var parts []string
	if m.Status == portal.MeetingCancelled && m.CancelReason != "" {
		parts = append(parts, i18n.T(ctx, "calendar.ics_cancelled", m.CancelReason))
	}
	if host := strings.TrimSpace(m.HostName + " " + m.HostTitle); host != "" {
		parts = append(parts, i18n.T(ctx, "calendar.ics_host", host))
	}
	if m.Agenda != "" {
		parts = append(parts, i18n.T(ctx, "calendar.ics_agenda")+"\n"+m.Agenda)
	}
	e.Description = strings.Join(parts, "\n\n")
	return e
}

// writeCalendar sends an encoded calendar. It is private to the user: no shared caches.
func writeCalendar(w http.ResponseWriter, buf *bytes.Buffer) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = buf.WriteTo(w)
}

// siteURL is the portal's own address as the browser reached it, e.g. https://portal.example.cn,
// for links that leave the page (QR codes, calendar files and feeds). Behind a TLS-terminating
// proxy r.TLS is nil: the scheme is then https when the secure-cookie setting says the portal
// is served over TLS, or when a trusted proxy says so in X-Forwarded-Proto.
func siteURL(r *http.Request, s *Server) string {
	scheme := "http"
	if r.TLS != nil || s.sessions.Cookie.Secure || (fromTrustedProxy(r, s.trustedProxies) &&
		strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// feedURL is the private feed address of token.
func feedURL(r *http.Request, s *Server, token string) string {
	return siteURL(r, s) + "/calendar/" + token + ".ics"
}

// uidDomain is the right-hand side of event UIDs: the portal's host name without the port,
// so one deployment's UIDs never clash with another's.
func uidDomain(r *http.Request) string {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if host == "" {
		host = "breakfast.invalid"
	}
	return host
}
