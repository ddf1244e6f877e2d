package postgres

import (
	"context"
	"errors"
	"strings"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DemandStore keeps enterprises' demands (诉求), their attachments and their timeline. Every
// read takes the portal.Viewer who looks and filters by it in SQL (demandVisibleSQL, in
// demand_list.go): a demand the viewer may not see is ENOTFOUND, exactly like one that does not
// exist. Every change of state goes through Apply, which records it in the timeline in the
// same transaction.
type DemandStore struct {
	pool       *pgxpool.Pool
	inbox      inboxCountsCache
	categories kept[[]DemandCategory]
	// The write paths read the working-day calendar and the rating window; their own stores
	// keep them between reference-data changes like the server's do.
	workdays *WorkdayStore
	settings *SettingsStore
	names    departmentNamer
}

// NewDemandStore returns a DemandStore on pool.
func NewDemandStore(pool *pgxpool.Pool) *DemandStore {
	return &DemandStore{pool: pool, workdays: NewWorkdayStore(pool), settings: NewSettingsStore(pool),
		names: departmentNamer{NewDepartmentStore(pool)}}
}

// demandColumns reads a demand with its enterprise, meeting, category and departments; use it
// with demandFrom and scanDemand. Co-handling departments come in name order.
const demandColumns = `d.id, d.enterprise_id, e.name, d.meeting_id, coalesce(m.theme, ''), d.category_id, c.code,
	d.title, d.description, d.expected_outcome, d.confidential, d.status, d.priority,
	d.lead_department_id, coalesce(ld.name, ''),
	coalesce((SELECT array_agg(cd.department_id ORDER BY dp.name COLLATE "zh-x-icu", dp.id)
		FROM demand_co_departments cd JOIN departments dp ON dp.id = cd.department_id WHERE cd.demand_id = d.id), '{}'),
	coalesce((SELECT array_agg(dp.name ORDER BY dp.name COLLATE "zh-x-icu", dp.id)
		FROM demand_co_departments cd JOIN departments dp ON dp.id = cd.department_id WHERE cd.demand_id = d.id), '{}'),
	d.time_limit_days, d.assigned_at, d.deadline, d.deadline_unsure, d.answer, d.answered_at,
	d.rating, d.rating_comment, d.rated_at, d.closed_at, d.supervised, d.supervision_note, d.merged_into,
	d.reject_reason, d.recorded_by_official, d.version, d.created_at`

const demandFrom = ` FROM demands d JOIN enterprises e ON e.id = d.enterprise_id
	JOIN demand_categories c ON c.id = d.category_id
	LEFT JOIN meetings m ON m.id = d.meeting_id
	LEFT JOIN departments ld ON ld.id = d.lead_department_id `

// scanDemand reads one row of demandColumns; no row is ENOTFOUND.
func scanDemand(row pgx.Row) (*portal.Demand, error) {
	var d portal.Demand
	var timeLimit *int32
	var rating *string
	err := row.Scan(&d.ID, &d.EnterpriseID, &d.EnterpriseName, &d.MeetingID, &d.MeetingTheme, &d.CategoryID, &d.CategoryCode,
		&d.Title, &d.Description, &d.ExpectedOutcome, &d.Confidential, &d.Status, &d.Priority,
		&d.LeadDepartmentID, &d.LeadDepartment, &d.CoDepartmentIDs, &d.CoDepartments,
		&timeLimit, &d.AssignedAt, &d.Deadline, &d.DeadlineUnsure, &d.Answer, &d.AnsweredAt,
		&rating, &d.RatingComment, &d.RatedAt, &d.ClosedAt, &d.Supervised, &d.SupervisionNote, &d.MergedInto,
		&d.RejectReason, &d.RecordedByOfficial, &d.Version, &d.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	if timeLimit != nil {
		n := int(*timeLimit)
		d.TimeLimitDays = &n
	}
	if rating != nil {
		r := portal.Rating(*rating)
		d.Rating = &r
	}
	return &d, nil
}

// ByID returns the demand if the viewer may see it, and ENOTFOUND otherwise (never telling
// whether it exists).
func (s *DemandStore) ByID(ctx context.Context, id int64, v portal.Viewer) (*portal.Demand, error) {
	args := argList{id}
	return scanDemand(s.pool.QueryRow(ctx, `SELECT `+demandColumns+demandFrom+
		`WHERE d.id = $1 AND `+demandVisibleSQL(v, args.add), args...))
}

// DemandDetail is a demand with everything its page shows: its timeline (oldest first), its
// files (oldest first), its extension requests (newest first) and the enterprise's contacts
// (in the enterprise's order), whom the departments call about it.
type DemandDetail struct {
	Demand      *portal.Demand
	Events      []DemandEvent
	Attachments []DemandAttachment
	Extensions  []Extension
	Contacts    []portal.Contact
}

// Detail returns demand id with its timeline, files and extension requests if the viewer may
// see it; else ENOTFOUND. Reading the demand checks the viewer; the rest then comes in one
// round trip, without checking again.
func (s *DemandStore) Detail(ctx context.Context, id int64, v portal.Viewer) (*DemandDetail, error) {
	d, err := s.ByID(ctx, id, v)
	if err != nil {
		return nil, err
	}
	out := &DemandDetail{Demand: d}
	b := &pgx.Batch{}
	b.Queue(`SELECT ev.id, ev.at, coalesce(u.display_name, ''), ev.action,
			coalesce(ev.from_status, ''), coalesce(ev.to_status, ''), ev.note
		FROM demand_events ev LEFT JOIN users u ON u.id = ev.actor_id
		WHERE ev.demand_id = $1 ORDER BY ev.at, ev.id`, id).Query(func(rows pgx.Rows) (err error) {
		out.Events, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (DemandEvent, error) {
			var e DemandEvent
			err := row.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.From, &e.To, &e.Note)
			return e, err
		})
		return err
	})
	b.Queue(`SELECT a.id, a.demand_id, a.filename, a.content_type, a.size,
			coalesce(u.display_name, ''), a.uploaded_at
		FROM demand_attachments a LEFT JOIN users u ON u.id = a.uploaded_by
		WHERE a.demand_id = $1 ORDER BY a.id`, id).Query(func(rows pgx.Rows) (err error) {
		out.Attachments, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (DemandAttachment, error) {
			var a DemandAttachment
			err := row.Scan(&a.ID, &a.DemandID, &a.Filename, &a.ContentType, &a.Size, &a.UploadedBy, &a.UploadedAt)
			return a, err
		})
		return err
	})
	b.Queue(`SELECT x.id, coalesce(r.display_name, ''), x.requested_at, x.extra_days, x.reason, x.status,
			coalesce(o.display_name, ''), x.decided_at, x.decision_note
		FROM demand_extensions x LEFT JOIN users r ON r.id = x.requested_by LEFT JOIN users o ON o.id = x.decided_by
		WHERE x.demand_id = $1 ORDER BY x.requested_at DESC, x.id DESC`, id).Query(func(rows pgx.Rows) (err error) {
		out.Extensions, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Extension, error) {
			var x Extension
			err := row.Scan(&x.ID, &x.RequestedBy, &x.RequestedAt, &x.ExtraDays, &x.Reason, &x.Status, &x.DecidedBy, &x.DecidedAt, &x.DecisionNote)
			return x, err
		})
		return err
	})
	b.Queue(`SELECT name, title, mobile, email FROM enterprise_contacts WHERE enterprise_id = $1 ORDER BY position`,
		d.EnterpriseID).Query(func(rows pgx.Rows) (err error) {
		out.Contacts, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Contact, error) {
			var c portal.Contact
			err := row.Scan(&c.Name, &c.Title, &c.Mobile, &c.Email)
			return c, err
		})
		return err
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, err
	}
	return out, nil
}

