package postgres

import (
	"context"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DashboardStore computes the supervision dashboard (督办看板) and the monthly bulletin (月度
// 通报). Every figure is an SQL aggregate (GROUP BY, FILTER) over the demands and meetings in
// scope; no list of demands is loaded to be counted in Go. The rates follow the definitions
// of portal.Rate (see internal/portal/rates.go). Working days are counted in SQL by
// workdays_between (migration 000015), which counts from the same holiday tables as
// workdays.Calendar.WorkdaysBetween and agrees with it (TestWorkdaysBetweenAgreesWithCalendar).
//
// Officials and administrators see every department's figures; department staff only those
// of the demands their department leads (主办), whatever filter they send; entrepreneurs
// nothing (EFORBIDDEN).
//
// Computed dashboards are kept and used again until the data or the day changes; slow ones are
// then refreshed in the background (Dashboard, dashboardCache).
type DashboardStore struct {
	pool      *pgxpool.Pool
	cache     dashboardCache
	slowAfter time.Duration // slowDashboard unless a test sets it
	life      context.Context
	end       context.CancelFunc
}

// NewDashboardStore returns a DashboardStore on pool. Close it to stop its background work.
func NewDashboardStore(pool *pgxpool.Pool) *DashboardStore {
	s := &DashboardStore{pool: pool}
	s.life, s.end = context.WithCancel(context.Background())
	return s
}

// RankingSort is a column the department ranking sorts by.
type RankingSort string

// The ranking's columns.
const (
	RankByDepartment   RankingSort = "department"   // pinyin order
	RankByAssigned     RankingSort = "assigned"     // most first
	RankByAnswered     RankingSort = "answered"     // most first
	RankByOverdue      RankingSort = "overdue"      // most first
	RankByOnTime       RankingSort = "ontime"       // highest first; no answers last
	RankBySatisfaction RankingSort = "satisfaction" // highest first; no ratings last
	RankByDays         RankingSort = "days"         // fewest working days first; no answers last
)

// RankingSorts lists the columns in the order the ranking shows them.
var RankingSorts = []RankingSort{RankByDepartment, RankByAssigned, RankByAnswered, RankByOverdue, RankByOnTime,
	RankBySatisfaction, RankByDays}

// Valid reports whether s is one of the columns.
func (s RankingSort) Valid() bool {
	for _, x := range RankingSorts {
		if s == x {
			return true
		}
	}
	return false
}

// Ascending reports whether the column's natural order is smallest first: names in pinyin
// order and days to answer; counts and rates are largest first.
func (s RankingSort) Ascending() bool { return s == RankByDepartment || s == RankByDays }

// DashboardFilter chooses the demands the dashboard counts.
type DashboardFilter struct {
	// From and To are days in China time, both included: demands created on From up to the
	// end of To count, and meetings held in that span.
	From, To time.Time
	// ChainID keeps the demands of one industry chain: raised at a meeting of that chain, or,
	// when raised outside a chain's meeting, of an enterprise in the chain.
	ChainID *int64
	// DepartmentID keeps the demands the department leads (主办), and the meetings it sat at.
	// Department staff always get their own department here.
	DepartmentID *int64
	Sort         RankingSort
	// Reverse turns the sort column's natural order around. Departments without a rate or an
	// average stay last either way.
	Reverse bool
	Now     time.Time // what "overdue" and the rating window are measured against
}

// DemandTotals are the headline figures of the demands in scope.
type DemandTotals struct {
	Received   int // created in the period
	Accepted   int // every state but submitted, rejected and merged
	Closed     int
	Answered   int // answered_at set
	Overdue    int // a department works on it and its deadline has passed (portal.Demand.Overdue)
	Supervised int // flagged 督办 and not closed, rejected or merged
	// NotRated counts answered demands without a rating: waiting for one (answered) or
	// closed unrated. NotRatedInWindow are those still within the rating window.
	NotRated, NotRatedInWindow int
	Resolution                 portal.Rate    // closed ÷ accepted
	OnTime                     portal.Rate    // answered by the deadline ÷ answered
	Satisfaction               portal.Rate    // (满意 + 基本满意) ÷ rated
	AnswerDays                 portal.Average // working days from assignment to answer
}

// StatusCount is how many demands in scope are in a state.
type StatusCount struct {
	Status portal.DemandStatus
	Count  int
}

// DepartmentFigures is one row of the department ranking: the demands the department leads.
type DepartmentFigures struct {
	DepartmentID int64
	Department   string // short name when it has one
	Assigned     int    // accepted demands it leads (dashboard); assigned in the month (bulletin)
	Answered     int
	Overdue      int // overdue now (dashboard); at the month's end (bulletin)
	OnTime       portal.Rate
	Satisfaction portal.Rate
	AnswerDays   portal.Average
}

// GroupFigures are the demands of one industry chain or one category.
type GroupFigures struct {
	ID               int64
	Name, NameEN     string // a chain has one name; a category both
	Received         int
	Accepted, Closed int
	Open             int // not closed, rejected or merged (answered ones wait for their rating)
	Resolution       portal.Rate
}

// MonthFigures is one month of the trend.
type MonthFigures struct {
	Month    time.Time // the first day, midnight China time
	Received int       // created in the month
	Closed   int       // closed in the month
}

// MeetingFigures are the breakfast meetings held (held or closed) in the period.
type MeetingFigures struct {
	Held int
	// EnterprisesReached counts the distinct enterprises with an accepted invitation to one of
	// them.
	EnterprisesReached int
	Acceptance         portal.Rate // accepted ÷ answered invitations (accepted + declined)
	CheckIn            portal.Rate // checked-in ÷ expected attendees, walk-ins excluded
}

// DemandLine is a demand in one of the dashboard's lists.
type DemandLine struct {
	ID           int64
	Title        string
	Enterprise   string
	Department   string // the lead department's short name; "" before triage
	Status       portal.DemandStatus
	Deadline     *time.Time // a date
	DaysOverdue  int        // working days past the deadline (overdue lists)
	Supervised   bool
	Note         string // the supervision note
	Rating       *portal.Rating
	ClosedAt     *time.Time // (the bulletin's closed list)
	Confidential bool
}

// Dashboard is everything the supervision dashboard shows.
type Dashboard struct {
	Filter           DashboardFilter // as applied: a department's staff get their department
	Totals           DemandTotals
	ByStatus         []StatusCount // every state, in the order of the loop
	Ranking          []DepartmentFigures
	Chains           []GroupFigures // chains with demands in scope, most first
	Categories       []GroupFigures // every active category (and inactive ones with demands)
	Trend            []MonthFigures // the 12 months up to To's month, oldest first
	Meetings         MeetingFigures
	Overdue          []DemandLine // most overdue first, at most ListLimit
	Supervised       []DemandLine // open supervised demands, earliest deadline first, at most ListLimit
	RatingWindowDays int
	// AsOf is when the figures were computed. Refreshing is set when they are out of date
	// and newer ones are being computed (large data sets only: see DashboardStore.Dashboard).
	AsOf       time.Time
	Refreshing bool
}

// ListLimit is how many demands the dashboard's lists show at most; their totals say how
// many there are, and the page links to the full lists. (Each row costs rendering time on
// every view: 100 rows a list kept the page from its 50 ms target at a million demands.)
const ListLimit = 20

// scopeFor applies the viewer's limits to f: department staff see their own department's
// demands only, and entrepreneurs nothing.
func scopeFor(f *DashboardFilter, v portal.Viewer) error {
	switch v.Role {
	case portal.RoleOfficial, portal.RoleAdmin:
		return nil
	case portal.RoleDepartment:
		if v.DepartmentID != nil {
			id := *v.DepartmentID
			f.DepartmentID = &id
			return nil
		}
	}
	return portal.Errorf(portal.EFORBIDDEN, "error.forbidden")
}

// dayStart is midnight China time of t's day in China.
func dayStart(t time.Time) time.Time {
	y, m, d := t.In(portal.CST).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, portal.CST)
}

// cstDate is the SQL for the day in China of timestamp column col.
func cstDate(col string) string { return "(" + col + " AT TIME ZONE 'Asia/Shanghai')::date" }

// demandsFrom is the FROM clause the demand conditions are written against.
const demandsFrom = ` demands d LEFT JOIN meetings dm ON dm.id = d.meeting_id `

// demandConds are the filter's conditions on demands d (and their meetings dm), with the
// creation period when dates is set.
func (f DashboardFilter) demandConds(a *argList, dates bool) string {
	conds := []string{"true"}
	if dates {
		conds = append(conds, "d.created_at >= "+a.add(dayStart(f.From)),
			"d.created_at < "+a.add(dayStart(f.To).AddDate(0, 0, 1)))
	}
	if f.ChainID != nil {
		p := a.add(*f.ChainID)
		conds = append(conds, "(dm.chain_id = "+p+" OR dm.chain_id IS NULL AND EXISTS (SELECT 1 FROM enterprise_chains ec"+
			" WHERE ec.enterprise_id = d.enterprise_id AND ec.chain_id = "+p+"))")
	}
	if f.DepartmentID != nil {
		conds = append(conds, "d.lead_department_id = "+a.add(*f.DepartmentID))
	}
	return strings.Join(conds, " AND ")
}

// SQL conditions on demands d shared by the figures.
const (
	acceptedCond = `d.status NOT IN ('submitted', 'rejected', 'merged')`
	openCond     = `d.status IN ('assigned', 'in_progress', 'reopened')` // portal.DemandStatus.HasDeadline
	answeredCond = `d.answered_at IS NOT NULL`
	satisfied    = `d.rating IN ('satisfied', 'basically')`
)

// onTimeCond is the condition that demand d was answered by its deadline.
var onTimeCond = `d.deadline IS NOT NULL AND ` + cstDate("d.answered_at") + ` <= d.deadline`

// answerDaysExpr is the working days demand d took from assignment to answer.
var answerDaysExpr = `workdays_between(` + cstDate("d.assigned_at") + `, ` + cstDate("d.answered_at") + `)`

// Dashboard computes the dashboard for f as v may see it, in one read-only snapshot, so the
// figures agree with each other. Entrepreneurs get EFORBIDDEN.
//
// Computed figures are kept and used again until the data or the day changes. Figures that
// took longer than slowDashboard to compute are then refreshed in the background, one
// refresh at a time for all filters, and viewers get the previous figures meanwhile
// (Dashboard.Refreshing).
func (s *DashboardStore) Dashboard(ctx context.Context, f DashboardFilter, v portal.Viewer) (*Dashboard, error) {
	if err := scopeFor(&f, v); err != nil {
		return nil, err
	}
	if !f.Sort.Valid() {
		f.Sort = RankByOnTime
	}
	key := keyOf(f)
	kept := s.cache.get(key)
	if kept != nil {
		versions, err := requestVersions(ctx, s.pool)
		if err != nil {
			return nil, err
		}
		if kept.current(versions.Dashboard, f.Now) {
			return kept.at(f), nil
		}
		if kept.took >= s.slow() {
			if s.cache.startRefresh() {
				go s.refresh(key, f)
			}
			d := kept.at(f)
			d.Refreshing = true
			return d, nil
		}
	}
	fresh, err := s.compute(ctx, f)
	if err != nil {
		return nil, err
	}
	s.cache.put(key, fresh)
	return fresh.at(f), nil
}

// slow is slowDashboard, or what a test set.
func (s *DashboardStore) slow() time.Duration {
	if s.slowAfter != 0 {
		return s.slowAfter
	}
	return slowDashboard
}

// refresh computes the dashboard of f to keep it, detached from the request that noticed it
// was out of date but not from the store's life (Close).
func (s *DashboardStore) refresh(key dashboardKey, f DashboardFilter) {
	defer s.cache.refreshed()
	ctx, cancel := context.WithTimeout(s.life, 5*time.Minute)
	defer cancel()
	if fresh, err := s.compute(ctx, f); err == nil {
		s.cache.put(key, fresh)
	}
	// A failed refresh keeps the previous figures; the next look tries again.
}

// WaitForRefreshes waits until the background refresh, if one runs, has ended.
func (s *DashboardStore) WaitForRefreshes() { s.cache.background.Wait() }

// Close stops the background refresh, if one runs, and refuses new ones (at shutdown).
func (s *DashboardStore) Close() {
	s.cache.close()
	s.end()
	s.cache.background.Wait()
}

// compute reads every figure of f in one snapshot.
func (s *DashboardStore) compute(ctx context.Context, f DashboardFilter) (*keptDashboard, error) {
	started := time.Now()
	out := &Dashboard{Filter: f, AsOf: f.Now}
	kept := &keptDashboard{dashboard: out, today: dateOnly(f.Now)}
	err := readSnapshot(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if kept.version, err = dashboardVersion(ctx, tx); err != nil {
			return err
		}
		if out.RatingWindowDays, err = ratingWindow(ctx, tx); err != nil {
			return err
		}
		if kept.ratingEnds, err = ratingEnds(ctx, tx, out); err != nil {
			return err
		}
		steps := []func(context.Context, pgx.Tx, *Dashboard) error{dashboardTotals, dashboardStatuses, dashboardRanking,
			dashboardChains, dashboardCategories, dashboardTrend, dashboardMeetings, dashboardLists}
		for _, step := range steps {
			if err := step(ctx, tx, out); err != nil {
				return err
			}
		}
		return nil
	})
	kept.took = time.Since(started)
	return kept, err
}

