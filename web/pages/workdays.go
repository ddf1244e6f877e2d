package pages

import (
	"context"
	"strconv"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/workdays"
)

// WorkCalendar is the administrators' list of the entered holiday schedules.
type WorkCalendar struct {
	Schedules       []workdays.Schedule // latest year first
	ThisYear        int                 // the current year in China
	ThisYearMissing bool                // its schedule has not been entered
	NextYear        int
	NextYearMissing bool
}

// WorkCalendarForm is the page where an administrator enters or corrects one year's
// schedule: the typed text, and either the problems of its lines or its preview.
type WorkCalendarForm struct {
	Year     int
	Schedule string `form:"schedule"`
	Source   string `form:"source"`
	Action   string `form:"action"` // "preview" shows the parsed schedule; anything else saves

	Saved    workdays.Schedule    // what is stored now (Known is false when nothing is)
	Preview  []workdays.Range     // the parsed schedule, after a preview without problems
	Lines    []workdays.LineError // what is wrong, line by line
	Problems portal.Problems
}

// wdLineMessage is the text of a line's problem in ctx's language.
func wdLineMessage(ctx context.Context, e workdays.LineError) string {
	if e.Line == 0 {
		return i18n.T(ctx, e.Key, e.Args...)
	}
	return i18n.T(ctx, e.Key, append([]any{e.Line}, e.Args...)...)
}

var wdWeekdayKeys = [7]string{"workdays.sun", "workdays.mon", "workdays.tue", "workdays.wed", "workdays.thu",
	"workdays.fri", "workdays.sat"}

// wdDate is a day with its weekday: 2026-02-14 周六.
func wdDate(ctx context.Context, t time.Time) string {
	return t.Format(time.DateOnly) + " " + i18n.T(ctx, wdWeekdayKeys[t.Weekday()])
}

// wdRangeDates is a range's dates: one day, or first – last.
func wdRangeDates(ctx context.Context, r workdays.Range) string {
	if r.Days() == 1 {
		return wdDate(ctx, r.First)
	}
	return wdDate(ctx, r.First) + " – " + wdDate(ctx, r.Last)
}

func wdKind(ctx context.Context, k workdays.Kind) string {
	if k == workdays.Workday {
		return i18n.T(ctx, "workdays.kind_workday")
	}
	return i18n.T(ctx, "workdays.kind_holiday")
}

func wdKindClass(k workdays.Kind) string {
	if k == workdays.Workday {
		return "badge warn"
	}
	return "badge ok"
}

// wdEntered says who entered a schedule and when, or that it came with the portal.
func wdEntered(ctx context.Context, sc workdays.Schedule) string {
	if sc.EnteredAt.IsZero() {
		return i18n.T(ctx, "workdays.seeded")
	}
	by := sc.EnteredBy
	if by == "" {
		by = "—"
	}
	return i18n.T(ctx, "workdays.entered_by", by, sc.EnteredAt.In(portal.CST).Format("2006-01-02 15:04"))
}

func wdCounts(ctx context.Context, sc workdays.Schedule) string {
	holidays, worked := sc.Counts()
	return i18n.T(ctx, "workdays.counts", holidays, worked)
}

func wdYearHref(year int) string { return "/admin/calendar/" + strconv.Itoa(year) }

func wdRangeID(prefix string, r workdays.Range) string {
	return prefix + "-" + r.First.Format(time.DateOnly)
}

// wdSavedRanges returns the ranges of the saved schedule.
func wdSavedRanges(sc workdays.Schedule) []workdays.Range { return workdays.Ranges(sc.Days) }

// wdPlaceholder is the example shown in an empty schedule field of year.
func wdPlaceholder(year int) string {
	y := strconv.Itoa(year)
	return y + "-01-01 休 元旦\n" + y + "-10-01.." + y + "-10-07 休 国庆节"
}
