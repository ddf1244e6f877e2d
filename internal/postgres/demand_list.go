package postgres

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
)

// DemandFilter selects demands for List. Nil, false or empty fields do not filter.
type DemandFilter struct {
	Status   *portal.DemandStatus
	Phase    *portal.DemandPhase
	Statuses []portal.DemandStatus // any of these states
	// DepartmentID keeps the demands the department leads or co-handles; with LeadOnly only
	// those it leads.
	DepartmentID *int64
	LeadOnly     bool
	ChainID      *int64 // the enterprise belongs to the chain
	CategoryID   *int64
	MeetingID    *int64
	EnterpriseID *int64
	Supervised   *bool
	// Overdue keeps the demands a department works on whose deadline is before Today.
	Overdue bool
	// DueBefore keeps the demands a department works on whose deadline is Today or later and
	// before this day: the inbox's "due soon".
	DueBefore *time.Time
	// RaisedFrom and RaisedBefore keep the demands created from the one instant and before the
	// other.
	RaisedFrom, RaisedBefore *time.Time
	// ExtensionPending keeps the demands with an extension request waiting for a decision.
	ExtensionPending bool
	Query            string // substring of the title or the description
	Today            time.Time
	After            string // cursor from a previous page's Next
	Limit            int
}

// ListedDemand is a demand as lists show it, with its category's names in both languages and
// whether an extension request waits for a decision.
type ListedDemand struct {
	portal.Demand
	CategoryZH, CategoryEN string
	ExtensionPending       bool
}

// DemandPage is one page of List.
type DemandPage struct {
	Demands []ListedDemand
	Next    string // cursor of the next page, empty on the last
	// ByDeadline: the page runs by deadline, most urgent first (mostUrgentFirst), not newest
	// first.
	ByDeadline bool
}

// statusesWhere returns the states that keep holds for, in portal.DemandStatuses' order.
func statusesWhere(keep func(portal.DemandStatus) bool) []portal.DemandStatus {
	var out []portal.DemandStatus
	for _, st := range portal.DemandStatuses {
		if keep(st) {
			out = append(out, st)
		}
	}
	return out
}

// workingStatuses are the states in which a department works against a deadline.
var workingStatuses = statusesWhere(portal.DemandStatus.HasDeadline)

// workingStatusList is workingStatuses as an SQL list (sqlList).
var workingStatusList = sqlList(workingStatuses)

const listColumns = `d.id, d.enterprise_id, e.name, d.meeting_id, coalesce(m.theme, ''),
	d.category_id, c.code, c.name_zh, c.name_en, d.title, d.confidential, d.status, d.priority,
	d.lead_department_id, coalesce(ld.name, ''),
	coalesce(co.ids, '{}'),
	d.time_limit_days, d.assigned_at, d.deadline, d.deadline_unsure, d.answered_at, d.rating, d.rated_at, d.closed_at,
	d.supervised, d.merged_into, d.recorded_by_official, d.version, d.created_at,
	coalesce((SELECT true FROM demand_extensions x WHERE x.demand_id = d.id AND x.status = 'pending' LIMIT 1), false)`

// The pending extension above is a scalar subquery, not EXISTS: an EXISTS became a hash of
// every pending extension request of the district built for each page (a whole-table read of
// demand_extensions); this one is a look-up in demand_extensions_one_pending per listed row.

// demandJoins joins to demands d what listColumns and reportColumns read; demandRowsFrom is
// the demands with it. co.ids are the demand's co-handling departments, in no order: their
// names and pinyin order come from the kept departments (departmentNamer). Joining the
// departments and sorting their names with the ICU collation, three times per listed demand,
// was a third of the demand list's execution.
const demandRowsFrom = ` FROM demands d` + demandJoins

