package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/notify"
	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// NotificationStore keeps notices (in-app, always on), their e-mail outbox and each account's
// e-mail preferences. Notices are written by the other stores inside the transaction of the
// change that causes them (enqueue), so a rolled-back change leaves no notice and a committed
// one always has its notice; the notify.Worker delivers the outbox afterwards.
type NotificationStore struct {
	pool *pgxpool.Pool
}

// NewNotificationStore returns a NotificationStore on pool.
func NewNotificationStore(pool *pgxpool.Pool) *NotificationStore {
	return &NotificationStore{pool: pool}
}

// enqueue writes a notice of kind for every row of source, in tx. source is a query whose rows
// are (user_id, payload jsonb, link text, dedupe_key text or NULL), with its own args. Disabled
// accounts get nothing; a dedupe_key an account already has makes that row a no-op, so a notice
// caused twice exists once. Each new notice gets an e-mail outbox row when its account has an
// e-mail address and has not switched e-mail off for the kind. It returns how many notices it
// wrote.
func enqueue(ctx context.Context, tx pgx.Tx, kind notify.Kind, source string, args ...any) (int, error) {
	all := argList(args)
	k := all.add(string(kind))
	var n int
	err := tx.QueryRow(ctx, `WITH src (user_id, payload, link, dedupe_key) AS (`+source+`),
		ins AS (
			INSERT INTO notifications (user_id, kind, payload, link, dedupe_key)
			SELECT s.user_id, `+k+`, s.payload, s.link, s.dedupe_key
			FROM src s JOIN users u ON u.id = s.user_id AND NOT u.disabled
			-- The scheduler finds its candidates again every tick: skip those already told.
			WHERE s.dedupe_key IS NULL OR NOT EXISTS (SELECT 1 FROM notifications x
				WHERE x.user_id = s.user_id AND x.dedupe_key = s.dedupe_key)
			ON CONFLICT DO NOTHING
			RETURNING id, user_id),
		mail AS (
			INSERT INTO notification_outbox (notification_id, user_id, channel, kind)
			SELECT ins.id, ins.user_id, 'email', `+k+` FROM ins JOIN users u ON u.id = ins.user_id
			WHERE u.email <> '' AND NOT EXISTS (SELECT 1 FROM notification_preferences p
				WHERE p.user_id = ins.user_id AND p.kind = `+k+` AND NOT p.email_enabled)
			RETURNING 1)
		SELECT count(*) FROM ins`, all...).Scan(&n)
	return n, err
}

// SQL pieces of the notices' payloads (notify.Data as JSON) and recipients.
const (
	// meetingPayloadSQL needs meetings aliased m.
	meetingPayloadSQL = `jsonb_build_object('meeting_id', m.id, 'theme', m.theme, 'venue', m.venue,
		'starts_at', m.starts_at, 'ends_at', m.ends_at, 'version', m.version,
		'host', btrim(m.host_name || ' ' || m.host_title), 'agenda', m.agenda, 'note', m.cancel_reason)`
	// demandPayloadSQL needs demands aliased d and their enterprise e.
	demandPayloadSQL = `jsonb_build_object('demand_id', d.id, 'title', d.title, 'enterprise', e.name,
		'deadline', coalesce(to_char(d.deadline, 'YYYY-MM-DD'), ''))`
	// leadStaffSQL, on users u and demands d: the staff of the lead department.
	leadStaffSQL = `(u.role = 'department' AND u.department_id = d.lead_department_id)`
	// handlingStaffSQL, on users u and demands d: the staff of the lead and co-handling departments.
	handlingStaffSQL = `(u.role = 'department' AND (u.department_id = d.lead_department_id OR u.department_id IN
		(SELECT cd.department_id FROM demand_co_departments cd WHERE cd.demand_id = d.id)))`
	officialsSQL = `u.role = 'official'`
)

// notifyInvitations tells the enterprises of every seat-holding invitation of a published
// meeting that they are invited, once per invitation: call it after anything that may give an
// enterprise a seat or make a meeting visible (inviting, accepting an application, the
// waitlist moving up, publishing).
func notifyInvitations(ctx context.Context, tx pgx.Tx, meetingID int64) error {
	_, err := enqueue(ctx, tx, notify.MeetingInvited, `SELECT u.id, `+meetingPayloadSQL+`, '/my/meetings/' || m.id,
			'invited:' || i.id
		FROM invitations i JOIN meetings m ON m.id = i.meeting_id
		JOIN users u ON u.role = 'entrepreneur' AND u.enterprise_id = i.enterprise_id
		WHERE i.meeting_id = $1 AND m.status = 'published' AND i.status IN ('invited', 'accepted')`, meetingID)
	return err
}

