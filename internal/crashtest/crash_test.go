package crashtest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"

	"github.com/jackc/pgx/v5/pgxpool"
)

// The kill test's size: 200 requests in all, half demand submissions by 20 entrepreneurs and
// half check-ins of the 100 people of one meeting, at most inFlight at a time; the server is
// killed when request killAt has been sent.
const (
	crashEntrepreneurs = 20
	crashDemands       = 100
	crashCheckins      = 100
	inFlight           = 50
	killAt             = 100
)

// crashFixtures is what the kill test works on.
type crashFixtures struct {
	entrepreneurs []string // usernames, each with its own verified enterprise
	meeting       int64    // a meeting under way (held) whose attendees check in
	attendees     []int64
	category      int64 // the demand category the submissions use (用地)
}

// makeCrashFixtures creates an official, 50 verified enterprises invited to a meeting that is
// under way with two people each (100 attendees), and an entrepreneur account for the first
// 20 enterprises.
func makeCrashFixtures(t *testing.T, pool *pgxpool.Pool) crashFixtures {
	t.Helper()
	ctx := context.Background()
	users := postgres.NewUserStore(pool)
	if _, err := users.Create(ctx, portal.UserInput{Username: "crash-official", DisplayName: "值班干部",
		Role: portal.RoleOfficial, Password: password}); err != nil {
		t.Fatal(err)
	}
	var fx crashFixtures
	if err := pool.QueryRow(ctx, `SELECT id FROM demand_categories WHERE code = 'land'`).Scan(&fx.category); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-30 * time.Minute)
	if err := pool.QueryRow(ctx, `INSERT INTO meetings (theme, starts_at, ends_at, venue, capacity, status)
		VALUES ('新能源汽车产业链早餐会', $1, $2, '区行政中心 3 楼会议室', 60, 'held') RETURNING id`,
		start, start.Add(90*time.Minute)).Scan(&fx.meeting); err != nil {
		t.Fatal(err)
	}
	for i := range crashCheckins / 2 {
		var ent, inv int64
		if err := pool.QueryRow(ctx, `INSERT INTO enterprises (name, uscc, scale, status)
			VALUES ($1, $2, 'above', 'verified') RETURNING id`,
			fmt.Sprintf("崩溃测试企业 %02d", i), postgres.DemoUSCC(5000+i)).Scan(&ent); err != nil {
			t.Fatal(err)
		}
		if i < crashEntrepreneurs {
			name := fmt.Sprintf("crash-ent%02d", i)
			if _, err := users.Create(ctx, portal.UserInput{Username: name, DisplayName: "企业家 " + name,
				Role: portal.RoleEntrepreneur, Password: password, EnterpriseID: &ent}); err != nil {
				t.Fatal(err)
			}
			fx.entrepreneurs = append(fx.entrepreneurs, name)
		}
		if err := pool.QueryRow(ctx, `INSERT INTO invitations (meeting_id, enterprise_id, status, source)
			VALUES ($1, $2, 'accepted', 'official') RETURNING id`, fx.meeting, ent).Scan(&inv); err != nil {
			t.Fatal(err)
		}
		for k := range 2 {
			var id int64
			if err := pool.QueryRow(ctx, `INSERT INTO attendees (meeting_id, invitation_id, enterprise_id, name, title, mobile, checkin_code)
				VALUES ($1, $2, $3, $4, '总经理', '13812345678', $5) RETURNING id`, fx.meeting, inv, ent,
				fmt.Sprintf("参会人 %02d-%d", i, k), fmt.Sprintf("K%02d%d", i, k)).Scan(&id); err != nil {
				t.Fatal(err)
			}
			fx.attendees = append(fx.attendees, id)
		}
	}
	return fx
}

// crashRequest is one request of the burst and what became of it.
type crashRequest struct {
	// A demand submission: the entrepreneur (index), its title (unique) and submit token, and
	// the attachment it carries, if any. A check-in: the attendee.
	demand   bool
	user     int
	title    string
	token    string
	file     []byte
	attendee int64

	answered bool // an HTTP answer came back
	status   int
	location string
	err      error
}

