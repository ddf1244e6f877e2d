package server

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
)

// invitationStatus returns the state of the enterprise's invitation to the meeting, "" when none.
func invitationStatus(t *testing.T, e *env, meetingID, enterpriseID int64) string {
	t.Helper()
	var st string
	_ = e.pool.QueryRow(context.Background(), `SELECT status FROM invitations WHERE meeting_id = $1 AND enterprise_id = $2`,
		meetingID, enterpriseID).Scan(&st)
	return st
}

func invitePath(id int64) string    { return "/meetings/" + itoa(id) + "/invitations" }
func myMeetingPath(id int64) string { return "/my/meetings/" + itoa(id) }

func inviteForm(list ...int64) url.Values {
	v := url.Values{}
	for _, id := range list {
		v.Add("enterprise_ids", itoa(id))
	}
	return v
}

// acceptForm is a reply form accepting with the given name/mobile pairs.
func acceptForm(pairs ...string) url.Values {
	v := url.Values{"answer": {"accept"}}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add("rep_name", pairs[i])
		v.Add("rep_title", "总经理")
		v.Add("rep_mobile", pairs[i+1])
	}
	return v
}

func TestInviteUpToCapacityThenWaitlist(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.setNow(time.Date(2026, 12, 1, 9, 0, 0, 0, portal.CST))
	m := e.meeting("新能源汽车产业链早餐会", time.Date(2026, 12, 18, 7, 30, 0, 0, portal.CST), 2)
	a := e.enterprise("星途新能源汽车股份有限公司", portal.EnterpriseVerified)
	b := e.enterprise("恒驰动力电池有限公司", portal.EnterpriseVerified)
	c := e.enterprise("云杉智能驾驶科技有限公司", portal.EnterpriseVerified)
	pending := e.enterprise("待审核的新公司", portal.EnterprisePending)
	off := e.login("official1")

	page := off.get(invitePath(m))
	wantStatus(t, page, http.StatusOK)
	if page.text(t, "tab-invitations") == "" || page.doc(t).Find(`[data-testid="tab-invitations"][aria-current="page"]`).Length() != 1 {
		t.Error("the page does not start with the meeting header on the invitations tab")
	}
	for _, id := range []int64{a, b, c} {
		if page.doc(t).Find(`[data-testid="pick-`+itoa(id)+`"]`).Length() != 1 {
			t.Errorf("verified enterprise %d not offered", id)
		}
	}
	if page.doc(t).Find(`[data-testid="candidate-`+itoa(pending)+`"]`).Length() != 0 {
		t.Error("an unverified enterprise is offered")
	}

	res := off.post(invitePath(m), inviteForm(a, b, c))
	wantRedirect(t, res, invitePath(m))
	page = off.get(res.Header.Get("Location"))
	if got := page.text(t, "flash"); got != "已邀请 2 家企业，1 家进入候补名单。" {
		t.Errorf("flash %q", got)
	}
	if got := page.text(t, "count-seats"); got != "2 / 2" {
		t.Errorf("seats %q", got)
	}
	if got := page.text(t, "count-waitlisted"); got != "1" {
		t.Errorf("waitlisted %q", got)
	}
	if got := page.text(t, "waitlist-"+itoa(c)); !strings.Contains(got, "云杉智能驾驶") {
		t.Errorf("waitlist row %q", got)
	}
	if got := page.doc(t).Find(`[data-testid="invitation-` + itoa(a) + `"] [data-testid="invitation-status"]`).Text(); got != "已邀请，待回复" {
		t.Errorf("status badge %q", got)
	}
	if page.doc(t).Find(`[data-testid="candidate-`+itoa(a)+`"]`).Length() != 0 {
		t.Error("an invited enterprise is still offered")
	}

	t.Run("already invited", func(t *testing.T) {
		d := e.enterprise("德芯半导体有限公司", portal.EnterpriseVerified)
		res := off.post(invitePath(m), inviteForm(d, a))
		wantStatus(t, res, http.StatusConflict)
		if got := res.text(t, "invite-error"); !strings.Contains(got, "星途新能源汽车股份有限公司") || !strings.Contains(got, "已在本次会议名单中") {
			t.Errorf("message %q", got)
		}
		if !res.doc(t).Find(`[data-testid="pick-` + itoa(d) + `"]`).Is(":checked") {
			t.Error("the ticks were not kept")
		}
		if invitationStatus(t, e, m, d) != "" {
			t.Error("part of a refused round was saved")
		}
	})
	t.Run("unverified", func(t *testing.T) {
		res := off.post(invitePath(m), inviteForm(pending))
		wantStatus(t, res, http.StatusConflict)
		if got := res.text(t, "invite-error"); !strings.Contains(got, "待审核的新公司") || !strings.Contains(got, "尚未通过认证") {
			t.Errorf("message %q", got)
		}
	})
	t.Run("nothing ticked", func(t *testing.T) {
		res := off.post(invitePath(m), url.Values{})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if res.text(t, "invite-error") == "" {
			t.Error("no message")
		}
	})
	t.Run("entrepreneurs and departments may not", func(t *testing.T) {
		e.newAccount("boss", portal.RoleEntrepreneur)
		e.newAccount("gxj", portal.RoleDepartment)
		for _, who := range []string{"boss", "gxj"} {
			c := e.login(who)
			wantStatus(t, c.get(invitePath(m)), http.StatusForbidden)
			wantStatus(t, c.post(invitePath(m), inviteForm(b)), http.StatusForbidden)
		}
	})
}

