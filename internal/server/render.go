package server

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"breakfast/internal/i18n"
	"breakfast/web/layouts"

	"github.com/a-h/templ"
)

// renderPage renders c into a buffer first, so a failing template becomes a clean 500 page
// rather than half a page.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		if status == http.StatusInternalServerError {
			// The error page itself failed: fall back to plain text rather than loop.
			http.Error(w, http.StatusText(status), status)
			return
		}
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// frame collects what the layout shows around every page. It takes the flash message, so the
// message shows once.
func (s *Server) frame(r *http.Request) layouts.Frame {
	f := layouts.Frame{User: currentUser(r), Path: r.URL.Path}
	if r.Context().Value(sessionKey) != nil {
		f.Flash = s.sessions.PopString(r.Context(), sessionFlash)
	}
	f.Unread, _ = r.Context().Value(unreadKey).(int) // counted with the user by loadUser
	return f
}

// flash stores a message, in the user's language, for the next page they see.
func (s *Server) flash(r *http.Request, key string, args ...any) {
	s.sessions.Put(r.Context(), sessionFlash, i18n.T(r.Context(), key, args...))
}

// redirect sends the browser to target with 303 See Other, the answer to a successful POST.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// localPath returns p if it is a path on this site, otherwise fallback; it keeps redirects
// after login or a language switch from leading to another site.
func localPath(p, fallback string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return fallback
	}
	u, err := url.Parse(p)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return fallback
	}
	return p
}
