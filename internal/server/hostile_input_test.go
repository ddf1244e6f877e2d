package server

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"

	"github.com/PuerkitoBio/goquery"
)

// The hostile input corpus: script and markup payloads through every field of every form the
// portal renders (found by parsing the pages, so a new field is covered without touching this
// file) and through the names of uploaded files and imported cells, rendered back inertly;
// SQL injection and nonsense in every query parameter, changing nothing; oversized bodies,
// invalid UTF-8 and impossible numbers, ids and dates answered with a 4xx, never a 500.

// xssPayloads try to break out of text, attributes and URLs.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`'><svg onload=alert(1)>`,
	`javascript:alert(1)`,
	`" autofocus onfocus="alert(1)`,
	`</textarea><script>alert(1)</script>`,
	`<a href="javascript:alert(1)">x</a>`,
	`<iframe src=javascript:alert(1)></iframe>`,
}

// badValues are what no field expects: huge and negative numbers, impossible dates, NUL,
// overlong text, SQL.
var badValues = []string{"-1", "99999999999999999999", "1e309", "2026-02-30", "9999-99-99", "\x00", strings.Repeat("长", 6000),
	"' OR '1'='1", "1; DROP TABLE users;--"}

// sqlPayloads go into every query parameter.
var sqlPayloads = []string{"' OR '1'='1", "1; DROP TABLE demands;--", "name DESC; SELECT pg_sleep(3)--",
	"1 UNION SELECT password_hash FROM users--", "-1", "99999999999999999999", "2026-02-30", "\xff\xfe", "%00", "../../etc/passwd"}

// liveMarkup reports what of a page could run a payload: an inline script, an event-handler
// attribute, a frame, or a javascript: URL. The portal has none of these of its own (its CSP
// forbids inline code), so any is a payload that came through unescaped.
func liveMarkup(doc *goquery.Document) []string {
	var found []string
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		node := s.Get(0)
		switch node.Data {
		case "script":
			if src, ok := s.Attr("src"); !ok || strings.HasPrefix(strings.ToLower(strings.TrimSpace(src)), "javascript:") {
				found = append(found, "inline <script>")
			}
		case "iframe", "frame", "object", "embed":
			found = append(found, "<"+node.Data+">")
		}
		for _, a := range node.Attr {
			name, value := strings.ToLower(a.Key), strings.ToLower(strings.TrimSpace(a.Val))
			if strings.HasPrefix(name, "on") {
				found = append(found, fmt.Sprintf("<%s %s=…>", node.Data, name))
			}
			if (name == "href" || name == "src" || name == "action" || name == "formaction" || name == "xlink:href") &&
				strings.HasPrefix(strings.Join(strings.Fields(value), ""), "javascript:") {
				found = append(found, fmt.Sprintf("<%s %s=javascript:…>", node.Data, name))
			}
		}
	})
	return found
}

// hostile is one test's portal with the access matrix's fixture and the tallies of the
// corpus.
type hostile struct {
	t        *testing.T
	e        *env
	f        *matrixFixture
	requests int
	errors   int
	fields   map[string]bool // form fields tried, as action#name
}

// send makes one request as role and checks that the answer is no server error and, when it
// is HTML, holds no live markup.
func (h *hostile) send(role int, method, path string, form url.Values, what string) (string, string) {
	h.t.Helper()
	outcome, body := matrixRequest(h.t, h.e.ts.URL, method, path, form, h.f.sessions[role])
	h.requests++
	if outcome[0] == '5' {
		h.errors++
		h.t.Errorf("%s %s as %s (%s): server error %s", method, path, matrixRoles[role], what, outcome)
	}
	h.checkInert(body, fmt.Sprintf("%s %s as %s (%s)", method, path, matrixRoles[role], what))
	return outcome, body
}

