package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
)

// The demand's work after intake: triage by officials (assign, reassign, reject, merge, close
// unrated, supervision, extension decisions) and the departments' work (start, progress
// notes, return, extension requests, the answer). State changes go through Apply; work that
// leaves the state alone (notes, extensions, supervision) runs in its own transaction here,
// with the same visibility and version checks.

// WorkdayAdder computes deadlines in working days; *workdays.Calendar is one.
type WorkdayAdder interface {
	AddWorkdays(start time.Time, n int) (deadline time.Time, unknownYear bool)
}

// Assign records an official's triage decision: step.Action is portal.DemandAssign (from
// submitted or returned) or portal.DemandReassign (while a department works on it). The
// deadline is a.TimeLimitDays working days after step.Now by cal, flagged unsure when it
// touches a year without a holiday schedule. Bad input is EINVALID on the form's fields; a
// stale version is ECONFLICT; an illegal step as Transition says.
func (s *DemandStore) Assign(ctx context.Context, id int64, version int, step portal.Step, a portal.Assignment, cal WorkdayAdder) error {
	if step.Action != portal.DemandAssign && step.Action != portal.DemandReassign {
		return portal.Errorf(portal.ECONFLICT, "demand.step_refused")
	}
	a.CoDepartmentIDs = uniqueIDs(a.CoDepartmentIDs)
	if err := a.Validate(); err != nil {
		return err
	}
	deadline, unsure := cal.AddWorkdays(step.Now, a.TimeLimitDays)
	return s.Apply(ctx, id, version, step, func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error {
		var known int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM departments WHERE id = ANY ($1)`,
			append([]int64{a.LeadDepartmentID}, a.CoDepartmentIDs...)).Scan(&known); err != nil {
			return err
		}
		if known != 1+len(a.CoDepartmentIDs) {
			var leadKnown bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM departments WHERE id = $1)`, a.LeadDepartmentID).Scan(&leadKnown); err != nil {
				return err
			}
			if !leadKnown {
				return portal.Problems{"lead_department_id": "demand_work.department_unknown"}.Err()
			}
			return portal.Problems{"co_department_ids": "demand_work.department_unknown"}.Err()
		}
		if _, err := tx.Exec(ctx, `UPDATE demands SET lead_department_id = $2, priority = $3, time_limit_days = $4,
			assigned_at = $5, deadline = $6::date, deadline_unsure = $7 WHERE id = $1`,
			id, a.LeadDepartmentID, string(a.Priority), a.TimeLimitDays, step.Now, dateOnly(deadline), unsure); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM demand_co_departments WHERE demand_id = $1`, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO demand_co_departments (demand_id, department_id) SELECT $1, unnest($2::bigint[])`,
			id, a.CoDepartmentIDs)
		return err
	})
}

// Reject refuses a demand as not applicable; step.Note is the reason the enterprise reads.
func (s *DemandStore) Reject(ctx context.Context, id int64, version int, step portal.Step) error {
	step.Action = portal.DemandReject
	return s.Apply(ctx, id, version, step, func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error {
		_, err := tx.Exec(ctx, `UPDATE demands SET reject_reason = $2 WHERE id = $1`, id, strings.TrimSpace(step.Note))
		return err
	})
}

// Merge marks the demand as a duplicate of target, which must be another demand the actor
// sees that is not closed, rejected or merged itself (EINVALID on "merge_into" otherwise). The
// target's timeline records the merge too.
func (s *DemandStore) Merge(ctx context.Context, id int64, version int, step portal.Step, target int64) error {
	step.Action = portal.DemandMerge
	if target == id {
		return portal.Problems{"merge_into": "demand_work.merge_self"}.Err()
	}
	if target <= 0 {
		return portal.Problems{"merge_into": "demand_work.merge_target_unknown"}.Err()
	}
	return s.Apply(ctx, id, version, step, func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error {
		args := argList{target}
		arg := args.add
		var status portal.DemandStatus
		err := tx.QueryRow(ctx, `SELECT d.status FROM demands d WHERE d.id = $1 AND `+demandVisibleSQL(step.Actor, arg)+` FOR SHARE`,
			args...).Scan(&status)
		if errors.Is(err, pgx.ErrNoRows) {
			return portal.Problems{"merge_into": "demand_work.merge_target_unknown"}.Err()
		}
		if err != nil {
			return err
		}
		if status.Phase() == portal.PhaseClosed {
			return portal.Problems{"merge_into": "demand_work.merge_target_closed"}.Err()
		}
		if _, err := tx.Exec(ctx, `UPDATE demands SET merged_into = $2 WHERE id = $1`, id, target); err != nil {
			return err
		}
		return insertDemandEvent(ctx, tx, target, step.Actor, step.Now, "merged_from", status, "",
			"#"+strconv.FormatInt(id, 10)+" "+d.Title)
	})
}

