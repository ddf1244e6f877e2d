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
	app.Get("/register", s.registerPage)
	app.Post("/register", s.register)

	// Every signed-in account.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.Roles...))
		r.Get("/", s.home)
		r.Post("/logout", s.logout)
		r.Get("/account/password", s.passwordPage)
		r.Post("/account/password", s.changePassword)
	})

	// Entrepreneurs: their own enterprise, taken from the account, never from the URL.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleEntrepreneur))
		r.Get("/my/enterprise", s.myEnterprise)
		r.Get("/my/enterprise/edit", s.editMyEnterprisePage)
		r.Post("/my/enterprise/edit", s.updateMyEnterprise)
	})

	// Officials and administrators: the enterprise registry.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin))
		r.Get("/enterprises", s.listEnterprises)
		r.Get("/enterprises/new", s.newEnterprisePage)
		r.Post("/enterprises/new", s.createEnterprise)
		r.Get("/enterprises/review", s.reviewQueue)
		r.Get("/enterprises/{id}", s.showEnterprise)
		r.Get("/enterprises/{id}/edit", s.editEnterprisePage)
		r.Post("/enterprises/{id}/edit", s.updateEnterprise)
		r.Post("/enterprises/{id}/verify", s.verifyEnterprise)
		r.Post("/enterprises/{id}/reject", s.rejectEnterprise)
	})

	// Officials and administrators: reference data.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin))
		r.Get("/chains", s.listChains)
		r.Get("/chains/new", s.newChainPage)
		r.Post("/chains/new", s.createChain)
		r.Get("/chains/{id}", s.editChainPage)
		r.Post("/chains/{id}", s.updateChain)
		r.Post("/chains/{id}/active", s.setChainActive)
		r.Get("/departments", s.listDepartments)
		r.Get("/departments/new", s.newDepartmentPage)
		r.Post("/departments/new", s.createDepartment)
		r.Get("/departments/{id}", s.editDepartmentPage)
		r.Post("/departments/{id}", s.updateDepartment)
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