const demandJoins = `
	JOIN enterprises e ON e.id = d.enterprise_id
	JOIN demand_categories c ON c.id = d.category_id
	LEFT JOIN meetings m ON m.id = d.meeting_id
	LEFT JOIN departments ld ON ld.id = d.lead_department_id
	LEFT JOIN LATERAL (SELECT array_agg(cd.department_id) ids FROM demand_co_departments cd
		WHERE cd.demand_id = d.id) co ON true `

func scanListed(row pgx.CollectableRow) (ListedDemand, error) {
	var l ListedDemand
	d := &l.Demand
	var rating *string
	err := row.Scan(&d.ID, &d.EnterpriseID, &d.EnterpriseName, &d.MeetingID, &d.MeetingTheme,
		&d.CategoryID, &d.CategoryCode, &l.CategoryZH, &l.CategoryEN, &d.Title, &d.Confidential, &d.Status, &d.Priority,
		&d.LeadDepartmentID, &d.LeadDepartment, &d.CoDepartmentIDs,
		&d.TimeLimitDays, &d.AssignedAt, &d.Deadline, &d.DeadlineUnsure, &d.AnsweredAt, &rating, &d.RatedAt, &d.ClosedAt,
		&d.Supervised, &d.MergedInto, &d.RecordedByOfficial, &d.Version, &d.CreatedAt, &l.ExtensionPending)
	if rating != nil {
		r := portal.Rating(*rating)
		d.Rating = &r
	}
	return l, err
}

// demandVisibleSQL is the SQL condition that demand d is visible to v (portal.Demand.VisibleTo):
// officials and administrators see every demand, an entrepreneur their own enterprise's,
// department staff those their department leads or co-handles, anyone else none. arg adds a
// query argument and returns its placeholder.
func demandVisibleSQL(v portal.Viewer, arg func(any) string) string {
	switch {
	case v.Role == portal.RoleOfficial || v.Role == portal.RoleAdmin:
		return "true"
	case v.Role == portal.RoleEntrepreneur && v.EnterpriseID != nil:
		return "d.enterprise_id = " + arg(*v.EnterpriseID)
	case v.Role == portal.RoleDepartment && v.DepartmentID != nil:
		p := arg(*v.DepartmentID)
		return "(d.lead_department_id = " + p + " OR EXISTS (SELECT 1 FROM demand_co_departments vc WHERE vc.demand_id = d.id AND vc.department_id = " + p + "))"
	}
	return "false"
}

// dateOnly is t's day in China as an SQL date literal's text ("2026-11-30"), which a
// placeholder casts with ::date to compare with a date column: a time.Time would be sent in
// its own zone's day.
func dateOnly(t time.Time) string { return t.In(portal.CST).Format("2006-01-02") }

// List returns one page of the demands v may see that match f, newest first (created_at DESC,
// id DESC; overdue and due-soon lists by deadline, see mostUrgentFirst) with keyset pagination. Visibility is part of the query: a department viewer only
// ever gets demands its department leads or co-handles, an entrepreneur only its enterprise's.
// A malformed cursor is EINVALID.
func (s *DemandStore) List(ctx context.Context, f DemandFilter, v portal.Viewer) (DemandPage, error) {
	limit := clampLimit(f.Limit)
	sql, args, err := listSQL(f, v, limit)
	if err != nil {
		return DemandPage{}, err
	}
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return DemandPage{}, err
	}
	// Sized for the page: growing the slice row by row allocated the page twice over.
	list, err := pgx.AppendRows(make([]ListedDemand, 0, limit+1), rows, scanListed)
	if err != nil {
		return DemandPage{}, err
	}
	if err := s.names.nameCo(ctx, len(list), func(i int) *portal.Demand { return &list[i].Demand }, false); err != nil {
		return DemandPage{}, err
	}
	page := DemandPage{Demands: list, ByDeadline: mostUrgentFirst(f)}
	if len(list) > limit {
		page.Demands = list[:limit]
		last := page.Demands[limit-1]
		if page.ByDeadline {
			page.Next = encodeCursor(last.Deadline.In(portal.CST).Format(time.DateOnly), last.ID)
		} else {
			page.Next = encodeCursor(last.CreatedAt.Format(time.RFC3339Nano), last.ID)
		}
	}
	return page, nil
}

