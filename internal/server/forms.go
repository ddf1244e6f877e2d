package server

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"breakfast/internal/portal"

	"github.com/go-chi/chi/v5"
)

// decodeForm is the one form decoder of the portal. It fills the fields of the struct dst
// points to from the request's form values by their `form:"name"` tags. Supported field types:
// string, bool (a checkbox), int, int64, *int64 (empty is nil) and their slices for repeated
// values. Values that do not parse are reported as problems on their field; a body that
// cannot be read at all (too large, not a form, not UTF-8, a NUL character) is an error.
func decodeForm(r *http.Request, dst any) (portal.Problems, error) {
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, err
		}
		return nil, portal.Errorf(portal.EINVALID, "error.bad_request", "form")
	}
	v := reflect.ValueOf(dst).Elem()
	t := v.Type()
	problems := portal.Problems{}
	for i := 0; i < t.NumField(); i++ {
		name := t.Field(i).Tag.Get("form")
		if name == "" {
			continue
		}
		values := r.PostForm[name]
		if r.Method == http.MethodGet {
			values = r.Form[name]
		}
		for _, s := range values {
			// PostgreSQL stores no NUL character in text: refuse it here, not as a 500 there.
			if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
				return nil, portal.Errorf(portal.EINVALID, "error.bad_request", name)
			}
		}
		if err := setField(v.Field(i), values); err != nil {
			problems.Add(name, "field.bad_number")
		}
	}
	return problems, nil
}

var int64PtrType = reflect.TypeOf((*int64)(nil))

func setField(f reflect.Value, values []string) error {
	first := ""
	if len(values) > 0 {
		first = strings.TrimSpace(values[0])
	}
	switch {
	case f.Kind() == reflect.String:
		if len(values) > 0 {
			f.SetString(values[0])
		}
	case f.Kind() == reflect.Bool:
		f.SetBool(first == "on" || first == "true" || first == "1")
	case f.Kind() == reflect.Int || f.Kind() == reflect.Int64:
		if first == "" {
			return nil
		}
		n, err := strconv.ParseInt(first, 10, 64)
		if err != nil {
			return err
		}
		f.SetInt(n)
	case f.Type() == int64PtrType:
		if first == "" {
			return nil
		}
		n, err := strconv.ParseInt(first, 10, 64)
		if err != nil {
			return err
		}
		f.Set(reflect.ValueOf(&n))
	case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
		f.Set(reflect.ValueOf(append([]string(nil), values...)))
	case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.Int64:
		ids := make([]int64, 0, len(values))
		for _, s := range values {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return err
			}
			ids = append(ids, n)
		}
		f.Set(reflect.ValueOf(ids))
	default:
		panic(fmt.Sprintf("decodeForm: unsupported field type %s", f.Type()))
	}
	return nil
}

// pathID returns the positive integer URL parameter name, or ENOTFOUND.
func pathID(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || n <= 0 {
		return 0, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return n, nil
}

// formFailed handles the error of saving a form and reports whether there was one. Invalid
// input adds its problems to *problems and calls rerender, which shows the form again with
// 422 and every typed value kept; any other error goes to renderError.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, err error, problems *portal.Problems, rerender func()) bool {
	if err == nil {
		return false
	}
	var appErr *portal.Error
	if errors.As(err, &appErr) && appErr.Code == portal.EINVALID && len(appErr.Fields) > 0 {
		if *problems == nil {
			*problems = portal.Problems{}
		}
		for field, key := range appErr.Fields {
			problems.Add(field, key)
		}
		rerender()
		return true
	}
	s.renderError(w, r, err)
	return true
}

// dayRange reads a period typed in two date fields, from and to (2026-11-23: days in China),
// as the start of its first day and the start of the day after its last. An empty field
// leaves its end open (nil). A date that does not parse, or a last day before the first, is a
// problem on its field and leaves that end open (both, for a reversed period).
func dayRange(from, to string, problems portal.Problems) (start, end *time.Time) {
	day := func(field, s string) *time.Time {
		if s = strings.TrimSpace(s); s == "" {
			return nil
		}
		t, err := time.ParseInLocation(time.DateOnly, s, portal.CST)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			problems.Add(field, "field.date_invalid")
			return nil
		}
		return &t
	}
	start, last := day("from", from), day("to", to)
	if start != nil && last != nil && last.Before(*start) {
		problems.Add("to", "field.range_invalid")
		return nil, nil
	}
	if last != nil {
		next := last.AddDate(0, 0, 1)
		end = &next
	}
	return start, end
}
