package server

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/sheet"
	"breakfast/web/pages"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// What the audit log keeps of a request. Values are cut so a pasted essay or a hostile client
// cannot bloat the log.
const (
	auditMaxFields    = 40
	auditMaxValue     = 200 // characters of one form value
	auditMaxUserAgent = 300
	auditRedacted     = "[redacted]"
)

// auditSkipped are the state-changing routes the audit middleware leaves alone: logins and
// logouts are recorded by their handlers (the user changes during the request, and failed
// logins matter too), and switching the interface language changes nothing worth auditing.
var auditSkipped = []string{"/login", "/logout", "/lang"}

// auditedRead reports whether a GET of pattern hands data out of the portal — an export, a
// print page, a server-made document, a downloaded file — and so belongs in the audit log.
// This is the one list of such routes; calendar files (.ics) are left out, because calendar
// applications poll the private feed all day.
func auditedRead(pattern string) bool {
	last := pattern[strings.LastIndex(pattern, "/")+1:]
	switch {
	case strings.HasSuffix(last, ".pdf"), strings.HasSuffix(last, ".xlsx"), strings.HasSuffix(last, ".csv"),
		strings.HasSuffix(last, ".{ext}"):
		return true // files: exports, server-made PDFs and spreadsheets
	case last == "print" && pattern != "/meetings/{id}/print":
		return true // print pages (the meeting's print set-up page only links to them)
	case strings.HasPrefix(pattern, "/meetings/{id}/print/"):
		return true // the meeting's printed documents, as page or file
	case strings.Contains(pattern, "/attachments/"):
		return true // downloaded attachments
	case pattern == "/dashboard/bulletin":
		return true // the monthly bulletin's print page
	}
	return false
}

// audited reports whether a request of method to the route pattern is recorded by
// auditRequests when it succeeds.
func audited(method, pattern string) bool {
	if pattern == "" || slices.Contains(auditSkipped, pattern) {
		return false
	}
	if method == http.MethodGet || method == http.MethodHead {
		return auditedRead(pattern)
	}
	return true
}

// auditRequests writes one audit row, after the handler, for every request that changed state
// (every non-GET route) or handed data out (auditedRead) and succeeded (2xx or 3xx). Failed
// requests — invalid forms (422), refusals (403, 404, 409) — changed nothing and leave no row.
// The row names the route pattern as action, the route's first URL parameter as object, the
// form's fields (secrets redacted) as detail, and the client's address and user agent.
func (s *Server) auditRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		rctx := chi.RouteContext(r.Context())
		if rctx == nil {
			return
		}
		pattern := rctx.RoutePattern()
		if !audited(r.Method, pattern) {
			return
		}
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		if status < 200 || status >= 400 {
			return
		}
		location := ww.Header().Get("Location")
		u := currentUser(r)
		if u == nil && strings.HasPrefix(location, "/login") {
			return // an anonymous request sent to log in by allow: nothing happened
		}
		if u == nil {
			// A request that signed someone in (registration): the row names the new account.
			if id := s.sessions.GetInt64(r.Context(), sessionUserID); id != 0 {
				if nu, err := s.users.ByID(r.Context(), id); err == nil {
					u = nu
				}
			}
		}
		e := portal.AuditEntry{Action: r.Method + " " + pattern, Status: status, Detail: map[string]string{}}
		auditObject(&e, pattern, rctx.URLParams, location, u)
		auditForm(e.Detail, r)
		s.recordAudit(r, u, e)
	})
}

// recordAudit completes e with who (u, nil when anonymous) and from where, and appends it to
// the log. A failure is logged, never shown: the user's request has already been answered.
func (s *Server) recordAudit(r *http.Request, u *portal.User, e portal.AuditEntry) {
	if u != nil {
		id := u.ID
		e.UserID, e.Username, e.Role = &id, u.Username, u.Role
	}
	e.IP = clientAddress(r, s.trustedProxies)
	e.UserAgent = capText(r.UserAgent(), auditMaxUserAgent)
	// The row must be written even when the client has gone away after its answer; the request's
	// values stay, its cancellation does not.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
	defer cancel()
	if err := s.audit.Record(ctx, e); err != nil {
		s.log.Error("audit log: cannot record", "err", err, "action", e.Action,
			"request_id", middleware.GetReqID(r.Context()))
	}
}

