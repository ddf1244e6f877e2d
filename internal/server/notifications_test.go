package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"breakfast/internal/notify"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
)

// pendingEntrepreneur creates an entrepreneur account whose enterprise waits for verification,
// and returns the account and the enterprise's id.
func (e *env) pendingEntrepreneur(username string) (*portal.User, int64) {
	e.t.Helper()
	ent := e.enterprise("待审 "+username, portal.EnterprisePending)
	u, err := postgres.NewUserStore(e.pool).Create(context.Background(), portal.UserInput{Username: username,
		DisplayName: "测试 " + username, Role: portal.RoleEntrepreneur, EnterpriseID: &ent, Password: testPassword})
	if err != nil {
		e.t.Fatal(err)
	}
	return u, ent
}

// recordingMailer keeps the mails the worker sends.
type recordingMailer struct {
	mu    sync.Mutex
	mails []notify.Mail
}

func (m *recordingMailer) Send(_ context.Context, mail notify.Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mails = append(m.mails, mail)
	return nil
}

func TestBellListAndOpeningANotice(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	_, ent := e.pendingEntrepreneur("boss")
	owner := e.login("boss")
	home := owner.get("/")
	if n := home.doc(t).Find(`[data-testid="bell-count"]`).Length(); n != 0 {
		t.Fatalf("a bell count shows with nothing unread")
	}
	if home.text(t, "bell") == "" {
		t.Fatal("no bell in the top bar")
	}

	off := e.login("official1")
	wantRedirect(t, off.post("/enterprises/"+itoa(ent)+"/verify", nil), "/enterprises/review")

	if got := owner.get("/").text(t, "bell-count"); got != "1" {
		t.Fatalf("bell count = %q, want 1", got)
	}
	list := owner.get("/notifications")
	wantStatus(t, list, http.StatusOK)
	if got := list.text(t, "notice-subject"); got != "企业注册已通过审核" {
		t.Fatalf("subject = %q", got)
	}
	if !strings.Contains(list.text(t, "notice-body"), "待审 boss") {
		t.Fatalf("body = %q", list.text(t, "notice-body"))
	}
	// The reader's language, at the time of reading.
	wantRedirect(t, owner.post("/lang", url.Values{"lang": {"en"}, "back": {"/notifications"}}), "/notifications")
	if got := owner.get("/notifications").text(t, "notice-subject"); got != "Your registration was verified" {
		t.Fatalf("English subject = %q", got)
	}
	var id int64
	if err := e.pool.QueryRow(context.Background(), `SELECT id FROM notifications`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	// Someone else cannot open (or learn of) it.
	wantStatus(t, off.post("/notifications/"+itoa(id)+"/read", nil), http.StatusNotFound)
	wantRedirect(t, owner.post("/notifications/"+itoa(id)+"/read", nil), "/my/enterprise")
	if n := owner.get("/").doc(t).Find(`[data-testid="bell-count"]`).Length(); n != 0 {
		t.Fatal("the bell still counts a notice that was opened")
	}
	if n := owner.get("/notifications").doc(t).Find(`[data-testid="notice-unread"]`).Length(); n != 0 {
		t.Fatal("the opened notice is still marked unread")
	}
}

func TestMarkAllRead(t *testing.T) {
	e := newEnv(t)
	u := e.newAccount("official1", portal.RoleOfficial)
	ent := e.newAccount("boss", portal.RoleEntrepreneur)
	// Two demands returned by a department: two notices for the official.
	for _, title := range []string{"用地", "融资"} {
		id := e.demand(ent, title)
		if _, err := e.pool.Exec(context.Background(), `INSERT INTO notifications (user_id, kind, payload, link)
			VALUES ($1, 'demand_returned', jsonb_build_object('title', $2::text, 'demand_id', $3::bigint), '/demands/' || $3)`,
			u.ID, title, id); err != nil {
			t.Fatal(err)
		}
	}
	c := e.login("official1")
	if got := c.get("/").text(t, "bell-count"); got != "2" {
		t.Fatalf("bell = %q", got)
	}
	wantRedirect(t, c.post("/notifications/read-all", nil), "/notifications")
	page := c.get("/notifications")
	if page.text(t, "flash") != "所有通知已标为已读。" || page.doc(t).Find(`[data-testid="bell-count"]`).Length() != 0 {
		t.Fatalf("after marking all read: flash %q", page.text(t, "flash"))
	}
	if n := page.doc(t).Find(`[data-testid^="notice-"][class*="unread"]`).Length(); n != 0 {
		t.Fatalf("%d notices still unread", n)
	}
}

func TestNotificationPreferences(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	_, ent := e.pendingEntrepreneur("boss")
	c := e.login("boss")
	page := c.get("/account/notifications")
	wantStatus(t, page, http.StatusOK)
	doc := page.doc(t)
	// An entrepreneur chooses among the notices entrepreneurs get, all on by default.
	for _, k := range notify.KindsFor(portal.RoleEntrepreneur) {
		if box := doc.Find(`[data-testid="pref-` + string(k) + `"]`); box.Length() != 1 || box.AttrOr("checked", "no") == "no" {
			t.Errorf("%s: checkbox missing or off", k)
		}
	}
	if doc.Find(`[data-testid="pref-demand_assigned"]`).Length() != 0 {
		t.Error("an entrepreneur is offered a department's notices")
	}

	res := c.post("/account/notifications", url.Values{"email": {"boss@@example"}, "email_kinds": {"registration_verified"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-email") == "" || res.doc(t).Find(`input[name="email"]`).AttrOr("value", "") != "boss@@example" {
		t.Fatal("a bad address is not reported beside the field, or the typed value is lost")
	}
	// Verification by e-mail off, rejection on.
	wantRedirect(t, c.post("/account/notifications", url.Values{"email": {"boss@example.cn"},
		"email_kinds": {"registration_rejected", "meeting_invited"}}), "/account/notifications")
	page = c.get("/account/notifications")
	if page.text(t, "flash") != "通知设置已保存。" {
		t.Errorf("flash = %q", page.text(t, "flash"))
	}
	if page.doc(t).Find(`[data-testid="pref-registration_verified"]`).AttrOr("checked", "no") != "no" {
		t.Error("the unticked kind shows ticked")
	}

	off := e.login("official1")
	wantRedirect(t, off.post("/enterprises/"+itoa(ent)+"/verify", nil), "/enterprises/review")
	if n := count(t, e, `SELECT count(*) FROM notifications WHERE kind = 'registration_verified'`); n != 1 {
		t.Fatalf("in-app notices = %d: in-app is always on", n)
	}
	if n := count(t, e, `SELECT count(*) FROM notification_outbox`); n != 0 {
		t.Fatalf("outbox rows = %d for a kind whose e-mail is off", n)
	}

	// The server's worker mails what is on (the rejection), with a link to this portal.
	m := &recordingMailer{}
	e.srv.notifier.Mailer, e.srv.notifier.Site = m, "https://zq.example.cn"
	if _, err := e.pool.Exec(context.Background(), `UPDATE enterprises SET status = 'pending' WHERE id = $1`, ent); err != nil {
		t.Fatal(err)
	}
	wantRedirect(t, off.post("/enterprises/"+itoa(ent)+"/reject", url.Values{"reason": {"营业执照模糊"}}), "/enterprises/review")
	if sent, err := e.srv.notifier.Tick(context.Background()); err != nil || sent != 1 {
		t.Fatalf("sent %d, err %v", sent, err)
	}
	if got := m.mails[0]; got.To != "boss@example.cn" || got.Subject != "企业注册未通过审核" ||
		!strings.Contains(got.Body, "营业执照模糊") || !strings.Contains(got.Body, "https://zq.example.cn/my/enterprise") {
		t.Fatalf("mail = %+v", got)
	}
}

func TestAdminOutboxRetry(t *testing.T) {
	e := newEnv(t)
	e.newAccount("admin1", portal.RoleAdmin)
	u := e.newAccount("official1", portal.RoleOfficial)
	var outboxID int64
	if err := e.pool.QueryRow(context.Background(), `WITH n AS (INSERT INTO notifications (user_id, kind, payload)
			VALUES ($1, 'demand_returned', '{"title": "用地"}') RETURNING id)
		INSERT INTO notification_outbox (notification_id, user_id, kind, status, attempts, last_error, parked_at)
		SELECT id, $1, 'demand_returned', 'parked', 5, '451 mailbox busy', $2 FROM n RETURNING id`, u.ID, time.Now()).Scan(&outboxID); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, e.login("official1").get("/admin/outbox"), http.StatusForbidden)
	admin := e.login("admin1")
	page := admin.get("/admin/outbox")
	wantStatus(t, page, http.StatusOK)
	row := page.doc(t).Find(`[data-testid="outbox-` + itoa(outboxID) + `"]`)
	if row.Length() != 1 || !strings.Contains(row.Text(), "451 mailbox busy") || row.Find(`[data-testid="outbox-status"]`).Text() != "已暂停" {
		t.Fatalf("outbox row: %q", row.Text())
	}
	wantRedirect(t, admin.post("/admin/outbox/"+itoa(outboxID)+"/retry", nil), "/admin/outbox")
	if n := count(t, e, `SELECT count(*) FROM notification_outbox WHERE status = 'pending' AND attempts = 0 AND next_attempt_at IS NULL`); n != 1 {
		t.Fatal("the retried row is not due again")
	}
	if got := admin.get("/admin/outbox").text(t, "outbox-empty"); got == "" {
		t.Fatal("the retried row still shows as failed")
	}
	wantStatus(t, admin.post("/admin/outbox/"+itoa(outboxID)+"/retry", nil), http.StatusConflict)
}
