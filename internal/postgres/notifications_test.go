package postgres_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"breakfast/internal/notify"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"

	"github.com/emersion/go-smtp"
)

// noticeCount counts the notices of kind to the account username.
func noticeCount(t *testing.T, f *demandFixture, username string, kind notify.Kind) int {
	t.Helper()
	return f.count(`SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.username = lower($1) AND n.kind = $2`, username, string(kind))
}

func (f *demandFixture) setEmail(username, email, lang string) {
	f.t.Helper()
	if _, err := f.pool.Exec(f.ctx, `UPDATE users SET email = $2, lang = $3 WHERE username = lower($1)`, username, email, lang); err != nil {
		f.t.Fatal(err)
	}
}

// clock is a controllable time source for workers.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newWorker(f *demandFixture, m notify.Mailer, c *clock) *notify.Worker {
	return &notify.Worker{Outbox: postgres.NewNotificationStore(f.pool), Mailer: m, Now: c.now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Site: "https://portal.example.cn"}
}

func TestNoticeIsWrittenInTheChangesTransaction(t *testing.T) {
	f := newDemandFixture(t)
	f.setEmail("dept1", "gxj@example.cn", "zh")
	step := portal.Step{Action: portal.DemandAssign, Actor: f.viewers["official"], Now: time.Now()}
	a := portal.Assignment{LeadDepartmentID: f.dept[0], CoDepartmentIDs: []int64{f.dept[1]}, Priority: portal.PriorityNormal, TimeLimitDays: 10}

	// The commit fails after the demand and its notice were written (a deferred trigger stands
	// in for a crash at commit): neither the change nor the notice may remain.
	failing := f.demand(f.entA, "厂房用地", false)
	if _, err := f.pool.Exec(f.ctx, `
		CREATE FUNCTION fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'commit refused'; END $$;
		CREATE CONSTRAINT TRIGGER fail_commit AFTER INSERT ON demand_events DEFERRABLE INITIALLY DEFERRED
			FOR EACH ROW WHEN (NEW.action = 'assign') EXECUTE FUNCTION fail_commit();`); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Assign(f.ctx, failing, 1, step, a, f.calendar()); err == nil || !strings.Contains(err.Error(), "commit refused") {
		t.Fatalf("err = %v, want the refused commit", err)
	}
	if got := f.load(failing).Status; got != portal.DemandSubmitted {
		t.Fatalf("status = %s after the rollback", got)
	}
	if n := f.count(`SELECT count(*) FROM notifications`) + f.count(`SELECT count(*) FROM notification_outbox`); n != 0 {
		t.Fatalf("%d notice or outbox rows survived the rolled-back change", n)
	}

	// The same change committing writes the notices: to the lead and co-handling departments'
	// staff in-app, by e-mail to the one with an address.
	if _, err := f.pool.Exec(f.ctx, `DROP TRIGGER fail_commit ON demand_events`); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Assign(f.ctx, failing, 1, step, a, f.calendar()); err != nil {
		t.Fatal(err)
	}
	for user, want := range map[string]int{"dept1": 1, "dept2": 1, "dept3": 0, "official": 0, "entA": 0} {
		if got := noticeCount(t, f, user, notify.DemandAssigned); got != want {
			t.Errorf("%s: %d assignment notices, want %d", user, got, want)
		}
	}
	if n := f.count(`SELECT count(*) FROM notification_outbox o JOIN users u ON u.id = o.user_id WHERE u.username = 'dept1'`); n != 1 {
		t.Errorf("dept1 outbox rows = %d, want 1", n)
	}
	if n := f.count(`SELECT count(*) FROM notification_outbox`); n != 1 {
		t.Errorf("outbox rows = %d, want 1 (only dept1 has an address)", n)
	}
}