// NewAttachment is a file uploaded with a new demand, as received; Create checks its content
// and cleans its name.
type NewAttachment struct {
	Filename string
	Data     []byte
}

// Create saves a new demand with its attachments and the first entry of its timeline, all in
// one transaction, and returns its id. Who may create: the entrepreneur of the enterprise
// (in.EnterpriseID must be theirs, else EFORBIDDEN), or an official or administrator
// recording it on the enterprise's behalf. Bad input, too many files or a refused file is
// EINVALID (nothing is saved); an enterprise that is not verified is ECONFLICT
// "intake.not_verified"; an unknown one ENOTFOUND. A meeting may be named only if the
// enterprise attends it (accepted invitation or checked-in attendee) — or, for an official,
// was invited to it — else EINVALID on "meeting_id". The same SubmitToken for the same
// enterprise saves once: a repeated submit returns the first demand's id.
func (s *DemandStore) Create(ctx context.Context, in portal.DemandInput, files []NewAttachment, actor portal.Viewer) (int64, error) {
	official := false
	switch actor.Role {
	case portal.RoleOfficial, portal.RoleAdmin:
		official = true
	case portal.RoleEntrepreneur:
		if actor.EnterpriseID == nil || *actor.EnterpriseID != in.EnterpriseID {
			return 0, portal.Errorf(portal.EFORBIDDEN, "error.forbidden")
		}
	default:
		return 0, portal.Errorf(portal.EFORBIDDEN, "error.forbidden")
	}
	in.Normalize()
	if len(files) > portal.MaxAttachments {
		return 0, portal.TooManyAttachments()
	}
	types := make([]string, len(files))
	for i, f := range files {
		t, err := portal.CheckAttachment(portal.SanitizeFilename(f.Filename), f.Data)
		if err != nil {
			return 0, err
		}
		types[i] = t
	}
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var token *string
	if t := strings.TrimSpace(in.SubmitToken); t != "" {
		token = &t
	}
	var id int64
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		var status portal.EnterpriseStatus
		err := tx.QueryRow(ctx, `SELECT status FROM enterprises WHERE id = $1`, in.EnterpriseID).Scan(&status)
		if errors.Is(err, pgx.ErrNoRows) {
			return portal.Errorf(portal.ENOTFOUND, "error.not_found")
		}
		if err != nil {
			return err
		}
		if status != portal.EnterpriseVerified {
			return portal.Errorf(portal.ECONFLICT, "intake.not_verified")
		}
		var active bool
		err = tx.QueryRow(ctx, `SELECT active FROM demand_categories WHERE id = $1`, in.CategoryID).Scan(&active)
		if errors.Is(err, pgx.ErrNoRows) || err == nil && !active {
			return portal.Problems{"category_id": "intake.category_unknown"}.Err()
		}
		if err != nil {
			return err
		}
		if in.MeetingID != nil {
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM meetings m WHERE m.id = $2 AND `+attendsSQL(official)+`)`,
				in.EnterpriseID, *in.MeetingID).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				return portal.Problems{"meeting_id": "intake.meeting_not_attended"}.Err()
			}
		}
		// A repeated submit of the same form waits here for the first one's transaction and
		// then finds its demand.
		err = tx.QueryRow(ctx, `INSERT INTO demands (enterprise_id, meeting_id, category_id, title, description,
				expected_outcome, confidential, submitted_by, recorded_by_official, submit_token)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT ON CONSTRAINT demands_submit_token_key DO NOTHING RETURNING id`,
			in.EnterpriseID, in.MeetingID, in.CategoryID, in.Title, in.Description, in.ExpectedOutcome,
			in.Confidential, actorID(actor), official, token).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return tx.QueryRow(ctx, `SELECT id FROM demands WHERE enterprise_id = $1 AND submit_token = $2`,
				in.EnterpriseID, token).Scan(&id)
		}
		if err != nil {
			return err
		}
		for i, f := range files {
			if _, err := tx.Exec(ctx, `INSERT INTO demand_attachments (demand_id, filename, content_type, size, data, uploaded_by)
				VALUES ($1, $2, $3, $4, $5, $6)`, id, portal.SanitizeFilename(f.Filename), types[i], len(f.Data), f.Data,
				actorID(actor)); err != nil {
				return err
			}
		}
		return insertDemandEvent(ctx, tx, id, actor, time.Time{}, "submit", "", portal.DemandSubmitted, "")
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// attendsSQL is the condition, on a meetings row aliased m and the enterprise id in $1, that
// the enterprise attends the meeting: its invitation is accepted or one of its people checked
// in. For an official recording a demand on its behalf any invitation counts, and any of its
// attendees. Drafts and cancelled meetings never count.
func attendsSQL(official bool) string {
	statuses, checkedIn := `'accepted'`, ` AND a.checked_in_at IS NOT NULL`
	if official {
		statuses, checkedIn = `'invited', 'accepted', 'declined', 'waitlisted'`, ``
	}
	return `m.status NOT IN ('draft', 'cancelled') AND (
		EXISTS (SELECT 1 FROM invitations i WHERE i.meeting_id = m.id AND i.enterprise_id = $1 AND i.status IN (` + statuses + `))
		OR EXISTS (SELECT 1 FROM attendees a WHERE a.meeting_id = m.id AND a.enterprise_id = $1` + checkedIn + `))`
}

// MeetingChoice is a meeting a demand may be raised for.
type MeetingChoice struct {
	ID       int64
	Theme    string
	StartsAt time.Time
}

// MeetingChoices returns the meetings a demand of the enterprise may name, latest first: those
// it attends, or for an official recording on its behalf (official true) those it was
// invited to.
func (s *DemandStore) MeetingChoices(ctx context.Context, enterpriseID int64, official bool) ([]MeetingChoice, error) {
	rows, err := s.pool.Query(ctx, `SELECT m.id, m.theme, m.starts_at FROM meetings m WHERE `+attendsSQL(official)+`
		ORDER BY m.starts_at DESC, m.id DESC LIMIT 50`, enterpriseID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (MeetingChoice, error) {
		var m MeetingChoice
		err := row.Scan(&m.ID, &m.Theme, &m.StartsAt)
		return m, err
	})
}

// DemandCategory is a kind of demand (用地, 融资, …); administrators maintain the list.
type DemandCategory struct {
	ID     int64
	Code   string
	NameZH string
	NameEN string
	Active bool
}

// Name returns the category's name in lang.
func (c DemandCategory) Name(lang portal.Lang) string {
	if lang == portal.LangEN {
		return c.NameEN
	}
	return c.NameZH
}

// Categories returns every demand category in display order, inactive ones included (old
// demands keep theirs); new demands may only pick active ones. The list is shared reference
// data (kept): callers must not change it.
func (s *DemandStore) Categories(ctx context.Context) ([]DemandCategory, error) {
	return s.categories.get(ctx, s.pool, s.loadCategories)
}

func (s *DemandStore) loadCategories(ctx context.Context) ([]DemandCategory, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, code, name_zh, name_en, active FROM demand_categories ORDER BY position, id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (DemandCategory, error) {
		var c DemandCategory
		err := row.Scan(&c.ID, &c.Code, &c.NameZH, &c.NameEN, &c.Active)
		return c, err
	})
}

// DemandEvent is one entry of a demand's timeline: a change of state or a note.
type DemandEvent struct {
	ID     int64
	At     time.Time
	Actor  string // display name; empty when the account is gone
	Action string // a portal.DemandAction, or "submit" and the other notes' names
	From   portal.DemandStatus
	To     portal.DemandStatus // empty for notes that change no state
	Note   string
}

// insertDemandEvent adds an entry to a demand's timeline in tx. A zero at means the
// transaction's time; an empty from or to is stored as none.
func insertDemandEvent(ctx context.Context, tx pgx.Tx, demandID int64, actor portal.Viewer, at time.Time,
	action string, from, to portal.DemandStatus, note string) error {
	var atArg *time.Time
	if !at.IsZero() {
		atArg = &at
	}
	_, err := tx.Exec(ctx, `INSERT INTO demand_events (demand_id, at, actor_id, action, from_status, to_status, note)
		VALUES ($1, coalesce($2, now()), $3, $4, nullif($5, ''), nullif($6, ''), $7)`,
		demandID, atArg, actorID(actor), action, string(from), string(to), note)
	return err
}

// actorID is the viewer's account id, or nil (no account) for zero.
func actorID(v portal.Viewer) *int64 {
	if v.UserID == 0 {
		return nil
	}
	return &v.UserID
}

// DemandAttachment describes a file attached to a demand.
type DemandAttachment struct {
	ID          int64
	DemandID    int64
	Filename    string
	ContentType string
	Size        int
	UploadedBy  string
	UploadedAt  time.Time
}

// AttachmentFile is an attachment with its content, for download.
type AttachmentFile struct {
	DemandAttachment
	Data []byte
}

// Attachment returns one file of a demand with its content if the viewer may see the demand;
// else, or when the file belongs to another demand, ENOTFOUND.
func (s *DemandStore) Attachment(ctx context.Context, demandID, attachmentID int64, v portal.Viewer) (*AttachmentFile, error) {
	args := argList{demandID, attachmentID}
	var a AttachmentFile
	err := s.pool.QueryRow(ctx, `SELECT a.id, a.demand_id, a.filename, a.content_type, a.size,
			coalesce(u.display_name, ''), a.uploaded_at, a.data
		FROM demand_attachments a JOIN demands d ON d.id = a.demand_id LEFT JOIN users u ON u.id = a.uploaded_by
		WHERE d.id = $1 AND a.id = $2 AND `+demandVisibleSQL(v, args.add), args...).
		Scan(&a.ID, &a.DemandID, &a.Filename, &a.ContentType, &a.Size, &a.UploadedBy, &a.UploadedAt, &a.Data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// DemandChange makes the extra updates of a step inside Apply's transaction, after the step
// was allowed (d is the demand as locked, to the state it goes to) and before the state is
// written. Returning an error rolls everything back.
type DemandChange func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error

// Apply is the one place a demand's change of state is saved. In one transaction it locks the
// demand, checks the actor (step.Actor) may see it (else ENOTFOUND) and that version is the
// one the actor saw (else ECONFLICT "error.conflict": someone else changed it), asks the
// domain whether the step is allowed (portal.Demand.Transition: ECONFLICT, EFORBIDDEN or
// EINVALID), runs change (may be nil), writes the new state with version+1 and adds the
// timeline entry (action, from, to, the step's note, at step.Now), and the step's notices
// (notifyDemandStep).
func (s *DemandStore) Apply(ctx context.Context, id int64, version int, step portal.Step, change DemandChange) error {
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		args := argList{id}
		d, err := scanDemand(tx.QueryRow(ctx, `SELECT `+demandColumns+demandFrom+
			`WHERE d.id = $1 AND `+demandVisibleSQL(step.Actor, args.add)+` FOR UPDATE OF d`, args...))
		if err != nil {
			return err
		}
		if d.Version != version {
			return portal.Errorf(portal.ECONFLICT, "error.conflict")
		}
		to, err := d.Transition(step)
		if err != nil {
			return err
		}
		if change != nil {
			if err := change(ctx, tx, d, to); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE demands SET status = $2, version = version + 1, updated_at = now() WHERE id = $1`,
			id, to); err != nil {
			return err
		}
		if err := insertDemandEvent(ctx, tx, id, step.Actor, step.Now, string(step.Action), d.Status, to, strings.TrimSpace(step.Note)); err != nil {
			return err
		}
		return notifyDemandStep(ctx, tx, id, step, to)
	})
}

