package server

import (
	"net/http"
	"strconv"
	"strings"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/web/pages"
)

// enterpriseFilter decodes the enterprise list's query parameters (q, chain, scale, key,
// status, sort, after); the list page and the exports share it.
func enterpriseFilter(r *http.Request) (postgres.EnterpriseFilter, error) {
	q := r.URL.Query()
	f := postgres.EnterpriseFilter{Query: strings.TrimSpace(q.Get("q")), After: q.Get("after"),
		Sort: postgres.EnterpriseSort(q.Get("sort"))}
	if v := q.Get("chain"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return f, portal.Errorf(portal.EINVALID, "error.bad_request", "chain")
		}
		f.ChainID = &id
	}
	if v := portal.Scale(q.Get("scale")); v.Valid() {
		f.Scale = &v
	}
	switch q.Get("key") {
	case "yes":
		yes := true
		f.IsKey = &yes
	case "no":
		no := false
		f.IsKey = &no
	}
	if v := portal.EnterpriseStatus(q.Get("status")); v.Valid() {
		f.Status = &v
	}
	switch f.Sort {
	case postgres.SortByName, postgres.SortNewest, postgres.SortByUSCC, postgres.SortOldestIn:
	default:
		f.Sort = postgres.SortByName
	}
	return f, nil
}

func (s *Server) listEnterprises(w http.ResponseWriter, r *http.Request) {
	f, err := enterpriseFilter(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	page, err := s.enterprises.List(r.Context(), f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	chains, err := s.chains.All(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	q := r.URL.Query()
	view := pages.EnterpriseList{Enterprises: page.Enterprises, Chains: chains,
		Query: f.Query, Chain: q.Get("chain"), Scale: q.Get("scale"), Key: q.Get("key"), Status: q.Get("status"),
		Sort: string(f.Sort), OnFirst: f.After == "", FirstHref: pageHref(r, "after", ""),
		ExportQuery: exportQuery(r)}
	if page.Next != "" {
		view.NextHref = pageHref(r, "after", page.Next)
	}
	s.renderPage(w, r, http.StatusOK, pages.Enterprises(s.frame(r), view))
}

// exportQuery is the list's filter without its cursor, for the export links.
func exportQuery(r *http.Request) string {
	q := r.URL.Query()
	q.Del("after")
	return q.Encode()
}

func (s *Server) showEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	e, err := s.enterprises.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	reviews, err := s.enterprises.Reviews(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	activity, err := s.enterpriseActivity(r, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, pages.EnterpriseDetail(s.frame(r), pages.EnterpriseView{Enterprise: e, Reviews: reviews,
		Activity: activity}))
}

func (s *Server) newEnterprisePage(w http.ResponseWriter, r *http.Request) {
	s.renderEnterpriseForm(w, r, http.StatusOK, pages.EnterpriseForm{Mode: pages.FormOfficialNew})
}

func (s *Server) createEnterprise(w http.ResponseWriter, r *http.Request) {
	form := pages.EnterpriseForm{Mode: pages.FormOfficialNew}
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var id int64
	if err = problems.Err(); err == nil {
		id, err = s.enterprises.Create(r.Context(), enterpriseInput(form), currentUser(r).ID)
	}
	if s.formFailed(w, r, err, &form.Problems, func() { s.renderEnterpriseForm(w, r, http.StatusUnprocessableEntity, form) }) {
		return
	}
	s.flash(r, "enterprise.created_ok", strings.TrimSpace(form.Name))
	redirect(w, r, "/enterprises/"+strconv.FormatInt(id, 10))
}

func (s *Server) editEnterprisePage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	e, err := s.enterprises.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := enterpriseFormOf(e)
	form.Mode, form.ID = pages.FormOfficialEdit, id
	s.renderEnterpriseForm(w, r, http.StatusOK, form)
}

func (s *Server) updateEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := pages.EnterpriseForm{Mode: pages.FormOfficialEdit, ID: id}
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err = problems.Err(); err == nil {
		err = s.enterprises.Update(r.Context(), id, enterpriseInput(form))
	}
	if s.formFailed(w, r, err, &form.Problems, func() { s.renderEnterpriseForm(w, r, http.StatusUnprocessableEntity, form) }) {
		return
	}
	s.flash(r, "enterprise.updated_ok")
	redirect(w, r, "/enterprises/"+strconv.FormatInt(id, 10))
}

// reviewQueue lists registrations waiting for verification, longest waiting first.
func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request) {
	pending := portal.EnterprisePending
	after := r.URL.Query().Get("after")
	page, err := s.enterprises.List(r.Context(), postgres.EnterpriseFilter{Status: &pending, Sort: postgres.SortOldestIn, After: after})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	view := pages.ReviewQueue{Enterprises: page.Enterprises, OnFirst: after == "", FirstHref: pageHref(r, "after", "")}
	if page.Next != "" {
		view.NextHref = pageHref(r, "after", page.Next)
	}
	s.renderPage(w, r, http.StatusOK, pages.EnterpriseQueue(s.frame(r), view))
}

