package pages

import (
	"context"
	"strconv"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
)

// CalendarMonth is one month of meetings laid out in Monday-first weeks, as Chinese calendars
// are, for the month view.
type CalendarMonth struct {
	Month    time.Time        // midnight of the month's first day, China Standard Time
	Weeks    [][7]CalendarDay // Monday to Sunday
	Meetings int              // how many meetings the month has
	PrevHref string
	NextHref string
	ThisHref string // the current month; empty when it is the one shown
}

// CalendarDay is one cell of the month grid. Cells before the 1st and after the last day are
// padding: their Date is zero.
type CalendarDay struct {
	Date     time.Time
	Today    bool
	Meetings []portal.Meeting
}

// CalendarFeed is the account page of the private calendar feed.
type CalendarFeed struct {
	URL       string // https://host/calendar/<token>.ics
	WebcalURL string // the same with the webcal: scheme, which opens the device's calendar app
}

// calWeekdayKeys are the catalog keys of the grid's column headers, Monday first.
var calWeekdayKeys = []string{"calendar.mon", "calendar.tue", "calendar.wed", "calendar.thu", "calendar.fri",
	"calendar.sat", "calendar.sun"}

// calWeekdayFull returns the full name of t's weekday in ctx's language.
func calWeekdayFull(ctx context.Context, t time.Time) string {
	return i18n.T(ctx, calWeekdayKeys[(int(t.Weekday())+6)%7]+"_full")
}

// calMonthCaption names the month: 2026年12月, December 2026.
func calMonthCaption(ctx context.Context, month time.Time) string {
	if i18n.LangOf(ctx) == portal.LangEN {
		return month.Format("January 2006")
	}
	return month.Format("2006年1月")
}

// calDayLong is a day's full date with weekday, shown where the grid becomes a list: 12月18日
// 星期五, Friday 18 December.
func calDayLong(ctx context.Context, day time.Time) string {
	if i18n.LangOf(ctx) == portal.LangEN {
		return calWeekdayFull(ctx, day) + " " + day.Format("2 January")
	}
	return day.Format("1月2日") + " " + calWeekdayFull(ctx, day)
}

func calDayTestID(day time.Time) string { return "cal-day-" + day.Format("2006-01-02") }

func calMeetingHref(m portal.Meeting) string { return "/meetings/" + strconv.FormatInt(m.ID, 10) }

func calClock(t time.Time) string { return t.In(portal.CST).Format("15:04") }