func (h *hostile) checkInert(body, where string) {
	h.t.Helper()
	if !strings.Contains(body, "<html") {
		return
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if live := liveMarkup(doc); len(live) > 0 {
		h.t.Errorf("%s: live payload in the page: %v", where, live)
	}
}

// formField is one named control of a rendered form.
type formField struct {
	name, kind, value string // kind: the input's type, "textarea" or "select"
}

// pageForm is a POST form a role was shown.
type pageForm struct {
	role   int
	action string
	fields []formField
}

// values is the form as a browser would send it untouched, empty required fields filled with
// plausible values.
func (p pageForm) values() url.Values {
	v := url.Values{}
	for _, fl := range p.fields {
		value := fl.value
		if value == "" {
			value = plausible(fl)
		}
		v.Add(fl.name, value)
	}
	return v
}

func plausible(f formField) string {
	switch f.kind {
	case "date":
		return time.Now().AddDate(0, 0, 20).Format("2006-01-02")
	case "time":
		return "08:00"
	case "number":
		return "3"
	case "tel":
		return "13812345678"
	case "email":
		return "li@example.cn"
	case "password", "hidden", "select", "checkbox", "radio":
		return ""
	}
	return "测试内容"
}

// textLike reports whether a person types free text into the field.
func (f formField) textLike() bool {
	switch f.kind {
	case "text", "search", "textarea", "tel", "email", "url", "":
		return true
	}
	return false
}

// crawl fetches every GET route as every role and returns the POST forms found, the query
// parameter names seen per path (links and GET forms), and the number of pages.
func (h *hostile) crawl(routes []string, collect bool) ([]pageForm, map[string]map[string]bool) {
	h.t.Helper()
	var forms []pageForm
	seenForm := map[string]bool{}
	params := map[string]map[string]bool{}
	for _, key := range routes {
		method, pattern, _ := strings.Cut(key, " ")
		if method != http.MethodGet || pattern == "/static/*" {
			continue
		}
		path := h.f.path(pattern, accessTable[key])
		for role := range matrixRoles {
			outcome, body := h.send(role, http.MethodGet, path, nil, "crawl")
			if !collect || outcome != "200" || !strings.Contains(body, "<html") {
				continue
			}
			doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
			doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
				href, _ := a.Attr("href")
				if u, err := url.Parse(href); err == nil && u.Host == "" && strings.HasPrefix(u.Path, "/") {
					for name := range u.Query() {
						addParam(params, u.Path, name)
					}
				}
			})
			doc.Find("form").Each(func(_ int, s *goquery.Selection) {
				action, _ := s.Attr("action")
				if action == "" {
					action = path
				}
				method, _ := s.Attr("method")
				var fields []formField
				s.Find("input[name], textarea[name], select[name]").Each(func(_ int, in *goquery.Selection) {
					name, _ := in.Attr("name")
					f := formField{name: name, kind: goquery.NodeName(in)}
					switch f.kind {
					case "input":
						f.kind, _ = in.Attr("type")
						f.value, _ = in.Attr("value")
						if (f.kind == "checkbox" || f.kind == "radio") && in.AttrOr("checked", "-") == "-" {
							return
						}
						if f.kind == "file" || f.kind == "submit" {
							return
						}
					case "textarea":
						f.value = in.Text()
					case "select":
						f.value = in.Find("option[selected]").AttrOr("value", "")
						if f.value == "" {
							in.Find("option").EachWithBreak(func(_ int, o *goquery.Selection) bool {
								f.value = o.AttrOr("value", "")
								return f.value == ""
							})
						}
					}
					fields = append(fields, f)
				})
				if strings.EqualFold(method, "get") {
					for _, f := range fields {
						addParam(params, action, f.name)
					}
					return
				}
				k := fmt.Sprint(role, " ", action)
				if !seenForm[k] && len(fields) > 0 {
					seenForm[k] = true
					forms = append(forms, pageForm{role: role, action: action, fields: fields})
				}
			})
		}
	}
	return forms, params
}

