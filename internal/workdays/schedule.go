package workdays

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"breakfast/internal/portal"
)

// Limits of a typed schedule.
const (
	MaxNameLength   = 30  // characters of a festival's name
	MaxRangeDays    = 31  // days of one line's range; no holiday is longer
	MaxLines        = 200 // lines of one year's schedule
	MaxSourceLength = 200 // characters of the notice a schedule comes from
)

// The words of a schedule line for the two kinds: 休 and 班 as the State Council writes them,
// off and work for those who type English.
var kindWords = map[string]Kind{"休": Holiday, "off": Holiday, "班": Workday, "work": Workday}

// LineError is what is wrong with one line of a typed schedule. Key is a catalog key whose
// first verb is the line number and whose further verbs are Args. Line 0 is a problem of the
// whole text (nothing typed); its key has no line verb.
type LineError struct {
	Line int
	Key  string
	Args []any
}

// ParseSchedule reads the schedule of year as an administrator types it from the State
// Council's notice, one line per range of days:
//
//	2027-02-06..2027-02-14 休 春节
//	2027-02-15 班 春节调休
//
// A line is a date or a range first..last (both days included), the kind 休 (days off; off)
// or 班 (a weekend day worked in exchange; work), and the festival's name, separated by
// spaces. Empty lines and lines starting with # are ignored. Every date must be in year, no
// day may appear twice, and 班 is refused on a Monday to Friday, which is a working day
// anyway. ParseSchedule returns the days in date order, or every problem found, line by line
// (then days is nil). A text without any day is reported on line 0 (workdays.schedule_empty).
func ParseSchedule(year int, text string) ([]Day, []LineError) {
	var days []Day
	var problems []LineError
	seen := map[int64]int{} // day number → line that gave it
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if len(lines) > MaxLines {
		return nil, []LineError{{Line: MaxLines + 1, Key: "workdays.too_many_lines", Args: []any{MaxLines}}}
	}
	for i, line := range lines {
		no := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parsed, problem := parseLine(year, no, line)
		if problem != nil {
			problems = append(problems, *problem)
			continue
		}
		var twice *LineError
		for _, d := range parsed {
			n := dayNumber(d.Date)
			if first, dup := seen[n]; dup && twice == nil {
				twice = &LineError{Line: no, Key: "workdays.line_duplicate", Args: []any{d.Date.Format(time.DateOnly), first}}
			}
			seen[n] = no
		}
		if twice != nil {
			problems = append(problems, *twice)
			continue
		}
		days = append(days, parsed...)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	if len(days) == 0 {
		return nil, []LineError{{Line: 0, Key: "workdays.schedule_empty"}}
	}
	sortDays(days)
	return days, nil
}

// parseLine reads one non-empty line; see ParseSchedule.
func parseLine(year, no int, line string) ([]Day, *LineError) {
	fields := strings.Fields(line)
	if len(fields) < 3 {
		return nil, &LineError{Line: no, Key: "workdays.line_format"}
	}
	kind, ok := kindWords[strings.ToLower(fields[1])]
	if !ok {
		return nil, &LineError{Line: no, Key: "workdays.line_kind", Args: []any{fields[1]}}
	}
	name := strings.Join(fields[2:], " ")
	if utf8.RuneCountInString(name) > MaxNameLength {
		return nil, &LineError{Line: no, Key: "workdays.line_name_long", Args: []any{MaxNameLength}}
	}
	firstText, lastText, isRange := strings.Cut(fields[0], "..")
	first, problem := parseDate(year, no, firstText)
	if problem != nil {
		return nil, problem
	}
	last := first
	if isRange {
		if last, problem = parseDate(year, no, lastText); problem != nil {
			return nil, problem
		}
	}
	from, to := dayNumber(first), dayNumber(last)
	switch {
	case to < from:
		return nil, &LineError{Line: no, Key: "workdays.line_backwards", Args: []any{lastText, firstText}}
	case to-from+1 > MaxRangeDays:
		return nil, &LineError{Line: no, Key: "workdays.line_too_long", Args: []any{MaxRangeDays}}
	}
	var days []Day
	for n := from; n <= to; n++ {
		if kind == Workday && normalWorkday(n) {
			return nil, &LineError{Line: no, Key: "workdays.line_weekday_work", Args: []any{dateOf(n).Format(time.DateOnly)}}
		}
		days = append(days, Day{Date: dateOf(n), Kind: kind, Name: name})
	}
	return days, nil
}

// parseDate reads a date written as 2027-02-06 (one-digit months and days are accepted) that
// must lie in year.
func parseDate(year, no int, s string) (time.Time, *LineError) {
	t, err := time.ParseInLocation("2006-1-2", s, time.UTC)
	if err != nil {
		return time.Time{}, &LineError{Line: no, Key: "workdays.line_date", Args: []any{s}}
	}
	if t.Year() != year {
		return time.Time{}, &LineError{Line: no, Key: "workdays.line_other_year", Args: []any{s, year}}
	}
	return Date(t.Year(), t.Month(), t.Day()), nil
}

// Range is a run of consecutive days of the same kind and name, the way schedules are
// published and typed: 2027-02-06..2027-02-14 休 春节.
type Range struct {
	First, Last time.Time
	Kind        Kind
	Name        string
}

// Days returns how many days r covers.
func (r Range) Days() int { return int(dayNumber(r.Last)-dayNumber(r.First)) + 1 }

// Ranges groups days (in any order) into runs of consecutive days with the same kind and
// name, in date order.
func Ranges(days []Day) []Range {
	sorted := append([]Day(nil), days...)
	sortDays(sorted)
	var ranges []Range
	for _, d := range sorted {
		date := DateOf(d.Date)
		if n := len(ranges); n > 0 {
			last := &ranges[n-1]
			if last.Kind == d.Kind && last.Name == d.Name && dayNumber(date) == dayNumber(last.Last)+1 {
				last.Last = date
				continue
			}
		}
		ranges = append(ranges, Range{First: date, Last: date, Kind: d.Kind, Name: d.Name})
	}
	return ranges
}

// FormatSchedule writes days the way ParseSchedule reads them, one line per range, so a saved
// schedule can be edited again.
func FormatSchedule(days []Day) string {
	var b strings.Builder
	for _, r := range Ranges(days) {
		b.WriteString(r.First.Format(time.DateOnly))
		if r.Days() > 1 {
			b.WriteString("..")
			b.WriteString(r.Last.Format(time.DateOnly))
		}
		if r.Kind == Holiday {
			b.WriteString(" 休 ")
		} else {
			b.WriteString(" 班 ")
		}
		b.WriteString(r.Name)
		b.WriteString("\n")
	}
	return b.String()
}

func sortDays(days []Day) {
	sort.SliceStable(days, func(i, j int) bool { return dayNumber(days[i].Date) < dayNumber(days[j].Date) })
}

// Check reports whether days and source can be saved as the schedule of year: a year
// ValidYear accepts; every day in year, of a valid kind, with a name of at most MaxNameLength
// characters, and no date twice; a source of 1 to MaxSourceLength characters. It returns
// EINVALID naming the schedule and source fields otherwise; ParseSchedule's days always pass.
func Check(year int, days []Day, source string) error {
	problems := portal.Problems{}
	if !ValidYear(year) {
		problems.Add("schedule", "workdays.year_invalid")
	}
	seen := map[int64]bool{}
	for _, d := range days {
		n := dayNumber(d.Date)
		name := strings.TrimSpace(d.Name)
		if dateOf(n).Year() != year || !d.Kind.Valid() || name == "" || utf8.RuneCountInString(name) > MaxNameLength || seen[n] {
			problems.Add("schedule", "workdays.days_invalid")
		}
		seen[n] = true
	}
	switch source = strings.TrimSpace(source); {
	case source == "":
		problems.Add("source", "workdays.source_required")
	case utf8.RuneCountInString(source) > MaxSourceLength:
		problems.Add("source", "workdays.source_long")
	}
	return problems.Err()
}

// ValidYear reports whether year is one whose schedule the portal keeps: 2000 to 2100.
func ValidYear(year int) bool { return year >= 2000 && year <= 2100 }