func TestDemandLoopNotices(t *testing.T) {
	f := newDemandFixture(t)
	id := f.demand(f.entA, "变压器增容", false)
	now := time.Now()
	off, lead, ent := f.viewers["official"], f.viewers["dept1"], f.viewers["entA"]
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	v := func() int { return f.load(id).Version }
	must(f.store.Assign(f.ctx, id, v(), portal.Step{Action: portal.DemandAssign, Actor: off, Now: now},
		portal.Assignment{LeadDepartmentID: f.dept[0], Priority: portal.PriorityHigh, TimeLimitDays: 5}, f.calendar()))
	must(f.store.RequestExtension(f.ctx, id, v(), portal.WorkStep{Actor: lead, Note: "需要现场勘查", ExtraDays: 3}, now))
	exts := f.detail(id, off).Extensions
	must(f.store.DecideExtension(f.ctx, id, v(), exts[0].ID, true, portal.WorkStep{Actor: off}, now, f.calendar()))
	must(f.store.Advance(f.ctx, id, v(), portal.Step{Action: portal.DemandReturn, Actor: lead, Now: now, Note: "不属于本单位职责"}))
	must(f.store.Assign(f.ctx, id, v(), portal.Step{Action: portal.DemandAssign, Actor: off, Now: now},
		portal.Assignment{LeadDepartmentID: f.dept[0], Priority: portal.PriorityHigh, TimeLimitDays: 5}, f.calendar()))
	must(f.store.Advance(f.ctx, id, v(), portal.Step{Action: portal.DemandAnswer, Actor: lead, Now: now, Note: "已完成增容。"}))
	must(f.store.Rate(f.ctx, id, v(), portal.Step{Action: portal.DemandRate, Actor: ent, Now: now,
		Rating: portal.RatingUnsatisfied, Note: "仍未通电"}))
	for _, c := range []struct {
		user string
		kind notify.Kind
		want int
	}{
		{"dept1", notify.DemandAssigned, 2},
		{"official", notify.ExtensionRequested, 1},
		{"dept1", notify.ExtensionDecided, 1},
		{"entA", notify.DemandAnswered, 1},
		{"entB", notify.DemandAnswered, 0},
		{"dept1", notify.DemandReopened, 1},
		{"official", notify.DemandReopened, 1},
		{"official", notify.DemandReturned, 1},
		{"dept2", notify.DemandAssigned, 0},
	} {
		if got := noticeCount(t, f, c.user, c.kind); got != c.want {
			t.Errorf("%s %s: %d notices, want %d", c.user, c.kind, got, c.want)
		}
	}
	// The answer's notice carries the answer and leads to the demand, where it is rated.
	page, err := postgres.NewNotificationStore(f.pool).List(f.ctx, ent.UserID, "", 10)
	must(err)
	if len(page.Notifications) != 1 || page.Notifications[0].Data.Note != "已完成增容。" ||
		page.Notifications[0].Link != fmt.Sprintf("/demands/%d", id) {
		t.Fatalf("entrepreneur's notices = %+v", page.Notifications)
	}
}

func TestRegistrationNotices(t *testing.T) {
	f := newDemandFixture(t)
	pending := f.enterprise("待审企业", portal.EnterprisePending)
	f.account("pending-ent", portal.RoleEntrepreneur, nil, &pending)
	es := postgres.NewEnterpriseStore(f.pool)
	if err := es.Reject(f.ctx, pending, f.viewers["official"].UserID, "营业执照不清晰"); err != nil {
		t.Fatal(err)
	}
	if got := noticeCount(t, f, "pending-ent", notify.RegistrationRejected); got != 1 {
		t.Fatalf("rejection notices = %d", got)
	}
}

// smtpServer is a real SMTP server for the test, keeping what it receives; rcptErr, when set,
// refuses every recipient.
type smtpServer struct {
	addr    string
	mu      sync.Mutex
	msgs    []received
	rcptErr error
}

type received struct {
	from, to string
	data     []byte
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	s := &smtpServer{}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	go srv.Serve(l) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *smtpServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{srv: s}, nil }

func (s *smtpServer) refuse(err error) { s.mu.Lock(); s.rcptErr = err; s.mu.Unlock() }

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

type smtpSession struct {
	srv      *smtpServer
	from, to string
}

func (x *smtpSession) Reset()        {}
func (x *smtpSession) Logout() error { return nil }
func (x *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.srv.mu.Lock()
	defer x.srv.mu.Unlock()
	if x.srv.rcptErr != nil {
		return x.srv.rcptErr
	}
	x.to = to
	return nil
}
func (x *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.srv.mu.Lock()
	x.srv.msgs = append(x.srv.msgs, received{x.from, x.to, data})
	x.srv.mu.Unlock()
	return nil
}

// parsedMail is a received message: decoded subject, text body and attachments by file name.
type parsedMail struct {
	to, subject, body string
	files             map[string]string
}

