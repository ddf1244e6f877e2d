package pages

import (
	"context"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/printing"
)

// MeetingDemandsView is a meeting's demand list (问题清单) for officials.
type MeetingDemandsView struct {
	Meeting *portal.Meeting
	Demands []postgres.ReportedDemand // in the order raised
	Now     time.Time                 // for marking overdue deadlines
}

// DemandCounts are a demand list's figures.
type DemandCounts struct {
	Total, Open, Answered, Closed, Overdue int
}

// Counts returns the list's figures: open means a department still has to act (or triage).
func (v MeetingDemandsView) Counts() DemandCounts {
	var c DemandCounts
	for _, d := range v.Demands {
		c.Total++
		switch d.Status.Phase() {
		case portal.PhaseOpen:
			c.Open++
		case portal.PhaseAnswered:
			c.Answered++
		default:
			c.Closed++
		}
		if d.Overdue(v.Now) {
			c.Overdue++
		}
	}
	return c
}

// DemandListPrintView is the demand list's print page: the table, which rows are overdue,
// and where the files are.
type DemandListPrintView struct {
	Table   printing.Table
	Overdue []bool // by row
	Base    string // the list's path, /meetings/{id}/demands; the files are Base + ".pdf" etc.
}

// SeriesDemands are the open demands of the earlier meetings of a meeting's series, for its
// overview.
type SeriesDemands struct {
	Series  bool // the meeting belongs to a series: the section shows
	Demands []postgres.ReportedDemand
	Now     time.Time
}

// EnterpriseActivityView is what an enterprise's page shows of its meetings and demands.
type EnterpriseActivityView struct {
	EnterpriseID int64
	Meetings     []postgres.EnterpriseMeeting
	Demands      []postgres.ReportedDemand // newest first, at most postgres.EnterpriseDemandLimit
	DemandTotal  int
	Now          time.Time
}

// DemandListTitle is the demand list's title in ctx's language.
func DemandListTitle(ctx context.Context) string { return i18n.T(ctx, "demandreport.title") }

// DemandListHeader is what the demand list prints at its top: the attendee documents' header
// (meeting, time, venue, host, print time) with the list's title.
func DemandListHeader(ctx context.Context, m *portal.Meeting, now time.Time) printing.Header {
	h := PrintHeader(ctx, m, printing.DocList, now)
	h.Title = DemandListTitle(ctx)
	return h
}

// DemandListFileName is the demand list's file name as people keep it, e.g.
// "2026-12-18 新能源汽车产业链企业家早餐会 问题清单.pdf".
func DemandListFileName(ctx context.Context, m *portal.Meeting, ext string) string {
	return m.StartsAt.In(portal.CST).Format("2006-01-02") + " " + m.Theme + " " + DemandListTitle(ctx) + "." + ext
}

// DemandItems turns demands into the printed list's items, in ctx's language, marking
// deadlines overdue at now.
func DemandItems(ctx context.Context, list []postgres.ReportedDemand, now time.Time) []printing.DemandItem {
	items := make([]printing.DemandItem, len(list))
	for i, d := range list {
		items[i] = printing.DemandItem{Enterprise: d.EnterpriseName, Title: d.Title, Category: categoryName(ctx, d),
			Lead: d.LeadDepartment, Co: d.CoDepartments, Deadline: formatDate(d.Deadline), Overdue: d.Overdue(now),
			Status:     i18n.T(ctx, "demand_status."+string(d.Status)),
			Supervised: d.Supervised && d.Status.Phase() != portal.PhaseClosed}
	}
	return items
}

// categoryName is the demand's category in ctx's language.
func categoryName(ctx context.Context, d postgres.ReportedDemand) string {
	if i18n.LangOf(ctx) == portal.LangEN && d.CategoryEN != "" {
		return d.CategoryEN
	}
	return d.CategoryZH
}

func demandHref(d postgres.ReportedDemand) string { return "/demands/" + strconv.FormatInt(d.ID, 10) }

func demandID(d postgres.ReportedDemand) string { return strconv.FormatInt(d.ID, 10) }

func demandMeetingHref(d postgres.ReportedDemand) string {
	if d.MeetingID == nil {
		return ""
	}
	return "/meetings/" + strconv.FormatInt(*d.MeetingID, 10)
}

func demandMeetingDate(d postgres.ReportedDemand) string {
	if d.MeetingStartsAt == nil {
		return ""
	}
	return d.MeetingStartsAt.In(portal.CST).Format("2006-01-02")
}

func coDepartments(ctx context.Context, d postgres.ReportedDemand) string {
	return strings.Join(d.CoDepartments, i18n.T(ctx, "demandreport.list_sep"))
}

// demandStatusClass is the badge class of a demand's state.
func demandStatusClass(s portal.DemandStatus) string {
	switch s {
	case portal.DemandClosed:
		return "ok"
	case portal.DemandAnswered:
		return "warn"
	case portal.DemandRejected, portal.DemandMerged:
		return "muted"
	case portal.DemandReopened:
		return "danger"
	}
	return ""
}

func recordDemandHref(m *portal.Meeting) string {
	return "/demands/new?meeting=" + strconv.FormatInt(m.ID, 10)
}

func demandListHref(m *portal.Meeting) string {
	return "/meetings/" + strconv.FormatInt(m.ID, 10) + "/demands"
}

func enterpriseDemandsHref(id int64) string {
	return "/demands?enterprise=" + strconv.FormatInt(id, 10)
}

func enterpriseMeetingHref(m postgres.EnterpriseMeeting) string {
	return "/meetings/" + strconv.FormatInt(m.MeetingID, 10)
}

func enterpriseMeetingID(m postgres.EnterpriseMeeting) string {
	return strconv.FormatInt(m.MeetingID, 10)
}

func rowOverdue(v DemandListPrintView, i int) bool { return i < len(v.Overdue) && v.Overdue[i] }
