// Package workdays is China's working-day calendar (工作日): Monday to Friday are working days
// except the statutory holidays the State Council publishes each year, and some weekend days
// are working days in exchange (调休上班). Time limits of demands are counted in these days.
//
// Every date is a calendar date in China Standard Time (portal.CST): a time.Time passed in
// counts as the day it falls on in Beijing, whatever its zone, and the dates handed back are
// midnight CST. The package does no I/O; the store builds a Calendar from its tables.
package workdays

import (
	"sort"
	"time"

	"breakfast/internal/portal"
)

// Kind says how a day differs from the normal week.
type Kind string

// The kinds of Day.
const (
	Holiday Kind = "holiday" // a day off, usually a weekday of a statutory holiday (休)
	Workday Kind = "workday" // a weekend day that is worked in exchange (调休上班, 班)
)

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool { return k == Holiday || k == Workday }

// Day is one exception to the normal Monday-to-Friday week: a holiday or a make-up working
// day, with the name of its festival (春节, 国庆节调休).
type Day struct {
	Date time.Time // the calendar day in China Standard Time (midnight CST when built here)
	Kind Kind
	Name string
}

// Schedule is one year's holiday schedule as kept by the portal: its exceptional days in date
// order, and where it came from. Known is false for a year whose schedule nobody has entered:
// its days then count as a normal week and any deadline in it is flagged as unsure.
type Schedule struct {
	Year      int
	Known     bool
	Days      []Day
	Source    string    // the State Council notice, e.g. 国办发明电〔2024〕12号
	EnteredAt time.Time // zero for a schedule that came with the portal
	EnteredBy string    // display name of the administrator who entered it; empty when seeded
}

// Counts returns how many holidays and make-up working days s has.
func (s Schedule) Counts() (holidays, workdays int) {
	for _, d := range s.Days {
		if d.Kind == Holiday {
			holidays++
		} else if d.Kind == Workday {
			workdays++
		}
	}
	return holidays, workdays
}

// MaxWorkdays bounds n in AddWorkdays: a larger time limit counts as this many working days
// (about 380 years), which keeps a mistyped number from running the arithmetic off the calendar.
const MaxWorkdays = 100000

// Calendar answers which days are working days. Build it with New; it is read-only afterwards
// and safe for concurrent use. The zero Calendar knows no year: every Monday to Friday is a
// working day and every count is flagged as touching an unknown year.
type Calendar struct {
	days       map[int64]Day // day number → exception
	exceptions []int64       // day numbers of the exceptions that change the count, sorted
	years      map[int]bool
}

// New returns the calendar of days (holidays and make-up working days; later duplicates of a
// date replace earlier ones) for which the schedules of knownYears have been entered. A day
// of a year not in knownYears still counts; the year is only reported as unknown.
func New(days []Day, knownYears []int) *Calendar {
	c := &Calendar{days: make(map[int64]Day, len(days)), years: make(map[int]bool, len(knownYears))}
	for _, y := range knownYears {
		c.years[y] = true
	}
	for _, d := range days {
		n := dayNumber(d.Date)
		d.Date = dateOf(n)
		c.days[n] = d
	}
	for n, d := range c.days {
		// Only a holiday on a weekday or a working weekend day changes the normal count.
		if normalWorkday(n) != (d.Kind == Workday) {
			c.exceptions = append(c.exceptions, n)
		}
	}
	sort.Slice(c.exceptions, func(i, j int) bool { return c.exceptions[i] < c.exceptions[j] })
	return c
}

// Known reports whether the schedule of year has been entered.
func (c *Calendar) Known(year int) bool { return c.years[year] }

// Years returns the years whose schedules have been entered, in order.
func (c *Calendar) Years() []int {
	years := make([]int, 0, len(c.years))
	for y := range c.years {
		years = append(years, y)
	}
	sort.Ints(years)
	return years
}

// Day returns the exception recorded for date's day, if there is one.
func (c *Calendar) Day(date time.Time) (Day, bool) {
	d, ok := c.days[dayNumber(date)]
	return d, ok
}

// IsWorkday reports whether date's day (in China Standard Time) is a working day: a Monday to
// Friday that is not a holiday, or a weekend day that is a make-up working day.
func (c *Calendar) IsWorkday(date time.Time) bool { return c.isWorkday(dayNumber(date)) }

func (c *Calendar) isWorkday(n int64) bool {
	if d, ok := c.days[n]; ok {
		return d.Kind == Workday
	}
	return normalWorkday(n)
}

