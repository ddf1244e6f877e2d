package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"

	"github.com/PuerkitoBio/goquery"
)

// calendarMeeting schedules a meeting on date (CST) from start to end and moves it through
// actions (publish, cancel…); it returns the meeting's id.
func calendarMeeting(t *testing.T, e *env, theme, date, start, end string, actions ...portal.MeetingAction) int64 {
	t.Helper()
	ctx := context.Background()
	store := postgres.NewMeetingStore(e.pool)
	var official int64
	if err := e.pool.QueryRow(ctx, `SELECT id FROM users WHERE role = 'official' ORDER BY id LIMIT 1`).Scan(&official); err != nil {
		t.Fatal("calendarMeeting needs an official account: ", err)
	}
	id, err := store.Create(ctx, portal.MeetingInput{Theme: theme, Date: date, StartTime: start, EndTime: end,
		Venue: "区行政中心 3 楼第一会议室", HostName: "陈志远", HostTitle: "副区长", Capacity: 30, PerEnterpriseLimit: 2,
		Agenda: "一、企业家发言，每家 5 分钟；\n二、部门现场答复 \\ 交办。"}, official)
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range actions {
		if _, err := store.Transition(ctx, id, 1+i, a, "因台风预警延期", time.Now().AddDate(1, 0, 0)); err != nil {
			t.Fatalf("%s: %v", a, err)
		}
	}
	return id
}

// setNow fixes the server's clock.
func (e *env) setNow(t time.Time) { e.srv.now = func() time.Time { return t } }

