package pages

import (
	"context"
	"strconv"
	"strings"

	"breakfast/internal/i18n"

	"breakfast/internal/portal"
	"breakfast/web/components"
)

// MeetingList is the officials' list of upcoming or past meetings.
type MeetingList struct {
	Meetings  []portal.Meeting
	Past      bool
	Chains    []portal.Chain
	Chain     string
	Status    string
	FirstHref string
	NextHref  string
	OnFirst   bool
}

// MeetingForm is the schedule/edit form as typed.
type MeetingForm struct {
	ID                 int64
	Version            int     `form:"version"`
	Theme              string  `form:"theme"`
	SeriesName         string  `form:"series_name"`
	Date               string  `form:"date"`
	StartTime          string  `form:"start_time"`
	EndTime            string  `form:"end_time"`
	Venue              string  `form:"venue"`
	ChainID            string  `form:"chain_id"`
	HostName           string  `form:"host_name"`
	HostTitle          string  `form:"host_title"`
	DepartmentIDs      []int64 `form:"department_ids"`
	Capacity           string  `form:"capacity"`
	PerEnterpriseLimit string  `form:"per_enterprise_limit"`
	Agenda             string  `form:"agenda"`

	Chains      []components.Option
	Departments []portal.Department
	Series      []string
	Problems    portal.Problems
}

// HasDepartment reports whether the department is ticked.
func (f MeetingForm) HasDepartment(id int64) bool {
	for _, x := range f.DepartmentIDs {
		if x == id {
			return true
		}
	}
	return false
}

// Action is the URL the form posts to.
func (f MeetingForm) Action() string {
	if f.ID == 0 {
		return "/meetings/new"
	}
	return "/meetings/" + strconv.FormatInt(f.ID, 10) + "/edit"
}

// MeetingOverview is a meeting's main page for officials.
type MeetingOverview struct {
	Meeting *portal.Meeting
	Series  []portal.Meeting // other meetings of its series
	// OpenDemands are the demands of the series' earlier meetings that are not closed yet.
	OpenDemands SeriesDemands
	Cancel      CancelForm
	// Actions are the life-cycle steps the meeting's state allows now.
	Actions []portal.MeetingAction
}

// CancelForm is the reason an official gives when calling a meeting off.
type CancelForm struct {
	Reason   string `form:"reason"`
	Problems portal.Problems
}

// Can reports whether action is among the allowed ones.
func (v MeetingOverview) Can(action portal.MeetingAction) bool {
	for _, a := range v.Actions {
		if a == action {
			return true
		}
	}
	return false
}

func meetingHref(m portal.Meeting) string { return "/meetings/" + strconv.FormatInt(m.ID, 10) }

func meetingFormTitle(ctx context.Context, f MeetingForm) string {
	if f.ID == 0 {
		return i18n.T(ctx, "meeting.new")
	}
	return i18n.T(ctx, "meeting.edit")
}

func departmentNames(ds []portal.MeetingDepartment) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Name
	}
	return strings.Join(names, "、")
}
