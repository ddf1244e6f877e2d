package server

import (
	"net/http"
	"strings"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/web/pages"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if currentUser(r) != nil {
		redirect(w, r, "/")
		return
	}
	form := pages.LoginForm{Next: localPath(r.URL.Query().Get("next"), "")}
	if r.URL.Query().Has("logged_out") {
		s.flash(r, "login.logged_out")
	}
	s.renderPage(w, r, http.StatusOK, pages.Login(s.frame(r), form))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var form pages.LoginForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form.Next = localPath(form.Next, "")
	form.Username = strings.TrimSpace(form.Username)
	if form.Username == "" {
		problems.Add("username", "field.required")
	}
	if form.Password == "" {
		problems.Add("password", "field.required")
	}
	form.Problems = problems
	if len(problems) > 0 {
		s.renderPage(w, r, http.StatusUnprocessableEntity, pages.Login(s.frame(r), form))
		return
	}
	addr := clientAddress(r)
	if err := s.throttle.Check(r.Context(), form.Username, addr); err != nil {
		s.loginFailed(w, r, form, err, http.StatusTooManyRequests)
		return
	}
	u, err := s.users.Authenticate(r.Context(), form.Username, form.Password)
	if portal.ErrorCode(err) == portal.EUNAUTH {
		if err := s.throttle.Failed(r.Context(), form.Username, addr); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.loginFailed(w, r, form, err, http.StatusUnauthorized)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.throttle.Succeeded(r.Context(), form.Username); err != nil {
		s.serverError(w, r, err)
		return
	}
	// A new session id at login stops session fixation.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessionUserID, u.ID)
	s.sessions.Put(r.Context(), sessionAuthVersion, u.AuthVersion)
	setLangCookie(w, u.Lang)
	s.sessions.Put(r.Context(), sessionFlash, i18n.Text(u.Lang, "login.welcome", u.DisplayName))
	redirect(w, r, localPath(form.Next, "/"))
}

func (s *Server) loginFailed(w http.ResponseWriter, r *http.Request, form pages.LoginForm, err error, status int) {
	appErr, ok := err.(*portal.Error)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	form.Message, form.MessageArgs = appErr.Key, appErr.Args
	s.renderPage(w, r, status, pages.Login(s.frame(r), form))
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	redirect(w, r, "/login?logged_out=1")
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	var facts pages.HomeFacts
	var err error
	switch {
	case u.EnterpriseID != nil:
		facts.Enterprise, err = s.enterprises.ByID(r.Context(), *u.EnterpriseID)
	case u.Is(portal.RoleOfficial, portal.RoleAdmin):
		facts.PendingReviews, err = s.enterprises.PendingCount(r.Context())
	case u.Is(portal.RoleDepartment) && u.DepartmentID != nil:
		facts.Inbox, err = s.inboxCounts(r)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, pages.Home(s.frame(r), facts))
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) {
	s.renderPage(w, r, http.StatusOK, pages.ChangePassword(s.frame(r), pages.PasswordForm{}))
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	var form pages.PasswordForm
	if _, err := decodeForm(r, &form); err != nil {
		s.renderError(w, r, err)
		return
	}
	u := currentUser(r)
	version, err := s.users.ChangePassword(r.Context(), u.ID, form.OldPassword, form.NewPassword)
	if s.formFailed(w, r, err, &form.Problems, func() {
		s.renderPage(w, r, http.StatusUnprocessableEntity, pages.ChangePassword(s.frame(r), form))
	}) {
		return
	}
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessionAuthVersion, version)
	s.flash(r, "password.changed")
	redirect(w, r, "/")
}

// switchLang changes the interface language: the one named in the form, or the other one.
func (s *Server) switchLang(w http.ResponseWriter, r *http.Request) {
	lang := portal.ParseLang(r.PostFormValue("lang"))
	if r.PostFormValue("lang") == "" {
		lang = portal.LangEN
		if c, err := r.Cookie(langCookie); err == nil && portal.ParseLang(c.Value) == portal.LangEN {
			lang = portal.LangZH
		}
		if u := currentUser(r); u != nil {
			lang = portal.LangEN
			if u.Lang == portal.LangEN {
				lang = portal.LangZH
			}
		}
	}
	if u := currentUser(r); u != nil {
		if err := s.users.SetLang(r.Context(), u.ID, lang); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	setLangCookie(w, lang)
	redirect(w, r, localPath(r.PostFormValue("back"), "/"))
}

func setLangCookie(w http.ResponseWriter, lang portal.Lang) {
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(lang), Path: "/",
		MaxAge: int((365 * 24 * time.Hour).Seconds()), HttpOnly: true, SameSite: http.SameSiteLaxMode})
}