// notifyMeetingChange tells the enterprises on a meeting's list (invited, accepted, waiting or
// applying) that its time or place changed, or (kind notify.MeetingCancelled) that it is off.
func notifyMeetingChange(ctx context.Context, tx pgx.Tx, meetingID int64, kind notify.Kind) error {
	_, err := enqueue(ctx, tx, kind, `SELECT u.id, `+meetingPayloadSQL+`, '/my/meetings/' || m.id, NULL::text
		FROM invitations i JOIN meetings m ON m.id = i.meeting_id
		JOIN users u ON u.role = 'entrepreneur' AND u.enterprise_id = i.enterprise_id
		WHERE i.meeting_id = $1 AND i.status IN ('invited', 'accepted', 'waitlisted', 'applied')`, meetingID)
	return err
}

// notifyDemandStep writes the notices of a demand's change of state, after it is saved: the
// handling departments learn of an assignment, officials of a return, the enterprise of an
// answer, the lead department and officials of a reopening. Other steps notify nobody.
func notifyDemandStep(ctx context.Context, tx pgx.Tx, id int64, step portal.Step, to portal.DemandStatus) error {
	var kind notify.Kind
	var who string
	switch {
	case step.Action == portal.DemandAssign || step.Action == portal.DemandReassign:
		kind, who = notify.DemandAssigned, handlingStaffSQL
	case step.Action == portal.DemandReturn:
		kind, who = notify.DemandReturned, officialsSQL
	case step.Action == portal.DemandAnswer:
		kind, who = notify.DemandAnswered, `(u.role = 'entrepreneur' AND u.enterprise_id = d.enterprise_id)`
	case step.Action == portal.DemandRate && to == portal.DemandReopened:
		kind, who = notify.DemandReopened, leadStaffSQL+` OR `+officialsSQL
	default:
		return nil
	}
	return notifyDemand(ctx, tx, kind, id, who, map[string]any{"note": strings.TrimSpace(step.Note)})
}

// notifyDemandWork writes the notices of work on a demand: officials learn of an extension
// request, the lead department of the decision.
func notifyDemandWork(ctx context.Context, tx pgx.Tx, id int64, w portal.WorkStep) error {
	extra := map[string]any{"note": strings.TrimSpace(w.Note)}
	switch w.Work {
	case portal.WorkExtensionRequest:
		extra["extra_days"] = w.ExtraDays
		return notifyDemand(ctx, tx, notify.ExtensionRequested, id, officialsSQL, extra)
	case portal.WorkExtensionApprove, portal.WorkExtensionRefuse:
		extra["approved"] = w.Work == portal.WorkExtensionApprove
		return notifyDemand(ctx, tx, notify.ExtensionDecided, id, leadStaffSQL, extra)
	}
	return nil
}

// notifyDemand writes a notice of kind about demand id, as it is now in tx, to the accounts
// matching who (a condition on users u and demands d), with extra payload fields.
func notifyDemand(ctx context.Context, tx pgx.Tx, kind notify.Kind, id int64, who string, extra map[string]any) error {
	_, err := enqueue(ctx, tx, kind, `SELECT u.id, `+demandPayloadSQL+` || $2::jsonb, '/demands/' || d.id, NULL::text
		FROM demands d JOIN enterprises e ON e.id = d.enterprise_id JOIN users u ON (`+who+`)
		WHERE d.id = $1`, id, extra)
	return err
}

// notifyRegistration tells an enterprise's entrepreneurs that its registration was verified
// or rejected (with the reason).
func notifyRegistration(ctx context.Context, tx pgx.Tx, enterpriseID int64, to portal.EnterpriseStatus, note string) error {
	kind := notify.RegistrationVerified
	if to == portal.EnterpriseRejected {
		kind = notify.RegistrationRejected
	}
	_, err := enqueue(ctx, tx, kind, `SELECT u.id, jsonb_build_object('enterprise', e.name, 'note', $2::text),
			'/my/enterprise', NULL::text
		FROM enterprises e JOIN users u ON u.role = 'entrepreneur' AND u.enterprise_id = e.id WHERE e.id = $1`,
		enterpriseID, note)
	return err
}

