package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"

	"github.com/jackc/pgx/v5/pgxpool"
)

// TestHotListsArePlannedOnce checks that the statements behind the most used list pages settle
// on PostgreSQL's generic plan after the first few executions, instead of being planned again on
// every view. A LIMIT or a state list passed as a parameter made the generic plan look dearer
// than a custom one, and planning then cost as much as running the query (2.8 ms of the demand
// list's 6 ms). The statements run on a pool of one connection, whose pg_prepared_statements
// then tell how each was planned.
func TestHotListsArePlannedOnce(t *testing.T) {
	ctx := context.Background()
	pool, dept, meeting := newPlanData(t)
	today := time.Now()
	due := today.AddDate(0, 0, 5)
	official := portal.Viewer{Role: portal.RoleOfficial}
	staff := portal.Viewer{Role: portal.RoleDepartment, DepartmentID: &dept}
	closed, category := portal.DemandClosed, int64(1)
	demands := postgres.NewDemandStore(pool)
	meetings := postgres.NewMeetingStore(pool)
	reports := postgres.NewDemandReportStore(pool)
	m, err := meetings.ByID(ctx, meeting)
	if err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		name    string
		marker  string // a piece of the statement's text that names it
		execute func() error
		// noParameters: the statement must take no parameters, so that PostgreSQL plans it
		// once whatever the data. A department's inbox at a million demands chose custom plans
		// with the department as a parameter; 5,000 demands cannot show that choice.
		noParameters bool
	}{
		{"demand list", "ORDER BY d.created_at DESC, d.id DESC", func() error {
			_, err := demands.List(ctx, postgres.DemandFilter{Today: today}, official)
			return err
		}, false},
		{"demand list, closed of a category", "d.category_id = $", func() error {
			_, err := demands.List(ctx, postgres.DemandFilter{Status: &closed, CategoryID: &category, Today: today}, official)
			return err
		}, false},
		{"inbox, open", "fc.demand_status IN", func() error {
			_, err := demands.List(ctx, postgres.DemandFilter{DepartmentID: &dept, Today: today,
				Statuses: []portal.DemandStatus{portal.DemandAssigned, portal.DemandInProgress, portal.DemandReopened}}, staff)
			return err
		}, true},
		{"inbox, due soon", "d.deadline >= $", func() error {
			_, err := demands.List(ctx, postgres.DemandFilter{DepartmentID: &dept, Today: today, DueBefore: &due}, staff)
			return err
		}, false},
		{"meeting list", "FROM meetings m", func() error {
			_, err := meetings.List(ctx, postgres.MeetingFilter{Now: today})
			return err
		}, false},
		{"open demands of the series", "m.series_id = $1 AND m.id <> $2", func() error {
			_, err := reports.SeriesOpenDemands(ctx, m, official)
			return err
		}, false},
	}
	for _, p := range pages {
		pool.Reset() // a new connection: no statement prepared yet
		for range 10 {
			if err := p.execute(); err != nil {
				t.Fatalf("%s: %v", p.name, err)
			}
		}
		rows, err := pool.Query(ctx, `SELECT statement, generic_plans, custom_plans, cardinality(parameter_types)
			FROM pg_prepared_statements`)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for rows.Next() {
			var statement string
			var generic, custom, parameters int64
			if err := rows.Scan(&statement, &generic, &custom, &parameters); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(statement, p.marker) || strings.Contains(statement, "pg_prepared_statements") {
				continue
			}
			found = true
			if generic == 0 {
				t.Errorf("%s: planned anew on each of its executions (%d custom plans, no generic one):\n%s",
					p.name, custom, statement)
			}
			if p.noParameters && parameters > 0 {
				t.Errorf("%s: takes %d parameters; it may be planned again on every view at a province's size:\n%s",
					p.name, parameters, statement)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if !found {
			t.Errorf("%s: no prepared statement containing %q", p.name, p.marker)
		}
	}
}

// TestDemandListsJoinOnlyThePagesRows: a list page chooses its demands first and joins their
// enterprise, meeting, departments and co-handling departments for those alone. When no index
// gives the order (the inbox's due-soon tab, say), the joins were made for every matching
// demand before the sort kept a page of them: at a million demands, 521 co-handling
// aggregates for a page of 51. The co-handling aggregate must run once per row of the page.
// On 5,000 demands only a filter as selective as one meeting's makes the planner leave the
// list's index, as the due-soon tab does at a million; the other filters guard the rest.
func TestDemandListsJoinOnlyThePagesRows(t *testing.T) {
	ctx := context.Background()
	pool, dept, meeting := newPlanData(t)
	// A meeting with 33 of the 5,000 demands: demands_meeting_idx finds them, but not in the
	// list's order, as the deadline index finds the due-soon ones at a million demands.
	for _, sql := range []string{`UPDATE demands SET meeting_id = $1 WHERE id % 150 = 0`, `ANALYZE demands`} {
		args := []any{meeting}
		if !strings.Contains(sql, "$1") {
			args = nil
		}
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	today := time.Now()
	due := today.AddDate(0, 0, 10)
	official := portal.Viewer{Role: portal.RoleOfficial}
	staff := portal.Viewer{Role: portal.RoleDepartment, DepartmentID: &dept}
	closed, category := portal.DemandClosed, int64(5) // a fifth of the closed demands
	const limit = 10
	cases := []struct {
		name string
		f    postgres.DemandFilter
		v    portal.Viewer
	}{
		{"inbox, due soon", postgres.DemandFilter{DepartmentID: &dept, Today: today, DueBefore: &due}, staff},
		{"inbox, overdue", postgres.DemandFilter{DepartmentID: &dept, Today: today, Overdue: true}, staff},
		{"closed of a category", postgres.DemandFilter{Status: &closed, CategoryID: &category, Today: today}, official},
		{"text search", postgres.DemandFilter{Query: "诉求 1", Today: today}, official},
		{"default", postgres.DemandFilter{Today: today}, official},
		{"one meeting's", postgres.DemandFilter{MeetingID: &meeting, Today: today}, official},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sql, args, err := postgres.ListSQL(c.f, c.v, limit)
			if err != nil {
				t.Fatal(err)
			}
			var plan []struct{ Plan planNode }
			if err := pool.QueryRow(ctx, "EXPLAIN (ANALYZE, FORMAT JSON) "+sql, args...).Scan(&plan); err != nil {
				t.Fatal(err)
			}
			found, aggregates := false, 0
			var walk func(n planNode)
			walk = func(n planNode) {
				if n.NodeType == "Aggregate" && n.touches("demand_co_departments", "cd") {
					found = true
					aggregates += n.ActualLoops
				}
				for _, p := range n.Plans {
					walk(p)
				}
			}
			walk(plan[0].Plan)
			if !found {
				t.Fatal("no co-handling aggregate in the plan: the test no longer looks at the right node")
			}
			if aggregates > limit+1 {
				t.Errorf("the co-handling aggregate ran %d times for a page of %d demands", aggregates, limit)
			}
			t.Logf("%d co-handling aggregates", aggregates)
		})
	}
}

