package server

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"breakfast/internal/i18n"
	"breakfast/web/layouts"

	"github.com/a-h/templ"
)

// pageBuffers are the buffers pages are rendered into, reused: a list page is 30–60 KB, and
// growing a new buffer to that size for each view was a third of the memory a view allocated.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer is the largest buffer kept for reuse; a rare huge page does not stay in memory.
const maxPooledBuffer = 1 << 20

// renderPage renders c into a buffer first, so a failing template becomes a clean 500 page
// rather than half a page.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			pageBuffers.Put(buf)
		}
	}()
	if err := c.Render(r.Context(), buf); err != nil {
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
	// The length is known: the page goes out in one piece rather than chunked, which took a
	// write more per view.
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
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
