package server

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/web/components"
	"breakfast/web/pages"
)

// Demands from the enterprise's side: submitting one (or an official recording one on an
// enterprise's behalf) with attachments, the demand page every role shares, downloading its
// files, and the enterprise's rating of the answer. What a viewer may see is decided by the
// store's queries: a demand they may not see is 404, as if it did not exist.

// maxDemandBodyBytes bounds the body of the intake form: five attachments of 10 MiB each and
// the text fields. routes.go gives the two intake routes this limit instead of maxBodyBytes.
const maxDemandBodyBytes = portal.MaxAttachments*portal.MaxAttachmentBytes + 1<<20

// intakeMemory is how much of a multipart body is held in memory; the rest waits in
// temporary files, which net/http removes after the request.
const intakeMemory = 8 << 20

// newSubmitToken returns a fresh random token for one rendering of the intake form: both
// submits of a double click carry it, and the store saves the demand once.
func newSubmitToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// viewerOf is the signed-in user as a viewer of demands.
func viewerOf(r *http.Request) portal.Viewer { return portal.ViewerOf(currentUser(r)) }

// myDemands lists the entrepreneur's enterprise's demands, newest first, optionally of one state.
func (s *Server) myDemands(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(r)
	if u.EnterpriseID == nil {
		s.renderError(w, r, portal.Errorf(portal.EFORBIDDEN, "error.forbidden"))
		return
	}
	q := r.URL.Query()
	now := s.now()
	f := postgres.DemandFilter{EnterpriseID: u.EnterpriseID, Today: now, After: q.Get("after"), Limit: 20}
	view := pages.MyDemandsView{Now: now, OnFirst: f.After == "", FirstHref: pageHref(r, "after", "")}
	if st := portal.DemandStatus(q.Get("status")); st.Valid() {
		f.Status = &st
		view.Status = string(st)
	}
	page, err := s.demands.List(ctx, f, portal.ViewerOf(u))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	e, err := s.enterprises.ByID(ctx, *u.EnterpriseID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view.Demands, view.CanSubmit = page.Demands, e.Status == portal.EnterpriseVerified
	if page.Next != "" {
		view.NextHref = pageHref(r, "after", page.Next)
	}
	s.renderPage(w, r, http.StatusOK, pages.MyDemands(s.frame(r), view))
}

// newMyDemandPage is the entrepreneur's intake form; ?meeting= preselects a meeting their
// enterprise attends.
func (s *Server) newMyDemandPage(w http.ResponseWriter, r *http.Request) {
	meeting, err := queryID(r.URL.Query(), "meeting")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderIntake(w, r, http.StatusOK, pages.DemandForm{MeetingID: meeting, SubmitToken: newSubmitToken()})
}

// newDemandOnBehalfPage is the officials' form to record a demand an enterprise raised:
// without ?enterprise= it asks for the enterprise (by name, or among the invited ones of
// ?meeting=).
func (s *Server) newDemandOnBehalfPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	enterprise, err := queryID(q, "enterprise")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	meeting, err := queryID(q, "meeting")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := pages.DemandForm{OnBehalf: true, MeetingID: meeting, SubmitToken: newSubmitToken()}
	if enterprise != nil {
		form.EnterpriseID = *enterprise
		s.renderIntake(w, r, http.StatusOK, form)
		return
	}
	form.Picker = pages.EnterprisePicker{Query: strings.TrimSpace(q.Get("q"))}
	if meeting != nil {
		form.Picker.MeetingID = strconv.FormatInt(*meeting, 10)
	}
	if err := s.pickEnterprises(r, &form.Picker, meeting); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderIntake(w, r, http.StatusOK, form)
}

