package server

import (
	"net/http"
	"strconv"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/web/components"
	"breakfast/web/pages"
)

func (s *Server) listMeetings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := postgres.MeetingFilter{Upcoming: q.Get("when") != "past", Now: s.now(), After: q.Get("after")}
	if st := portal.MeetingStatus(q.Get("status")); st != "" {
		f.Status = &st
	}
	if v := q.Get("chain"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.renderError(w, r, portal.Errorf(portal.EINVALID, "error.bad_request", "chain"))
			return
		}
		f.ChainID = &id
	}
	page, err := s.meetings.List(r.Context(), f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	chains, err := s.chains.All(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	list := pages.MeetingList{Meetings: page.Meetings, Past: !f.Upcoming, Chains: chains, Chain: q.Get("chain"),
		Status: q.Get("status"), OnFirst: f.After == "", FirstHref: pageHref(r, "after", "")}
	if page.Next != "" {
		list.NextHref = pageHref(r, "after", page.Next)
	}
	s.renderPage(w, r, http.StatusOK, pages.Meetings(s.frame(r), list))
}

func (s *Server) newMeetingPage(w http.ResponseWriter, r *http.Request) {
	s.renderMeetingForm(w, r, http.StatusOK, pages.MeetingForm{StartTime: "07:30", EndTime: "09:00",
		Capacity: "30", PerEnterpriseLimit: "2"})
}

func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) {
	var form pages.MeetingForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var id int64
	in, err := meetingInput(form, problems)
	if err == nil {
		id, err = s.meetings.Create(r.Context(), in, currentUser(r).ID)
	}
	if s.formFailed(w, r, err, &form.Problems, func() { s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, form) }) {
		return
	}
	s.flash(r, "meeting.created_ok")
	redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10))
}

func (s *Server) showMeeting(w http.ResponseWriter, r *http.Request) {
	m, err := s.meetingFromPath(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderMeetingPage(w, r, http.StatusOK, m, pages.CancelForm{})
}

func (s *Server) renderMeetingPage(w http.ResponseWriter, r *http.Request, status int, m *portal.Meeting, cancel pages.CancelForm) {
	series, err := s.meetings.SeriesMeetings(r.Context(), m)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	open, err := s.demandReports.SeriesOpenDemands(r.Context(), m, portal.ViewerOf(currentUser(r)))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view := pages.MeetingOverview{Meeting: m, Series: series, Cancel: cancel,
		OpenDemands: pages.SeriesDemands{Series: m.SeriesID != nil, Demands: open, Now: s.now()}}
	for _, a := range []portal.MeetingAction{portal.ActionPublish, portal.ActionHold, portal.ActionClose, portal.ActionCancel} {
		// The cancel form asks for its reason itself, so a placeholder stands in for it here.
		if _, err := m.Transition(a, s.now(), "reason"); err == nil {
			view.Actions = append(view.Actions, a)
		}
	}
	s.renderPage(w, r, status, pages.MeetingPage(s.frame(r), view))
}

func (s *Server) meetingFromPath(r *http.Request) (*portal.Meeting, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.meetings.ByID(r.Context(), id)
}

func (s *Server) editMeetingPage(w http.ResponseWriter, r *http.Request) {
	m, err := s.meetingFromPath(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !m.Editable() {
		s.renderError(w, r, portal.Errorf(portal.ECONFLICT, "meeting.not_editable"))
		return
	}
	start, end := m.StartsAt.In(portal.CST), m.EndsAt.In(portal.CST)
	form := pages.MeetingForm{ID: m.ID, Version: m.Version, Theme: m.Theme, SeriesName: m.SeriesName,
		Date: start.Format("2006-01-02"), StartTime: start.Format("15:04"), EndTime: end.Format("15:04"),
		Venue: m.Venue, HostName: m.HostName, HostTitle: m.HostTitle, Capacity: strconv.Itoa(m.Capacity),
		PerEnterpriseLimit: strconv.Itoa(m.PerEnterpriseLimit), Agenda: m.Agenda}
	if m.ChainID != nil {
		form.ChainID = strconv.FormatInt(*m.ChainID, 10)
	}
	for _, d := range m.Departments {
		form.DepartmentIDs = append(form.DepartmentIDs, d.ID)
	}
	s.renderMeetingForm(w, r, http.StatusOK, form)
}

func (s *Server) updateMeeting(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := pages.MeetingForm{ID: id}
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	in, err := meetingInput(form, problems)
	if err == nil {
		err = s.meetings.Update(r.Context(), id, form.Version, in)
	}
	if s.formFailed(w, r, err, &form.Problems, func() { s.renderMeetingForm(w, r, http.StatusUnprocessableEntity, form) }) {
		return
	}
	s.flash(r, "meeting.updated_ok")
	redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10))
}