func TestCalendarMonth(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.newAccount("gxj", portal.RoleDepartment)
	e.newAccount("boss", portal.RoleEntrepreneur)
	e.setNow(time.Date(2026, 12, 10, 10, 0, 0, 0, portal.CST))
	first := calendarMeeting(t, e, "新能源汽车产业链早餐会", "2026-12-01", "07:30", "09:00", portal.ActionPublish)
	cancelled := calendarMeeting(t, e, "生物医药产业链早餐会", "2026-12-18", "07:30", "09:00", portal.ActionPublish, portal.ActionCancel)
	draft := calendarMeeting(t, e, "集成电路产业链早餐会", "2026-12-18", "08:00", "09:30")
	before := calendarMeeting(t, e, "十一月早餐会", "2026-11-30", "07:30", "09:00", portal.ActionPublish)
	after := calendarMeeting(t, e, "元旦早餐会", "2027-01-01", "07:30", "09:00", portal.ActionPublish)
	c := e.login("official1")

	res := c.get("/meetings/calendar?month=2026-12")
	wantStatus(t, res, http.StatusOK)
	doc := res.doc(t)
	if got := res.text(t, "cal-caption"); got != "2026年12月" {
		t.Errorf("caption %q", got)
	}
	var heads []string
	doc.Find(`[data-testid="calendar"] thead th[scope="col"]`).Each(func(_ int, s *goquery.Selection) {
		heads = append(heads, s.Text())
	})
	if strings.Join(heads, ",") != "周一,周二,周三,周四,周五,周六,周日" {
		t.Errorf("weekday headers %q", heads)
	}
	// 1 December 2026 is a Tuesday: the first week starts with one empty Monday.
	week1 := doc.Find(`[data-testid="calendar"] tbody tr`).First().Find("td")
	if id, _ := week1.Eq(1).Attr("data-testid"); id != "cal-day-2026-12-01" || week1.Eq(0).HasClass("cal-day") {
		t.Errorf("first week starts with %q", id)
	}
	if n := doc.Find(`[data-testid="calendar"] tbody tr`).Length(); n != 5 {
		t.Errorf("%d weeks, want 5", n)
	}
	// 07:30 CST on the 1st is 23:30 UTC on 30 November, and still shows on the 1st.
	day1 := doc.Find(`[data-testid="cal-day-2026-12-01"]`)
	link := day1.Find(`[data-testid="cal-meeting-` + itoa(first) + `"]`)
	if href, _ := link.Attr("href"); href != "/meetings/"+itoa(first) {
		t.Fatalf("meeting of the 1st not on the 1st: %q", day1.Text())
	}
	if got := strings.Join(strings.Fields(link.Text()), " "); got != "07:30 新能源汽车产业链早餐会 已发布" {
		t.Errorf("meeting shows %q", got)
	}
	day18 := doc.Find(`[data-testid="cal-day-2026-12-18"]`)
	if got := day18.Find(`[data-testid="cal-meeting-` + itoa(cancelled) + `"] s`).Text(); got != "生物医药产业链早餐会" {
		t.Errorf("cancelled meeting not struck through: %q", day18.Text())
	}
	if day18.Find(`[data-testid="cal-meeting-`+itoa(draft)+`"]`).Length() != 1 {
		t.Error("officials should see drafts")
	}
	for _, id := range []int64{before, after} {
		if doc.Find(`[data-testid="cal-meeting-`+itoa(id)+`"]`).Length() != 0 {
			t.Errorf("meeting %d of another month shown", id)
		}
	}
	if cur, _ := doc.Find(`[data-testid="cal-day-2026-12-10"]`).Attr("aria-current"); cur != "date" {
		t.Error("today not marked")
	}
	if n := doc.Find(`[aria-current="date"]`).Length(); n != 1 {
		t.Errorf("%d days marked today", n)
	}
	hrefs := map[string]string{"cal-prev": "/meetings/calendar?month=2026-11", "cal-next": "/meetings/calendar?month=2027-01",
		"cal-list": "/meetings", "cal-subscribe": "/account/calendar"}
	for id, want := range hrefs {
		if got, _ := doc.Find(`[data-testid="` + id + `"]`).Attr("href"); got != want {
			t.Errorf("%s → %q, want %q", id, got, want)
		}
	}
	if doc.Find(`[data-testid="cal-this-month"]`).Length() != 0 {
		t.Error("a this-month link on this month")
	}

	t.Run("no parameter is this month; another month links back to it", func(t *testing.T) {
		if got := c.get("/meetings/calendar").text(t, "cal-caption"); got != "2026年12月" {
			t.Errorf("caption %q", got)
		}
		res := c.get("/meetings/calendar?month=2027-01")
		if href, _ := res.doc(t).Find(`[data-testid="cal-this-month"]`).Attr("href"); href != "/meetings/calendar" {
			t.Errorf("this month → %q", href)
		}
		if res.doc(t).Find(`[data-testid="cal-meeting-`+itoa(after)+`"]`).Length() != 1 {
			t.Error("January's meeting missing in January")
		}
		if got := c.get("/meetings/calendar?month=2027-02").text(t, "cal-empty"); got == "" {
			t.Error("empty month says nothing")
		}
	})

	t.Run("bad month is 400", func(t *testing.T) {
		for _, m := range []string{"2026-13", "2026-1", "abc", "2026-12-01", "1999-12", "%E4%B8%80"} {
			res := c.get("/meetings/calendar?month=" + m)
			wantStatus(t, res, http.StatusBadRequest)
			if !strings.Contains(res.text(t, "error-page"), "2026-12") {
				t.Errorf("%s: page %q", m, res.text(t, "error-page"))
			}
		}
	})

	t.Run("officials and admins only", func(t *testing.T) {
		wantStatus(t, e.login("gxj").get("/meetings/calendar"), http.StatusForbidden)
		wantStatus(t, e.login("boss").get("/meetings/calendar"), http.StatusForbidden)
		wantRedirect(t, e.client().get("/meetings/calendar"), "/login")
	})
}

// icsEvent is a VEVENT read back: property name → unescaped value.
type icsEvent map[string]string