func parseMail(t *testing.T, data []byte) parsedMail {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	p := parsedMail{to: m.Header.Get("To"), subject: subject, files: map[string]string{}}
	mediaType, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mediaType, "multipart/") {
		t.Fatalf("content type %q: want a multipart message with the .ics", m.Header.Get("Content-Type"))
	}
	var walk func(r *multipart.Reader)
	walk = func(r *multipart.Reader) {
		for {
			part, err := r.NextRawPart()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ct, ps, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
			if strings.HasPrefix(ct, "multipart/") {
				walk(multipart.NewReader(part, ps["boundary"]))
				continue
			}
			body := decodePart(t, part)
			_, dp, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
			if name := dp["filename"]; name != "" {
				p.files[name] = body
			} else if ct == "text/plain" {
				p.body = body
			}
		}
	}
	walk(multipart.NewReader(m.Body, params["boundary"]))
	return p
}

func decodePart(t *testing.T, part *multipart.Part) string {
	t.Helper()
	var r io.Reader = part
	switch strings.ToLower(part.Header.Get("Content-Transfer-Encoding")) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, part)
	case "quoted-printable":
		r = quotedprintable.NewReader(part)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// icsProps unfolds an iCalendar document (RFC 5545 §3.1) and returns its properties by name
// (the first of each), failing on a malformed one.
func icsProps(t *testing.T, doc string) map[string]string {
	t.Helper()
	if !strings.HasPrefix(doc, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(doc, "END:VCALENDAR\r\n") {
		t.Fatalf("not a calendar:\n%s", doc)
	}
	props := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(strings.ReplaceAll(doc, "\r\n ", "")))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("malformed content line %q", line)
		}
		name, _, _ = strings.Cut(name, ";")
		if _, seen := props[name]; !seen {
			props[name] = value
		}
	}
	return props
}

func TestWorkerMailsInvitationWithICSInTheRecipientsLanguage(t *testing.T) {
	f := newDemandFixture(t)
	f.setEmail("entA", "wang@xingtu.example.cn", "en")
	f.setEmail("entB", "li@xinyuan.example.cn", "zh")
	server := startSMTP(t)
	mailer, err := notify.ParseSMTPURL("smtp://" + server.addr + "?from=portal@example.cn")
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, portal.CST)}
	meeting := createMeeting(t, f, time.Date(2026, 11, 16, 7, 30, 0, 0, portal.CST))
	if _, err := postgres.NewInvitationStore(f.pool).Invite(f.ctx, meeting, []int64{f.entA, f.entB},
		f.viewers["official"].UserID, c.now()); err != nil {
		t.Fatal(err)
	}
	sent, err := newWorker(f, mailer, c).Tick(f.ctx)
	if err != nil || sent != 2 {
		t.Fatalf("sent %d, err %v; want 2", sent, err)
	}
	byTo := map[string]parsedMail{}
	for _, r := range server.received() {
		if r.from != "portal@example.cn" {
			t.Errorf("envelope from %q", r.from)
		}
		byTo[r.to] = parseMail(t, r.data)
	}
	en, zh := byTo["wang@xingtu.example.cn"], byTo["li@xinyuan.example.cn"]
	if !strings.Contains(en.to, "wang@xingtu.example.cn") || en.subject != "Breakfast meeting invitation: 新能源汽车产业链早餐会" {
		t.Errorf("English mail: to %q subject %q", en.to, en.subject)
	}
	if !strings.Contains(en.body, "Your enterprise is invited") || !strings.Contains(en.body, "2026-11-16 07:30–09:00") ||
		!strings.Contains(en.body, fmt.Sprintf("https://portal.example.cn/my/meetings/%d", meeting)) {
		t.Errorf("English body:\n%s", en.body)
	}
	if zh.subject != "早餐会邀请：新能源汽车产业链早餐会" || !strings.Contains(zh.body, "贵企业受邀参加") {
		t.Errorf("Chinese mail: subject %q body:\n%s", zh.subject, zh.body)
	}
	ics, ok := en.files["meeting-2026-11-16.ics"]
	if !ok {
		t.Fatalf("no .ics attached; files %v", en.files)
	}
	props := icsProps(t, ics)
	for name, want := range map[string]string{"UID": fmt.Sprintf("meeting-%d@portal.example.cn", meeting),
		"DTSTART": "20261115T233000Z", "DTEND": "20261116T010000Z", "SUMMARY": "新能源汽车产业链早餐会", "STATUS": "CONFIRMED"} {
		if props[name] != want {
			t.Errorf("ics %s = %q, want %q", name, props[name], want)
		}
	}
	// Delivered rows are done: another tick sends nothing.
	if sent, err := newWorker(f, mailer, c).Tick(f.ctx); err != nil || sent != 0 {
		t.Fatalf("second tick sent %d, err %v", sent, err)
	}
	if n := f.count(`SELECT count(*) FROM notification_outbox WHERE status = 'sent' AND sent_at IS NOT NULL`); n != 2 {
		t.Fatalf("sent rows = %d", n)
	}
}