// Rate records the enterprise's rating of the answer (step.Rating, with step.Note as the
// comment) through Apply: 满意 and 基本满意 close the demand; 不满意 reopens it to the same
// department and flags it for supervision (督办) with the comment as the supervision note.
// A reopened demand gets a fresh deadline: its time limit in working days again, counted
// from the reopening (the old deadline has usually passed while the enterprise rated), so
// the department has the same time for the second answer and is overdue only after it.
// Errors are Apply's.
func (s *DemandStore) Rate(ctx context.Context, id int64, version int, step portal.Step) error {
	step.Action = portal.DemandRate
	note := strings.TrimSpace(step.Note)
	at := step.Now
	if at.IsZero() {
		at = time.Now()
	}
	var cal WorkdayAdder
	if step.Rating == portal.RatingUnsatisfied {
		c, err := s.workdays.Calendar(ctx)
		if err != nil {
			return err
		}
		cal = c
	}
	return s.Apply(ctx, id, version, step, func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error {
		if to == portal.DemandReopened {
			deadline, unsure := d.Deadline, d.DeadlineUnsure
			if d.TimeLimitDays != nil {
				t, u := cal.AddWorkdays(at, *d.TimeLimitDays)
				deadline, unsure = &t, u
			}
			var deadlineArg *string
			if deadline != nil {
				day := dateOnly(*deadline)
				deadlineArg = &day
			}
			_, err := tx.Exec(ctx, `UPDATE demands SET rating = $2, rating_comment = $3, rated_at = $4,
				supervised = true, supervision_note = $3, deadline = $5::date, deadline_unsure = $6 WHERE id = $1`,
				d.ID, step.Rating, note, at, deadlineArg, unsure)
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE demands SET rating = $2, rating_comment = $3, rated_at = $4, closed_at = $4
			WHERE id = $1`, d.ID, step.Rating, note, at)
		return err
	})
}
