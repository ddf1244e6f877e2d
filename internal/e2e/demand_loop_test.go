package e2e

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestDemandLoop follows one demand around the closed loop through the real pages: the
// entrepreneur raises it for the breakfast meeting it attended; an official assigns it to a
// department with a time limit in working days; the department answers; the entrepreneur is
// not satisfied, which reopens it under supervision; the department answers again; the
// entrepreneur is satisfied and the demand is closed. The meeting's demand list then shows
// it closed, and its PDF, downloaded with the official's session, lists it.
func TestDemandLoop(t *testing.T) {
	p := newPortal(t)
	ctx := context.Background()
	users := postgres.NewUserStore(p.pool)
	p.account("official1", "区府办 刘洋", portal.RoleOfficial)
	var enterpriseID, meetingID, deptID, categoryID int64
	if err := p.pool.QueryRow(ctx, `INSERT INTO enterprises (name, uscc, scale, status)
		VALUES ('星途新能源汽车股份有限公司', $1, 'above', 'verified') RETURNING id`, postgres.DemoUSCC(11)).Scan(&enterpriseID); err != nil {
		t.Fatal(err)
	}
	// Yesterday's breakfast, held, with the enterprise's representative checked in.
	start := time.Now().In(portal.CST).AddDate(0, 0, -1)
	start = time.Date(start.Year(), start.Month(), start.Day(), 7, 30, 0, 0, portal.CST)
	if err := p.pool.QueryRow(ctx, `INSERT INTO meetings (theme, starts_at, ends_at, venue, capacity, status, host_name, host_title)
		VALUES ('新能源汽车产业链企业家早餐会', $1, $2, '区行政中心 3 楼第一会议室', 30, 'held', '陈志远', '区长') RETURNING id`,
		start, start.Add(90*time.Minute)).Scan(&meetingID); err != nil {
		t.Fatal(err)
	}
	var invitationID int64
	if err := p.pool.QueryRow(ctx, `INSERT INTO invitations (meeting_id, enterprise_id, status, source, replied_at)
		VALUES ($1, $2, 'accepted', 'official', now()) RETURNING id`, meetingID, enterpriseID).Scan(&invitationID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.pool.Exec(ctx, `INSERT INTO attendees (meeting_id, invitation_id, enterprise_id, name, title, mobile, checkin_code, checked_in_at)
		VALUES ($1, $2, $3, '王建华', '董事长', '13812345678', 'L00001', $4)`, meetingID, invitationID, enterpriseID, start.Add(-10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := p.pool.QueryRow(ctx, `INSERT INTO departments (name, short_name) VALUES ('行政审批局', '审批局') RETURNING id`).Scan(&deptID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.pool.Exec(ctx, `INSERT INTO departments (name) VALUES ('住房和城乡建设局')`); err != nil {
		t.Fatal(err)
	}
	if err := p.pool.QueryRow(ctx, `SELECT id FROM demand_categories WHERE code = 'approvals'`).Scan(&categoryID); err != nil {
		t.Fatal(err)
	}
	for _, in := range []portal.UserInput{
		{Username: "wangjh", DisplayName: "王建华", Role: portal.RoleEntrepreneur, EnterpriseID: &enterpriseID, Password: password},
		{Username: "spj", DisplayName: "审批局 周文斌", Role: portal.RoleDepartment, DepartmentID: &deptID, Password: password},
	} {
		if _, err := users.Create(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	const title = "新建厂房竣工验收周期长，希望并联审批"
	mid := strconv.FormatInt(meetingID, 10)

	// The entrepreneur raises the demand for the meeting under 我的诉求.
	ent := browser(t)
	do(t, ent,
		login(p.url, "wangjh"),
		chromedp.Navigate(p.url+"/my/demands"),
		chromedp.WaitVisible(testID("new-demand")),
		chromedp.Click(testID("new-demand")),
		chromedp.WaitVisible(testID("intake-form")),
		chromedp.SetValue(chromedp.CSS(`#f-meeting_id`), mid),
		chromedp.SetValue(chromedp.CSS(`#f-category_id`), strconv.FormatInt(categoryID, 10)),
		chromedp.SendKeys(chromedp.CSS(`#f-title`), title),
		chromedp.SendKeys(chromedp.CSS(`#f-description`), "二期总装厂房已完工，竣工验收涉及规划核实、消防、人防等多个环节，逐项办理需 3 个月以上。"),
		chromedp.SendKeys(chromedp.CSS(`#f-expected_outcome`), "希望联合验收，一个月内完成。"),
		chromedp.Click(testID("intake-submit")),
		chromedp.WaitVisible(testID("timeline")),
	)
	screenshot(t, ent, "demand-submitted")
	var demandID int64
	if err := p.pool.QueryRow(ctx, `SELECT id FROM demands WHERE title = $1 AND enterprise_id = $2 AND meeting_id = $3`,
		title, enterpriseID, meetingID).Scan(&demandID); err != nil {
		t.Fatalf("the demand was not saved for the meeting: %v", err)
	}
	demandPath := "/demands/" + strconv.FormatInt(demandID, 10)
	wantStatus := func(b context.Context, want string) {
		t.Helper()
		if got := strings.TrimSpace(text(t, b, testID("demand-status"))); got != want {
			t.Fatalf("demand state %q, want %q", got, want)
		}
	}
	wantStatus(ent, "待受理")

	// An official assigns it to the approvals office with ten working days.
	off := browser(t)
	do(t, off,
		login(p.url, "official1"),
		chromedp.Navigate(p.url+demandPath),
		chromedp.WaitVisible(testID("panel-assign")),
		chromedp.SetValue(chromedp.CSS(`#assign-lead`), strconv.FormatInt(deptID, 10)),
		chromedp.SetValue(chromedp.CSS(`#assign-time_limit_days`), "10"),
		chromedp.SendKeys(chromedp.CSS(`#assign-note`), "请审批局牵头推行联合验收。"),
		chromedp.Click(testID("assign-submit")),
		chromedp.WaitVisible(testID("flash")),
	)
	screenshot(t, off, "demand-assigned")
	wantStatus(off, "已交办")
	cal, err := postgres.NewWorkdayStore(p.pool).Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	deadline, _ := cal.AddWorkdays(time.Now(), 10)
	if got := text(t, off, testID("demand-deadline")); got != deadline.Format("2006-01-02") {
		t.Errorf("deadline shown %q, want ten working days from today: %s", got, deadline.Format("2006-01-02"))
	}

	// The department finds it in its inbox and answers.
	dept := browser(t)
	answer := func(text string) {
		t.Helper()
		do(t, dept,
			chromedp.Navigate(p.url+"/inbox"),
			chromedp.WaitVisible(testID("demand-row-"+strconv.FormatInt(demandID, 10))),
			chromedp.Click(chromedp.CSS(`[data-testid="demand-row-`+strconv.FormatInt(demandID, 10)+`"] [data-testid="demand-title"]`)),
			chromedp.WaitVisible(testID("panel-answer")),
			chromedp.SendKeys(chromedp.CSS(`#answer-note`), text),
			chromedp.Click(testID("answer-submit")),
			chromedp.WaitVisible(testID("flash")),
		)
		wantStatus(dept, "已答复（待评价）")
	}
	do(t, dept, login(p.url, "spj"))
	answer("已将贵公司厂房纳入联合验收，请按清单补齐材料。")
	screenshot(t, dept, "demand-answered")

	// The entrepreneur is not satisfied: the demand goes back to the department, supervised.
	rate := func(rating, comment string) {
		t.Helper()
		do(t, ent,
			chromedp.Navigate(p.url+demandPath),
			chromedp.WaitVisible(testID("rate-panel")),
			chromedp.Click(testID("rating-"+rating)),
			chromedp.SendKeys(chromedp.CSS(`#f-note`), comment),
			chromedp.Click(testID("rate-submit")),
			chromedp.WaitVisible(testID("flash")),
		)
	}
	rate("unsatisfied", "只让补材料，没有给出联合验收的时间。")
	screenshot(t, ent, "demand-reopened")
	wantStatus(ent, "重新办理")
	if got := text(t, ent, testID("supervised-badge")); got != "督办" {
		t.Errorf("supervision badge %q", got)
	}

	// The department answers again; this time the entrepreneur is satisfied.
	answer("联合验收定于下周三上午进行，五个工作日内出具联合验收意见书。联系人：周科长 0571-87010008。")
	rate("satisfied", "时间明确，满意。")
	screenshot(t, ent, "demand-closed")
	wantStatus(ent, "已办结")
	var events []string
	rows, err := p.pool.Query(ctx, `SELECT action FROM demand_events WHERE demand_id = $1 AND from_status IS DISTINCT FROM to_status ORDER BY at, id`, demandID)
	if err == nil {
		for rows.Next() {
			var a string
			_ = rows.Scan(&a)
			events = append(events, a)
		}
		rows.Close()
	}
	if got := strings.Join(events, " "); got != "submit assign answer rate answer rate" {
		t.Errorf("the timeline's steps: %s", got)
	}
	if n, err := chromedp.Run(ent, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="timeline"] [data-testid="event-action"]').length`)); err != nil || n < 6 {
		t.Errorf("the timeline shows %d entries (%v)", n, err)
	}

	// The meeting's demand list shows it closed, and its PDF lists it.
	do(t, off,
		chromedp.Navigate(p.url+"/meetings/"+mid),
		chromedp.WaitVisible(testID("tab-demands")),
		chromedp.Click(testID("tab-demands")),
		chromedp.WaitVisible(testID("demand-list")),
	)
	screenshot(t, off, "meeting-demand-list")
	row := `[data-testid="demand-row-` + strconv.FormatInt(demandID, 10) + `"] `
	if got := text(t, off, chromedp.CSS(row+`[data-testid="demand-status"]`)); got != "已办结" {
		t.Errorf("the list shows the demand %q", got)
	}
	if got := text(t, off, chromedp.CSS(row+`[data-testid="demand-lead"]`)); got != "审批局" {
		t.Errorf("the list's lead department %q", got)
	}
	href, err := chromedp.Run(off, chromedp.AttributeValue(testID("demand-list-pdf"), "href"))
	if err != nil {
		t.Fatal(err)
	}
	pdf := downloadWithSession(t, off, p.url+href.Value)
	if text := pdfText(t, pdf); !strings.Contains(text, title) || !strings.Contains(text, "已办结") || !strings.Contains(text, "问题清单") {
		t.Errorf("the demand list PDF lacks the demand:\n%s", text)
	}
}

// downloadWithSession fetches url with the session cookie of the browser b, as clicking a
// download link there would.
func downloadWithSession(t *testing.T, b context.Context, url string) []byte {
	t.Helper()
	cookies, err := chromedp.Run(b, func(ctx context.Context, tg *chromedp.Target) ([]*network.Cookie, error) {
		res, err := cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{URLs: []string{url}})
		return res.Cookies, err
	})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, res.Header.Get("Content-Type"))
	}
	return body
}

// pdfText is the PDF's text as pdftotext reads it, without white space.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is not installed: `make test` installs poppler-utils")
	}
	path := filepath.Join(t.TempDir(), "list.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}
