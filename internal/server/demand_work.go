package server

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/workdays"
	"breakfast/web/components"
	"breakfast/web/pages"
)

// The demands' work after intake: the officials' list and triage, the departments' inbox and
// their work on a demand. Every change is a POST under /demands/{id}/… carrying the version
// of the demand the user saw; the store and the domain decide whether it is allowed.

// queryID parses the optional positive id parameter name of the URL's query.
func queryID(q url.Values, name string) (*int64, error) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return nil, portal.Errorf(portal.EINVALID, "error.bad_request", name)
	}
	return &id, nil
}

// demandListFilter decodes the officials' list query (q, status, department, chain, category,
// meeting, enterprise, supervised, overdue, extension, from, to, after). A date that does not
// parse, or a reversed period, is a problem in typed.Problems and does not narrow the list.
func demandListFilter(r *http.Request, now time.Time) (postgres.DemandFilter, pages.DemandListFilter, error) {
	q := r.URL.Query()
	typed := pages.DemandListFilter{Query: strings.TrimSpace(q.Get("q")), Status: q.Get("status"),
		Department: q.Get("department"), LeadOnly: q.Get("lead") != "", Chain: q.Get("chain"), Category: q.Get("category"),
		Meeting: q.Get("meeting"), Enterprise: q.Get("enterprise"), Supervised: q.Get("supervised"),
		Overdue: q.Get("overdue") != "", Extension: q.Get("extension") != "", From: q.Get("from"), To: q.Get("to"),
		Problems: portal.Problems{}}
	f := postgres.DemandFilter{Query: typed.Query, LeadOnly: typed.LeadOnly, Overdue: typed.Overdue, ExtensionPending: typed.Extension,
		Today: now, After: q.Get("after")}
	f.RaisedFrom, f.RaisedBefore = dayRange(typed.From, typed.To, typed.Problems)
	if phase, ok := strings.CutPrefix(typed.Status, "phase:"); ok {
		ph := portal.DemandPhase(phase)
		if ph == portal.PhaseOpen || ph == portal.PhaseAnswered || ph == portal.PhaseClosed {
			f.Phase = &ph
		} else {
			typed.Status = ""
		}
	} else if st := portal.DemandStatus(typed.Status); st.Valid() {
		f.Status = &st
	} else {
		typed.Status = ""
	}
	switch typed.Supervised {
	case "yes":
		yes := true
		f.Supervised = &yes
	case "no":
		no := false
		f.Supervised = &no
	default:
		typed.Supervised = ""
	}
	var err error
	for _, p := range []struct {
		name string
		dst  **int64
	}{{"department", &f.DepartmentID}, {"chain", &f.ChainID}, {"category", &f.CategoryID},
		{"meeting", &f.MeetingID}, {"enterprise", &f.EnterpriseID}} {
		if *p.dst, err = queryID(q, p.name); err != nil {
			return f, typed, err
		}
	}
	return f, typed, nil
}

// withoutParams is the current URL without the named query parameters and the cursor.
func withoutParams(r *http.Request, names ...string) string {
	q := r.URL.Query()
	q.Del("after")
	for _, n := range names {
		q.Del(n)
	}
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}