func (s *Server) verifyEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	e, err := s.enterprises.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.enterprises.Verify(r.Context(), id, currentUser(r).ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(r, "enterprise.verified_ok", e.Name)
	redirect(w, r, localPath(r.PostFormValue("back"), "/enterprises/review"))
}

func (s *Server) rejectEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	e, err := s.enterprises.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.RejectForm
	if _, err := decodeForm(r, &form); err != nil {
		s.renderError(w, r, err)
		return
	}
	err = s.enterprises.Reject(r.Context(), id, currentUser(r).ID, form.Reason)
	if s.formFailed(w, r, err, &form.Problems, func() {
		reviews, _ := s.enterprises.Reviews(r.Context(), id)
		s.renderPage(w, r, http.StatusUnprocessableEntity, pages.EnterpriseDetail(s.frame(r),
			pages.EnterpriseView{Enterprise: e, Reviews: reviews, Reject: form}))
	}) {
		return
	}
	s.flash(r, "enterprise.rejected_ok", e.Name)
	redirect(w, r, "/enterprises/review")
}

// renderEnterpriseForm shows the enterprise form with the active chains to choose from.
func (s *Server) renderEnterpriseForm(w http.ResponseWriter, r *http.Request, status int, form pages.EnterpriseForm) {
	chains, err := s.chains.All(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, c := range chains {
		if c.Active || containsID(form.ChainIDs, c.ID) {
			form.Chains = append(form.Chains, portal.ChainRef{ID: c.ID, Name: c.Name})
		}
	}
	s.renderPage(w, r, status, pages.EnterpriseEdit(s.frame(r), form))
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// enterpriseInput turns the typed form into the domain's input; contact columns are aligned
// by their position in the form.
func enterpriseInput(f pages.EnterpriseForm) portal.EnterpriseInput {
	in := portal.EnterpriseInput{Name: f.Name, USCC: f.USCC, Scale: portal.Scale(f.Scale), AnnualOutput: f.AnnualOutput,
		IsKey: f.IsKey, Address: f.Address, Park: f.Park, LegalRep: f.LegalRep, ChainIDs: f.ChainIDs}
	for i := range f.ContactNames {
		c := portal.Contact{Name: f.ContactNames[i]}
		c.Title = at(f.ContactTitles, i)
		c.Mobile = at(f.ContactMobiles, i)
		c.Email = at(f.ContactEmails, i)
		in.Contacts = append(in.Contacts, c)
	}
	return in
}

func at(values []string, i int) string {
	if i < len(values) {
		return values[i]
	}
	return ""
}

// enterpriseFormOf fills the form with a stored enterprise.
func enterpriseFormOf(e *portal.Enterprise) pages.EnterpriseForm {
	f := pages.EnterpriseForm{ID: e.ID, Name: e.Name, USCC: e.USCC, Scale: string(e.Scale), IsKey: e.IsKey,
		Address: e.Address, Park: e.Park, LegalRep: e.LegalRep, Status: e.Status, ReviewNote: e.ReviewNote}
	if e.AnnualOutput != nil {
		f.AnnualOutput = strconv.FormatFloat(*e.AnnualOutput, 'f', -1, 64)
	}
	for _, c := range e.Chains {
		f.ChainIDs = append(f.ChainIDs, c.ID)
	}
	for _, c := range e.Contacts {
		f.ContactNames = append(f.ContactNames, c.Name)
		f.ContactTitles = append(f.ContactTitles, c.Title)
		f.ContactMobiles = append(f.ContactMobiles, c.Mobile)
		f.ContactEmails = append(f.ContactEmails, c.Email)
	}
	return f
}
