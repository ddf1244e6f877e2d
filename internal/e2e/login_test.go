package e2e

import (
	"strings"
	"testing"

	"breakfast/internal/portal"

	"github.com/chromedp/chromedp"
)

func TestLoginInTheBrowser(t *testing.T) {
	p := newPortal(t)
	p.account("demo-admin", "系统管理员", portal.RoleAdmin)
	ctx := browser(t)

	do(t, ctx, login(p.url, "demo-admin"))
	screenshot(t, ctx, "home-admin")
	if got := text(t, ctx, testID("home-title")); got != "您好，系统管理员" {
		t.Errorf("home title = %q", got)
	}
	if got := text(t, ctx, testID("nav")); !strings.Contains(got, "账号管理") {
		t.Errorf("admin navigation = %q", got)
	}
	if got := text(t, ctx, testID("flash")); !strings.Contains(got, "欢迎回来") {
		t.Errorf("flash = %q", got)
	}

	// Switch to English with the header button; the page comes back in English.
	do(t, ctx, chromedp.Click(testID("lang-switch")), chromedp.WaitVisible(chromedp.CSS(`html[lang="en"]`)))
	if got := text(t, ctx, testID("home-title")); got != "Hello, 系统管理员" {
		t.Errorf("after switching language: %q", got)
	}

	// Logging out leads back to the login page.
	do(t, ctx, chromedp.Click(testID("logout")), chromedp.WaitVisible(testID("flash")))
	if got := text(t, ctx, testID("flash")); got != "You have logged out." {
		t.Errorf("logout message = %q", got)
	}
}

func TestWrongPasswordInTheBrowser(t *testing.T) {
	p := newPortal(t)
	p.account("liuyang", "刘洋", portal.RoleOfficial)
	ctx := browser(t)
	do(t, ctx,
		chromedp.Navigate(p.url+"/login"),
		chromedp.SendKeys(chromedp.CSS(`#f-username`), "liuyang"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), "not-the-password1"),
		chromedp.Click(testID("login-submit")),
		chromedp.WaitVisible(testID("login-error")),
	)
	screenshot(t, ctx, "login-failed")
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#f-username`)))
	if err != nil {
		t.Fatal(err)
	}
	if msg := text(t, ctx, testID("login-error")); msg != "用户名或密码不正确。" || kept != "liuyang" {
		t.Errorf("message %q, username kept %q", msg, kept)
	}
}
