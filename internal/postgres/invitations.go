package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// InvitationStore keeps the enterprises invited to meetings, their applications, replies and
// named representatives. Every change that takes or frees a seat locks the meeting row first
// (lockMeeting), so concurrent invitations and replies never overbook a meeting and a waitlisted
// enterprise moves up once.
type InvitationStore struct {
	pool *pgxpool.Pool
}

// NewInvitationStore returns an InvitationStore on pool.
func NewInvitationStore(pool *pgxpool.Pool) *InvitationStore { return &InvitationStore{pool: pool} }

// invitationColumns reads an invitation with its enterprise; the last column is the 1-based
// place of a waitlisted invitation in the queue (0 for the others).
const invitationColumns = `i.id, i.meeting_id, i.enterprise_id, e.name, e.is_key, i.status, i.source, i.queued_at,
	i.replied_at, i.reply_note,
	CASE WHEN i.status = 'waitlisted' THEN (SELECT count(*) FROM invitations w WHERE w.meeting_id = i.meeting_id
		AND w.status = 'waitlisted' AND (w.queued_at, w.id) <= (i.queued_at, i.id)) ELSE 0 END`

// invitationDest returns the scan destinations of invitationColumns for inv.
func invitationDest(inv *portal.Invitation) []any {
	return []any{&inv.ID, &inv.MeetingID, &inv.EnterpriseID, &inv.EnterpriseName, &inv.EnterpriseKey, &inv.Status,
		&inv.Source, &inv.QueuedAt, &inv.RepliedAt, &inv.ReplyNote, &inv.QueuePosition}
}

// rowPlus scans a row whose first columns are read by another scanner (scanMeeting) and whose
// remaining columns go to extra.
type rowPlus struct {
	pgx.Row
	extra []any
}

func (r rowPlus) Scan(dest ...any) error { return r.Row.Scan(append(dest, r.extra...)...) }

// loadDelegates fills in the representatives of each invitation, in the order they were named.
func loadDelegates(ctx context.Context, q querier, invs []*portal.Invitation) error {
	if len(invs) == 0 {
		return nil
	}
	byID := make(map[int64]*portal.Invitation, len(invs))
	ids := make([]int64, 0, len(invs))
	for _, inv := range invs {
		byID[inv.ID] = inv
		ids = append(ids, inv.ID)
	}
	rows, err := q.Query(ctx, `SELECT invitation_id, id, name, title, mobile, checkin_code, checked_in_at IS NOT NULL
		FROM attendees WHERE invitation_id = ANY($1) ORDER BY id`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var invID int64
		var d portal.Delegate
		if err := rows.Scan(&invID, &d.AttendeeID, &d.Name, &d.Title, &d.Mobile, &d.CheckinCode, &d.CheckedIn); err != nil {
			return err
		}
		byID[invID].Delegates = append(byID[invID].Delegates, d)
	}
	return rows.Err()
}

// ForMeeting returns every invitation and application of a meeting with its representatives,
// in queue order (queued_at, id): the waitlist comes out in the order it moves up.
func (s *InvitationStore) ForMeeting(ctx context.Context, meetingID int64) ([]portal.Invitation, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+invitationColumns+` FROM invitations i
		JOIN enterprises e ON e.id = i.enterprise_id WHERE i.meeting_id = $1 ORDER BY i.queued_at, i.id`, meetingID)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Invitation, error) {
		var inv portal.Invitation
		err := row.Scan(invitationDest(&inv)...)
		return inv, err
	})
	if err != nil {
		return nil, err
	}
	ptrs := make([]*portal.Invitation, len(list))
	for i := range list {
		ptrs[i] = &list[i]
	}
	return list, loadDelegates(ctx, s.pool, ptrs)
}

// CandidateFilter selects the enterprises an official may still invite to a meeting: verified,
// not yet on the meeting's list. Nil or empty fields do not filter.
type CandidateFilter struct {
	MeetingID int64
	ChainID   *int64
	IsKey     *bool
	Query     string // substring of the name or the USCC
	// NotInvitedSince leaves out enterprises invited (invited, accepted, declined or
	// waitlisted) to another meeting, not cancelled, starting at or after it; zero: no filter.
	NotInvitedSince time.Time
	After           string // cursor
	Limit           int
}

