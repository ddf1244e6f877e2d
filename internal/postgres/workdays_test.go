package postgres_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
	"breakfast/internal/workdays"
)

// The State Council's schedules as published; the migration must seed exactly these days.
var publishedSchedules = map[int]string{
	2025: `2025-01-01 休 元旦
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
`,
	2026: `2026-01-01..2026-01-03 休 元旦
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
`,
}

func TestWorkdaySeed(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	store := postgres.NewWorkdayStore(pool)
	for year, want := range publishedSchedules {
		sc, err := store.Year(ctx, year)
		if err != nil {
			t.Fatal(err)
		}
		if !sc.Known || sc.Source == "" || !sc.EnteredAt.IsZero() || sc.EnteredBy != "" {
			t.Errorf("%d: %+v", year, sc)
		}
		if got := workdays.FormatSchedule(sc.Days); got != want {
			t.Errorf("%d seeded:\n%s\nwant:\n%s", year, got, want)
		}
		// The seed passes the same checks as a typed schedule: make-up days on weekends only.
		if _, problems := workdays.ParseSchedule(year, workdays.FormatSchedule(sc.Days)); problems != nil {
			t.Errorf("%d: %v", year, problems)
		}
	}
	cal, err := store.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := cal.Years(); len(got) != 2 || got[0] != 2025 || got[1] != 2026 {
		t.Errorf("known years %v", got)
	}
	deadline, unknown := cal.AddWorkdays(time.Date(2026, 2, 13, 10, 0, 0, 0, portal.CST), 1)
	if deadline.Format(time.DateOnly) != "2026-02-14" || unknown {
		t.Errorf("deadline %s unknown %v", deadline, unknown)
	}
	deadline, unknown = cal.AddWorkdays(time.Date(2026, 9, 30, 10, 0, 0, 0, portal.CST), 1)
	if deadline.Format(time.DateOnly) != "2026-10-08" || unknown {
		t.Errorf("deadline %s unknown %v", deadline, unknown)
	}
}

func TestWorkdaySaveYear(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	store := postgres.NewWorkdayStore(pool)
	admin, err := postgres.NewUserStore(pool).Create(ctx, portal.UserInput{Username: "calendar-admin",
		DisplayName: "日历管理员", Role: portal.RoleAdmin, Password: "secret123"})
	if err != nil {
		t.Fatal(err)
	}

	unknown, err := store.Year(ctx, 2027)
	if err != nil || unknown.Known || len(unknown.Days) != 0 {
		t.Fatalf("2027 before: %+v, %v", unknown, err)
	}

	first := parseWorkdaySchedule(t, 2027, "2027-02-06..2027-02-14 休 春节\n2027-02-20 班 春节调休\n")
	if err := store.SaveYear(ctx, 2027, first, " 国办发明电〔2026〕1号 ", admin.ID); err != nil {
		t.Fatal(err)
	}
	sc, err := store.Year(ctx, 2027)
	if err != nil {
		t.Fatal(err)
	}
	if !sc.Known || sc.Source != "国办发明电〔2026〕1号" || sc.EnteredBy != admin.DisplayName || time.Since(sc.EnteredAt) > time.Minute {
		t.Errorf("2027 after: %+v", sc)
	}
	if len(sc.Days) != 10 || sc.Days[0].Date != workdays.Date(2027, 2, 6) || sc.Days[9].Kind != workdays.Workday {
		t.Errorf("days %+v", sc.Days)
	}

	// Saving again replaces the year's days and leaves the other years alone.
	second := parseWorkdaySchedule(t, 2027, "2027-02-05..2027-02-11 休 春节\n")
	if err := store.SaveYear(ctx, 2027, second, "更正", admin.ID); err != nil {
		t.Fatal(err)
	}
	sc, _ = store.Year(ctx, 2027)
	if got := workdays.FormatSchedule(sc.Days); got != "2027-02-05..2027-02-11 休 春节\n" || sc.Source != "更正" {
		t.Errorf("replaced: %q (%s)", got, sc.Source)
	}
	all, err := store.Schedules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0].Year != 2027 || all[2].Year != 2025 || workdays.FormatSchedule(all[1].Days) != publishedSchedules[2026] {
		t.Errorf("schedules: %d, first %d", len(all), all[0].Year)
	}
	cal, _ := store.Calendar(ctx)
	if deadline, unknownYear := cal.AddWorkdays(workdays.Date(2027, 2, 4), 1); deadline != workdays.Date(2027, 2, 12) || unknownYear {
		t.Errorf("2027 deadline %s, unknown %v", deadline, unknownYear)
	}

	t.Run("invalid days are refused and change nothing", func(t *testing.T) {
		bad := []workdays.Day{{Date: workdays.Date(2028, 1, 1), Kind: workdays.Holiday, Name: "元旦"}}
		var appErr *portal.Error
		err := store.SaveYear(ctx, 2027, bad, "通知", admin.ID)
		if !errors.As(err, &appErr) || appErr.Fields["schedule"] != "workdays.days_invalid" {
			t.Fatalf("err = %v", err)
		}
		err = store.SaveYear(ctx, 2027, second, "", admin.ID)
		if !errors.As(err, &appErr) || appErr.Fields["source"] != "workdays.source_required" {
			t.Fatalf("err = %v", err)
		}
		sc, _ := store.Year(ctx, 2027)
		if len(sc.Days) != 7 || sc.Source != "更正" {
			t.Errorf("changed: %+v", sc)
		}
	})

	t.Run("concurrent saves of a year leave one of them whole", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 6)
		for i := range 6 {
			days := first
			if i%2 == 1 {
				days = second
			}
			wg.Go(func() { errs <- store.SaveYear(ctx, 2027, days, "并发", admin.ID) })
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		sc, _ := store.Year(ctx, 2027)
		if n := len(sc.Days); n != 10 && n != 7 {
			t.Errorf("%d days after concurrent saves", n)
		}
	})
}

func parseWorkdaySchedule(t *testing.T, year int, text string) []workdays.Day {
	t.Helper()
	days, problems := workdays.ParseSchedule(year, text)
	if problems != nil {
		t.Fatal(problems)
	}
	return days
}