// transitionMeeting publishes, marks held, closes or cancels a meeting.
func (s *Server) transitionMeeting(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form struct {
		Action  string `form:"action"`
		Version int    `form:"version"`
		Reason  string `form:"reason"`
	}
	if _, err := decodeForm(r, &form); err != nil {
		s.renderError(w, r, err)
		return
	}
	to, err := s.meetings.Transition(r.Context(), id, form.Version, portal.MeetingAction(form.Action), form.Reason, s.now())
	if err != nil {
		// Only cancelling has a field (its reason); other refusals get the error page.
		cancel := pages.CancelForm{Reason: form.Reason}
		s.formFailed(w, r, err, &cancel.Problems, func() {
			m, err := s.meetings.ByID(r.Context(), id)
			if err != nil {
				s.renderError(w, r, err)
				return
			}
			s.renderMeetingPage(w, r, http.StatusUnprocessableEntity, m, cancel)
		})
		return
	}
	s.flash(r, "meeting.now_"+string(to))
	redirect(w, r, "/meetings/"+strconv.FormatInt(id, 10))
}

// scheduleNext copies a meeting a month later as a draft and opens it for editing.
func (s *Server) scheduleNext(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	next, err := s.meetings.ScheduleNext(r.Context(), id, currentUser(r).ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(r, "meeting.next_scheduled")
	redirect(w, r, "/meetings/"+strconv.FormatInt(next, 10)+"/edit")
}

func (s *Server) renderMeetingForm(w http.ResponseWriter, r *http.Request, status int, form pages.MeetingForm) {
	chains, err := s.chains.All(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form.Chains = []components.Option{{Value: "", Label: i18n.T(r.Context(), "form.none")}}
	for _, c := range chains {
		id := strconv.FormatInt(c.ID, 10)
		if c.Active || id == form.ChainID {
			form.Chains = append(form.Chains, components.Option{Value: id, Label: c.Name, Selected: id == form.ChainID})
		}
	}
	if form.Departments, err = s.departments.All(r.Context()); err != nil {
		s.renderError(w, r, err)
		return
	}
	if form.Series, err = s.meetings.SeriesNames(r.Context()); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, status, pages.MeetingEdit(s.frame(r), form))
}

// meetingInput turns the typed form into the domain's input; numbers that do not parse are
// problems on their fields.
func meetingInput(f pages.MeetingForm, problems portal.Problems) (portal.MeetingInput, error) {
	in := portal.MeetingInput{Theme: f.Theme, SeriesName: f.SeriesName, Date: f.Date, StartTime: f.StartTime,
		EndTime: f.EndTime, Venue: f.Venue, HostName: f.HostName, HostTitle: f.HostTitle,
		DepartmentIDs: f.DepartmentIDs, Agenda: f.Agenda}
	if id, err := strconv.ParseInt(f.ChainID, 10, 64); err == nil {
		in.ChainID = &id
	}
	var err error
	if in.Capacity, err = strconv.Atoi(f.Capacity); err != nil {
		problems.Add("capacity", "meeting.capacity_invalid")
	}
	if in.PerEnterpriseLimit, err = strconv.Atoi(f.PerEnterpriseLimit); err != nil {
		problems.Add("per_enterprise_limit", "meeting.limit_invalid")
	}
	if len(problems) > 0 {
		// Show the rest of the form's problems too, not only the numbers'.
		in.Normalize()
		if verr, ok := in.Validate(0).(*portal.Error); ok {
			for k, v := range verr.Fields {
				problems.Add(k, v)
			}
		}
	}
	return in, problems.Err()
}
