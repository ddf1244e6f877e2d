package portal

import (
	"sort"
	"strings"
	"time"
)

// AuditEntry is one row of the audit log: who did what to which object, when, and from where.
// Rows are only ever added; the database refuses to change or remove them.
type AuditEntry struct {
	ID         int64
	At         time.Time
	UserID     *int64 // nil for anonymous requests (registration, a failed login)
	Username   string // as it was at the time; the name typed at a failed login
	Role       Role
	Action     string // "METHOD /route/{pattern}", or one of the Audit* events
	ObjectType string // the route's resource, e.g. "demands"; empty when none
	ObjectID   string
	Status     int               // HTTP status of the answer
	Detail     map[string]string // form fields (never secrets) and further URL parameters
	IP         string
	UserAgent  string
}

// Audit events that are not a route of their own.
const (
	AuditLogin       = "login"
	AuditLoginFailed = "login_failed"
	AuditLogout      = "logout"
)

// DetailText shows the entry's detail as "name=value" pairs in name order, for pages and files.
func (e AuditEntry) DetailText() string {
	names := make([]string, 0, len(e.Detail))
	for k := range e.Detail {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = k + "=" + e.Detail[k]
	}
	return strings.Join(parts, "; ")
}