// parseICS reads a calendar as a calendar application would, checking the line rules on the
// way: CRLF ends, no physical line over 75 octets, no character split by a fold.
func parseICS(t *testing.T, body string) []icsEvent {
	t.Helper()
	if !strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		t.Fatalf("not a calendar:\n%.300s", body)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("fold splits a character: %q", l)
		}
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
		} else {
			lines = append(lines, l)
		}
	}
	unescape := strings.NewReplacer(`\\`, `\`, `\;`, `;`, `\,`, `,`, `\n`, "\n", `\N`, "\n")
	var events []icsEvent
	var cur icsEvent
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("bad line %q", l)
		}
		name, _, _ = strings.Cut(name, ";")
		switch {
		case l == "BEGIN:VEVENT":
			cur = icsEvent{}
		case l == "END:VEVENT":
			events = append(events, cur)
			cur = nil
		case cur != nil:
			cur[name] = unescape.Replace(value)
		}
	}
	return events
}

func TestMeetingICS(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.setNow(time.Date(2026, 11, 20, 10, 0, 0, 0, portal.CST))
	theme := "新能源汽车产业链企业家早餐会（第十二期），主题：供应链协同；融资对接"
	id := calendarMeeting(t, e, theme, "2026-12-01", "07:30", "09:00", portal.ActionPublish)
	c := e.login("official1")

	res := c.get("/meetings/" + itoa(id) + "/meeting.ics")
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	cd := res.Header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, `attachment; filename="meeting-2026-12-01.ics"; filename*=UTF-8''2026-12-01%20`) ||
		!strings.Contains(cd, url.PathEscape("新能源汽车")) {
		t.Errorf("Content-Disposition %q", cd)
	}
	events := parseICS(t, res.body)
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	ev := events[0]
	host, _, _ := strings.Cut(strings.TrimPrefix(e.ts.URL, "http://"), ":")
	if want := "meeting-" + itoa(id) + "@" + host; ev["UID"] != want {
		t.Errorf("UID %q, want %q", ev["UID"], want)
	}
	start, err := time.Parse("20060102T150405Z", ev["DTSTART"])
	if err != nil || !start.Equal(time.Date(2026, 12, 1, 7, 30, 0, 0, portal.CST)) {
		t.Errorf("DTSTART %q", ev["DTSTART"])
	}
	end, err := time.Parse("20060102T150405Z", ev["DTEND"])
	if err != nil || !end.Equal(time.Date(2026, 12, 1, 9, 0, 0, 0, portal.CST)) {
		t.Errorf("DTEND %q", ev["DTEND"])
	}
	want := icsEvent{"SUMMARY": theme, "LOCATION": "区行政中心 3 楼第一会议室", "STATUS": "CONFIRMED", "SEQUENCE": "2",
		"DESCRIPTION": "主持：陈志远 副区长\n\n议程：\n一、企业家发言，每家 5 分钟；\n二、部门现场答复 \\ 交办。",
		"URL":         e.ts.URL + "/meetings/" + itoa(id)}
	for k, v := range want {
		if ev[k] != v {
			t.Errorf("%s = %q, want %q", k, ev[k], v)
		}
	}
	if !strings.Contains(res.body, "\r\n ") {
		t.Error("the long description was not folded")
	}

	t.Run("a cancelled meeting says so, with the reason", func(t *testing.T) {
		id := calendarMeeting(t, e, "生物医药产业链早餐会", "2026-12-18", "07:30", "09:00", portal.ActionPublish, portal.ActionCancel)
		ev := parseICS(t, c.get("/meetings/"+itoa(id)+"/meeting.ics").body)[0]
		if ev["STATUS"] != "CANCELLED" || ev["SEQUENCE"] != "3" || !strings.HasPrefix(ev["DESCRIPTION"], "会议已取消：因台风预警延期") {
			t.Errorf("cancelled: %v", ev)
		}
		if uid := ev["UID"]; uid != "meeting-"+itoa(id)+"@"+host {
			t.Errorf("UID %q", uid)
		}
	})
	t.Run("a draft is tentative", func(t *testing.T) {
		id := calendarMeeting(t, e, "集成电路产业链早餐会", "2026-12-20", "07:30", "09:00")
		if ev := parseICS(t, c.get("/meetings/"+itoa(id)+"/meeting.ics").body)[0]; ev["STATUS"] != "TENTATIVE" {
			t.Errorf("draft: %v", ev)
		}
	})
	t.Run("unknown meeting is 404", func(t *testing.T) {
		wantStatus(t, c.get("/meetings/987654/meeting.ics"), http.StatusNotFound)
	})
	t.Run("English", func(t *testing.T) {
		e.pool.Exec(context.Background(), `UPDATE users SET lang = 'en' WHERE username = 'official1'`)
		ev := parseICS(t, e.login("official1").get("/meetings/"+itoa(id)+"/meeting.ics").body)[0]
		if !strings.HasPrefix(ev["DESCRIPTION"], "Host: 陈志远 副区长") || ev["SUMMARY"] != theme {
			t.Errorf("English description %q", ev["DESCRIPTION"])
		}
	})
}

func TestEntrepreneurICS(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	boss := e.newAccount("boss", portal.RoleEntrepreneur)
	other := e.enterprise("别家企业", portal.EnterpriseVerified)
	e.setNow(time.Date(2026, 11, 20, 10, 0, 0, 0, portal.CST))
	invite := func(meeting, enterprise int64, status string) {
		t.Helper()
		if _, err := e.pool.Exec(context.Background(), `INSERT INTO invitations (meeting_id, enterprise_id, status, source)
			VALUES ($1, $2, $3, 'official')`, meeting, enterprise, status); err != nil {
			t.Fatal(err)
		}
	}
	mine := calendarMeeting(t, e, "邀请了我们的早餐会", "2026-12-01", "07:30", "09:00", portal.ActionPublish)
	invite(mine, *boss.EnterpriseID, "invited")
	declined := calendarMeeting(t, e, "婉拒了的早餐会", "2026-12-02", "07:30", "09:00", portal.ActionPublish)
	invite(declined, *boss.EnterpriseID, "declined")
	notMine := calendarMeeting(t, e, "别家的早餐会", "2026-12-03", "07:30", "09:00", portal.ActionPublish)
	invite(notMine, other, "accepted")
	refused := calendarMeeting(t, e, "报名未通过的早餐会", "2026-12-04", "07:30", "09:00", portal.ActionPublish)
	invite(refused, *boss.EnterpriseID, "refused")
	draft := calendarMeeting(t, e, "草稿早餐会", "2026-12-05", "07:30", "09:00")
	invite(draft, *boss.EnterpriseID, "invited")

	c := e.login("boss")
	for name, tc := range map[string]struct {
		id   int64
		want int
	}{
		"invited": {mine, http.StatusOK}, "declined is still theirs": {declined, http.StatusOK},
		"another enterprise's": {notMine, http.StatusNotFound}, "refused application": {refused, http.StatusNotFound},
		"draft": {draft, http.StatusNotFound}, "no such meeting": {999999, http.StatusNotFound},
	} {
		t.Run(name, func(t *testing.T) {
			res := c.get("/my/meetings/" + itoa(tc.id) + "/meeting.ics")
			wantStatus(t, res, tc.want)
			if tc.want == http.StatusOK {
				ev := parseICS(t, res.body)[0]
				if ev["UID"] == "" || ev["STATUS"] != "CONFIRMED" || ev["URL"] != "" {
					t.Errorf("event %v", ev)
				}
			}
		})
	}
	t.Run("each side uses its own address", func(t *testing.T) {
		wantStatus(t, c.get("/meetings/"+itoa(mine)+"/meeting.ics"), http.StatusForbidden)
		wantStatus(t, e.login("official1").get("/my/meetings/"+itoa(mine)+"/meeting.ics"), http.StatusForbidden)
	})
}

func TestCalendarFeed(t *testing.T) {
	e := newEnv(t)
	official := e.newAccount("official1", portal.RoleOfficial)
	e.newAccount("gxj", portal.RoleDepartment)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, portal.CST)
	e.setNow(now)
	published := calendarMeeting(t, e, "十二月早餐会", "2026-12-18", "07:30", "09:00", portal.ActionPublish)
	cancelled := calendarMeeting(t, e, "取消了的早餐会", "2026-12-25", "07:30", "09:00", portal.ActionPublish, portal.ActionCancel)
	recent := calendarMeeting(t, e, "九月早餐会", "2026-09-18", "07:30", "09:00", portal.ActionPublish)
	draft := calendarMeeting(t, e, "草稿早餐会", "2026-12-20", "07:30", "09:00")
	old := calendarMeeting(t, e, "半年前的早餐会", "2026-05-18", "07:30", "09:00", portal.ActionPublish)
	far := calendarMeeting(t, e, "明年底的早餐会", "2027-12-18", "07:30", "09:00", portal.ActionPublish)

	c := e.login("official1")
	// The calendar page leads to the subscription page.
	if href, _ := c.get("/meetings/calendar").doc(t).Find(`[data-testid="cal-subscribe"]`).Attr("href"); href != "/account/calendar" {
		t.Fatalf("subscribe link %q", href)
	}
	page := c.get("/account/calendar")
	wantStatus(t, page, http.StatusOK)
	feed, _ := page.doc(t).Find(`[data-testid="feed-url"]`).Attr("value")
	if !strings.HasPrefix(feed, e.ts.URL+"/calendar/") || !strings.HasSuffix(feed, ".ics") {
		t.Fatalf("feed URL %q", feed)
	}
	token := strings.TrimSuffix(strings.TrimPrefix(feed, e.ts.URL+"/calendar/"), ".ics")
	if len(token) != 43 || strings.ContainsAny(token, "+/=") {
		t.Errorf("token %q is not 32 bytes of base64url", token)
	}
	if webcal, _ := page.doc(t).Find(`[data-testid="feed-webcal"]`).Attr("href"); webcal != "webcal"+strings.TrimPrefix(feed, "http") {
		t.Errorf("webcal link %q", webcal)
	}
	if again, _ := c.get("/account/calendar").doc(t).Find(`[data-testid="feed-url"]`).Attr("value"); again != feed {
		t.Errorf("the address changed on a second visit: %q", again)
	}
	path := strings.TrimPrefix(feed, e.ts.URL)

	// No login: a calendar application fetches it.
	anon := e.client()
	res := anon.get(path)
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	got := map[string]icsEvent{}
	for _, ev := range parseICS(t, res.body) {
		got[ev["UID"]] = ev
	}
	uid := func(id int64) string { return "meeting-" + itoa(id) + "@127.0.0.1" }
	for _, id := range []int64{published, cancelled, recent} {
		if got[uid(id)] == nil {
			t.Errorf("meeting %d missing from the feed", id)
		}
	}
	for _, id := range []int64{draft, old, far} {
		if got[uid(id)] != nil {
			t.Errorf("meeting %d (%s) should not be in the feed", id, got[uid(id)]["SUMMARY"])
		}
	}
	if ev := got[uid(cancelled)]; ev["STATUS"] != "CANCELLED" || ev["SUMMARY"] != "取消了的早餐会" {
		t.Errorf("cancelled meeting: %v", ev)
	}
	if !strings.Contains(res.body, "X-WR-CALNAME:政企早餐会\r\n") {
		t.Error("feed has no name")
	}

	t.Run("regenerating invalidates the old address", func(t *testing.T) {
		wantRedirect(t, c.post("/account/calendar/regenerate", nil), "/account/calendar")
		page := c.get("/account/calendar")
		if page.text(t, "flash") == "" {
			t.Error("no flash message")
		}
		fresh, _ := page.doc(t).Find(`[data-testid="feed-url"]`).Attr("value")
		if fresh == feed || fresh == "" {
			t.Fatalf("address not replaced: %q", fresh)
		}
		wantStatus(t, anon.get(path), http.StatusNotFound)
		path = strings.TrimPrefix(fresh, e.ts.URL)
		wantStatus(t, anon.get(path), http.StatusOK)
	})
	t.Run("unknown tokens are 404", func(t *testing.T) {
		for _, p := range []string{"/calendar/nosuchtoken.ics", "/calendar/.ics", "/calendar/" + token + "x.ics"} {
			wantStatus(t, anon.get(p), http.StatusNotFound)
		}
	})
	t.Run("a disabled account's feed is 404", func(t *testing.T) {
		users := postgres.NewUserStore(e.pool)
		if err := users.SetDisabled(context.Background(), official.ID, true); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, anon.get(path), http.StatusNotFound)
		if err := users.SetDisabled(context.Background(), official.ID, false); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, anon.get(path), http.StatusOK)
	})
	t.Run("an account that is no longer an official gets 404", func(t *testing.T) {
		e.pool.Exec(context.Background(), `UPDATE users SET role = 'department', department_id = $2 WHERE id = $1`,
			official.ID, e.department("工业和信息化局"))
		wantStatus(t, anon.get(path), http.StatusNotFound)
	})
	t.Run("department staff have no feed page", func(t *testing.T) {
		gxj := e.login("gxj")
		wantStatus(t, gxj.get("/account/calendar"), http.StatusForbidden)
		wantStatus(t, gxj.post("/account/calendar/regenerate", nil), http.StatusForbidden)
	})
}

func TestAttachmentHeader(t *testing.T) {
	for _, tc := range []struct{ ascii, utf8, want string }{
		{"a.ics", "a.ics", `attachment; filename="a.ics"`},
		{"m.ics", "2026 会/议.ics", `attachment; filename="m.ics"; filename*=UTF-8''2026%20%E4%BC%9A_%E8%AE%AE.ics`},
		{`x"\y.ics`, "", `attachment; filename="x__y.ics"`},
	} {
		w := httptest.NewRecorder()
		attachment(w, tc.ascii, tc.utf8)
		if got := w.Header().Get("Content-Disposition"); got != tc.want {
			t.Errorf("attachment(%q, %q) = %q, want %q", tc.ascii, tc.utf8, got, tc.want)
		}
	}
}