func TestInvitationPickerFilters(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, portal.CST)
	e.setNow(now)
	ctx := context.Background()
	old := e.meeting("八月早餐会", time.Date(2026, 8, 18, 7, 30, 0, 0, portal.CST), 30)
	recent := e.meeting("十一月早餐会", time.Date(2026, 11, 18, 7, 30, 0, 0, portal.CST), 30)
	m := e.meeting("十二月早餐会", time.Date(2026, 12, 18, 7, 30, 0, 0, portal.CST), 30)
	key := e.enterprise("甲重点企业", portal.EnterpriseVerified)
	e.pool.Exec(ctx, `UPDATE enterprises SET is_key = true WHERE id = $1`, key)
	augGuest := e.enterprise("乙八月受邀企业", portal.EnterpriseVerified)
	novGuest := e.enterprise("丙十一月受邀企业", portal.EnterpriseVerified)
	otherChain := e.enterprise("丁集成电路企业", portal.EnterpriseVerified)
	e.pool.Exec(ctx, `UPDATE enterprise_chains SET chain_id = $2 WHERE enterprise_id = $1`, otherChain, e.chain("集成电路"))
	for _, x := range []struct{ m, ent int64 }{{old, augGuest}, {recent, novGuest}} {
		e.pool.Exec(ctx, `INSERT INTO invitations (meeting_id, enterprise_id, status, source) VALUES ($1, $2, 'accepted', 'official')`, x.m, x.ent)
	}
	off := e.login("official1")
	offered := func(query string) []int64 {
		t.Helper()
		res := off.get(invitePath(m) + query)
		wantStatus(t, res, http.StatusOK)
		var got []int64
		for _, id := range []int64{key, augGuest, novGuest, otherChain} {
			if res.doc(t).Find(`[data-testid="candidate-`+itoa(id)+`"]`).Length() == 1 {
				got = append(got, id)
			}
		}
		return got
	}
	tests := []struct {
		name, query string
		want        []int64
	}{
		{"default: the meeting's chain, not invited in 3 months", "", []int64{key, augGuest}},
		{"every chain", "?chain=&months=3", []int64{key, augGuest, otherChain}},
		{"any time", "?months=0", []int64{key, augGuest, novGuest}},
		{"6 months", "?months=6", []int64{key}},
		{"key enterprises", "?key=yes&months=0", []int64{key}},
		{"name search", "?q=十一月&months=0", []int64{novGuest}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := offered(tt.query); itoaAll(got) != itoaAll(tt.want) {
				t.Errorf("offered %v, want %v", got, tt.want)
			}
		})
	}
}

func itoaAll(list []int64) string {
	var s []string
	for _, id := range list {
		s = append(s, itoa(id))
	}
	return strings.Join(s, ",")
}

