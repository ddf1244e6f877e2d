package workdays_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/workdays"
)

func TestParseSchedule(t *testing.T) {
	days, problems := workdays.ParseSchedule(2027, "2027-02-06..2027-02-14 休 春节\r\n\n  # 调休\n2027-2-20　班　春节调休\n2027-10-01..2027-10-02 off National Day\n")
	if problems != nil {
		t.Fatalf("problems: %v", problems)
	}
	if len(days) != 12 {
		t.Fatalf("%d days, want 12: %v", len(days), days)
	}
	first, last := days[0], days[len(days)-1]
	if first.Date != workdays.Date(2027, 2, 6) || first.Kind != workdays.Holiday || first.Name != "春节" {
		t.Errorf("first = %+v", first)
	}
	if d := days[9]; d.Date != workdays.Date(2027, 2, 20) || d.Kind != workdays.Workday || d.Name != "春节调休" {
		t.Errorf("make-up day (full-width spaces, short date) = %+v", d)
	}
	if last.Date != workdays.Date(2027, 10, 2) || last.Name != "National Day" || last.Date.Location() != portal.CST {
		t.Errorf("last = %+v", last)
	}
}

func TestParseScheduleProblems(t *testing.T) {
	text := "2027-02-06..2027-02-14 休 春节\n" + // 1 fine
		"2027-02-15\n" + // 2 no kind, no name
		"2027-02-30 休 春节\n" + // 3 no such date
		"2026-12-31 休 元旦\n" + // 4 other year
		"2027-02-14..2027-02-06 休 春节\n" + // 5 backwards
		"2027-02-15 上班 春节调休\n" + // 6 unknown kind
		"2027-02-16 班 春节调休\n" + // 7 a Tuesday
		"2027-02-10 休 春节\n" + // 8 again
		"2027-01-01..2027-03-01 休 太长\n" + // 9 too long
		"2027-05-01 休 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一\n" + // 10 name too long
		"2027/05/01 休 劳动节\n" // 11 bad date format
	_, problems := workdays.ParseSchedule(2027, text)
	want := []workdays.LineError{
		{Line: 2, Key: "workdays.line_format"},
		{Line: 3, Key: "workdays.line_date", Args: []any{"2027-02-30"}},
		{Line: 4, Key: "workdays.line_other_year", Args: []any{"2026-12-31", 2027}},
		{Line: 5, Key: "workdays.line_backwards", Args: []any{"2027-02-06", "2027-02-14"}},
		{Line: 6, Key: "workdays.line_kind", Args: []any{"上班"}},
		{Line: 7, Key: "workdays.line_weekday_work", Args: []any{"2027-02-16"}},
		{Line: 8, Key: "workdays.line_duplicate", Args: []any{"2027-02-10", 1}},
		{Line: 9, Key: "workdays.line_too_long", Args: []any{31}},
		{Line: 10, Key: "workdays.line_name_long", Args: []any{30}},
		{Line: 11, Key: "workdays.line_date", Args: []any{"2027/05/01"}},
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("problems:\n got %v\nwant %v", problems, want)
	}
}

func TestParseScheduleEmpty(t *testing.T) {
	for _, text := range []string{"", "\n  \n# nothing yet\n"} {
		days, problems := workdays.ParseSchedule(2027, text)
		if days != nil || len(problems) != 1 || problems[0].Key != "workdays.schedule_empty" {
			t.Errorf("%q: %v, %v", text, days, problems)
		}
	}
	long := ""
	for i := 0; i <= workdays.MaxLines; i++ {
		long += "\n"
	}
	if _, problems := workdays.ParseSchedule(2027, long); len(problems) != 1 || problems[0].Key != "workdays.too_many_lines" {
		t.Errorf("too many lines: %v", problems)
	}
}

func TestFormatScheduleRoundTrip(t *testing.T) {
	for year, text := range map[int]string{2025: schedule2025, 2026: schedule2026} {
		days, problems := workdays.ParseSchedule(year, text)
		if problems != nil {
			t.Fatal(problems)
		}
		again, problems := workdays.ParseSchedule(year, workdays.FormatSchedule(days))
		if problems != nil || !reflect.DeepEqual(again, days) {
			t.Errorf("%d: format then parse changed the days (%v)", year, problems)
		}
		if err := workdays.Check(year, days, "国务院办公厅通知"); err != nil {
			t.Errorf("%d: Check: %v", year, err)
		}
	}
	if got := workdays.FormatSchedule(mustParse(t, 2026, schedule2026)[:10]); got != "2026-01-01..2026-01-03 休 元旦\n2026-01-04 班 元旦调休\n2026-02-14 班 春节调休\n2026-02-15..2026-02-19 休 春节\n" {
		t.Errorf("format = %q", got)
	}
}

func TestRanges(t *testing.T) {
	ranges := workdays.Ranges(mustParse(t, 2026, schedule2026))
	if len(ranges) != 13 {
		t.Fatalf("%d ranges, want 13", len(ranges))
	}
	spring := ranges[3]
	if spring.First != workdays.Date(2026, 2, 15) || spring.Last != workdays.Date(2026, 2, 23) || spring.Days() != 9 || spring.Name != "春节" {
		t.Errorf("Spring Festival = %+v (%d days)", spring, spring.Days())
	}
}

func TestCheck(t *testing.T) {
	ok := workdays.Day{Date: workdays.Date(2027, 2, 6), Kind: workdays.Holiday, Name: "春节"}
	tests := []struct {
		name   string
		year   int
		days   []workdays.Day
		source string
		field  string
	}{
		{"other year", 2027, []workdays.Day{{Date: workdays.Date(2026, 12, 31), Kind: workdays.Holiday, Name: "元旦"}}, "通知", "schedule"},
		{"bad kind", 2027, []workdays.Day{{Date: workdays.Date(2027, 2, 6), Kind: "rest", Name: "春节"}}, "通知", "schedule"},
		{"no name", 2027, []workdays.Day{{Date: workdays.Date(2027, 2, 6), Kind: workdays.Holiday, Name: " "}}, "通知", "schedule"},
		{"twice", 2027, []workdays.Day{ok, {Date: time.Date(2027, 2, 5, 20, 0, 0, 0, time.UTC), Kind: workdays.Holiday, Name: "春节"}}, "通知", "schedule"},
		{"year out of range", 1999, nil, "通知", "schedule"},
		{"no source", 2027, []workdays.Day{ok}, "  ", "source"},
		{"source too long", 2027, []workdays.Day{ok}, strings.Repeat("通", workdays.MaxSourceLength+1), "source"},
	}
	for _, tc := range tests {
		var e *portal.Error
		if err := workdays.Check(tc.year, tc.days, tc.source); !errors.As(err, &e) || e.Code != portal.EINVALID || e.Fields[tc.field] == "" {
			t.Errorf("%s: %v, want invalid %s", tc.name, err, tc.field)
		}
	}
	if err := workdays.Check(2027, []workdays.Day{ok}, "国办发明电〔2026〕1号"); err != nil {
		t.Error(err)
	}
}

func mustParse(t *testing.T, year int, text string) []workdays.Day {
	t.Helper()
	days, problems := workdays.ParseSchedule(year, text)
	if problems != nil {
		t.Fatal(problems)
	}
	return days
}
