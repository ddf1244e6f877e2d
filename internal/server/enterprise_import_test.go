package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"

	"github.com/xuri/excelize/v2"
)

// importUSCC is a valid credit code numbered n, different from the demo data's codes.
func importUSCC(n int) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	org := make([]byte, 9)
	for i := 8; i >= 0; i-- {
		org[i] = alphabet[n%31]
		n /= 31
	}
	first17 := "91330106" + string(org)
	return first17 + string(portal.USCCCheckChar(first17))
}

var importHeader = []any{"企业名称", "统一社会信用代码", "所属产业链", "规模", "年产值（万元）", "重点企业", "注册地址",
	"所在园区/街道", "法定代表人", "联系人", "职务", "手机", "邮箱"}

// importRow is a valid row of the import sheet.
func importRow(name, uscc, chains string) []any {
	return []any{name, uscc, chains, "规上", "1200.5", "是", "文三路 100 号", "西湖科技园", "张三", "李四", "总经理", "13912345678", "li@example.cn"}
}

// xlsxFile is a workbook whose first sheet holds the header and rows, written with the stream
// writer as a large file would be.
func xlsxFile(t *testing.T, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range append([][]any{importHeader}, rows...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// importStatus is the preview's JSON status.
type importStatus struct {
	Status    string `json:"status"`
	Processed int    `json:"processed"`
	Total     int    `json:"total"`
	Done      bool   `json:"done"`
	Text      string `json:"text"`
}

// uploadAndWait uploads data, follows the redirect to the preview, waits until the file is
// checked and returns the preview's path.
func uploadAndWait(t *testing.T, c *client, data []byte) string {
	t.Helper()
	res := c.upload("/enterprises/import", "file", "企业名单.xlsx", data)
	wantRedirect(t, res, "/enterprises/import/")
	preview := res.Header.Get("Location")
	deadline := time.Now().Add(60 * time.Second)
	for {
		res := c.get(preview + "/status")
		wantStatus(t, res, http.StatusOK)
		var st importStatus
		if err := json.Unmarshal([]byte(res.body), &st); err != nil {
			t.Fatalf("status %q: %v", res.body, err)
		}
		if st.Done {
			return preview
		}
		if time.Now().After(deadline) {
			t.Fatalf("still checking: %+v", st)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestImportEnterprises(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.newAccount("dept1", portal.RoleDepartment)
	manufacturing, medicine := e.chain("智能制造"), e.chain("生物医药")
	old := e.chain("纺织服装")
	if _, err := e.pool.Exec(context.Background(), `UPDATE industry_chains SET active = false WHERE id = $1`, old); err != nil {
		t.Fatal(err)
	}
	registered := e.enterprise("已登记企业", portal.EnterpriseVerified)
	var registeredUSCC string
	e.pool.QueryRow(context.Background(), `SELECT uscc FROM enterprises WHERE id = $1`, registered).Scan(&registeredUSCC)
	badCheck := importUSCC(3)
	badCheck = badCheck[:17] + map[bool]string{true: "1", false: "0"}[badCheck[17] == '0']

	data := xlsxFile(t,
		importRow("甲科技有限公司", importUSCC(1), "智能制造、生物医药"), // row 2: fine
		importRow("乙科技有限公司", badCheck, "智能制造"),           // 3: wrong check character
		importRow("", importUSCC(4), "智能制造"),             // 4: no name
		importRow("丁科技有限公司", importUSCC(5), "量子计算"),      // 5: unknown chain
		importRow("戊科技有限公司", importUSCC(1), "智能制造"),      // 6: same code as row 2
		importRow("己科技有限公司", registeredUSCC, "智能制造"),     // 7: registered already
		importRow("庚科技有限公司", importUSCC(7), "生物医药；智能制造"), // 8: fine
		importRow("辛科技有限公司", importUSCC(8), "纺织服装"),      // 9: inactive chain
	)
	c := e.login("official1")
	preview := uploadAndWait(t, c, data)

	page := c.get(preview)
	wantStatus(t, page, http.StatusOK)
	for id, want := range map[string]string{"import-total": "8", "import-valid": "2", "import-invalid": "6",
		"import-confirm": "确认导入 2 家企业"} {
		if got := page.text(t, id); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	for _, tc := range []struct{ row, want string }{
		{"2", "可导入"},
		{"3", "统一社会信用代码：校验位不正确，请核对营业执照。"},
		{"4", "企业名称：此项必填。"},
		{"5", "所属产业链：没有名为“量子计算”的产业链。"},
		{"6", "统一社会信用代码：与第 2 行的统一社会信用代码重复。"},
		{"7", "统一社会信用代码：该统一社会信用代码已在企业名录中。"},
		{"8", "可导入"},
		{"9", "所属产业链：产业链“纺织服装”已停用。"},
	} {
		if got := page.text(t, "import-row-"+tc.row); !strings.Contains(got, tc.want) {
			t.Errorf("row %s: %q, want it to say %q", tc.row, got, tc.want)
		}
	}
	// The problems are in the reader's language.
	wantRedirect(t, c.post("/lang", url.Values{"lang": {"en"}, "back": {preview}}), preview)
	en := c.get(preview)
	if got := en.text(t, "import-row-5"); !strings.Contains(got, "Industry chains: There is no industry chain named “量子计算”.") {
		t.Errorf("row 5 in English: %q", got)
	}
	if got := en.text(t, "import-confirm"); got != "Import 2 enterprises" {
		t.Errorf("confirm button in English: %q", got)
	}
	wantRedirect(t, c.post("/lang", url.Values{"lang": {"zh"}, "back": {preview}}), preview)

	only := c.get(preview + "?show=invalid")
	if n := only.doc(t).Find(`[data-testid^="import-row-"]`).Length(); n != 6 {
		t.Errorf("rows with problems: %d, want 6", n)
	}

	// Department staff can neither see nor confirm an import.
	d := e.login("dept1")
	wantStatus(t, d.get("/enterprises/import"), http.StatusForbidden)
	wantStatus(t, d.get(preview), http.StatusForbidden)
	wantStatus(t, d.post(preview+"/confirm", nil), http.StatusForbidden)
	wantStatus(t, d.upload("/enterprises/import", "file", "x.xlsx", data), http.StatusForbidden)
	if n := count(t, e, `SELECT count(*) FROM enterprises`); n != 1 {
		t.Fatalf("%d enterprises before confirming", n)
	}

	wantRedirect(t, c.post(preview+"/confirm", nil), "/enterprises")
	if got := c.get("/enterprises").text(t, "flash"); got != "已导入 2 家企业。" {
		t.Errorf("flash = %q", got)
	}
	var names []string
	rows, _ := e.pool.Query(context.Background(), `SELECT name || ':' || status || ':' || is_key || ':' || annual_output::text
		FROM enterprises WHERE id <> $1 ORDER BY name COLLATE "zh-x-icu"`, registered)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		names = append(names, s)
	}
	if got := strings.Join(names, " "); got != "庚科技有限公司:verified:true:1200.50 甲科技有限公司:verified:true:1200.50" {
		t.Errorf("imported: %s", got)
	}
	if n := count(t, e, `SELECT count(*) FROM enterprise_chains ec JOIN enterprises x ON x.id = ec.enterprise_id
		WHERE x.uscc = $1 AND ec.chain_id IN ($2, $3)`, importUSCC(1), manufacturing, medicine); n != 2 {
		t.Errorf("甲 has %d of its 2 chains", n)
	}
	if n := count(t, e, `SELECT count(*) FROM enterprise_contacts ct JOIN enterprises x ON x.id = ct.enterprise_id
		WHERE x.uscc = $1 AND ct.name = '李四' AND ct.mobile = '13912345678' AND ct.position = 0`, importUSCC(7)); n != 1 {
		t.Errorf("庚's contact missing")
	}
	if n := count(t, e, `SELECT count(*) FROM enterprise_reviews WHERE action = 'created'`); n != 2 {
		t.Errorf("%d review entries", n)
	}

	// An import is confirmed once.
	wantStatus(t, c.post(preview+"/confirm", nil), http.StatusConflict)
	if n := count(t, e, `SELECT count(*) FROM enterprises`); n != 3 {
		t.Errorf("%d enterprises after a second confirm", n)
	}
	if got := c.get(preview).text(t, "import-done"); !strings.Contains(got, "已导入 2 家企业") {
		t.Errorf("preview after import: %q", got)
	}
}

func TestImportConfirmIsAllOrNothing(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.chain("智能制造")
	other := e.chain("生物医药")
	c := e.login("official1")
	data := xlsxFile(t,
		importRow("甲公司", importUSCC(1), "智能制造"),
		importRow("乙公司", importUSCC(2), "智能制造"),
		importRow("丙公司", importUSCC(3), "生物医药"),
	)

	t.Run("a code registered after the check stops the import and marks its row", func(t *testing.T) {
		preview := uploadAndWait(t, c, data)
		if _, err := e.pool.Exec(context.Background(), `INSERT INTO enterprises (name, uscc, scale) VALUES ('抢先', $1, 'below')`,
			importUSCC(2)); err != nil {
			t.Fatal(err)
		}
		res := c.post(preview+"/confirm", nil)
		wantRedirect(t, res, preview+"?show=invalid")
		page := c.get(res.Header.Get("Location"))
		if got := page.text(t, "flash"); !strings.Contains(got, "有 1 行") {
			t.Errorf("flash = %q", got)
		}
		if got := page.text(t, "import-row-3"); !strings.Contains(got, "已在企业名录中") {
			t.Errorf("row 3: %q", got)
		}
		if n := count(t, e, `SELECT count(*) FROM enterprises`); n != 1 {
			t.Fatalf("%d enterprises: part of the import went in", n)
		}
		if got := page.text(t, "import-confirm"); got != "确认导入 2 家企业" {
			t.Errorf("confirm button now %q", got)
		}
		if _, err := e.pool.Exec(context.Background(), `DELETE FROM enterprises`); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("a failure half-way imports nothing", func(t *testing.T) {
		preview := uploadAndWait(t, c, data)
		// The third row's chain disappears: its insert fails after the first two rows'.
		if _, err := e.pool.Exec(context.Background(), `DELETE FROM industry_chains WHERE id = $1`, other); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, c.post(preview+"/confirm", nil), http.StatusInternalServerError)
		if n := count(t, e, `SELECT count(*) FROM enterprises`); n != 0 {
			t.Errorf("%d enterprises after a failed import", n)
		}
		if got := c.get(preview).text(t, "import-status"); got != "待确认" {
			t.Errorf("status after a failed import: %q", got)
		}
	})
}

func TestImportRefusesBadFiles(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.chain("智能制造")
	c := e.login("official1")

	t.Run("no file", func(t *testing.T) {
		res := c.upload("/enterprises/import", "file", "", nil)
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "error-file"); got != "请选择要上传的 Excel 文件。" {
			t.Errorf("error = %q", got)
		}
	})
	t.Run("not a workbook", func(t *testing.T) {
		res := c.upload("/enterprises/import", "file", "名单.csv", []byte("企业名称,统一社会信用代码\n"))
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if got := res.text(t, "error-file"); !strings.Contains(got, ".xlsx") {
			t.Errorf("error = %q", got)
		}
	})
	t.Run("missing columns", func(t *testing.T) {
		f := excelize.NewFile()
		f.SetSheetRow("Sheet1", "A1", &[]any{"企业名称", "规模"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"甲公司", "规上"})
		var buf bytes.Buffer
		f.WriteTo(&buf)
		preview := uploadAndWait(t, c, buf.Bytes())
		page := c.get(preview)
		if got := page.text(t, "import-error"); got != "表格缺少必需的列：统一社会信用代码、所属产业链、联系人、手机。请使用导入模板。" {
			t.Errorf("error = %q", got)
		}
		wantStatus(t, c.post(preview+"/confirm", nil), http.StatusConflict)
	})
	t.Run("a file over the app's 1 MiB limit is accepted here", func(t *testing.T) {
		junk := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0x5a}, 3<<19)...)
		preview := uploadAndWait(t, c, junk)
		if got := c.get(preview).text(t, "import-error"); !strings.Contains(got, "无法读取这个文件") {
			t.Errorf("error = %q", got)
		}
	})
	t.Run("a file over 20 MiB is too large", func(t *testing.T) {
		junk := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0x5a}, maxUploadBytes)...)
		wantStatus(t, c.upload("/enterprises/import", "file", "big.xlsx", junk), http.StatusRequestEntityTooLarge)
	})
	if n := count(t, e, `SELECT count(*) FROM enterprises`); n != 0 {
		t.Errorf("%d enterprises", n)
	}
}

