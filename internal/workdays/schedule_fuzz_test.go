package workdays_test

import (
	"reflect"
	"testing"
	"time"

	"breakfast/internal/workdays"
)

// FuzzParseSchedule feeds the administrator's schedule form arbitrary text for any year. It
// may refuse a text, line by line, but never panic; a schedule it accepts passes Check, has
// every day in the year, survives FormatSchedule and a second parse unchanged, and gives a
// calendar whose working-day arithmetic agrees with itself.
func FuzzParseSchedule(f *testing.F) {
	f.Add(2025, schedule2025)
	f.Add(2026, schedule2026)
	f.Add(2026, "2026-10-01..2026-10-07 休 国庆节\n2026-10-10 班 国庆节调休\n")
	f.Add(2026, "# comment\r\n\r\n2026-02-30 休 x\n2026-12-31..2026-01-01 off y\n")
	f.Add(2026, "2026-01-01..2026-12-31 休 全年\n")
	f.Add(1999, "1999-01-01 休 元旦\n")
	f.Add(2100, "2100-12-31 休 <script>alert(1)</script>\n2100-12-25 work \xff\xfe\n")
	f.Add(2026, "2026-1-1 休 元旦\n+2026-01-02 休 x\n2026-01-03.. 休 y\n..2026-01-04 休 z\n")
	f.Fuzz(func(t *testing.T, year int, text string) {
		days, problems := workdays.ParseSchedule(year, text)
		if problems != nil {
			if days != nil {
				t.Fatal("days and problems both returned")
			}
			for _, p := range problems {
				if p.Key == "" || p.Line < 0 {
					t.Fatalf("problem %+v", p)
				}
			}
			return
		}
		if len(days) == 0 {
			t.Fatal("no days and no problem")
		}
		for _, d := range days {
			if d.Date.Year() != year || !d.Kind.Valid() {
				t.Fatalf("day %+v of year %d", d, year)
			}
		}
		if workdays.ValidYear(year) {
			if err := workdays.Check(year, days, "国务院办公厅通知"); err != nil {
				t.Fatalf("Check refuses what ParseSchedule accepted: %v", err)
			}
		}
		again, problems := workdays.ParseSchedule(year, workdays.FormatSchedule(days))
		if problems != nil || !reflect.DeepEqual(again, days) {
			t.Fatalf("format then parse changed the days: %v\n%q", problems, workdays.FormatSchedule(days))
		}
		cal := workdays.New(days, []int{year})
		start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
		deadline, _ := cal.AddWorkdays(start, 20)
		if n := cal.WorkdaysBetween(start, deadline); n != 20 {
			t.Fatalf("WorkdaysBetween(start, AddWorkdays(start, 20)) = %d", n)
		}
	})
}

// FuzzWorkdaysBetween counts between any two moments of the years 1 to 9999 on the calendar
// of 2025 and 2026: the count is antisymmetric, zero on the same day, adds up over a middle
// day, and AddWorkdays inverts it.
func FuzzWorkdaysBetween(f *testing.F) {
	cal := calendar20252026(f)
	f.Add(int64(1767196800), int64(1770000000), int64(1768000000)) // around 2026-01-01
	f.Add(int64(-62135596800), int64(253402300799), int64(0))      // year 1 to year 9999
	f.Add(int64(1790000000), int64(1760000000), int64(1775000000))
	const span = 253402300799 + 62135596800 // seconds from year 1 to year 9999
	moment := func(s int64) time.Time {
		s %= span
		if s < 0 {
			s += span
		}
		return time.Unix(s-62135596800, 0)
	}
	f.Fuzz(func(t *testing.T, a, b, c int64) {
		from, to, mid := moment(a), moment(b), moment(c)
		ab := cal.WorkdaysBetween(from, to)
		if ba := cal.WorkdaysBetween(to, from); ab != -ba {
			t.Fatalf("between(%s, %s) = %d but the other way %d", from, to, ab, ba)
		}
		if n := cal.WorkdaysBetween(from, from); n != 0 {
			t.Fatalf("between a day and itself = %d", n)
		}
		if sum := cal.WorkdaysBetween(from, mid) + cal.WorkdaysBetween(mid, to); sum != ab {
			t.Fatalf("between(%s, %s) = %d, through %s %d", from, to, ab, mid, sum)
		}
		if n := min(max(ab, 0), 2000); n > 0 {
			deadline, _ := cal.AddWorkdays(from, n)
			if got := cal.WorkdaysBetween(from, deadline); got != n {
				t.Fatalf("AddWorkdays(%s, %d) = %s, %d working days later", from, n, deadline, got)
			}
		}
	})
}