// readSnapshot runs fn in a read-only repeatable-read transaction.
func readSnapshot(ctx context.Context, pool *pgxpool.Pool, fn func(pgx.Tx) error) error {
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// ratingWindow is settings.rating_window_days, 15 when it is missing or not a number.
func ratingWindow(ctx context.Context, q pgx.Tx) (int, error) {
	var days int
	err := q.QueryRow(ctx, `SELECT coalesce((SELECT CASE WHEN value ~ '^[0-9]{1,4}$' THEN value::int END
		FROM settings WHERE key = 'rating_window_days'), 15)`).Scan(&days)
	return days, err
}

func dashboardTotals(ctx context.Context, tx pgx.Tx, out *Dashboard) error {
	f := out.Filter
	var a argList
	where := f.demandConds(&a, true)
	today := a.add(dateOnly(f.Now))
	t := &out.Totals
	var onTime, rated, sat int
	err := tx.QueryRow(ctx, `SELECT count(*),
			count(*) FILTER (WHERE `+acceptedCond+`),
			count(*) FILTER (WHERE d.status = 'closed'),
			count(*) FILTER (WHERE `+answeredCond+`),
			count(*) FILTER (WHERE `+answeredCond+` AND `+onTimeCond+`),
			count(*) FILTER (WHERE d.rating IS NOT NULL),
			count(*) FILTER (WHERE `+satisfied+`),
			count(*) FILTER (WHERE `+answeredCond+` AND d.rating IS NULL AND d.status IN ('answered', 'closed')),
			count(*) FILTER (WHERE `+openCond+` AND d.deadline < `+today+`::date),
			count(*) FILTER (WHERE d.supervised AND d.status NOT IN ('closed', 'rejected', 'merged')),
			coalesce(sum(`+answerDaysExpr+`) FILTER (WHERE `+answeredCond+` AND d.assigned_at IS NOT NULL), 0),
			count(*) FILTER (WHERE `+answeredCond+` AND d.assigned_at IS NOT NULL)
		FROM`+demandsFrom+`WHERE `+where, a...).Scan(&t.Received, &t.Accepted, &t.Closed, &t.Answered, &onTime, &rated,
		&sat, &t.NotRated, &t.Overdue, &t.Supervised, &t.AnswerDays.Sum, &t.AnswerDays.Count)
	t.Resolution = portal.Rate{Num: t.Closed, Den: t.Accepted}
	t.OnTime = portal.Rate{Num: onTime, Den: t.Answered}
	t.Satisfaction = portal.Rate{Num: sat, Den: rated}
	return err
}

func dashboardStatuses(ctx context.Context, tx pgx.Tx, out *Dashboard) error {
	var a argList
	where := out.Filter.demandConds(&a, true)
	rows, err := tx.Query(ctx, `SELECT d.status, count(*) FROM`+demandsFrom+`WHERE `+where+` GROUP BY d.status`, a...)
	if err != nil {
		return err
	}
	counts := map[portal.DemandStatus]int{}
	var st portal.DemandStatus
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&st, &n}, func() error { counts[st] = n; return nil }); err != nil {
		return err
	}
	for _, s := range portal.DemandStatuses {
		out.ByStatus = append(out.ByStatus, StatusCount{Status: s, Count: counts[s]})
	}
	return nil
}

