// Package server is the portal's HTTP face: routes, thin handlers, middleware, and the one
// place where errors become status codes and pages.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"sync"
	"time"

	"breakfast/internal/notify"
	"breakfast/internal/postgres"
	"breakfast/internal/printing"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Server holds what the handlers need. Build it with New; serve Handler().
type Server struct {
	log         *slog.Logger
	pool        *pgxpool.Pool
	sessions    *scs.SessionManager
	users       *postgres.UserStore
	departments *postgres.DepartmentStore
	chains      *postgres.ChainStore
	enterprises *postgres.EnterpriseStore
	meetings    *postgres.MeetingStore
	checkins    *postgres.CheckinStore
	invitations *postgres.InvitationStore
	throttle    *postgres.LoginThrottle
	// trustedProxies are Options.TrustedProxies (clientAddress).
	trustedProxies []netip.Prefix
	imports        *postgres.EnterpriseImportStore
	prints         *postgres.PrintStore
	// demandReports reads the officials' demand overviews (meeting demand lists, enterprise pages).
	demandReports *postgres.DemandReportStore
	demands       *postgres.DemandStore   // demands, their files and timeline; visibility in every query
	settings      *postgres.SettingsStore // settings an administrator changes (rating window)
	printer       *printing.Renderer      // writes the printed documents as PDF
	workdays      *postgres.WorkdayStore
	dashboards    *postgres.DashboardStore // the supervision dashboard and the monthly bulletin
	audit         *postgres.AuditStore     // the append-only audit log (audit.go)
	now           func() time.Time
	// sessionNow is the clock of the sessions' idle timeout: the wall clock, apart from the
	// business clock now that tests move to other days without wanting to be signed out.
	sessionNow func() time.Time
	// notifications are every account's notices and the e-mail outbox; notifier delivers the
	// outbox and writes the reminders and deadline notices (started in New when there is a mailer).
	notifications *postgres.NotificationStore
	notifier      *notify.Worker

	// auditActions and auditObjectTypes are the audit page's filter choices, taken from the
	// routes when the handler is built.
	auditActions, auditObjectTypes []string

	// background is the context of work that outlives its request (checking an uploaded
	// spreadsheet); Close cancels it and waits for the work to end.
	background     context.Context
	stopBackground context.CancelFunc
	jobs           sync.WaitGroup
	parseSlots     chan struct{} // bounds how many spreadsheets are checked at once
}

// Options are the settings of New that are not dependencies.
type Options struct {
	// SecureCookies marks the session cookie Secure; set it when the portal is served over TLS.
	SecureCookies bool
	// Mailer sends the notification e-mails (notify.SMTPMailer, or notify.LogMailer without
	// SMTP_URL). Without one no delivery worker runs: notices are still written and shown in
	// the portal, and their e-mails wait in the outbox.
	Mailer notify.Mailer
	// SiteURL is the portal's public address for links in e-mails, e.g. https://zqzc.example.gov.cn.
	SiteURL string
	// ReminderLead is how long before a meeting the reminder goes out; 0 means 24 hours.
	ReminderLead time.Duration
	// TrustedProxies are the reverse proxies in front of the portal (nginx, a load balancer).
	// A request from one of them is taken to come from the address its X-Forwarded-For names;
	// anyone else's X-Forwarded-For is ignored.
	TrustedProxies []netip.Prefix
}

// New returns a Server on pool. Call Close when done to stop the session clean-up.
func New(log *slog.Logger, pool *pgxpool.Pool, opts Options) *Server {
	s := &Server{
		log:            log,
		pool:           pool,
		users:          postgres.NewUserStore(pool),
		departments:    postgres.NewDepartmentStore(pool),
		chains:         postgres.NewChainStore(pool),
		enterprises:    postgres.NewEnterpriseStore(pool),
		meetings:       postgres.NewMeetingStore(pool),
		checkins:       postgres.NewCheckinStore(pool),
		invitations:    postgres.NewInvitationStore(pool),
		throttle:       postgres.NewLoginThrottle(pool),
		trustedProxies: opts.TrustedProxies,
		imports:        postgres.NewEnterpriseImportStore(pool),
		prints:         postgres.NewPrintStore(pool),
		demandReports:  postgres.NewDemandReportStore(pool),
		demands:        postgres.NewDemandStore(pool),
		settings:       postgres.NewSettingsStore(pool),
		printer:        printing.NewRenderer(),
		workdays:       postgres.NewWorkdayStore(pool),
		dashboards:     postgres.NewDashboardStore(pool),
		audit:          postgres.NewAuditStore(pool),
		now:            time.Now,
		sessionNow:     time.Now,
		parseSlots:     make(chan struct{}, 2),
	}
	s.background, s.stopBackground = context.WithCancel(context.Background())
	// pgxstore's own clean-up goroutine races with its StopCleanup (seen under -race), so the
	// server runs the clean-up itself with its other background work.
	s.sessions = scs.New()
	s.sessions.Store = pgxstore.NewWithCleanupInterval(pool, 0)
	s.sessions.Lifetime = 12 * time.Hour
	// The idle timeout is loadUser's (sessionIdleTimeout): scs's own would store the session
	// again on every request, a write per page view.
	s.sessions.Cookie.Name = "breakfast_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = opts.SecureCookies
	s.sessions.ErrorFunc = s.serverError
	s.goBackground("clean-up", s.cleanUp)
	s.notifications = postgres.NewNotificationStore(pool)
	s.notifier = &notify.Worker{Outbox: s.notifications, Mailer: opts.Mailer, Log: log, Site: opts.SiteURL,
		ReminderLead: opts.ReminderLead, Now: func() time.Time { return s.now() }}
	if opts.Mailer != nil {
		s.goBackground("notifications", s.notifier.Run)
	}
	return s
}

// cleanUp deletes expired sessions and imports' rows past postgres.ImportRetention every ten
// minutes until ctx ends.
func (s *Server) cleanUp(ctx context.Context) {
	tick := time.NewTicker(10 * time.Minute)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			s.cleanOnce(ctx)
		}
	}
}

func (s *Server) cleanOnce(ctx context.Context) {
	if _, err := postgres.DeleteExpiredSessions(ctx, s.pool); err != nil && ctx.Err() == nil {
		s.log.Warn("session clean-up", "err", err)
	}
	if _, err := s.imports.Purge(ctx, s.now().Add(-postgres.ImportRetention)); err != nil && ctx.Err() == nil {
		s.log.Warn("import clean-up", "err", err)
	}
}

// Close cancels the background work (imports being parsed, the clean-up) and waits for it
// to end.
func (s *Server) Close() {
	s.stopBackground()
	s.jobs.Wait()
	s.dashboards.Close()
}

// goBackground runs fn in its own goroutine with the server's background context, which is
// not tied to any request. A panic in fn is logged, not fatal. The returned channel is closed
// when fn has returned.
func (s *Server) goBackground(name string, fn func(ctx context.Context)) <-chan struct{} {
	done := make(chan struct{})
	s.jobs.Add(1)
	go func() {
		defer s.jobs.Done()
		defer close(done)
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("background job panicked", "job", name, "panic", v, "stack", string(debug.Stack()))
			}
		}()
		fn(s.background)
	}()
	return done
}

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