func TestReplyAndDeclinePromotesWaitlist(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	a := *e.newAccount("ent-a", portal.RoleEntrepreneur).EnterpriseID
	b := *e.newAccount("ent-b", portal.RoleEntrepreneur).EnterpriseID
	c := *e.newAccount("ent-c", portal.RoleEntrepreneur).EnterpriseID
	e.setNow(time.Date(2026, 12, 1, 9, 0, 0, 0, portal.CST))
	m := e.meeting("新能源汽车产业链早餐会", time.Date(2026, 12, 18, 7, 30, 0, 0, portal.CST), 1)
	wantRedirect(t, e.login("official1").post(invitePath(m), inviteForm(a, b, c)), invitePath(m))

	entA := e.login("ent-a")
	list := entA.get("/my/meetings")
	wantStatus(t, list, http.StatusOK)
	if got := list.text(t, "my-meeting-"+itoa(m)); !strings.Contains(got, "新能源汽车产业链早餐会") || !strings.Contains(got, "已邀请，待回复") {
		t.Errorf("my meetings row %q", got)
	}
	page := entA.get(myMeetingPath(m))
	wantStatus(t, page, http.StatusOK)
	for id, want := range map[string]string{"meeting-venue": "区行政中心 3 楼第一会议室", "meeting-host": "陈志远 副区长",
		"meeting-when": "2026年12月18日（星期五）07:30–09:00"} {
		if got := page.text(t, id); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	if page.text(t, "reply-form") == "" {
		t.Fatal("no reply form")
	}

	// B is first on the waitlist: it may only withdraw.
	pageB := e.login("ent-b").get(myMeetingPath(m))
	if got := pageB.text(t, "invitation-note"); !strings.Contains(got, "第 1 位") {
		t.Errorf("B's note %q", got)
	}
	if pageB.doc(t).Find(`[data-testid="reply-accept"]`).Length() != 0 {
		t.Error("a waitlisted enterprise is offered to accept")
	}

	res := entA.post(myMeetingPath(m)+"/reply", url.Values{"answer": {"decline"}})
	wantRedirect(t, res, myMeetingPath(m))
	if got := entA.get(myMeetingPath(m)).text(t, "flash"); got != "已回复不参加。" {
		t.Errorf("flash %q", got)
	}
	if st := invitationStatus(t, e, m, a); st != "declined" {
		t.Errorf("A: %s", st)
	}
	if st := invitationStatus(t, e, m, b); st != "invited" {
		t.Errorf("B after A declined: %s, want invited", st)
	}
	if st := invitationStatus(t, e, m, c); st != "waitlisted" {
		t.Errorf("C: %s", st)
	}
	if e.login("ent-b").get(myMeetingPath(m)).doc(t).Find(`[data-testid="reply-accept"]`).Length() != 1 {
		t.Error("B, promoted, cannot accept")
	}
	// A declined: no more answers.
	wantStatus(t, entA.post(myMeetingPath(m)+"/reply", acceptForm("王建华", "13812345678")), http.StatusConflict)
}

func TestAcceptWithRepresentatives(t *testing.T) {
	// The test server's loopback address stands for a TLS-terminating proxy.
	e := newEnvWith(t, Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	e.newAccount("official1", portal.RoleOfficial)
	ent := *e.newAccount("boss", portal.RoleEntrepreneur).EnterpriseID
	e.setNow(time.Date(2026, 12, 1, 9, 0, 0, 0, portal.CST))
	m := e.meeting("新能源汽车产业链早餐会", time.Date(2026, 12, 18, 7, 30, 0, 0, portal.CST), 10) // two per enterprise
	wantRedirect(t, e.login("official1").post(invitePath(m), inviteForm(ent)), invitePath(m))
	c := e.login("boss")

	tests := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"over the per-enterprise limit", acceptForm("王建华", "13812345678", "李明", "13912345678", "赵敏", "13712345678"), "error-reps"},
		{"bad mobile", acceptForm("王建华", "12345"), "error-rep_mobile_0"},
		{"nobody", acceptForm(), "error-rep_name_0"},
		{"same mobile twice", acceptForm("王建华", "13812345678", "李明", "13812345678"), "error-rep_mobile_1"},
		{"no answer", url.Values{"rep_name": {"王建华"}, "rep_mobile": {"13812345678"}}, "error-answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := c.post(myMeetingPath(m)+"/reply", tt.form)
			wantStatus(t, res, http.StatusUnprocessableEntity)
			if res.text(t, tt.field) == "" {
				t.Errorf("no message at %s", tt.field)
			}
			for i, name := range tt.form["rep_name"] {
				if got, _ := res.doc(t).Find(`#rep_name-` + itoa(int64(i))).Attr("value"); got != name {
					t.Errorf("row %d name kept as %q, want %q", i, got, name)
				}
			}
		})
	}
	if st := invitationStatus(t, e, m, ent); st != "invited" {
		t.Fatalf("after refused replies: %s", st)
	}

	res := c.post(myMeetingPath(m)+"/reply", acceptForm("王建华", "138 1234 5678", "李明", "13912345678"))
	wantRedirect(t, res, myMeetingPath(m))
	page := c.get(myMeetingPath(m))
	if got := page.text(t, "flash"); !strings.Contains(got, "已确认参会") {
		t.Errorf("flash %q", got)
	}
	if got := page.text(t, "invitation-status"); got != "确认参会" {
		t.Errorf("status %q", got)
	}
	passes := page.doc(t).Find(`[data-testid^="pass-"]`)
	if passes.Length() != 2 {
		t.Fatalf("%d passes, want 2", passes.Length())
	}
	var attendeeID int64
	var code string
	e.pool.QueryRow(context.Background(), `SELECT id, checkin_code FROM attendees WHERE meeting_id = $1 AND mobile = '13812345678'`, m).
		Scan(&attendeeID, &code)
	if got := page.text(t, "code-"+itoa(attendeeID)); got != code {
		t.Errorf("code shown %q, stored %q", got, code)
	}
	qr := page.doc(t).Find(`[data-testid="qr-` + itoa(attendeeID) + `"]`)
	wantURL := e.ts.URL + "/meetings/" + itoa(m) + "/checkin?code=" + code
	if got, _ := qr.Attr("data-url"); got != wantURL {
		t.Errorf("QR encodes %q, want %q", got, wantURL)
	}
	if qr.Find("svg path").Length() != 1 {
		t.Error("no QR code drawn")
	}
	// Behind a trusted TLS proxy the QR code links to https.
	req, _ := http.NewRequest(http.MethodGet, c.base+myMeetingPath(m), nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	if got, _ := c.do(req).doc(t).Find(`[data-testid="qr-` + itoa(attendeeID) + `"]`).Attr("data-url"); !strings.HasPrefix(got, "https://") {
		t.Errorf("behind TLS: %q", got)
	}
	// The form shows the representatives for changing; 王建华 keeps his code when 李明 is replaced.
	if got, _ := page.doc(t).Find(`#rep_mobile-0`).Attr("value"); got != "13812345678" {
		t.Errorf("form prefilled with %q", got)
	}
	wantRedirect(t, c.post(myMeetingPath(m)+"/reply", acceptForm("王建华", "13812345678", "赵敏", "13712345678")), myMeetingPath(m))
	var kept string
	e.pool.QueryRow(context.Background(), `SELECT checkin_code FROM attendees WHERE id = $1`, attendeeID).Scan(&kept)
	if kept != code {
		t.Errorf("code changed from %q to %q", code, kept)
	}
	if n := count(t, e, `SELECT count(*) FROM attendees WHERE meeting_id = $1`, m); n != 2 {
		t.Errorf("%d attendees, want 2", n)
	}
}

