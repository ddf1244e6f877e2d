package server

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"

	"github.com/go-chi/chi/v5/middleware"
)

type ctxKey int

const (
	userKey ctxKey = iota
	requestInfoKey
	sessionKey
	rawBodyKey // the request body before limitBody
	unreadKey  // the signed-in user's unread notices, for the bell
)

// requestInfo is filled in as the request goes down the chain, for the access log.
type requestInfo struct {
	userID int64
}

// currentUser returns the signed-in user, or nil for anonymous requests.
func currentUser(r *http.Request) *portal.User {
	u, _ := r.Context().Value(userKey).(*portal.User)
	return u
}

// logRequests writes one structured log line per request, with its request id.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{}
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r.WithContext(context.WithValue(r.Context(), requestInfoKey, info)))
		s.log.Info("request",
			"method", r.Method, "path", loggedPath(r.URL.Path), "status", ww.Status(), "bytes", ww.BytesWritten(),
			"ms", time.Since(start).Milliseconds(), "request_id", middleware.GetReqID(r.Context()),
			"user_id", info.userID, "remote", r.RemoteAddr)
	})
}

// loggedPath hides the secret part of paths that carry a credential (calendar feed tokens),
// so the access log never holds one.
func loggedPath(p string) string {
	if strings.HasPrefix(p, "/calendar/") {
		return "/calendar/…"
	}
	return p
}

// recoverPanic turns a panic in a handler into a logged 500 page.
func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.serverError(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows scripts and styles from the portal itself only: no inline code.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// crossOriginProtection refuses state-changing requests that a browser marks as coming from
// another site (Sec-Fetch-Site, Origin), which is what CSRF needs.
func (s *Server) crossOriginProtection(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderProblem(w, r, http.StatusForbidden, "error.forbidden.title", "error.cross_origin")
	}))
	return cop.Handler(next)
}

// limitBody bounds the request body to n bytes. The innermost limitBody on a route wins: the
// app applies the default to every route, and an upload route applies its own larger limit
// in its group (a limit stacked on another could only lower it, so the unlimited body is kept
// in the context for the inner one to wrap afresh).
func limitBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, ok := r.Context().Value(rawBodyKey).(io.ReadCloser)
			if !ok {
				body = r.Body
				r = r.WithContext(context.WithValue(r.Context(), rawBodyKey, body))
			}
			r.Body = http.MaxBytesReader(w, body, n)
			next.ServeHTTP(w, r)
		})
	}
}

// Session keys.
const (
	sessionUserID      = "user_id"
	sessionAuthVersion = "auth_version"
	sessionFlash       = "flash"
	sessionSeen        = "seen" // Unix seconds of the session's last use, for the idle timeout
	langCookie         = "lang"
)

// A signed-in session ends after sessionIdleTimeout without a request (and in any case
// 12 hours after login or a password change, which renew the session). The time of use is
// stored again only when it is seenResolution old, so most requests do not write the session;
// the stored time is thus up to a minute early, and a session may end that much early, never
// late.
const (
	sessionIdleTimeout = 2 * time.Hour
	seenResolution     = time.Minute
)

// loadUser puts the session's user and the user's language into the request context. A
// session idle for longer than sessionIdleTimeout, or whose account was disabled, or whose
// password or role changed since it was made, is renewed as anonymous.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), sessionKey, true)
		lang := portal.LangZH
		if c, err := r.Cookie(langCookie); err == nil {
			lang = portal.ParseLang(c.Value)
		}
		if id := s.sessions.GetInt64(ctx, sessionUserID); id != 0 {
			now := s.sessionNow()
			idle := now.Sub(time.Unix(s.sessions.GetInt64(ctx, sessionSeen), 0))
			var u *portal.User
			var unread int
			var versions postgres.Versions
			var err error
			if idle <= sessionIdleTimeout {
				u, unread, versions, err = s.users.SignedIn(ctx, id)
			}
			switch {
			case err != nil && portal.ErrorCode(err) != portal.ENOTFOUND:
				s.serverError(w, r, err)
				return
			case u != nil && !u.Disabled && u.AuthVersion == s.sessions.GetInt(ctx, sessionAuthVersion):
				ctx = context.WithValue(context.WithValue(ctx, userKey, u), unreadKey, unread)
				ctx = postgres.WithVersions(ctx, versions)
				lang = u.Lang
				if info, ok := ctx.Value(requestInfoKey).(*requestInfo); ok {
					info.userID = u.ID
				}
				if idle >= seenResolution {
					s.sessions.Put(ctx, sessionSeen, now.Unix())
				}
			default:
				if err := s.sessions.RenewToken(ctx); err != nil {
					s.serverError(w, r, err)
					return
				}
				s.sessions.Remove(ctx, sessionUserID)
				s.sessions.Remove(ctx, sessionAuthVersion)
				s.sessions.Remove(ctx, sessionSeen)
			}
		}
		next.ServeHTTP(w, r.WithContext(i18n.WithLang(ctx, lang)))
	})
}

// allow lets through signed-in users with one of roles. Anonymous users are sent to the login
// page (and come back afterwards); others get 403.
func (s *Server) allow(roles ...portal.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := currentUser(r)
			if u == nil {
				target := "/login"
				if r.Method == http.MethodGet && r.URL.Path != "/" {
					target += "?next=" + url.QueryEscape(r.URL.RequestURI())
				}
				http.Redirect(w, r, target, http.StatusSeeOther)
				return
			}
			if !u.Is(roles...) {
				s.renderError(w, r, portal.Errorf(portal.EFORBIDDEN, "error.forbidden"))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// clientAddress is the address the request comes from, for the per-address login throttle and
// the audit log. It is the peer's, unless the peer is one of the trusted proxies: then it is
// the last address in X-Forwarded-For that is not a trusted proxy (each proxy appends the
// address it received the request from; the ones before could be made up by the client).
// Behind a proxy, the peer alone would be the proxy for everyone, and twenty failed logins
// by anyone would lock every user out.
func clientAddress(r *http.Request, trusted []netip.Prefix) string {
	host := peerHost(r)
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer, trusted) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	from := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a proxy would not write this: the hop that handed it over is the client
		}
		from = a
		if !isTrusted(a, trusted) {
			break
		}
	}
	return from.Unmap().String()
}

// fromTrustedProxy reports whether the request's peer is one of the trusted proxies, whose
// X-Forwarded-* headers are believed.
func fromTrustedProxy(r *http.Request, trusted []netip.Prefix) bool {
	peer, err := netip.ParseAddr(peerHost(r))
	return err == nil && isTrusted(peer, trusted)
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// peerHost is the address of the connection's other end, without its port.
func peerHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// refuseBadText answers 400 to a request whose path or query holds invalid UTF-8 or a NUL
// character, which no page expects and PostgreSQL refuses to compare with text (a 500 deep
// in a store otherwise). Form bodies get the same check in decodeForm.
func (s *Server) refuseBadText(next http.Handler) http.Handler {
	bad := func(v string) bool { return !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 }
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if bad(r.URL.Path) {
			s.renderError(w, r, portal.Errorf(portal.EINVALID, "error.bad_request", "path"))
			return
		}
		for name, values := range r.URL.Query() {
			for _, v := range append(values, name) {
				if bad(v) {
					s.renderError(w, r, portal.Errorf(portal.EINVALID, "error.bad_request", "query"))
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}