// planNode is a node of EXPLAIN (FORMAT JSON)'s plan.
type planNode struct {
	NodeType     string     `json:"Node Type"`
	RelationName string     `json:"Relation Name"`
	Alias        string     `json:"Alias"`
	ActualLoops  int        `json:"Actual Loops"`
	Plans        []planNode `json:"Plans"`
}

// touches reports whether n or a node under it reads relation under alias.
func (n planNode) touches(relation, alias string) bool {
	if n.RelationName == relation && n.Alias == alias {
		return true
	}
	for _, p := range n.Plans {
		if p.touches(relation, alias) {
			return true
		}
	}
	return false
}

// newPlanData returns a pool of one connection on a database holding 5,000 demands, and the
// department that leads two fifths of them and the meeting the others' plans are checked on.
func newPlanData(t *testing.T) (pool *pgxpool.Pool, dept, meeting int64) {
	t.Helper()
	ctx := context.Background()
	_, url := pgtest.New(t)
	pool, err := postgres.Open(ctx, url+"&pool_max_conns=1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	var series int64
	if err := pool.QueryRow(ctx, `INSERT INTO departments (name) VALUES ('工业和信息化局') RETURNING id`).Scan(&dept); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `INSERT INTO meeting_series (name) VALUES ('新能源汽车产业链早餐会') RETURNING id`).Scan(&series); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `INSERT INTO meetings (series_id, theme, starts_at, ends_at, venue, capacity, status)
		VALUES ($1, '十一月早餐会', now(), now() + interval '2 hours', '区政府一号会议室', 30, 'published')
		RETURNING id`, series).Scan(&meeting); err != nil {
		t.Fatal(err)
	}
	// Enough demands that a page is a small part of them, as in use: on a handful of rows
	// every plan costs the same and the test could not fail. The department leads two fifths
	// of them and 39 others the rest, as unevenly as in a province's data: the plan that suits
	// the busy department differs from the one for an average department.
	seed := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO departments (name) SELECT '第' || i || '局' FROM generate_series(1, 39) i`, nil},
		{`INSERT INTO enterprises (name, uscc, scale, status) VALUES ('星途新能源汽车', $1, 'above', 'verified')`,
			[]any{postgres.DemoUSCC(900)}},
		{`INSERT INTO meetings (series_id, theme, starts_at, ends_at, venue, capacity, status)
			SELECT $1, '第' || i || '期早餐会', now() - i * interval '30 days', now() - i * interval '30 days' + interval '2 hours',
				'区政府一号会议室', 30, 'closed' FROM generate_series(1, 40) i`, []any{series}},
		{`INSERT INTO demands (enterprise_id, meeting_id, category_id, title, description, status, lead_department_id, deadline, created_at)
			SELECT (SELECT min(id) FROM enterprises), CASE WHEN i % 10 = 0 THEN (SELECT max(id) FROM meetings) END,
				(SELECT min(id) FROM demand_categories) + i % 8, '诉求 ' || i, '说明',
				(ARRAY['submitted', 'assigned', 'in_progress', 'answered', 'closed', 'closed', 'closed', 'closed'])[1 + i % 8],
				CASE WHEN i % 8 NOT BETWEEN 1 AND 7 THEN NULL WHEN i % 5 < 2 THEN $1::bigint
					ELSE (SELECT id FROM departments WHERE id <> $1 ORDER BY id OFFSET i % 39 LIMIT 1) END,
				current_date + (i % 40 - 20),
				now() - i * interval '1 hour'
			FROM generate_series(1, 5000) i`, []any{dept}},
		{`ANALYZE`, nil},
	}
	for _, q := range seed {
		if _, err := pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	return pool, dept, meeting
}
