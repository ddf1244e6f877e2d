package pages

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/web/components"
)

// DemandView is the demand page (/demands/{id}) as one viewer sees it: the demand, its files
// and timeline, and the action panels the viewer may use.
type DemandView struct {
	Demand      *portal.Demand
	Category    string // the category's name in the viewer's language
	Events      []postgres.DemandEvent
	Attachments []postgres.DemandAttachment
	// Contacts are the enterprise's contacts, shown to officials and departments.
	Contacts []portal.Contact
	Viewer   portal.Viewer
	Now      time.Time
	// Actions are the steps the domain allows this viewer now (portal.Demand.Transition tried
	// for each); the panels show only these.
	Actions []portal.DemandAction
	// RatingWindowDays is how long the enterprise has to rate an answer.
	RatingWindowDays int
	Forms            DemandForms
}

// DemandForms are the action panels' forms, so a panel whose input was refused shows again
// with its messages and what was typed. The official and department panels
// (demand_actions.templ) add their forms here.
type DemandForms struct {
	Rate        RateForm
	Departments []portal.Department // to choose lead and co-handling departments from
	Problems    portal.Problems     // problems of the panel that was sent
	// Work is the officials' and departments' panels (demand_actions.templ).
	Work WorkPanels
}

// RateForm is the enterprise's rating of an answer.
type RateForm struct {
	Rating   string `form:"rating"`
	Note     string `form:"note"` // the comment; required for 不满意
	Version  int    `form:"version"`
	Problems portal.Problems
}

// Can reports whether the viewer may take action a now.
func (v DemandView) Can(a portal.DemandAction) bool { return slices.Contains(v.Actions, a) }

// RatingDue is the last moment the enterprise is asked to rate the answer by; zero when the
// demand has no answer.
func (v DemandView) RatingDue() time.Time {
	if v.Demand.AnsweredAt == nil {
		return time.Time{}
	}
	return v.Demand.AnsweredAt.AddDate(0, 0, v.RatingWindowDays)
}

// OverdueDays is how many days the deadline lies behind, 0 when the demand is not overdue.
func (v DemandView) OverdueDays() int { return dwOverdueDays(*v.Demand, v.Now) }

// Version is the demand's version as a form value, for the panels' hidden field.
func (v DemandView) Version() string { return strconv.Itoa(v.Demand.Version) }

// Href is the demand page's path; panels post to Href + "/<action>".
func (v DemandView) Href() string { return dpHref(v.Demand.ID) }

func dpHref(id int64) string { return "/demands/" + strconv.FormatInt(id, 10) }

// DemandForm is the intake form as typed: an entrepreneur's own demand, or one an official
// records on an enterprise's behalf (OnBehalf, with the enterprise chosen first).
type DemandForm struct {
	OnBehalf       bool
	EnterpriseID   int64 `form:"enterprise_id"` // officials only; entrepreneurs' comes from the account
	EnterpriseName string
	MeetingID      *int64 `form:"meeting_id"`
	CategoryID     int64  `form:"category_id"`
	Title          string `form:"title"`
	Description    string `form:"description"`
	Expected       string `form:"expected_outcome"`
	Confidential   bool   `form:"confidential"`
	SubmitToken    string `form:"submit_token"`

	Categories []components.Option // active categories, labels in the user's language
	Meetings   []postgres.MeetingChoice
	// NotVerified: the entrepreneur's enterprise is not verified yet, so there is no form.
	NotVerified bool
	Problems    portal.Problems
	// FileProblems name each refused file; FilesDropped says files were chosen and must be
	// chosen again (a browser cannot keep them across a refused submit).
	FileProblems []FileProblem
	FilesDropped bool
	// Picker is the officials' enterprise search, shown until an enterprise is chosen.
	Picker EnterprisePicker
}

// FileProblem is a refused attachment: a catalog key taking the file's name.
type FileProblem struct {
	Key  string
	Name string
}

// EnterprisePicker is the search an official uses to choose the enterprise a demand is
// recorded for.
type EnterprisePicker struct {
	Query     string
	MeetingID string // kept in the choice links
	Results   []portal.Enterprise
	Searched  bool
}

