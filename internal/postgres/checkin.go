package postgres

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// CheckinStore keeps what happens on the day of a meeting: who checked in, walk-ins, and the
// minutes recorded afterwards.
type CheckinStore struct {
	pool *pgxpool.Pool
}

// NewCheckinStore returns a CheckinStore on pool.
func NewCheckinStore(pool *pgxpool.Pool) *CheckinStore { return &CheckinStore{pool: pool} }

// CheckinAttendee is a person expected at a meeting as the check-in desk sees them.
// EnterpriseName is the registry's name, or the name a walk-in typed.
type CheckinAttendee struct {
	ID             int64
	EnterpriseID   *int64
	EnterpriseName string
	Name           string
	Title          string
	Mobile         string
	Code           string
	WalkIn         bool
	CheckedInAt    *time.Time
}

// CheckinResult is the outcome of a check-in: the attendee as now stored, and whether they
// had been checked in before (then CheckedInAt is the earlier time, unchanged).
type CheckinResult struct {
	Attendee CheckinAttendee
	Already  bool
}

const checkinColumns = `a.id, a.enterprise_id, coalesce(e.name, a.enterprise_name), a.name, a.title, a.mobile,
	a.checkin_code, a.walk_in, a.checked_in_at`

const checkinFrom = ` FROM attendees a LEFT JOIN enterprises e ON e.id = a.enterprise_id `

func scanCheckinAttendee(row pgx.Row) (CheckinAttendee, error) {
	var a CheckinAttendee
	err := row.Scan(&a.ID, &a.EnterpriseID, &a.EnterpriseName, &a.Name, &a.Title, &a.Mobile, &a.Code, &a.WalkIn, &a.CheckedInAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return a, err
}

// Attendees returns the people expected at a meeting in the pinyin order of their enterprises.
// A non-empty query keeps those whose enterprise, name, title, check-in code or the last four
// digits of their mobile contain it (case-insensitive; Chinese substrings work). A meeting has
// at most a few hundred attendees, so the list is not paginated.
func (s *CheckinStore) Attendees(ctx context.Context, meetingID int64, query string) ([]CheckinAttendee, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+checkinColumns+checkinFrom+`
		WHERE a.meeting_id = $1 AND ($2 = '' OR
			lower(coalesce(e.name, a.enterprise_name) || ' ' || a.name || ' ' || a.title || ' ' || a.checkin_code || ' ' || right(a.mobile, 4))
			LIKE '%' || lower($2) || '%')
		ORDER BY coalesce(e.name, a.enterprise_name) COLLATE "zh-x-icu", a.id`, meetingID, escapeLike(query))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (CheckinAttendee, error) { return scanCheckinAttendee(row) })
}

// NormalizeCheckinCode returns code as stored: upper-case, without spaces or hyphens, and
// with full-width letters and digits (typed with a Chinese input method) made plain.
func NormalizeCheckinCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r >= '！' && r <= '～' { // the full-width forms of ASCII ! to ~
			r -= '！' - '!'
		}
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return unicode.ToUpper(r)
	}, code)
}

// ByCode returns the meeting's attendee with the check-in code (any case, spaces ignored), or
// ENOTFOUND.
func (s *CheckinStore) ByCode(ctx context.Context, meetingID int64, code string) (CheckinAttendee, error) {
	return scanCheckinAttendee(s.pool.QueryRow(ctx, `SELECT `+checkinColumns+checkinFrom+`
		WHERE a.meeting_id = $1 AND a.checkin_code = $2`, meetingID, NormalizeCheckinCode(code)))
}

// CheckIn records that the attendee arrived at now. Checking in twice is not an error: the
// result says Already and keeps the first time. ECONFLICT when the meeting takes no check-ins
// (draft, closed, cancelled); ENOTFOUND when the attendee is not the meeting's.
func (s *CheckinStore) CheckIn(ctx context.Context, meetingID, attendeeID, actorID int64, now time.Time) (CheckinResult, error) {
	var res CheckinResult
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockForCheckin(ctx, tx, meetingID); err != nil {
			return err
		}
		var err error
		res, err = checkIn(ctx, tx, meetingID, attendeeID, actorID, now)
		return err
	})
	return res, err
}

