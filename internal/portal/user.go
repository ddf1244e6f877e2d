package portal

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Role says what an account may do.
type Role string

// The four roles of the portal.
const (
	RoleAdmin        Role = "admin"        // runs the portal: accounts, reference data
	RoleOfficial     Role = "official"     // government side: meetings, triage, supervision
	RoleDepartment   Role = "department"   // staff of one responsible department
	RoleEntrepreneur Role = "entrepreneur" // belongs to one enterprise
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleOfficial, RoleDepartment, RoleEntrepreneur}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Lang is a user interface language.
type Lang string

// Supported languages; Chinese is the default.
const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// ParseLang returns the language named by s, falling back to Chinese.
func ParseLang(s string) Lang {
	if strings.HasPrefix(strings.ToLower(s), "en") {
		return LangEN
	}
	return LangZH
}

// User is an account of the portal.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Role         Role
	DepartmentID *int64
	Department   string // department name, for display
	EnterpriseID *int64 // set for entrepreneurs
	Lang         Lang
	Disabled     bool
	AuthVersion  int
	CreatedAt    time.Time
}

// Is reports whether the user has one of the roles.
func (u *User) Is(roles ...Role) bool {
	if u == nil {
		return false
	}
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}

// UserInput is what an admin enters to create or change an account. Password is only used
// when creating.
type UserInput struct {
	Username     string
	DisplayName  string
	Role         Role
	DepartmentID *int64
	EnterpriseID *int64
	Password     string
}

var usernamePattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{2,31}$`)

// Normalize trims surrounding white space and lower-cases the username.
func (in *UserInput) Normalize() {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
}

// Validate checks the input; creating also checks the password.
func (in UserInput) Validate(creating bool) error {
	p := Problems{}
	if !usernamePattern.MatchString(in.Username) {
		p.Add("username", "user.username_invalid")
	}
	if n := utf8.RuneCountInString(in.DisplayName); n == 0 {
		p.Add("display_name", "field.required")
	} else if n > 50 {
		p.Add("display_name", "field.too_long")
	}
	if !in.Role.Valid() {
		p.Add("role", "user.role_invalid")
	}
	if in.Role == RoleDepartment && in.DepartmentID == nil {
		p.Add("department_id", "user.department_required")
	}
	if in.Role == RoleEntrepreneur && in.EnterpriseID == nil {
		p.Add("enterprise_uscc", "user.enterprise_required")
	}
	if creating {
		if key := PasswordProblem(in.Password); key != "" {
			p.Add("password", key)
		}
	}
	return p.Err()
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 8

// PasswordProblem returns the catalog key of what is wrong with a new password, or "".
func PasswordProblem(pw string) string {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return "password.too_short"
	}
	if len(pw) > 72 { // bcrypt ignores what follows the 72nd byte
		return "password.too_long"
	}
	var letter, digit bool
	for _, r := range pw {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			letter = true
		}
	}
	if !letter || !digit {
		return "password.too_simple"
	}
	return ""
}

// PasswordCost is the bcrypt cost: about 60 ms a hash on the target machine. Tests lower it
// (in TestMain, before anything runs) because they log in hundreds of times under -race; every
// hash records its own cost, so existing hashes keep working whatever the value.
var PasswordCost = 10

// HashPassword returns the bcrypt hash of pw.
func HashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), PasswordCost)
	return string(h), err
}

// PasswordMatches reports whether pw is the password behind hash.
func PasswordMatches(hash, pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}