// rankingSpec says which of the demands d joined to a department count in each column of the
// ranking. Each condition is SQL on d.
type rankingSpec struct {
	from                               string // a subquery of the demands in scope, as d
	assigned, answered, overdue, rated string
	department                         *int64 // only this department's row, shown even when empty
	sort                               RankingSort
	reverse                            bool
}

// rankingOrder is the ORDER BY of each column, in its natural order; nulls (no rate, no
// average) always last.
var rankingOrder = map[RankingSort]string{
	RankByDepartment:   `r.name COLLATE "zh-x-icu"`,
	RankByAssigned:     `assigned DESC`,
	RankByAnswered:     `answered DESC`,
	RankByOverdue:      `overdue DESC`,
	RankByOnTime:       `on_time::float8 / nullif(answered, 0) DESC NULLS LAST`,
	RankBySatisfaction: `satisfied::float8 / nullif(rated, 0) DESC NULLS LAST`,
	RankByDays:         `days_sum::float8 / nullif(days_n, 0) ASC NULLS LAST`,
}

func reverseOrder(o string) string {
	switch {
	case strings.Contains(o, " DESC"):
		return strings.Replace(o, " DESC", " ASC", 1)
	case strings.Contains(o, " ASC"):
		return strings.Replace(o, " ASC", " DESC", 1)
	}
	return o + " DESC"
}

