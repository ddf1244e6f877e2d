package postgres

import (
	"context"
	"math"
	"strings"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5/pgxpool"
)

// LoginThrottle counts failed logins per account and per client address, and refuses further
// attempts for a while once either passes its limit. It is checked before any password hashing
// so that guessing cannot be used to exhaust the CPU.
type LoginThrottle struct {
	pool       *pgxpool.Pool
	Window     time.Duration // how long a failure counts
	PerAccount int           // failures of one account within Window before it is locked
	PerAddress int           // failures from one address within Window before it is locked
}

// NewLoginThrottle returns a throttle with the portal's limits: 5 failures per account or 20
// per address within 15 minutes.
func NewLoginThrottle(pool *pgxpool.Pool) *LoginThrottle {
	return &LoginThrottle{pool: pool, Window: 15 * time.Minute, PerAccount: 5, PerAddress: 20}
}

func accountKey(username string) string {
	return "user:" + strings.ToLower(strings.TrimSpace(username))
}
func addressKey(addr string) string { return "addr:" + addr }

// Check returns ETHROTTLED, with the minutes to wait as its argument, when the account or the
// address has too many recent failures.
func (t *LoginThrottle) Check(ctx context.Context, username, addr string) error {
	var accountFails, addrFails int
	var oldestAccount, oldestAddr *time.Time
	err := t.pool.QueryRow(ctx, `SELECT
		count(*) FILTER (WHERE key = $1), min(failed_at) FILTER (WHERE key = $1),
		count(*) FILTER (WHERE key = $2), min(failed_at) FILTER (WHERE key = $2)
		FROM login_failures WHERE key IN ($1, $2) AND failed_at > now() - $3::interval`,
		accountKey(username), addressKey(addr), t.Window.String()).
		Scan(&accountFails, &oldestAccount, &addrFails, &oldestAddr)
	if err != nil {
		return err
	}
	var until time.Time
	switch {
	case accountFails >= t.PerAccount:
		until = oldestAccount.Add(t.Window)
	case addrFails >= t.PerAddress:
		until = oldestAddr.Add(t.Window)
	default:
		return nil
	}
	minutes := int(math.Ceil(time.Until(until).Minutes()))
	return portal.Errorf(portal.ETHROTTLED, "login.throttled", max(minutes, 1))
}

// Failed records a failed login of username from addr.
func (t *LoginThrottle) Failed(ctx context.Context, username, addr string) error {
	_, err := t.pool.Exec(ctx, `INSERT INTO login_failures (key) VALUES ($1), ($2)`,
		accountKey(username), addressKey(addr))
	if err != nil {
		return err
	}
	_, err = t.pool.Exec(ctx, `DELETE FROM login_failures WHERE failed_at < now() - interval '1 day'`)
	return err
}

// Succeeded forgets the account's failures after a successful login.
func (t *LoginThrottle) Succeeded(ctx context.Context, username string) error {
	_, err := t.pool.Exec(ctx, `DELETE FROM login_failures WHERE key = $1`, accountKey(username))
	return err
}