// overdueNoticeDays bounds how long after a deadline the overdue notice can still go out (after
// the portal was down, say). Without a bound every tick would look again at every demand ever
// overdue (tens of thousands in a province's data, seconds of database time each tick), and
// data imported with old deadlines would flood the officials with notices of long-known cases.
const overdueNoticeDays = 30

// Schedule writes the notices time causes, as of now: a reminder reminderLead before a
// published meeting to the enterprises that accepted; to the lead department, a warning when
// a demand's deadline is at most 2 working days away (by the working-day calendar) and a notice
// once it has passed (also to officials). Each fires once per meeting time or deadline (a
// moved meeting or an extended deadline fires again); the overdue notice only within
// overdueNoticeDays of the deadline. It returns how many notices it wrote.
func (s *NotificationStore) Schedule(ctx context.Context, now time.Time, reminderLead time.Duration) (int, error) {
	today := dateOnly(now)
	jobs := []struct {
		kind   notify.Kind
		source string
		args   []any
	}{
		{notify.MeetingReminder, `SELECT u.id, ` + meetingPayloadSQL + `, '/my/meetings/' || m.id,
				'reminder:' || m.id || ':' || extract(epoch FROM m.starts_at)::bigint
			FROM meetings m JOIN invitations i ON i.meeting_id = m.id AND i.status = 'accepted'
			JOIN users u ON u.role = 'entrepreneur' AND u.enterprise_id = i.enterprise_id
			WHERE m.status = 'published' AND m.starts_at > $1 AND m.starts_at <= $2`,
			[]any{now, now.Add(reminderLead)}},
		// Two working days span at most a long holiday and its weekends: the date range lets the
		// open-deadline index find the candidates before the calendar counts.
		{notify.DeadlineSoon, `SELECT u.id, ` + demandPayloadSQL + `, '/demands/' || d.id,
				'deadline_soon:' || d.id || ':' || d.deadline
			FROM demands d JOIN enterprises e ON e.id = d.enterprise_id JOIN users u ON ` + leadStaffSQL + `
			WHERE d.status IN ('assigned', 'in_progress', 'reopened') AND d.deadline BETWEEN $1::date AND $1::date + 20
			AND workdays_between($1::date, d.deadline) <= 2`, []any{today}},
		{notify.DemandOverdue, `SELECT u.id, ` + demandPayloadSQL + `, '/demands/' || d.id,
				'overdue:' || d.id || ':' || d.deadline
			FROM demands d JOIN enterprises e ON e.id = d.enterprise_id JOIN users u ON ` + leadStaffSQL + ` OR ` + officialsSQL + `
			WHERE d.status IN ('assigned', 'in_progress', 'reopened') AND d.deadline < $1::date
				AND d.deadline >= $1::date - ` + strconv.Itoa(overdueNoticeDays), []any{today}},
	}
	total := 0
	for _, j := range jobs {
		err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
			n, err := enqueue(ctx, tx, j.kind, j.source, j.args...)
			total += n
			return err
		})
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// Claim takes up to limit e-mail rows that are due at now, oldest first, counts the attempt
// and moves them lease ahead, so no other worker takes them while this one sends. Rows another
// transaction holds are skipped, not waited for (FOR UPDATE SKIP LOCKED): two workers never get
// the same row.
func (s *NotificationStore) Claim(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]notify.Delivery, error) {
	rows, err := s.pool.Query(ctx, `WITH due AS (
			SELECT id FROM notification_outbox
			WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
			ORDER BY next_attempt_at NULLS FIRST, id LIMIT $2 FOR UPDATE SKIP LOCKED),
		claimed AS (
			UPDATE notification_outbox o SET attempts = o.attempts + 1, next_attempt_at = $3
			FROM due WHERE o.id = due.id RETURNING o.id, o.notification_id, o.user_id, o.attempts)
		SELECT c.id, n.kind, n.payload, n.link, u.email, u.display_name, u.lang, c.attempts, n.created_at
		FROM claimed c JOIN notifications n ON n.id = c.notification_id JOIN users u ON u.id = c.user_id
		ORDER BY c.id`, now, limit, now.Add(lease))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (notify.Delivery, error) {
		var d notify.Delivery
		var payload []byte
		if err := row.Scan(&d.ID, &d.Kind, &payload, &d.Link, &d.Email, &d.Name, &d.Lang, &d.Attempts, &d.CreatedAt); err != nil {
			return d, err
		}
		return d, json.Unmarshal(payload, &d.Data)
	})
}