// recordLogin records a login event of u (a failed login has no account: username is what was
// typed) with reason, the catalog key of why it failed.
func (s *Server) recordLogin(r *http.Request, action string, u *portal.User, username string, status int, reason string) {
	e := portal.AuditEntry{Action: action, Status: status, Username: strings.ToLower(strings.TrimSpace(username)),
		ObjectType: "users", Detail: map[string]string{}}
	if u != nil {
		e.ObjectID = strconv.FormatInt(u.ID, 10)
	}
	if reason != "" {
		e.Detail["reason"] = reason
	}
	s.recordAudit(r, u, e)
}

// createdID finds the id of a created object in the redirect after a POST ("/meetings/12").
var createdID = regexp.MustCompile(`^/([a-z_-]+)/(\d+)(?:[/?#]|$)`)

// auditObject sets e's object from the route: the resource named before the pattern's first URL
// parameter, and that parameter's value; further parameters go to the detail. Routes of an
// entrepreneur's own enterprise (/my/enterprise…) name it; a create that redirects to the new
// object's page names that.
func auditObject(e *portal.AuditEntry, pattern string, params chi.RouteParams, location string, u *portal.User) {
	segments := strings.Split(strings.Trim(pattern, "/"), "/")
	first := -1
	for i, seg := range segments {
		if strings.Contains(seg, "{") {
			first = i
			break
		}
	}
	switch {
	case first > 0:
		e.ObjectType = segments[first-1]
	case first < 0:
		for _, seg := range segments {
			if seg != "my" && seg != "admin" {
				e.ObjectType, _, _ = strings.Cut(seg, ".")
				break
			}
		}
	}
	firstParam := true
	for i, key := range params.Keys {
		if key == "*" || i >= len(params.Values) {
			continue
		}
		if firstParam && first >= 0 {
			e.ObjectID, firstParam = params.Values[i], false
			continue
		}
		e.Detail["url:"+key] = capText(params.Values[i], auditMaxValue)
	}
	if strings.HasPrefix(pattern, "/my/enterprise") && u != nil && u.EnterpriseID != nil {
		e.ObjectType, e.ObjectID = "enterprises", strconv.FormatInt(*u.EnterpriseID, 10)
	}
	if e.ObjectID == "" {
		if m := createdID.FindStringSubmatch(location); m != nil && m[1] == e.ObjectType {
			e.ObjectID = m[2]
		}
	}
}

// auditForm adds the request's form fields to detail: the posted form for a POST, the query
// (an export's filters) for a GET, and the names of uploaded files. Fields whose name says they
// hold a secret keep only their name.
func auditForm(detail map[string]string, r *http.Request) {
	values := r.PostForm
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		values = r.URL.Query()
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if len(detail) >= auditMaxFields {
			detail["…"] = strconv.Itoa(len(names)) + " fields"
			return
		}
		if secretField(name) {
			detail[name] = auditRedacted
			continue
		}
		detail[capText(name, 64)] = capText(strings.Join(values[name], ", "), auditMaxValue)
	}
	if r.MultipartForm != nil {
		for name, files := range r.MultipartForm.File {
			var list []string
			for _, f := range files {
				list = append(list, f.Filename)
			}
			detail["file:"+capText(name, 64)] = capText(strings.Join(list, ", "), auditMaxValue)
		}
	}
}

