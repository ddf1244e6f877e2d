package postgres

import (
	"context"
	"strings"
	"time"

	"breakfast/internal/workdays"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// WorkdayStore keeps China's working-day calendar: the holidays and make-up working days of
// each year (work_calendar_days) and which years have been entered (work_calendar_years).
type WorkdayStore struct {
	pool     *pgxpool.Pool
	calendar kept[*workdays.Calendar]
}

// NewWorkdayStore returns a WorkdayStore on pool.
func NewWorkdayStore(pool *pgxpool.Pool) *WorkdayStore { return &WorkdayStore{pool: pool} }

// Calendar returns the whole calendar: every recorded day and every entered year (a few dozen
// rows a year), kept as reference data.
func (s *WorkdayStore) Calendar(ctx context.Context) (*workdays.Calendar, error) {
	return s.calendar.get(ctx, s.pool, s.loadCalendar)
}

func (s *WorkdayStore) loadCalendar(ctx context.Context) (*workdays.Calendar, error) {
	days, err := s.days(ctx, 0)
	if err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT year FROM work_calendar_years ORDER BY year`)
	if err != nil {
		return nil, err
	}
	years, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return nil, err
	}
	return workdays.New(days, years), nil
}

// days returns the recorded days of year in date order, or of every year when year is 0.
func (s *WorkdayStore) days(ctx context.Context, year int) ([]workdays.Day, error) {
	rows, err := s.pool.Query(ctx, `SELECT day, kind, name FROM work_calendar_days
		WHERE $1 = 0 OR day BETWEEN make_date($1, 1, 1) AND make_date($1, 12, 31)
		ORDER BY day`, year)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (workdays.Day, error) {
		var d workdays.Day
		var date time.Time
		err := row.Scan(&date, &d.Kind, &d.Name)
		// A date comes back as midnight UTC; the calendar's days are midnight CST.
		d.Date = workdays.Date(date.Year(), date.Month(), date.Day())
		return d, err
	})
}

// Year returns the schedule of year with its days. A year nobody has entered comes back with
// Known false (and normally no days), not as an error.
func (s *WorkdayStore) Year(ctx context.Context, year int) (workdays.Schedule, error) {
	schedules, err := s.schedules(ctx, year)
	if err != nil {
		return workdays.Schedule{}, err
	}
	if len(schedules) == 0 {
		days, err := s.days(ctx, year)
		return workdays.Schedule{Year: year, Days: days}, err
	}
	return schedules[0], nil
}

// Schedules returns the schedule of every entered year with its days, the latest year first.
func (s *WorkdayStore) Schedules(ctx context.Context) ([]workdays.Schedule, error) {
	return s.schedules(ctx, 0)
}

// schedules returns the entered years (only year, unless it is 0) with their days.
func (s *WorkdayStore) schedules(ctx context.Context, year int) ([]workdays.Schedule, error) {
	rows, err := s.pool.Query(ctx, `SELECT y.year, y.source, y.entered_at, coalesce(u.display_name, '')
		FROM work_calendar_years y LEFT JOIN users u ON u.id = y.entered_by
		WHERE $1 = 0 OR y.year = $1
		ORDER BY y.year DESC`, year)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (workdays.Schedule, error) {
		sc := workdays.Schedule{Known: true}
		var at *time.Time
		err := row.Scan(&sc.Year, &sc.Source, &at, &sc.EnteredBy)
		if at != nil {
			sc.EnteredAt = *at
		}
		return sc, err
	})
	if err != nil || len(list) == 0 {
		return list, err
	}
	days, err := s.days(ctx, year)
	if err != nil {
		return nil, err
	}
	index := map[int]int{}
	for i, sc := range list {
		index[sc.Year] = i
	}
	for _, d := range days {
		if i, ok := index[d.Date.Year()]; ok {
			list[i].Days = append(list[i].Days, d)
		}
	}
	return list, nil
}

// SaveYear replaces the schedule of year with days, from the notice source, as entered by
// the administrator actorID, and marks the year as known, all in one transaction. Days or a
// source that workdays.Check refuses give EINVALID naming the schedule or source field.
func (s *WorkdayStore) SaveYear(ctx context.Context, year int, days []workdays.Day, source string, actorID int64) error {
	source = strings.TrimSpace(source)
	if err := workdays.Check(year, days, source); err != nil {
		return err
	}
	dates := make([]string, len(days))
	kinds := make([]string, len(days))
	names := make([]string, len(days))
	for i, d := range days {
		dates[i] = workdays.DateOf(d.Date).Format(time.DateOnly)
		kinds[i] = string(d.Kind)
		names[i] = strings.TrimSpace(d.Name)
	}
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		// The year's row first: it locks the year, so two saves of the same year run one
		// after the other instead of interleaving their deletes and inserts.
		if _, err := tx.Exec(ctx, `INSERT INTO work_calendar_years (year, source, entered_at, entered_by)
			VALUES ($1, $2, now(), $3)
			ON CONFLICT (year) DO UPDATE SET source = excluded.source, entered_at = excluded.entered_at,
				entered_by = excluded.entered_by`, year, source, actorID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM work_calendar_days
			WHERE day BETWEEN make_date($1, 1, 1) AND make_date($1, 12, 31)`, year); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO work_calendar_days (day, kind, name)
			SELECT d::date, k, n FROM unnest($1::text[], $2::text[], $3::text[]) AS t (d, k, n)`,
			dates, kinds, names)
		return err
	})
}