// Advance takes a department's or official's step that needs nothing but a note: start,
// return (the note is the reason), answer (the note is the answer) and close unrated (the
// rating window comes from the settings).
func (s *DemandStore) Advance(ctx context.Context, id int64, version int, step portal.Step) error {
	var change func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error
	switch step.Action {
	case portal.DemandStart, portal.DemandReturn:
	case portal.DemandAnswer:
		change = func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error {
			// A new answer starts a new rating window; an earlier rating stays in the timeline.
			_, err := tx.Exec(ctx, `UPDATE demands SET answer = $2, answered_at = $3,
				rating = NULL, rating_comment = '', rated_at = NULL WHERE id = $1`, id, strings.TrimSpace(step.Note), step.Now)
			return err
		}
	case portal.DemandCloseUnrated:
		days, err := s.settings.RatingWindowDays(ctx)
		if err != nil {
			return err
		}
		step.RatingWindowDays = days
		change = func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error {
			_, err := tx.Exec(ctx, `UPDATE demands SET closed_at = $2 WHERE id = $1`, id, step.Now)
			return err
		}
	default:
		return portal.Errorf(portal.ECONFLICT, "demand.step_refused")
	}
	return s.Apply(ctx, id, version, step, change)
}

// Extension is a department's request for more working days and its decision.
type Extension struct {
	ID           int64
	RequestedBy  string
	RequestedAt  time.Time
	ExtraDays    int
	Reason       string
	Status       string // pending, approved, refused
	DecidedBy    string
	DecidedAt    *time.Time
	DecisionNote string
}

// AddNote records a progress note of the lead or a co-handling department. The state and the
// version stay as they are (a note overwrites nothing), but a stale version is still
// ECONFLICT: the note was written about a demand that has changed since.
func (s *DemandStore) AddNote(ctx context.Context, id int64, version int, w portal.WorkStep, now time.Time) error {
	w.Work = portal.WorkNote
	return s.work(ctx, id, version, w, false, now, nil)
}