// pickEnterprises fills the officials' enterprise picker: verified enterprises whose name or
// credit code contains the query, or without a query the enterprises invited to the meeting.
func (s *Server) pickEnterprises(r *http.Request, p *pages.EnterprisePicker, meeting *int64) error {
	ctx := r.Context()
	if p.Query != "" {
		verified := portal.EnterpriseVerified
		page, err := s.enterprises.List(ctx, postgres.EnterpriseFilter{Query: p.Query, Status: &verified, Limit: 30})
		p.Results, p.Searched = page.Enterprises, true
		return err
	}
	if meeting == nil {
		return nil
	}
	invitations, err := s.invitations.ForMeeting(ctx, *meeting)
	if err != nil {
		return err
	}
	for _, inv := range invitations {
		switch inv.Status {
		case portal.InvitationAccepted, portal.InvitationInvited, portal.InvitationDeclined, portal.InvitationWaitlisted:
			p.Results = append(p.Results, portal.Enterprise{ID: inv.EnterpriseID, Name: inv.EnterpriseName})
		}
	}
	return nil
}

// renderIntake shows the intake form with what it needs: the enterprise (an entrepreneur's
// own, or the one an official chose), the active categories and the meetings it may name.
func (s *Server) renderIntake(w http.ResponseWriter, r *http.Request, status int, form pages.DemandForm) {
	ctx := r.Context()
	u := currentUser(r)
	enterpriseID := form.EnterpriseID
	if !form.OnBehalf {
		if u.EnterpriseID == nil {
			s.renderError(w, r, portal.Errorf(portal.EFORBIDDEN, "error.forbidden"))
			return
		}
		enterpriseID = *u.EnterpriseID
	}
	if enterpriseID != 0 {
		e, err := s.enterprises.ByID(ctx, enterpriseID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		form.EnterpriseName, form.NotVerified = e.Name, e.Status != portal.EnterpriseVerified
		if form.Meetings, err = s.demands.MeetingChoices(ctx, enterpriseID, form.OnBehalf); err != nil {
			s.renderError(w, r, err)
			return
		}
		if form.MeetingID != nil && !hasMeeting(form.Meetings, *form.MeetingID) && status == http.StatusOK {
			form.MeetingID = nil // a link's meeting the enterprise does not attend: no choice made
		}
	}
	categories, err := s.demands.Categories(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	lang := i18n.LangOf(ctx)
	for _, c := range categories {
		if c.Active {
			form.Categories = append(form.Categories, components.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name(lang)})
		}
	}
	if form.SubmitToken == "" {
		form.SubmitToken = newSubmitToken()
	}
	s.renderPage(w, r, status, pages.DemandIntake(s.frame(r), form))
}

func hasMeeting(list []postgres.MeetingChoice, id int64) bool {
	for _, m := range list {
		if m.ID == id {
			return true
		}
	}
	return false
}

// createMyDemand saves the entrepreneur's demand for their own enterprise.
func (s *Server) createMyDemand(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	if u.EnterpriseID == nil {
		s.renderError(w, r, portal.Errorf(portal.EFORBIDDEN, "error.forbidden"))
		return
	}
	s.createDemand(w, r, pages.DemandForm{}, *u.EnterpriseID, "intake.submitted_ok")
}

// createDemandOnBehalf saves a demand an official records for the enterprise of the form.
func (s *Server) createDemandOnBehalf(w http.ResponseWriter, r *http.Request) {
	s.createDemand(w, r, pages.DemandForm{OnBehalf: true}, 0, "intake.recorded_ok")
}

// createDemand reads the intake form and its files and saves the demand. Every problem — the
// text fields' and each refused file's, named — shows at once with 422 and the typed text
// kept; nothing is saved then. enterpriseID is the entrepreneur's own; 0 takes it from the
// official's form.
func (s *Server) createDemand(w http.ResponseWriter, r *http.Request, form pages.DemandForm, enterpriseID int64, okKey string) {
	// Fifty megabytes over a slow line take longer than the server's read timeout, which is
	// sized for forms.
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(5 * time.Minute))
	files, problems, err := readIntake(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if form.OnBehalf {
		enterpriseID = form.EnterpriseID
		if enterpriseID <= 0 {
			problems.Add("enterprise_id", "intake.enterprise_required")
			form.EnterpriseID, form.Problems = 0, problems
			s.renderIntake(w, r, http.StatusUnprocessableEntity, form)
			return
		}
	}
	in := portal.DemandInput{EnterpriseID: enterpriseID, MeetingID: form.MeetingID, CategoryID: form.CategoryID,
		Title: form.Title, Description: form.Description, ExpectedOutcome: form.Expected,
		Confidential: form.Confidential, SubmitToken: form.SubmitToken}
	in.Normalize()
	addProblems(problems, in.Validate())
	var id int64
	if err = problems.Err(); err == nil {
		id, err = s.demands.Create(r.Context(), in, files, viewerOf(r))
		if fp, ok := fileProblemOf(err); ok {
			form.FileProblems = append(form.FileProblems, fp)
		}
	}
	if s.formFailed(w, r, err, &form.Problems, func() { s.renderIntake(w, r, http.StatusUnprocessableEntity, form) }) {
		return
	}
	s.flash(r, okKey, id)
	redirect(w, r, "/demands/"+strconv.FormatInt(id, 10))
}

// addProblems adds the field problems of an EINVALID error to p.
func addProblems(p portal.Problems, err error) {
	var appErr *portal.Error
	if errors.As(err, &appErr) {
		for k, v := range appErr.Fields {
			p.Add(k, v)
		}
	}
}

// fileProblemOf returns the refused file an error of the store names, if it names one.
func fileProblemOf(err error) (pages.FileProblem, bool) {
	var appErr *portal.Error
	if !errors.As(err, &appErr) || appErr.Fields["attachments"] == "" || len(appErr.Args) != 1 {
		return pages.FileProblem{}, false
	}
	name, ok := appErr.Args[0].(string)
	return pages.FileProblem{Key: appErr.Key, Name: name}, ok
}

// readIntake decodes the intake form (multipart, or a plain form without files) into form
// and reads its attachments. Each refused file is named in form.FileProblems and counted on
// the field "attachments" of the returned problems; a body over the route's limit is the
// *http.MaxBytesError, which becomes 413.
func readIntake(r *http.Request, form *pages.DemandForm) ([]postgres.NewAttachment, portal.Problems, error) {
	if err := r.ParseMultipartForm(intakeMemory); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, nil, err
		}
		return nil, nil, portal.Errorf(portal.EINVALID, "error.bad_request", "multipart")
	}
	problems, err := decodeForm(r, form)
	if err != nil {
		return nil, nil, err
	}
	if r.MultipartForm == nil {
		return nil, problems, nil
	}
	headers := r.MultipartForm.File["attachments"]
	// Shown only if the form comes back: the browser cannot keep the chosen files.
	form.FilesDropped = len(headers) > 0
	if len(headers) > portal.MaxAttachments {
		problems.Add("attachments", "attachment.too_many")
		return nil, problems, nil
	}
	var files []postgres.NewAttachment
	for _, h := range headers {
		name := portal.SanitizeFilename(h.Filename)
		if h.Size > portal.MaxAttachmentBytes {
			form.FileProblems = append(form.FileProblems, pages.FileProblem{Key: "attachment.too_big", Name: name})
			continue
		}
		f, err := h.Open()
		if err != nil {
			return nil, nil, err
		}
		data, err := io.ReadAll(io.LimitReader(f, portal.MaxAttachmentBytes+1))
		f.Close()
		if err != nil {
			return nil, nil, err
		}
		if _, err := portal.CheckAttachment(name, data); err != nil {
			if fp, ok := fileProblemOf(err); ok {
				form.FileProblems = append(form.FileProblems, fp)
			}
			continue
		}
		files = append(files, postgres.NewAttachment{Filename: h.Filename, Data: data})
	}
	if len(form.FileProblems) > 0 {
		problems.Add("attachments", form.FileProblems[0].Key)
	}
	return files, problems, nil
}

