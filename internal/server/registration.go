package server

import (
	"net/http"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/web/pages"
)

// registerPage is where an entrepreneur registers an account and their enterprise.
func (s *Server) registerPage(w http.ResponseWriter, r *http.Request) {
	if currentUser(r) != nil {
		redirect(w, r, "/")
		return
	}
	s.renderRegisterForm(w, r, http.StatusOK, pages.RegisterForm{})
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	var form pages.RegisterForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	enterpriseProblems, err := decodeForm(r, &form.Enterprise)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for field, key := range enterpriseProblems {
		problems.Add(field, key)
	}
	var userID int64
	if err = problems.Err(); err == nil {
		account := portal.UserInput{Username: form.Username, DisplayName: form.DisplayName, Password: form.Password}
		userID, _, err = s.enterprises.Register(r.Context(), account, enterpriseInput(form.Enterprise))
	}
	if s.formFailed(w, r, err, &form.Problems, func() {
		form.Enterprise.Problems = form.Problems
		s.renderRegisterForm(w, r, http.StatusUnprocessableEntity, form)
	}) {
		return
	}
	u, err := s.users.ByID(r.Context(), userID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.signIn(r, u); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.users.SetLang(r.Context(), u.ID, i18n.LangOf(r.Context())); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "register.done")
	redirect(w, r, "/my/enterprise")
}

func (s *Server) renderRegisterForm(w http.ResponseWriter, r *http.Request, status int, form pages.RegisterForm) {
	chains, err := s.chains.All(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form.Enterprise.Mode = pages.FormRegister
	form.Enterprise.Chains = nil
	for _, c := range chains {
		if c.Active {
			form.Enterprise.Chains = append(form.Enterprise.Chains, portal.ChainRef{ID: c.ID, Name: c.Name})
		}
	}
	s.renderPage(w, r, status, pages.Register(s.frame(r), form))
}

// myEnterprise shows an entrepreneur their own enterprise and where its registration stands.
// The enterprise comes from the account, never from the URL.
func (s *Server) myEnterprise(w http.ResponseWriter, r *http.Request) {
	e, err := s.enterprises.ByID(r.Context(), *currentUser(r).EnterpriseID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, pages.MyEnterprise(s.frame(r), e))
}

func (s *Server) editMyEnterprisePage(w http.ResponseWriter, r *http.Request) {
	e, err := s.enterprises.ByID(r.Context(), *currentUser(r).EnterpriseID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := enterpriseFormOf(e)
	form.Mode = pages.FormOwner
	s.renderEnterpriseForm(w, r, http.StatusOK, form)
}

func (s *Server) updateMyEnterprise(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	current, err := s.enterprises.ByID(r.Context(), *u.EnterpriseID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := pages.EnterpriseForm{Mode: pages.FormOwner, ID: current.ID, Status: current.Status, ReviewNote: current.ReviewNote}
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var status portal.EnterpriseStatus
	if err = problems.Err(); err == nil {
		status, err = s.enterprises.UpdateByOwner(r.Context(), current.ID, enterpriseInput(form), u.ID)
	}
	if s.formFailed(w, r, err, &form.Problems, func() { s.renderEnterpriseForm(w, r, http.StatusUnprocessableEntity, form) }) {
		return
	}
	if status == portal.EnterprisePending && current.Status != portal.EnterprisePending {
		s.flash(r, "enterprise.resubmitted_ok")
	} else {
		s.flash(r, "enterprise.updated_ok")
	}
	redirect(w, r, "/my/enterprise")
}
