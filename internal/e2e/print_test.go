package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
	"breakfast/internal/postgres"

	"github.com/chromedp/chromedp"
)

// TestPrintSignInSheetInTheBrowser prints the sign-in sheet the way meeting staff do: from
// the meeting's print tab to the print page, then through Chromium's printing to an A4 PDF.
// The PDF has every attendee, the table header on every page, no row split across pages, and
// none of the portal's navigation or toolbar. The name cards print one attendee per sheet.
func TestPrintSignInSheetInTheBrowser(t *testing.T) {
	p := newPortal(t)
	ctx := context.Background()
	p.account("official1", "区府办 刘洋", portal.RoleOfficial)
	start := time.Date(2026, 12, 18, 7, 30, 0, 0, portal.CST)
	var meetingID int64
	if err := p.pool.QueryRow(ctx, `INSERT INTO meetings (theme, starts_at, ends_at, venue, capacity, status, host_name, host_title)
		VALUES ('新能源汽车产业链企业家早餐会', $1, $2, '区行政中心 3 楼第一会议室', 60, 'published', '陈志远', '副区长')
		RETURNING id`, start, start.Add(90*time.Minute)).Scan(&meetingID); err != nil {
		t.Fatal(err)
	}
	type person struct{ name, enterprise, mobile string }
	surnames := []rune("安博陈张王李赵钱孙周吴郑冯褚卫蒋沈韩杨朱秦尤许何吕施孔曹严华")
	var people []person
	for i := 0; i < 30; i++ {
		pr := person{name: string(surnames[i]) + []string{"建华", "明", "国强", "丽"}[i%4],
			enterprise: fmt.Sprintf("%c氏新能源科技第%02d有限公司", surnames[i], i+1), mobile: fmt.Sprintf("1380000%04d", 1000+i)}
		people = append(people, pr)
		var ent, inv int64
		if err := p.pool.QueryRow(ctx, `INSERT INTO enterprises (name, uscc, scale, status) VALUES ($1, $2, 'above', 'verified') RETURNING id`,
			pr.enterprise, postgres.DemoUSCC(500+i)).Scan(&ent); err != nil {
			t.Fatal(err)
		}
		if err := p.pool.QueryRow(ctx, `INSERT INTO invitations (meeting_id, enterprise_id, status, source, replied_at)
			VALUES ($1, $2, 'accepted', 'official', now()) RETURNING id`, meetingID, ent).Scan(&inv); err != nil {
			t.Fatal(err)
		}
		if _, err := p.pool.Exec(ctx, `INSERT INTO attendees (meeting_id, invitation_id, enterprise_id, name, title, mobile, seat, checkin_code)
			VALUES ($1, $2, $3, $4, '总经理', $5, $6, $7)`, meetingID, inv, ent, pr.name, pr.mobile,
			fmt.Sprintf("%d桌%d号", i/10+1, i%10+1), fmt.Sprintf("E2E%03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	printPath := "/meetings/" + strconv.FormatInt(meetingID, 10) + "/print"

	b := browser(t)
	do(t, b,
		login(p.url, "official1"),
		chromedp.Navigate(p.url+printPath),
		chromedp.WaitVisible(testID("print-form-signin")),
	)
	screenshot(t, b, "print-setup")
	do(t, b,
		chromedp.Click(testID("print-open-signin")),
		chromedp.WaitVisible(testID("print-table")),
	)
	screenshot(t, b, "print-signin-page")
	if got := text(t, b, testID("print-title")); got != "签到表" {
		t.Errorf("title = %q", got)
	}
	pdf, err := chromedp.Run(b, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatal(err)
	}
	pages := pdfPageTexts(t, pdf, "signin")
	if len(pages) < 2 {
		t.Fatalf("30 people and 5 blank rows of 1.2 cm on %d page(s)", len(pages))
	}
	all := strings.Join(pages, "")
	for _, gone := range []string{i18n.Text(portal.LangZH, "nav.home"), i18n.Text(portal.LangZH, "nav.logout"),
		i18n.Text(portal.LangZH, "print.back"), i18n.Text(portal.LangZH, "print.downloads")} {
		if strings.Contains(all, gone) {
			t.Errorf("the printed sheet shows %q: navigation or toolbar is printed", gone)
		}
	}
	for i, page := range pages {
		for _, want := range []string{"序号", "企业名称", "签名"} {
			if !strings.Contains(page, want) {
				t.Errorf("page %d lacks the table header %q", i+1, want)
			}
		}
	}
	if !strings.Contains(pages[0], "新能源汽车产业链企业家早餐会") || !strings.Contains(pages[0], "2026年12月18日") {
		t.Errorf("the first page lacks the meeting: %q", pages[0])
	}
	for _, pr := range people {
		masked := pr.mobile[:3] + "****" + pr.mobile[7:]
		found := 0
		for _, page := range pages {
			if strings.Contains(page, masked) {
				found++
				if !strings.Contains(page, pr.name) || !strings.Contains(page, pr.enterprise) {
					t.Errorf("%s's row is split across pages", pr.name)
				}
			}
		}
		if found != 1 {
			t.Errorf("%s's mobile %s is on %d pages", pr.name, masked, found)
		}
	}
	if strings.Contains(all, people[0].mobile) {
		t.Error("a full mobile number is printed")
	}

	// The name cards: one A4 sheet per attendee.
	do(t, b,
		chromedp.Navigate(p.url+printPath+"/cards?order=seat"),
		chromedp.WaitVisible(testID("print-cards")),
	)
	screenshot(t, b, "print-cards-page")
	cards, err := chromedp.Run(b, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatal(err)
	}
	cardPages := pdfPageTexts(t, cards, "cards")
	if len(cardPages) != len(people) {
		t.Errorf("%d name cards printed on %d pages", len(people), len(cardPages))
	}
	for i, pr := range people {
		if i < len(cardPages) && !strings.Contains(cardPages[i], pr.name) {
			t.Errorf("card %d lacks %s: %q", i+1, pr.name, cardPages[i])
		}
	}
}

// pdfPageTexts returns the text of each page of the PDF, as pdftotext reads it, without white
// space. With E2E_SCREENSHOTS set the PDF is kept there too, for a person to look at.
func pdfPageTexts(t *testing.T, pdf []byte, name string) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is not installed: `make test` installs poppler-utils")
	}
	path := filepath.Join(t.TempDir(), name+".pdf")
	if dir := os.Getenv("E2E_SCREENSHOTS"); dir != "" {
		_ = os.MkdirAll(dir, 0o755)
		path = filepath.Join(dir, name+".pdf")
	}
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var pages []string
	for _, page := range strings.Split(string(out), "\f") {
		if s := strings.Join(strings.Fields(page), ""); s != "" {
			pages = append(pages, s)
		}
	}
	return pages
}