// RequestExtension records the lead department's request for w.ExtraDays more working days,
// with w.Note as the reason. While another request waits for a decision it is ECONFLICT.
func (s *DemandStore) RequestExtension(ctx context.Context, id int64, version int, w portal.WorkStep, now time.Time) error {
	w.Work = portal.WorkExtensionRequest
	return s.work(ctx, id, version, w, true, now, func(tx pgx.Tx, d *portal.Demand) error {
		var pending bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM demand_extensions WHERE demand_id = $1 AND status = 'pending')`,
			id).Scan(&pending); err != nil {
			return err
		}
		if pending {
			return portal.Errorf(portal.ECONFLICT, "demand_work.extension_already_pending")
		}
		_, err := tx.Exec(ctx, `INSERT INTO demand_extensions (demand_id, requested_by, requested_at, extra_days, reason)
			VALUES ($1, $2, $3, $4, $5)`, id, w.Actor.UserID, now, w.ExtraDays, strings.TrimSpace(w.Note))
		if isUniqueViolation(err, "demand_extensions_one_pending") {
			return portal.Errorf(portal.ECONFLICT, "demand_work.extension_already_pending")
		}
		return err
	})
}

// DecideExtension approves or refuses the pending extension request extensionID of the
// demand. Approval moves the deadline by the request's working days counted from the
// current deadline with cal (and adds them to the time limit); a refusal needs w.Note. A
// request already decided is ECONFLICT.
func (s *DemandStore) DecideExtension(ctx context.Context, id int64, version int, extensionID int64, approve bool,
	w portal.WorkStep, now time.Time, cal WorkdayAdder) error {
	w.Work = portal.WorkExtensionRefuse
	if approve {
		w.Work = portal.WorkExtensionApprove
	}
	return s.work(ctx, id, version, w, true, now, func(tx pgx.Tx, d *portal.Demand) error {
		var extra int
		err := tx.QueryRow(ctx, `SELECT extra_days FROM demand_extensions WHERE id = $1 AND demand_id = $2 AND status = 'pending' FOR UPDATE`,
			extensionID, id).Scan(&extra)
		if errors.Is(err, pgx.ErrNoRows) {
			return portal.Errorf(portal.ECONFLICT, "demand_work.extension_decided")
		}
		if err != nil {
			return err
		}
		status := "refused"
		if approve {
			status = "approved"
			deadline, unsure := cal.AddWorkdays(*d.Deadline, extra)
			if _, err := tx.Exec(ctx, `UPDATE demands SET deadline = $2::date, deadline_unsure = $3,
				time_limit_days = coalesce(time_limit_days, 0) + $4 WHERE id = $1`, id, dateOnly(deadline), unsure, extra); err != nil {
				return err
			}
			w.Note = strings.TrimSpace(strings.TrimSpace(w.Note) + "\n" + strconv.Itoa(extra) + " → " + dateOnly(deadline))
		}
		_, err = tx.Exec(ctx, `UPDATE demand_extensions SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5
			WHERE id = $1`, extensionID, status, w.Actor.UserID, now, strings.TrimSpace(w.Note))
		return err
	})
}

// Supervise flags the demand for supervision (督办) with w.Note, or updates the note of a
// demand already flagged; on false it ends the supervision.
func (s *DemandStore) Supervise(ctx context.Context, id int64, version int, on bool, w portal.WorkStep, now time.Time) error {
	w.Work = portal.WorkUnsupervise
	if on {
		w.Work = portal.WorkSupervise
	}
	return s.work(ctx, id, version, w, true, now, func(tx pgx.Tx, d *portal.Demand) error {
		note := ""
		if on {
			note = strings.TrimSpace(w.Note)
		}
		_, err := tx.Exec(ctx, `UPDATE demands SET supervised = $2, supervision_note = $3 WHERE id = $1`, id, on, note)
		return err
	})
}

// work runs one piece of work that leaves the state alone: it locks the demand, hides it from
// a viewer who may not see it (ENOTFOUND), refuses a stale version (ECONFLICT), checks the
// domain rule, runs change, bumps the version when the demand itself changes, and records the
// timeline event and the work's notices (notifyDemandWork).
func (s *DemandStore) work(ctx context.Context, id int64, version int, w portal.WorkStep, bump bool, now time.Time,
	change func(tx pgx.Tx, d *portal.Demand) error) error {
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		d, err := lockDemandForWork(ctx, tx, id, w.Actor)
		if err != nil {
			return err
		}
		if d.Version != version {
			return portal.Errorf(portal.ECONFLICT, "error.conflict")
		}
		if err := d.CheckWork(w); err != nil {
			return err
		}
		if change != nil {
			if err := change(tx, d); err != nil {
				return err
			}
		}
		if bump {
			if _, err := tx.Exec(ctx, `UPDATE demands SET version = version + 1, updated_at = $2 WHERE id = $1`, id, now); err != nil {
				return err
			}
		} else if _, err := tx.Exec(ctx, `UPDATE demands SET updated_at = $2 WHERE id = $1`, id, now); err != nil {
			return err
		}
		note := strings.TrimSpace(w.Note)
		if w.Work == portal.WorkExtensionRequest {
			note = strconv.Itoa(w.ExtraDays) + " · " + note
		}
		if err := insertDemandEvent(ctx, tx, id, w.Actor, now, string(w.Work), d.Status, "", note); err != nil {
			return err
		}
		return notifyDemandWork(ctx, tx, id, w)
	})
}

// lockDemandForWork locks demand id FOR UPDATE and returns what the work rules look at, or
// ENOTFOUND when v may not see it.
func lockDemandForWork(ctx context.Context, tx pgx.Tx, id int64, v portal.Viewer) (*portal.Demand, error) {
	args := argList{id}
	arg := args.add
	d := &portal.Demand{ID: id}
	var deadline *string
	err := tx.QueryRow(ctx, `SELECT d.enterprise_id, d.title, d.status, d.lead_department_id,
			coalesce((SELECT array_agg(cd.department_id) FROM demand_co_departments cd WHERE cd.demand_id = d.id), '{}'),
			to_char(d.deadline, 'YYYY-MM-DD'), d.supervised, d.answered_at, d.version
		FROM demands d WHERE d.id = $1 AND `+demandVisibleSQL(v, arg)+` FOR UPDATE OF d`, args...).
		Scan(&d.EnterpriseID, &d.Title, &d.Status, &d.LeadDepartmentID, &d.CoDepartmentIDs, &deadline, &d.Supervised, &d.AnsweredAt, &d.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	if deadline != nil {
		t, err := time.ParseInLocation("2006-01-02", *deadline, portal.CST)
		if err != nil {
			return nil, err
		}
		d.Deadline = &t
	}
	return d, nil
}