func TestReplyAfterStartRefused(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	ent := *e.newAccount("boss", portal.RoleEntrepreneur).EnterpriseID
	start := time.Date(2026, 12, 18, 7, 30, 0, 0, portal.CST)
	e.setNow(start.AddDate(0, 0, -7))
	m := e.meeting("新能源汽车产业链早餐会", start, 10)
	wantRedirect(t, e.login("official1").post(invitePath(m), inviteForm(ent)), invitePath(m))
	c := e.login("boss")

	e.setNow(start.Add(10 * time.Minute))
	page := c.get(myMeetingPath(m))
	if page.doc(t).Find(`[data-testid="reply-form"]`).Length() != 0 {
		t.Error("reply form offered after the start")
	}
	if page.text(t, "reply-closed") == "" {
		t.Error("no word on why replies are closed")
	}
	res := c.post(myMeetingPath(m)+"/reply", acceptForm("王建华", "13812345678"))
	wantStatus(t, res, http.StatusConflict)
	if res.text(t, "reply-error") == "" {
		t.Error("no message")
	}
	res = c.post(myMeetingPath(m)+"/reply", url.Values{"answer": {"decline"}})
	wantStatus(t, res, http.StatusConflict)
	if st := invitationStatus(t, e, m, ent); st != "invited" {
		t.Errorf("status %s after refused replies", st)
	}
	// Inviting after the start is refused on the officials' side too.
	off := e.login("official1")
	if off.get(invitePath(m)).text(t, "invite-blocked") == "" {
		t.Error("picker offered after the start")
	}
	other := e.enterprise("迟到企业", portal.EnterpriseVerified)
	wantStatus(t, off.post(invitePath(m), inviteForm(other)), http.StatusConflict)

	// A cancelled meeting shows its reason and takes no replies.
	e.setNow(start.AddDate(0, 0, -7))
	m2 := e.meeting("生物医药产业链早餐会", start.AddDate(0, 0, 1), 10)
	wantRedirect(t, off.post(invitePath(m2), inviteForm(ent)), invitePath(m2))
	e.pool.Exec(context.Background(), `UPDATE meetings SET status = 'cancelled', cancel_reason = '台风预警' WHERE id = $1`, m2)
	page = c.get(myMeetingPath(m2))
	if got := page.text(t, "cancel-reason"); !strings.Contains(got, "台风预警") {
		t.Errorf("cancel reason %q", got)
	}
	wantStatus(t, c.post(myMeetingPath(m2)+"/reply", acceptForm("王建华", "13812345678")), http.StatusConflict)
}

