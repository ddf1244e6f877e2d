// Package server is the portal's HTTP face: routes, thin handlers, middleware, and the one
// place where errors become status codes and pages.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"breakfast/internal/postgres"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Server holds what the handlers need. Build it with New; serve Handler().
type Server struct {
	log         *slog.Logger
	pool        *pgxpool.Pool
	sessions    *scs.SessionManager
	sessionDB   *pgxstore.PostgresStore
	users       *postgres.UserStore
	departments *postgres.DepartmentStore
	chains      *postgres.ChainStore
	enterprises *postgres.EnterpriseStore
	meetings    *postgres.MeetingStore
	throttle    *postgres.LoginThrottle
	now         func() time.Time
}

// Options are the settings of New that are not dependencies.
type Options struct {
	// SecureCookies marks the session cookie Secure; set it when the portal is served over TLS.
	SecureCookies bool
}

// New returns a Server on pool. Call Close when done to stop the session clean-up.
func New(log *slog.Logger, pool *pgxpool.Pool, opts Options) *Server {
	s := &Server{
		log:         log,
		pool:        pool,
		users:       postgres.NewUserStore(pool),
		departments: postgres.NewDepartmentStore(pool),
		chains:      postgres.NewChainStore(pool),
		enterprises: postgres.NewEnterpriseStore(pool),
		meetings:    postgres.NewMeetingStore(pool),
		throttle:    postgres.NewLoginThrottle(pool),
		now:         time.Now,
	}
	s.sessionDB = pgxstore.New(pool)
	s.sessions = scs.New()
	s.sessions.Store = s.sessionDB
	s.sessions.Lifetime = 12 * time.Hour
	s.sessions.IdleTimeout = 2 * time.Hour
	s.sessions.Cookie.Name = "breakfast_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = opts.SecureCookies
	s.sessions.ErrorFunc = s.serverError
	return s
}

// Close stops the background clean-up of expired sessions.
func (s *Server) Close() { s.sessionDB.StopCleanup() }

// Handler returns the portal's complete HTTP handler.
func (s *Server) Handler() http.Handler { return s.routes() }

// healthz answers 200 when the database answers within a second, 503 otherwise.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.pool.Ping(ctx); err != nil {
		s.log.Warn("healthz: database unreachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}