// createMeeting schedules and publishes a meeting of 90 minutes at start.
func createMeeting(t *testing.T, f *demandFixture, start time.Time) int64 {
	t.Helper()
	ms := postgres.NewMeetingStore(f.pool)
	id, err := ms.Create(f.ctx, portal.MeetingInput{Theme: "新能源汽车产业链早餐会", Date: start.Format("2006-01-02"),
		StartTime: start.Format("15:04"), EndTime: start.Add(90 * time.Minute).Format("15:04"), Venue: "区行政中心 3 楼",
		HostName: "陈志远", HostTitle: "副区长", Capacity: 10, PerEnterpriseLimit: 2}, f.viewers["official"].UserID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ms.Transition(f.ctx, id, 1, portal.ActionPublish, "", start.AddDate(0, 0, -20)); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestWorkerRetriesWithBackoffThenParks(t *testing.T) {
	f := newDemandFixture(t)
	f.setEmail("entA", "wang@xingtu.example.cn", "zh")
	server := startSMTP(t)
	server.refuse(&smtp.SMTPError{Code: 451, Message: "mailbox busy"})
	mailer, err := notify.ParseSMTPURL("smtp://" + server.addr + "?from=portal@example.cn")
	if err != nil {
		t.Fatal(err)
	}
	es := postgres.NewEnterpriseStore(f.pool)
	pending := f.enterprise("待审企业", portal.EnterprisePending)
	f.account("pending-ent", portal.RoleEntrepreneur, nil, &pending)
	f.setEmail("pending-ent", "boss@pending.example.cn", "zh")
	if err := es.Verify(f.ctx, pending, f.viewers["official"].UserID); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, portal.CST)}
	w := newWorker(f, mailer, c)
	row := func() (status string, attempts int, next *time.Time, lastErr string) {
		t.Helper()
		if err := f.pool.QueryRow(f.ctx, `SELECT status, attempts, next_attempt_at, last_error FROM notification_outbox`).
			Scan(&status, &attempts, &next, &lastErr); err != nil {
			t.Fatal(err)
		}
		return
	}
	for attempt := 1; attempt <= notify.DefaultMaxAttempts; attempt++ {
		if sent, err := w.Tick(f.ctx); err != nil || sent != 0 {
			t.Fatalf("attempt %d: sent %d, err %v", attempt, sent, err)
		}
		status, attempts, next, lastErr := row()
		if attempts != attempt || !strings.Contains(lastErr, "mailbox busy") {
			t.Fatalf("attempt %d: attempts %d, last error %q", attempt, attempts, lastErr)
		}
		if attempt < notify.DefaultMaxAttempts {
			if status != "pending" || next == nil || !next.Equal(c.now().Add(notify.Backoff(attempt))) {
				t.Fatalf("attempt %d: status %s, next %v", attempt, status, next)
			}
			// Not due before the backoff has passed.
			c.add(notify.Backoff(attempt) - time.Second)
			if _, err := w.Tick(f.ctx); err != nil {
				t.Fatal(err)
			}
			if _, a, _, _ := row(); a != attempt {
				t.Fatalf("retried before the backoff passed")
			}
			c.add(time.Second)
		} else if status != "parked" {
			t.Fatalf("after %d failures status = %s, want parked", attempt, status)
		}
	}
	// Parked rows wait for an administrator, whatever the time.
	c.add(48 * time.Hour)
	store := postgres.NewNotificationStore(f.pool)
	page, err := store.Troubles(f.ctx, "", 10)
	if err != nil || len(page.Rows) != 1 || page.Rows[0].Status != "parked" || page.Rows[0].Email != "boss@pending.example.cn" {
		t.Fatalf("troubles = %+v, %v", page.Rows, err)
	}
	server.refuse(nil)
	if sent, _ := w.Tick(f.ctx); sent != 0 {
		t.Fatal("a parked row was sent without a retry")
	}
	if err := store.Retry(f.ctx, page.Rows[0].ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, store.Retry(f.ctx, page.Rows[0].ID), portal.ECONFLICT, "notify.outbox_not_parked")
	if sent, err := w.Tick(f.ctx); err != nil || sent != 1 {
		t.Fatalf("after retry: sent %d, err %v", sent, err)
	}
	got := parseMailNoICS(t, server.received()[0].data)
	if got != "企业注册已通过审核" {
		t.Fatalf("subject %q", got)
	}
}