// listSQL is List's statement for a page of limit demands, with one more to tell whether a
// next page exists.
func listSQL(f DemandFilter, v portal.Viewer, limit int) (string, argList, error) {
	if f.Today.IsZero() {
		f.Today = time.Now()
	}
	args := argList{}
	arg := args.add
	visible := "true"
	// For department staff filtering by their own department (the inbox), the filter below is
	// the visibility condition itself: stating it twice made the plan build the department's
	// co-handling rows twice.
	if !ownDepartment(f, v) {
		visible = demandVisibleSQL(v, arg)
	}
	where := []string{visible}
	if f.Status != nil {
		where = append(where, "d.status = "+arg(string(*f.Status)))
	}
	if f.Phase != nil {
		inPhase := statusesWhere(func(st portal.DemandStatus) bool { return st.Phase() == *f.Phase })
		where = append(where, "d.status IN "+sqlList(inPhase))
	}
	if len(f.Statuses) > 0 {
		where = append(where, "d.status IN "+sqlList(f.Statuses))
	}
	if f.DepartmentID != nil {
		var p string
		if ownDepartment(f, v) {
			// A department's inbox: the department is written into the statement (an id from
			// the session), so each department's inbox is a statement of its own, planned once.
			// As a parameter, a province's busiest department (5,000 open demands) made every
			// generic plan look dearer than a custom one, and the inbox was planned again on
			// each view: 1.9 ms, three times its execution.
			p = strconv.FormatInt(*f.DepartmentID, 10)
		} else {
			p = arg(*f.DepartmentID)
		}
		if f.LeadOnly {
			where = append(where, "d.lead_department_id = "+p)
		} else {
			co := "fc.demand_id = d.id AND fc.department_id = " + p
			if inboxStatusesOnly(f) {
				// Only demands being worked on or answered are wanted: read the department's
				// co-handling rows of those alone (demand_co_departments_inbox_idx, migration
				// 000019; demand_status is the demand's state, kept by a trigger), not its whole
				// closed history. A constant list, so that a generic plan can use the index.
				co += " AND fc.demand_status IN " + inboxStatusList
			}
			where = append(where, "(d.lead_department_id = "+p+" OR EXISTS (SELECT 1 FROM demand_co_departments fc WHERE "+co+"))")
		}
	}
	if f.ChainID != nil {
		where = append(where, "EXISTS (SELECT 1 FROM enterprise_chains ec WHERE ec.enterprise_id = d.enterprise_id AND ec.chain_id = "+arg(*f.ChainID)+")")
	}
	if f.CategoryID != nil {
		where = append(where, "d.category_id = "+arg(*f.CategoryID))
	}
	if f.MeetingID != nil {
		where = append(where, "d.meeting_id = "+arg(*f.MeetingID))
	}
	if f.EnterpriseID != nil {
		where = append(where, "d.enterprise_id = "+arg(*f.EnterpriseID))
	}
	if f.Supervised != nil {
		where = append(where, "d.supervised = "+arg(*f.Supervised))
	}
	if f.Overdue {
		where = append(where, "d.status IN "+workingStatusList+" AND d.deadline < "+arg(dateOnly(f.Today))+"::date")
	}
	if f.DueBefore != nil {
		where = append(where, fmt.Sprintf("d.status IN %s AND d.deadline >= %s::date AND d.deadline < %s::date",
			workingStatusList, arg(dateOnly(f.Today)), arg(dateOnly(*f.DueBefore))))
	}
	if f.RaisedFrom != nil {
		where = append(where, "d.created_at >= "+arg(*f.RaisedFrom))
	}
	if f.RaisedBefore != nil {
		where = append(where, "d.created_at < "+arg(*f.RaisedBefore))
	}
	if f.ExtensionPending {
		where = append(where, "EXISTS (SELECT 1 FROM demand_extensions px WHERE px.demand_id = d.id AND px.status = 'pending')")
	}
	if q := escapeLike(f.Query); q != "" {
		p := arg(q)
		where = append(where, fmt.Sprintf("(d.title ILIKE '%%' || %s || '%%' OR d.description ILIKE '%%' || %s || '%%')", p, p))
	}
	order := ` ORDER BY d.created_at DESC, d.id DESC`
	if mostUrgentFirst(f) {
		order = ` ORDER BY d.deadline, d.id`
	}
	if f.After != "" {
		key, id, err := decodeCursor(f.After)
		if err != nil {
			return "", nil, err
		}
		if mostUrgentFirst(f) {
			if _, err := time.Parse(time.DateOnly, key); err != nil {
				return "", nil, badCursor()
			}
			where = append(where, fmt.Sprintf("(d.deadline, d.id) > (%s::date, %s)", arg(key), arg(id)))
		} else {
			t, err := time.Parse(time.RFC3339Nano, key)
			if err != nil {
				return "", nil, badCursor()
			}
			where = append(where, fmt.Sprintf("(d.created_at, d.id) < (%s, %s)", arg(t), arg(id)))
		}
	}
	// The page's demands are chosen first and only they are joined: when no index gives the
	// order (the inbox's due-soon tab, say), the joins and the co-handling aggregate were made
	// for every matching demand before the sort kept a page of them, and enterprises and
	// meetings were read whole to join them.
	sql := `SELECT ` + listColumns + ` FROM (SELECT * FROM demands d WHERE ` + strings.Join(where, " AND ") +
		order + limitSQL(limit+1) + `) d` + demandJoins + order
	return sql, args, nil
}