// listDemands is the officials' and administrators' list of every demand.
func (s *Server) listDemands(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	now := s.now()
	f, typed, err := demandListFilter(r, now)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	page, err := s.demands.List(ctx, f, portal.ViewerOf(currentUser(r)))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view := pages.DemandListView{Demands: page.Demands, Filter: typed, Now: now, ByDeadline: page.ByDeadline,
		OnFirst: f.After == "", FirstHref: pageHref(r, "after", "")}
	if page.Next != "" {
		view.NextHref = pageHref(r, "after", page.Next)
	}
	if view.Departments, err = s.departments.All(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	if view.Chains, err = s.chains.All(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	categories, err := s.demands.Categories(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	lang := i18n.LangOf(ctx)
	for _, c := range categories {
		id := strconv.FormatInt(c.ID, 10)
		view.Categories = append(view.Categories, components.Option{Value: id, Label: c.Name(lang), Selected: id == typed.Category})
	}
	// The meeting and the enterprise a list is narrowed to come from links; name them.
	if f.MeetingID != nil {
		view.ClearMeetingHref = withoutParams(r, "meeting")
		if m, err := s.meetings.ByID(ctx, *f.MeetingID); err == nil {
			view.MeetingTheme = m.Theme
		} else if portal.ErrorCode(err) != portal.ENOTFOUND {
			s.renderError(w, r, err)
			return
		}
	}
	if f.EnterpriseID != nil {
		view.ClearEnterpriseHref = withoutParams(r, "enterprise")
		if e, err := s.enterprises.ByID(ctx, *f.EnterpriseID); err == nil {
			view.EnterpriseName = e.Name
		} else if portal.ErrorCode(err) != portal.ENOTFOUND {
			s.renderError(w, r, err)
			return
		}
	}
	s.renderPage(w, r, http.StatusOK, pages.DemandList(s.frame(r), view))
}

// dueSoonBefore is the first day that is no longer "due soon" seen from today: deadlines d
// with WorkdaysBetween(today, d) <= 3 are exactly those before the fourth working day.
func dueSoonBefore(cal *workdays.Calendar, today time.Time) time.Time {
	d, _ := cal.AddWorkdays(today, 4)
	return d
}

// inbox is a department's list of the demands it leads or co-handles, by tab.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(r)
	if u.DepartmentID == nil {
		s.renderError(w, r, portal.Errorf(portal.EFORBIDDEN, "error.forbidden"))
		return
	}
	v := portal.ViewerOf(u)
	now := s.now()
	cal, err := s.workdays.Calendar(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	due := dueSoonBefore(cal, now)
	counts, err := s.demands.InboxCounts(ctx, v, now, due)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	q := r.URL.Query()
	tab := pages.InboxTab(q.Get("tab"))
	f := postgres.DemandFilter{DepartmentID: u.DepartmentID, Today: now, After: q.Get("after")}
	switch tab {
	case pages.InboxNew:
		st := portal.DemandAssigned
		f.Status = &st
	case pages.InboxDueSoon:
		f.DueBefore = &due
	case pages.InboxOverdue:
		f.Overdue = true
	case pages.InboxAnswered:
		st := portal.DemandAnswered
		f.Status = &st
	default:
		tab = pages.InboxOpen
		f.Statuses = []portal.DemandStatus{portal.DemandAssigned, portal.DemandInProgress, portal.DemandReopened}
	}
	page, err := s.demands.List(ctx, f, v)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view := pages.InboxView{DepartmentID: *u.DepartmentID, Department: u.Department, Tab: tab, Counts: counts,
		Demands: page.Demands, Now: now, ByDeadline: page.ByDeadline, OnFirst: f.After == "", FirstHref: pageHref(r, "after", "")}
	if page.Next != "" {
		view.NextHref = pageHref(r, "after", page.Next)
	}
	s.renderPage(w, r, http.StatusOK, pages.Inbox(s.frame(r), view))
}

// demandWorks are the pieces of work that leave a demand's state alone, in the order the
// panels show.
var demandWorks = []portal.DemandWork{portal.WorkExtensionApprove, portal.WorkExtensionRefuse, portal.WorkSupervise,
	portal.WorkUnsupervise, portal.WorkNote, portal.WorkExtensionRequest}

// fillWorkPanels completes the official and department panels of a demand page being
// rendered: which steps the viewer may take (the state changes renderDemand found allowed, and
// the work the domain allows), the extension requests, the choices, and the reassign form
// prefilled with the current assignment. Typed forms in view.Forms.Work are kept.
func (s *Server) fillWorkPanels(r *http.Request, view *pages.DemandView, extensions []postgres.Extension) error {
	d, v, p := view.Demand, view.Viewer, &view.Forms.Work
	p.Version = d.Version
	p.Can = map[string]bool{}
	for _, a := range view.Actions {
		p.Can[string(a)] = true
	}
	for _, w := range demandWorks {
		// A step that only lacks its input (a note, a number of days) is allowed: the panel
		// asks for it.
		err := d.CheckWork(portal.WorkStep{Work: w, Actor: v, Note: "-", ExtraDays: 1})
		if err == nil || portal.ErrorCode(err) == portal.EINVALID {
			p.Can[string(w)] = true
		}
	}
	if v.Role == portal.RoleOfficial || v.Role == portal.RoleAdmin || d.Handles(v) {
		p.Extensions = extensions
		for i := range p.Extensions {
			if p.Extensions[i].Status == "pending" {
				p.Pending = &p.Extensions[i]
			}
		}
	}
	p.Departments = view.Forms.Departments
	if p.Can[string(portal.DemandAssign)] || p.Can[string(portal.DemandReassign)] {
		// Warn at triage, before the deadline is set, when it may fall in a year whose holiday
		// schedule nobody has entered yet.
		cal, err := s.workdays.Calendar(r.Context())
		if err != nil {
			return err
		}
		if end, unsure := cal.AddWorkdays(view.Now, 30); unsure {
			p.UnknownYear = end.Year()
			if this := view.Now.In(portal.CST).Year(); !cal.Known(this) {
				p.UnknownYear = this
			}
		}
	}
	if p.Can[string(portal.DemandReassign)] && p.Assign.Priority == "" {
		// Reassigning starts from the current assignment.
		if d.LeadDepartmentID != nil {
			p.Assign.LeadDepartmentID = *d.LeadDepartmentID
		}
		p.Assign.CoDepartmentIDs = d.CoDepartmentIDs
		p.Assign.Priority = string(d.Priority)
		if d.TimeLimitDays != nil {
			p.Assign.TimeLimitDays = strconv.Itoa(*d.TimeLimitDays)
		}
	}
	return nil
}

// decodeWork reads a panel's POST into form and returns the demand's id and the decoding
// problems; on a request it cannot read it shows the error and returns ok false.
func (s *Server) decodeWork(w http.ResponseWriter, r *http.Request, form any) (int64, portal.Problems, bool) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return 0, nil, false
	}
	problems, err := decodeForm(r, form)
	if err != nil {
		s.renderError(w, r, err)
		return 0, nil, false
	}
	return id, problems, true
}

// workDone finishes a panel's POST. Success: a flash message and back to the demand page.
// Refused input: the demand page again with 422, the messages beside the panel's fields and
// what was typed (keep puts the form back with its problems). A stale version, or a step the
// demand no longer allows: the page again with 409, showing the current demand and saying
// that nothing was saved. Anything else — a demand the viewer may not see (404), a step that
// is not theirs (403) — is the error page.
func (s *Server) workDone(w http.ResponseWriter, r *http.Request, id int64, err error,
	keep func(p *pages.WorkPanels, problems portal.Problems), okKey string, okArgs ...any) {
	if err == nil {
		s.flash(r, okKey, okArgs...)
		redirect(w, r, "/demands/"+strconv.FormatInt(id, 10))
		return
	}
	var appErr *portal.Error
	if !errors.As(err, &appErr) {
		s.renderError(w, r, err)
		return
	}
	var forms pages.DemandForms
	switch {
	case appErr.Code == portal.EINVALID && len(appErr.Fields) > 0:
		keep(&forms.Work, portal.Problems(appErr.Fields))
		s.renderDemand(w, r, http.StatusUnprocessableEntity, id, forms)
	case appErr.Code == portal.ECONFLICT:
		keep(&forms.Work, nil)
		forms.Work.Conflict = appErr.Key
		if appErr.Key == "error.conflict" {
			forms.Work.Conflict = "demand_work.conflict"
		}
		s.renderDemand(w, r, http.StatusConflict, id, forms)
	default:
		s.renderError(w, r, err)
	}
}

func (s *Server) assignDemand(w http.ResponseWriter, r *http.Request) {
	s.assignOrReassign(w, r, portal.DemandAssign)
}

func (s *Server) reassignDemand(w http.ResponseWriter, r *http.Request) {
	s.assignOrReassign(w, r, portal.DemandReassign)
}

// assignOrReassign records the triage decision: lead and co-handling departments, priority,
// and a time limit in working days from which the working-day calendar computes the deadline.
func (s *Server) assignOrReassign(w http.ResponseWriter, r *http.Request, action portal.DemandAction) {
	ctx := r.Context()
	var form pages.AssignForm
	id, problems, ok := s.decodeWork(w, r, &form)
	if !ok {
		return
	}
	days, convErr := strconv.Atoi(strings.TrimSpace(form.TimeLimitDays))
	if convErr != nil {
		problems.Add("time_limit_days", "demand.time_limit_invalid")
	}
	a := portal.Assignment{LeadDepartmentID: form.LeadDepartmentID, CoDepartmentIDs: form.CoDepartmentIDs,
		Priority: portal.Priority(form.Priority), TimeLimitDays: days}
	addProblems(problems, a.Validate())
	err := problems.Err()
	var deadline time.Time
	var unsure bool
	if err == nil {
		var cal *workdays.Calendar
		if cal, err = s.workdays.Calendar(ctx); err != nil {
			s.renderError(w, r, err)
			return
		}
		now := s.now()
		deadline, unsure = cal.AddWorkdays(now, days)
		note, nerr := s.assignmentNote(r, a, deadline, form.Note)
		if nerr != nil {
			s.renderError(w, r, nerr)
			return
		}
		err = s.demands.Assign(ctx, id, form.Version, portal.Step{Action: action, Actor: viewerOf(r), Now: now, Note: note}, a, cal)
	}
	okKey := "demand_work.assigned_ok"
	if unsure {
		okKey = "demand_work.assigned_unsure_ok"
	}
	s.workDone(w, r, id, err, func(p *pages.WorkPanels, pr portal.Problems) { form.Problems = pr; p.Assign = form },
		okKey, deadline.Format("2006-01-02"))
}

// assignmentNote is the timeline's record of an assignment, in the official's language: the
// departments, the time limit and the deadline, then the official's own note.
func (s *Server) assignmentNote(r *http.Request, a portal.Assignment, deadline time.Time, note string) (string, error) {
	departments, err := s.departments.All(r.Context())
	if err != nil {
		return "", err
	}
	names := map[int64]string{}
	for _, d := range departments {
		names[d.ID] = d.Name
	}
	var co []string
	for _, id := range a.CoDepartmentIDs {
		co = append(co, names[id])
	}
	coText := strings.Join(co, "、")
	if coText == "" {
		coText = "—"
	}
	text := i18n.T(r.Context(), "demand_work.assign_event", names[a.LeadDepartmentID], coText, a.TimeLimitDays,
		deadline.Format("2006-01-02"))
	if note = strings.TrimSpace(note); note != "" {
		text += "\n" + note
	}
	return text, nil
}

// rejectDemand refuses a demand as not applicable, with the reason the enterprise reads.
func (s *Server) rejectDemand(w http.ResponseWriter, r *http.Request) {
	var form pages.NoteForm
	id, problems, ok := s.decodeWork(w, r, &form)
	if !ok {
		return
	}
	err := problems.Err()
	if err == nil {
		err = s.demands.Reject(r.Context(), id, form.Version, portal.Step{Actor: viewerOf(r), Now: s.now(), Note: form.Note})
	}
	s.workDone(w, r, id, err, func(p *pages.WorkPanels, pr portal.Problems) { form.Problems = pr; p.Reject = form },
		"demand_work.rejected_ok")
}

// mergeDemand marks the demand as a duplicate of the one numbered in the form.
func (s *Server) mergeDemand(w http.ResponseWriter, r *http.Request) {
	var form pages.MergeForm
	id, problems, ok := s.decodeWork(w, r, &form)
	if !ok {
		return
	}
	target, convErr := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(form.MergeInto), "#"), 10, 64)
	if convErr != nil || target <= 0 {
		problems.Add("merge_into", "demand_work.merge_target_unknown")
	}
	err := problems.Err()
	if err == nil {
		err = s.demands.Merge(r.Context(), id, form.Version, portal.Step{Actor: viewerOf(r), Now: s.now(), Note: form.Note}, target)
	}
	s.workDone(w, r, id, err, func(p *pages.WorkPanels, pr portal.Problems) { form.Problems = pr; p.Merge = form },
		"demand_work.merged_ok", target)
}