func addParam(params map[string]map[string]bool, path, name string) {
	if params[path] == nil {
		params[path] = map[string]bool{}
	}
	params[path][name] = true
}

// unsafeForms are forms whose success would end the test's own sessions or lock accounts.
var unsafeForms = regexp.MustCompile(`^/(logout|login|account/password)$`)

func TestHostileInput(t *testing.T) {
	e := newEnv(t)
	h := &hostile{t: t, e: e, f: buildMatrixFixture(t, e), fields: map[string]bool{}}
	routes := routeList(t, e.srv.routes())
	forms, params := h.crawl(routes, true)
	if len(forms) < 20 {
		t.Fatalf("only %d forms found on the pages", len(forms))
	}
	sort.Slice(forms, func(i, j int) bool { return forms[i].action < forms[j].action })

	t.Run("file names, SVG and imported cells", func(t *testing.T) {
		h.t = t
		entB := e.login("ent-b")
		form := intakeFields(t, e, entB, "/my/demands/new")
		form.Set("title", `"><img src=x onerror=alert(1)>标题`)
		res := entB.postMultipart("/my/demands/new", form,
			testFile{`"><img src=x onerror=alert(1)>.pdf`, testPDF},
			testFile{"<svg onload=alert(1)>.png", testPNG})
		h.requests++
		wantStatus(t, res, http.StatusSeeOther)
		page := entB.get(res.Header.Get("Location"))
		h.checkInert(page.body, "demand page with hostile file names")
		if !strings.Contains(page.doc(t).Text(), "onerror=alert(1)>.pdf") {
			t.Error("the hostile file name is not shown (as text) on the demand page")
		}
		// An SVG with a script is refused whatever its name says.
		svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>`)
		for _, name := range []string{"图纸.svg", "图纸.png", "图纸.pdf"} {
			form := intakeFields(t, e, entB, "/my/demands/new")
			res := entB.postMultipart("/my/demands/new", form, testFile{name, svg})
			h.requests++
			wantStatus(t, res, http.StatusUnprocessableEntity)
			h.checkInert(res.body, "SVG upload")
		}
		if n := count(t, e, `SELECT count(*) FROM demand_attachments WHERE data::text LIKE '%svg%' OR filename LIKE '%.svg'`); n != 0 {
			t.Errorf("%d SVG attachments saved", n)
		}
		// Every saved file is served as a download that cannot run in the portal's origin.
		rows, err := e.pool.Query(t.Context(), `SELECT demand_id, id FROM demand_attachments`)
		if err != nil {
			t.Fatal(err)
		}
		var files [][2]int64
		for rows.Next() {
			var d, a int64
			_ = rows.Scan(&d, &a)
			files = append(files, [2]int64{d, a})
		}
		rows.Close()
		for _, file := range files {
			res := entB.get("/demands/" + itoa(file[0]) + "/attachments/" + itoa(file[1]))
			h.requests++
			if res.StatusCode != http.StatusOK {
				continue // another enterprise's file
			}
			hd := res.Header
			if cd := hd.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || strings.ContainsAny(cd, "<>\r\n") {
				t.Errorf("Content-Disposition %q", cd)
			}
			if ct := hd.Get("Content-Type"); portal.AttachmentExtension(ct) == "" {
				t.Errorf("Content-Type %q", ct)
			}
			if hd.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(hd.Get("Content-Security-Policy"), "sandbox") {
				t.Errorf("download headers %v", hd)
			}
		}

		// Imported cells are shown in the preview as text.
		official := e.login("official")
		hostileRow := importRow(`<script>alert(1)</script>公司`, importUSCC(7), `"><img src=x onerror=alert(1)>`)
		hostileRow[6] = `javascript:alert(1)`
		preview := uploadAndWait(t, official, xlsxFile(t, hostileRow, importRow("正常企业", importUSCC(8), "新能源汽车")))
		h.requests++
		for _, p := range []string{preview, preview + "?show=invalid", preview + "?show=valid"} {
			res := official.get(p)
			h.requests++
			wantStatus(t, res, http.StatusOK)
			h.checkInert(res.body, "import preview "+p)
		}
	})

	t.Run("every field of every form", func(t *testing.T) {
		h.t = t
		for _, form := range forms {
			if unsafeForms.MatchString(form.action) {
				continue
			}
			// Reflected: every field at once holds the payload or the bad value; the form
			// comes back refused, with what was typed, inertly.
			for _, p := range append(append([]string{}, xssPayloads...), badValues...) {
				v := url.Values{}
				for _, f := range form.fields {
					h.fields[form.action+"#"+f.name] = true
					v.Add(f.name, p)
				}
				h.send(form.role, http.MethodPost, form.action, v, "all fields "+abbrev(p))
			}
			// Stored: one text field at a time holds a payload, the rest is valid, so the
			// value is saved where the form saves it and shows up on the pages crawled below.
			for i, f := range form.fields {
				if !f.textLike() {
					continue
				}
				v := form.values()
				v.Set(f.name, xssPayloads[i%len(xssPayloads)])
				h.send(form.role, http.MethodPost, form.action, v, "field "+f.name)
			}
		}
	})

	t.Run("saved payloads render inertly everywhere", func(t *testing.T) {
		h.t = t
		h.crawl(routes, false)
		// The corpus is not vacuous: the payloads were saved and are shown, as text.
		n := count(t, e, `SELECT (SELECT count(*) FROM demands WHERE title LIKE '%alert(1)%' OR description LIKE '%alert(1)%')
			+ (SELECT count(*) FROM meetings WHERE theme LIKE '%alert(1)%' OR venue LIKE '%alert(1)%' OR agenda LIKE '%alert(1)%')
			+ (SELECT count(*) FROM enterprises WHERE name LIKE '%alert(1)%' OR address LIKE '%alert(1)%')
			+ (SELECT count(*) FROM demand_events WHERE note LIKE '%alert(1)%')`)
		if n < 5 {
			t.Errorf("only %d saved rows hold a payload: the stored corpus did not get through the forms", n)
		}
		t.Logf("%d saved rows hold a payload", n)
	})

	t.Run("SQL and nonsense in every query parameter change nothing", func(t *testing.T) {
		h.t = t
		before := fingerprint(t, e.pool)
		for _, key := range routes {
			method, pattern, _ := strings.Cut(key, " ")
			if method != http.MethodGet || pattern == "/static/*" {
				continue
			}
			row := accessTable[key]
			role := legitRole(row, "200")
			if role < 0 {
				continue
			}
			path := h.f.path(pattern, row)
			// The parameters its pages link or submit to it, and the search and the cursor.
			names := map[string]bool{"q": true, "after": true}
			for name := range params[path] {
				names[name] = true
			}
			payloads := sqlPayloads
			if strings.Contains(pattern[strings.LastIndex(pattern, "/"):], ".") {
				// Files (PDF, Excel, CSV, iCalendar) cost more to make: the payloads that
				// found bugs on pages.
				payloads = []string{sqlPayloads[0], sqlPayloads[5], sqlPayloads[7]}
			}
			for name := range names {
				for _, p := range payloads {
					h.send(role, http.MethodGet, path+"?"+name+"="+url.QueryEscape(p), nil, "query "+name)
				}
			}
		}
		after := fingerprint(t, e.pool)
		for table, sum := range before {
			if after[table] != sum {
				t.Errorf("table %s changed under GET requests with SQL in their parameters", table)
			}
		}
	})

	t.Run("impossible ids, years and names in URLs are 4xx", func(t *testing.T) {
		h.t = t
		for _, key := range routes {
			method, pattern, _ := strings.Cut(key, " ")
			row := accessTable[key]
			role := legitRole(row, "")
			if role < 0 || !strings.Contains(pattern, "{") {
				continue
			}
			var form url.Values
			if row.form != nil {
				form = row.form(h.f, matrixRoles[role])
			}
			for _, param := range routeParam.FindAllString(pattern, -1) {
				for _, bad := range []string{"-1", "0", "99999999999999999999", "1e3", "abc", "%2e%2e", "%00"} {
					p := h.f.path(strings.Replace(pattern, param, "\x01", 1), row)
					p = strings.Replace(p, "\x01", bad, 1)
					outcome, _ := h.send(role, method, p, form, param+"="+bad)
					if outcome[0] != '4' {
						t.Errorf("%s %s as %s: %s, want 4xx", method, p, matrixRoles[role], outcome)
					}
				}
			}
		}
	})

	t.Run("oversized bodies are 413 with a page, invalid UTF-8 a 4xx with a message", func(t *testing.T) {
		h.t = t
		big := strings.Repeat("长", maxBodyBytes/3+10)
		for _, key := range routes {
			method, pattern, _ := strings.Cut(key, " ")
			row := accessTable[key]
			role := legitRole(row, "")
			if method != http.MethodPost || row.form == nil || role < 0 {
				continue
			}
			path := h.f.path(pattern, row)
			form := row.form(h.f, matrixRoles[role])
			var first string
			for name := range form {
				if first == "" || name < first {
					first = name
				}
			}
			if pattern != "/my/demands/new" && pattern != "/demands/new" {
				tooBig := cloneValues(form)
				tooBig.Set(first, big)
				outcome, body := h.send(role, method, path, tooBig, "oversized")
				if outcome != "413" || !strings.Contains(body, `data-testid="error-page"`) {
					t.Errorf("%s as %s with %d bytes: %s, want 413 with the error page", key, matrixRoles[role], len(big), outcome)
				}
			}
			bad := cloneValues(form)
			bad.Set(first, "名称\xff\xfe")
			outcome, body := h.send(role, method, path, bad, "invalid UTF-8")
			if outcome[0] != '4' || !strings.Contains(body, `data-testid=`) {
				t.Errorf("%s as %s with invalid UTF-8: %s, want a 4xx page", key, matrixRoles[role], outcome)
			}
		}
	})

	payloads := len(xssPayloads) + len(badValues) + len(sqlPayloads)
	t.Logf("%d payloads, %d requests, %d form fields, %d server errors", payloads, h.requests, len(h.fields), h.errors)
	writeReport(t, "hostile_input.json", map[string]int{"payloads": payloads, "requests": h.requests,
		"fields": len(h.fields), "forms": len(forms), "server_errors": h.errors})
}

// legitRole is the first role the row lets through (with outcome want, or any not denied).
func legitRole(row accessRow, want string) int {
	for i, w := range strings.Fields(row.want) {
		if want != "" && w == want || want == "" && !denied(w) {
			return i
		}
	}
	return -1
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

func abbrev(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

// TestLiveMarkupFindsPayloads keeps the corpus's check honest: each payload, pasted into a
// page unescaped, is found; escaped, it is not.
func TestLiveMarkupFindsPayloads(t *testing.T) {
	for _, p := range xssPayloads {
		unescaped := `<html><body><p>` + p + `</p><input value="` + p + `"><a href="` + p + `">x</a><textarea>` + p + `</textarea></body></html>`
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(unescaped))
		if len(liveMarkup(doc)) == 0 {
			t.Errorf("payload %q pasted unescaped is not found", p)
		}
		escaped := `<html><body><p>` + html.EscapeString(p) + `</p><input value="` + html.EscapeString(p) + `"></body></html>`
		doc, _ = goquery.NewDocumentFromReader(strings.NewReader(escaped))
		if live := liveMarkup(doc); len(live) > 0 {
			t.Errorf("payload %q escaped is reported: %v", p, live)
		}
	}
}