func TestImportProgressPage(t *testing.T) {
	e := newEnv(t)
	u := e.newAccount("official1", portal.RoleOfficial)
	c := e.login("official1")
	id, err := e.srv.imports.Create(context.Background(), u.ID, "大名单.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	e.srv.imports.SetEstimate(context.Background(), id, 10000)
	preview := "/enterprises/import/" + itoa(id)
	page := c.get(preview)
	wantStatus(t, page, http.StatusOK)
	doc := page.doc(t)
	box := doc.Find(`[data-testid="import-parsing"]`)
	if url, _ := box.Attr("data-poll-url"); url != preview+"/status" {
		t.Errorf("poll url %q", url)
	}
	if max, _ := doc.Find("progress").Attr("max"); max != "10000" {
		t.Errorf("progress max %q", max)
	}
	if href, _ := doc.Find(`[data-testid="import-refresh"]`).Attr("href"); href != preview {
		t.Errorf("refresh link %q", href)
	}
	if doc.Find(`meta[http-equiv]`).Length() != 0 || strings.Contains(page.body, "<script>") {
		t.Error("the page refreshes itself without the static script")
	}
	var st importStatus
	json.Unmarshal([]byte(c.get(preview+"/status").body), &st)
	if st.Done || st.Status != "parsing" || st.Total != 10000 || st.Text != "已检查 0 / 10000 行" {
		t.Errorf("status %+v", st)
	}
	wantStatus(t, c.post(preview+"/confirm", nil), http.StatusConflict)
}

func TestImportTemplate(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.chain("智能制造")
	old := e.chain("纺织服装")
	e.pool.Exec(context.Background(), `UPDATE industry_chains SET active = false WHERE id = $1`, old)
	res := e.login("official1").get("/enterprises/import/template.xlsx")
	wantStatus(t, res, http.StatusOK)
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="enterprise-import-template.xlsx"`) ||
		!strings.Contains(cd, "filename*=UTF-8''%E4%BC%81%E4%B8%9A") {
		t.Errorf("Content-Disposition %q", cd)
	}
	f, err := excelize.OpenReader(strings.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "企业名录,说明" {
		t.Errorf("sheets %s", got)
	}
	rows, _ := f.GetRows("企业名录")
	if len(rows) != 2 || len(rows[0]) != 13 || rows[0][0] != "企业名称" || rows[1][2] != "智能制造" {
		t.Errorf("template rows %q", rows)
	}
	help, _ := f.GetRows("说明")
	text := ""
	for _, r := range help {
		text += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(text, "智能制造") || strings.Contains(text, "纺织服装") || !strings.Contains(text, "统一社会信用代码|是|") {
		t.Errorf("help sheet:\n%s", text)
	}
}

func TestImportTenThousandRows(t *testing.T) {
	if testing.Short() {
		t.Skip("large import")
	}
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.chain("智能制造")
	rows := make([][]any, 10000)
	for i := range rows {
		rows[i] = importRow("企业"+itoa(int64(i)), importUSCC(100+i), "智能制造")
	}
	c := e.login("official1")
	start := time.Now()
	preview := uploadAndWait(t, c, xlsxFile(t, rows...))
	checked := time.Since(start)
	page := c.get(preview)
	if got := page.text(t, "import-valid"); got != "10000" {
		t.Fatalf("valid rows %q (%s)", got, page.text(t, "import-error"))
	}
	if next, ok := page.doc(t).Find(`[data-testid="next-page"]`).Attr("href"); !ok || !strings.Contains(next, "after=101") {
		t.Errorf("next page link %q", next)
	}
	wantRedirect(t, c.post(preview+"/confirm", nil), "/enterprises")
	if n := count(t, e, `SELECT count(*) FROM enterprises`); n != 10000 {
		t.Errorf("%d enterprises", n)
	}
	if n := count(t, e, `SELECT count(*) FROM enterprise_contacts`); n != 10000 {
		t.Errorf("%d contacts", n)
	}
	t.Logf("10,000 rows: checked in %s, imported in %s", checked, time.Since(start)-checked)
}

// An import's rows copy the spreadsheet, contacts included: 30 days after the import the
// clean-up deletes them and keeps the record of the import; an import never confirmed goes
// whole. Newer imports are untouched.
func TestImportRowsArePurgedAfterRetention(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	official := e.newAccount("official1", portal.RoleOfficial)
	e.chain("智能制造")
	c := e.login("official1")
	upload := func(from int) string {
		return uploadAndWait(t, c, xlsxFile(t,
			importRow("甲公司"+strconv.Itoa(from), importUSCC(from), "智能制造"),
			importRow("乙公司"+strconv.Itoa(from), importUSCC(from+1), "智能制造")))
	}
	old, recent, unconfirmed := upload(1), upload(3), upload(5)
	for _, preview := range []string{old, recent} {
		wantRedirect(t, c.post(preview+"/confirm", nil), "/enterprises")
	}
	var failed int64
	if err := e.pool.QueryRow(ctx, `INSERT INTO enterprise_imports (created_by, status, error_key)
		VALUES ($1, 'failed', 'import.not_xlsx') RETURNING id`, official.ID).Scan(&failed); err != nil {
		t.Fatal(err)
	}
	idOf := func(preview string) string { return strings.TrimPrefix(preview, "/enterprises/import/") }
	// The old import and the two never confirmed were made 31 days ago.
	if _, err := e.pool.Exec(ctx, `UPDATE enterprise_imports SET imported_at = imported_at - interval '31 days',
		updated_at = updated_at - interval '31 days' WHERE id IN ($1, $2, $3)`, idOf(old), idOf(unconfirmed), failed); err != nil {
		t.Fatal(err)
	}

	e.srv.cleanOnce(ctx)

	page := c.get(old)
	wantStatus(t, page, http.StatusOK)
	if got := page.text(t, "import-purged"); !strings.Contains(got, "导入 30 天后") {
		t.Errorf("purged import says %q", got)
	}
	if got := page.text(t, "import-done"); !strings.Contains(got, "已导入 2 家企业") {
		t.Errorf("purged import's record: %q", got)
	}
	if page.doc(t).Find(`[data-testid="import-rows"], [data-testid="import-counts"]`).Length() != 0 {
		t.Error("a purged import still shows rows or counts")
	}
	if n := count(t, e, `SELECT count(*) FROM enterprise_import_rows WHERE import_id = $1`, idOf(old)); n != 0 {
		t.Errorf("%d rows of the old import kept", n)
	}
	recentPage := c.get(recent)
	if recentPage.doc(t).Find(`[data-testid="import-purged"]`).Length() != 0 || recentPage.text(t, "import-total") != "2" {
		t.Errorf("the recent import was purged:\n%.1500s", recentPage.body)
	}
	wantStatus(t, c.get(unconfirmed), http.StatusNotFound)
	if n := count(t, e, `SELECT count(*) FROM enterprise_imports WHERE id = $1`, failed); n != 0 {
		t.Error("the old failed import was kept")
	}
	// The enterprises imported stay in the registry, and a second clean-up changes nothing.
	if n := count(t, e, `SELECT count(*) FROM enterprises`); n != 4 {
		t.Errorf("%d enterprises after the clean-up, want the 4 imported", n)
	}
	var purgedAt time.Time
	e.pool.QueryRow(ctx, `SELECT rows_purged_at FROM enterprise_imports WHERE id = $1`, idOf(old)).Scan(&purgedAt)
	e.srv.cleanOnce(ctx)
	var again time.Time
	e.pool.QueryRow(ctx, `SELECT rows_purged_at FROM enterprise_imports WHERE id = $1`, idOf(old)).Scan(&again)
	if !again.Equal(purgedAt) || purgedAt.IsZero() {
		t.Errorf("rows_purged_at %s, then %s", purgedAt, again)
	}
}
