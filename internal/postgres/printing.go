package postgres

import (
	"context"
	"strconv"

	"breakfast/internal/portal"
	"breakfast/internal/printing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// PrintStore reads what meeting staff print (attendee lists, sign-in sheets, name cards) and
// keeps the attendees' seats.
type PrintStore struct {
	pool *pgxpool.Pool
}

// NewPrintStore returns a PrintStore on pool.
func NewPrintStore(pool *pgxpool.Pool) *PrintStore { return &PrintStore{pool: pool} }

// printOrders are the ORDER BY clauses of the print orders. Every one ends with the
// attendee's id, so equal keys still print in a stable order.
var printOrders = map[printing.Order]string{
	printing.OrderEnterprise: `coalesce(e.name, a.enterprise_name) COLLATE "zh-x-icu", a.name COLLATE "zh-x-icu", a.id`,
	// zh_natural (migration 000009) compares the numbers in a label as numbers: 2桌 before 10桌.
	printing.OrderSeat: `a.seat = '', a.seat COLLATE zh_natural, coalesce(e.name, a.enterprise_name) COLLATE "zh-x-icu", a.id`,
	// Walk-ins have no invitation: they come last, in the order they arrived.
	printing.OrderReply: `i.replied_at NULLS LAST, a.created_at, a.id`,
}

// Attendees returns every person expected at the meeting in the order asked for (the
// enterprise order when order is unknown). An unknown meeting gives an empty list: callers
// load the meeting first. A meeting has at most a few hundred attendees: no pagination.
func (s *PrintStore) Attendees(ctx context.Context, meetingID int64, order printing.Order) ([]printing.Attendee, error) {
	orderBy, ok := printOrders[order]
	if !ok {
		orderBy = printOrders[printing.OrderEnterprise]
	}
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.name, a.title, a.mobile, a.seat,
			coalesce(e.name, a.enterprise_name), a.walk_in, a.checked_in_at, i.replied_at
		FROM attendees a
		LEFT JOIN enterprises e ON e.id = a.enterprise_id
		LEFT JOIN invitations i ON i.id = a.invitation_id
		WHERE a.meeting_id = $1
		ORDER BY `+orderBy, meetingID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (printing.Attendee, error) {
		var a printing.Attendee
		err := row.Scan(&a.ID, &a.Name, &a.Title, &a.Mobile, &a.Seat, &a.Enterprise, &a.WalkIn, &a.CheckedInAt, &a.RepliedAt)
		return a, err
	})
}

// SeatField is the form field of an attendee's seat, which SaveSeats names in its problems.
func SeatField(attendeeID int64) string { return "seat-" + strconv.FormatInt(attendeeID, 10) }

// SaveSeats sets the seats of the meeting's attendees, attendee id → seat label ("" for no
// seat), all or none in one transaction. Labels are trimmed. EINVALID with a problem on
// SeatField(id) for a label that is too long or has control characters; ECONFLICT
// print.seats_changed when an attendee is no longer the meeting's (the page was stale), and
// print.seats_closed once the meeting is closed or cancelled; ENOTFOUND for an unknown meeting.
func (s *PrintStore) SaveSeats(ctx context.Context, meetingID int64, seats map[int64]string) error {
	problems := portal.Problems{}
	ids := make([]int64, 0, len(seats))
	labels := make([]string, 0, len(seats))
	for id, seat := range seats {
		seat = printing.NormalizeSeat(seat)
		if key := printing.CheckSeat(seat); key != "" {
			problems.Add(SeatField(id), key)
		}
		ids = append(ids, id)
		labels = append(labels, seat)
	}
	if err := problems.Err(); err != nil {
		return err
	}
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		// The meeting's row lock orders this against invitations and check-ins changing the
		// attendees, and against the meeting being closed.
		m, err := lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if m.Status == portal.MeetingClosed || m.Status == portal.MeetingCancelled {
			return portal.Errorf(portal.ECONFLICT, "print.seats_closed")
		}
		tag, err := tx.Exec(ctx, `UPDATE attendees a SET seat = s.seat
			FROM unnest($2::bigint[], $3::text[]) AS s(id, seat)
			WHERE a.id = s.id AND a.meeting_id = $1`, meetingID, ids, labels)
		if err != nil {
			return err
		}
		if int(tag.RowsAffected()) != len(ids) {
			return portal.Errorf(portal.ECONFLICT, "print.seats_changed")
		}
		return nil
	})
}