func parseMailNoICS(t *testing.T, data []byte) string {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	return subject
}

// countingMailer records which outbox rows' mails it was asked to send, slowly, so two
// workers overlap.
type countingMailer struct {
	mu    sync.Mutex
	sends map[string]int
}

func (m *countingMailer) Send(ctx context.Context, mail notify.Mail) error {
	time.Sleep(2 * time.Millisecond)
	m.mu.Lock()
	m.sends[mail.To]++
	m.mu.Unlock()
	return nil
}

func TestTwoWorkersNeverSendTheSameRowTwice(t *testing.T) {
	f := newDemandFixture(t)
	const n = 60
	if _, err := f.pool.Exec(f.ctx, `
		WITH u AS (INSERT INTO users (username, display_name, role, password_hash, email)
			SELECT 'o' || g, '官员' || g, 'official', 'x', 'o' || g || '@example.cn' FROM generate_series(1, $1) g RETURNING id),
		n AS (INSERT INTO notifications (user_id, kind, payload) SELECT id, 'demand_returned', '{"title": "t"}' FROM u RETURNING id, user_id)
		INSERT INTO notification_outbox (notification_id, user_id, kind) SELECT id, user_id, 'demand_returned' FROM n`, n); err != nil {
		t.Fatal(err)
	}
	m := &countingMailer{sends: map[string]int{}}
	c := &clock{t: time.Now()}
	var wg sync.WaitGroup
	totals := make([]int, 2)
	for i := range totals {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(f, m, c)
			for range 3 {
				sent, err := w.Tick(f.ctx)
				if err != nil {
					t.Error(err)
				}
				totals[i] += sent
			}
		}()
	}
	wg.Wait()
	if totals[0]+totals[1] != n || len(m.sends) != n {
		t.Fatalf("workers sent %v, %d addresses; want %d in all", totals, len(m.sends), n)
	}
	for to, k := range m.sends {
		if k != 1 {
			t.Errorf("%s got %d mails", to, k)
		}
	}
	if totals[0] == 0 || totals[1] == 0 {
		t.Logf("one worker sent everything (%v): the overlap was not exercised this time", totals)
	}
}