// ranking runs the department ranking of spec; a holds the arguments spec's SQL refers to.
func ranking(ctx context.Context, tx pgx.Tx, spec rankingSpec, a argList) ([]DepartmentFigures, error) {
	order := rankingOrder[spec.sort]
	if order == "" {
		order = rankingOrder[RankByOnTime]
	}
	if spec.reverse {
		order = reverseOrder(order)
	}
	only, keep := "true", "false"
	if spec.department != nil {
		p := a.add(*spec.department)
		only, keep = "dep.id = "+p, "dep.id = "+p
	}
	answered := "(" + spec.answered + ")"
	rows, err := tx.Query(ctx, `SELECT id, short, assigned, answered, overdue, on_time, rated, satisfied, days_sum, days_n FROM (
		SELECT dep.id, coalesce(nullif(dep.short_name, ''), dep.name) AS short, dep.name,
			count(d.id) FILTER (WHERE `+spec.assigned+`) AS assigned,
			count(d.id) FILTER (WHERE `+answered+`) AS answered,
			count(d.id) FILTER (WHERE `+spec.overdue+`) AS overdue,
			count(d.id) FILTER (WHERE `+answered+` AND `+onTimeCond+`) AS on_time,
			count(d.id) FILTER (WHERE `+spec.rated+`) AS rated,
			count(d.id) FILTER (WHERE `+spec.rated+` AND `+satisfied+`) AS satisfied,
			coalesce(sum(`+answerDaysExpr+`) FILTER (WHERE `+answered+` AND d.assigned_at IS NOT NULL), 0) AS days_sum,
			count(d.id) FILTER (WHERE `+answered+` AND d.assigned_at IS NOT NULL) AS days_n
		FROM departments dep LEFT JOIN (`+spec.from+`) d ON d.lead_department_id = dep.id
		WHERE `+only+`
		GROUP BY dep.id
		HAVING count(d.id) FILTER (WHERE `+spec.assigned+` OR `+answered+` OR `+spec.overdue+` OR `+spec.rated+`) > 0 OR `+keep+`
			) r
		ORDER BY `+order+`, r.name COLLATE "zh-x-icu", r.id`, a...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (DepartmentFigures, error) {
		var r DepartmentFigures
		var onTime, rated, sat int
		err := row.Scan(&r.DepartmentID, &r.Department, &r.Assigned, &r.Answered, &r.Overdue, &onTime, &rated, &sat,
			&r.AnswerDays.Sum, &r.AnswerDays.Count)
		r.OnTime = portal.Rate{Num: onTime, Den: r.Answered}
		r.Satisfaction = portal.Rate{Num: sat, Den: rated}
		return r, err
	})
}