var demandLocation = regexp.MustCompile(`^/demands/([0-9]+)$`)

// send makes the request with the clients of this run of the server.
func (rq *crashRequest) send(ctx context.Context, fx crashFixtures, entrepreneurs []*client, official *client) (reply, error) {
	if !rq.demand {
		return official.postForm(ctx, fmt.Sprintf("/meetings/%d/checkin/%d", fx.meeting, rq.attendee), url.Values{})
	}
	form := url.Values{"category_id": {strconv.FormatInt(fx.category, 10)}, "title": {rq.title},
		"description":      {"厂房扩建需要新增工业用地，指标迟迟未落实，请协调自然资源和规划局。"},
		"expected_outcome": {"年内完成供地"}, "submit_token": {rq.token}}
	if rq.file != nil {
		return entrepreneurs[rq.user].postMultipart(ctx, "/my/demands/new", form, "厂区规划图.pdf", rq.file)
	}
	return entrepreneurs[rq.user].postForm(ctx, "/my/demands/new", form)
}

// succeeded reports whether an answer is the success of its request: the redirect to the new
// demand, or back to the check-in list.
func (rq *crashRequest) succeeded(fx crashFixtures, r reply) bool {
	if r.status != http.StatusSeeOther {
		return false
	}
	if rq.demand {
		return demandLocation.MatchString(r.location)
	}
	return strings.HasPrefix(r.location, fmt.Sprintf("/meetings/%d/checkin", fx.meeting))
}

