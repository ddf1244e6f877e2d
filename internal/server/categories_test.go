package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"

	"github.com/PuerkitoBio/goquery"
)

func TestCategoriesAdmin(t *testing.T) {
	e := newEnv(t)
	e.newAccount("admin1", portal.RoleAdmin)
	e.newAccount("official1", portal.RoleOfficial)
	ent := e.newAccount("ent1", portal.RoleEntrepreneur)
	admin := e.login("admin1")
	ctx := context.Background()
	categoryID := func(nameZH string) int64 {
		t.Helper()
		var id int64
		if err := e.pool.QueryRow(ctx, `SELECT id FROM demand_categories WHERE name_zh = $1`, nameZH).Scan(&id); err != nil {
			t.Fatalf("category %s: %v", nameZH, err)
		}
		return id
	}
	names := func() []string {
		t.Helper()
		var list []string
		admin.get("/admin/categories").doc(t).Find(`[data-testid^="category-name-"]`).Each(func(_ int, s *goquery.Selection) {
			list = append(list, s.Text())
		})
		return list
	}

	t.Run("only administrators", func(t *testing.T) {
		official := e.login("official1")
		wantStatus(t, official.get("/admin/categories"), http.StatusForbidden)
		wantStatus(t, official.post("/admin/categories/new", url.Values{"name_zh": {"科技"}, "name_en": {"Technology"}}), http.StatusForbidden)
		wantStatus(t, official.get("/admin/settings"), http.StatusForbidden)
	})

	t.Run("linked from the reference data for administrators", func(t *testing.T) {
		for _, path := range []string{"/chains", "/departments", "/admin/calendar"} {
			if href, _ := admin.get(path).doc(t).Find(`[data-testid="categories-link"]`).Attr("href"); href != "/admin/categories" {
				t.Errorf("%s links to %q", path, href)
			}
		}
		if n := e.login("official1").get("/chains").doc(t).Find(`[data-testid="categories-link"]`).Length(); n != 0 {
			t.Error("officials get the administrators' link")
		}
		if got := admin.get("/admin/categories").text(t, "rating-window"); !strings.Contains(got, "15") {
			t.Errorf("rating window shown as %q", got)
		}
	})

	t.Run("the seeded list in order", func(t *testing.T) {
		got := strings.Join(names(), ",")
		if got != "用地,融资,审批,水电气,人才,市场,政策,其他" {
			t.Errorf("categories = %s", got)
		}
	})

	t.Run("bad input keeps what was typed", func(t *testing.T) {
		res := admin.post("/admin/categories/new", url.Values{"name_zh": {""}, "name_en": {"Technology transfer"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if res.text(t, "error-name_zh") != zh("field.required") {
			t.Errorf("name_zh error = %q", res.text(t, "error-name_zh"))
		}
		if v, _ := res.doc(t).Find(`input[name="name_en"]`).Attr("value"); v != "Technology transfer" {
			t.Errorf("name_en kept as %q", v)
		}
		res = admin.post("/admin/categories/new", url.Values{"name_zh": {"融资"}, "name_en": {"Finance"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if res.text(t, "error-name_zh") != zh("categories.name_taken") {
			t.Errorf("taken name error = %q", res.text(t, "error-name_zh"))
		}
	})

	t.Run("add, rename and reorder", func(t *testing.T) {
		wantRedirect(t, admin.post("/admin/categories/new", url.Values{"name_zh": {"科技"}, "name_en": {"Technology"}}), "/admin/categories")
		id := categoryID("科技")
		if got := names(); got[len(got)-1] != "科技" {
			t.Errorf("a new category goes last: %v", got)
		}
		wantRedirect(t, admin.post("/admin/categories/"+itoa(id), url.Values{"name_zh": {"科技创新"}, "name_en": {"Innovation"}}), "/admin/categories")
		wantRedirect(t, admin.post("/admin/categories/"+itoa(id)+"/move", url.Values{"direction": {"up"}}), "/admin/categories")
		got := names()
		if got[len(got)-2] != "科技创新" || got[len(got)-1] != "其他" {
			t.Errorf("after moving up: %v", got)
		}
		// The first one cannot move further up.
		wantRedirect(t, admin.post("/admin/categories/"+itoa(categoryID("用地"))+"/move", url.Values{"direction": {"up"}}), "/admin/categories")
		if got := names(); got[0] != "用地" {
			t.Errorf("after moving the first up: %v", got)
		}
		// The entrepreneur's form offers it, in its place.
		form := e.login("ent1").get("/my/demands/new")
		var offered []string
		form.doc(t).Find(`select[name="category_id"] option`).Each(func(_ int, s *goquery.Selection) {
			offered = append(offered, strings.TrimSpace(s.Text()))
		})
		if joined := strings.Join(offered, ","); !strings.Contains(joined, "政策,科技创新,其他") {
			t.Errorf("intake offers %s", joined)
		}
	})

	t.Run("deactivated: not offered, old demands keep it", func(t *testing.T) {
		land := categoryID("用地")
		demand := e.demand(ent, "扩建用地") // e.demand files it under 用地
		res := admin.get("/admin/categories")
		if got := res.text(t, "category-demands-"+itoa(land)); got != "1" {
			t.Errorf("用地 used by %s demands", got)
		}
		wantRedirect(t, admin.post("/admin/categories/"+itoa(land)+"/active", url.Values{"active": {"0"}}), "/admin/categories")
		if got := admin.get("/admin/categories").text(t, "category-status-"+itoa(land)); got != zh("categories.inactive") {
			t.Errorf("status = %q", got)
		}
		c := e.login("ent1")
		if n := c.get("/my/demands/new").doc(t).Find(`select[name="category_id"] option[value="` + itoa(land) + `"]`).Length(); n != 0 {
			t.Error("a deactivated category is still offered")
		}
		res = c.post("/my/demands/new", url.Values{"category_id": {itoa(land)}, "title": {"再要一块地"},
			"description": {"扩建"}, "submit_token": {"t-deactivated"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if v, _ := res.doc(t).Find(`input[name="title"]`).Attr("value"); v != "再要一块地" {
			t.Errorf("title kept as %q", v)
		}
		if got := c.get("/demands/"+itoa(demand)).text(t, "demand-category"); got != "用地" {
			t.Errorf("old demand's category = %q", got)
		}
		// Never deleted: the row is there, and activating it offers it again.
		wantRedirect(t, admin.post("/admin/categories/"+itoa(land)+"/active", url.Values{"active": {"1"}}), "/admin/categories")
		if n := c.get("/my/demands/new").doc(t).Find(`select[name="category_id"] option[value="` + itoa(land) + `"]`).Length(); n != 1 {
			t.Error("an activated category is not offered")
		}
	})

	t.Run("unknown category", func(t *testing.T) {
		wantStatus(t, admin.get("/admin/categories/99999"), http.StatusNotFound)
		wantStatus(t, admin.post("/admin/categories/99999/move", url.Values{"direction": {"up"}}), http.StatusNotFound)
	})
}

func TestRatingWindowSetting(t *testing.T) {
	e := newEnv(t)
	e.newAccount("admin1", portal.RoleAdmin)
	admin := e.login("admin1")
	if v, _ := admin.get("/admin/settings").doc(t).Find(`input[name="rating_window_days"]`).Attr("value"); v != "15" {
		t.Errorf("default rating window shown as %q", v)
	}
	res := admin.post("/admin/settings", url.Values{"rating_window_days": {"0"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-rating_window_days") != zh("settings.rating_window_invalid") {
		t.Errorf("error = %q", res.text(t, "error-rating_window_days"))
	}
	res = admin.post("/admin/settings", url.Values{"rating_window_days": {"abc"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if v, _ := res.doc(t).Find(`input[name="rating_window_days"]`).Attr("value"); v != "abc" {
		t.Errorf("typed value kept as %q", v)
	}
	wantRedirect(t, admin.post("/admin/settings", url.Values{"rating_window_days": {"30"}}), "/admin/settings")
	if days, _ := postgres.NewSettingsStore(e.pool).RatingWindowDays(context.Background()); days != 30 {
		t.Errorf("saved rating window = %d", days)
	}
	// The dashboard defines "not rated" with the window it counts with.
	if got := admin.get("/dashboard").body; !strings.Contains(got, zh("dashboard.def_not_rated", 30)) {
		t.Error("the dashboard does not count with the new rating window")
	}
}
