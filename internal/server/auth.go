package server

import (
	"context"
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
	addr := clientAddress(r, s.trustedProxies)
	if err := s.throttle.Check(r.Context(), form.Username, addr); err != nil {
		s.recordLogin(r, portal.AuditLoginFailed, nil, form.Username, http.StatusTooManyRequests, "login.throttled")
		s.loginFailed(w, r, form, err, http.StatusTooManyRequests)
		return
	}
	u, err := s.users.Authenticate(r.Context(), form.Username, form.Password)
	if portal.ErrorCode(err) == portal.EUNAUTH {
		if err := s.throttle.Failed(r.Context(), form.Username, addr); err != nil {
			s.serverError(w, r, err)
			return
		}
		reason := "login.failed"
		if appErr, ok := err.(*portal.Error); ok {
			reason = appErr.Key
		}
		s.recordLogin(r, portal.AuditLoginFailed, nil, form.Username, http.StatusUnauthorized, reason)
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
	if err := s.signIn(r, u); err != nil {
		s.serverError(w, r, err)
		return
	}
	setLangCookie(w, u.Lang)
	s.sessions.Put(r.Context(), sessionFlash, i18n.Text(u.Lang, "login.welcome", u.DisplayName))
	s.recordLogin(r, portal.AuditLogin, u, u.Username, http.StatusSeeOther, "")
	redirect(w, r, localPath(form.Next, "/"))
}

// signIn makes the request's session u's, under a new session id (which stops session
// fixation).
func (s *Server) signIn(r *http.Request, u *portal.User) error {
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), sessionUserID, u.ID)
	s.sessions.Put(r.Context(), sessionAuthVersion, u.AuthVersion)
	s.sessions.Put(r.Context(), sessionSeen, s.sessionNow().Unix())
	return nil
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
	u := currentUser(r)
	s.recordLogin(r, portal.AuditLogout, u, u.Username, http.StatusSeeOther, "")
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	redirect(w, r, "/login?logged_out=1")
}

// endSessions deletes every stored session of the account id, so that an account that was
// disabled or whose role changed is signed out everywhere at once: its session rows are gone,
// not merely refused at their next request (loadUser does that too, by the auth version). It
// reads every live session, which is fine for a portal with hundreds of them.
func (s *Server) endSessions(ctx context.Context, id int64) error {
	return s.sessions.Iterate(ctx, func(ctx context.Context) error {
		if s.sessions.GetInt64(ctx, sessionUserID) != id {
			return nil
		}
		return s.sessions.Destroy(ctx)
	})
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
	var form struct {
		Lang string `form:"lang"`
		Back string `form:"back"`
	}
	if _, err := decodeForm(r, &form); err != nil {
		s.renderError(w, r, err) // too large (413) or unreadable (400)
		return
	}
	lang := portal.ParseLang(form.Lang)
	if form.Lang == "" {
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
	redirect(w, r, localPath(form.Back, "/"))
}

func setLangCookie(w http.ResponseWriter, lang portal.Lang) {
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(lang), Path: "/",
		MaxAge: int((365 * 24 * time.Hour).Seconds()), HttpOnly: true, SameSite: http.SameSiteLaxMode})
}