// demandID is the id of the demand a successful submission redirected to.
func demandID(location string) int64 {
	m := demandLocation.FindStringSubmatch(location)
	if m == nil {
		return 0
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// crashFigures are the kill test's results, for docs/reliability.md.
type crashFigures struct {
	Requests            int `json:"requests"`
	Succeeded           int `json:"succeeded"`
	Unanswered          int `json:"unanswered"`
	InFlightAtKill      int `json:"in_flight_at_kill"`    // sent before the kill, never answered
	CommittedUnanswered int `json:"committed_unanswered"` // saved, but the answer was lost with the process
	Retried             int `json:"retried"`
	Lost                int `json:"lost"`
	Duplicated          int `json:"duplicated"`
	HalfWritten         int `json:"half_written"`
	Seconds             int `json:"seconds"`
}

// TestCrashKillMidRun sends 200 demand submissions and check-ins to the real server binary,
// SIGKILLs it when half of them have been sent, starts it again on the same database, and
// checks that every request that was answered with success is saved exactly once, that
// nothing is half-written, and that sending the unanswered requests again (same submit
// tokens, as a browser's retry would) saves each exactly once.
func TestCrashKillMidRun(t *testing.T) {
	portalBin(t) // building it (without PORTAL_BIN) is not part of the run's time
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	pool, dbURL := pgtest.New(t)
	fx := makeCrashFixtures(t, pool)
	port := freePort(t)
	proc := startPortal(t, dbURL, port)

	tr := newTransport()
	official := newClient(proc.base, tr)
	official.login(t, "crash-official")
	entrepreneurs := make([]*client, len(fx.entrepreneurs))
	for i, name := range fx.entrepreneurs {
		entrepreneurs[i] = newClient(proc.base, tr)
		entrepreneurs[i].login(t, name)
	}

	// Demands and check-ins alternate; every fourth demand carries a 64 KiB PDF, so some
	// transactions write more than one row.
	var requests []*crashRequest
	for i := range crashDemands {
		rq := &crashRequest{demand: true, user: i % len(entrepreneurs), title: fmt.Sprintf("崩溃测试诉求 %03d", i),
			token: fmt.Sprintf("crash-token-%03d", i)}
		if i%4 == 0 {
			rq.file = append([]byte("%PDF-1.4\n% "+rq.title+"\n"), bytes.Repeat([]byte("0123456789abcdef"), 4096)...)
		}
		requests = append(requests, rq, &crashRequest{attendee: fx.attendees[i]})
	}

	// The burst: at most inFlight requests at a time; SIGKILL as soon as request killAt is sent.
	slots := make(chan struct{}, inFlight)
	var wg sync.WaitGroup
	for i, rq := range requests {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			r, err := rq.send(ctx, fx, entrepreneurs, official)
			rq.answered, rq.status, rq.location, rq.err = err == nil, r.status, r.location, err
		}()
		if i+1 == killAt {
			proc.kill()
		}
	}
	wg.Wait()

	figures := crashFigures{Requests: len(requests)}
	var unanswered []*crashRequest
	sentBeforeKill := 0
	for i, rq := range requests {
		switch {
		case !rq.answered:
			unanswered = append(unanswered, rq)
			if i < killAt {
				sentBeforeKill++
			}
		case rq.succeeded(fx, reply{status: rq.status, location: rq.location}):
			figures.Succeeded++
		default:
			// The server answered, but not with success: before the kill nothing may fail.
			t.Errorf("request %d (demand %v) answered %d %q before the kill", i, rq.demand, rq.status, rq.location)
		}
	}
	figures.Unanswered, figures.InFlightAtKill = len(unanswered), sentBeforeKill
	t.Logf("%d requests: %d succeeded, %d unanswered (%d of them in flight at the kill)",
		len(requests), figures.Succeeded, len(unanswered), sentBeforeKill)
	if figures.Succeeded == 0 || sentBeforeKill == 0 {
		t.Fatalf("the kill did not land mid-run: %d succeeded, %d in flight", figures.Succeeded, sentBeforeKill)
	}

	// Start again on the same database, as an operator (or systemd) would.
	proc = startPortal(t, dbURL, port)
	tr = newTransport()
	official.http.Transport = tr
	for _, c := range entrepreneurs {
		c.http.Transport = tr
	}

	// Every success is saved exactly once, and nothing is half-written.
	for _, rq := range requests {
		if !rq.answered || !rq.succeeded(fx, reply{status: rq.status, location: rq.location}) {
			continue
		}
		if rq.demand {
			ids := demandsTitled(t, pool, rq.title)
			switch {
			case len(ids) == 0 || ids[0] != demandID(rq.location):
				figures.Lost++
				t.Errorf("demand %q answered %s, saved as %v", rq.title, rq.location, ids)
			case len(ids) > 1:
				figures.Duplicated++
				t.Errorf("demand %q saved %d times", rq.title, len(ids))
			}
		} else if !checkedIn(t, pool, rq.attendee) {
			figures.Lost++
			t.Errorf("attendee %d: check-in answered with success but not recorded", rq.attendee)
		}
	}
	figures.HalfWritten += halfWritten(t, pool, requests)

	// What the process saved but could not answer any more.
	for _, rq := range unanswered {
		if rq.demand && len(demandsTitled(t, pool, rq.title)) > 0 || !rq.demand && checkedIn(t, pool, rq.attendee) {
			figures.CommittedUnanswered++
		}
	}

	// A person whose page never came back sends the form again: the same submit token saves
	// the demand once, whether or not the first try got through. Some answered submissions
	// are sent again too, which must find their demand.
	resend := append([]*crashRequest(nil), unanswered...)
	for _, rq := range requests[:10] {
		if rq.demand && rq.answered {
			resend = append(resend, rq)
		}
	}
	for _, rq := range resend {
		before := []int64(nil)
		if rq.demand {
			before = demandsTitled(t, pool, rq.title)
		}
		r, err := rq.send(ctx, fx, entrepreneurs, official)
		if err != nil || !rq.succeeded(fx, r) {
			t.Errorf("sending again (demand %v %q, attendee %d): %v, status %d %q", rq.demand, rq.title, rq.attendee, err, r.status, r.location)
			continue
		}
		if rq.demand && len(before) > 0 && demandID(r.location) != before[0] {
			figures.Duplicated++
			t.Errorf("demand %q sent again with its token: answered %s, but it was saved as %d", rq.title, r.location, before[0])
		}
	}
	figures.Retried = len(unanswered)

	// In the end every demand exists exactly once and every attendee is checked in.
	for _, rq := range requests {
		if rq.demand {
			if n := len(demandsTitled(t, pool, rq.title)); n != 1 {
				if n > 1 {
					figures.Duplicated++
				} else {
					figures.Lost++
				}
				t.Errorf("demand %q: %d rows after the retries, want 1", rq.title, n)
			}
		} else if !checkedIn(t, pool, rq.attendee) {
			figures.Lost++
			t.Errorf("attendee %d not checked in after the retries", rq.attendee)
		}
	}
	if n := count(t, pool, `SELECT count(*) FROM demands`); n != crashDemands {
		t.Errorf("%d demands in the database, want %d", n, crashDemands)
	}
	figures.HalfWritten += halfWritten(t, pool, requests)

	// The restarted server shows a saved demand to its entrepreneur.
	if r, err := entrepreneurs[0].get(ctx, "/my/demands"); err != nil || r.status != http.StatusOK ||
		!strings.Contains(r.body, requests[0].title) {
		t.Errorf("the restarted portal's demand list: %v, status %d", err, r.status)
	}

	figures.Seconds = int(time.Since(began).Round(time.Second).Seconds())
	if elapsed := time.Since(began); elapsed > 60*time.Second {
		t.Errorf("the kill test took %s, want under 60 s", elapsed.Round(time.Second))
	}
	t.Logf("figures: %+v", figures)
	writeReport(t, "crash.json", figures)
}

// demandsTitled returns the ids of the demands with title, oldest first.
func demandsTitled(t *testing.T, pool *pgxpool.Pool, title string) []int64 {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT id FROM demands WHERE title = $1 ORDER BY id`, title)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

func checkedIn(t *testing.T, pool *pgxpool.Pool, attendee int64) bool {
	t.Helper()
	return count(t, pool, `SELECT count(*) FROM attendees WHERE id = $1 AND checked_in_at IS NOT NULL`, attendee) == 1
}

func count(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// halfWritten counts what a transaction cut off in the middle would leave behind, reporting
// each: a demand without exactly one submission event in its timeline, a demand without the
// attachment its request carried (or with one it did not), an attachment whose stored size
// is not its data's, and a check-in time without who checked them in (or the reverse).
func halfWritten(t *testing.T, pool *pgxpool.Pool, requests []*crashRequest) int {
	t.Helper()
	n := 0
	for _, c := range []struct{ what, sql string }{
		{"demands without exactly one submit event", `SELECT count(*) FROM demands d
			WHERE (SELECT count(*) FROM demand_events e WHERE e.demand_id = d.id AND e.action = 'submit') <> 1`},
		{"demands whose submit event is not to submitted", `SELECT count(*) FROM demand_events
			WHERE action = 'submit' AND to_status IS DISTINCT FROM 'submitted'`},
		{"attachments with a wrong size", `SELECT count(*) FROM demand_attachments WHERE size <> length(data)`},
		{"attendees with half a check-in", `SELECT count(*) FROM attendees
			WHERE (checked_in_at IS NULL) <> (checked_in_by IS NULL)`},
	} {
		if k := count(t, pool, c.sql); k > 0 {
			t.Errorf("half-written: %d %s", k, c.what)
			n += k
		}
	}
	for _, rq := range requests {
		if !rq.demand {
			continue
		}
		want := 0
		if rq.file != nil {
			want = 1
		}
		var files, size int
		err := pool.QueryRow(context.Background(), `SELECT count(a.id), coalesce(sum(a.size), 0) FROM demands d
			LEFT JOIN demand_attachments a ON a.demand_id = d.id WHERE d.title = $1`, rq.title).Scan(&files, &size)
		if err != nil {
			t.Fatal(err)
		}
		if len(demandsTitled(t, pool, rq.title)) == 0 {
			continue // not saved (yet): nothing to be half of
		}
		if files != want || want == 1 && size != len(rq.file) {
			t.Errorf("half-written: demand %q has %d attachments (%d bytes), want %d (%d bytes)", rq.title, files, size, want, len(rq.file))
			n++
		}
	}
	return n
}
