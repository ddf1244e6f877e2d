package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/web/components"
	"breakfast/web/pages"
)

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	filter := postgres.UserFilter{Query: q.Get("q")}
	if role := portal.Role(q.Get("role")); role.Valid() {
		filter.Role = &role
	}
	filter.After, _ = strconv.ParseInt(q.Get("after"), 10, 64)
	users, more, err := s.users.List(r.Context(), filter)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	list := pages.UserList{Users: users, Query: filter.Query, OnFirst: filter.After == 0,
		FirstHref: pageHref(r, "after", ""), PrintHref: "/admin/users/print"}
	if filter.Role != nil {
		list.Role = string(*filter.Role)
	}
	if more {
		list.NextHref = pageHref(r, "after", strconv.FormatInt(users[len(users)-1].ID, 10))
	}
	s.renderPage(w, r, http.StatusOK, pages.Users(s.frame(r), list))
}

// pageHref returns the current URL with the cursor parameter set to cursor (removed when empty);
// every list's pager links are built with it.
func pageHref(r *http.Request, param, cursor string) string {
	q := r.URL.Query()
	q.Del(param)
	if cursor != "" {
		q.Set(param, cursor)
	}
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return u.String()
}

func (s *Server) printUsers(w http.ResponseWriter, r *http.Request) {
	var all []portal.User
	filter := postgres.UserFilter{Limit: 500}
	for {
		users, more, err := s.users.List(r.Context(), filter)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		all = append(all, users...)
		if !more {
			break
		}
		filter.After = users[len(users)-1].ID
	}
	printedAt := s.now().In(portal.CST).Format("2006-01-02 15:04")
	s.renderPage(w, r, http.StatusOK, pages.UsersPrint(all, printedAt))
}

func (s *Server) newUserPage(w http.ResponseWriter, r *http.Request) {
	s.renderUserForm(w, r, http.StatusOK, pages.UserForm{})
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	var form pages.UserForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var created *portal.User
	in, err := s.userInput(r, form, problems)
	if err == nil {
		created, err = s.users.Create(r.Context(), in)
	}
	if s.userFormFailed(w, r, err, form) {
		return
	}
	s.flash(r, "users.created_ok", created.Username)
	redirect(w, r, "/admin/users")
}

func (s *Server) editUserPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	u, err := s.users.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := pages.UserForm{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: string(u.Role)}
	if u.DepartmentID != nil {
		form.DepartmentID = strconv.FormatInt(*u.DepartmentID, 10)
	}
	if u.EnterpriseID != nil {
		e, err := s.enterprises.ByID(r.Context(), *u.EnterpriseID)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		form.EnterpriseUSCC = e.USCC
	}
	s.renderUserForm(w, r, http.StatusOK, form)
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	u, err := s.users.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	var form pages.UserForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form.ID, form.Username = u.ID, u.Username
	in, err := s.userInput(r, form, problems)
	if err == nil {
		err = s.users.Update(r.Context(), id, in)
	}
	if s.userFormFailed(w, r, err, form) {
		return
	}
	// A new role or enterprise changes the account's auth version: its sessions end now.
	if after, err := s.users.ByID(r.Context(), id); err != nil || after.AuthVersion != u.AuthVersion {
		if err == nil {
			err = s.endSessions(r.Context(), id)
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.flash(r, "users.updated_ok", u.Username)
	redirect(w, r, "/admin/users")
}

func (s *Server) disableUser(w http.ResponseWriter, r *http.Request) { s.setUserDisabled(w, r, true) }
func (s *Server) enableUser(w http.ResponseWriter, r *http.Request)  { s.setUserDisabled(w, r, false) }

func (s *Server) setUserDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if disabled && id == currentUser(r).ID {
		s.renderError(w, r, portal.Errorf(portal.ECONFLICT, "users.cannot_disable_self"))
		return
	}
	u, err := s.users.ByID(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.users.SetDisabled(r.Context(), id, disabled); err != nil {
		s.renderError(w, r, err)
		return
	}
	if disabled {
		if err := s.endSessions(r.Context(), id); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if disabled {
		s.flash(r, "users.disabled_ok", u.Username)
	} else {
		s.flash(r, "users.enabled_ok", u.Username)
	}
	redirect(w, r, "/admin/users")
}

// userInput turns the account form into the domain's input, looking up the enterprise an
// entrepreneur's account belongs to by its credit code. Decoding problems and an unknown code
// come back as EINVALID.
func (s *Server) userInput(r *http.Request, form pages.UserForm, problems portal.Problems) (portal.UserInput, error) {
	in := portal.UserInput{Username: form.Username, DisplayName: form.DisplayName,
		Role: portal.Role(form.Role), Password: form.Password}
	if id, err := strconv.ParseInt(form.DepartmentID, 10, 64); err == nil {
		in.DepartmentID = &id
	}
	if in.Role == portal.RoleEntrepreneur && strings.TrimSpace(form.EnterpriseUSCC) != "" {
		id, err := s.enterprises.IDByUSCC(r.Context(), form.EnterpriseUSCC)
		switch {
		case err == nil:
			in.EnterpriseID = &id
		case portal.ErrorCode(err) == portal.ENOTFOUND:
			problems.Add("enterprise_uscc", "user.enterprise_unknown")
		default:
			return in, err
		}
	}
	return in, problems.Err()
}

// userFormFailed re-renders the account form after a failed save; see formFailed.
func (s *Server) userFormFailed(w http.ResponseWriter, r *http.Request, err error, form pages.UserForm) bool {
	return s.formFailed(w, r, err, &form.Problems, func() { s.renderUserForm(w, r, http.StatusUnprocessableEntity, form) })
}

func (s *Server) renderUserForm(w http.ResponseWriter, r *http.Request, status int, form pages.UserForm) {
	departments, err := s.departments.All(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form.Departments = []components.Option{{Value: "", Label: i18n.T(r.Context(), "form.none")}}
	for _, d := range departments {
		id := strconv.FormatInt(d.ID, 10)
		form.Departments = append(form.Departments, components.Option{Value: id, Label: d.Name, Selected: id == form.DepartmentID})
	}
	s.renderPage(w, r, status, pages.UserEdit(s.frame(r), form))
}