// CheckInByCode checks in the attendee with the code, typed in any case and with spaces. An
// unknown code is EINVALID on the field "code"; otherwise as CheckIn.
func (s *CheckinStore) CheckInByCode(ctx context.Context, meetingID int64, code string, actorID int64, now time.Time) (CheckinResult, error) {
	code = NormalizeCheckinCode(code)
	if code == "" {
		return CheckinResult{}, portal.Problems{"code": "field.required"}.Err()
	}
	var res CheckinResult
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockForCheckin(ctx, tx, meetingID); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM attendees WHERE meeting_id = $1 AND checkin_code = $2`, meetingID, code).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return portal.Problems{"code": "checkin.code_unknown"}.Err()
		}
		if err != nil {
			return err
		}
		res, err = checkIn(ctx, tx, meetingID, id, actorID, now)
		return err
	})
	return res, err
}

// lockForCheckin locks the meeting, so its state cannot change under the check-in, and
// applies the domain's rule on when people may check in.
func lockForCheckin(ctx context.Context, tx pgx.Tx, meetingID int64) error {
	m, err := lockMeeting(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	return m.CheckCheckIn()
}

func checkIn(ctx context.Context, tx pgx.Tx, meetingID, attendeeID, actorID int64, now time.Time) (CheckinResult, error) {
	tag, err := tx.Exec(ctx, `UPDATE attendees SET checked_in_at = $3, checked_in_by = $4
		WHERE id = $1 AND meeting_id = $2 AND checked_in_at IS NULL`, attendeeID, meetingID, now, actorID)
	if err != nil {
		return CheckinResult{}, err
	}
	a, err := scanCheckinAttendee(tx.QueryRow(ctx, `SELECT `+checkinColumns+checkinFrom+`
		WHERE a.id = $1 AND a.meeting_id = $2`, attendeeID, meetingID))
	return CheckinResult{Attendee: a, Already: tag.RowsAffected() == 0}, err
}

// AddWalkIn registers a walk-in and checks them in at once. EINVALID for bad input (fields
// name, title, mobile, enterprise); ECONFLICT when the meeting takes no check-ins.
func (s *CheckinStore) AddWalkIn(ctx context.Context, meetingID int64, in portal.WalkInInput, actorID int64, now time.Time) (CheckinAttendee, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return CheckinAttendee{}, err
	}
	var a CheckinAttendee
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockForCheckin(ctx, tx, meetingID); err != nil {
			return err
		}
		row := attendeeRow{MeetingID: meetingID, Name: in.Name, Title: in.Title, Mobile: in.Mobile, WalkIn: true}
		var enterpriseID int64
		err := tx.QueryRow(ctx, `SELECT id FROM enterprises WHERE name = $1 AND status = 'verified'`, in.Enterprise).Scan(&enterpriseID)
		switch {
		case err == nil:
			row.EnterpriseID = &enterpriseID
		case errors.Is(err, pgx.ErrNoRows):
			row.EnterpriseName = in.Enterprise
		default:
			return err
		}
		id, _, err := insertAttendee(ctx, tx, row)
		if err != nil {
			return err
		}
		res, err := checkIn(ctx, tx, meetingID, id, actorID, now)
		a = res.Attendee
		return err
	})
	return a, err
}

// VerifiedEnterpriseNames returns up to limit names of verified enterprises in pinyin order,
// for the walk-in form to offer.
func (s *CheckinStore) VerifiedEnterpriseNames(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT name FROM enterprises WHERE status = 'verified'
		ORDER BY name COLLATE "zh-x-icu" LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// ErrStaleMinutes is the key of the ECONFLICT SaveMinutes returns when someone saved the
// meeting since the official loaded the form.
const ErrStaleMinutes = "minutes.stale"

// SaveMinutes records a held meeting's minutes and which departments attended (adding the ones
// that came unplanned), stamps minutes_at with now and bumps the version. version is the one
// the official saw: ECONFLICT with key ErrStaleMinutes if it changed, and nothing is written.
// EINVALID for bad input; ECONFLICT when the meeting is not held.
func (s *CheckinStore) SaveMinutes(ctx context.Context, meetingID int64, version int, in portal.MinutesInput, now time.Time) error {
	in.Summary, in.AttendingLeaders = strings.TrimSpace(in.Summary), strings.TrimSpace(in.AttendingLeaders)
	if err := in.Validate(); err != nil {
		return err
	}
	if in.DepartmentIDs == nil {
		in.DepartmentIDs = []int64{}
	}
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if err := m.CheckMinutes(); err != nil {
			return err
		}
		if m.Version != version {
			return portal.Errorf(portal.ECONFLICT, ErrStaleMinutes)
		}
		if _, err := tx.Exec(ctx, `UPDATE meetings SET summary = $2, attending_leaders = $3, minutes_at = $4,
				version = version + 1, updated_at = now() WHERE id = $1`,
			meetingID, in.Summary, in.AttendingLeaders, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE meeting_departments SET attended = (department_id = ANY($2))
				WHERE meeting_id = $1`, meetingID, in.DepartmentIDs); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO meeting_departments (meeting_id, department_id, attended)
			SELECT $1, unnest($2::bigint[]), true
			ON CONFLICT (meeting_id, department_id) DO UPDATE SET attended = true`, meetingID, in.DepartmentIDs)
		return chainOrDepartmentProblem(err)
	})
}