// superviseDemand flags the demand for supervision (督办) with a note, or updates the note.
func (s *Server) superviseDemand(w http.ResponseWriter, r *http.Request) {
	var form pages.NoteForm
	id, problems, ok := s.decodeWork(w, r, &form)
	if !ok {
		return
	}
	err := problems.Err()
	if err == nil {
		err = s.demands.Supervise(r.Context(), id, form.Version, true, portal.WorkStep{Actor: viewerOf(r), Note: form.Note}, s.now())
	}
	s.workDone(w, r, id, err, func(p *pages.WorkPanels, pr portal.Problems) { form.Problems = pr; p.Supervise = form },
		"demand_work.supervised_ok")
}

// unsuperviseDemand ends the demand's supervision.
func (s *Server) unsuperviseDemand(w http.ResponseWriter, r *http.Request) {
	var form pages.NoteForm
	id, problems, ok := s.decodeWork(w, r, &form)
	if !ok {
		return
	}
	err := problems.Err()
	if err == nil {
		err = s.demands.Supervise(r.Context(), id, form.Version, false, portal.WorkStep{Actor: viewerOf(r)}, s.now())
	}
	s.workDone(w, r, id, err, func(p *pages.WorkPanels, pr portal.Problems) {}, "demand_work.unsupervised_ok")
}

