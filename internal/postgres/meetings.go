package postgres

import (
	"context"
	"errors"
	"time"

	"breakfast/internal/notify"
	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// MeetingStore keeps breakfast meetings, their series and planned departments.
type MeetingStore struct {
	pool *pgxpool.Pool
}

// NewMeetingStore returns a MeetingStore on pool.
func NewMeetingStore(pool *pgxpool.Pool) *MeetingStore { return &MeetingStore{pool: pool} }

const meetingColumns = `m.id, m.series_id, coalesce(s.name, ''), m.theme, m.starts_at, m.ends_at, m.venue,
	m.chain_id, coalesce(c.name, ''), m.host_name, m.host_title, m.capacity, m.per_enterprise_limit, m.agenda,
	m.status, m.cancel_reason, m.summary, m.attending_leaders, m.minutes_at, m.version,
	(SELECT ARRAY[count(*) FILTER (WHERE i.status IN ('invited', 'accepted')), count(*) FILTER (WHERE i.status = 'accepted'),
			count(*) FILTER (WHERE i.status = 'declined'), count(*) FILTER (WHERE i.status = 'waitlisted'),
			count(*) FILTER (WHERE i.status = 'applied')]
		FROM invitations i WHERE i.meeting_id = m.id),
	(SELECT ARRAY[count(*), count(*) FILTER (WHERE a.checked_in_at IS NOT NULL)] FROM attendees a WHERE a.meeting_id = m.id)`

// The counts above are two subqueries of an array each rather than one subquery a figure:
// a meeting's invitations and attendees are read once, not seven times, and a list of
// meetings is planned with two subplans instead of seven.

const meetingFrom = ` FROM meetings m LEFT JOIN meeting_series s ON s.id = m.series_id
	LEFT JOIN industry_chains c ON c.id = m.chain_id `

func scanMeeting(row pgx.Row) (*portal.Meeting, error) {
	var m portal.Meeting
	var invitations, attendees []int
	err := row.Scan(&m.ID, &m.SeriesID, &m.SeriesName, &m.Theme, &m.StartsAt, &m.EndsAt, &m.Venue,
		&m.ChainID, &m.ChainName, &m.HostName, &m.HostTitle, &m.Capacity, &m.PerEnterpriseLimit, &m.Agenda,
		&m.Status, &m.CancelReason, &m.Summary, &m.AttendingLeaders, &m.MinutesAt, &m.Version, &invitations, &attendees)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	k := &m.Counts
	k.Invited, k.Accepted, k.Declined, k.Waitlisted, k.Applied = invitations[0], invitations[1], invitations[2], invitations[3], invitations[4]
	k.Attendees, k.CheckedIn = attendees[0], attendees[1]
	return &m, nil
}

// ByID returns the meeting with its counts and departments, or ENOTFOUND.
func (s *MeetingStore) ByID(ctx context.Context, id int64) (*portal.Meeting, error) {
	m, err := scanMeeting(s.pool.QueryRow(ctx, `SELECT `+meetingColumns+meetingFrom+`WHERE m.id = $1`, id))
	if err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT d.id, d.name, md.attended FROM meeting_departments md
		JOIN departments d ON d.id = md.department_id WHERE md.meeting_id = $1 ORDER BY d.name COLLATE "zh-x-icu"`, id)
	if err != nil {
		return nil, err
	}
	m.Departments, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.MeetingDepartment, error) {
		var d portal.MeetingDepartment
		err := row.Scan(&d.ID, &d.Name, &d.Attended)
		return d, err
	})
	return m, err
}

// Create schedules a draft meeting and returns its id.
func (s *MeetingStore) Create(ctx context.Context, in portal.MeetingInput, actorID int64) (int64, error) {
	in.Normalize()
	if err := in.Validate(0); err != nil {
		return 0, err
	}
	var id int64
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = insertMeeting(ctx, tx, in, actorID)
		return err
	})
	return id, err
}

func insertMeeting(ctx context.Context, tx pgx.Tx, in portal.MeetingInput, actorID int64) (int64, error) {
	seriesID, err := seriesFor(ctx, tx, in.SeriesName)
	if err != nil {
		return 0, err
	}
	start, end := in.Times()
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO meetings (series_id, theme, starts_at, ends_at, venue, chain_id,
			host_name, host_title, capacity, per_enterprise_limit, agenda, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		seriesID, in.Theme, start, end, in.Venue, in.ChainID, in.HostName, in.HostTitle, in.Capacity,
		in.PerEnterpriseLimit, in.Agenda, actorID).Scan(&id); err != nil {
		return 0, chainOrDepartmentProblem(err)
	}
	return id, setMeetingDepartments(ctx, tx, id, in.DepartmentIDs)
}

// Update changes a draft or published meeting's settings. version is the one the official
// saw: if someone saved in between, it is ECONFLICT and nothing changes.
func (s *MeetingStore) Update(ctx context.Context, id int64, version int, in portal.MeetingInput) error {
	in.Normalize()
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := lockMeeting(ctx, tx, id)
		if err != nil {
			return err
		}
		if !m.Editable() {
			return portal.Errorf(portal.ECONFLICT, "meeting.not_editable")
		}
		if m.Version != version {
			return portal.Errorf(portal.ECONFLICT, "error.conflict")
		}
		var seats int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM invitations WHERE meeting_id = $1 AND status IN ('invited', 'accepted')`, id).Scan(&seats); err != nil {
			return err
		}
		if err := in.Validate(seats); err != nil {
			return err
		}
		seriesID, err := seriesFor(ctx, tx, in.SeriesName)
		if err != nil {
			return err
		}
		start, end := in.Times()
		var oldVenue string
		if err := tx.QueryRow(ctx, `SELECT venue FROM meetings WHERE id = $1`, id).Scan(&oldVenue); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE meetings SET series_id = $2, theme = $3, starts_at = $4, ends_at = $5, venue = $6,
				chain_id = $7, host_name = $8, host_title = $9, capacity = $10, per_enterprise_limit = $11, agenda = $12,
				version = version + 1, updated_at = now() WHERE id = $1`,
			id, seriesID, in.Theme, start, end, in.Venue, in.ChainID, in.HostName, in.HostTitle, in.Capacity,
			in.PerEnterpriseLimit, in.Agenda); err != nil {
			return chainOrDepartmentProblem(err)
		}
		// Enterprises see a published meeting: a new time or place is news to them.
		if m.Status == portal.MeetingPublished && (!start.Equal(m.StartsAt) || !end.Equal(m.EndsAt) || in.Venue != oldVenue) {
			if err := notifyMeetingChange(ctx, tx, id, notify.MeetingChanged); err != nil {
				return err
			}
		}
		return setMeetingDepartments(ctx, tx, id, in.DepartmentIDs)
	})
}

// lockMeeting reads a meeting and locks its row until the transaction ends. Every change that
// takes or frees seats locks the meeting first, so concurrent replies cannot overbook it.
func lockMeeting(ctx context.Context, tx pgx.Tx, id int64) (*portal.Meeting, error) {
	var m portal.Meeting
	err := tx.QueryRow(ctx, `SELECT id, theme, starts_at, ends_at, capacity, per_enterprise_limit, status, summary, version
		FROM meetings WHERE id = $1 FOR UPDATE`, id).
		Scan(&m.ID, &m.Theme, &m.StartsAt, &m.EndsAt, &m.Capacity, &m.PerEnterpriseLimit, &m.Status, &m.Summary, &m.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return &m, err
}

func seriesFor(ctx context.Context, tx pgx.Tx, name string) (*int64, error) {
	if name == "" {
		return nil, nil
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO meeting_series (name) VALUES ($1)
		ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`, name).Scan(&id)
	return &id, err
}