// Action is where the form posts.
func (f DemandForm) Action() string {
	if f.OnBehalf {
		return "/demands/new"
	}
	return "/my/demands/new"
}

// CancelHref is where "cancel" leads.
func (f DemandForm) CancelHref() string {
	if f.OnBehalf {
		return "/demands"
	}
	return "/my/demands"
}

// MeetingOptions are the meeting select's choices, "none" first.
func (f DemandForm) MeetingOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: i18n.T(ctx, "intake.meeting_none"), Selected: f.MeetingID == nil}}
	for _, m := range f.Meetings {
		opts = append(opts, components.Option{Value: strconv.FormatInt(m.ID, 10),
			Label:    m.StartsAt.In(portal.CST).Format("2006-01-02") + " " + m.Theme,
			Selected: f.MeetingID != nil && *f.MeetingID == m.ID})
	}
	return opts
}

// CategoryOptions are the category select's choices with a prompt first.
func (f DemandForm) CategoryOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: i18n.T(ctx, "intake.category_choose"), Selected: f.CategoryID == 0}}
	for _, o := range f.Categories {
		o.Selected = o.Value == strconv.FormatInt(f.CategoryID, 10)
		opts = append(opts, o)
	}
	return opts
}

// PickHref is the form for enterprise e, keeping the meeting the official came from.
func (p EnterprisePicker) PickHref(e portal.Enterprise) string {
	h := "/demands/new?enterprise=" + strconv.FormatInt(e.ID, 10)
	if p.MeetingID != "" {
		h += "&meeting=" + p.MeetingID
	}
	return h
}

// MyDemandsView is an entrepreneur's list of their enterprise's demands (/my/demands).
type MyDemandsView struct {
	Demands   []postgres.ListedDemand
	Status    string // the state filter as chosen, "" for all
	Now       time.Time
	CanSubmit bool // the enterprise is verified
	FirstHref string
	NextHref  string
	OnFirst   bool
}

// StatusOptions are the filter's choices.
func (v MyDemandsView) StatusOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: i18n.T(ctx, "form.all"), Selected: v.Status == ""}}
	for _, s := range portal.DemandStatuses {
		opts = append(opts, components.Option{Value: string(s), Label: i18n.T(ctx, "demand_status."+string(s)),
			Selected: v.Status == string(s)})
	}
	return opts
}

// dpFileSize is a byte count for people: 980 B, 12.5 KB, 3.2 MB.
func dpFileSize(n int) string {
	switch {
	case n < 1024:
		return strconv.Itoa(n) + " B"
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

// dpEventKey is the catalog key naming a timeline entry's action.
func dpEventKey(action string) string {
	if key := "demand_timeline." + action; i18n.Has(key) {
		return key
	}
	return "demand_timeline.other"
}

func dpRatingKey(r *portal.Rating) string {
	if r == nil {
		return "rating.none"
	}
	return "rating." + string(*r)
}

func dpRatingClass(r *portal.Rating) string {
	switch {
	case r == nil:
		return "muted"
	case *r == portal.RatingUnsatisfied:
		return "danger"
	}
	return "ok"
}

// dpBackHref is the list a viewer reaches the demand page from.
func dpBackHref(v portal.Viewer) (string, string) {
	switch v.Role {
	case portal.RoleEntrepreneur:
		return "/my/demands", "nav.my_demands"
	case portal.RoleDepartment:
		return "/inbox", "demand_page.back_inbox"
	}
	return "/demands", "demand_page.back_list"
}

// dpMeetingHref is where a demand's meeting opens for the viewer.
func dpMeetingHref(v portal.Viewer, id int64) string {
	switch v.Role {
	case portal.RoleEntrepreneur:
		return "/my/meetings/" + strconv.FormatInt(id, 10)
	case portal.RoleOfficial, portal.RoleAdmin:
		return "/meetings/" + strconv.FormatInt(id, 10)
	}
	return ""
}

func dpAttachmentHref(a postgres.DemandAttachment) string {
	return dpHref(a.DemandID) + "/attachments/" + strconv.FormatInt(a.ID, 10)
}
