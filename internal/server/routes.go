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

// routes lists every URL of the portal, grouped by feature area. Every group names the roles it
// admits with allow, the one authorization check; what a role may see inside a route (its own
// enterprise, its own department) is the store's to enforce.
func (s *Server) routes() http.Handler {
	root := chi.NewRouter()
	root.Use(middleware.RequestID, s.logRequests, s.recoverPanic, securityHeaders, s.crossOriginProtection)
	root.Get("/healthz", s.healthz)
	root.Method(http.MethodGet, "/static/*", web.StaticHandler())

	app := chi.NewRouter()
	// auditRequests records, after the handler, what changed and what was handed out (audit.go).
	// refuseBadText answers 400 to invalid UTF-8 or NUL in the path or query (middleware.go).
	app.Use(limitBody(maxBodyBytes), s.sessions.LoadAndSave, s.loadUser, s.refuseBadText, s.auditRequests)
	app.NotFound(s.notFound)
	app.MethodNotAllowed(s.methodNotAllowed)

	// Anyone.
	app.Get("/login", s.loginPage)
	app.Post("/login", s.login)
	app.Post("/lang", s.switchLang)
	app.Get("/register", s.registerPage)
	app.Post("/register", s.register)
	// A private calendar feed: calendar applications cannot log in, so the token in the URL is
	// the credential (see calendarFeed).
	app.Get("/calendar/{token}.ics", s.calendarFeed)

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
		r.Get("/my/meetings", s.myMeetings)
		r.Get("/my/meetings/{id}", s.myMeeting)
		r.Post("/my/meetings/{id}/reply", s.replyInvitation)
		r.Post("/my/meetings/{id}/apply", s.applyMeeting)
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

	// Officials and administrators: importing the enterprise registry from Excel and exporting
	// it. The upload alone may send up to maxUploadBytes: its own limitBody replaces the app's.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin))
		r.Get("/enterprises/export.xlsx", s.exportEnterprisesXLSX)
		r.Get("/enterprises/export.csv", s.exportEnterprisesCSV)
		r.Get("/enterprises/import", s.importPage)
		r.With(limitBody(maxUploadBytes)).Post("/enterprises/import", s.uploadImport)
		r.Get("/enterprises/import/template.xlsx", s.importTemplate)
		r.Get("/enterprises/import/{id}", s.importPreview)
		r.Get("/enterprises/import/{id}/status", s.importStatus)
		r.Post("/enterprises/import/{id}/confirm", s.confirmImport)
	})

	// Officials and administrators: breakfast meetings.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin))
		r.Get("/meetings", s.listMeetings)
		r.Get("/meetings/new", s.newMeetingPage)
		r.Post("/meetings/new", s.createMeeting)
		r.Get("/meetings/{id}", s.showMeeting)
		r.Get("/meetings/{id}/edit", s.editMeetingPage)
		r.Post("/meetings/{id}/edit", s.updateMeeting)
		r.Post("/meetings/{id}/transition", s.transitionMeeting)
		r.Post("/meetings/{id}/next", s.scheduleNext)
	})

	// Officials and administrators: the meetings calendar and their private calendar feed.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin))
		r.Get("/meetings/calendar", s.calendarMonth)
		r.Get("/meetings/{id}/meeting.ics", s.meetingICS)
		r.Get("/account/calendar", s.calendarFeedPage)
		r.Post("/account/calendar/regenerate", s.regenerateCalendarFeed)
	})

	// Meeting staff (officials and administrators): check-in at the door and the minutes.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin))
		r.Get("/meetings/{id}/checkin", s.checkinPage)
		r.Post("/meetings/{id}/checkin/code", s.checkinByCode)
		r.Post("/meetings/{id}/checkin/walk-in", s.addWalkIn)
		r.Post("/meetings/{id}/checkin/{attendeeID}", s.checkIn)
		r.Get("/meetings/{id}/minutes", s.minutesPage)
		r.Post("/meetings/{id}/minutes", s.saveMinutes)
	})

	// Meeting staff (officials and administrators): printing the attendee list, the sign-in
	// sheet and the name cards (print page, or {doc}.pdf, .xlsx, .csv), and assigning seats.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin))
		r.Get("/meetings/{id}/print", s.printSetup)
		r.Post("/meetings/{id}/print/seats", s.saveSeats)
		r.Get("/meetings/{id}/print/{doc}", s.printDocument)
	})

	// Officials and administrators: a meeting's demand list (问题清单) on screen, as a print
	// page and as PDF, Excel and CSV files.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin))
		r.Get("/meetings/{id}/demands", s.meetingDemands)
		r.Get("/meetings/{id}/demands/print", s.meetingDemandsPrint)
		r.Get("/meetings/{id}/demands.{ext}", s.meetingDemandsFile)
	})

	// Entrepreneurs: a meeting their own enterprise is invited to, as a calendar file.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleEntrepreneur))
		r.Get("/my/meetings/{id}/meeting.ics", s.myMeetingICS)
	})

	// Demands (诉求), every role: the demand page and its files. What each viewer may see is
	// decided by the store's queries (404 otherwise), not by this group.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.Roles...))
		r.Get("/demands/{id}", s.showDemand)
		r.Get("/demands/{id}/attachments/{attachmentID}", s.downloadDemandAttachment)
	})

	// Entrepreneurs: their enterprise's demands, submitting one with attachments (the upload
	// may send up to maxDemandBodyBytes: its own limitBody replaces the app's), rating answers.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleEntrepreneur))
		r.Get("/my/demands", s.myDemands)
		r.Get("/my/demands/new", s.newMyDemandPage)
		r.With(limitBody(maxDemandBodyBytes)).Post("/my/demands/new", s.createMyDemand)
		r.Post("/demands/{id}/rate", s.rateDemand)
	})

	// Officials and administrators: recording a demand an enterprise raised at a meeting.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin))
		r.Get("/demands/new", s.newDemandOnBehalfPage)
		r.With(limitBody(maxDemandBodyBytes)).Post("/demands/new", s.createDemandOnBehalf)
	})

	// Officials and administrators: the list of every demand, triage, supervision (督办),
	// extension decisions, closing unrated demands. Each POST carries the demand's version.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin))
		r.Get("/demands", s.listDemands)
		r.Get("/demands/export.xlsx", s.exportDemandsXLSX) // the list's rows with its filters, streamed
		r.Get("/demands/export.csv", s.exportDemandsCSV)
		r.Post("/demands/{id}/assign", s.assignDemand)
		r.Post("/demands/{id}/reassign", s.reassignDemand)
		r.Post("/demands/{id}/reject", s.rejectDemand)
		r.Post("/demands/{id}/merge", s.mergeDemand)
		r.Post("/demands/{id}/supervise", s.superviseDemand)
		r.Post("/demands/{id}/unsupervise", s.unsuperviseDemand)
		r.Post("/demands/{id}/extensions/{extensionID}/decide", s.decideExtension)
		r.Post("/demands/{id}/close-unrated", s.closeUnrated)
	})

	// Department staff: their department's inbox and the work on a demand it leads (start,
	// return, extension request, answer) or co-handles (progress notes). Which demand is
	// theirs is the store's and the domain's to say (404 or 403), not this group's.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleDepartment))
		r.Get("/inbox", s.inbox)
		r.Post("/demands/{id}/start", s.startDemand)
		r.Post("/demands/{id}/notes", s.addDemandNote)
		r.Post("/demands/{id}/return", s.returnDemand)
		r.Post("/demands/{id}/extensions", s.requestExtension)
		r.Post("/demands/{id}/answer", s.answerDemand)
	})

	// Officials and administrators: a meeting's invitations, waitlist and applications.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin))
		r.Get("/meetings/{id}/invitations", s.invitationsPage)
		r.Post("/meetings/{id}/invitations", s.invite)
		r.Post("/meetings/{id}/invitations/{invitationID}/accept", s.acceptApplication)
		r.Post("/meetings/{id}/invitations/{invitationID}/refuse", s.refuseApplication)
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

	// The supervision dashboard and the monthly bulletin (print page, .pdf, .xlsx): officials
	// and administrators see every department, department staff their own (the store enforces
	// it).
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleOfficial, portal.RoleAdmin, portal.RoleDepartment))
		r.Get("/dashboard", s.showDashboard)
		r.Get("/dashboard/bulletin", s.showBulletin(""))
		r.Get("/dashboard/bulletin.pdf", s.showBulletin("pdf"))
		r.Get("/dashboard/bulletin.xlsx", s.showBulletin("xlsx"))
	})

	// Administrators: the demand categories (add, rename, reorder, deactivate — never delete)
	// and the settings (the rating window).
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleAdmin))
		r.Get("/admin/categories", s.listCategories)
		r.Get("/admin/categories/new", s.newCategoryPage)
		r.Post("/admin/categories/new", s.createCategory)
		r.Get("/admin/categories/{id}", s.editCategoryPage)
		r.Post("/admin/categories/{id}", s.updateCategory)
		r.Post("/admin/categories/{id}/move", s.moveCategory)
		r.Post("/admin/categories/{id}/active", s.setCategoryActive)
		r.Get("/admin/settings", s.settingsPage)
		r.Post("/admin/settings", s.saveSettings)
	})

	// Notifications, every signed-in account: its own notices (opening one marks it read) and
	// its e-mail preferences. The store only ever touches the signed-in account's rows.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.Roles...))
		r.Get("/notifications", s.notificationsPage)
		r.Post("/notifications/read-all", s.readAllNotifications)
		r.Post("/notifications/{id}/read", s.openNotification)
		r.Get("/account/notifications", s.notificationPrefsPage)
		r.Post("/account/notifications", s.saveNotificationPrefs)
	})

	// Administrators: notification e-mails that failed, and retrying parked ones.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleAdmin))
		r.Get("/admin/outbox", s.outboxPage)
		r.Post("/admin/outbox/{id}/retry", s.retryOutbox)
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
		r.Get("/admin/calendar", s.workCalendar)
		r.Get("/admin/calendar/{year}", s.workCalendarYear)
		r.Post("/admin/calendar/{year}", s.saveWorkCalendarYear)
	})

	// Administrators: the audit log, read-only, and its CSV export.
	app.Group(func(r chi.Router) {
		r.Use(s.allow(portal.RoleAdmin))
		r.Get("/admin/audit", s.auditLog)
		r.Get("/admin/audit/export.csv", s.exportAuditCSV)
	})

	s.auditActions, s.auditObjectTypes = auditActions(app)
	root.Mount("/", app)
	return root
}
