package server

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"
)

// testFile is one file of a multipart form.
type testFile struct {
	name string
	data []byte
}

var (
	testPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
	testPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
)

// postMultipart posts fields and files (all under the field "attachments") as a browser's
// multipart form does.
func (c *client) postMultipart(path string, fields url.Values, files ...testFile) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, err := mw.CreateFormFile("attachments", f.name)
		if err != nil {
			c.t.Fatal(err)
		}
		_, _ = fw.Write(f.data)
	}
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// departmentAccount creates department staff of the named department.
func departmentAccount(t *testing.T, e *env, username, department string) *portal.User {
	t.Helper()
	id := e.department(department)
	u, err := postgres.NewUserStore(e.pool).Create(context.Background(), portal.UserInput{Username: username,
		DisplayName: "测试 " + username, Role: portal.RoleDepartment, DepartmentID: &id, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func landCategory(t *testing.T, e *env) string {
	return itoa(int64(count(t, e, `SELECT id FROM demand_categories WHERE code = 'land'`)))
}

// intakeFields is a filled-in intake form with the token of a freshly rendered one.
func intakeFields(t *testing.T, e *env, c *client, path string) url.Values {
	t.Helper()
	res := c.get(path)
	wantStatus(t, res, http.StatusOK)
	token, _ := res.doc(t).Find(`input[name="submit_token"]`).Attr("value")
	if len(token) != 22 {
		t.Fatalf("submit token %q", token)
	}
	return url.Values{"submit_token": {token}, "category_id": {landCategory(t, e)}, "title": {"扩建厂房用地指标"},
		"description": {"二期厂房扩建需要新增 20 亩工业用地。"}, "expected_outcome": {"年内完成供地"}}
}

func TestDemandIntake(t *testing.T) {
	e := newEnv(t)
	boss := e.newAccount("boss", portal.RoleEntrepreneur)
	c := e.login("boss")
	noDemands := func(t *testing.T) {
		t.Helper()
		if n := count(t, e, `SELECT count(*) FROM demands`) + count(t, e, `SELECT count(*) FROM demand_attachments`); n != 0 {
			t.Fatalf("%d rows saved by a refused submit", n)
		}
	}

	t.Run("the form", func(t *testing.T) {
		res := c.get("/my/demands/new")
		wantStatus(t, res, http.StatusOK)
		doc := res.doc(t)
		if n := doc.Find(`select[name="category_id"] option`).Length(); n != 9 {
			t.Errorf("%d category options, want a prompt and 8", n)
		}
		if enc, _ := doc.Find(`[data-testid="intake-form"]`).Attr("enctype"); enc != "multipart/form-data" {
			t.Errorf("enctype %q", enc)
		}
		other, _ := c.get("/my/demands/new").doc(t).Find(`input[name="submit_token"]`).Attr("value")
		first, _ := doc.Find(`input[name="submit_token"]`).Attr("value")
		if other == first {
			t.Error("two renderings share a submit token")
		}
	})

	t.Run("invalid text: 422, text kept, files must be chosen again, nothing saved", func(t *testing.T) {
		form := intakeFields(t, e, c, "/my/demands/new")
		form.Set("title", "  ")
		form.Set("confidential", "on")
		res := c.postMultipart("/my/demands/new", form, testFile{"用地红线图.pdf", testPDF})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		doc := res.doc(t)
		if res.text(t, "error-title") == "" {
			t.Error("no message beside the title")
		}
		if got := doc.Find(`textarea[name="description"]`).Text(); got != "二期厂房扩建需要新增 20 亩工业用地。" {
			t.Errorf("description not kept: %q", got)
		}
		if _, ok := doc.Find(`[data-testid="intake-confidential"]`).Attr("checked"); !ok {
			t.Error("confidential not kept")
		}
		if !strings.Contains(res.text(t, "files-again"), "重新选择附件") {
			t.Errorf("files notice: %q", res.text(t, "files-again"))
		}
		if token, _ := doc.Find(`input[name="submit_token"]`).Attr("value"); token != form.Get("submit_token") {
			t.Error("the token changed on a refused submit")
		}
		noDemands(t)
	})

	t.Run("refused files are named; nothing saved", func(t *testing.T) {
		big := append(append([]byte{}, testPDF...), make([]byte, portal.MaxAttachmentBytes)...)
		tests := []struct {
			name  string
			files []testFile
			want  string
		}{
			{"html disguised as pdf", []testFile{{"现场照片.png", testPNG}, {"发票.pdf", []byte("<html><script>alert(1)</script></html>")}}, "“发票.pdf”的文件类型不被接受"},
			{"svg", []testFile{{"logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)}}, "“logo.svg”的文件类型不被接受"},
			{"over 10 MiB", []testFile{{"扫描件.pdf", big}}, "“扫描件.pdf”超过 10 MB"},
			{"six files", []testFile{{"1.pdf", testPDF}, {"2.pdf", testPDF}, {"3.pdf", testPDF}, {"4.pdf", testPDF}, {"5.pdf", testPDF}, {"6.pdf", testPDF}}, "最多上传 5 个附件"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				form := intakeFields(t, e, c, "/my/demands/new")
				res := c.postMultipart("/my/demands/new", form, tt.files...)
				wantStatus(t, res, http.StatusUnprocessableEntity)
				if got := res.text(t, "error-attachments"); !strings.Contains(got, tt.want) {
					t.Errorf("attachment message %q, want %q", got, tt.want)
				}
				if got, _ := res.doc(t).Find(`input[name="title"]`).Attr("value"); got != "扩建厂房用地指标" {
					t.Errorf("title not kept: %q", got)
				}
				if res.text(t, "files-again") == "" {
					t.Error("no notice to choose the files again")
				}
				noDemands(t)
			})
		}
	})

	t.Run("saved with its files", func(t *testing.T) {
		form := intakeFields(t, e, c, "/my/demands/new")
		res := c.postMultipart("/my/demands/new", form, testFile{`C:\fakepath\用地红线图.pdf`, testPDF}, testFile{"现场照片.png", testPNG})
		wantRedirect(t, res, "/demands/")
		page := c.get(res.Header.Get("Location"))
		wantStatus(t, page, http.StatusOK)
		if page.text(t, "demand-title") != "扩建厂房用地指标" || page.text(t, "demand-enterprise") != "企业 boss" ||
			page.text(t, "demand-category") != "用地" || !strings.Contains(page.text(t, "flash"), "诉求已提交") {
			t.Errorf("page: title %q enterprise %q category %q flash %q", page.text(t, "demand-title"),
				page.text(t, "demand-enterprise"), page.text(t, "demand-category"), page.text(t, "flash"))
		}
		if got := page.text(t, "attachments"); !strings.Contains(got, "用地红线图.pdf") || !strings.Contains(got, "现场照片.png") || strings.Contains(got, "fakepath") {
			t.Errorf("attachments %q", got)
		}
		if n := count(t, e, `SELECT count(*) FROM demands WHERE enterprise_id = $1 AND submitted_by = $2 AND NOT recorded_by_official`,
			*boss.EnterpriseID, boss.ID); n != 1 {
			t.Errorf("%d demands", n)
		}
	})

	t.Run("a double-clicked submit saves one demand", func(t *testing.T) {
		form := intakeFields(t, e, c, "/my/demands/new")
		form.Set("title", "双击提交")
		var wg sync.WaitGroup
		locations := make([]string, 2)
		for i := range locations {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res := c.postMultipart("/my/demands/new", form, testFile{"申请.pdf", testPDF})
				if res.StatusCode == http.StatusSeeOther {
					locations[i] = res.Header.Get("Location")
				}
			}()
		}
		wg.Wait()
		if locations[0] == "" || locations[0] != locations[1] {
			t.Errorf("redirects %q", locations)
		}
		if n := count(t, e, `SELECT count(*) FROM demands WHERE title = '双击提交'`); n != 1 {
			t.Errorf("%d demands", n)
		}
		if n := count(t, e, `SELECT count(*) FROM demand_attachments a JOIN demands d ON d.id = a.demand_id WHERE d.title = '双击提交'`); n != 1 {
			t.Errorf("%d attachments", n)
		}
	})

	t.Run("an enterprise not yet verified cannot submit", func(t *testing.T) {
		u := e.newAccount("newcomer", portal.RoleEntrepreneur)
		if _, err := e.pool.Exec(context.Background(), `UPDATE enterprises SET status = 'pending' WHERE id = $1`, *u.EnterpriseID); err != nil {
			t.Fatal(err)
		}
		nc := e.login("newcomer")
		res := nc.get("/my/demands/new")
		wantStatus(t, res, http.StatusOK)
		if res.text(t, "intake-not-verified") == "" || res.doc(t).Find(`[data-testid="intake-form"]`).Length() != 0 {
			t.Error("the form shows for an unverified enterprise")
		}
		form := url.Values{"category_id": {landCategory(t, e)}, "title": {"x"}, "description": {"y"}}
		wantStatus(t, nc.postMultipart("/my/demands/new", form), http.StatusConflict)
	})

	t.Run("only entrepreneurs use the entrepreneur's form", func(t *testing.T) {
		e.newAccount("official1", portal.RoleOfficial)
		wantStatus(t, e.login("official1").get("/my/demands/new"), http.StatusForbidden)
		wantStatus(t, c.get("/demands/new"), http.StatusForbidden)
	})
}

func TestDemandRecordedByOfficial(t *testing.T) {
	e := newEnv(t)
	official := e.newAccount("official1", portal.RoleOfficial)
	e.newAccount("boss", portal.RoleEntrepreneur)
	ent := e.enterprise("星途新能源汽车", portal.EnterpriseVerified)
	meeting := e.meeting("新能源汽车产业链早餐会", time.Now().AddDate(0, 0, 7), 30)
	if _, err := e.pool.Exec(context.Background(), `INSERT INTO invitations (meeting_id, enterprise_id, status, source) VALUES ($1, $2, 'invited', 'official')`,
		meeting, ent); err != nil {
		t.Fatal(err)
	}
	c := e.login("official1")

	res := c.get("/demands/new?meeting=" + itoa(meeting))
	wantStatus(t, res, http.StatusOK)
	if got := res.text(t, "picker-results"); got != "星途新能源汽车" {
		t.Errorf("the meeting's invited enterprises: %q", got)
	}
	res = c.get("/demands/new?q=" + url.QueryEscape("星途"))
	if href, _ := res.doc(t).Find(`[data-testid="pick-` + itoa(ent) + `"]`).Attr("href"); href != "/demands/new?enterprise="+itoa(ent) {
		t.Errorf("pick link %q", href)
	}

	path := "/demands/new?enterprise=" + itoa(ent) + "&meeting=" + itoa(meeting)
	form := intakeFields(t, e, c, path)
	res = c.get(path)
	if res.text(t, "intake-enterprise") != "星途新能源汽车" {
		t.Errorf("enterprise %q", res.text(t, "intake-enterprise"))
	}
	if v, _ := res.doc(t).Find(`select[name="meeting_id"] option[selected]`).Attr("value"); v != itoa(meeting) {
		t.Errorf("meeting preselected: %q", v)
	}
	form.Set("enterprise_id", itoa(ent))
	form.Set("meeting_id", itoa(meeting))
	res = c.postMultipart("/demands/new", form)
	wantRedirect(t, res, "/demands/")
	if n := count(t, e, `SELECT count(*) FROM demands WHERE enterprise_id = $1 AND meeting_id = $2 AND recorded_by_official AND submitted_by = $3`,
		ent, meeting, official.ID); n != 1 {
		t.Errorf("%d recorded demands", n)
	}
	page := c.get(res.Header.Get("Location"))
	if page.text(t, "recorded-by-official") == "" || page.text(t, "demand-meeting") != "新能源汽车产业链早餐会" {
		t.Errorf("page: %q %q", page.text(t, "recorded-by-official"), page.text(t, "demand-meeting"))
	}

	// Without an enterprise the picker shows again with a message.
	form.Del("enterprise_id")
	form.Set("submit_token", "another")
	res = c.postMultipart("/demands/new", form)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if res.text(t, "error-enterprise_id") == "" {
		t.Error("no message asking for the enterprise")
	}
}

// demandFixture is two entrepreneurs' enterprises, an official, staff of the lead and of a
// co-handling department and of an uninvolved one, and a demand of the first enterprise with a
// PDF attached, assigned to the lead department.
type demandPageFixture struct {
	e                 *env
	boss, other       *portal.User
	lead, co, outside *portal.User
	official          *portal.User
	demand            int64
	file              int64
}

func newDemandPageFixture(t *testing.T) demandPageFixture {
	e := newEnv(t)
	f := demandPageFixture{e: e}
	f.boss = e.newAccount("boss", portal.RoleEntrepreneur)
	f.other = e.newAccount("rival", portal.RoleEntrepreneur)
	f.official = e.newAccount("official1", portal.RoleOfficial)
	f.lead = departmentAccount(t, e, "gxj", "工业和信息化局")
	f.co = departmentAccount(t, e, "zgj", "自然资源和规划局")
	f.outside = departmentAccount(t, e, "power", "供电公司")
	f.demand = e.demand(f.boss, "扩建厂房用地指标", postgres.NewAttachment{Filename: "用地红线图.pdf", Data: testPDF})
	f.file = int64(count(t, e, `SELECT id FROM demand_attachments WHERE demand_id = $1`, f.demand))
	return f
}

// step applies a step to the demand through the store, with change's extra updates.
func (f demandPageFixture) step(t *testing.T, actor *portal.User, s portal.Step, change postgres.DemandChange) {
	t.Helper()
	s.Actor = portal.ViewerOf(actor)
	if s.Now.IsZero() {
		s.Now = time.Now()
	}
	version := count(t, f.e, `SELECT version FROM demands WHERE id = $1`, f.demand)
	if err := postgres.NewDemandStore(f.e.pool).Apply(context.Background(), f.demand, version, s, change); err != nil {
		t.Fatal(err)
	}
}

func (f demandPageFixture) assign(t *testing.T, deadline time.Time) {
	t.Helper()
	f.step(t, f.official, portal.Step{Action: portal.DemandAssign, Note: "请工信局牵头办理"},
		func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error {
			_, err := tx.Exec(ctx, `UPDATE demands SET lead_department_id = $2, time_limit_days = 10, assigned_at = now(),
				deadline = $3::date, priority = 'high' WHERE id = $1;`, d.ID, *f.lead.DepartmentID, deadline.In(portal.CST).Format("2006-01-02"))
			if err == nil {
				_, err = tx.Exec(ctx, `INSERT INTO demand_co_departments VALUES ($1, $2)`, d.ID, *f.co.DepartmentID)
			}
			return err
		})
}

func (f demandPageFixture) answer(t *testing.T) {
	t.Helper()
	f.step(t, f.lead, portal.Step{Action: portal.DemandAnswer, Note: "已协调区资规局调剂 20 亩用地指标。"},
		func(ctx context.Context, tx pgx.Tx, d *portal.Demand, to portal.DemandStatus) error {
			_, err := tx.Exec(ctx, `UPDATE demands SET answer = '已协调区资规局调剂 20 亩用地指标。', answered_at = now() WHERE id = $1`, d.ID)
			return err
		})
}

func TestDemandPageVisibility(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	page := "/demands/" + itoa(f.demand)
	file := page + "/attachments/" + itoa(f.file)

	before := []struct {
		user string
		want int
	}{{"boss", 200}, {"official1", 200}, {"rival", 404}, {"gxj", 404}, {"zgj", 404}, {"power", 404}}
	for _, tt := range before {
		c := e.login(tt.user)
		wantStatus(t, c.get(page), tt.want)
		wantStatus(t, c.get(file), tt.want)
	}
	f.assign(t, time.Now().AddDate(0, 0, 14))
	after := []struct {
		user string
		want int
	}{{"boss", 200}, {"official1", 200}, {"rival", 404}, {"gxj", 200}, {"zgj", 200}, {"power", 404}}
	for _, tt := range after {
		c := e.login(tt.user)
		res := c.get(page)
		wantStatus(t, res, tt.want)
		if tt.want == 404 && strings.Contains(res.body, "扩建厂房用地指标") {
			t.Errorf("%s: a 404 page reveals the demand", tt.user)
		}
		wantStatus(t, c.get(file), tt.want)
	}
	// Another demand's id with this file's id is not found either.
	other := e.demand(f.other, "人才公寓")
	wantStatus(t, e.login("rival").get("/demands/"+itoa(other)+"/attachments/"+itoa(f.file)), http.StatusNotFound)

	t.Run("download", func(t *testing.T) {
		res := e.login("boss").get(file)
		wantStatus(t, res, http.StatusOK)
		h := res.Header
		if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") ||
			!strings.Contains(h.Get("Content-Disposition"), "filename*=UTF-8''"+url.PathEscape("用地红线图.pdf")) {
			t.Errorf("headers %v", h)
		}
		if res.body != string(testPDF) {
			t.Errorf("body %q", res.body)
		}
	})
}

func TestDemandPageTimeline(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	now := time.Now()
	e.setNow(now)
	f.assign(t, now.AddDate(0, 0, -3)) // the deadline passed three days ago
	f.step(t, f.lead, portal.Step{Action: portal.DemandStart}, nil)

	res := e.login("official1").get("/demands/" + itoa(f.demand))
	wantStatus(t, res, http.StatusOK)
	if got := res.text(t, "demand-overdue"); got != "已超期 3 天" {
		t.Errorf("overdue %q", got)
	}
	if res.doc(t).Find(`.deadline-overdue[data-testid="demand-deadline"]`).Length() != 1 {
		t.Error("the deadline is not highlighted")
	}
	if res.text(t, "demand-lead") != "工业和信息化局" || res.text(t, "demand-co") != "自然资源和规划局" || res.text(t, "demand-priority") != "重要" {
		t.Errorf("departments %q / %q, priority %q", res.text(t, "demand-lead"), res.text(t, "demand-co"), res.text(t, "demand-priority"))
	}
	var timeline []string
	res.doc(t).Find(`[data-testid="timeline"] li`).Each(func(_ int, li *goquery.Selection) {
		text := strings.Join(strings.Fields(li.Find(`[data-testid="event-action"]`).Text()+" "+
			li.Find(`[data-testid="event-actor"]`).Text()+" "+li.Find(`[data-testid="event-states"]`).Text()+" "+
			li.Find(`[data-testid="event-note"]`).Text()), " ")
		timeline = append(timeline, text)
	})
	want := []string{
		"提交诉求 测试 boss 待受理",
		"受理并交办 测试 official1 待受理 → 已交办 请工信局牵头办理",
		"开始办理 测试 gxj 已交办 → 办理中",
	}
	if strings.Join(timeline, "\n") != strings.Join(want, "\n") {
		t.Errorf("timeline:\n%s\nwant:\n%s", strings.Join(timeline, "\n"), strings.Join(want, "\n"))
	}
	// The enterprise sees the same timeline and no panel of the officials' or departments'.
	res = e.login("boss").get("/demands/" + itoa(f.demand))
	if n := res.doc(t).Find(`[data-testid="timeline"] li`).Length(); n != 3 {
		t.Errorf("enterprise sees %d timeline entries", n)
	}
	if res.doc(t).Find(`[data-testid="rate-panel"]`).Length() != 0 {
		t.Error("a rating panel before any answer")
	}
}

func TestRateDemand(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	f.assign(t, time.Now().AddDate(0, 0, 14))
	f.answer(t)
	page := "/demands/" + itoa(f.demand)
	boss := e.login("boss")

	res := boss.get(page)
	wantStatus(t, res, http.StatusOK)
	if res.text(t, "demand-answer") != "已协调区资规局调剂 20 亩用地指标。" || res.text(t, "rate-panel") == "" {
		t.Fatalf("answer %q, rate panel %q", res.text(t, "demand-answer"), res.text(t, "rate-panel"))
	}
	version, _ := res.doc(t).Find(`[data-testid="rate-form"] input[name="version"]`).Attr("value")
	for _, u := range []string{"official1", "gxj"} {
		if e.login(u).get(page).doc(t).Find(`[data-testid="rate-panel"]`).Length() != 0 {
			t.Errorf("%s sees the rating panel", u)
		}
	}
	if got := e.login("boss").get("/my/demands").text(t, "to-rate-badge"); got != "待您评价" {
		t.Errorf("list badge %q", got)
	}

	t.Run("不满意 needs a reason: 422, choice kept", func(t *testing.T) {
		res := boss.post(page+"/rate", url.Values{"version": {version}, "rating": {"unsatisfied"}})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if res.text(t, "error-note") == "" {
			t.Error("no message beside the comment")
		}
		if _, ok := res.doc(t).Find(`[data-testid="rating-unsatisfied"]`).Attr("checked"); !ok {
			t.Error("the rating chosen is not kept")
		}
	})
	t.Run("another enterprise cannot rate", func(t *testing.T) {
		wantStatus(t, e.login("rival").post(page+"/rate", url.Values{"version": {version}, "rating": {"satisfied"}}), http.StatusNotFound)
		wantStatus(t, e.login("official1").post(page+"/rate", url.Values{"version": {version}, "rating": {"satisfied"}}), http.StatusForbidden)
	})
	t.Run("不满意 reopens to the department under supervision", func(t *testing.T) {
		res := boss.post(page+"/rate", url.Values{"version": {version}, "rating": {"unsatisfied"}, "note": {"指标仍未下达"}})
		wantRedirect(t, res, page)
		res = boss.get(page)
		if res.text(t, "demand-status") != "重新办理" || res.text(t, "supervised-badge") != "督办" ||
			res.text(t, "supervision-note") != "指标仍未下达" || res.text(t, "demand-lead") != "工业和信息化局" {
			t.Errorf("status %q supervised %q note %q lead %q", res.text(t, "demand-status"), res.text(t, "supervised-badge"),
				res.text(t, "supervision-note"), res.text(t, "demand-lead"))
		}
		// The old form's version is stale now.
		wantStatus(t, boss.post(page+"/rate", url.Values{"version": {version}, "rating": {"satisfied"}}), http.StatusConflict)
	})
	t.Run("满意 closes", func(t *testing.T) {
		f.answer(t)
		res := boss.get(page)
		v, _ := res.doc(t).Find(`[data-testid="rate-form"] input[name="version"]`).Attr("value")
		wantRedirect(t, boss.post(page+"/rate", url.Values{"version": {v}, "rating": {"satisfied"}}), page)
		res = boss.get(page)
		if res.text(t, "demand-status") != "已办结" || !strings.Contains(res.text(t, "demand-rating"), "满意") ||
			res.doc(t).Find(`[data-testid="rate-panel"]`).Length() != 0 {
			t.Errorf("status %q rating %q", res.text(t, "demand-status"), res.text(t, "demand-rating"))
		}
		if n := count(t, e, `SELECT count(*) FROM demands WHERE id = $1 AND closed_at IS NOT NULL AND rated_at IS NOT NULL AND rating = 'satisfied'`, f.demand); n != 1 {
			t.Error("closed_at or rated_at not set")
		}
	})
}

func TestMyDemands(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	e.demand(f.other, "人才公寓配租")
	second := e.demand(f.boss, "电力增容")
	if _, err := e.pool.Exec(context.Background(), `UPDATE demands SET status = 'rejected', reject_reason = '不属于受理范围' WHERE id = $1`, second); err != nil {
		t.Fatal(err)
	}
	c := e.login("boss")
	res := c.get("/my/demands")
	wantStatus(t, res, http.StatusOK)
	var titles []string
	res.doc(t).Find(`[data-testid="my-demand-title"]`).Each(func(_ int, s *goquery.Selection) { titles = append(titles, s.Text()) })
	if strings.Join(titles, "|") != "电力增容|扩建厂房用地指标" {
		t.Errorf("titles %v", titles)
	}
	res = c.get("/my/demands?status=rejected")
	if got := res.text(t, "my-demands"); !strings.Contains(got, "电力增容") || strings.Contains(got, "扩建厂房") {
		t.Errorf("filtered: %q", got)
	}
	if res.doc(t).Find(`a[href="/my/demands"][aria-current="page"]`).Length() != 1 {
		t.Error("no current nav item 我的诉求")
	}
	home := c.get("/")
	if home.text(t, "tile-my-demands") == "" || home.text(t, "tile-new-demand") == "" {
		t.Error("home tiles missing")
	}
	wantStatus(t, e.login("official1").get("/my/demands"), http.StatusForbidden)
}

// TestDemandPageShowsTheEnterprisesContacts: the departments working on a demand call the
// enterprise about it, so its page shows the enterprise's contacts (a tap on a phone calls
// them) to officials and to the departments; officials also reach the enterprise's record.
// The enterprise's own people are not shown their contacts.
func TestDemandPageShowsTheEnterprisesContacts(t *testing.T) {
	f := newDemandPageFixture(t)
	e := f.e
	for _, sql := range []string{`DELETE FROM enterprise_contacts WHERE enterprise_id = $1`,
		`INSERT INTO enterprise_contacts (enterprise_id, position, name, title, mobile)
			VALUES ($1, 1, '陈立新', '行政总监', '13912345678'), ($1, 2, '周敏', '', '')`} {
		if _, err := e.pool.Exec(context.Background(), sql, *f.boss.EnterpriseID); err != nil {
			t.Fatal(err)
		}
	}
	f.assign(t, time.Now().AddDate(0, 0, 10))
	page := "/demands/" + itoa(f.demand)
	for _, who := range []string{"official1", "gxj", "zgj"} {
		doc := e.login(who).get(page).doc(t)
		contacts := doc.Find(`[data-testid="demand-contact"]`)
		if contacts.Length() != 2 || !strings.Contains(contacts.First().Text(), "陈立新") ||
			!strings.Contains(contacts.First().Text(), "行政总监") || strings.TrimSpace(contacts.Last().Text()) != "周敏" {
			t.Errorf("%s sees the contacts %q", who, contacts.Text())
		}
		if href, _ := contacts.First().Find("a").Attr("href"); href != "tel:13912345678" {
			t.Errorf("%s: the mobile links to %q", who, href)
		}
		link, isLink := doc.Find(`[data-testid="demand-enterprise"] a`).Attr("href")
		if want := who == "official1"; isLink != want || (want && link != "/enterprises/"+itoa(*f.boss.EnterpriseID)) {
			t.Errorf("%s: the enterprise links to %q (%v)", who, link, isLink)
		}
	}
	if n := e.login("boss").get(page).doc(t).Find(`[data-testid="demand-contacts"]`).Length(); n != 0 {
		t.Error("the enterprise is shown its own contacts")
	}
	if _, err := e.pool.Exec(context.Background(), `DELETE FROM enterprise_contacts`); err != nil {
		t.Fatal(err)
	}
	if got := e.login("gxj").get(page).text(t, "demand-contacts"); got != "企业未登记联系人" {
		t.Errorf("without contacts: %q", got)
	}
}