// Candidates returns one page of the enterprises f selects, in pinyin order of their names.
// A malformed cursor is EINVALID.
func (s *InvitationStore) Candidates(ctx context.Context, f CandidateFilter) (EnterprisePage, error) {
	limit := clampLimit(f.Limit)
	args := argList{}
	arg := args.add
	where := []string{"e.status = 'verified'",
		"NOT EXISTS (SELECT 1 FROM invitations x WHERE x.enterprise_id = e.id AND x.meeting_id = " + arg(f.MeetingID) + ")"}
	if q := escapeLike(f.Query); q != "" {
		p := arg(q)
		where = append(where, fmt.Sprintf("(e.name ILIKE '%%' || %s || '%%' OR e.uscc ILIKE '%%' || %s || '%%')", p, p))
	}
	if f.ChainID != nil {
		where = append(where, "EXISTS (SELECT 1 FROM enterprise_chains ec WHERE ec.enterprise_id = e.id AND ec.chain_id = "+arg(*f.ChainID)+")")
	}
	if f.IsKey != nil {
		where = append(where, "e.is_key = "+arg(*f.IsKey))
	}
	if !f.NotInvitedSince.IsZero() {
		where = append(where, `NOT EXISTS (SELECT 1 FROM invitations x JOIN meetings xm ON xm.id = x.meeting_id
			WHERE x.enterprise_id = e.id AND x.status IN ('invited', 'accepted', 'declined', 'waitlisted')
			AND xm.status <> 'cancelled' AND xm.starts_at >= `+arg(f.NotInvitedSince)+`)`)
	}
	cursorKey, cursorID, err := decodeCursor(f.After)
	if err != nil {
		return EnterprisePage{}, err
	}
	if f.After != "" {
		where = append(where, fmt.Sprintf(`(e.name COLLATE "zh-x-icu", e.id) > (%s COLLATE "zh-x-icu", %s)`, arg(cursorKey), arg(cursorID)))
	}
	rows, err := s.pool.Query(ctx, `SELECT `+enterpriseColumns+` FROM enterprises e WHERE `+strings.Join(where, " AND ")+
		` ORDER BY e.name COLLATE "zh-x-icu", e.id`+limitSQL(limit+1), args...)
	if err != nil {
		return EnterprisePage{}, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Enterprise, error) {
		e, err := scanEnterprise(row)
		if err != nil {
			return portal.Enterprise{}, err
		}
		return *e, nil
	})
	if err != nil {
		return EnterprisePage{}, err
	}
	page := EnterprisePage{Enterprises: list}
	if len(list) > limit {
		page.Enterprises = list[:limit]
		last := page.Enterprises[limit-1]
		page.Next = encodeCursor(last.Name, last.ID)
	}
	return page, nil
}

// InviteResult says how an invitation round went: how many enterprises got a seat and how many
// went to the waitlist.
type InviteResult struct {
	Invited    int
	Waitlisted int
}

