package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
)

func meetingForm(date string) url.Values {
	return url.Values{"theme": {"新能源汽车产业链企业家早餐会"}, "series_name": {"新能源汽车产业链企业家早餐会"},
		"date": {date}, "start_time": {"07:30"}, "end_time": {"09:00"}, "venue": {"区政府 3 号会议室"},
		"host_name": {"陈志远"}, "host_title": {"区长"}, "capacity": {"30"}, "per_enterprise_limit": {"2"},
		"agenda": {"一、企业家发言；二、部门现场答复。"}, "version": {"0"}}
}

func TestScheduleMeeting(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	dept := e.department("工业和信息化局")
	c := e.login("official1")
	future := time.Now().In(portal.CST).AddDate(0, 1, 0).Format("2006-01-02")

	t.Run("bad input keeps everything typed", func(t *testing.T) {
		form := meetingForm(future)
		form.Set("end_time", "07:00")
		form.Set("capacity", "三十")
		form.Set("department_ids", itoa(dept))
		res := c.post("/meetings/new", form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "error-end_time"); got != "结束时间必须晚于开始时间。" {
			t.Errorf("end time message = %q", got)
		}
		if res.text(t, "error-capacity") == "" {
			t.Error("no capacity message")
		}
		doc := res.doc(t)
		if v, _ := doc.Find("#f-venue").Attr("value"); v != "区政府 3 号会议室" {
			t.Errorf("venue not kept: %q", v)
		}
		if _, ok := doc.Find(`input[name="department_ids"][value="` + itoa(dept) + `"]`).Attr("checked"); !ok {
			t.Error("department tick not kept")
		}
		if got := doc.Find("#f-agenda").Text(); got != "一、企业家发言；二、部门现场答复。" {
			t.Errorf("agenda not kept: %q", got)
		}
		if n := count(t, e, `SELECT count(*) FROM meetings`); n != 0 {
			t.Errorf("%d meetings saved", n)
		}
	})

	form := meetingForm(future)
	form.Set("department_ids", itoa(dept))
	res := c.post("/meetings/new", form)
	wantStatus(t, res, http.StatusSeeOther)
	page := c.get(res.Header.Get("Location"))
	if got := page.text(t, "meeting-status"); got != "草稿" {
		t.Errorf("new meeting status %q", got)
	}
	if got := page.text(t, "meeting-when"); !strings.Contains(got, "07:30–09:00") || !strings.Contains(got, "区政府 3 号会议室") {
		t.Errorf("when = %q", got)
	}
	if !strings.Contains(page.text(t, "meeting-facts"), "工业和信息化局") {
		t.Error("department not shown")
	}
	var id int64
	var version int
	e.pool.QueryRow(context.Background(), `SELECT id, version FROM meetings`).Scan(&id, &version)
	path := "/meetings/" + itoa(id)

	t.Run("publish, then hold is refused before the start", func(t *testing.T) {
		wantRedirect(t, c.post(path+"/transition", url.Values{"action": {"publish"}, "version": {itoa(int64(version))}}), path)
		if got := c.get(path).text(t, "meeting-status"); got != "已发布" {
			t.Errorf("status %q", got)
		}
		res := c.post(path+"/transition", url.Values{"action": {"hold"}, "version": {itoa(int64(version + 1))}})
		wantStatus(t, res, http.StatusConflict)
		if !strings.Contains(res.text(t, "error-page"), "尚未开始") {
			t.Errorf("page: %q", res.text(t, "error-page"))
		}
	})

	t.Run("a stale edit does not overwrite", func(t *testing.T) {
		form := meetingForm(future)
		form.Set("venue", "新地点")
		form.Set("version", itoa(int64(version))) // the version before publishing
		res := c.post(path+"/edit", form)
		wantStatus(t, res, http.StatusConflict)
		var venue string
		e.pool.QueryRow(context.Background(), `SELECT venue FROM meetings WHERE id = $1`, id).Scan(&venue)
		if venue != "区政府 3 号会议室" {
			t.Errorf("venue overwritten: %q", venue)
		}
	})

	t.Run("capacity cannot drop below the seats taken", func(t *testing.T) {
		for i := 0; i < 3; i++ {
			ent := e.enterprise("受邀企业"+itoa(int64(i)), portal.EnterpriseVerified)
			e.pool.Exec(context.Background(), `INSERT INTO invitations (meeting_id, enterprise_id, status, source) VALUES ($1, $2, 'invited', 'official')`, id, ent)
		}
		form := meetingForm(future)
		form.Set("capacity", "2")
		form.Set("version", itoa(int64(version+1)))
		res := c.post(path+"/edit", form)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "error-capacity"); !strings.Contains(got, "已邀请的企业多于") {
			t.Errorf("capacity message %q", got)
		}
	})

	t.Run("schedule next month copies the settings into the series", func(t *testing.T) {
		res := c.post(path+"/next", nil)
		wantStatus(t, res, http.StatusSeeOther)
		edit := c.get(res.Header.Get("Location"))
		wantStatus(t, edit, http.StatusOK)
		doc := edit.doc(t)
		start, _ := time.ParseInLocation("2006-01-02", future, portal.CST)
		want := portal.NextMonth(start).Format("2006-01-02")
		if v, _ := doc.Find("#f-date").Attr("value"); v != want {
			t.Errorf("next date %q, want %q", v, want)
		}
		if v, _ := doc.Find("#f-series_name").Attr("value"); v != "新能源汽车产业链企业家早餐会" {
			t.Errorf("series %q", v)
		}
		if _, ok := doc.Find(`input[name="department_ids"][value="` + itoa(dept) + `"]`).Attr("checked"); !ok {
			t.Error("departments not copied")
		}
		if !strings.Contains(c.get(path).text(t, "series-meetings"), "草稿") {
			t.Error("the original does not list the next meeting of its series")
		}
	})

	t.Run("cancelling needs a reason, which is shown", func(t *testing.T) {
		var v int
		e.pool.QueryRow(context.Background(), `SELECT version FROM meetings WHERE id = $1`, id).Scan(&v)
		res := c.post(path+"/transition", url.Values{"action": {"cancel"}, "version": {itoa(int64(v))}, "reason": {""}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if res.text(t, "error-reason") == "" {
			t.Error("no message beside the reason")
		}
		wantRedirect(t, c.post(path+"/transition", url.Values{"action": {"cancel"}, "version": {itoa(int64(v))}, "reason": {"区长临时有公务，改期另行通知"}}), path)
		if got := c.get(path).text(t, "cancel-reason"); !strings.Contains(got, "改期另行通知") {
			t.Errorf("reason shown: %q", got)
		}
		wantStatus(t, c.get(path+"/edit"), http.StatusConflict)
	})
}

func TestMeetingListsAndAccess(t *testing.T) {
	e := newEnv(t)
	official := e.newAccount("official1", portal.RoleOfficial)
	e.newAccount("ent", portal.RoleEntrepreneur)
	e.newAccount("staff", portal.RoleDepartment)
	ctx := context.Background()
	now := time.Now()
	mk := func(theme string, start time.Time) {
		if _, err := e.pool.Exec(ctx, `INSERT INTO meetings (theme, starts_at, ends_at, venue, capacity, created_by)
			VALUES ($1, $2::timestamptz, $2::timestamptz + interval '90 minutes', '会议室', 30, $3)`, theme, start, official.ID); err != nil {
			t.Fatal(err)
		}
	}
	mk("上月早餐会", now.AddDate(0, -1, 0))
	mk("下月早餐会", now.AddDate(0, 1, 0))
	mk("下周早餐会", now.AddDate(0, 0, 7))
	c := e.login("official1")
	upcoming := c.get("/meetings").text(t, "meetings-table")
	if !strings.Contains(upcoming, "下周早餐会") || strings.Contains(upcoming, "上月早餐会") ||
		strings.Index(upcoming, "下周早餐会") > strings.Index(upcoming, "下月早餐会") {
		t.Errorf("upcoming list: %s", upcoming)
	}
	past := c.get("/meetings?when=past").text(t, "meetings-table")
	if !strings.Contains(past, "上月早餐会") || strings.Contains(past, "下周早餐会") {
		t.Errorf("past list: %s", past)
	}
	for _, who := range []string{"ent", "staff"} {
		for _, p := range []string{"/meetings", "/meetings/new"} {
			wantStatus(t, e.login(who).get(p), http.StatusForbidden)
		}
	}
}