// secretField reports whether a form field's name says it holds a credential.
func secretField(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"password", "token", "secret", "csrf"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// capText returns s cut to at most n characters, marked with "…" when cut.
func capText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// auditActions lists the actions the log can hold for the filter: the login events and every
// audited route of router, in route order.
func auditActions(router chi.Routes) (actions, objectTypes []string) {
	actions = []string{portal.AuditLogin, portal.AuditLoginFailed, portal.AuditLogout}
	types := map[string]bool{"users": true}
	_ = chi.Walk(router, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.TrimSuffix(strings.ReplaceAll(route, "/*/", "/"), "/*")
		if !audited(method, route) {
			return nil
		}
		actions = append(actions, method+" "+route)
		var e portal.AuditEntry
		e.Detail = map[string]string{}
		auditObject(&e, route, chi.RouteParams{}, "", nil)
		if e.ObjectType != "" {
			types[e.ObjectType] = true
		}
		return nil
	})
	if slices.ContainsFunc(actions, func(a string) bool { return strings.Contains(a, " /my/enterprise") }) {
		types["enterprises"] = true
	}
	for t := range types {
		objectTypes = append(objectTypes, t)
	}
	sort.Strings(objectTypes)
	return actions, objectTypes
}

// auditFilter reads the audit page's filter from the query. Dates are days in China time, both
// ends included; a date that does not parse is a problem on its field.
func auditFilter(r *http.Request) (postgres.AuditFilter, pages.AuditFilterForm, portal.Problems, error) {
	var form pages.AuditFilterForm
	problems, err := decodeForm(r, &form)
	if err != nil {
		return postgres.AuditFilter{}, form, nil, err
	}
	f := postgres.AuditFilter{Username: form.User, Action: form.Action, ObjectType: form.ObjectType,
		ObjectID: form.ObjectID}
	f.After, _ = strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	if v := strings.TrimSpace(form.From); v != "" {
		if d, err := time.ParseInLocation("2006-01-02", v, portal.CST); err == nil {
			f.From = &d
		} else {
			problems.Add("from", "audit.bad_date")
		}
	}
	if v := strings.TrimSpace(form.To); v != "" {
		if d, err := time.ParseInLocation("2006-01-02", v, portal.CST); err == nil {
			next := d.AddDate(0, 0, 1)
			f.Until = &next
		} else {
			problems.Add("to", "audit.bad_date")
		}
	}
	return f, form, problems, nil
}

// auditLog is the administrators' audit log page: filters, newest first, keyset pages.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	f, form, problems, err := auditFilter(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	page := pages.AuditPage{Form: form, Actions: s.auditActions, ObjectTypes: s.auditObjectTypes,
		OnFirst: f.After == 0, FirstHref: pageHref(r, "after", "")}
	export := pageHref(r, "after", "")
	page.ExportHref = "/admin/audit/export.csv" + strings.TrimPrefix(export, r.URL.Path)
	status := http.StatusOK
	if len(problems) > 0 {
		page.Form.Problems, status = problems, http.StatusUnprocessableEntity
	} else {
		var more bool
		page.Entries, more, err = s.audit.List(r.Context(), f)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if more {
			page.NextHref = pageHref(r, "after", strconv.FormatInt(page.Entries[len(page.Entries)-1].ID, 10))
		}
	}
	s.renderPage(w, r, status, pages.Audit(s.frame(r), page))
}

// exportAuditCSV sends the filtered audit log as a CSV file, streamed from the database.
func (s *Server) exportAuditCSV(w http.ResponseWriter, r *http.Request) {
	f, _, problems, err := auditFilter(r)
	if err == nil {
		err = problems.Err()
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	date := s.now().In(portal.CST).Format("2006-01-02")
	out := &download{w: w, start: func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		attachment(w, "audit-log-"+date+".csv", "审计日志-"+date+".csv")
	}}
	t := func(key string, args ...any) string { return i18n.T(r.Context(), key, args...) }
	err = sheet.WriteAuditCSV(out, s.audit.All(r.Context(), f), t)
	switch {
	case err == nil:
	case !out.started:
		s.renderError(w, r, err)
	default:
		s.log.Error("audit export failed half-way", "err", err, "request_id", middleware.GetReqID(r.Context()))
		panic(http.ErrAbortHandler)
	}
}
