package server

import (
	"net/http"
	"strconv"

	"breakfast/internal/i18n"
	"breakfast/internal/notify"
	"breakfast/web/pages"
)

// Notifications: every account's list of notices and its e-mail preferences, and the
// administrators' view of e-mails that failed. The notices themselves are written by the
// stores with the changes that cause them; the notify.Worker (started in New) mails them.

// notificationsPage lists the signed-in account's notices, newest first, rendered in its
// language; ?after= pages on.
func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	after := r.URL.Query().Get("after")
	page, err := s.notifications.List(r.Context(), u.ID, after, 30)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	lang := i18n.LangOf(r.Context())
	list := pages.NoticeList{FirstHref: "/notifications", OnFirst: after == ""}
	for _, n := range page.Notifications {
		msg := notify.Render(n.Kind, n.Data, lang)
		list.Items = append(list.Items, pages.NoticeItem{ID: n.ID, Subject: msg.Subject, Body: msg.Body, At: n.CreatedAt,
			Unread: n.ReadAt == nil})
	}
	if page.Next != "" {
		list.NextHref = "/notifications?after=" + page.Next
	}
	s.renderPage(w, r, http.StatusOK, pages.Notifications(s.frame(r), list))
}

// openNotification marks one of the account's notices read and goes where it leads (the
// meeting, the demand); another account's notice is 404.
func (s *Server) openNotification(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	link, err := s.notifications.MarkRead(r.Context(), currentUser(r).ID, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if r.PostFormValue("stay") != "" {
		link = "/notifications"
	}
	redirect(w, r, localPath(link, "/notifications"))
}

// readAllNotifications marks every notice of the account read.
func (s *Server) readAllNotifications(w http.ResponseWriter, r *http.Request) {
	if err := s.notifications.MarkAllRead(r.Context(), currentUser(r).ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(r, "notify.all_read_ok")
	redirect(w, r, "/notifications")
}

// notificationPrefsPage shows the account's e-mail address and, per kind of notice its role
// receives, whether it also comes by e-mail.
func (s *Server) notificationPrefsPage(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	kinds := notify.KindsFor(u.Role)
	prefs, err := s.notifications.Preferences(r.Context(), u.ID, kinds)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	form := pages.NoticePrefsForm{Email: prefs.Email}
	for _, k := range kinds {
		if prefs.EmailKinds[k] {
			form.EmailKinds = append(form.EmailKinds, string(k))
		}
	}
	s.renderPage(w, r, http.StatusOK, pages.NoticePrefs(s.frame(r), s.prefsOptions(r, form)))
}

// saveNotificationPrefs saves the e-mail address and the kinds ticked for e-mail; a bad
// address re-renders the form with 422.
func (s *Server) saveNotificationPrefs(w http.ResponseWriter, r *http.Request) {
	var form pages.NoticePrefsForm
	if _, err := decodeForm(r, &form); err != nil {
		s.renderError(w, r, err)
		return
	}
	u := currentUser(r)
	kinds := notify.KindsFor(u.Role)
	var on []notify.Kind
	for _, k := range form.EmailKinds {
		on = append(on, notify.Kind(k))
	}
	err := s.notifications.SavePreferences(r.Context(), u.ID, form.Email, kinds, on)
	if s.formFailed(w, r, err, &form.Problems, func() {
		s.renderPage(w, r, http.StatusUnprocessableEntity, pages.NoticePrefs(s.frame(r), s.prefsOptions(r, form)))
	}) {
		return
	}
	s.flash(r, "notify.prefs_saved")
	redirect(w, r, "/account/notifications")
}

// prefsOptions fills in the checkboxes of the form for the user's role, ticked as typed.
func (s *Server) prefsOptions(r *http.Request, form pages.NoticePrefsForm) pages.NoticePrefsForm {
	ticked := map[string]bool{}
	for _, k := range form.EmailKinds {
		ticked[k] = true
	}
	lang := i18n.LangOf(r.Context())
	form.Options = nil
	for _, k := range notify.KindsFor(currentUser(r).Role) {
		form.Options = append(form.Options, pages.NoticeKindOption{Kind: string(k), Label: notify.KindLabel(k, lang), On: ticked[string(k)]})
	}
	return form
}

// outboxPage shows administrators the e-mails that failed: parked ones and those waiting for
// another attempt.
func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request) {
	after := r.URL.Query().Get("after")
	page, err := s.notifications.Troubles(r.Context(), after, 50)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	lang := i18n.LangOf(r.Context())
	list := pages.OutboxList{FirstHref: "/admin/outbox", OnFirst: after == ""}
	for _, o := range page.Rows {
		list.Items = append(list.Items, pages.OutboxItem{ID: o.ID, Recipient: o.Username + " <" + o.Email + ">",
			Kind: notify.KindLabel(o.Kind, lang), Status: o.Status, Attempts: o.Attempts, LastError: o.LastError, At: o.CreatedAt})
	}
	if page.Next != "" {
		list.NextHref = "/admin/outbox?after=" + page.Next
	}
	s.renderPage(w, r, http.StatusOK, pages.Outbox(s.frame(r), list))
}

// retryOutbox puts a parked e-mail back in the queue.
func (s *Server) retryOutbox(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.notifications.Retry(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.flash(r, "notify.outbox_retried")
	redirect(w, r, "/admin/outbox#outbox-"+strconv.FormatInt(id, 10))
}