// MarkSent records that row id was delivered at now.
func (s *NotificationStore) MarkSent(ctx context.Context, id int64, now time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE notification_outbox SET status = 'sent', sent_at = $2, last_error = '', next_attempt_at = NULL
		WHERE id = $1 AND status = 'pending'`, id, now)
	return err
}

// MarkFailed records a failed attempt of row id: due again at retryAt, or parked (for an
// administrator to retry) when retryAt is nil.
func (s *NotificationStore) MarkFailed(ctx context.Context, id int64, now time.Time, reason string, retryAt *time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE notification_outbox SET last_error = $2, next_attempt_at = $3,
			status = CASE WHEN $3::timestamptz IS NULL THEN 'parked' ELSE 'pending' END,
			parked_at = CASE WHEN $3::timestamptz IS NULL THEN $4::timestamptz END
		WHERE id = $1 AND status = 'pending'`, id, reason, retryAt, now)
	return err
}

// Notification is a notice as its reader's list shows it.
type Notification struct {
	ID        int64
	Kind      notify.Kind
	Data      notify.Data
	Link      string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// NotificationPage is one page of a reader's notices, newest first.
type NotificationPage struct {
	Notifications []Notification
	Next          string // cursor of the next page, empty on the last
}

// List returns one page of userID's notices, newest first; after is the cursor of the page
// before (EINVALID when malformed).
func (s *NotificationStore) List(ctx context.Context, userID int64, after string, limit int) (NotificationPage, error) {
	limit = clampLimit(limit)
	_, cursor, err := decodeCursor(after)
	if err != nil {
		return NotificationPage{}, err
	}
	rows, err := s.pool.Query(ctx, `SELECT id, kind, payload, link, created_at, read_at FROM notifications
		WHERE user_id = $1 AND ($2 = 0 OR id < $2) ORDER BY id DESC`+limitSQL(limit+1), userID, cursor)
	if err != nil {
		return NotificationPage{}, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Notification, error) {
		var n Notification
		var payload []byte
		if err := row.Scan(&n.ID, &n.Kind, &payload, &n.Link, &n.CreatedAt, &n.ReadAt); err != nil {
			return n, err
		}
		return n, json.Unmarshal(payload, &n.Data)
	})
	if err != nil {
		return NotificationPage{}, err
	}
	page := NotificationPage{Notifications: list}
	if len(list) > limit {
		page.Notifications = list[:limit]
		page.Next = encodeCursor("", list[limit-1].ID)
	}
	return page, nil
}

// UnreadCap bounds the bell's count: an official with thousands of unread notices sees "99+",
// and every page pays for counting at most this many rows, however many there are.
const UnreadCap = 100

// unreadCountSQL counts the unread notices of user $1, up to $2 (UnreadCap): the bell's number.
const unreadCountSQL = `SELECT count(*) FROM (SELECT FROM notifications WHERE user_id = $1 AND read_at IS NULL LIMIT $2) unread`

// UnreadCount returns how many of userID's notices are unread, up to UnreadCap. Pages get the
// number with the account (UserStore.SignedIn).
func (s *NotificationStore) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, unreadCountSQL, userID, UnreadCap).Scan(&n)
	return n, err
}

// MarkRead marks notice id of userID read and returns its link. Another account's notice is
// ENOTFOUND.
func (s *NotificationStore) MarkRead(ctx context.Context, userID, id int64) (string, error) {
	var link string
	err := s.pool.QueryRow(ctx, `UPDATE notifications SET read_at = coalesce(read_at, now())
		WHERE id = $1 AND user_id = $2 RETURNING link`, id, userID).Scan(&link)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return link, err
}

