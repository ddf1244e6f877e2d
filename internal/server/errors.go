package server

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/web/pages"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgconn"
)

// renderError is the one place an error becomes a status code and a page (or, for a script
// asking for JSON, a JSON message: renderProblem). Application errors show their own
// message; anything else is logged with the request id and shown as a plain internal error.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	var appErr *portal.Error
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &appErr):
		status, title := statusOf(appErr.Code)
		if appErr.Code == portal.EUNAUTH {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		s.renderProblem(w, r, status, title, appErr.Key, appErr.Args...)
	case errors.As(err, &tooLarge):
		s.renderProblem(w, r, http.StatusRequestEntityTooLarge, "error.bad_request.title", "error.too_large")
	case databaseUnavailable(err):
		s.unavailable(w, r, err)
	default:
		s.serverError(w, r, err)
	}
}

func statusOf(code string) (int, string) {
	switch code {
	case portal.ENOTFOUND:
		return http.StatusNotFound, "error.not_found.title"
	case portal.EFORBIDDEN:
		return http.StatusForbidden, "error.forbidden.title"
	case portal.ECONFLICT:
		return http.StatusConflict, "error.conflict.title"
	case portal.EINVALID:
		return http.StatusBadRequest, "error.bad_request.title"
	case portal.ETHROTTLED:
		return http.StatusTooManyRequests, "error.throttled.title"
	default:
		return http.StatusInternalServerError, "error.internal.title"
	}
}

// databaseUnavailable reports whether err says the database cannot be reached right now — no
// connection could be made, the server is shutting down or starting up, or the connection
// broke under the query — rather than that the request or the code is wrong. Such a request
// may simply be tried again.
func databaseUnavailable(err error) bool {
	var connectErr *pgconn.ConnectError
	var pgErr *pgconn.PgError
	var netErr *net.OpError
	switch {
	case errors.As(err, &connectErr):
		return true
	case errors.As(err, &pgErr):
		// Class 08 is a connection exception; 57P01–57P03 are the server being shut down,
		// crashing or starting up.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	case errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	}
	return errors.As(err, &netErr)
}

// unavailable logs err and answers 503 with a page asking to try again shortly.
func (s *Server) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("database unreachable", "err", err, "request_id", middleware.GetReqID(r.Context()),
		"method", r.Method, "path", r.URL.Path)
	w.Header().Set("Retry-After", "5")
	s.renderProblem(w, r, http.StatusServiceUnavailable, "error.unavailable.title", "error.unavailable")
}

// serverError logs err and shows the internal-error page with the request id as reference. An
// error that only says the database is unreachable becomes the 503 page instead: the session
// middleware and loadUser report their errors here, and a database that is down or
// restarting is not a defect of the portal.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if databaseUnavailable(err) {
		s.unavailable(w, r, err)
		return
	}
	id := middleware.GetReqID(r.Context())
	s.log.Error("internal error", "err", err, "request_id", id, "method", r.Method, "path", r.URL.Path)
	s.renderProblem(w, r, http.StatusInternalServerError, "error.internal.title", "error.internal", id)
}

// renderProblem shows the error page with a catalog title and message; a request from a page's
// script that asks for JSON (the check-in page's) gets {"message": …} with the same status.
func (s *Server) renderProblem(w http.ResponseWriter, r *http.Request, status int, title, message string, args ...any) {
	text := i18n.T(r.Context(), message, args...)
	if wantsJSON(r) {
		writeJSON(w, status, struct {
			Message string `json:"message"`
		}{text})
		return
	}
	s.renderPage(w, r, status, pages.ErrorPage(s.frame(r), status, i18n.T(r.Context(), title), text))
}

// wantsJSON reports whether the request is a script's that takes a JSON answer.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, portal.Errorf(portal.ENOTFOUND, "error.not_found"))
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.renderProblem(w, r, http.StatusMethodNotAllowed, "error.bad_request.title", "error.method")
}
