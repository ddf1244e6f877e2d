// Package portal holds the domain of the breakfast-meeting portal: accounts, roles, and the
// rules that decide what may change. It does no I/O.
package portal

import (
	"errors"
	"fmt"
)

// Error codes of Error. The server maps each to an HTTP status in one place.
const (
	ECONFLICT  = "conflict"  // the change clashes with the current state
	EFORBIDDEN = "forbidden" // the actor may not do this
	EINTERNAL  = "internal"  // a fault the user cannot fix
	EINVALID   = "invalid"   // the input breaks a rule; Fields says which
	ENOTFOUND  = "not_found" // no such object, or not visible to the actor
	ETHROTTLED = "throttled" // too many attempts; try again later
	EUNAUTH    = "unauthenticated"
)

// Error is the one application error type. Key names a message in the i18n catalog (with Args
// for its verbs) so the user reads it in their own language; Fields maps form fields to catalog
// keys for EINVALID.
type Error struct {
	Code   string
	Key    string
	Args   []any
	Fields map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("portal: %s: %s %v", e.Code, e.Key, e.Fields)
	}
	return fmt.Sprintf("portal: %s: %s", e.Code, e.Key)
}

// Errorf returns an *Error with the given code and catalog key.
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// ErrorCode returns the code of an *Error in err's chain, or EINTERNAL for anything else.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// Problems collects field validation failures: field name → catalog key.
type Problems map[string]string

// Add records key for field unless the field already has a problem (the first one wins).
func (p Problems) Add(field, key string) {
	if _, ok := p[field]; !ok {
		p[field] = key
	}
}

// Err returns an EINVALID *Error carrying the problems, or nil when there are none.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Key: "error.invalid", Fields: p}
}
