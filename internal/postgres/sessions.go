package postgres

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// DeleteExpiredSessions removes sessions past their expiry from the scs session table and
// returns how many it removed. scs never hands out an expired session; this only keeps the
// table small.
func DeleteExpiredSessions(ctx context.Context, pool *pgxpool.Pool) (int64, error) {
	tag, err := pool.Exec(ctx, `DELETE FROM sessions WHERE expiry < now()`)
	return tag.RowsAffected(), err
}