// Invite invites enterprises to a meeting, in the order given: each takes a seat while seats
// (invited and accepted) are fewer than the capacity, and queues on the waitlist after that.
// Nothing is saved when any of them cannot be invited: no enterprise is EINVALID on
// "enterprise_ids"; an unverified or already listed one is ECONFLICT naming them; a meeting
// that takes no invitations (see Meeting.CheckInvite) is ECONFLICT; an unknown one ENOTFOUND.
func (s *InvitationStore) Invite(ctx context.Context, meetingID int64, enterpriseIDs []int64, actorID int64, now time.Time) (InviteResult, error) {
	ids := uniqueIDs(enterpriseIDs)
	if len(ids) == 0 {
		return InviteResult{}, portal.Problems{"enterprise_ids": "invitation.pick_some"}.Err()
	}
	var res InviteResult
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if err := m.CheckInvite(now); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT e.id, e.name, e.status,
				EXISTS (SELECT 1 FROM invitations i WHERE i.meeting_id = $2 AND i.enterprise_id = e.id)
			FROM enterprises e WHERE e.id = ANY($1) ORDER BY e.name COLLATE "zh-x-icu"`, ids, meetingID)
		if err != nil {
			return err
		}
		var unverified, listed []string
		found := 0
		for rows.Next() {
			var id int64
			var name string
			var status portal.EnterpriseStatus
			var already bool
			if err := rows.Scan(&id, &name, &status, &already); err != nil {
				rows.Close()
				return err
			}
			found++
			switch {
			case status != portal.EnterpriseVerified:
				unverified = append(unverified, name)
			case already:
				listed = append(listed, name)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		switch {
		case found != len(ids):
			return portal.Errorf(portal.ENOTFOUND, "error.not_found")
		case len(unverified) > 0:
			return portal.Errorf(portal.ECONFLICT, "invitation.not_verified", strings.Join(unverified, "、"))
		case len(listed) > 0:
			return portal.Errorf(portal.ECONFLICT, "invitation.already_listed", strings.Join(listed, "、"))
		}
		seats, err := seatsTaken(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			status := m.PlaceFor(seats)
			// clock_timestamp, not now(): rows of one round queue in the order given, and rounds
			// queue in the order they got the meeting's lock.
			if _, err := tx.Exec(ctx, `INSERT INTO invitations (meeting_id, enterprise_id, status, source, queued_at, created_by)
				VALUES ($1, $2, $3, 'official', clock_timestamp(), $4)`, meetingID, id, status, actorID); err != nil {
				return err
			}
			if status.HoldsSeat() {
				seats++
				res.Invited++
			} else {
				res.Waitlisted++
			}
		}
		return notifyInvitations(ctx, tx, meetingID)
	})
	return res, err
}

func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// seatsTaken counts a meeting's seats held by invited and accepted invitations; call it with the
// meeting locked.
func seatsTaken(ctx context.Context, tx pgx.Tx, meetingID int64) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM invitations WHERE meeting_id = $1 AND status IN ('invited', 'accepted')`,
		meetingID).Scan(&n)
	return n, err
}

// promoteWaitlist gives free seats to the waitlist, first queued first; call it with the meeting
// locked. It returns how many moved up.
func promoteWaitlist(ctx context.Context, tx pgx.Tx, m *portal.Meeting) (int, error) {
	seats, err := seatsTaken(ctx, tx, m.ID)
	if err != nil || seats >= m.Capacity {
		return 0, err
	}
	tag, err := tx.Exec(ctx, `UPDATE invitations SET status = 'invited', updated_at = now() WHERE id IN (
		SELECT id FROM invitations WHERE meeting_id = $1 AND status = 'waitlisted' ORDER BY queued_at, id LIMIT $2)`,
		m.ID, m.Capacity-seats)
	return int(tag.RowsAffected()), err
}

// lockInvitation reads the status of an enterprise's invitation to a meeting and locks it.
func lockInvitation(ctx context.Context, tx pgx.Tx, meetingID, enterpriseID int64) (int64, portal.InvitationStatus, error) {
	var id int64
	var status portal.InvitationStatus
	err := tx.QueryRow(ctx, `SELECT id, status FROM invitations WHERE meeting_id = $1 AND enterprise_id = $2 FOR UPDATE`,
		meetingID, enterpriseID).Scan(&id, &status)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, "", portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return id, status, err
}

// Reply records an enterprise's answer to its invitation. Accepting names the representatives
// (validated against the meeting's per-enterprise limit: EINVALID on rep_* fields) and replaces
// the invitation's attendees; a person who stays (same mobile) keeps their check-in code.
// Declining removes the attendees and, when the invitation held a seat, gives it to the first
// enterprise on the waitlist. A meeting that takes no replies (Meeting.CheckReply) or an
// invitation whose state allows no such answer (InvitationStatus.CheckAnswer) is ECONFLICT; an
// enterprise without an invitation is ENOTFOUND.
func (s *InvitationStore) Reply(ctx context.Context, meetingID, enterpriseID int64, accept bool, reps []portal.Representative, now time.Time) error {
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if m.Status == portal.MeetingDraft {
			return portal.Errorf(portal.ENOTFOUND, "error.not_found")
		}
		invID, status, err := lockInvitation(ctx, tx, meetingID, enterpriseID)
		if err != nil {
			return err
		}
		if err := m.CheckReply(now); err != nil {
			return err
		}
		if err := status.CheckAnswer(accept); err != nil {
			return err
		}
		if !accept {
			if _, err := tx.Exec(ctx, `UPDATE invitations SET status = 'declined', replied_at = $2, updated_at = now()
				WHERE id = $1`, invID, now); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM attendees WHERE invitation_id = $1`, invID); err != nil {
				return err
			}
			if status.HoldsSeat() {
				if _, err = promoteWaitlist(ctx, tx, m); err == nil {
					err = notifyInvitations(ctx, tx, meetingID)
				}
			}
			return err
		}
		kept, err := portal.ValidateRepresentatives(reps, m.PerEnterpriseLimit)
		if err != nil {
			return err
		}
		if err := portal.CheckDistinctMobiles(kept); err != nil {
			return err
		}
		if err := syncDelegates(ctx, tx, meetingID, invID, enterpriseID, kept); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE invitations SET status = 'accepted', replied_at = $2, updated_at = now()
			WHERE id = $1`, invID, now)
		return err
	})
}