// AddWorkdays returns the deadline of a time limit of n working days given on start's day.
//
// The rule: the day of assignment does not count, whatever time of day it is; the first
// working day is the next working day after it, and the deadline is the n-th working day
// after start's day, at midnight CST (the work is on time if done by the end of that day).
// Assigned on Friday 2026-02-13 with 1 working day, the deadline is Saturday 2026-02-14, a
// make-up working day; with 2 it is Tuesday 2026-02-24, after the Spring Festival. For n = 0
// the deadline is start's day itself, even if that is not a working day; a negative n counts
// as 0 and one above MaxWorkdays as MaxWorkdays.
//
// For n ≥ 1 the deadline is always a working day and WorkdaysBetween(start, deadline) == n.
// unknownYear is true when any day from start's day to the deadline lies in a year whose
// schedule has not been entered: such a deadline assumed a normal week there and may be wrong.
func (c *Calendar) AddWorkdays(start time.Time, n int) (deadline time.Time, unknownYear bool) {
	from := dayNumber(start)
	n = min(max(n, 0), MaxWorkdays)
	to := from
	if n > 0 {
		// between(from, d) grows by one at each working day, so the deadline is the first d
		// with between(from, d) == n. Seven days hold at least five normal working days; look
		// further while holidays push it out, then bisect.
		lo, hi := from, from+int64(n)*7/5+7
		for c.between(from, hi) < n {
			lo, hi = hi, hi+(hi-from)
		}
		for lo+1 < hi { // invariant: between(from, lo) < n <= between(from, hi)
			mid := lo + (hi-lo)/2
			if c.between(from, mid) >= n {
				hi = mid
			} else {
				lo = mid
			}
		}
		to = hi
	}
	return dateOf(to), c.touchesUnknown(from, to)
}

// WorkdaysBetween returns how many working days follow from's day up to and including to's
// day: 0 for the same day, 1 from a Friday to the Monday after a normal weekend. It is the
// time taken in working days when work given on from is done on to (0 if done the same day),
// so a demand is late when WorkdaysBetween(assigned, answered) exceeds its limit. When to is
// before from the result is negative: minus the working days after to up to and including
// from.
func (c *Calendar) WorkdaysBetween(from, to time.Time) int {
	return c.between(dayNumber(from), dayNumber(to))
}

func (c *Calendar) between(from, to int64) int {
	if to < from {
		return -c.between(to, from)
	}
	count := weekdaysUpTo(to) - weekdaysUpTo(from)
	// Exceptions in (from, to] flip a day: a weekday holiday takes one away, a working
	// weekend day adds one.
	i := sort.Search(len(c.exceptions), func(i int) bool { return c.exceptions[i] > from })
	for ; i < len(c.exceptions) && c.exceptions[i] <= to; i++ {
		if normalWorkday(c.exceptions[i]) {
			count--
		} else {
			count++
		}
	}
	return int(count)
}

// touchesUnknown reports whether a year from from's to to's is not known.
func (c *Calendar) touchesUnknown(from, to int64) bool {
	for y := dateOf(from).Year(); y <= dateOf(to).Year(); y++ {
		if !c.years[y] {
			return true
		}
	}
	return false
}

// Date returns midnight CST of the given calendar day.
func Date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, portal.CST)
}

// DateOf returns midnight CST of the day t falls on in China Standard Time.
func DateOf(t time.Time) time.Time { return dateOf(dayNumber(t)) }

// dayNumber is t's calendar day in China Standard Time as days since 1970-01-01.
func dayNumber(t time.Time) int64 {
	y, m, d := t.In(portal.CST).Date()
	return floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), 86400)
}

// dateOf is midnight CST of day number n.
func dateOf(n int64) time.Time {
	y, m, d := time.Unix(n*86400, 0).UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, portal.CST)
}

// weekday of day number n: 1970-01-01 was a Thursday.
func weekday(n int64) time.Weekday { return time.Weekday(floorMod(n+4, 7)) }

func normalWorkday(n int64) bool {
	wd := weekday(n)
	return wd != time.Saturday && wd != time.Sunday
}

// weekdaysUpTo counts the Mondays to Fridays from a fixed Monday up to and including day n;
// only differences of it mean anything.
func weekdaysUpTo(n int64) int64 {
	const monday = 4 // 1970-01-05, day number 4, was a Monday
	k := n - monday + 1
	weeks, rest := floorDiv(k, 7), floorMod(k, 7)
	return weeks*5 + min(rest, 5)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }
