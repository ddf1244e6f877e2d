package server

import (
	"net/http"
	"strconv"

	"breakfast/internal/portal"
	"breakfast/internal/workdays"
	"breakfast/web/pages"

	"github.com/go-chi/chi/v5"
)

// The working-day calendar (工作日历): administrators keep the State Council's holiday
// schedules, which the demands' deadlines are counted with.

// workCalendar lists the entered schedules and warns when this or next year's is missing.
func (s *Server) workCalendar(w http.ResponseWriter, r *http.Request) {
	schedules, err := s.workdays.Schedules(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	known := map[int]bool{}
	for _, sc := range schedules {
		known[sc.Year] = true
	}
	this := s.now().In(portal.CST).Year()
	page := pages.WorkCalendar{Schedules: schedules, ThisYear: this, ThisYearMissing: !known[this],
		NextYear: this + 1, NextYearMissing: !known[this+1]}
	s.renderPage(w, r, http.StatusOK, pages.WorkCalendarPage(s.frame(r), page))
}

// workCalendarYear shows the form of one year's schedule, filled with what is saved.
func (s *Server) workCalendarYear(w http.ResponseWriter, r *http.Request) {
	year, err := pathYear(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	saved, err := s.workdays.Year(r.Context(), year)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := pages.WorkCalendarForm{Year: year, Saved: saved, Source: saved.Source,
		Schedule: workdays.FormatSchedule(saved.Days)}
	s.renderPage(w, r, http.StatusOK, pages.WorkCalendarYearPage(s.frame(r), form))
}

// saveWorkCalendarYear parses the typed schedule. With action=preview it shows the parsed
// ranges; otherwise it saves them, replacing the year's schedule. Problems re-render the form
// with 422, each bad line's message beside the field and the text kept.
func (s *Server) saveWorkCalendarYear(w http.ResponseWriter, r *http.Request) {
	year, err := pathYear(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	saved, err := s.workdays.Year(r.Context(), year)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.WorkCalendarForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form.Year, form.Saved, form.Problems = year, saved, problems
	rerender := func() {
		s.renderPage(w, r, http.StatusUnprocessableEntity, pages.WorkCalendarYearPage(s.frame(r), form))
	}
	days, lines := workdays.ParseSchedule(year, form.Schedule)
	if lines != nil {
		form.Lines = lines
		form.Problems.Add("schedule", "workdays.schedule_invalid")
	}
	if err := workdays.Check(year, days, form.Source); err != nil && s.formFailed(w, r, err, &form.Problems, rerender) {
		return
	}
	if len(form.Problems) > 0 {
		rerender()
		return
	}
	if form.Action == "preview" {
		form.Preview = workdays.Ranges(days)
		s.renderPage(w, r, http.StatusOK, pages.WorkCalendarYearPage(s.frame(r), form))
		return
	}
	err = s.workdays.SaveYear(r.Context(), year, days, form.Source, currentUser(r).ID)
	if s.formFailed(w, r, err, &form.Problems, rerender) {
		return
	}
	holidays, worked := workdays.Schedule{Days: days}.Counts()
	s.flash(r, "workdays.saved_ok", year, holidays, worked)
	redirect(w, r, "/admin/calendar")
}

// pathYear returns the {year} URL parameter, written as four digits of a year the calendar
// keeps, or ENOTFOUND.
func pathYear(r *http.Request) (int, error) {
	v := chi.URLParam(r, "year")
	year, err := strconv.Atoi(v)
	if err != nil || len(v) != 4 || !workdays.ValidYear(year) {
		return 0, portal.Errorf(portal.ENOTFOUND, "workdays.year_not_found")
	}
	return year, nil
}