// syncDelegates makes the invitation's attendees the given representatives: people already
// named (same mobile) are updated in place and keep their id and check-in code, new ones get a
// fresh code, and those no longer named are removed.
func syncDelegates(ctx context.Context, tx pgx.Tx, meetingID, invID, enterpriseID int64, reps []portal.Representative) error {
	rows, err := tx.Query(ctx, `SELECT id, mobile FROM attendees WHERE invitation_id = $1`, invID)
	if err != nil {
		return err
	}
	existing := map[string]int64{}
	for rows.Next() {
		var id int64
		var mobile string
		if err := rows.Scan(&id, &mobile); err != nil {
			rows.Close()
			return err
		}
		existing[mobile] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var keep []int64
	for _, r := range reps {
		if id, ok := existing[r.Mobile]; ok {
			if _, err := tx.Exec(ctx, `UPDATE attendees SET name = $2, title = $3 WHERE id = $1`, id, r.Name, r.Title); err != nil {
				return err
			}
			keep = append(keep, id)
			continue
		}
		id, _, err := insertAttendee(ctx, tx, attendeeRow{MeetingID: meetingID, InvitationID: &invID,
			EnterpriseID: &enterpriseID, Name: r.Name, Title: r.Title, Mobile: r.Mobile})
		if err != nil {
			return err
		}
		keep = append(keep, id)
	}
	_, err = tx.Exec(ctx, `DELETE FROM attendees WHERE invitation_id = $1 AND NOT (id = ANY($2))`, invID, keep)
	return err
}

// Apply records an enterprise's application to attend a published meeting that has not
// started. Only a verified enterprise may apply, and only once per meeting: otherwise, or when
// the meeting takes no replies, it is ECONFLICT.
func (s *InvitationStore) Apply(ctx context.Context, meetingID, enterpriseID, actorID int64, now time.Time) error {
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if m.Status == portal.MeetingDraft {
			return portal.Errorf(portal.ENOTFOUND, "error.not_found")
		}
		if err := m.CheckReply(now); err != nil {
			return err
		}
		var status portal.EnterpriseStatus
		if err := tx.QueryRow(ctx, `SELECT status FROM enterprises WHERE id = $1`, enterpriseID).Scan(&status); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return portal.Errorf(portal.ENOTFOUND, "error.not_found")
			}
			return err
		}
		if status != portal.EnterpriseVerified {
			return portal.Errorf(portal.ECONFLICT, "invitation.apply_unverified")
		}
		tag, err := tx.Exec(ctx, `INSERT INTO invitations (meeting_id, enterprise_id, status, source, queued_at, created_by)
			VALUES ($1, $2, 'applied', 'application', clock_timestamp(), $3)
			ON CONFLICT ON CONSTRAINT invitations_meeting_enterprise_key DO NOTHING`, meetingID, enterpriseID, actorID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return portal.Errorf(portal.ECONFLICT, "invitation.already_applied")
		}
		return nil
	})
}

