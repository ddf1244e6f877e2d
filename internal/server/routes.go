package server

import (
	"net/http"

	"breakfast/internal/portal"
	"breakfast/web"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// maxBodyBytes bounds every request body; upload routes raise it for themselves.
const maxBodyBytes = 1 << 20

// routes lists every URL of the portal. Each role tier is one group, and allow is the one
// authorization check every route passes through.
func (s *Server) routes() http.Handler {
	root := chi.NewRouter()
	root.Use(middleware.RequestID, s.logRequests, s.recoverPanic, securityHeaders, s.crossOriginProtection)
	root.Get("/healthz", s.healthz)
	root.Handle("/static/*", web.StaticHandler())

	app := chi.NewRouter()
	app.Use(limitBody(maxBodyBytes), s.sessions.LoadAndSave, s.loadUser)
	app.NotFound(s.notFound)
	app.MethodNotAllowed(s.methodNotAllowed)

	// Anyone.
	app.Get("/login", s.loginPage)
	app.Post("/login", s.login)
	app.Post("/lang", s.switchLang)

	// Every signed-in account.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.Roles...))
		r.Get("/", s.home)
		r.Post("/logout", s.logout)
		r.Get("/account/password", s.passwordPage)
		r.Post("/account/password", s.changePassword)
	})

	// Administrators.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleAdmin))
		r.Get("/admin/users", s.listUsers)
		r.Get("/admin/users/print", s.printUsers)
		r.Get("/admin/users/new", s.newUserPage)
		r.Post("/admin/users/new", s.createUser)
		r.Get("/admin/users/{id}", s.editUserPage)
		r.Post("/admin/users/{id}", s.updateUser)
		r.Post("/admin/users/{id}/disable", s.disableUser)
		r.Post("/admin/users/{id}/enable", s.enableUser)
	})

	root.Mount("/", app)
	return root
}