// MarkAllRead marks every notice of userID read.
func (s *NotificationStore) MarkAllRead(ctx context.Context, userID int64) error {
	_, err := s.pool.Exec(ctx, `UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, userID)
	return err
}

// Preferences are an account's e-mail settings: the address and the kinds sent by e-mail.
type Preferences struct {
	Email      string
	EmailKinds map[notify.Kind]bool // true: e-mail on (the default)
}

// Preferences returns userID's e-mail settings for kinds; a kind never set is on.
func (s *NotificationStore) Preferences(ctx context.Context, userID int64, kinds []notify.Kind) (Preferences, error) {
	p := Preferences{EmailKinds: map[notify.Kind]bool{}}
	for _, k := range kinds {
		p.EmailKinds[k] = true
	}
	if err := s.pool.QueryRow(ctx, `SELECT email FROM users WHERE id = $1`, userID).Scan(&p.Email); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return p, portal.Errorf(portal.ENOTFOUND, "error.not_found")
		}
		return p, err
	}
	rows, err := s.pool.Query(ctx, `SELECT kind, email_enabled FROM notification_preferences WHERE user_id = $1`, userID)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var k notify.Kind
		var on bool
		if err := rows.Scan(&k, &on); err != nil {
			return p, err
		}
		if _, shown := p.EmailKinds[k]; shown {
			p.EmailKinds[k] = on
		}
	}
	return p, rows.Err()
}

// SavePreferences sets userID's e-mail address (empty: no e-mail) and, for each of kinds,
// whether it is sent by e-mail (on when in emailKinds). A malformed address is EINVALID on
// "email".
func (s *NotificationStore) SavePreferences(ctx context.Context, userID int64, email string, kinds, emailKinds []notify.Kind) error {
	email = strings.TrimSpace(email)
	if email != "" && (!portal.ValidEmail(email) || len(email) > 254) {
		return portal.Problems{"email": "contact.email_invalid"}.Err()
	}
	on := map[notify.Kind]bool{}
	for _, k := range emailKinds {
		on[k] = true
	}
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET email = $2, updated_at = now() WHERE id = $1`, userID, email)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return portal.Errorf(portal.ENOTFOUND, "error.not_found")
		}
		for _, k := range kinds {
			if _, err := tx.Exec(ctx, `INSERT INTO notification_preferences (user_id, kind, email_enabled) VALUES ($1, $2, $3)
				ON CONFLICT (user_id, kind) DO UPDATE SET email_enabled = excluded.email_enabled`, userID, string(k), on[k]); err != nil {
				return err
			}
		}
		return nil
	})
}

// OutboxRow is an e-mail in trouble, for the administrators' outbox page.
type OutboxRow struct {
	ID        int64
	Username  string
	Email     string
	Kind      notify.Kind
	Status    string // pending (failed, will retry) or parked
	Attempts  int
	LastError string
	NextAt    *time.Time
	CreatedAt time.Time
}

// OutboxPage is one page of Troubles.
type OutboxPage struct {
	Rows []OutboxRow
	Next string
}

// Troubles returns one page of the e-mails that failed: parked ones and those waiting for
// another attempt, newest first.
func (s *NotificationStore) Troubles(ctx context.Context, after string, limit int) (OutboxPage, error) {
	limit = clampLimit(limit)
	_, cursor, err := decodeCursor(after)
	if err != nil {
		return OutboxPage{}, err
	}
	rows, err := s.pool.Query(ctx, `SELECT o.id, u.username, u.email, o.kind, o.status, o.attempts, o.last_error,
			o.next_attempt_at, o.created_at
		FROM notification_outbox o JOIN users u ON u.id = o.user_id
		WHERE (o.status = 'parked' OR (o.status = 'pending' AND o.attempts > 0)) AND ($1 = 0 OR o.id < $1)
		ORDER BY o.id DESC`+limitSQL(limit+1), cursor)
	if err != nil {
		return OutboxPage{}, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (OutboxRow, error) {
		var o OutboxRow
		err := row.Scan(&o.ID, &o.Username, &o.Email, &o.Kind, &o.Status, &o.Attempts, &o.LastError, &o.NextAt, &o.CreatedAt)
		return o, err
	})
	if err != nil {
		return OutboxPage{}, err
	}
	page := OutboxPage{Rows: list}
	if len(list) > limit {
		page.Rows = list[:limit]
		page.Next = encodeCursor("", list[limit-1].ID)
	}
	return page, nil
}

// Retry puts a parked e-mail back in the queue with a fresh count of attempts, due at once.
// A row that is not parked is ECONFLICT; an unknown one ENOTFOUND.
func (s *NotificationStore) Retry(ctx context.Context, id int64) error {
	var status *string
	err := s.pool.QueryRow(ctx, `WITH r AS (
			UPDATE notification_outbox SET status = 'pending', attempts = 0, next_attempt_at = NULL, parked_at = NULL
			WHERE id = $1 AND status = 'parked' RETURNING status)
		SELECT coalesce((SELECT status FROM r), (SELECT 'not:' || status FROM notification_outbox WHERE id = $1))`, id).Scan(&status)
	switch {
	case err != nil:
		return err
	case status == nil:
		return portal.Errorf(portal.ENOTFOUND, "error.not_found")
	case strings.HasPrefix(*status, "not:"):
		return portal.Errorf(portal.ECONFLICT, "notify.outbox_not_parked")
	}
	return nil
}
