package server

import (
	"net/http"
	"strconv"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/web/pages"
)

// Industry chains (产业链).

func (s *Server) listChains(w http.ResponseWriter, r *http.Request) {
	chains, err := s.chains.All(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, pages.Chains(s.frame(r), chains))
}

func (s *Server) newChainPage(w http.ResponseWriter, r *http.Request) {
	s.renderPage(w, r, http.StatusOK, pages.ChainEdit(s.frame(r), pages.ChainForm{}))
}

func (s *Server) createChain(w http.ResponseWriter, r *http.Request) {
	var form pages.ChainForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var created *portal.Chain
	if err = problems.Err(); err == nil {
		created, err = s.chains.Create(r.Context(), chainInput(form))
	}
	if s.chainFormFailed(w, r, err, form) {
		return
	}
	s.flash(r, "chains.created_ok", created.Name)
	redirect(w, r, "/chains")
}

func (s *Server) editChainPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	c, err := s.chains.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := pages.ChainForm{ID: c.ID, Name: c.Name, Description: c.Description,
		LeaderName: c.LeaderName, LeaderTitle: c.LeaderTitle}
	s.renderPage(w, r, http.StatusOK, pages.ChainEdit(s.frame(r), form))
}

func (s *Server) updateChain(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if _, err := s.chains.ByID(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.ChainForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form.ID = id
	var saved *portal.Chain
	if err = problems.Err(); err == nil {
		saved, err = s.chains.Update(r.Context(), id, chainInput(form))
	}
	if s.chainFormFailed(w, r, err, form) {
		return
	}
	s.flash(r, "chains.updated_ok", saved.Name)
	redirect(w, r, "/chains")
}

// setChainActive sets the active flag to the posted value rather than flipping it, so a
// double-submitted form cannot undo itself.
func (s *Server) setChainActive(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form struct {
		Active bool `form:"active"`
	}
	if _, err := decodeForm(r, &form); err != nil {
		s.renderError(w, r, err)
		return
	}
	c, err := s.chains.SetActive(r.Context(), id, form.Active)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if c.Active {
		s.flash(r, "chains.activated_ok", c.Name)
	} else {
		s.flash(r, "chains.deactivated_ok", c.Name)
	}
	redirect(w, r, "/chains")
}

func chainInput(form pages.ChainForm) portal.ChainInput {
	return portal.ChainInput{Name: form.Name, Description: form.Description,
		LeaderName: form.LeaderName, LeaderTitle: form.LeaderTitle}
}

// chainFormFailed re-renders the chain form after a failed save; see formFailed.
func (s *Server) chainFormFailed(w http.ResponseWriter, r *http.Request, err error, form pages.ChainForm) bool {
	return s.formFailed(w, r, err, &form.Problems, func() {
		s.renderPage(w, r, http.StatusUnprocessableEntity, pages.ChainEdit(s.frame(r), form))
	})
}

// Responsible departments (责任单位).

func (s *Server) listDepartments(w http.ResponseWriter, r *http.Request) {
	var filter postgres.DepartmentFilter
	filter.After, _ = strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	departments, more, err := s.departments.List(r.Context(), filter)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	list := pages.DepartmentList{Departments: departments, OnFirst: filter.After == 0,
		FirstHref: pageHref(r, "after", "")}
	if more {
		list.NextHref = pageHref(r, "after", strconv.FormatInt(departments[len(departments)-1].ID, 10))
	}
	s.renderPage(w, r, http.StatusOK, pages.Departments(s.frame(r), list))
}

func (s *Server) newDepartmentPage(w http.ResponseWriter, r *http.Request) {
	s.renderPage(w, r, http.StatusOK, pages.DepartmentEdit(s.frame(r), pages.DepartmentForm{}))
}

func (s *Server) createDepartment(w http.ResponseWriter, r *http.Request) {
	var form pages.DepartmentForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var created *portal.Department
	if err = problems.Err(); err == nil {
		created, err = s.departments.Create(r.Context(), departmentInput(form))
	}
	if s.departmentFormFailed(w, r, err, form) {
		return
	}
	s.flash(r, "departments.created_ok", created.Name)
	redirect(w, r, "/departments")
}

func (s *Server) editDepartmentPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d, err := s.departments.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := pages.DepartmentForm{ID: d.ID, Name: d.Name, ShortName: d.ShortName,
		ContactName: d.ContactName, ContactPhone: d.ContactPhone}
	s.renderPage(w, r, http.StatusOK, pages.DepartmentEdit(s.frame(r), form))
}

func (s *Server) updateDepartment(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if _, err := s.departments.ByID(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.DepartmentForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form.ID = id
	var saved *portal.Department
	if err = problems.Err(); err == nil {
		saved, err = s.departments.Update(r.Context(), id, departmentInput(form))
	}
	if s.departmentFormFailed(w, r, err, form) {
		return
	}
	s.flash(r, "departments.updated_ok", saved.Name)
	redirect(w, r, "/departments")
}

func departmentInput(form pages.DepartmentForm) portal.DepartmentInput {
	return portal.DepartmentInput{Name: form.Name, ShortName: form.ShortName,
		ContactName: form.ContactName, ContactPhone: form.ContactPhone}
}

// departmentFormFailed re-renders the department form after a failed save; see formFailed.
func (s *Server) departmentFormFailed(w http.ResponseWriter, r *http.Request, err error, form pages.DepartmentForm) bool {
	return s.formFailed(w, r, err, &form.Problems, func() {
		s.renderPage(w, r, http.StatusUnprocessableEntity, pages.DepartmentEdit(s.frame(r), form))
	})
}
