package postgres

import (
	"context"
	"strconv"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DemandReportStore reads demands for the officials' overviews: a meeting's demand list
// (问题清单), the open demands of a series' earlier meetings, and an enterprise's meetings and
// demands. Every demand query takes the viewer and applies the demand visibility rule in SQL
// (demandVisibleSQL), although only officials and administrators reach these pages.
type DemandReportStore struct {
	pool  *pgxpool.Pool
	names departmentNamer
}

// NewDemandReportStore returns a DemandReportStore on pool.
func NewDemandReportStore(pool *pgxpool.Pool) *DemandReportStore {
	return &DemandReportStore{pool: pool, names: departmentNamer{NewDepartmentStore(pool)}}
}

// collect reads the demands of rows and names their co-handling departments (short names).
func (s *DemandReportStore) collect(ctx context.Context, rows pgx.Rows) ([]ReportedDemand, error) {
	list, err := pgx.CollectRows(rows, scanReported)
	if err != nil {
		return nil, err
	}
	return list, s.names.nameCo(ctx, len(list), func(i int) *portal.Demand { return &list[i].Demand }, true)
}

// ReportedDemand is a demand as the reports list it: the demand, its category's names in both
// languages, and its meeting's date. Departments go by their short names (工信局) where they
// have one, co-handling ones in pinyin order of their full names; the description, expected
// outcome, answer and notes are not read.
type ReportedDemand struct {
	portal.Demand
	CategoryZH, CategoryEN string
	MeetingStartsAt        *time.Time
}

// reportColumns are the columns scanReported reads, from demands d.
const reportColumns = `d.id, d.enterprise_id, e.name, d.meeting_id, coalesce(m.theme, ''), m.starts_at,
	d.category_id, c.code, c.name_zh, c.name_en, d.title, d.confidential, d.status, d.priority,
	d.lead_department_id, coalesce(nullif(ld.short_name, ''), ld.name, ''),
	coalesce(co.ids, '{}'),
	d.time_limit_days, d.assigned_at, d.deadline, d.deadline_unsure, d.answered_at, d.rating, d.rated_at, d.closed_at,
	d.supervised, d.merged_into, d.recorded_by_official, d.version, d.created_at`

func scanReported(row pgx.CollectableRow) (ReportedDemand, error) {
	var r ReportedDemand
	d := &r.Demand
	var rating *string
	err := row.Scan(&d.ID, &d.EnterpriseID, &d.EnterpriseName, &d.MeetingID, &d.MeetingTheme, &r.MeetingStartsAt,
		&d.CategoryID, &d.CategoryCode, &r.CategoryZH, &r.CategoryEN, &d.Title, &d.Confidential, &d.Status, &d.Priority,
		&d.LeadDepartmentID, &d.LeadDepartment, &d.CoDepartmentIDs,
		&d.TimeLimitDays, &d.AssignedAt, &d.Deadline, &d.DeadlineUnsure, &d.AnsweredAt, &rating, &d.RatedAt, &d.ClosedAt,
		&d.Supervised, &d.MergedInto, &d.RecordedByOfficial, &d.Version, &d.CreatedAt)
	if rating != nil {
		v := portal.Rating(*rating)
		d.Rating = &v
	}
	return r, err
}

// reportOpenStatusList holds, as an SQL list, the states of the open and answered phases:
// someone still has to act.
var reportOpenStatusList = sqlList(statusesWhere(func(st portal.DemandStatus) bool { return st.Phase() != portal.PhaseClosed }))

// MeetingDemands returns every demand raised for the meeting that v may see, in the order
// they were raised (the numbering of the printed list). An unknown meeting gives an empty
// list: callers load the meeting first. A meeting has at most a few hundred demands: no
// pagination.
func (s *DemandReportStore) MeetingDemands(ctx context.Context, meetingID int64, v portal.Viewer) ([]ReportedDemand, error) {
	args := argList{meetingID}
	rows, err := s.pool.Query(ctx, `SELECT `+reportColumns+demandRowsFrom+`
		WHERE d.meeting_id = $1 AND `+demandVisibleSQL(v, args.add)+`
		ORDER BY d.created_at, d.id`, args...)
	if err != nil {
		return nil, err
	}
	return s.collect(ctx, rows)
}

// SeriesOpenDemands returns the demands that v may see, raised at the earlier meetings of m's
// series (those starting before m) and not yet closed, rejected or merged: what the next
// breakfast reports on. Oldest meeting first, then in the order raised. A meeting outside
// any series has none.
func (s *DemandReportStore) SeriesOpenDemands(ctx context.Context, m *portal.Meeting, v portal.Viewer) ([]ReportedDemand, error) {
	if m.SeriesID == nil {
		return nil, nil
	}
	args := argList{*m.SeriesID, m.ID, m.StartsAt}
	rows, err := s.pool.Query(ctx, `SELECT `+reportColumns+demandRowsFrom+`
		WHERE m.series_id = $1 AND m.id <> $2 AND m.starts_at < $3 AND d.status IN `+reportOpenStatusList+` AND `+demandVisibleSQL(v, args.add)+`
		ORDER BY m.starts_at, d.created_at, d.id LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	return s.collect(ctx, rows)
}

// EnterpriseDemandLimit is how many demands EnterpriseDemands returns at most; the demand
// list filtered by the enterprise has the rest.
const EnterpriseDemandLimit = 50

// EnterpriseDemands returns the enterprise's demands that v may see, newest first, at most
// EnterpriseDemandLimit of them, and how many there are in all.
func (s *DemandReportStore) EnterpriseDemands(ctx context.Context, enterpriseID int64, v portal.Viewer) ([]ReportedDemand, int, error) {
	args := argList{enterpriseID}
	visible := demandVisibleSQL(v, args.add)
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM demands d WHERE d.enterprise_id = $1 AND `+visible,
		args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.pool.Query(ctx, `SELECT `+reportColumns+demandRowsFrom+`
		WHERE d.enterprise_id = $1 AND `+visible+`
		ORDER BY d.created_at DESC, d.id DESC LIMIT `+strconv.Itoa(EnterpriseDemandLimit), args...)
	if err != nil {
		return nil, 0, err
	}
	list, err := s.collect(ctx, rows)
	return list, total, err
}

// EnterpriseMeeting is a meeting an enterprise was invited to, applied for or came to.
type EnterpriseMeeting struct {
	MeetingID int64
	Theme     string
	StartsAt  time.Time
	Status    portal.MeetingStatus
	// Invitation is the invitation's state; nil when the enterprise came without one (walk-in).
	Invitation *portal.InvitationStatus
	// Attendees is how many of its people were expected, CheckedIn how many of them came.
	Attendees, CheckedIn int
}

// EnterpriseMeetings returns the meetings the enterprise was invited to, applied for or
// attended, latest first (at most 100). The enterprise registry is for officials and
// administrators only; callers check that.
func (s *DemandReportStore) EnterpriseMeetings(ctx context.Context, enterpriseID int64) ([]EnterpriseMeeting, error) {
	rows, err := s.pool.Query(ctx, `SELECT m.id, m.theme, m.starts_at, m.status, i.status,
			(SELECT count(*) FROM attendees a WHERE a.meeting_id = m.id AND a.enterprise_id = $1),
			(SELECT count(*) FROM attendees a WHERE a.meeting_id = m.id AND a.enterprise_id = $1 AND a.checked_in_at IS NOT NULL)
		FROM meetings m
		LEFT JOIN invitations i ON i.meeting_id = m.id AND i.enterprise_id = $1
		WHERE i.id IS NOT NULL OR EXISTS (SELECT 1 FROM attendees a WHERE a.meeting_id = m.id AND a.enterprise_id = $1)
		ORDER BY m.starts_at DESC, m.id DESC LIMIT 100`, enterpriseID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (EnterpriseMeeting, error) {
		var em EnterpriseMeeting
		err := row.Scan(&em.MeetingID, &em.Theme, &em.StartsAt, &em.Status, &em.Invitation, &em.Attendees, &em.CheckedIn)
		return em, err
	})
}