func dashboardRanking(ctx context.Context, tx pgx.Tx, out *Dashboard) error {
	f := out.Filter
	var a argList
	where := f.demandConds(&a, true)
	today := a.add(dateOnly(f.Now))
	var err error
	out.Ranking, err = ranking(ctx, tx, rankingSpec{
		from:       `SELECT d.* FROM` + demandsFrom + `WHERE ` + where,
		assigned:   acceptedCond,
		answered:   answeredCond,
		overdue:    openCond + ` AND d.deadline < ` + today + `::date`,
		rated:      `d.rating IS NOT NULL`,
		department: f.DepartmentID, sort: f.Sort, reverse: f.Reverse,
	}, a)
	return err
}

// groupColumns are the figures of a group of demands d.
const groupColumns = `count(d.id), count(d.id) FILTER (WHERE ` + acceptedCond + `),
	count(d.id) FILTER (WHERE d.status = 'closed'),
	count(d.id) FILTER (WHERE d.status NOT IN ('closed', 'rejected', 'merged'))`

func scanGroup(row pgx.CollectableRow) (GroupFigures, error) {
	var g GroupFigures
	err := row.Scan(&g.ID, &g.Name, &g.NameEN, &g.Received, &g.Accepted, &g.Closed, &g.Open)
	g.Resolution = portal.Rate{Num: g.Closed, Den: g.Accepted}
	return g, err
}

func dashboardChains(ctx context.Context, tx pgx.Tx, out *Dashboard) error {
	f := out.Filter
	var a argList
	where := f.demandConds(&a, true)
	only := "true"
	if f.ChainID != nil {
		only = "c.id = " + a.add(*f.ChainID)
	}
	// A demand belongs to the chain of the meeting it was raised at; raised elsewhere, to
	// every chain of its enterprise.
	rows, err := tx.Query(ctx, `SELECT c.id, c.name, c.name, `+groupColumns+`
		FROM (SELECT d.*, dm.chain_id AS meeting_chain_id FROM`+demandsFrom+`WHERE `+where+`) d
		JOIN industry_chains c ON c.id = d.meeting_chain_id OR d.meeting_chain_id IS NULL AND EXISTS
			(SELECT 1 FROM enterprise_chains ec WHERE ec.enterprise_id = d.enterprise_id AND ec.chain_id = c.id)
		WHERE `+only+`
		GROUP BY c.id
		ORDER BY count(d.id) DESC, c.name COLLATE "zh-x-icu", c.id`, a...)
	if err != nil {
		return err
	}
	out.Chains, err = pgx.CollectRows(rows, scanGroup)
	return err
}

func dashboardCategories(ctx context.Context, tx pgx.Tx, out *Dashboard) error {
	var a argList
	where := out.Filter.demandConds(&a, true)
	rows, err := tx.Query(ctx, `SELECT c.id, c.name_zh, c.name_en, `+groupColumns+`
		FROM demand_categories c LEFT JOIN (SELECT d.* FROM`+demandsFrom+`WHERE `+where+`) d ON d.category_id = c.id
		GROUP BY c.id
		HAVING c.active OR count(d.id) > 0
		ORDER BY c.position, c.id`, a...)
	if err != nil {
		return err
	}
	out.Categories, err = pgx.CollectRows(rows, scanGroup)
	return err
}

// TrendMonths is how many months the trend shows.
const TrendMonths = 12