// mostUrgentFirst reports whether f keeps only demands due before a day (the overdue and
// due-soon lists). Those are listed by deadline, the most urgent first: what their readers
// act on, and at a province's size the order an index of open deadlines gives (ordered by
// date raised, a department's overdue tab read 13,000 newer demands not yet due to find 50).
func mostUrgentFirst(f DemandFilter) bool { return f.Overdue || f.DueBefore != nil }

// inboxStatuses are the states of the demands a department's inbox shows: being worked on
// or waiting for the enterprise's rating. inboxStatusList is the same as an SQL list; the
// partial indexes demands_inbox_idx (migration 000018) and demand_co_departments_inbox_idx
// (000019) hold these states only.
var inboxStatuses = []portal.DemandStatus{portal.DemandAssigned, portal.DemandInProgress, portal.DemandReopened, portal.DemandAnswered}

var inboxStatusList = sqlList(inboxStatuses)

// ownDepartment reports whether f keeps the demands a department leads or co-handles and v is
// staff of that department: the filter is then exactly v's visibility (demandVisibleSQL).
func ownDepartment(f DemandFilter, v portal.Viewer) bool {
	return f.DepartmentID != nil && !f.LeadOnly && v.Role == portal.RoleDepartment && v.DepartmentID != nil &&
		*v.DepartmentID == *f.DepartmentID
}

// inboxStatusesOnly reports whether f keeps only demands in inboxStatuses.
func inboxStatusesOnly(f DemandFilter) bool {
	in := func(st portal.DemandStatus) bool { return slices.Contains(inboxStatuses, st) }
	if f.Overdue || f.DueBefore != nil { // workingStatuses
		return true
	}
	if f.Status != nil {
		return in(*f.Status)
	}
	if len(f.Statuses) == 0 {
		return false
	}
	for _, st := range f.Statuses {
		if !in(st) {
			return false
		}
	}
	return true
}

// InboxCounts are the figures of a department's inbox tabs.
type InboxCounts struct {
	New      int // assigned, not started
	DueSoon  int // deadline from today to before dueBefore
	Overdue  int
	Open     int // being worked on
	Answered int // waiting for the enterprise's rating
}

