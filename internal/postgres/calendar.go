package postgres

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
)

// newCalendarToken returns 32 random bytes in URL-safe base64: the only credential of a
// private calendar feed, so it has to be unguessable.
func newCalendarToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// CalendarToken returns the user's private calendar feed token, creating one on first use.
// Concurrent first calls agree on one token. ENOTFOUND when there is no such user.
func (s *UserStore) CalendarToken(ctx context.Context, userID int64) (string, error) {
	var token string
	err := s.pool.QueryRow(ctx, `UPDATE users SET calendar_token = coalesce(calendar_token, $2)
		WHERE id = $1 RETURNING calendar_token`, userID, newCalendarToken()).Scan(&token)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return token, err
}

// RegenerateCalendarToken gives the user a new feed token and returns it; the old feed URL
// stops working at once. ENOTFOUND when there is no such user.
func (s *UserStore) RegenerateCalendarToken(ctx context.Context, userID int64) (string, error) {
	var token string
	err := s.pool.QueryRow(ctx, `UPDATE users SET calendar_token = $2 WHERE id = $1 RETURNING calendar_token`,
		userID, newCalendarToken()).Scan(&token)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return token, err
}

// UserByCalendarToken returns the account whose feed token is token, or ENOTFOUND. The caller
// decides what a disabled account or a role without a feed gets.
func (s *UserStore) UserByCalendarToken(ctx context.Context, token string) (*portal.User, error) {
	if token == "" {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+`
		FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.calendar_token = $1`, token))
}

// MeetingForEnterpriseCalendar returns meeting meetingID for enterprise enterpriseID's calendar: only when
// the enterprise has an invitation or application to it that was not refused, and the meeting
// is no longer a draft. Otherwise ENOTFOUND, so an enterprise cannot learn of other meetings.
func (s *MeetingStore) MeetingForEnterpriseCalendar(ctx context.Context, meetingID, enterpriseID int64) (*portal.Meeting, error) {
	var ok bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM invitations i JOIN meetings m ON m.id = i.meeting_id
		WHERE i.meeting_id = $1 AND i.enterprise_id = $2 AND i.status <> 'refused' AND m.status <> 'draft')`,
		meetingID, enterpriseID).Scan(&ok); err != nil {
		return nil, err
	}
	if !ok {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return s.ByID(ctx, meetingID)
}