func dashboardTrend(ctx context.Context, tx pgx.Tx, out *Dashboard) error {
	f := out.Filter
	to := dayStart(f.To)
	last := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, portal.CST)
	first := last.AddDate(0, 1-TrendMonths, 0)
	end := last.AddDate(0, 1, 0)
	var a argList
	where := f.demandConds(&a, false)
	pFirst, pLast, pStart, pEnd := a.add(dateOnly(first)), a.add(dateOnly(last)), a.add(first), a.add(end)
	month := func(col string) string { return `date_trunc('month', ` + col + ` AT TIME ZONE 'Asia/Shanghai')::date` }
	rows, err := tx.Query(ctx, `WITH scoped AS (SELECT d.created_at, d.closed_at FROM`+demandsFrom+`WHERE `+where+`
			AND (d.created_at >= `+pStart+` AND d.created_at < `+pEnd+` OR d.closed_at >= `+pStart+` AND d.closed_at < `+pEnd+`)),
		received AS (SELECT `+month("created_at")+` AS m, count(*) AS n FROM scoped
			WHERE created_at >= `+pStart+` AND created_at < `+pEnd+` GROUP BY 1),
		closed AS (SELECT `+month("closed_at")+` AS m, count(*) AS n FROM scoped
			WHERE closed_at >= `+pStart+` AND closed_at < `+pEnd+` GROUP BY 1)
		SELECT to_char(months.m, 'YYYY-MM-DD'), coalesce(received.n, 0), coalesce(closed.n, 0)
		FROM (SELECT generate_series(`+pFirst+`::date, `+pLast+`::date, interval '1 month')::date AS m) months
		LEFT JOIN received USING (m) LEFT JOIN closed USING (m)
		ORDER BY months.m`, a...)
	if err != nil {
		return err
	}
	out.Trend, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (MonthFigures, error) {
		var m MonthFigures
		var day string
		if err := row.Scan(&day, &m.Received, &m.Closed); err != nil {
			return m, err
		}
		t, err := time.ParseInLocation("2006-01-02", day, portal.CST)
		m.Month = t
		return m, err
	})
	return err
}

// heldMeetings is the SQL of the ids of the meetings held (held or closed) from start to end
// of the chain and with the department, as far as they are set.
func heldMeetings(a *argList, start, end time.Time, chainID, departmentID *int64) string {
	q := `SELECT m.id FROM meetings m WHERE m.status IN ('held', 'closed') AND m.starts_at >= ` + a.add(start) +
		` AND m.starts_at < ` + a.add(end)
	if chainID != nil {
		q += ` AND m.chain_id = ` + a.add(*chainID)
	}
	if departmentID != nil {
		q += ` AND EXISTS (SELECT 1 FROM meeting_departments md WHERE md.meeting_id = m.id AND md.department_id = ` +
			a.add(*departmentID) + `)`
	}
	return q
}

func dashboardMeetings(ctx context.Context, tx pgx.Tx, out *Dashboard) error {
	f := out.Filter
	var a argList
	held := heldMeetings(&a, dayStart(f.From), dayStart(f.To).AddDate(0, 0, 1), f.ChainID, f.DepartmentID)
	m := &out.Meetings
	var accepted, answered, checked, expected int
	err := tx.QueryRow(ctx, `WITH held AS (`+held+`)
		SELECT (SELECT count(*) FROM held),
			(SELECT count(DISTINCT i.enterprise_id) FROM invitations i JOIN held ON held.id = i.meeting_id WHERE i.status = 'accepted'),
			(SELECT count(*) FROM invitations i JOIN held ON held.id = i.meeting_id WHERE i.status = 'accepted'),
			(SELECT count(*) FROM invitations i JOIN held ON held.id = i.meeting_id WHERE i.status IN ('accepted', 'declined')),
			(SELECT count(*) FROM attendees t JOIN held ON held.id = t.meeting_id WHERE NOT t.walk_in AND t.checked_in_at IS NOT NULL),
			(SELECT count(*) FROM attendees t JOIN held ON held.id = t.meeting_id WHERE NOT t.walk_in)`, a...).
		Scan(&m.Held, &m.EnterprisesReached, &accepted, &answered, &checked, &expected)
	m.Acceptance = portal.Rate{Num: accepted, Den: answered}
	m.CheckIn = portal.Rate{Num: checked, Den: expected}
	return err
}

// lineColumns are the columns scanLine reads, from demands d joined with enterprises e and the
// lead department ld; daysPast is the SQL of the working days overdue.
func lineColumns(daysPast string) string {
	return `d.id, d.title, e.name, coalesce(nullif(ld.short_name, ''), ld.name, ''), d.status, to_char(d.deadline, 'YYYY-MM-DD'),
		` + daysPast + `, d.supervised, d.supervision_note, d.rating, d.closed_at, d.confidential`
}

const lineJoins = ` JOIN enterprises e ON e.id = d.enterprise_id LEFT JOIN departments ld ON ld.id = d.lead_department_id `

func scanLine(row pgx.CollectableRow) (DemandLine, error) {
	var l DemandLine
	var deadline *string
	var days *int
	if err := row.Scan(&l.ID, &l.Title, &l.Enterprise, &l.Department, &l.Status, &deadline, &days, &l.Supervised, &l.Note,
		&l.Rating, &l.ClosedAt, &l.Confidential); err != nil {
		return l, err
	}
	if deadline != nil {
		t, err := time.ParseInLocation("2006-01-02", *deadline, portal.CST)
		if err != nil {
			return l, err
		}
		l.Deadline = &t
	}
	if days != nil {
		l.DaysOverdue = max(*days, 0)
	}
	return l, nil
}

