package e2e

import (
	"context"
	"strings"
	"testing"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"

	"github.com/chromedp/chromedp"
)

// TestSelfRegistrationThenVerification: an entrepreneur registers online, an official verifies
// the registration, and the entrepreneur sees the enterprise verified.
func TestSelfRegistrationThenVerification(t *testing.T) {
	p := newPortal(t)
	p.account("official1", "区府办 刘洋", portal.RoleOfficial)
	if _, err := p.pool.Exec(context.Background(), `INSERT INTO industry_chains (name, leader_name) VALUES ('新能源汽车', '陈志远'), ('集成电路', '林国栋')`); err != nil {
		t.Fatal(err)
	}
	uscc := postgres.DemoUSCC(42)

	ent := browser(t)
	do(t, ent,
		chromedp.Navigate(p.url+"/login"),
		chromedp.Click(testID("register-link")),
		chromedp.WaitVisible(testID("register-form")),
		chromedp.SendKeys(chromedp.CSS(`#f-username`), "wangjh"),
		chromedp.SendKeys(chromedp.CSS(`#f-display_name`), "王建华"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), "start2026"),
		chromedp.SendKeys(chromedp.CSS(`#f-name`), "星途新能源汽车股份有限公司"),
		chromedp.SendKeys(chromedp.CSS(`#f-uscc`), "91440300192317458A"), // a typo in the check character
		chromedp.Click(chromedp.CSS(`input[name="scale"][value="above"]`)),
		chromedp.Click(`//label[contains(., "新能源汽车")]/input`),
		chromedp.SendKeys(chromedp.CSS(`#contact_name-0`), "王建华"),
		chromedp.SendKeys(chromedp.CSS(`#contact_title-0`), "总经理"),
		chromedp.SendKeys(chromedp.CSS(`#contact_mobile-0`), "13812345678"),
		chromedp.Click(testID("register-submit")),
		chromedp.WaitVisible(testID("error-uscc")),
	)
	screenshot(t, ent, "register-error")
	if got := text(t, ent, testID("error-uscc")); !strings.Contains(got, "校验位不正确") {
		t.Errorf("code message = %q", got)
	}
	name, err := chromedp.Run(ent, chromedp.Value(chromedp.CSS(`#f-name`)))
	if err != nil || name != "星途新能源汽车股份有限公司" {
		t.Errorf("name kept = %q (%v)", name, err)
	}
	// Correct the code, type the password again (never sent back) and submit.
	do(t, ent,
		chromedp.Clear(chromedp.CSS(`#f-uscc`)),
		chromedp.SendKeys(chromedp.CSS(`#f-uscc`), uscc),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), "start2026"),
		chromedp.Click(testID("register-submit")),
		chromedp.WaitVisible(testID("status-note")),
	)
	if got := text(t, ent, testID("enterprise-status")); got != "待审核" {
		t.Errorf("status after registering = %q", got)
	}

	off := browser(t)
	do(t, off,
		login(p.url, "official1"),
		chromedp.Click(testID("tile-review")),
		chromedp.WaitVisible(testID("review-queue")),
		chromedp.Click(chromedp.CSS(`[data-testid="queue-`+uscc+`"] a`)),
		chromedp.WaitVisible(testID("review-box")),
	)
	screenshot(t, off, "review-box")
	do(t, off, chromedp.Click(testID("verify")), chromedp.WaitVisible(testID("flash")))
	if got := text(t, off, testID("enterprise-status")); got != "已认证" {
		t.Errorf("official sees %q after verifying", got)
	}

	do(t, ent, chromedp.Reload(), chromedp.WaitVisible(testID("status-note")))
	if got := text(t, ent, testID("enterprise-status")); got != "已认证" {
		t.Errorf("entrepreneur sees %q after verification", got)
	}
	screenshot(t, ent, "my-enterprise-verified")
}