// showDemand is the demand page, for every role; a demand the viewer may not see is 404.
func (s *Server) showDemand(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderDemand(w, r, http.StatusOK, id, pages.DemandForms{})
}

// renderDemand shows demand id to the signed-in user with status; forms carries what a panel's
// user typed when it is shown again after a refused step. Action handlers of every panel
// re-render through it.
func (s *Server) renderDemand(w http.ResponseWriter, r *http.Request, status int, id int64, forms pages.DemandForms) {
	ctx := r.Context()
	v := viewerOf(r)
	detail, err := s.demands.Detail(ctx, id, v)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d := detail.Demand
	view := pages.DemandView{Demand: d, Viewer: v, Now: s.now(), Forms: forms, Events: detail.Events, Attachments: detail.Attachments,
		Contacts: detail.Contacts}
	if view.RatingWindowDays, err = s.settings.RatingWindowDays(ctx); err != nil {
		s.renderError(w, r, err)
		return
	}
	categories, err := s.demands.Categories(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, c := range categories {
		if c.ID == d.CategoryID {
			view.Category = c.Name(i18n.LangOf(ctx))
		}
	}
	view.Actions = allowedDemandActions(*d, v, view.Now, view.RatingWindowDays)
	if view.Forms.Departments == nil && currentUser(r).Is(portal.RoleOfficial, portal.RoleAdmin) {
		if view.Forms.Departments, err = s.departments.All(ctx); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	// The officials' and departments' panels (demand_work.go).
	if err := s.fillWorkPanels(r, &view, detail.Extensions); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, status, pages.DemandPage(s.frame(r), view))
}

// demandActions are every step of the loop, in the order the panels show.
var demandActions = []portal.DemandAction{portal.DemandAssign, portal.DemandReassign, portal.DemandReject,
	portal.DemandMerge, portal.DemandStart, portal.DemandReturn, portal.DemandAnswer, portal.DemandRate,
	portal.DemandCloseUnrated}

// allowedDemandActions asks the domain which steps the viewer may take on d now. A step that
// only lacks its input (a reason, a rating) is allowed: the panel asks for it.
func allowedDemandActions(d portal.Demand, v portal.Viewer, now time.Time, ratingWindowDays int) []portal.DemandAction {
	var allowed []portal.DemandAction
	for _, a := range demandActions {
		_, err := d.Transition(portal.Step{Action: a, Actor: v, Now: now, Note: "-", Rating: portal.RatingSatisfied,
			RatingWindowDays: ratingWindowDays})
		if err == nil || portal.ErrorCode(err) == portal.EINVALID {
			allowed = append(allowed, a)
		}
	}
	return allowed
}

// downloadDemandAttachment sends a demand's file as a download, with the content type its
// content was recognised as, if the viewer may see the demand; else 404.
func (s *Server) downloadDemandAttachment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	aid, err := pathID(r, "attachmentID")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	a, err := s.demands.Attachment(r.Context(), id, aid, viewerOf(r))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	// Even if a browser were to show the file, it could run nothing of ours.
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(a.Data)))
	attachment(w, "demand-"+strconv.FormatInt(id, 10)+"-file-"+strconv.FormatInt(aid, 10)+portal.AttachmentExtension(a.ContentType), a.Filename)
	_, _ = w.Write(a.Data)
}

// rateDemand records the entrepreneur's rating of the answer: 满意/基本满意 close the demand,
// 不满意 sends it back to the department under supervision.
func (s *Server) rateDemand(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.RateForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rating := portal.Rating(form.Rating)
	if err = problems.Err(); err == nil {
		err = s.demands.Rate(r.Context(), id, form.Version, portal.Step{Actor: viewerOf(r), Now: s.now(),
			Note: form.Note, Rating: rating})
	}
	if s.formFailed(w, r, err, &form.Problems, func() {
		s.renderDemand(w, r, http.StatusUnprocessableEntity, id, pages.DemandForms{Rate: form, Problems: form.Problems})
	}) {
		return
	}
	if rating == portal.RatingUnsatisfied {
		s.flash(r, "rate.reopened_ok")
	} else {
		s.flash(r, "rate.closed_ok")
	}
	redirect(w, r, "/demands/"+strconv.FormatInt(id, 10))
}
