package postgres

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DefaultRatingWindowDays is how long an enterprise has to rate an answer when the settings
// do not say.
const DefaultRatingWindowDays = 15

// SettingsStore reads the settings an administrator can change (table settings).
type SettingsStore struct {
	pool *pgxpool.Pool
}

// NewSettingsStore returns a SettingsStore on pool.
func NewSettingsStore(pool *pgxpool.Pool) *SettingsStore { return &SettingsStore{pool: pool} }

// RatingWindowDays returns how many days an enterprise has to rate an answer before officials
// may close the demand as unrated: the setting rating_window_days, or
// DefaultRatingWindowDays when it is missing or not a positive number.
func (s *SettingsStore) RatingWindowDays(ctx context.Context) (int, error) {
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
