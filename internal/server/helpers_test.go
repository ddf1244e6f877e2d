package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"
)

// testPassword is the password of every account made by newAccount.
const testPassword = "secret123"

// env is one test's portal: a fresh database, the real handler behind an httptest server.
type env struct {
	t    *testing.T
	pool *pgxpool.Pool
	srv  *Server
	ts   *httptest.Server

	enterprises int // how many enterprise() made, for unique codes
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWith(t, Options{})
}

// newEnvWith is newEnv with the server's options.
func newEnvWith(t *testing.T, opts Options) *env {
	t.Helper()
	pool, _ := pgtest.New(t)
	srv := New(slog.New(slog.NewTextHandler(io.Discard, nil)), pool, opts)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	return &env{t: t, pool: pool, srv: srv, ts: ts}
}

// department returns the id of a department named name, creating it.
func (e *env) department(name string) int64 {
	e.t.Helper()
	var id int64
	if err := e.pool.QueryRow(context.Background(),
		`INSERT INTO departments (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`,
		name).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// chain returns the id of the industry chain named name, creating it.
func (e *env) chain(name string) int64 {
	e.t.Helper()
	var id int64
	if err := e.pool.QueryRow(context.Background(),
		`INSERT INTO industry_chains (name, leader_name) VALUES ($1, '陈志远') ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`,
		name).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// enterprise creates an enterprise of the 新能源汽车 chain with one contact and a fresh valid
// credit code, in the given registration state, and returns its id.
func (e *env) enterprise(name string, status portal.EnterpriseStatus) int64 {
	e.t.Helper()
	e.enterprises++
	var id int64
	err := e.pool.QueryRow(context.Background(), `INSERT INTO enterprises (name, uscc, scale, status)
		VALUES ($1, $2, 'above', $3) RETURNING id`, name, postgres.DemoUSCC(900+e.enterprises), status).Scan(&id)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.pool.Exec(context.Background(), `INSERT INTO enterprise_chains VALUES ($1, $2);
		`, id, e.chain("新能源汽车")); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.pool.Exec(context.Background(), `INSERT INTO enterprise_contacts (enterprise_id, position, name, mobile)
		VALUES ($1, 0, '王建华', '13812345678')`, id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// newAccount creates an account with testPassword.
func (e *env) newAccount(username string, role portal.Role) *portal.User {
	e.t.Helper()
	in := portal.UserInput{Username: username, DisplayName: "测试 " + username, Role: role, Password: testPassword}
	if role == portal.RoleDepartment {
		id := e.department("工业和信息化局")
		in.DepartmentID = &id
	}
	if role == portal.RoleEntrepreneur {
		id := e.enterprise("企业 "+username, portal.EnterpriseVerified)
		in.EnterpriseID = &id
	}
	u, err := postgres.NewUserStore(e.pool).Create(context.Background(), in)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// client is a browser-like HTTP client with its own cookie jar that does not follow redirects.
type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, base: e.ts.URL, http: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login logs in through the login form and fails the test unless it succeeds.
func (e *env) login(username string) *client {
	c := e.client()
	res := c.post("/login", url.Values{"username": {username}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d", username, res.StatusCode)
	}
	return c
}

type response struct {
	*http.Response
	body string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{res, string(body)}
}

func (c *client) get(path string) response {
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values, headers ...string) response {
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(req)
}

// upload posts data as the file of the multipart form field, as a browser's file input does.
func (c *client) upload(path, field, filename string, data []byte) response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile(field, filename)
	if err == nil {
		_, err = fw.Write(data)
	}
	if err != nil || mw.Close() != nil {
		c.t.Fatal("upload: building the form failed")
	}
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// doc parses the response body as HTML.
func (r response) doc(t *testing.T) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// text returns the trimmed text of the element with data-testid id.
func (r response) text(t *testing.T, id string) string {
	t.Helper()
	return strings.TrimSpace(r.doc(t).Find(`[data-testid="` + id + `"]`).Text())
}

func wantStatus(t *testing.T, r response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("status = %d, want %d; body:\n%.600s", r.StatusCode, want, r.body)
	}
}

func wantRedirect(t *testing.T, r response, prefix string) {
	t.Helper()
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); !strings.HasPrefix(loc, prefix) {
		t.Fatalf("redirect to %q, want prefix %q", loc, prefix)
	}
}

// meeting schedules a meeting of the 新能源汽车 chain starting at start (China time; 90
// minutes, capacity seats, two representatives per enterprise), publishes it, and returns its
// id. It is created by the first official or administrator, or by a new official.
func (e *env) meeting(theme string, start time.Time, capacity int) int64 {
	e.t.Helper()
	ctx := context.Background()
	var actor int64
	if err := e.pool.QueryRow(ctx, `SELECT id FROM users WHERE role IN ('official', 'admin') ORDER BY id LIMIT 1`).Scan(&actor); err != nil {
		actor = e.newAccount("meeting-scheduler", portal.RoleOfficial).ID
	}
	chain := e.chain("新能源汽车")
	start = start.In(portal.CST)
	end := start.Add(90 * time.Minute)
	if end.Day() != start.Day() {
		end = time.Date(start.Year(), start.Month(), start.Day(), 23, 59, 0, 0, portal.CST)
	}
	store := postgres.NewMeetingStore(e.pool)
	id, err := store.Create(ctx, portal.MeetingInput{Theme: theme, Date: start.Format("2006-01-02"),
		StartTime: start.Format("15:04"), EndTime: end.Format("15:04"), Venue: "区行政中心 3 楼第一会议室",
		ChainID: &chain, HostName: "陈志远", HostTitle: "副区长", Capacity: capacity, PerEnterpriseLimit: 2,
		Agenda: "一、企业家发言；\n二、部门现场答复。"}, actor)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := store.Transition(ctx, id, 1, portal.ActionPublish, "", time.Now()); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// demand submits a demand of the entrepreneur u's enterprise (category 用地) through the store,
// with the given files, and returns its id. It is in state submitted; move it along with the
// store (Apply) or SQL.
func (e *env) demand(u *portal.User, title string, files ...postgres.NewAttachment) int64 {
	e.t.Helper()
	ctx := context.Background()
	var category int64
	if err := e.pool.QueryRow(ctx, `SELECT id FROM demand_categories WHERE code = 'land'`).Scan(&category); err != nil {
		e.t.Fatal(err)
	}
	id, err := postgres.NewDemandStore(e.pool).Create(ctx, portal.DemandInput{EnterpriseID: *u.EnterpriseID,
		CategoryID: category, Title: title, Description: "厂房扩建需要新增 20 亩工业用地，指标迟迟未落实。",
		ExpectedOutcome: "年内完成供地"}, files, portal.ViewerOf(u))
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}