func TestEntrepreneurSeesOnlyOwnInvitations(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.newAccount("ent-a", portal.RoleEntrepreneur)
	b := *e.newAccount("ent-b", portal.RoleEntrepreneur).EnterpriseID
	e.setNow(time.Date(2026, 12, 1, 9, 0, 0, 0, portal.CST))
	m := e.meeting("新能源汽车产业链早餐会", time.Date(2026, 12, 18, 7, 30, 0, 0, portal.CST), 10)
	off := e.login("official1")
	wantRedirect(t, off.post(invitePath(m), inviteForm(b)), invitePath(m))
	wantRedirect(t, e.login("ent-b").post(myMeetingPath(m)+"/reply", acceptForm("秘密代表", "13812345678")), myMeetingPath(m))

	entA := e.login("ent-a")
	page := entA.get(myMeetingPath(m))
	wantStatus(t, page, http.StatusOK) // a published meeting of A's chain, open for application
	if strings.Contains(page.body, "秘密代表") || strings.Contains(page.body, "企业 ent-b") || strings.Contains(page.body, "确认参会") {
		t.Error("A's page shows B's invitation")
	}
	if page.text(t, "not-invited") == "" || page.doc(t).Find(`[data-testid="reply-form"]`).Length() != 0 {
		t.Error("A is shown as invited")
	}
	wantStatus(t, entA.post(myMeetingPath(m)+"/reply", url.Values{"answer": {"decline"}}), http.StatusNotFound)
	if st := invitationStatus(t, e, m, b); st != "accepted" {
		t.Errorf("B's invitation became %s", st)
	}
	// Once held, a meeting A was not invited to is not found at all.
	e.pool.Exec(context.Background(), `UPDATE meetings SET status = 'held' WHERE id = $1`, m)
	wantStatus(t, entA.get(myMeetingPath(m)), http.StatusNotFound)
	// An enterprise id in the form is ignored: the enterprise is the account's.
	wantStatus(t, entA.post(myMeetingPath(m)+"/reply", url.Values{"answer": {"decline"}, "enterprise_id": {itoa(b)}}), http.StatusNotFound)
	wantStatus(t, entA.get("/my/meetings/abc"), http.StatusNotFound)
	// Officials' pages stay closed to entrepreneurs.
	wantStatus(t, entA.get(invitePath(m)), http.StatusForbidden)
}

func TestDraftsInvisibleToEntrepreneurs(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	ent := *e.newAccount("boss", portal.RoleEntrepreneur).EnterpriseID
	e.setNow(time.Date(2026, 12, 1, 9, 0, 0, 0, portal.CST))
	m := e.meeting("尚未发布的早餐会", time.Date(2026, 12, 18, 7, 30, 0, 0, portal.CST), 10)
	e.pool.Exec(context.Background(), `UPDATE meetings SET status = 'draft' WHERE id = $1`, m)
	off := e.login("official1")
	wantRedirect(t, off.post(invitePath(m), inviteForm(ent)), invitePath(m)) // officials invite while drafting

	c := e.login("boss")
	list := c.get("/my/meetings")
	wantStatus(t, list, http.StatusOK)
	if strings.Contains(list.body, "尚未发布的早餐会") {
		t.Error("a draft is listed")
	}
	wantStatus(t, c.get(myMeetingPath(m)), http.StatusNotFound)
	wantStatus(t, c.post(myMeetingPath(m)+"/reply", url.Values{"answer": {"decline"}}), http.StatusNotFound)
	wantStatus(t, c.post(myMeetingPath(m)+"/apply", nil), http.StatusNotFound)
	// Published, it shows.
	e.pool.Exec(context.Background(), `UPDATE meetings SET status = 'published' WHERE id = $1`, m)
	if got := c.get("/my/meetings").text(t, "my-meeting-"+itoa(m)); !strings.Contains(got, "尚未发布的早餐会") {
		t.Errorf("published meeting row %q", got)
	}
}

