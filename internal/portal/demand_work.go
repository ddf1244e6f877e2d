package portal

import (
	"strings"
	"unicode/utf8"
)

// DemandWork is a change to a demand that does not change its state: a progress note, a
// deadline extension asked for or decided, supervision (督办) switched on or off. Each is
// recorded in the timeline like a transition.
type DemandWork string

// The kinds of work on a demand. Their values are also the action names of the timeline.
const (
	WorkNote             DemandWork = "note"              // lead or co department: a progress note
	WorkExtensionRequest DemandWork = "extension_request" // lead department: more working days, with a reason
	WorkExtensionApprove DemandWork = "extension_approve" // official: the deadline moves by the extra days
	WorkExtensionRefuse  DemandWork = "extension_refuse"  // official: refused, with a note
	WorkSupervise        DemandWork = "supervise"         // official: flag for supervision (督办), with a note
	WorkUnsupervise      DemandWork = "unsupervise"       // official: supervision ends
)

// MaxExtensionDays bounds the extra working days of one extension request.
const MaxExtensionDays = 60

// WorkStep is one requested piece of work on a demand.
type WorkStep struct {
	Work      DemandWork
	Actor     Viewer
	Note      string // the progress note, reason, decision note or supervision note
	ExtraDays int    // for WorkExtensionRequest
}

// CheckWork says whether the step may be done on the demand as it stands. A wrong actor is
// EFORBIDDEN, a demand in a state where the work makes no sense is ECONFLICT, and a missing
// note or a bad number of days is EINVALID on the field "note" or "extra_days". Whether an
// extension request is still pending is the store's to check (it holds the requests).
func (d Demand) CheckWork(s WorkStep) error {
	official := s.Actor.Role == RoleOfficial || s.Actor.Role == RoleAdmin
	var actorOK, stateOK bool
	switch s.Work {
	case WorkNote:
		actorOK, stateOK = d.Handles(s.Actor), d.Status.HasDeadline()
	case WorkExtensionRequest:
		actorOK, stateOK = d.Leads(s.Actor), d.Status.HasDeadline() && d.Deadline != nil
	case WorkExtensionApprove:
		actorOK, stateOK = official, d.Status.HasDeadline() && d.Deadline != nil
	case WorkExtensionRefuse:
		actorOK, stateOK = official, true
	case WorkSupervise:
		actorOK, stateOK = official, d.Status.Phase() != PhaseClosed
	case WorkUnsupervise:
		actorOK, stateOK = official, d.Supervised
	default:
		return Errorf(ECONFLICT, "demand.step_refused")
	}
	if !actorOK {
		return Errorf(EFORBIDDEN, "demand.not_yours")
	}
	if !stateOK {
		return Errorf(ECONFLICT, "demand.step_refused")
	}
	p := Problems{}
	note := strings.TrimSpace(s.Note)
	if utf8.RuneCountInString(note) > 5000 {
		p.Add("note", "field.too_long")
	}
	if note == "" {
		switch s.Work {
		case WorkNote:
			p.Add("note", "demand_work.note_required")
		case WorkExtensionRequest, WorkExtensionRefuse:
			p.Add("note", "demand.reason_required")
		case WorkSupervise:
			p.Add("note", "demand_work.supervision_note_required")
		}
	}
	if s.Work == WorkExtensionRequest && (s.ExtraDays < 1 || s.ExtraDays > MaxExtensionDays) {
		p.Add("extra_days", "demand_work.extra_days_invalid")
	}
	return p.Err()
}
