package portal

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Field rules shared by every form of the portal.

// checkText records field.required or field.too_long (more than max characters) for value on
// field. The enterprise rules use it too.
func checkText(p Problems, field, value string, required bool, max int) {
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0 && required:
		p.Add(field, "field.required")
	case n > max:
		p.Add(field, "field.too_long")
	}
}

var (
	// A mainland mobile number; ValidMobile uses it too.
	mobilePattern = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	// A landline: a 3- or 4-digit area code starting with 0 (010, 0571), an optional hyphen,
	// a 7- or 8-digit number, and optionally an extension after "-" or "转".
	landlinePattern = regexp.MustCompile(`^0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(?:(?:-|转)[0-9]{1,6})?$`)
)

// ValidPhone reports whether s is a Chinese phone number: a mainland mobile number
// (13912345678) or a landline with its area code (0571-87010001, 057187010001, 010-62345678-123).
func ValidPhone(s string) bool {
	return mobilePattern.MatchString(s) || landlinePattern.MatchString(s)
}

// ValidMobile reports whether s is a mainland China mobile number (11 digits starting 13–19),
// optionally written with the +86 prefix.
func ValidMobile(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "+86"), "86-")
	return mobilePattern.MatchString(s)
}

// ValidEmail reports whether s is a plain e-mail address.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

// MaskMobile hides the middle four digits of a mobile number: 138****1234.
func MaskMobile(s string) string {
	if len(s) != 11 {
		return s
	}
	return s[:3] + "****" + s[7:]
}