func dashboardLists(ctx context.Context, tx pgx.Tx, out *Dashboard) error {
	f := out.Filter
	var a argList
	where := f.demandConds(&a, true)
	today := a.add(dateOnly(f.Now))
	pastDue := `CASE WHEN ` + openCond + ` AND d.deadline < ` + today + `::date THEN workdays_between(d.deadline, ` + today + `::date) END`
	rows, err := tx.Query(ctx, `SELECT `+lineColumns(pastDue)+` FROM`+demandsFrom+lineJoins+`
		WHERE `+where+` AND `+openCond+` AND d.deadline < `+today+`::date
		ORDER BY d.deadline, d.id LIMIT `+strconv.Itoa(ListLimit), a...)
	if err != nil {
		return err
	}
	if out.Overdue, err = pgx.CollectRows(rows, scanLine); err != nil {
		return err
	}
	rows, err = tx.Query(ctx, `SELECT `+lineColumns(pastDue)+` FROM`+demandsFrom+lineJoins+`
		WHERE `+where+` AND d.supervised AND d.status NOT IN ('closed', 'rejected', 'merged')
		ORDER BY d.deadline NULLS LAST, d.id LIMIT `+strconv.Itoa(ListLimit), a...)
	if err != nil {
		return err
	}
	out.Supervised, err = pgx.CollectRows(rows, scanLine)
	return err
}

// Bulletin is the monthly bulletin (月度通报): what happened in one month.
type Bulletin struct {
	Month time.Time // the first day, midnight China time
	// Through is the last day the bulletin covers: the month's last day, or today while the
	// month runs. "Still overdue" is judged on that day.
	Through      time.Time
	Complete     bool   // the month is over
	DepartmentID *int64 // set for a department's own bulletin
	// The month's figures: demands received (created), assigned (交办), answered and closed
	// in the month; the on-time rate of the answers given in the month; the satisfaction
	// rate of the ratings given in it.
	Received, Assigned, Answered, Closed int
	OnTime, Satisfaction                 portal.Rate
	// Ranking is by department, of the month: assigned and answered in it, overdue on its
	// last day, on-time and satisfaction of its answers and ratings.
	Ranking []DepartmentFigures
	// ClosedDemands are the demands closed in the month, in the order they were closed.
	ClosedDemands []DemandLine
	// StillOverdue are the demands overdue on Through: assigned by then, their deadline
	// before it and no answer given by its end (or reopened), and not since rejected or
	// merged; most overdue first.
	StillOverdue []DemandLine
	Meetings     []BulletinMeeting
}

// BulletinMeeting is a meeting held in the bulletin's month.
type BulletinMeeting struct {
	ID          int64
	StartsAt    time.Time
	Theme       string
	Chain       string
	HostName    string
	HostTitle   string
	Enterprises int // enterprises whose invitation was accepted
	Attendees   int // people expected, walk-ins included
	CheckedIn   int
	Demands     int // demands raised for the meeting (for a department's bulletin, those it leads)
}

// BulletinListLimit bounds the bulletin's lists.
const BulletinListLimit = 500

