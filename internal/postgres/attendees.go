package postgres

import (
	"context"
	"crypto/rand"

	"github.com/jackc/pgx/v5"
)

// checkinAlphabet leaves out characters that are easy to confuse when read aloud or typed on a
// phone (0/O, 1/I/L).
const checkinAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CheckinCodeLength is the length of an attendee's check-in code.
const CheckinCodeLength = 6

func newCheckinCode() string {
	b := make([]byte, CheckinCodeLength)
	_, _ = rand.Read(b) // never fails on Linux
	for i := range b {
		b[i] = checkinAlphabet[int(b[i])%len(checkinAlphabet)]
	}
	return string(b)
}

// attendeeRow is an attendee to insert.
type attendeeRow struct {
	MeetingID      int64
	InvitationID   *int64
	EnterpriseID   *int64
	EnterpriseName string // walk-ins from outside the registry
	Name           string
	Title          string
	Mobile         string
	WalkIn         bool
}

// insertAttendee adds an attendee with a fresh check-in code, unique within the meeting, and
// returns its id and code.
func insertAttendee(ctx context.Context, tx pgx.Tx, a attendeeRow) (int64, string, error) {
	for {
		code := newCheckinCode()
		var id int64
		// ON CONFLICT on the code lets us retry without aborting the transaction.
		err := tx.QueryRow(ctx, `INSERT INTO attendees (meeting_id, invitation_id, enterprise_id, enterprise_name,
				name, title, mobile, walk_in, checkin_code)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT ON CONSTRAINT attendees_code_key DO NOTHING RETURNING id`,
			a.MeetingID, a.InvitationID, a.EnterpriseID, a.EnterpriseName, a.Name, a.Title, a.Mobile, a.WalkIn, code).Scan(&id)
		if err == pgx.ErrNoRows {
			continue
		}
		return id, code, err
	}
}
