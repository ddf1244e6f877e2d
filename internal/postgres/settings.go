package postgres

import (
	"context"
	"errors"
	"strconv"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DefaultRatingWindowDays is how long an enterprise has to rate an answer when the settings
// do not say.
const DefaultRatingWindowDays = 15

// SettingsStore reads the settings an administrator can change (table settings).
type SettingsStore struct {
	pool         *pgxpool.Pool
	ratingWindow kept[int]
}

// NewSettingsStore returns a SettingsStore on pool.
func NewSettingsStore(pool *pgxpool.Pool) *SettingsStore { return &SettingsStore{pool: pool} }

// RatingWindowDays returns how many days an enterprise has to rate an answer before officials
// may close the demand as unrated: the setting rating_window_days, or
// DefaultRatingWindowDays when it is missing or not a positive number.
func (s *SettingsStore) RatingWindowDays(ctx context.Context) (int, error) {
	return s.ratingWindow.get(ctx, s.pool, s.loadRatingWindowDays)
}

func (s *SettingsStore) loadRatingWindowDays(ctx context.Context) (int, error) {
	var v string
	err := s.pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = 'rating_window_days'`).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return DefaultRatingWindowDays, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return DefaultRatingWindowDays, nil
	}
	return n, nil
}

// MaxRatingWindowDays bounds the rating window an administrator may set.
const MaxRatingWindowDays = 90

// SetRatingWindowDays saves how many days an enterprise has to rate an answer: 1 to
// MaxRatingWindowDays, else EINVALID on "rating_window_days". Demands already answered count
// with the new window from then on (the dashboard's not-rated figure, closing unrated).
func (s *SettingsStore) SetRatingWindowDays(ctx context.Context, days int) error {
	if days < 1 || days > MaxRatingWindowDays {
		return portal.Problems{"rating_window_days": "settings.rating_window_invalid"}.Err()
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO settings (key, value) VALUES ('rating_window_days', $1)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(days))
	return err
}