// Decide settles an application. Accepting gives the enterprise a seat if one is free and
// queues it on the waitlist otherwise (it returns which), and needs a meeting that still takes
// invitations (ECONFLICT otherwise); refusing records the official's optional note (EINVALID on
// "note" when too long) for the enterprise to read. Anything but a pending application is
// ECONFLICT; an invitation not of this meeting is ENOTFOUND.
func (s *InvitationStore) Decide(ctx context.Context, meetingID, invitationID int64, accept bool, note string, now time.Time) (portal.InvitationStatus, error) {
	note = strings.TrimSpace(note)
	if !accept {
		if err := portal.CheckRefuseNote(note); err != nil {
			return "", err
		}
	}
	var to portal.InvitationStatus
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := lockMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		var status portal.InvitationStatus
		if err := tx.QueryRow(ctx, `SELECT status FROM invitations WHERE id = $1 AND meeting_id = $2 FOR UPDATE`,
			invitationID, meetingID).Scan(&status); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return portal.Errorf(portal.ENOTFOUND, "error.not_found")
			}
			return err
		}
		if status != portal.InvitationApplied {
			return portal.Errorf(portal.ECONFLICT, "invitation.not_applied")
		}
		if !accept {
			to = portal.InvitationRefused
			_, err := tx.Exec(ctx, `UPDATE invitations SET status = 'refused', reply_note = $2, updated_at = now() WHERE id = $1`,
				invitationID, note)
			return err
		}
		if err := m.CheckInvite(now); err != nil {
			return err
		}
		seats, err := seatsTaken(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		to = m.PlaceFor(seats)
		if _, err = tx.Exec(ctx, `UPDATE invitations SET status = $2, queued_at = clock_timestamp(), updated_at = now() WHERE id = $1`,
			invitationID, to); err != nil {
			return err
		}
		return notifyInvitations(ctx, tx, meetingID)
	})
	return to, err
}

// ForEnterprise returns an enterprise's invitations and applications to meetings that are not
// drafts: upcoming ones (not ended at now) soonest first, then past ones latest first.
func (s *InvitationStore) ForEnterprise(ctx context.Context, enterpriseID int64, now time.Time) (upcoming, past []portal.InvitedMeeting, err error) {
	rows, err := s.pool.Query(ctx, `SELECT `+meetingColumns+`, `+invitationColumns+meetingFrom+`
		JOIN invitations i ON i.meeting_id = m.id JOIN enterprises e ON e.id = i.enterprise_id
		WHERE i.enterprise_id = $1 AND m.status <> 'draft'
		ORDER BY m.ends_at < $2, CASE WHEN m.ends_at >= $2 THEN m.starts_at END, m.starts_at DESC, m.id
		LIMIT 200`, enterpriseID, now)
	if err != nil {
		return nil, nil, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.InvitedMeeting, error) {
		var im portal.InvitedMeeting
		m, err := scanMeeting(rowPlus{row, invitationDest(&im.Invitation)})
		if err != nil {
			return im, err
		}
		im.Meeting = *m
		return im, nil
	})
	if err != nil {
		return nil, nil, err
	}
	for _, im := range list {
		if im.Meeting.EndsAt.Before(now) {
			past = append(past, im)
		} else {
			upcoming = append(upcoming, im)
		}
	}
	return upcoming, past, nil
}

// OpenForApplication returns the published meetings of the enterprise's industry chains that
// have not started at now and to which it is neither invited nor applying, soonest first.
func (s *InvitationStore) OpenForApplication(ctx context.Context, enterpriseID int64, now time.Time) ([]portal.Meeting, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+meetingColumns+meetingFrom+`
		WHERE m.status = 'published' AND m.starts_at > $2
		AND m.chain_id IN (SELECT chain_id FROM enterprise_chains WHERE enterprise_id = $1)
		AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.meeting_id = m.id AND i.enterprise_id = $1)
		ORDER BY m.starts_at, m.id LIMIT 50`, enterpriseID, now)
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

// Of returns an enterprise's invitation to (or application for) a meeting with its
// representatives, or ENOTFOUND when it has none.
func (s *InvitationStore) Of(ctx context.Context, meetingID, enterpriseID int64) (*portal.Invitation, error) {
	var inv portal.Invitation
	err := s.pool.QueryRow(ctx, `SELECT `+invitationColumns+` FROM invitations i JOIN enterprises e ON e.id = i.enterprise_id
		WHERE i.meeting_id = $1 AND i.enterprise_id = $2`, meetingID, enterpriseID).Scan(invitationDest(&inv)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	return &inv, loadDelegates(ctx, s.pool, []*portal.Invitation{&inv})
}