func TestApplications(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	a := *e.newAccount("ent-a", portal.RoleEntrepreneur).EnterpriseID
	b := *e.newAccount("ent-b", portal.RoleEntrepreneur).EnterpriseID
	pendingUser := e.newAccount("ent-new", portal.RoleEntrepreneur)
	e.pool.Exec(context.Background(), `UPDATE enterprises SET status = 'pending' WHERE id = $1`, *pendingUser.EnterpriseID)
	e.setNow(time.Date(2026, 12, 1, 9, 0, 0, 0, portal.CST))
	m := e.meeting("新能源汽车产业链早餐会", time.Date(2026, 12, 18, 7, 30, 0, 0, portal.CST), 10)

	entA := e.login("ent-a")
	list := entA.get("/my/meetings")
	if list.doc(t).Find(`[data-testid="apply-`+itoa(m)+`"]`).Length() != 1 {
		t.Fatal("no apply button for an open meeting of A's chain")
	}
	wantRedirect(t, entA.post(myMeetingPath(m)+"/apply", nil), myMeetingPath(m))
	page := entA.get(myMeetingPath(m))
	if got := page.text(t, "invitation-status"); got != "报名待审核" {
		t.Errorf("A's status %q", got)
	}
	if entA.get("/my/meetings").doc(t).Find(`[data-testid="apply-`+itoa(m)+`"]`).Length() != 0 {
		t.Error("apply offered again")
	}
	wantStatus(t, entA.post(myMeetingPath(m)+"/apply", nil), http.StatusConflict)
	wantRedirect(t, e.login("ent-b").post(myMeetingPath(m)+"/apply", nil), myMeetingPath(m))

	// An unverified enterprise cannot apply.
	entNew := e.login("ent-new")
	if entNew.get("/my/meetings").doc(t).Find(`[data-testid="apply-`+itoa(m)+`"]`).Length() != 0 {
		t.Error("apply offered to an unverified enterprise")
	}
	wantStatus(t, entNew.post(myMeetingPath(m)+"/apply", nil), http.StatusConflict)

	off := e.login("official1")
	inv := off.get(invitePath(m))
	if got := inv.text(t, "count-applied"); got != "2" {
		t.Errorf("applications count %q", got)
	}
	var invA, invB int64
	e.pool.QueryRow(context.Background(), `SELECT id FROM invitations WHERE meeting_id = $1 AND enterprise_id = $2`, m, a).Scan(&invA)
	e.pool.QueryRow(context.Background(), `SELECT id FROM invitations WHERE meeting_id = $1 AND enterprise_id = $2`, m, b).Scan(&invB)
	if inv.doc(t).Find(`[data-testid="accept-`+itoa(invA)+`"]`).Length() != 1 {
		t.Fatal("no accept button for A's application")
	}
	wantRedirect(t, off.post(invitePath(m)+"/"+itoa(invA)+"/accept", nil), invitePath(m))
	if st := invitationStatus(t, e, m, a); st != "invited" {
		t.Errorf("A after acceptance: %s", st)
	}
	wantStatus(t, off.post(invitePath(m)+"/"+itoa(invA)+"/accept", nil), http.StatusConflict)

	long := strings.Repeat("长", portal.MaxRefuseNote+1)
	res := off.post(invitePath(m)+"/"+itoa(invB)+"/refuse", url.Values{"note": {long}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-note") == "" {
		t.Error("no message beside the note")
	}
	note := "本期名额已满，欢迎报名下月早餐会。"
	wantRedirect(t, off.post(invitePath(m)+"/"+itoa(invB)+"/refuse", url.Values{"note": {note}}), invitePath(m))
	if st := invitationStatus(t, e, m, b); st != "refused" {
		t.Errorf("B after refusal: %s", st)
	}
	pageB := e.login("ent-b").get(myMeetingPath(m))
	if got := pageB.text(t, "refuse-note"); !strings.Contains(got, note) {
		t.Errorf("B reads %q", got)
	}
	// The accepted applicant answers like any invitee.
	wantRedirect(t, entA.post(myMeetingPath(m)+"/reply", acceptForm("王建华", "13812345678")), myMeetingPath(m))
	// Another meeting's invitation id is not found under this meeting.
	m2 := e.meeting("另一场早餐会", time.Date(2026, 12, 19, 7, 30, 0, 0, portal.CST), 10)
	wantStatus(t, off.post(invitePath(m2)+"/"+itoa(invB)+"/refuse", nil), http.StatusNotFound)
}