func setMeetingDepartments(ctx context.Context, tx pgx.Tx, id int64, departmentIDs []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM meeting_departments WHERE meeting_id = $1 AND NOT (department_id = ANY($2))`,
		id, departmentIDs); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO meeting_departments (meeting_id, department_id)
		SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, id, departmentIDs)
	return chainOrDepartmentProblem(err)
}

// chainOrDepartmentProblem turns a foreign-key violation on a chosen chain or department into
// a field problem.
func chainOrDepartmentProblem(err error) error {
	if isForeignKeyViolation(err, "meetings_chain_id_fkey") {
		return portal.Problems{"chain_id": "enterprise.chain_unknown"}.Err()
	}
	if isForeignKeyViolation(err, "meeting_departments_department_id_fkey") {
		return portal.Problems{"department_ids": "user.department_unknown"}.Err()
	}
	return err
}

// Transition moves a meeting along its life cycle (publish, hold, close, cancel) if the domain
// rule allows it; version guards against a concurrent change. It returns the new state.
func (s *MeetingStore) Transition(ctx context.Context, id int64, version int, action portal.MeetingAction, reason string, now time.Time) (portal.MeetingStatus, error) {
	var to portal.MeetingStatus
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := lockMeeting(ctx, tx, id)
		if err != nil {
			return err
		}
		if m.Version != version {
			return portal.Errorf(portal.ECONFLICT, "error.conflict")
		}
		if to, err = m.Transition(action, now, reason); err != nil {
			return err
		}
		if _, err = tx.Exec(ctx, `UPDATE meetings SET status = $2, cancel_reason = CASE WHEN $2 = 'cancelled' THEN $3 ELSE cancel_reason END,
			version = version + 1, updated_at = now() WHERE id = $1`, id, to, reason); err != nil {
			return err
		}
		switch {
		case to == portal.MeetingPublished:
			return notifyInvitations(ctx, tx, id)
		case to == portal.MeetingCancelled && m.Status == portal.MeetingPublished:
			return notifyMeetingChange(ctx, tx, id, notify.MeetingCancelled)
		}
		return nil
	})
	return to, err
}

// ScheduleNext copies a meeting's settings, series and departments to a new draft one month
// later and returns its id. A meeting without a series starts one named after its theme.
func (s *MeetingStore) ScheduleNext(ctx context.Context, id, actorID int64) (int64, error) {
	m, err := s.ByID(ctx, id)
	if err != nil {
		return 0, err
	}
	series := m.SeriesName
	if series == "" {
		series = m.Theme
	}
	in := portal.MeetingInput{Theme: m.Theme, SeriesName: series, Venue: m.Venue, ChainID: m.ChainID,
		HostName: m.HostName, HostTitle: m.HostTitle, Capacity: m.Capacity, PerEnterpriseLimit: m.PerEnterpriseLimit,
		Agenda: m.Agenda}
	start, end := portal.NextMonth(m.StartsAt), portal.NextMonth(m.EndsAt)
	in.Date, in.StartTime, in.EndTime = start.Format("2006-01-02"), start.Format("15:04"), end.Format("15:04")
	for _, d := range m.Departments {
		in.DepartmentIDs = append(in.DepartmentIDs, d.ID)
	}
	var newID int64
	err = withTx(ctx, s.pool, func(tx pgx.Tx) error {
		newID, err = insertMeeting(ctx, tx, in, actorID)
		if err != nil {
			return err
		}
		// The original joins the series too, so both show as one monthly series.
		_, err = tx.Exec(ctx, `UPDATE meetings SET series_id = (SELECT series_id FROM meetings WHERE id = $2)
			WHERE id = $1 AND series_id IS NULL`, id, newID)
		return err
	})
	return newID, err
}

// MeetingFilter selects meetings for List.
type MeetingFilter struct {
	Upcoming bool // from now on, soonest first; otherwise past ones, latest first
	Now      time.Time
	Status   *portal.MeetingStatus
	ChainID  *int64
	// VisibleToEnterprises leaves out drafts, for lists entrepreneurs could reach.
	VisibleToEnterprises bool
	After                string // cursor
	Limit                int
}

// MeetingPage is one page of List.
type MeetingPage struct {
	Meetings []portal.Meeting
	Next     string
}

// List returns one page of meetings, keyset-paginated by start time.
func (s *MeetingStore) List(ctx context.Context, f MeetingFilter) (MeetingPage, error) {
	limit := clampLimit(f.Limit)
	args := []any{f.Now, f.Status, f.ChainID, f.VisibleToEnterprises}
	where := `WHERE ($2::text IS NULL OR m.status = $2) AND ($3::bigint IS NULL OR m.chain_id = $3)
		AND (NOT $4 OR m.status <> 'draft') `
	order := ""
	if f.Upcoming {
		// The day's start as a literal besides the exact bound: the statement is prepared once
		// and planned for any time, and only a constant tells the planner how few meetings are
		// still to end (a new statement each day). Without it the plan read every meeting.
		day := dayStart(f.Now).Format(time.RFC3339)
		where += `AND m.ends_at >= $1 AND m.ends_at >= '` + day + `'::timestamptz `
		order = `ORDER BY m.starts_at, m.id`
	} else {
		where += `AND m.ends_at < $1 `
		order = `ORDER BY m.starts_at DESC, m.id DESC`
	}
	if f.After != "" {
		key, id, err := decodeCursor(f.After)
		if err != nil {
			return MeetingPage{}, err
		}
		t, err := time.Parse(time.RFC3339Nano, key)
		if err != nil {
			return MeetingPage{}, badCursor()
		}
		args = append(args, t, id)
		if f.Upcoming {
			where += `AND (m.starts_at, m.id) > ($5, $6) `
		} else {
			where += `AND (m.starts_at, m.id) < ($5, $6) `
		}
	}
	rows, err := s.pool.Query(ctx, `SELECT `+meetingColumns+meetingFrom+where+order+limitSQL(limit+1), args...)
	if err != nil {
		return MeetingPage{}, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Meeting, error) {
		m, err := scanMeeting(row)
		if err != nil {
			return portal.Meeting{}, err
		}
		return *m, nil
	})
	if err != nil {
		return MeetingPage{}, err
	}
	page := MeetingPage{Meetings: list}
	if len(list) > limit {
		page.Meetings = list[:limit]
		last := page.Meetings[limit-1]
		page.Next = encodeCursor(last.StartsAt.Format(time.RFC3339Nano), last.ID)
	}
	return page, nil
}

// InRange returns the meetings starting in [from, to), in start order, for calendars.
func (s *MeetingStore) InRange(ctx context.Context, from, to time.Time, visibleToEnterprises bool) ([]portal.Meeting, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+meetingColumns+meetingFrom+`
		WHERE m.starts_at >= $1 AND m.starts_at < $2 AND (NOT $3 OR m.status <> 'draft')
		ORDER BY m.starts_at, m.id`, from, to, visibleToEnterprises)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Meeting, error) {
		m, err := scanMeeting(row)
		if err != nil {
			return portal.Meeting{}, err
		}
		return *m, nil
	})
}

// SeriesMeetings returns the other meetings of a meeting's series, latest first.
func (s *MeetingStore) SeriesMeetings(ctx context.Context, m *portal.Meeting) ([]portal.Meeting, error) {
	if m.SeriesID == nil {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT `+meetingColumns+meetingFrom+`
		WHERE m.series_id = $1 AND m.id <> $2 ORDER BY m.starts_at DESC LIMIT 24`, *m.SeriesID, m.ID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Meeting, error) {
		m, err := scanMeeting(row)
		if err != nil {
			return portal.Meeting{}, err
		}
		return *m, nil
	})
}

// SeriesNames returns the names of every meeting series, for suggestions.
func (s *MeetingStore) SeriesNames(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT name FROM meeting_series ORDER BY name COLLATE "zh-x-icu"`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
