package workdays_test

import (
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/workdays"
)

// Schedules2025 and Schedules2026 are the State Council's schedules as an administrator types
// them; migration 000012 seeds the same days (the store test compares them).
const (
	schedule2025 = `# 国办发明电〔2024〕12号
2025-01-01 休 元旦
2025-01-26 班 春节调休
2025-01-28..2025-02-04 休 春节
2025-02-08 班 春节调休
2025-04-04..2025-04-06 休 清明节
2025-04-27 班 劳动节调休
2025-05-01..2025-05-05 休 劳动节
2025-05-31..2025-06-02 休 端午节
2025-09-28 班 国庆节、中秋节调休
2025-10-01..2025-10-08 休 国庆节、中秋节
2025-10-11 班 国庆节、中秋节调休
`
	schedule2026 = `2026-01-01..2026-01-03 休 元旦
2026-01-04 班 元旦调休
2026-02-14 班 春节调休
2026-02-15..2026-02-23 休 春节
2026-02-28 班 春节调休
2026-04-04..2026-04-06 休 清明节
2026-05-01..2026-05-05 休 劳动节
2026-05-09 班 劳动节调休
2026-06-19..2026-06-21 休 端午节
2026-09-20 班 国庆节调休
2026-09-25..2026-09-27 休 中秋节
2026-10-01..2026-10-07 休 国庆节
2026-10-10 班 国庆节调休
`
)

// calendar20252026 knows the 2025 and 2026 schedules and no other year.
func calendar20252026(t testing.TB) *workdays.Calendar {
	t.Helper()
	var all []workdays.Day
	for year, text := range map[int]string{2025: schedule2025, 2026: schedule2026} {
		days, problems := workdays.ParseSchedule(year, text)
		if problems != nil {
			t.Fatalf("%d: %v", year, problems)
		}
		all = append(all, days...)
	}
	return workdays.New(all, []int{2025, 2026})
}

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, portal.CST)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddWorkdays(t *testing.T) {
	cal := calendar20252026(t)
	tests := []struct {
		name    string
		start   time.Time
		n       int
		want    string
		unknown bool
	}{
		{"Friday before the Spring Festival: the Saturday is a make-up working day", day("2026-02-13"), 1, "2026-02-14", false},
		{"then the nine days off are skipped", day("2026-02-13"), 2, "2026-02-24", false},
		{"15 working days over the Spring Festival, counting the make-up Saturday 02-28", day("2026-02-13"), 15, "2026-03-12", false},
		{"assigned on the make-up Saturday itself", day("2026-02-14"), 1, "2026-02-24", false},
		{"assigned during the holiday", day("2026-02-17"), 1, "2026-02-24", false},
		{"assigned on an ordinary Saturday", day("2026-03-07"), 1, "2026-03-09", false},
		{"late on Friday evening is still Friday", time.Date(2026, 2, 13, 23, 59, 0, 0, portal.CST), 1, "2026-02-14", false},
		{"a UTC time is taken as its day in Beijing", time.Date(2026, 2, 13, 16, 30, 0, 0, time.UTC), 1, "2026-02-24", false},
		{"Sunday make-up day before National Day 2026", day("2026-09-18"), 1, "2026-09-20", false},
		{"the day before National Day 2026", day("2026-09-30"), 1, "2026-10-08", false},
		{"National Day 2026 and its make-up Saturday", day("2026-09-30"), 3, "2026-10-10", false},
		{"Mid-Autumn then National Day 2026", day("2026-09-24"), 5, "2026-10-09", false},
		{"Sunday make-up day before National Day 2025", day("2025-09-26"), 1, "2025-09-28", false},
		{"National Day 2025: eight days off", day("2025-09-30"), 1, "2025-10-09", false},
		{"National Day 2025 and its make-up Saturday", day("2025-09-30"), 3, "2025-10-11", false},
		{"year end 2025: New Year 2026 then its make-up Sunday", day("2025-12-31"), 1, "2026-01-04", false},
		{"year end 2025, 3 days", day("2025-12-31"), 3, "2026-01-06", false},
		{"year end 2026 into 2027, whose schedule is unknown", day("2026-12-31"), 1, "2027-01-01", true},
		{"the last day of a known year stays known", day("2026-12-30"), 1, "2026-12-31", false},
		{"from an unknown year into a known one", day("2024-12-31"), 1, "2025-01-02", true},
		{"n = 0 is the day of assignment", day("2026-02-13"), 0, "2026-02-13", false},
		{"n = 0 even on a holiday", day("2026-02-15"), 0, "2026-02-15", false},
		{"n = 0 in an unknown year", day("2027-03-01"), 0, "2027-03-01", true},
		{"negative n counts as 0", day("2026-02-13"), -5, "2026-02-13", false},
		{"a long limit across the rest of 2026", day("2026-01-05"), 240, "2026-12-23", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, unknown := cal.AddWorkdays(tc.start, tc.n)
			if got.Format(time.DateOnly) != tc.want || unknown != tc.unknown {
				t.Errorf("AddWorkdays(%s, %d) = %s, unknown %v; want %s, unknown %v",
					tc.start.Format(time.RFC3339), tc.n, got.Format(time.DateOnly), unknown, tc.want, tc.unknown)
			}
			if got.Location() != portal.CST || got.Hour() != 0 || got.Minute() != 0 {
				t.Errorf("deadline %v is not midnight China Standard Time", got)
			}
			if tc.n > 0 {
				if b := cal.WorkdaysBetween(tc.start, got); b != tc.n {
					t.Errorf("WorkdaysBetween(start, deadline) = %d, want %d", b, tc.n)
				}
			}
		})
	}
}

