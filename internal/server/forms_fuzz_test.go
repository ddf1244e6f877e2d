package server

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"breakfast/internal/portal"
	"breakfast/web/pages"
)

// fuzzedForms is every struct the portal decodes forms into. TestEveryFormIsFuzzed keeps the
// list complete for the named ones; the anonymous ones of the handlers are copied here.
func fuzzedForms() []any {
	return []any{
		&pages.LoginForm{}, &pages.PasswordForm{}, &pages.RegisterForm{}, &pages.EnterpriseForm{}, &pages.RejectForm{},
		&pages.MeetingForm{}, &pages.CancelForm{}, &pages.ReplyForm{}, &pages.RefuseForm{}, &pages.CheckinCodeForm{},
		&pages.WalkInForm{}, &pages.MinutesForm{}, &pages.SeatForm{}, &pages.ChainForm{}, &pages.DepartmentForm{},
		&pages.UserForm{}, &pages.WorkCalendarForm{}, &pages.DashboardForm{}, &pages.RateForm{}, &pages.DemandForm{},
		&pages.AssignForm{}, &pages.NoteForm{}, &pages.MergeForm{}, &pages.ExtensionForm{},
		&pages.NoticePrefsForm{}, // notifications
		&pages.AuditFilterForm{}, // audit log
		// demand categories, settings
		&pages.CategoryForm{}, &pages.SettingsForm{},
		&pages.InvitePicker{}, // the invitations page's picker (a GET form)
		// transitionMeeting, setChainActive, checkinPage, invite, moveCategory.
		&struct {
			Action  string `form:"action"`
			Version int    `form:"version"`
			Reason  string `form:"reason"`
		}{},
		&struct {
			Active bool `form:"active"`
		}{},
		&struct {
			Query string `form:"q"`
		}{},
		&struct {
			EnterpriseIDs []int64 `form:"enterprise_ids"`
		}{},
		&struct {
			Direction string `form:"direction"`
		}{},
	}
}

// FuzzDecodeForm posts arbitrary bodies (and queries) to decodeForm with every form struct.
// It may refuse a request, but only as too large (413) or as a bad request, never by
// panicking; what it accepts is valid UTF-8 and exactly what was sent; a value that does not
// parse is a problem on its own field, not an error.
func FuzzDecodeForm(f *testing.F) {
	for _, seed := range []struct {
		body string
		get  bool
	}{
		{"username=admin&password=secret123&next=%2Fmeetings", false},
		{"version=3&note=%E8%AF%B7%E5%8A%9E%E7%90%86&decision=approve", false},
		{"lead_department_id=2&co_department_ids=3&co_department_ids=&co_department_ids=4&priority=high&time_limit_days=10", false},
		{"name=%E6%98%9F%E9%80%94&chain_ids=1&chain_ids=x&contact_name=a&contact_name=b&contact_mobile=1", false},
		{"version=99999999999999999999&capacity=-1&meeting_id=0", false},
		{"meeting_id=&enterprise_id=+12+&confidential=on&active=true", false},
		{"title=%FF%FE&description=ok", false},
		{"a=%zz&&==&%", false},
		{"q=%27%20OR%201%3D1--&sort=name;DROP TABLE users", true},
		{"from=2026-13-45&to=0000-00-00&dir=asc", true},
		{strings.Repeat("note="+strings.Repeat("长", 300)+"&", 20), false},
	} {
		f.Add(seed.body, seed.get)
	}
	forms := fuzzedForms()
	f.Fuzz(func(t *testing.T, body string, get bool) {
		for _, form := range forms {
			dst := reflect.New(reflect.TypeOf(form).Elem())
			var r *http.Request
			if get {
				r = httptest.NewRequest(http.MethodGet, "/", nil)
				r.URL.RawQuery = body
			} else {
				r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 4096)
			}
			problems, err := decodeForm(r, dst.Interface())
			if err != nil {
				var tooLarge *http.MaxBytesError
				if !errors.As(err, &tooLarge) && portal.ErrorCode(err) != portal.EINVALID {
					t.Fatalf("%T: error %v is neither 413 nor a bad request", form, err)
				}
				if errors.As(err, &tooLarge) && len(body) <= 4096 {
					t.Fatalf("%T: %d bytes called too large", form, len(body))
				}
				continue
			}
			values := r.PostForm
			if get {
				values = r.Form
			}
			checkDecoded(t, dst.Elem(), values, problems)
		}
	})
}

// checkDecoded checks a decoded form struct against the values it was decoded from.
func checkDecoded(t *testing.T, v reflect.Value, values url.Values, problems portal.Problems) {
	t.Helper()
	for name := range problems {
		if problems[name] != "field.bad_number" {
			t.Fatalf("%s: problem %q", name, problems[name])
		}
	}
	for i := 0; i < v.NumField(); i++ {
		name := v.Type().Field(i).Tag.Get("form")
		if name == "" {
			continue
		}
		field, sent := v.Field(i), values[name]
		switch field.Kind() {
		case reflect.String:
			want := ""
			if len(sent) > 0 {
				want = sent[0]
			}
			if got := field.String(); got != want || !utf8.ValidString(got) {
				t.Fatalf("%s = %q, sent %q", name, got, sent)
			}
		case reflect.Slice:
			if field.Type().Elem().Kind() == reflect.String {
				if got := field.Interface().([]string); len(got) != len(sent) {
					t.Fatalf("%s = %q, sent %q", name, got, sent)
				}
			} else if _, bad := problems[name]; !bad {
				n := 0
				for _, s := range sent {
					if strings.TrimSpace(s) != "" {
						n++
					}
				}
				if field.Len() != n {
					t.Fatalf("%s: %d ids from %q", name, field.Len(), sent)
				}
			}
		case reflect.Int, reflect.Int64:
			if _, bad := problems[name]; !bad && field.Int() != 0 && len(sent) == 0 {
				t.Fatalf("%s = %d, nothing sent", name, field.Int())
			}
		}
	}
}

// TestEveryFormIsFuzzed fails when a struct with form tags is missing from fuzzedForms.
func TestEveryFormIsFuzzed(t *testing.T) {
	fuzzed := map[string]bool{}
	for _, f := range fuzzedForms() {
		fuzzed[reflect.TypeOf(f).Elem().Name()] = true
	}
	var missing []string
	for _, dir := range []string{"../../web/pages", "."} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(parsed, func(n ast.Node) bool {
				spec, ok := n.(*ast.TypeSpec)
				if !ok {
					return true
				}
				if st, ok := spec.Type.(*ast.StructType); ok && hasFormTag(st) && !fuzzed[spec.Name.Name] {
					missing = append(missing, spec.Name.Name+" ("+file+")")
				}
				return true
			})
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("form structs missing from fuzzedForms in forms_fuzz_test.go:\n%s", strings.Join(missing, "\n"))
	}
}

func hasFormTag(st *ast.StructType) bool {
	for _, f := range st.Fields.List {
		if f.Tag != nil && strings.Contains(f.Tag.Value, `form:"`) {
			return true
		}
	}
	return false
}