// InboxCounts counts the demands of v's department (lead or co) for the inbox tabs and the
// start page. dueBefore is the first day no longer "due soon" (from the working-day
// calendar); today is the day the deadlines are compared with. Only department viewers have
// an inbox: anyone else gets zeros.
//
// The counts grow with the department's open work (9,000 demands, 3 ms, for the busiest
// department of a province), so they are kept until dashboard_version (migration 000018,
// moved by every committed change to the demands) moves: a view then costs no query (the
// version comes with the request, Versions).
func (s *DemandStore) InboxCounts(ctx context.Context, v portal.Viewer, today, dueBefore time.Time) (InboxCounts, error) {
	var c InboxCounts
	if v.Role != portal.RoleDepartment || v.DepartmentID == nil {
		return c, nil
	}
	// The version is read before the counts (at the request's start), so kept counts are never
	// older than their version.
	versions, err := requestVersions(ctx, s.pool)
	if err != nil {
		return c, err
	}
	version := versions.Dashboard
	key := inboxKey{department: *v.DepartmentID, today: dateOnly(today), dueBefore: dateOnly(dueBefore)}
	if kept, ok := s.inbox.get(key, version); ok {
		return kept, nil
	}
	// Every figure is about a demand being worked on or answered, so only those are read: the
	// ones the department leads from demands_lead_department_idx alone, and the ones it
	// co-handles from demand_co_departments_inbox_idx (migration 000019), which holds the
	// co-handling rows of demands in these states only (demand_status is kept equal to the
	// demand's state by a trigger). The two together are demandVisibleSQL for a department; a
	// demand the department both leads and co-handles (portal.Assignment refuses that) would
	// count once. A department's closed history is never read.
	err = s.pool.QueryRow(ctx, `WITH mine AS (
			SELECT d.status, d.deadline FROM demands d
			WHERE d.lead_department_id = $1 AND d.status IN `+inboxStatusList+`
			UNION ALL
			SELECT d.status, d.deadline FROM demand_co_departments cd JOIN demands d ON d.id = cd.demand_id
			WHERE cd.department_id = $1 AND cd.demand_status IN `+inboxStatusList+`
				AND d.status IN `+inboxStatusList+`
				AND d.lead_department_id IS DISTINCT FROM $1)
		SELECT count(*) FILTER (WHERE d.status = 'assigned'),
			count(*) FILTER (WHERE d.status IN `+workingStatusList+` AND d.deadline >= $2::date AND d.deadline < $3::date),
			count(*) FILTER (WHERE d.status IN `+workingStatusList+` AND d.deadline < $2::date),
			count(*) FILTER (WHERE d.status IN `+workingStatusList+`),
			count(*) FILTER (WHERE d.status = 'answered')
		FROM mine d`, *v.DepartmentID, dateOnly(today), dateOnly(dueBefore)).
		Scan(&c.New, &c.DueSoon, &c.Overdue, &c.Open, &c.Answered)
	if err != nil {
		return c, err
	}
	s.inbox.put(key, version, c)
	return c, nil
}

// inboxKey is what a department's inbox counts depend on besides the data.
type inboxKey struct {
	department       int64
	today, dueBefore string
}

// inboxCountsCache keeps the inbox counts computed at one data version.
type inboxCountsCache struct {
	mu      sync.Mutex
	version int64
	counts  map[inboxKey]InboxCounts
}

func (c *inboxCountsCache) get(k inboxKey, version int64) (InboxCounts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.counts[k]
	return n, ok && c.version == version
}

// put keeps n for k at version, dropping the counts of other versions (so the cache holds at
// most a day's keys of the departments).
func (c *inboxCountsCache) put(k inboxKey, version int64, n InboxCounts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version != c.version || c.counts == nil {
		c.version, c.counts = version, map[inboxKey]InboxCounts{}
	}
	c.counts[k] = n
}