func TestScheduleFiresAtTheWorkingDayBoundaries(t *testing.T) {
	f := newDemandFixture(t)
	id := f.demand(f.entA, "用地指标", false)
	// Due Friday 2026-10-09, the second working day after the National Day holiday (10-01 to 10-07).
	if _, err := f.pool.Exec(f.ctx, `UPDATE demands SET status = 'in_progress', lead_department_id = $2,
		deadline = '2026-10-09' WHERE id = $1`, id, f.dept[0]); err != nil {
		t.Fatal(err)
	}
	store := postgres.NewNotificationStore(f.pool)
	at := func(day string, hour int) time.Time {
		d, _ := time.ParseInLocation("2006-01-02", day, portal.CST)
		return d.Add(time.Duration(hour) * time.Hour)
	}
	steps := []struct {
		now                   time.Time
		soon, overdue, offDue int // dept1's and the official's notices so far
	}{
		{at("2026-09-29", 9), 0, 0, 0},  // Tue: 30th, 8th, 9th are 3 working days
		{at("2026-09-30", 9), 1, 0, 0},  // Wed: 8th and 9th, 2 working days, though 9 calendar days
		{at("2026-10-05", 9), 1, 0, 0},  // during the holiday: already told, once
		{at("2026-10-09", 23), 1, 0, 0}, // the last day is not overdue yet
		{at("2026-10-10", 0), 1, 1, 1},  // Saturday, a make-up working day: overdue
		{at("2026-10-12", 9), 1, 1, 1},  // once
	}
	for _, s := range steps {
		if _, err := store.Schedule(f.ctx, s.now, 24*time.Hour); err != nil {
			t.Fatal(err)
		}
		soon, overdue := noticeCount(t, f, "dept1", notify.DeadlineSoon), noticeCount(t, f, "dept1", notify.DemandOverdue)
		off := noticeCount(t, f, "official", notify.DemandOverdue)
		if soon != s.soon || overdue != s.overdue || off != s.offDue {
			t.Fatalf("%s: deadline-soon %d, overdue %d, officials' overdue %d; want %d, %d, %d",
				s.now.Format("2006-01-02 15:04"), soon, overdue, off, s.soon, s.overdue, s.offDue)
		}
	}
	// Deadlines passed more than 30 days before are not announced any more (imported or long
	// known cases); 29 days after, they still are.
	for _, due := range []string{"2026-09-11", "2026-09-13"} {
		old := f.demand(f.entA, "旧诉求 "+due, false)
		if _, err := f.pool.Exec(f.ctx, `UPDATE demands SET status = 'in_progress', lead_department_id = $2,
			deadline = $3 WHERE id = $1`, old, f.dept[0], due); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.Schedule(f.ctx, at("2026-10-12", 9), 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if overdue := noticeCount(t, f, "dept1", notify.DemandOverdue); overdue != 2 {
		t.Fatalf("overdue notices with deadlines 31 and 29 days ago = %d, want 2 (the first demand's and the 29-day one)", overdue)
	}
	// An approved extension moves the deadline: the warnings fire again for the new one.
	if _, err := f.pool.Exec(f.ctx, `UPDATE demands SET deadline = '2026-10-14' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Schedule(f.ctx, at("2026-10-12", 9), 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if soon := noticeCount(t, f, "dept1", notify.DeadlineSoon); soon != 2 {
		t.Fatalf("deadline-soon after the extension = %d, want 2", soon)
	}
	if noticeCount(t, f, "dept2", notify.DeadlineSoon)+noticeCount(t, f, "entA", notify.DemandOverdue) != 0 {
		t.Fatal("notices went to accounts not handling the demand")
	}
}

func TestReminderFiresLeadHoursBeforeToThoseWhoAccepted(t *testing.T) {
	f := newDemandFixture(t)
	start := time.Date(2026, 11, 16, 7, 30, 0, 0, portal.CST)
	meeting := createMeeting(t, f, start)
	inv := postgres.NewInvitationStore(f.pool)
	if _, err := inv.Invite(f.ctx, meeting, []int64{f.entA, f.entB}, f.viewers["official"].UserID, start.AddDate(0, 0, -14)); err != nil {
		t.Fatal(err)
	}
	if err := inv.Reply(f.ctx, meeting, f.entA, true, []portal.Representative{{Name: "王建华", Title: "总经理", Mobile: "13812345678"}},
		start.AddDate(0, 0, -10)); err != nil {
		t.Fatal(err)
	}
	store := postgres.NewNotificationStore(f.pool)
	for _, s := range []struct {
		now  time.Time
		entA int
	}{
		{start.Add(-24*time.Hour - time.Minute), 0},
		{start.Add(-24 * time.Hour), 1},
		{start.Add(-2 * time.Hour), 1},
	} {
		if _, err := store.Schedule(f.ctx, s.now, 24*time.Hour); err != nil {
			t.Fatal(err)
		}
		if got := noticeCount(t, f, "entA", notify.MeetingReminder); got != s.entA {
			t.Fatalf("at %s: %d reminders, want %d", s.now.Format(time.DateTime), got, s.entA)
		}
	}
	if got := noticeCount(t, f, "entB", notify.MeetingReminder); got != 0 {
		t.Fatalf("the enterprise that did not accept got %d reminders", got)
	}
	if got := noticeCount(t, f, "entB", notify.MeetingInvited); got != 1 {
		t.Fatalf("invitation notices = %d", got)
	}
}

// TestUnreadCountIsCapped: the bell counts at most UnreadCap unread notices, so a page costs
// the same for an official with 16,000 of them.
func TestUnreadCountIsCapped(t *testing.T) {
	f := newDemandFixture(t)
	var userID int64
	if err := f.pool.QueryRow(f.ctx, `INSERT INTO users (username, display_name, role, password_hash)
		VALUES ('busy', '忙碌的官员', 'official', 'x') RETURNING id`).Scan(&userID); err != nil {
		t.Fatal(err)
	}
	store := postgres.NewNotificationStore(f.pool)
	for _, tc := range []struct{ notices, want int }{{0, 0}, {3, 3}, {250, postgres.UnreadCap}} {
		if _, err := f.pool.Exec(f.ctx, `DELETE FROM notifications WHERE user_id = $1`, userID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.pool.Exec(f.ctx, `INSERT INTO notifications (user_id, kind, payload)
			SELECT $1, 'demand_returned', '{"title": "t"}' FROM generate_series(1, $2)`, userID, tc.notices); err != nil {
			t.Fatal(err)
		}
		if n, err := store.UnreadCount(f.ctx, userID); err != nil || n != tc.want {
			t.Errorf("%d unread notices: count %d, %v; want %d", tc.notices, n, err, tc.want)
		}
	}
}
