package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"

	"github.com/chromedp/chromedp"
)

// TestMeetingJourney follows one breakfast meeting from the official's schedule to the door:
// the official schedules and publishes it and invites an enterprise, the entrepreneur accepts
// naming a representative and gets a check-in code, and an official checks the representative
// in at the door.
func TestMeetingJourney(t *testing.T) {
	p := newPortal(t)
	ctx := context.Background()
	p.account("official1", "区府办 刘洋", portal.RoleOfficial)
	var chainID, enterpriseID int64
	if err := p.pool.QueryRow(ctx, `INSERT INTO industry_chains (name, leader_name) VALUES ('新能源汽车', '陈志远') RETURNING id`).
		Scan(&chainID); err != nil {
		t.Fatal(err)
	}
	if err := p.pool.QueryRow(ctx, `INSERT INTO enterprises (name, uscc, scale, status) VALUES ('星途新能源汽车股份有限公司', $1, 'above', 'verified') RETURNING id`,
		postgres.DemoUSCC(7)).Scan(&enterpriseID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.pool.Exec(ctx, `INSERT INTO enterprise_chains VALUES ($1, $2)`, enterpriseID, chainID); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.NewUserStore(p.pool).Create(ctx, portal.UserInput{Username: "wangjh", DisplayName: "王建华",
		Role: portal.RoleEntrepreneur, EnterpriseID: &enterpriseID, Password: password}); err != nil {
		t.Fatal(err)
	}
	day := time.Now().In(portal.CST).AddDate(0, 0, 14).Format("2006-01-02")

	// The official schedules the meeting through the form and publishes it.
	off := browser(t)
	do(t, off,
		login(p.url, "official1"),
		chromedp.Navigate(p.url+"/meetings/new"),
		chromedp.WaitVisible(testID("meeting-form")),
		chromedp.SendKeys(chromedp.CSS(`#f-theme`), "新能源汽车产业链早餐会"),
		chromedp.SetValue(chromedp.CSS(`#f-date`), day),
		chromedp.SetValue(chromedp.CSS(`#f-start_time`), "07:30"),
		chromedp.SetValue(chromedp.CSS(`#f-end_time`), "09:00"),
		chromedp.SendKeys(chromedp.CSS(`#f-venue`), "区行政中心 3 楼第一会议室"),
		chromedp.SetValue(chromedp.CSS(`#f-chain_id`), strconv.FormatInt(chainID, 10)),
		chromedp.SetValue(chromedp.CSS(`#f-capacity`), "30"),
		chromedp.SetValue(chromedp.CSS(`#f-per_enterprise_limit`), "2"),
		chromedp.Click(testID("meeting-save")),
		chromedp.WaitVisible(testID("action-publish")),
		chromedp.Click(testID("action-publish")),
		chromedp.WaitNotPresent(testID("action-publish")),
	)
	var meetingID int64
	if err := p.pool.QueryRow(ctx, `SELECT id FROM meetings WHERE theme = '新能源汽车产业链早餐会' AND status = 'published'`).Scan(&meetingID); err != nil {
		t.Fatalf("the meeting was not scheduled and published: %v", err)
	}
	meetingPath := "/meetings/" + strconv.FormatInt(meetingID, 10)

	// On the invitations tab the enterprise of the meeting's chain is offered; invite it.
	pick := "pick-" + strconv.FormatInt(enterpriseID, 10)
	do(t, off,
		chromedp.Click(testID("tab-invitations")),
		chromedp.WaitVisible(testID(pick)),
		chromedp.Click(testID(pick)),
		chromedp.Click(testID("invite-submit")),
		chromedp.WaitVisible(testID("flash")),
	)
	screenshot(t, off, "journey-invitations")
	if got := text(t, off, testID("flash")); got != "已邀请 1 家企业，0 家进入候补名单。" {
		t.Errorf("flash after inviting = %q", got)
	}
	if got := text(t, off, testID("count-seats")); got != "1 / 30" {
		t.Errorf("seats = %q", got)
	}

	// The entrepreneur finds the invitation under 我的会议 and accepts, naming a representative.
	ent := browser(t)
	row := "my-meeting-" + strconv.FormatInt(meetingID, 10)
	do(t, ent,
		login(p.url, "wangjh"),
		chromedp.Click(`//nav//a[normalize-space(.)="我的会议"]`),
		chromedp.WaitVisible(testID(row)),
		chromedp.Click(chromedp.CSS(`[data-testid="`+row+`"] a`)),
		chromedp.WaitVisible(testID("reply-form")),
		chromedp.SendKeys(chromedp.CSS(`#rep_name-0`), "李明"),
		chromedp.SendKeys(chromedp.CSS(`#rep_title-0`), "副总经理"),
		chromedp.SendKeys(chromedp.CSS(`#rep_mobile-0`), "13912345678"),
		chromedp.Click(testID("reply-accept")),
		chromedp.WaitVisible(testID("passes")),
	)
	screenshot(t, ent, "journey-accepted")
	var attendeeID int64
	var code string
	if err := p.pool.QueryRow(ctx, `SELECT id, checkin_code FROM attendees WHERE meeting_id = $1 AND name = '李明'`, meetingID).
		Scan(&attendeeID, &code); err != nil {
		t.Fatalf("no attendee after accepting: %v", err)
	}
	aid := strconv.FormatInt(attendeeID, 10)
	if got := text(t, ent, testID("code-"+aid)); got != code {
		t.Errorf("code shown %q, stored %q", got, code)
	}
	qrURL, err := chromedp.Run(ent, chromedp.AttributeValue(testID("qr-"+aid), "data-url"))
	if err != nil || !strings.HasSuffix(qrURL.Value, meetingPath+"/checkin?code="+code) {
		t.Errorf("QR code links to %q (%v)", qrURL.Value, err)
	}

	// At the door an official finds the representative and checks them in.
	do(t, off,
		chromedp.Navigate(p.url+meetingPath+"/checkin"),
		chromedp.WaitVisible(testID("checkin-search")),
		chromedp.SendKeys(testID("checkin-search"), "李明"),
		chromedp.WaitVisible(testID("checkin-"+aid)),
		chromedp.Click(testID("checkin-"+aid)),
		chromedp.WaitVisible(testID("checked-"+aid)),
	)
	screenshot(t, off, "journey-checked-in")
	var checkedIn bool
	if err := p.pool.QueryRow(ctx, `SELECT checked_in_at IS NOT NULL FROM attendees WHERE id = $1`, attendeeID).Scan(&checkedIn); err != nil || !checkedIn {
		t.Errorf("representative not checked in (%v)", err)
	}
}