// decideExtension approves (the deadline moves by the extra working days from the current
// deadline) or refuses (with a note) a department's extension request.
func (s *Server) decideExtension(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var form pages.NoteForm
	id, problems, ok := s.decodeWork(w, r, &form)
	if !ok {
		return
	}
	extensionID, err := pathID(r, "extensionID")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	approve := form.Decision == "approve"
	if !approve && form.Decision != "refuse" {
		s.renderError(w, r, portal.Errorf(portal.EINVALID, "error.bad_request", "decision"))
		return
	}
	cal, err := s.workdays.Calendar(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err = problems.Err(); err == nil {
		err = s.demands.DecideExtension(ctx, id, form.Version, extensionID, approve,
			portal.WorkStep{Actor: viewerOf(r), Note: form.Note}, s.now(), cal)
	}
	keep := func(p *pages.WorkPanels, pr portal.Problems) { form.Problems = pr; p.Decide = form }
	if err != nil || !approve {
		s.workDone(w, r, id, err, keep, "demand_work.extension_refused_ok")
		return
	}
	d, err := s.demands.ByID(ctx, id, viewerOf(r))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.workDone(w, r, id, nil, keep, "demand_work.extension_approved_ok", d.Deadline.Format("2006-01-02"))
}

// closeUnrated closes an answered demand the enterprise did not rate within the rating
// window; it counts as not rated.
func (s *Server) closeUnrated(w http.ResponseWriter, r *http.Request) {
	s.advance(w, r, portal.DemandCloseUnrated, "demand_work.closed_unrated_ok",
		func(p *pages.WorkPanels, f pages.NoteForm) {})
}

// startDemand: the lead department starts work (办理中).
func (s *Server) startDemand(w http.ResponseWriter, r *http.Request) {
	s.advance(w, r, portal.DemandStart, "demand_work.started_ok", func(p *pages.WorkPanels, f pages.NoteForm) {})
}

// returnDemand: the lead department returns a wrongly assigned demand to triage, with a reason.
func (s *Server) returnDemand(w http.ResponseWriter, r *http.Request) {
	s.advance(w, r, portal.DemandReturn, "demand_work.returned_ok", func(p *pages.WorkPanels, f pages.NoteForm) { p.Return = f })
}

// answerDemand: the lead department posts its answer (答复); the enterprise then rates it.
func (s *Server) answerDemand(w http.ResponseWriter, r *http.Request) {
	s.advance(w, r, portal.DemandAnswer, "demand_work.answered_ok", func(p *pages.WorkPanels, f pages.NoteForm) { p.Answer = f })
}

// advance takes a step whose only input is a note (start, return, answer, close unrated).
func (s *Server) advance(w http.ResponseWriter, r *http.Request, action portal.DemandAction, okKey string,
	put func(p *pages.WorkPanels, f pages.NoteForm)) {
	var form pages.NoteForm
	id, problems, ok := s.decodeWork(w, r, &form)
	if !ok {
		return
	}
	err := problems.Err()
	if err == nil {
		err = s.demands.Advance(r.Context(), id, form.Version, portal.Step{Action: action, Actor: viewerOf(r), Now: s.now(), Note: form.Note})
	}
	s.workDone(w, r, id, err, func(p *pages.WorkPanels, pr portal.Problems) { form.Problems = pr; put(p, form) }, okKey)
}

// addDemandNote records a progress note of the lead or a co-handling department.
func (s *Server) addDemandNote(w http.ResponseWriter, r *http.Request) {
	var form pages.NoteForm
	id, problems, ok := s.decodeWork(w, r, &form)
	if !ok {
		return
	}
	err := problems.Err()
	if err == nil {
		err = s.demands.AddNote(r.Context(), id, form.Version, portal.WorkStep{Actor: viewerOf(r), Note: form.Note}, s.now())
	}
	s.workDone(w, r, id, err, func(p *pages.WorkPanels, pr portal.Problems) { form.Problems = pr; p.Note = form },
		"demand_work.note_added_ok")
}

// requestExtension records the lead department's request for more working days.
func (s *Server) requestExtension(w http.ResponseWriter, r *http.Request) {
	var form pages.ExtensionForm
	id, problems, ok := s.decodeWork(w, r, &form)
	if !ok {
		return
	}
	days, convErr := strconv.Atoi(strings.TrimSpace(form.ExtraDays))
	if convErr != nil {
		problems.Add("extra_days", "demand_work.extra_days_invalid")
	}
	err := problems.Err()
	if err == nil {
		err = s.demands.RequestExtension(r.Context(), id, form.Version,
			portal.WorkStep{Actor: viewerOf(r), Note: form.Note, ExtraDays: days}, s.now())
	}
	s.workDone(w, r, id, err, func(p *pages.WorkPanels, pr portal.Problems) { form.Problems = pr; p.Extension = form },
		"demand_work.extension_requested_ok")
}

// inboxCounts are the figures of the signed-in department user's inbox, for the start page.
func (s *Server) inboxCounts(r *http.Request) (*postgres.InboxCounts, error) {
	cal, err := s.workdays.Calendar(r.Context())
	if err != nil {
		return nil, err
	}
	now := s.now()
	c, err := s.demands.InboxCounts(r.Context(), viewerOf(r), now, dueSoonBefore(cal, now))
	return &c, err
}