// Bulletin computes the bulletin of month (any time in it) at now, as v may see it:
// department staff get their own department's bulletin, entrepreneurs EFORBIDDEN. A month
// without any activity gives zeros, undefined rates and empty lists.
func (s *DashboardStore) Bulletin(ctx context.Context, month, now time.Time, v portal.Viewer) (*Bulletin, error) {
	var f DashboardFilter
	if err := scopeFor(&f, v); err != nil {
		return nil, err
	}
	m := month.In(portal.CST)
	start := time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, portal.CST)
	end := start.AddDate(0, 1, 0)
	b := &Bulletin{Month: start, DepartmentID: f.DepartmentID, Through: end.AddDate(0, 0, -1), Complete: !now.Before(end)}
	if today := dayStart(now); today.Before(b.Through) {
		b.Through = today
	}
	err := readSnapshot(ctx, s.pool, func(tx pgx.Tx) error {
		for _, step := range []func(context.Context, pgx.Tx, *Bulletin, DashboardFilter, time.Time) error{
			bulletinFigures, bulletinRanking, bulletinLists, bulletinMeetings} {
			if err := step(ctx, tx, b, f, end); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// during is the SQL condition that timestamp col falls from start to end.
func during(col, start, end string) string {
	return `(` + col + ` >= ` + start + ` AND ` + col + ` < ` + end + `)`
}

func bulletinFigures(ctx context.Context, tx pgx.Tx, b *Bulletin, f DashboardFilter, end time.Time) error {
	var a argList
	where := f.demandConds(&a, false)
	s, e := a.add(b.Month), a.add(end)
	var onTime, rated, sat int
	err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE `+during("d.created_at", s, e)+`),
			count(*) FILTER (WHERE `+during("d.assigned_at", s, e)+`),
			count(*) FILTER (WHERE `+during("d.answered_at", s, e)+`),
			count(*) FILTER (WHERE `+during("d.answered_at", s, e)+` AND `+onTimeCond+`),
			count(*) FILTER (WHERE `+during("d.closed_at", s, e)+`),
			count(*) FILTER (WHERE `+during("d.rated_at", s, e)+` AND d.rating IS NOT NULL),
			count(*) FILTER (WHERE `+during("d.rated_at", s, e)+` AND `+satisfied+`)
		FROM`+demandsFrom+`WHERE `+where+` AND (`+during("d.created_at", s, e)+` OR `+during("d.assigned_at", s, e)+` OR `+
		during("d.answered_at", s, e)+` OR `+during("d.closed_at", s, e)+` OR `+during("d.rated_at", s, e)+`)`, a...).
		Scan(&b.Received, &b.Assigned, &b.Answered, &onTime, &b.Closed, &rated, &sat)
	b.OnTime = portal.Rate{Num: onTime, Den: b.Answered}
	b.Satisfaction = portal.Rate{Num: sat, Den: rated}
	return err
}

// stillOverdue is the SQL condition that demand d was overdue on day through (a placeholder
// of a date), judged from its columns as they are now.
func stillOverdue(through string) string {
	return `d.assigned_at < (` + through + `::date + 1) AT TIME ZONE 'Asia/Shanghai' AND d.deadline < ` + through + `::date
		AND d.status NOT IN ('submitted', 'returned', 'rejected', 'merged')
		AND (d.answered_at IS NULL OR d.answered_at >= (` + through + `::date + 1) AT TIME ZONE 'Asia/Shanghai' OR d.status = 'reopened')`
}

func bulletinRanking(ctx context.Context, tx pgx.Tx, b *Bulletin, f DashboardFilter, end time.Time) error {
	var a argList
	where := f.demandConds(&a, false)
	s, e, through := a.add(b.Month), a.add(end), a.add(dateOnly(b.Through))
	var err error
	b.Ranking, err = ranking(ctx, tx, rankingSpec{
		from:       `SELECT d.* FROM` + demandsFrom + `WHERE ` + where,
		assigned:   during("d.assigned_at", s, e),
		answered:   during("d.answered_at", s, e),
		overdue:    stillOverdue(through),
		rated:      during("d.rated_at", s, e) + ` AND d.rating IS NOT NULL`,
		department: f.DepartmentID, sort: RankByOnTime,
	}, a)
	return err
}

func bulletinLists(ctx context.Context, tx pgx.Tx, b *Bulletin, f DashboardFilter, end time.Time) error {
	var a argList
	where := f.demandConds(&a, false)
	s, e := a.add(b.Month), a.add(end)
	rows, err := tx.Query(ctx, `SELECT `+lineColumns("NULL::int")+` FROM`+demandsFrom+lineJoins+`
		WHERE `+where+` AND d.status = 'closed' AND `+during("d.closed_at", s, e)+`
		ORDER BY d.closed_at, d.id LIMIT `+strconv.Itoa(BulletinListLimit), a...)
	if err != nil {
		return err
	}
	if b.ClosedDemands, err = pgx.CollectRows(rows, scanLine); err != nil {
		return err
	}
	a = nil
	where = f.demandConds(&a, false)
	through := a.add(dateOnly(b.Through))
	rows, err = tx.Query(ctx, `SELECT `+lineColumns(`workdays_between(d.deadline, `+through+`::date)`)+` FROM`+demandsFrom+lineJoins+`
		WHERE `+where+` AND `+stillOverdue(through)+`
		ORDER BY d.deadline, d.id LIMIT `+strconv.Itoa(BulletinListLimit), a...)
	if err != nil {
		return err
	}
	b.StillOverdue, err = pgx.CollectRows(rows, scanLine)
	return err
}

func bulletinMeetings(ctx context.Context, tx pgx.Tx, b *Bulletin, f DashboardFilter, end time.Time) error {
	var a argList
	held := heldMeetings(&a, b.Month, end, nil, f.DepartmentID)
	ours := "true"
	if f.DepartmentID != nil {
		ours = "d.lead_department_id = " + a.add(*f.DepartmentID)
	}
	rows, err := tx.Query(ctx, `SELECT m.id, m.starts_at, m.theme, coalesce(c.name, ''), m.host_name, m.host_title,
			(SELECT count(*) FROM invitations i WHERE i.meeting_id = m.id AND i.status = 'accepted'),
			(SELECT count(*) FROM attendees t WHERE t.meeting_id = m.id),
			(SELECT count(*) FROM attendees t WHERE t.meeting_id = m.id AND t.checked_in_at IS NOT NULL),
			(SELECT count(*) FROM demands d WHERE d.meeting_id = m.id AND `+ours+`)
		FROM meetings m LEFT JOIN industry_chains c ON c.id = m.chain_id
		WHERE m.id IN (`+held+`)
		ORDER BY m.starts_at, m.id`, a...)
	if err != nil {
		return err
	}
	b.Meetings, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (BulletinMeeting, error) {
		var m BulletinMeeting
		err := row.Scan(&m.ID, &m.StartsAt, &m.Theme, &m.Chain, &m.HostName, &m.HostTitle, &m.Enterprises, &m.Attendees, &m.CheckedIn, &m.Demands)
		return m, err
	})
	return err
}
