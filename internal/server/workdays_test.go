package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/workdays"
)

// schedule2027 is a made-up 2027 schedule as an administrator would type it.
const schedule2027 = "2027-01-01..2027-01-03 休 元旦\n" +
	"2027-02-06..2027-02-14 休 春节\n" +
	"2027-02-20 班 春节调休\n"

func TestWorkCalendarAdminEntersNextYear(t *testing.T) {
	e := newEnv(t)
	e.newAccount("admin1", portal.RoleAdmin)
	e.setNow(time.Date(2026, 11, 10, 9, 0, 0, 0, portal.CST))
	c := e.login("admin1")
	days2027 := func() int {
		return count(t, e, `SELECT count(*) FROM work_calendar_days WHERE extract(year FROM day) = 2027`)
	}

	t.Run("the list shows the seeded years and that 2027 is missing", func(t *testing.T) {
		res := c.get("/admin/calendar")
		wantStatus(t, res, http.StatusOK)
		if got := res.text(t, "next-year-missing"); !strings.Contains(got, "2027 年的放假安排尚未录入") {
			t.Errorf("notice = %q", got)
		}
		if got := res.text(t, "this-year-missing"); got != "" {
			t.Errorf("this year is entered, yet: %q", got)
		}
		if got := res.text(t, "range-2026-02-15"); !strings.Contains(got, "2026-02-15 周日 – 2026-02-23 周一") ||
			!strings.Contains(got, "放假") || !strings.Contains(got, "春节") || !strings.HasSuffix(got, "9") {
			t.Errorf("Spring Festival 2026 row = %q", got)
		}
		if got := res.text(t, "range-2026-02-14"); !strings.Contains(got, "调休上班") {
			t.Errorf("make-up Saturday row = %q", got)
		}
		if got := res.text(t, "counts-2025"); got != "放假 28 天，调休上班 5 天" {
			t.Errorf("2025 counts = %q", got)
		}
		if got := res.text(t, "entered-2026"); got != "随系统预置" {
			t.Errorf("2026 entered = %q", got)
		}
		if got := res.text(t, "nav"); !strings.Contains(got, "工作日历") {
			t.Errorf("nav = %q", got)
		}
		if href, _ := res.doc(t).Find(`[data-testid="enter-next-year"]`).Attr("href"); href != "/admin/calendar/2027" {
			t.Errorf("enter link = %q", href)
		}
	})

	t.Run("the 2027 page says it is not entered", func(t *testing.T) {
		res := c.get("/admin/calendar/2027")
		wantStatus(t, res, http.StatusOK)
		if got := res.text(t, "year-unknown"); got != "2027 年的安排尚未录入。" {
			t.Errorf("notice = %q", got)
		}
	})

	t.Run("bad lines: 422, a message per line beside the field, text kept, nothing saved", func(t *testing.T) {
		typed := "2027-02-06..2027-02-14 休 春节\n" +
			"2027-02-16 班 春节调休\n" +
			"2027-13-01 休 元旦\n" +
			"\n" +
			"2026-10-01 休 国庆节\n" +
			"2027-02-20 上班 春节调休\n"
		res := c.post("/admin/calendar/2027", url.Values{"schedule": {typed}, "source": {""}, "action": {"save"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		for line, want := range map[string]string{
			"2": "第 2 行：2027-02-16 是周一至周五，本来就上班",
			"3": "第 3 行：“2027-13-01”不是有效日期",
			"5": "第 5 行：2026-10-01 不在 2027 年内。",
			"6": "第 6 行：“上班”应为“休”（放假）或“班”（调休上班）。",
		} {
			if got := res.text(t, "line-error-"+line); !strings.Contains(got, want) {
				t.Errorf("line %s: %q, want it to contain %q", line, got, want)
			}
		}
		if n := res.doc(t).Find(`[data-testid="line-errors"] li`).Length(); n != 4 {
			t.Errorf("%d line messages, want 4", n)
		}
		if got := res.text(t, "error-source"); got != "请填写安排依据的通知（名称或文号）。" {
			t.Errorf("source message = %q", got)
		}
		if res.text(t, "error-summary") == "" {
			t.Error("no error summary")
		}
		doc := res.doc(t)
		if got := doc.Find("#f-schedule").Text(); got != typed {
			t.Errorf("typed text not kept:\n%q", got)
		}
		if v, _ := doc.Find("#f-schedule").Attr("aria-invalid"); v != "true" {
			t.Error("the field is not marked invalid")
		}
		if n := days2027(); n != 0 {
			t.Errorf("%d days of 2027 saved", n)
		}
	})

	t.Run("a leading empty line is kept, so the line numbers still match", func(t *testing.T) {
		typed := "\n2027-02-16 班 春节调休\n"
		res := c.post("/admin/calendar/2027", url.Values{"schedule": {typed}, "source": {"通知"}, "action": {"preview"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "line-error-2"); !strings.HasPrefix(got, "第 2 行：") {
			t.Errorf("message = %q", got)
		}
		if got := res.doc(t).Find("#f-schedule").Text(); got != typed {
			t.Errorf("text = %q, want %q", got, typed)
		}
	})

	t.Run("an empty schedule is refused", func(t *testing.T) {
		res := c.post("/admin/calendar/2027", url.Values{"schedule": {"  \n# 待公布\n"}, "source": {"通知"}, "action": {"preview"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "line-error-0"); got != "请至少填写一行安排。" {
			t.Errorf("message = %q", got)
		}
	})

	source := "国务院办公厅关于2027年部分节假日安排的通知"
	t.Run("preview shows the parsed ranges and saves nothing", func(t *testing.T) {
		res := c.post("/admin/calendar/2027", url.Values{"schedule": {schedule2027}, "source": {source}, "action": {"preview"}})
		wantStatus(t, res, http.StatusOK)
		if got := res.text(t, "preview-range-2027-02-06"); !strings.Contains(got, "2027-02-06 周六 – 2027-02-14 周日") ||
			!strings.Contains(got, "春节") || !strings.HasSuffix(got, "9") {
			t.Errorf("preview row = %q", got)
		}
		if got := res.text(t, "preview-range-2027-02-20"); !strings.Contains(got, "调休上班") {
			t.Errorf("preview row = %q", got)
		}
		doc := res.doc(t)
		if got := doc.Find("#f-schedule").Text(); got != schedule2027 {
			t.Errorf("text not kept: %q", got)
		}
		if v, _ := doc.Find("#f-source").Attr("value"); v != source {
			t.Errorf("source not kept: %q", v)
		}
		if n := days2027(); n != 0 {
			t.Errorf("preview saved %d days", n)
		}
	})

	t.Run("save stores the year; the list and the calendar use it", func(t *testing.T) {
		res := c.post("/admin/calendar/2027", url.Values{"schedule": {schedule2027}, "source": {source}, "action": {"save"}})
		wantRedirect(t, res, "/admin/calendar")
		list := c.get("/admin/calendar")
		if got := list.text(t, "flash"); got != "2027 年放假安排已保存：放假 12 天，调休上班 1 天。" {
			t.Errorf("flash = %q", got)
		}
		if got := list.text(t, "next-year-missing"); got != "" {
			t.Errorf("notice still shown: %q", got)
		}
		// entered_at is the database's clock, not the test's.
		if got := list.text(t, "entered-2027"); !strings.HasPrefix(got, "测试 admin1 于 20") || !strings.HasSuffix(got, "录入") {
			t.Errorf("entered = %q", got)
		}
		if got := list.text(t, "source-2027"); got != source {
			t.Errorf("source = %q", got)
		}
		if n := days2027(); n != 13 {
			t.Errorf("%d days of 2027 saved, want 13", n)
		}
		cal, err := e.srv.workdays.Calendar(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		deadline, unknown := cal.AddWorkdays(time.Date(2027, 2, 5, 15, 0, 0, 0, portal.CST), 1)
		if deadline != workdays.Date(2027, 2, 15) || unknown {
			t.Errorf("deadline %s, unknown %v", deadline, unknown)
		}

		again := c.get("/admin/calendar/2027")
		wantStatus(t, again, http.StatusOK)
		if got := again.doc(t).Find("#f-schedule").Text(); got != schedule2027 {
			t.Errorf("the saved schedule is not offered for editing: %q", got)
		}
		if got := again.text(t, "saved-range-2027-02-20"); !strings.Contains(got, "春节调休") {
			t.Errorf("saved row = %q", got)
		}
		if got := again.text(t, "year-unknown"); got != "" {
			t.Errorf("2027 still unknown: %q", got)
		}
	})

	t.Run("a year without a schedule is flagged on the list", func(t *testing.T) {
		e.setNow(time.Date(2028, 3, 1, 9, 0, 0, 0, portal.CST))
		res := c.get("/admin/calendar")
		if got := res.text(t, "this-year-missing"); !strings.Contains(got, "今年（2028 年）的放假安排尚未录入") {
			t.Errorf("this-year notice = %q", got)
		}
		if got := res.text(t, "next-year-missing"); !strings.Contains(got, "2029") {
			t.Errorf("next-year notice = %q", got)
		}
	})

	t.Run("years outside the calendar are not found", func(t *testing.T) {
		for _, path := range []string{"/admin/calendar/1999", "/admin/calendar/2101", "/admin/calendar/abcd", "/admin/calendar/02027"} {
			wantStatus(t, c.get(path), http.StatusNotFound)
		}
		wantStatus(t, c.post("/admin/calendar/1999", url.Values{"schedule": {"1999-10-01 休 国庆节"}, "source": {"x"}}), http.StatusNotFound)
	})
}

func TestWorkCalendarIsForAdministrators(t *testing.T) {
	e := newEnv(t)
	for _, role := range []portal.Role{portal.RoleOfficial, portal.RoleDepartment, portal.RoleEntrepreneur} {
		name := "u-" + string(role)
		e.newAccount(name, role)
		c := e.login(name)
		wantStatus(t, c.get("/admin/calendar"), http.StatusForbidden)
		wantStatus(t, c.get("/admin/calendar/2027"), http.StatusForbidden)
		res := c.post("/admin/calendar/2027", url.Values{"schedule": {schedule2027}, "source": {"通知"}, "action": {"save"}})
		wantStatus(t, res, http.StatusForbidden)
		if got := c.get("/").text(t, "nav"); strings.Contains(got, "工作日历") {
			t.Errorf("%s sees the calendar in the navigation: %q", role, got)
		}
	}
	if n := count(t, e, `SELECT count(*) FROM work_calendar_years WHERE year = 2027`); n != 0 {
		t.Errorf("a non-administrator saved 2027")
	}
	wantRedirect(t, e.client().get("/admin/calendar"), "/login")
}
