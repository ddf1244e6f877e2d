package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres/pgtest"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// queryCounter is a pgx tracer counting every statement sent, batched ones included.
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (c *queryCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}
func (c *queryCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {
	c.n.Add(1)
}
func (c *queryCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// newCountingEnv is newEnv whose server runs on a pool that counts its queries; the env's own
// pool (for setting data up) is not counted.
func newCountingEnv(t *testing.T) (*env, *queryCounter) {
	t.Helper()
	pool, url := pgtest.New(t)
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	counter := &queryCounter{}
	cfg.ConnConfig.Tracer = counter
	traced, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := New(slog.New(slog.NewTextHandler(io.Discard, nil)), traced, Options{})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close(); traced.Close() })
	return &env{t: t, pool: pool, srv: srv, ts: ts}, counter
}

// queries is how many statements GET path issues, checking that it answers 200.
func queries(t *testing.T, c *client, counter *queryCounter, path string) int64 {
	t.Helper()
	c.get(path) // warm: the first request of a session may load things once (the calendar, the session)
	before := counter.n.Load()
	res := c.get(path)
	wantStatus(t, res, http.StatusOK)
	return counter.n.Load() - before
}

// TestListPagesIssueAFixedNumberOfQueries proves there is no N+1 query on the pages people
// use most: each renders with 5 rows and with 50 rows, and must send the database the same
// number of statements both times. A page whose count grows with its rows queries per row.
func TestListPagesIssueAFixedNumberOfQueries(t *testing.T) {
	e, counter := newCountingEnv(t)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := e.pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
	e.newAccount("qc-official", portal.RoleOfficial)
	ent := e.newAccount("qc-ent", portal.RoleEntrepreneur)
	staff := e.newAccount("qc-dept", portal.RoleDepartment)
	dept := *staff.DepartmentID
	other := e.department("自然资源和规划局")
	official, entrepreneur, department := e.login("qc-official"), e.login("qc-ent"), e.login("qc-dept")
	now := time.Now()

	// addRows brings every list up to n rows: n enterprises of the chain, n past meetings, n
	// attendees of the first meeting, n demands of ent (assigned to dept, each with a co-handling
	// department, raised at the first meeting), n timeline rows of the first demand.
	var firstMeeting, firstDemand int64
	have := 0
	addRows := func(n int) {
		t.Helper()
		for i := have; i < n; i++ {
			e.enterprise("查询计数企业 "+strconv.Itoa(i), portal.EnterpriseVerified)
			id := e.meeting("早餐会 "+strconv.Itoa(i), now.AddDate(0, 0, 7+i), 60)
			if firstMeeting == 0 {
				firstMeeting = id
			}
		}
		exec(`UPDATE meetings SET starts_at = starts_at - interval '400 days', ends_at = ends_at - interval '400 days',
			status = 'closed' WHERE id <> $1`, firstMeeting)
		exec(`INSERT INTO attendees (meeting_id, enterprise_id, name, title, mobile, checkin_code)
			SELECT $1, $2, '参会人' || g, '总经理', '13800000000', 'QC' || g FROM generate_series($3::int + 1, $4::int) g`,
			firstMeeting, *ent.EnterpriseID, have, n)
		for i := have; i < n; i++ {
			id := e.demand(ent, "用地诉求 "+strconv.Itoa(i))
			if firstDemand == 0 {
				firstDemand = id
			}
			exec(`UPDATE demands SET status = 'in_progress', lead_department_id = $2, time_limit_days = 10,
				assigned_at = now() - interval '3 days', deadline = current_date + 5 - 10 * ($3::int % 2), meeting_id = $4,
				supervised = $3::int % 3 = 0 WHERE id = $1`, id, dept, i, firstMeeting)
			exec(`INSERT INTO demand_co_departments VALUES ($1, $2)`, id, other)
			exec(`INSERT INTO demand_extensions (demand_id, requested_by, extra_days, reason) VALUES ($1, $2, 5, '需延期')`, id, staff.ID)
			exec(`INSERT INTO demand_events (demand_id, actor_id, action, from_status, note) VALUES ($1, $2, 'note', 'in_progress', '进展')`,
				firstDemand, staff.ID)
		}
		have = n
	}

	// want is a text of the 50th row, which the page must show with 50 rows: a page that
	// did not render its rows would prove nothing.
	type pageCase struct {
		name string
		c    *client
		path func() string
		want string
	}
	cases := []pageCase{
		{"enterprise list", official, func() string { return "/enterprises" }, "查询计数企业 49"},
		{"meeting list (past)", official, func() string { return "/meetings?when=past" }, "早餐会 49"},
		{"meeting with attendees", official, func() string { return "/meetings/" + strconv.FormatInt(firstMeeting, 10) }, ""},
		{"check-in page", official, func() string { return "/meetings/" + strconv.FormatInt(firstMeeting, 10) + "/checkin" }, "参会人50"},
		{"attendee list print page", official, func() string { return "/meetings/" + strconv.FormatInt(firstMeeting, 10) + "/print/list" }, "参会人50"},
		{"meeting demand list", official, func() string { return "/meetings/" + strconv.FormatInt(firstMeeting, 10) + "/demands" }, "用地诉求 49"},
		{"demand list", official, func() string { return "/demands" }, "用地诉求 49"},
		{"demand list, filtered", official, func() string { return "/demands?status=in_progress&department=" + strconv.FormatInt(dept, 10) }, "用地诉求 49"},
		{"demand with timeline", official, func() string { return "/demands/" + strconv.FormatInt(firstDemand, 10) }, "进展"},
		{"dashboard", official, func() string { return "/dashboard" }, ""},
		{"department inbox", department, func() string { return "/inbox" }, "用地诉求 49"},
		{"department inbox, overdue", department, func() string { return "/inbox?tab=overdue" }, "用地诉求 49"},
		{"entrepreneur's demands", entrepreneur, func() string { return "/my/demands" }, "用地诉求 49"},
	}
	counts := map[string][2]int64{}
	for round, n := range []int{5, 50} {
		addRows(n)
		for _, pc := range cases {
			c := counts[pc.name]
			c[round] = queries(t, pc.c, counter, pc.path())
			counts[pc.name] = c
			if round == 1 && pc.want != "" && !strings.Contains(pc.c.get(pc.path()).body, pc.want) {
				t.Errorf("%s: the page does not show %q with 50 rows", pc.name, pc.want)
			}
		}
	}
	for _, pc := range cases {
		c := counts[pc.name]
		t.Run(pc.name, func(t *testing.T) {
			if c[0] == 0 {
				t.Fatalf("no query counted: the tracer is not on the server's pool")
			}
			t.Logf("%d queries", c[0])
			if c[1] != c[0] {
				t.Errorf("%d queries with 5 rows, %d with 50: the page queries per row", c[0], c[1])
			}
		})
	}
}

// TestReferenceDataCostsNoQueryUntilItChanges proves the reference data (departments, chains,
// categories) on the demand list is kept between views, and that a change made outside the
// portal (here straight in SQL) shows on the very next view, for which it is read again once.
func TestReferenceDataCostsNoQueryUntilItChanges(t *testing.T) {
	e, counter := newCountingEnv(t)
	e.newAccount("ref-official", portal.RoleOfficial)
	dept := e.department("商务局")
	official := e.login("ref-official")
	kept := queries(t, official, counter, "/demands")
	if _, err := e.pool.Exec(context.Background(), `UPDATE departments SET name = '商务和投资促进局' WHERE id = $1`, dept); err != nil {
		t.Fatal(err)
	}
	before := counter.n.Load()
	res := official.get("/demands")
	wantStatus(t, res, http.StatusOK)
	reread := counter.n.Load() - before
	if !strings.Contains(res.body, "商务和投资促进局") {
		t.Error("the renamed department is not on the next view")
	}
	if reread <= kept {
		t.Errorf("%d statements after the change, %d before: the reference data was not kept", reread, kept)
	}
	if again := queries(t, official, counter, "/demands"); again != kept {
		t.Errorf("%d statements on the view after the re-read, want %d", again, kept)
	}
}
