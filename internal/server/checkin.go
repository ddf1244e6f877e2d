package server

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/web/pages"
)

// maxWalkInSuggestions bounds the verified enterprises the walk-in form offers by name.
const maxWalkInSuggestions = 2000

// checkinPage is the meeting staff's desk. ?q= filters the list on the server (the page's
// script filters as one types); ?code= is what a scanned invitation QR code opens: that
// attendee is shown on top with one button to confirm. A GET never checks anybody in.
func (s *Server) checkinPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	q := r.URL.Query()
	s.renderCheckin(w, r, http.StatusOK, id, pages.CheckinView{Query: strings.TrimSpace(q.Get("q")),
		ScannedCode: postgres.NormalizeCheckinCode(q.Get("code"))})
}

// renderCheckin loads the meeting, its attendees and the scanned one into v and shows the page.
func (s *Server) renderCheckin(w http.ResponseWriter, r *http.Request, status int, id int64, v pages.CheckinView) {
	ctx := r.Context()
	m, err := s.meetings.ByID(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v.Meeting = m
	v.Blocked = checkinErrorKey(m.CheckCheckIn())
	if v.Attendees, err = s.checkins.Attendees(ctx, id, v.Query); err != nil {
		s.renderError(w, r, err)
		return
	}
	if v.ScannedCode != "" {
		a, err := s.checkins.ByCode(ctx, id, v.ScannedCode)
		switch {
		case portal.ErrorCode(err) == portal.ENOTFOUND:
			v.ScanUnknown = true
		case err != nil:
			s.renderError(w, r, err)
			return
		default:
			v.Scanned = &a
		}
	}
	if v.Blocked == "" {
		if v.EnterpriseNames, err = s.checkins.VerifiedEnterpriseNames(ctx, maxWalkInSuggestions); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	s.renderPage(w, r, status, pages.Checkin(s.frame(r), v))
}

// checkIn checks one attendee in with one tap. A second tap is not an error: it says since
// when they are checked in. A request that accepts JSON (the page's script) gets JSON back;
// a plain form post is redirected back to the list.
func (s *Server) checkIn(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	attendeeID, err := pathID(r, "attendeeID")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form struct {
		Query string `form:"q"`
	}
	if _, err := decodeForm(r, &form); err != nil {
		s.renderError(w, r, err)
		return
	}
	res, err := s.checkins.CheckIn(r.Context(), id, attendeeID, currentUser(r).ID, s.now())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if wantsJSON(r) {
		s.checkinJSON(w, r, id, res)
		return
	}
	s.flashCheckin(r, res)
	redirect(w, r, checkinBack(id, form.Query, res.Attendee.ID))
}

// checkinByCode checks in the attendee whose code the staff typed. An unknown code shows the
// page again with 422, the code kept and a message beside it.
func (s *Server) checkinByCode(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.CheckinCodeForm
	if _, err := decodeForm(r, &form); err != nil {
		s.renderError(w, r, err)
		return
	}
	res, err := s.checkins.CheckInByCode(r.Context(), id, form.Code, currentUser(r).ID, s.now())
	if s.formFailed(w, r, err, &form.Problems, func() {
		s.renderCheckin(w, r, http.StatusUnprocessableEntity, id, pages.CheckinView{Query: strings.TrimSpace(form.Query), Code: form})
	}) {
		return
	}
	s.flashCheckin(r, res)
	redirect(w, r, checkinBack(id, form.Query, res.Attendee.ID))
}

// addWalkIn registers a person who came without being named by an enterprise and checks them
// in at once.
func (s *Server) addWalkIn(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.WalkInForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var a postgres.CheckinAttendee
	if err = problems.Err(); err == nil {
		a, err = s.checkins.AddWalkIn(r.Context(), id, portal.WalkInInput{Name: form.Name, Title: form.Title,
			Mobile: form.Mobile, Enterprise: form.Enterprise}, currentUser(r).ID, s.now())
	}
	if s.formFailed(w, r, err, &form.Problems, func() {
		s.renderCheckin(w, r, http.StatusUnprocessableEntity, id, pages.CheckinView{Query: strings.TrimSpace(form.Query), WalkIn: form})
	}) {
		return
	}
	s.flash(r, "checkin.walk_in_done", pages.AttendeeLabel(r.Context(), a))
	redirect(w, r, checkinBack(id, form.Query, a.ID))
}

// flashCheckin says who was checked in, or since when they already were.
func (s *Server) flashCheckin(r *http.Request, res postgres.CheckinResult) {
	label := pages.AttendeeLabel(r.Context(), res.Attendee)
	if res.Already {
		s.flash(r, "checkin.already", label, pages.Clock(res.Attendee.CheckedInAt))
		return
	}
	s.flash(r, "checkin.done", label)
}

// checkinBack is the list to return to after a check-in, keeping the search, scrolled to the
// person.
func checkinBack(meetingID int64, query string, attendeeID int64) string {
	target := "/meetings/" + strconv.FormatInt(meetingID, 10) + "/checkin"
	if q := strings.TrimSpace(query); q != "" {
		target += "?q=" + url.QueryEscape(q)
	}
	return target + "#attendee-" + strconv.FormatInt(attendeeID, 10)
}

// checkinReply is the JSON answer to the page's script.
type checkinReply struct {
	AttendeeID int64  `json:"attendee_id,omitempty"`
	Already    bool   `json:"already"`
	Checked    string `json:"checked,omitempty"` // the row's new status text: 已签到（07:32）
	Message    string `json:"message"`
	CheckedIn  int    `json:"checked_in"`
	Expected   int    `json:"expected"`
}

func (s *Server) checkinJSON(w http.ResponseWriter, r *http.Request, meetingID int64, res postgres.CheckinResult) {
	m, err := s.meetings.ByID(r.Context(), meetingID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	reply := checkinReply{AttendeeID: res.Attendee.ID, Already: res.Already, CheckedIn: m.Counts.CheckedIn, Expected: m.Counts.Attendees,
		Checked: i18n.T(ctx, "checkin.checked_at", pages.Clock(res.Attendee.CheckedInAt))}
	if res.Already {
		reply.Message = i18n.T(ctx, "checkin.already", pages.AttendeeLabel(ctx, res.Attendee), pages.Clock(res.Attendee.CheckedInAt))
	} else {
		reply.Message = i18n.T(ctx, "checkin.done", pages.AttendeeLabel(ctx, res.Attendee))
	}
	writeJSON(w, http.StatusOK, reply)
}

// checkinErrorKey is the catalog key of an application error, or "" for nil.
func checkinErrorKey(err error) string {
	var appErr *portal.Error
	if errors.As(err, &appErr) {
		return appErr.Key
	}
	return ""
}

// minutesPage shows a meeting's minutes: the form while it is held (the planned departments
// ticked until minutes are first saved), read-only before and after.
func (s *Server) minutesPage(w http.ResponseWriter, r *http.Request) {
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
	form := pages.MinutesForm{Version: m.Version, Summary: m.Summary, AttendingLeaders: m.AttendingLeaders}
	for _, d := range m.Departments {
		if m.MinutesAt == nil || d.Attended {
			form.DepartmentIDs = append(form.DepartmentIDs, d.ID)
		}
	}
	s.renderMinutes(w, r, http.StatusOK, m, form, false)
}

// saveMinutes records the minutes. If someone saved the meeting since the form was loaded,
// nothing is written: the page shows their minutes above what this official typed, with 409.
func (s *Server) saveMinutes(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.MinutesForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err = problems.Err(); err == nil {
		err = s.checkins.SaveMinutes(r.Context(), id, form.Version, portal.MinutesInput{Summary: form.Summary,
			AttendingLeaders: form.AttendingLeaders, DepartmentIDs: form.DepartmentIDs}, s.now())
	}
	if checkinErrorKey(err) == postgres.ErrStaleMinutes {
		m, err := s.meetings.ByID(r.Context(), id)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		form.Version = m.Version
		s.renderMinutes(w, r, http.StatusConflict, m, form, true)
		return
	}
	if s.formFailed(w, r, err, &form.Problems, func() {
		m, err := s.meetings.ByID(r.Context(), id)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		s.renderMinutes(w, r, http.StatusUnprocessableEntity, m, form, false)
	}) {
		return
	}
	s.flash(r, "minutes.saved")
	redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10)+"/minutes")
}

func (s *Server) renderMinutes(w http.ResponseWriter, r *http.Request, status int, m *portal.Meeting, form pages.MinutesForm, conflict bool) {
	departments, err := s.departments.All(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, status, pages.Minutes(s.frame(r), pages.MinutesView{Meeting: m, Departments: departments,
		Form: form, ReadOnly: checkinErrorKey(m.CheckMinutes()), Conflict: conflict}))
}