func TestIsWorkday(t *testing.T) {
	cal := calendar20252026(t)
	for date, want := range map[string]bool{
		"2026-02-13": true,  // Friday
		"2026-02-14": true,  // Saturday, make-up for the Spring Festival
		"2026-02-16": false, // Monday in the Spring Festival
		"2026-02-21": false, // Saturday in the Spring Festival
		"2026-03-07": false, // ordinary Saturday
		"2026-10-10": true,  // Saturday, make-up for National Day
		"2025-10-08": false, // Wednesday, last day of National Day 2025
		"2025-01-26": true,  // Sunday, make-up for the Spring Festival 2025
		"2027-01-01": true,  // Friday of an unknown year: assumed normal
		"2027-01-02": false, // Saturday of an unknown year
	} {
		if got := cal.IsWorkday(day(date)); got != want {
			t.Errorf("IsWorkday(%s) = %v, want %v", date, got, want)
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	cal := calendar20252026(t)
	tests := []struct {
		from, to string
		want     int
	}{
		{"2026-03-09", "2026-03-09", 0},
		{"2026-03-06", "2026-03-09", 1}, // Friday to Monday
		{"2026-03-07", "2026-03-08", 0}, // a weekend
		{"2026-02-13", "2026-02-24", 2},
		{"2026-02-24", "2026-02-13", -2},
		{"2026-02-14", "2026-02-23", 0}, // nothing worked after the make-up Saturday until the 24th
		{"2026-09-30", "2026-10-10", 3},
		{"2025-09-30", "2025-10-11", 3},
		// All of 2026, checked against a day-by-day count: 261 weekdays, 19 of them holidays,
		// and 6 make-up weekend days make 248 working days.
		{"2025-12-31", "2026-12-31", 248},
	}
	for _, tc := range tests {
		from, to := day(tc.from), day(tc.to)
		if got := cal.WorkdaysBetween(from, to); got != tc.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
		if tc.want >= 0 {
			if slow := countByDay(cal, from, to); slow != tc.want {
				t.Errorf("the day-by-day count from %s to %s is %d: the case is wrong", tc.from, tc.to, slow)
			}
		}
	}
}

// countByDay counts the working days in (from, to] one day at a time: the obvious reference
// the faster counting is checked against.
func countByDay(cal *workdays.Calendar, from, to time.Time) int {
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if cal.IsWorkday(d) {
			n++
		}
	}
	return n
}

func TestZeroCalendarIsANormalWeek(t *testing.T) {
	cal := workdays.New(nil, nil)
	got, unknown := cal.AddWorkdays(day("2026-02-13"), 1)
	if got.Format(time.DateOnly) != "2026-02-16" || !unknown {
		t.Errorf("AddWorkdays = %s, %v", got.Format(time.DateOnly), unknown)
	}
	if got := cal.WorkdaysBetween(day("2026-01-01"), day("2026-12-31")); got != 260 {
		t.Errorf("weekdays after 2026-01-01 in 2026 = %d, want 260", got)
	}
	got, _ = cal.AddWorkdays(day("2026-01-01"), workdays.MaxWorkdays+1000)
	want, _ := cal.AddWorkdays(day("2026-01-01"), workdays.MaxWorkdays)
	if !got.Equal(want) {
		t.Errorf("a limit above MaxWorkdays is not capped: %s vs %s", got, want)
	}
}

// FuzzAddWorkdays checks AddWorkdays against its promises for any start around the known
// years and any limit: the deadline is a working day after the start, exactly n working days
// later, the first such day (the day-by-day count agrees), and later for a longer limit.
func FuzzAddWorkdays(f *testing.F) {
	cal := calendar20252026(f)
	origin := day("2024-06-01")
	f.Add(int16(622), uint16(1), uint8(12))  // 2026-02-13
	f.Add(int16(851), uint16(3), uint8(23))  // 2026-09-30
	f.Add(int16(578), uint16(15), uint8(0))  // 2025-12-31
	f.Add(int16(943), uint16(1), uint8(20))  // 2026-12-31
	f.Add(int16(-30), uint16(300), uint8(5)) // before the known years
	f.Fuzz(func(t *testing.T, offset int16, limit uint16, hour uint8) {
		start := origin.AddDate(0, 0, int(offset)%2000).Add(time.Duration(hour%24) * time.Hour)
		n := int(limit % 600)
		got, unknown := cal.AddWorkdays(start, n)
		startDay := workdays.DateOf(start)
		if got.Before(startDay) {
			t.Fatalf("deadline %s before the start %s", got, startDay)
		}
		if b := cal.WorkdaysBetween(start, got); b != n {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d, want %d", startDay, got, b, n)
		}
		if n == 0 {
			if !got.Equal(startDay) {
				t.Fatalf("n = 0 gave %s, want the start %s", got, startDay)
			}
		} else {
			if !cal.IsWorkday(got) {
				t.Fatalf("deadline %s is not a working day", got)
			}
			if c := countByDay(cal, startDay, got.AddDate(0, 0, -1)); c != n-1 {
				t.Fatalf("%d working days before the deadline %s, want %d", c, got, n-1)
			}
		}
		next, _ := cal.AddWorkdays(start, n+1)
		if !next.After(got) {
			t.Fatalf("AddWorkdays(%d) = %s is not after AddWorkdays(%d) = %s", n+1, next, n, got)
		}
		wantUnknown := false
		for y := startDay.Year(); y <= got.Year(); y++ {
			wantUnknown = wantUnknown || !cal.Known(y)
		}
		if unknown != wantUnknown {
			t.Fatalf("unknownYear = %v for %s..%s", unknown, startDay, got)
		}
	})
}
