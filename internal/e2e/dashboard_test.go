package e2e

import (
	"context"
	"os"
	"strings"
	"testing"

	"breakfast/internal/portal"

	"github.com/chromedp/chromedp"
)

// TestDashboardInTheBrowser opens the supervision dashboard from the navigation the way a
// district official does, with the hand-built demand data set: the ranking's bar chart and
// the trend's line chart are drawn (inline SVG, named images) with their tables beside them,
// a column header sorts the ranking, and the bulletin form opens the month's bulletin.
func TestDashboardInTheBrowser(t *testing.T) {
	p := newPortal(t)
	p.account("official1", "区府办 刘洋", portal.RoleOfficial)
	sql, err := os.ReadFile("../postgres/testdata/dashboard_seed.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.pool.Exec(context.Background(), string(sql)); err != nil {
		t.Fatalf("seed: %v", err)
	}

	b := browser(t)
	do(t, b,
		login(p.url, "official1"),
		chromedp.Click(chromedp.CSS(`[data-testid="nav"] a[href="/dashboard"]`)),
		chromedp.WaitVisible(testID("dashboard-title")),
		// The data set is of 2026 up to 20 November.
		chromedp.Navigate(p.url+"/dashboard?from=2026-01-01&to=2026-11-20"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="ranking-chart"] svg[role="img"]`)),
		chromedp.WaitVisible(testID("ranking-table")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="trend-chart"] svg[role="img"]`)),
		chromedp.WaitVisible(testID("trend-table")),
	)
	screenshot(t, b, "dashboard")

	// The charts are drawn: bars and lines with a size on the page, and a name.
	for expr, want := range map[string]string{
		`document.querySelectorAll('[data-testid="ranking-chart"] svg rect').length`:                      "2",
		`document.querySelectorAll('[data-testid="trend-chart"] svg polyline').length`:                    "2",
		`document.querySelector('[data-testid="ranking-chart"] svg title').textContent`:                   "各部门按时答复率",
		`document.querySelector('[data-testid="trend-chart"] svg title').textContent`:                     "近 12 个月诉求趋势",
		`document.querySelector('[data-testid="ranking-chart"] svg').getBoundingClientRect().width > 300`: "true",
		`document.querySelector('[data-testid="trend-table"]').getBoundingClientRect().height > 100`:      "true",
	} {
		got, err := chromedp.Run(b, chromedp.Evaluate[string]("String("+expr+")"))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		if got != want {
			t.Errorf("%s = %q, want %q", expr, got, want)
		}
	}
	rows := text(t, b, testID("ranking-table"))
	for _, want := range []string{"税务局", "工信局", "资规局", "66.7%（2/3）"} {
		if !strings.Contains(rows, want) {
			t.Errorf("the ranking table lacks %q: %s", want, rows)
		}
	}
	if i, j := strings.Index(rows, "税务局"), strings.Index(rows, "资规局"); i < 0 || j < i {
		t.Errorf("the ranking is not by on-time rate: %s", rows)
	}

	// Sorting by department (pinyin): 工信局, 税务局, 资规局.
	do(t, b,
		chromedp.Click(testID("sort-department")),
		chromedp.WaitVisible(chromedp.CSS(`th[aria-sort="ascending"] [data-testid="sort-department"]`)),
	)
	rows = text(t, b, testID("ranking-table"))
	if i, j, k := strings.Index(rows, "工信局"), strings.Index(rows, "税务局"), strings.Index(rows, "资规局"); !(i < j && j < k) {
		t.Errorf("sorted by department: %s", rows)
	}

	// The bulletin of November opens as a print page.
	do(t, b,
		chromedp.SetValue(testID("bulletin-month"), "2026-11"),
		chromedp.Click(testID("bulletin-open")),
		chromedp.WaitVisible(testID("bulletin-title")),
	)
	screenshot(t, b, "dashboard-bulletin")
	if got := text(t, b, testID("bulletin-title")); got != "2026年11月 政企早餐会月度通报" {
		t.Errorf("bulletin title = %q", got)
	}
}
