package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
)

// checkinDay is a meeting with two enterprises that accepted and named one person each.
type checkinDay struct {
	meeting  int64
	wang, li int64 // attendees: 王建华 of 星途新能源汽车 (code ABC234), 李明 of 华电储能科技 (XYZ789)
	url      string
}

// checkinMeeting creates a meeting in status with two accepted enterprises and their people,
// starting at 07:30 today (China time) and planned with the given departments.
func checkinMeeting(t *testing.T, e *env, status portal.MeetingStatus, departments ...int64) checkinDay {
	t.Helper()
	ctx := context.Background()
	now := time.Now().In(portal.CST)
	start := time.Date(now.Year(), now.Month(), now.Day(), 7, 30, 0, 0, portal.CST)
	var d checkinDay
	if err := e.pool.QueryRow(ctx, `INSERT INTO meetings (theme, starts_at, ends_at, venue, capacity, status)
		VALUES ('新能源汽车产业链早餐会', $1, $2, '区行政中心 3 楼会议室', 30, $3) RETURNING id`,
		start, start.Add(90*time.Minute), status).Scan(&d.meeting); err != nil {
		t.Fatal(err)
	}
	for _, dep := range departments {
		if _, err := e.pool.Exec(ctx, `INSERT INTO meeting_departments (meeting_id, department_id) VALUES ($1, $2)`, d.meeting, dep); err != nil {
			t.Fatal(err)
		}
	}
	person := func(enterprise, name, title, mobile, code string) int64 {
		ent := e.enterprise(enterprise, portal.EnterpriseVerified)
		var inv, id int64
		if err := e.pool.QueryRow(ctx, `INSERT INTO invitations (meeting_id, enterprise_id, status, source)
			VALUES ($1, $2, 'accepted', 'official') RETURNING id`, d.meeting, ent).Scan(&inv); err != nil {
			t.Fatal(err)
		}
		if err := e.pool.QueryRow(ctx, `INSERT INTO attendees (meeting_id, invitation_id, enterprise_id, name, title, mobile, checkin_code)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, d.meeting, inv, ent, name, title, mobile, code).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	d.wang = person("星途新能源汽车", "王建华", "总经理", "13812341234", "ABC234")
	d.li = person("华电储能科技", "李明", "副总经理", "13998765432", "XYZ789")
	d.url = "/meetings/" + itoa(d.meeting) + "/checkin"
	return d
}

// setClock makes the server's clock say hh:mm today, China time.
func (e *env) setClock(hh, mm int) time.Time {
	now := time.Now().In(portal.CST)
	t := time.Date(now.Year(), now.Month(), now.Day(), hh, mm, 0, 0, portal.CST)
	e.srv.now = func() time.Time { return t }
	return t
}

func checkedInAt(t *testing.T, e *env, attendee int64) *time.Time {
	t.Helper()
	var at *time.Time
	if err := e.pool.QueryRow(context.Background(), `SELECT checked_in_at FROM attendees WHERE id = $1`, attendee).Scan(&at); err != nil {
		t.Fatal(err)
	}
	return at
}

func TestCheckinWithOneTap(t *testing.T) {
	e := newEnv(t)
	official := e.newAccount("official1", portal.RoleOfficial)
	d := checkinMeeting(t, e, portal.MeetingPublished)
	c := e.login("official1")

	page := c.get(d.url)
	wantStatus(t, page, http.StatusOK)
	for id, want := range map[string]string{"count-invited": "2", "count-accepted": "2", "count-expected": "2", "count-checked-in": "0"} {
		if got := page.text(t, id); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	row := page.text(t, "attendee-"+itoa(d.wang))
	for _, want := range []string{"星途新能源汽车", "王建华", "总经理", "138****1234"} {
		if !strings.Contains(row, want) {
			t.Errorf("row %q lacks %q", row, want)
		}
	}
	if strings.Contains(page.body, "13812341234") {
		t.Error("the full mobile number is on the page")
	}
	if page.doc(t).Find(`[data-testid="checkin-`+itoa(d.wang)+`"]`).Length() != 1 {
		t.Fatal("no check-in button")
	}

	// One tap at 07:32: back to the list, search kept, the row says since when.
	first := e.setClock(7, 32)
	res := c.post(d.url+"/"+itoa(d.wang), url.Values{"q": {"星途"}})
	wantRedirect(t, res, d.url+"?q="+url.QueryEscape("星途"))
	page = c.get(d.url)
	if got := page.text(t, "flash"); got != "王建华（星途新能源汽车）签到成功" {
		t.Errorf("flash = %q", got)
	}
	if got := page.text(t, "checked-"+itoa(d.wang)); got != "已签到（07:32）" {
		t.Errorf("row status = %q", got)
	}
	if got := page.text(t, "count-checked-in"); got != "1" {
		t.Errorf("checked in = %q", got)
	}
	if at := checkedInAt(t, e, d.wang); at == nil || !at.Equal(first) {
		t.Fatalf("checked_in_at = %v, want %v", at, first)
	}
	if n := count(t, e, `SELECT count(*) FROM attendees WHERE id = $1 AND checked_in_by = $2`, d.wang, official.ID); n != 1 {
		t.Error("checked_in_by not recorded")
	}

	// A second tap later is no error: it says since when, and keeps the first time.
	e.setClock(7, 40)
	wantRedirect(t, c.post(d.url+"/"+itoa(d.wang), nil), d.url)
	if got := c.get(d.url).text(t, "flash"); got != "王建华（星途新能源汽车）已签到（07:32）" {
		t.Errorf("second tap flash = %q", got)
	}
	if at := checkedInAt(t, e, d.wang); !at.Equal(first) {
		t.Errorf("second tap moved checked_in_at to %v", at)
	}

	// The page's script asks for JSON and updates the row in place.
	res = c.post(d.url+"/"+itoa(d.li), nil, "Accept", "application/json")
	wantStatus(t, res, http.StatusOK)
	var reply checkinReply
	if err := json.Unmarshal([]byte(res.body), &reply); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, res.body)
	}
	if reply.AttendeeID != d.li || reply.Already || reply.Checked != "已签到（07:40）" || reply.CheckedIn != 2 || reply.Expected != 2 {
		t.Errorf("JSON reply = %+v", reply)
	}

	// Someone else's attendee or a made-up id is not found.
	wantStatus(t, c.post(d.url+"/999999", nil), http.StatusNotFound)
	other := checkinMeeting(t, e, portal.MeetingPublished)
	wantStatus(t, c.post(d.url+"/"+itoa(other.wang), nil), http.StatusNotFound)
}

func TestCheckinSearch(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	d := checkinMeeting(t, e, portal.MeetingHeld)
	c := e.login("official1")
	for _, tc := range []struct {
		name, q    string
		wang, li   bool
		emptyShown bool
	}{
		{"enterprise, Chinese substring", "新能源", true, false, false},
		{"person's name", "李", false, true, false},
		{"code in lower case", "xyz7", false, true, false},
		{"last digits of the mobile", "1234", true, false, false},
		{"nobody", "不存在的企业", false, false, true},
		{"a LIKE wildcard is literal", "%", false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := c.get(d.url + "?q=" + url.QueryEscape(tc.q))
			wantStatus(t, page, http.StatusOK)
			doc := page.doc(t)
			if got := doc.Find(`[data-testid="attendee-`+itoa(d.wang)+`"]`).Length() == 1; got != tc.wang {
				t.Errorf("王建华 listed = %v", got)
			}
			if got := doc.Find(`[data-testid="attendee-`+itoa(d.li)+`"]`).Length() == 1; got != tc.li {
				t.Errorf("李明 listed = %v", got)
			}
			if got := page.text(t, "checkin-empty") != ""; got != tc.emptyShown {
				t.Errorf("empty message shown = %v", got)
			}
			if v, _ := doc.Find(`[data-testid="checkin-search"]`).Attr("value"); v != tc.q {
				t.Errorf("search field = %q", v)
			}
		})
	}
}

func TestCheckinByCode(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	d := checkinMeeting(t, e, portal.MeetingPublished)
	c := e.login("official1")
	e.setClock(7, 25)

	// Typed in lower case with spaces.
	res := c.post(d.url+"/code", url.Values{"code": {" abc 234 "}})
	wantRedirect(t, res, d.url)
	if got := c.get(d.url).text(t, "flash"); got != "王建华（星途新能源汽车）签到成功" {
		t.Errorf("flash = %q", got)
	}
	if checkedInAt(t, e, d.wang) == nil {
		t.Fatal("not checked in")
	}
	res = c.post(d.url+"/code", url.Values{"code": {"ABC234"}})
	wantRedirect(t, res, d.url)
	if got := c.get(d.url).text(t, "flash"); got != "王建华（星途新能源汽车）已签到（07:25）" {
		t.Errorf("again: flash = %q", got)
	}

	// Unknown or empty code: 422, the code kept beside the message; nobody else checked in.
	for _, code := range []string{"ZZZ999", "  "} {
		res = c.post(d.url+"/code", url.Values{"code": {code}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if res.text(t, "error-code") == "" {
			t.Errorf("%q: no message beside the field", code)
		}
		if v, _ := res.doc(t).Find(`[data-testid="checkin-code"]`).Attr("value"); v != code {
			t.Errorf("typed code kept as %q, want %q", v, code)
		}
	}
	// Another meeting's code is unknown here.
	other := checkinMeeting(t, e, portal.MeetingPublished)
	if _, err := e.pool.Exec(context.Background(), `UPDATE attendees SET checkin_code = 'QQQ222' WHERE id = $1`, other.li); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.post(d.url+"/code", url.Values{"code": {"QQQ222"}}), http.StatusUnprocessableEntity)
	if checkedInAt(t, e, d.li) != nil || checkedInAt(t, e, other.li) != nil {
		t.Error("an unknown code checked someone in")
	}
}

func TestScannedInvitationCode(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	d := checkinMeeting(t, e, portal.MeetingHeld)
	c := e.login("official1")

	// The phone opens the URL in the QR code: the person is on top, nothing changes yet.
	page := c.get(d.url + "?code=xyz789")
	wantStatus(t, page, http.StatusOK)
	if got := page.text(t, "scanned-name"); got != "李明" {
		t.Errorf("scanned = %q", got)
	}
	confirm := page.doc(t).Find(`[data-testid="confirm-checkin"]`)
	if confirm.Length() != 1 {
		t.Fatal("no confirm button")
	}
	action, _ := confirm.Closest("form").Attr("action")
	if method, _ := confirm.Closest("form").Attr("method"); method != "post" || action != d.url+"/"+itoa(d.li) {
		t.Fatalf("confirm form: %s %s", method, action)
	}
	c.get(d.url + "?code=XYZ789")
	if checkedInAt(t, e, d.li) != nil {
		t.Fatal("a GET checked in")
	}

	wantRedirect(t, c.post(action, nil), d.url)
	if checkedInAt(t, e, d.li) == nil {
		t.Fatal("confirm did not check in")
	}
	page = c.get(d.url + "?code=XYZ789")
	if page.text(t, "scanned-checked") == "" || page.doc(t).Find(`[data-testid="confirm-checkin"]`).Length() != 0 {
		t.Error("a checked-in scan still offers to confirm")
	}

	page = c.get(d.url + "?code=NOPE22")
	wantStatus(t, page, http.StatusOK)
	if got := page.text(t, "scan-unknown"); !strings.Contains(got, "NOPE22") {
		t.Errorf("unknown scan message = %q", got)
	}
}

func TestWalkIn(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	d := checkinMeeting(t, e, portal.MeetingHeld)
	registered := e.enterprise("杭州云栖智造有限公司", portal.EnterpriseVerified)
	c := e.login("official1")

	page := c.get(d.url)
	if page.doc(t).Find(`datalist option[value="杭州云栖智造有限公司"]`).Length() != 1 {
		t.Error("the walk-in form does not offer the verified enterprise")
	}

	// Bad input: messages beside the fields, everything typed kept, the form open.
	bad := url.Values{"name": {" "}, "title": {"工程师"}, "mobile": {"12345"}, "enterprise": {"杭州云栖"}}
	res := c.post(d.url+"/walk-in", bad)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	for _, field := range []string{"name", "mobile"} {
		if res.text(t, "error-"+field) == "" {
			t.Errorf("no message beside %s", field)
		}
	}
	doc := res.doc(t)
	for field, want := range map[string]string{"title": "工程师", "mobile": "12345", "enterprise": "杭州云栖"} {
		if v, _ := doc.Find(`[name="` + field + `"]`).Attr("value"); v != want {
			t.Errorf("%s kept as %q, want %q", field, v, want)
		}
	}
	if _, open := doc.Find(`[data-testid="walkin"]`).Attr("open"); !open {
		t.Error("the walk-in form is closed after an error")
	}

	// A verified enterprise chosen by name links the person to it; anything else is free text.
	e.setClock(7, 50)
	res = c.post(d.url+"/walk-in", url.Values{"name": {"赵工"}, "title": {"工程师"}, "mobile": {"139 1234 5678"}, "enterprise": {"杭州云栖智造有限公司"}})
	wantRedirect(t, res, d.url)
	if got := c.get(d.url).text(t, "flash"); got != "赵工（杭州云栖智造有限公司）已现场登记并签到" {
		t.Errorf("flash = %q", got)
	}
	wantRedirect(t, c.post(d.url+"/walk-in", url.Values{"name": {"钱老师"}, "enterprise": {"浙江大学"}}), d.url)
	if n := count(t, e, `SELECT count(*) FROM attendees WHERE meeting_id = $1 AND walk_in AND name = '赵工'
		AND enterprise_id = $2 AND enterprise_name = '' AND mobile = '13912345678' AND checked_in_at IS NOT NULL`, d.meeting, registered); n != 1 {
		t.Error("walk-in from the registry not stored as expected")
	}
	if n := count(t, e, `SELECT count(*) FROM attendees WHERE meeting_id = $1 AND walk_in AND name = '钱老师'
		AND enterprise_id IS NULL AND enterprise_name = '浙江大学' AND checked_in_at IS NOT NULL AND length(checkin_code) = 6`, d.meeting); n != 1 {
		t.Error("free-text walk-in not stored as expected")
	}

	page = c.get(d.url)
	if got := page.text(t, "count-expected"); got != "4" {
		t.Errorf("expected = %q", got)
	}
	if got := page.text(t, "count-checked-in"); got != "2" {
		t.Errorf("checked in = %q", got)
	}
	if got := c.get(d.url+"?q="+url.QueryEscape("浙江")).text(t, "checkin-list"); !strings.Contains(got, "钱老师") || !strings.Contains(got, "现场登记") {
		t.Errorf("walk-in row = %q", got)
	}
}

func TestCheckinRefusedUnlessPublishedOrHeld(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	c := e.login("official1")
	for _, status := range []portal.MeetingStatus{portal.MeetingDraft, portal.MeetingCancelled, portal.MeetingClosed} {
		t.Run(string(status), func(t *testing.T) {
			d := checkinMeeting(t, e, status)
			page := c.get(d.url)
			wantStatus(t, page, http.StatusOK)
			if page.text(t, "checkin-blocked") == "" {
				t.Error("no message saying check-in is closed")
			}
			if page.doc(t).Find(`[data-testid="checkin-`+itoa(d.wang)+`"], [data-testid="code-form"], [data-testid="walkin"]`).Length() != 0 {
				t.Error("check-in controls shown")
			}
			wantStatus(t, c.post(d.url+"/"+itoa(d.wang), nil), http.StatusConflict)
			wantStatus(t, c.post(d.url+"/"+itoa(d.wang), nil, "Accept", "application/json"), http.StatusConflict)
			wantStatus(t, c.post(d.url+"/code", url.Values{"code": {"ABC234"}}), http.StatusConflict)
			wantStatus(t, c.post(d.url+"/walk-in", url.Values{"name": {"赵工"}, "enterprise": {"浙江大学"}}), http.StatusConflict)
			if n := count(t, e, `SELECT count(*) FROM attendees WHERE meeting_id = $1 AND (checked_in_at IS NOT NULL OR walk_in)`, d.meeting); n != 0 {
				t.Errorf("%d changes made", n)
			}
		})
	}
}

func TestCheckinAndMinutesOnlyForMeetingStaff(t *testing.T) {
	e := newEnv(t)
	e.newAccount("staff1", portal.RoleDepartment)
	e.newAccount("boss1", portal.RoleEntrepreneur)
	e.newAccount("admin1", portal.RoleAdmin)
	d := checkinMeeting(t, e, portal.MeetingHeld)
	base := "/meetings/" + itoa(d.meeting)
	routes := []struct{ method, path string }{
		{"GET", base + "/checkin"},
		{"GET", base + "/checkin?code=ABC234"},
		{"POST", base + "/checkin/" + itoa(d.wang)},
		{"POST", base + "/checkin/code"},
		{"POST", base + "/checkin/walk-in"},
		{"GET", base + "/minutes"},
		{"POST", base + "/minutes"},
	}
	form := url.Values{"code": {"ABC234"}, "name": {"赵工"}, "enterprise": {"浙江大学"}, "minutes": {"纪要"}, "version": {"1"}}
	for _, user := range []string{"staff1", "boss1"} {
		c := e.login(user)
		for _, rt := range routes {
			t.Run(user+" "+rt.method+" "+rt.path, func(t *testing.T) {
				var res response
				if rt.method == "GET" {
					res = c.get(rt.path)
				} else {
					res = c.post(rt.path, form)
				}
				wantStatus(t, res, http.StatusForbidden)
			})
		}
	}
	if n := count(t, e, `SELECT count(*) FROM attendees WHERE checked_in_at IS NOT NULL OR walk_in`); n != 0 {
		t.Errorf("%d check-ins by people who may not", n)
	}
	if n := count(t, e, `SELECT count(*) FROM meetings WHERE summary <> ''`); n != 0 {
		t.Error("minutes saved by people who may not")
	}
	// Administrators are meeting staff too.
	admin := e.login("admin1")
	wantStatus(t, admin.get(base+"/checkin"), http.StatusOK)
	wantStatus(t, admin.get(base+"/minutes"), http.StatusOK)
}

func TestMinutes(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	gxj, zgj, power := e.department("工业和信息化局"), e.department("自然资源和规划局"), e.department("国网供电公司")
	d := checkinMeeting(t, e, portal.MeetingHeld, gxj, zgj)
	c := e.login("official1")
	path := "/meetings/" + itoa(d.meeting) + "/minutes"
	wantRedirect(t, c.post(d.url+"/"+itoa(d.wang), nil), d.url)

	// The form: planned departments ticked, attendance from the check-ins.
	page := c.get(path)
	wantStatus(t, page, http.StatusOK)
	doc := page.doc(t)
	for id, want := range map[int64]bool{gxj: true, zgj: true, power: false} {
		if _, ticked := doc.Find(`[data-testid="dept-` + itoa(id) + `"]`).Attr("checked"); ticked != want {
			t.Errorf("department %d ticked = %v, want %v", id, ticked, want)
		}
	}
	checkedIn := count(t, e, `SELECT count(*) FROM attendees WHERE meeting_id = $1 AND checked_in_at IS NOT NULL`, d.meeting)
	if got := page.text(t, "minutes-attendance"); got != "签到 "+itoa(int64(checkedIn))+" 人，应到 2 人" || checkedIn != 1 {
		t.Errorf("attendance = %q (%d checked in)", got, checkedIn)
	}
	version, _ := doc.Find(`input[name="version"]`).Attr("value")

	// A summary is required; too long is refused; what was typed stays.
	res := c.post(path, url.Values{"version": {version}, "minutes": {"  "}, "attending_leaders": {"陈志远（区长）"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-minutes") == "" {
		t.Error("no message beside the summary")
	}
	if v, _ := res.doc(t).Find(`[name="attending_leaders"]`).Attr("value"); v != "陈志远（区长）" {
		t.Errorf("leaders kept as %q", v)
	}
	res = c.post(path, url.Values{"version": {version}, "minutes": {strings.Repeat("纪", 5001)}})
	wantStatus(t, res, http.StatusUnprocessableEntity)

	// Saved: the zoning bureau did not come, the power company came unplanned.
	now := e.setClock(10, 15)
	summary := "会议听取了 6 家企业的发展情况汇报，现场协调用地、用电等诉求 5 项。"
	leaders := "陈志远（区长）、林国栋（常务副区长）"
	res = c.post(path, url.Values{"version": {version}, "minutes": {summary}, "attending_leaders": {leaders},
		"department_ids": {itoa(gxj), itoa(power)}})
	wantRedirect(t, res, path)
	var m struct {
		summary, leaders string
		at               *time.Time
		version          int
	}
	if err := e.pool.QueryRow(context.Background(), `SELECT summary, attending_leaders, minutes_at, version FROM meetings WHERE id = $1`,
		d.meeting).Scan(&m.summary, &m.leaders, &m.at, &m.version); err != nil {
		t.Fatal(err)
	}
	if m.summary != summary || m.leaders != leaders || m.at == nil || !m.at.Equal(now) || itoa(int64(m.version-1)) != version {
		t.Errorf("stored %+v", m)
	}
	for id, want := range map[int64]bool{gxj: true, zgj: false, power: true} {
		if n := count(t, e, `SELECT count(*) FROM meeting_departments WHERE meeting_id = $1 AND department_id = $2 AND attended = $3`,
			d.meeting, id, want); n != 1 {
			t.Errorf("department %d: attended = %v not stored", id, want)
		}
	}
	page = c.get(path)
	if got := page.text(t, "flash"); got != "会议纪要已保存。" {
		t.Errorf("flash = %q", got)
	}
	doc = page.doc(t)
	if got := doc.Find(`textarea[name="minutes"]`).Text(); got != summary {
		t.Errorf("summary shown as %q", got)
	}
	for id, want := range map[int64]bool{gxj: true, zgj: false, power: true} {
		if _, ticked := doc.Find(`[data-testid="dept-` + itoa(id) + `"]`).Attr("checked"); ticked != want {
			t.Errorf("after saving, department %d ticked = %v", id, ticked)
		}
	}

	// Someone saving with the version from before: a clear conflict, nothing overwritten.
	res = c.post(path, url.Values{"version": {version}, "minutes": {"旧页面上的纪要"}})
	wantStatus(t, res, http.StatusConflict)
	if res.text(t, "minutes-conflict") == "" {
		t.Error("no conflict message")
	}
	if got := res.text(t, "minutes-summary"); got != summary {
		t.Errorf("current minutes shown as %q", got)
	}
	if got := res.doc(t).Find(`textarea[name="minutes"]`).Text(); got != "旧页面上的纪要" {
		t.Errorf("typed text kept as %q", got)
	}
	if n := count(t, e, `SELECT count(*) FROM meetings WHERE id = $1 AND summary = $2`, d.meeting, summary); n != 1 {
		t.Error("a stale save overwrote the minutes")
	}

	// Closed is final: read-only, and saving is refused.
	if _, err := postgres.NewMeetingStore(e.pool).Transition(context.Background(), d.meeting, m.version, portal.ActionClose, "", now); err != nil {
		t.Fatalf("close after minutes: %v", err)
	}
	page = c.get(path)
	if page.text(t, "minutes-readonly") == "" || page.doc(t).Find(`[data-testid="minutes-form"]`).Length() != 0 {
		t.Error("a closed meeting's minutes are editable")
	}
	if got := page.text(t, "minutes-summary"); got != summary {
		t.Errorf("closed summary = %q", got)
	}
	if got := page.text(t, "minutes-leaders"); got != leaders {
		t.Errorf("closed leaders = %q", got)
	}
	if got := page.text(t, "minutes-departments"); !strings.Contains(got, "工业和信息化局") || !strings.Contains(got, "国网供电公司") || strings.Contains(got, "自然资源") {
		t.Errorf("closed departments = %q", got)
	}
	wantStatus(t, c.post(path, url.Values{"version": {itoa(int64(m.version + 1))}, "minutes": {"改"}}), http.StatusConflict)
}

func TestMinutesOnlyOnceHeld(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	d := checkinMeeting(t, e, portal.MeetingPublished)
	c := e.login("official1")
	path := "/meetings/" + itoa(d.meeting) + "/minutes"
	page := c.get(path)
	wantStatus(t, page, http.StatusOK)
	if got := page.text(t, "minutes-readonly"); got != "会议举行后才能填写纪要。" {
		t.Errorf("read-only note = %q", got)
	}
	wantStatus(t, c.post(path, url.Values{"version": {"1"}, "minutes": {"提前写的纪要"}}), http.StatusConflict)
	if n := count(t, e, `SELECT count(*) FROM meetings WHERE summary <> ''`); n != 0 {
		t.Error("minutes saved before the meeting was held")
	}
}
