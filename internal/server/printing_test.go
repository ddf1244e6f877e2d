package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"
)

// printDay is the meeting of 18 December 2026, 07:30 China time, whose documents are printed.
var printDay = time.Date(2026, 12, 18, 7, 30, 0, 0, portal.CST)

const printTheme = "新能源汽车产业链企业家早餐会"

// printPerson is an attendee to create for a print test.
type printPerson struct {
	enterprise, name, title, mobile, seat string
	replied                               time.Duration // after 2026-12-01 09:00 China time
	checkedIn                             bool
}

// printMeeting creates the published meeting and its attendees, each of their own enterprise
// that accepted the invitation, and returns the meeting's id and the attendees' ids.
func printMeeting(t *testing.T, e *env, people ...printPerson) (int64, []int64) {
	t.Helper()
	ctx := context.Background()
	meeting := e.meeting(printTheme, printDay, 150)
	base := time.Date(2026, 12, 1, 9, 0, 0, 0, portal.CST)
	var ids []int64
	for i, p := range people {
		ent := e.enterprise(p.enterprise, portal.EnterpriseVerified)
		var inv, id int64
		if err := e.pool.QueryRow(ctx, `INSERT INTO invitations (meeting_id, enterprise_id, status, source, replied_at)
			VALUES ($1, $2, 'accepted', 'official', $3) RETURNING id`, meeting, ent, base.Add(p.replied)).Scan(&inv); err != nil {
			t.Fatal(err)
		}
		var checked *time.Time
		if p.checkedIn {
			at := printDay.Add(-10 * time.Minute)
			checked = &at
		}
		if err := e.pool.QueryRow(ctx, `INSERT INTO attendees (meeting_id, invitation_id, enterprise_id, name, title, mobile,
				seat, checkin_code, checked_in_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, meeting, inv, ent, p.name, p.title, p.mobile, p.seat,
			fmt.Sprintf("P%05d", i), checked).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return meeting, ids
}

// pinyinPeople are four enterprises whose pinyin order (安 ān, 博 bó, 陈 chén, 张 zhāng)
// differs from their seat, reply and creation orders.
var pinyinPeople = []printPerson{
	{"张江智能驾驶科技有限公司", "张伟", "总经理", "13812341234", "2桌1号", 3 * time.Hour, true},
	{"陈氏电池科技有限公司", "陈立新", "董事长", "13900001111", "10桌1号", 1 * time.Hour, false},
	{"安徽江淮零部件有限公司", "安国强", "副总经理", "13722223333", "", 4 * time.Hour, false},
	{"博世汽车部件有限公司", "博文", "技术总监", "13655556666", "1桌2号", 2 * time.Hour, false},
}

// writeTemp writes data to a file in a temporary folder and returns its path.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pdfToText is the PDF's text as pdftotext reads it, without white space.
func pdfToText(t *testing.T, data []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is not installed: `make test` installs poppler-utils")
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", writeTemp(t, "doc.pdf", data), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// pdfPageCount is the number of pages pdfinfo reports.
func pdfPageCount(t *testing.T, data []byte) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", writeTemp(t, "doc.pdf", data)).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo: %s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// wantInOrder fails unless every one of names is in text, in that order.
func wantInOrder(t *testing.T, text string, names ...string) {
	t.Helper()
	last := -1
	for _, n := range names {
		i := strings.Index(text, n)
		if i < 0 {
			t.Errorf("%s is missing", n)
			continue
		}
		if i < last {
			t.Errorf("%s is out of order: want %s", n, strings.Join(names, ", "))
		}
		last = i
	}
}

// downloadName is the UTF-8 file name of a download's Content-Disposition.
func downloadName(t *testing.T, r response) string {
	t.Helper()
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Disposition"))
	if err != nil {
		t.Fatalf("Content-Disposition %q: %v", r.Header.Get("Content-Disposition"), err)
	}
	return params["filename"]
}

func TestPrintRoutesOnlyForMeetingStaff(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	e.newAccount("admin1", portal.RoleAdmin)
	e.newAccount("boss", portal.RoleEntrepreneur)
	e.newAccount("gxj", portal.RoleDepartment)
	meeting, ids := printMeeting(t, e, pinyinPeople...)
	base := "/meetings/" + itoa(meeting) + "/print"
	var paths []string
	paths = append(paths, base)
	for _, doc := range []string{"list", "signin", "cards"} {
		for _, ext := range []string{"", ".pdf", ".xlsx", ".csv"} {
			paths = append(paths, base+"/"+doc+ext)
		}
	}
	seats := url.Values{"attendee_id": {itoa(ids[0])}, "seat": {"9桌9号"}}
	for _, who := range []string{"boss", "gxj"} {
		c := e.login(who)
		for _, p := range paths {
			if res := c.get(p); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: status %d, want 403", who, p, res.StatusCode)
			}
		}
		if res := c.post(base+"/seats", seats); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s POST seats: status %d, want 403", who, res.StatusCode)
		}
	}
	if n := count(t, e, `SELECT count(*) FROM attendees WHERE seat = '9桌9号'`); n != 0 {
		t.Fatal("a refused request changed a seat")
	}
	if res := e.client().get(base + "/signin.pdf"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous: status %d, want a redirect to the login", res.StatusCode)
	}
	for _, who := range []string{"official1", "admin1"} {
		c := e.login(who)
		for _, p := range paths {
			if res := c.get(p); res.StatusCode != http.StatusOK {
				t.Errorf("%s GET %s: status %d, want 200", who, p, res.StatusCode)
			}
		}
	}
	official := e.login("official1")
	for _, p := range []string{base + "/badges", base + "/signin.docx", base + "/signin.pdf.zip", "/meetings/999999/print/list.pdf"} {
		if res := official.get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, res.StatusCode)
		}
	}
}

func TestPrintPDF(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	meeting, _ := printMeeting(t, e, pinyinPeople...)
	c := e.login("official1")
	base := "/meetings/" + itoa(meeting) + "/print/"

	res := c.get(base + "signin.pdf")
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type %q", ct)
	}
	if got := downloadName(t, res); got != "2026-12-18 "+printTheme+" 签到表.pdf" {
		t.Errorf("file name %q", got)
	}
	text := pdfToText(t, []byte(res.body))
	wantInOrder(t, text, "安国强", "博文", "陈立新", "张伟") // the default: enterprises in pinyin order
	for _, want := range []string{"签到表", printTheme, "2026年12月18日（星期五）07:30–09:00", "区行政中心3楼第一会议室",
		"主持：陈志远（副区长）", "138****1234", "139****1111", "第1页/共1页", "签名"} {
		if !strings.Contains(text, want) {
			t.Errorf("the sign-in sheet lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "13812341234") || strings.Contains(text, "已签到") {
		t.Error("masked mobile shown in full, or check-ins marked without asking")
	}

	for _, tc := range []struct {
		query string
		order []string
		want  []string
	}{
		{"order=seat", []string{"博文", "张伟", "陈立新", "安国强"}, nil}, // 1桌2号, 2桌1号, 10桌1号, no seat
		{"order=reply", []string{"陈立新", "博文", "张伟", "安国强"}, nil},
		{"order=enterprise&mobile=full&checked=1&blank=2", []string{"安国强", "博文", "陈立新", "张伟"},
			[]string{"13812341234", "已签到07:20", "5", "6"}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			res := c.get(base + "signin.pdf?" + tc.query)
			wantStatus(t, res, http.StatusOK)
			text := pdfToText(t, []byte(res.body))
			wantInOrder(t, text, tc.order...)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("lacks %q", w)
				}
			}
		})
	}

	// The list and the cards in their own words.
	list := pdfToText(t, []byte(c.get(base+"list.pdf").body))
	wantInOrder(t, list, "参会人员名单", "安国强", "博文", "陈立新", "张伟")
	cards := c.get(base + "cards.pdf?order=seat")
	wantStatus(t, cards, http.StatusOK)
	if n := pdfPageCount(t, []byte(cards.body)); n != len(pinyinPeople) {
		t.Errorf("%d name cards on %d pages", len(pinyinPeople), n)
	}
	if got := downloadName(t, cards); got != "2026-12-18 "+printTheme+" 桌牌.pdf" {
		t.Errorf("file name %q", got)
	}
}

func TestPrintPDFGrowsWithAttendees(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	surnames := []rune("安博陈张王李赵钱孙周吴郑冯褚卫蒋沈韩杨朱")
	crowd := func(n int, town string) []printPerson {
		people := make([]printPerson, n)
		for i := range people {
			people[i] = printPerson{enterprise: fmt.Sprintf("%s%c氏第%03d新能源科技有限公司", town, surnames[i%len(surnames)], i),
				name:  fmt.Sprintf("%c%c明", surnames[i%len(surnames)], surnames[(i/len(surnames)+3)%len(surnames)]),
				title: "总经理", mobile: fmt.Sprintf("1390000%04d", i), seat: fmt.Sprintf("%d桌%d号", i/10+1, i%10+1),
				replied: time.Duration(i) * time.Minute}
		}
		return people
	}
	people := crowd(100, "杭州")
	small, _ := printMeeting(t, e, crowd(10, "宁波")...)
	large, _ := printMeeting(t, e, people...)
	c := e.login("official1")
	pages := map[int64]int{}
	for _, m := range []int64{small, large} {
		res := c.get("/meetings/" + itoa(m) + "/print/signin.pdf?order=seat")
		wantStatus(t, res, http.StatusOK)
		if len(res.body) >= 1<<20 {
			t.Errorf("meeting %d: the PDF has %d bytes, want < 1 MB", m, len(res.body))
		}
		pages[m] = pdfPageCount(t, []byte(res.body))
		if m == large {
			text := pdfToText(t, []byte(res.body))
			for _, p := range people {
				if !strings.Contains(text, p.name) {
					t.Errorf("%s is missing", p.name)
				}
			}
			if want := fmt.Sprintf("第%d页/共%d页", pages[m], pages[m]); !strings.Contains(text, want) {
				t.Errorf("no footer %q", want)
			}
		}
	}
	if pages[large] <= pages[small] {
		t.Errorf("100 attendees take %d pages, 10 take %d", pages[large], pages[small])
	}
}

func TestPrintXLSX(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	meeting, _ := printMeeting(t, e, pinyinPeople...)
	c := e.login("official1")
	res := c.get("/meetings/" + itoa(meeting) + "/print/signin.xlsx?order=seat&blank=3")
	wantStatus(t, res, http.StatusOK)
	if got := downloadName(t, res); got != "2026-12-18 "+printTheme+" 签到表.xlsx" {
		t.Errorf("file name %q", got)
	}
	f, err := excelize.OpenReader(strings.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	if sheet != "签到表" {
		t.Errorf("sheet %q", sheet)
	}
	rows, _ := f.GetRows(sheet)
	want := [][]string{
		{"序号", "企业名称", "姓名", "职务", "手机", "座位", "签名"},
		{"1", "博世汽车部件有限公司", "博文", "技术总监", "136****6666", "1桌2号"},
		{"2", "张江智能驾驶科技有限公司", "张伟", "总经理", "138****1234", "2桌1号"},
		{"3", "陈氏电池科技有限公司", "陈立新", "董事长", "139****1111", "10桌1号"},
		{"4", "安徽江淮零部件有限公司", "安国强", "副总经理", "137****3333"},
		{"5"}, {"6"}, {"7"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q", rows)
	}
	for i := range want {
		if got := strings.TrimRight(strings.Join(rows[i], "|"), "|"); got != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i+1, got, strings.Join(want[i], "|"))
		}
	}
	style, _ := f.GetCellStyle(sheet, "B1")
	if s, _ := f.GetStyle(style); s == nil || s.Font == nil || !s.Font.Bold {
		t.Error("header not bold")
	}
	if s, _ := f.GetStyle(mustStyle(t, f, sheet, "B2")); s != nil && s.Font != nil && s.Font.Bold {
		t.Error("data rows are bold")
	}
	panes, _ := f.GetPanes(sheet)
	if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v", panes)
	}
	layout, _ := f.GetPageLayout(sheet)
	if layout.Size == nil || *layout.Size != 9 || layout.Orientation == nil || *layout.Orientation != "portrait" ||
		layout.FitToWidth == nil || *layout.FitToWidth != 1 {
		t.Errorf("page layout %+v", layout)
	}
	names := map[string]string{}
	for _, d := range f.GetDefinedName() {
		names[d.Name] = d.RefersTo
	}
	if names["_xlnm.Print_Area"] != "'签到表'!$A$1:$G$8" || names["_xlnm.Print_Titles"] != "'签到表'!$1:$1" {
		t.Errorf("defined names %v", names)
	}
	hf, _ := f.GetHeaderFooter(sheet)
	if hf == nil || !strings.Contains(hf.OddHeader, printTheme) || !strings.Contains(hf.OddFooter, "&P") || !strings.Contains(hf.OddFooter, "&N") {
		t.Errorf("header/footer %+v", hf)
	}
	if h, _ := f.GetRowHeight(sheet, 2); h < 30 {
		t.Errorf("sign-in rows are %v pt high, want about 1.2 cm (34 pt)", h)
	}
	if w, _ := f.GetColWidth(sheet, "G"); w < 15 {
		t.Errorf("the signature column is %v wide", w)
	}
	if typ, _ := f.GetCellType(sheet, "E2"); typ == excelize.CellTypeNumber {
		t.Error("the mobile became a number")
	}
}

func mustStyle(t *testing.T, f *excelize.File, sheet, cell string) int {
	t.Helper()
	s, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPrintCSV(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	people := append([]printPerson{{"=HYPERLINK(\"http://x\")公司", "刘洋", "总经理", "13511112222", "", 5 * time.Hour, false}}, pinyinPeople...)
	meeting, _ := printMeeting(t, e, people...)
	c := e.login("official1")
	res := c.get("/meetings/" + itoa(meeting) + "/print/list.csv?mobile=full")
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if got := downloadName(t, res); got != "2026-12-18 "+printTheme+" 参会人员名单.csv" {
		t.Errorf("file name %q", got)
	}
	data := []byte(res.body)
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatal("no byte order mark")
	}
	records, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 6 || strings.Join(records[0], "|") != "序号|企业名称|姓名|职务|手机|座位" {
		t.Fatalf("records %q", records)
	}
	byName := map[string][]string{}
	for _, r := range records[1:] {
		byName[r[2]] = r
	}
	if got := strings.Join(byName["安国强"][1:], "|"); got != "安徽江淮零部件有限公司|安国强|副总经理|13722223333|" {
		t.Errorf("安国强's row = %s", got)
	}
	formula := byName["刘洋"]
	if formula == nil || !strings.HasPrefix(formula[1], "'=") {
		t.Errorf("a formula is not defused: %q", formula)
	}

	masked := c.get("/meetings/" + itoa(meeting) + "/print/cards.csv")
	if strings.Contains(masked.body, "1372222") || strings.Contains(masked.body, "137****") {
		t.Error("the name cards' CSV carries mobile numbers")
	}
}

func TestPrintPage(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	meeting, _ := printMeeting(t, e, pinyinPeople...)
	c := e.login("official1")

	setup := c.get("/meetings/" + itoa(meeting) + "/print")
	wantStatus(t, setup, http.StatusOK)
	d := setup.doc(t)
	if d.Find(`[data-testid="tab-print"][aria-current="page"]`).Length() != 1 {
		t.Error("the print tab is not current")
	}
	for _, id := range []string{"print-form-list", "print-form-signin", "print-form-cards", "seat-form"} {
		if d.Find(`[data-testid="`+id+`"]`).Length() != 1 {
			t.Errorf("no %s", id)
		}
	}
	if v, _ := d.Find(`[data-testid="print-blank"]`).Attr("value"); v != "5" {
		t.Errorf("blank rows default %q", v)
	}
	if a, _ := d.Find(`[data-testid="print-pdf-signin"]`).Attr("formaction"); a != "/meetings/"+itoa(meeting)+"/print/signin.pdf" {
		t.Errorf("PDF button goes to %q", a)
	}

	page := c.get("/meetings/" + itoa(meeting) + "/print/signin?order=enterprise&blank=3&mobile=masked")
	wantStatus(t, page, http.StatusOK)
	d = page.doc(t)
	if d.Find(`[data-testid="nav"]`).Length() != 0 {
		t.Error("the print page has the navigation")
	}
	if d.Find(`[data-testid="print-toolbar"]`).Length() != 1 {
		t.Error("no print toolbar")
	}
	if d.Find(`[data-testid="print-table"] thead th`).Length() != 7 {
		t.Error("the table has no header row of 7 columns")
	}
	rows := d.Find(`[data-testid="print-row"]`)
	if rows.Length() != 4+3 {
		t.Fatalf("%d rows, want 4 people and 3 blank", rows.Length())
	}
	var names []string
	rows.Each(func(i int, s *goquery.Selection) {
		names = append(names, strings.TrimSpace(s.Find("td.col-name").Text()))
	})
	if got := strings.Join(names, ","); got != "安国强,博文,陈立新,张伟,,," {
		t.Errorf("names %s", got)
	}
	if got := page.text(t, "print-theme"); got != printTheme {
		t.Errorf("theme %q", got)
	}
	if strings.Contains(page.body, "13812341234") || !strings.Contains(page.body, "138****1234") {
		t.Error("the mobile is not masked")
	}
	if href, _ := d.Find(`[data-testid="download-pdf"]`).Attr("href"); !strings.HasPrefix(href, "/meetings/"+itoa(meeting)+"/print/signin.pdf?") ||
		!strings.Contains(href, "blank=3") {
		t.Errorf("PDF link %q", href)
	}

	cards := c.get("/meetings/" + itoa(meeting) + "/print/cards?order=seat")
	wantStatus(t, cards, http.StatusOK)
	cd := cards.doc(t)
	if cd.Find(`[data-testid="name-card"]`).Length() != 4 || cd.Find(`.card-flipped`).Length() != 4 {
		t.Error("not one folded card per attendee")
	}
	if got := strings.TrimSpace(cd.Find(`[data-testid="card-name"]`).First().Text()); got != "博文" {
		t.Errorf("first card %q, want 博文 (seat 1桌2号)", got)
	}
}

func TestSeatAssignment(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	meeting, ids := printMeeting(t, e, pinyinPeople...)
	other, otherIDs := printMeeting(t, e, printPerson{"其他企业", "赵六", "", "13000000000", "", 0, false})
	c := e.login("official1")
	base := "/meetings/" + itoa(meeting) + "/print"
	seatOf := func(id int64) string {
		var s string
		if err := e.pool.QueryRow(context.Background(), `SELECT seat FROM attendees WHERE id = $1`, id).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	form := func(seats ...string) url.Values {
		v := url.Values{}
		for i, id := range ids {
			v.Add("attendee_id", itoa(id))
			v.Add("seat", seats[i])
		}
		return v
	}

	res := c.post(base+"/seats", form("  1桌1号 ", "A-03", "", "主桌（左）"))
	wantRedirect(t, res, base)
	if got := c.get(base).text(t, "flash"); got != "座位已保存。" {
		t.Errorf("flash %q", got)
	}
	for i, want := range []string{"1桌1号", "A-03", "", "主桌（左）"} {
		if got := seatOf(ids[i]); got != want {
			t.Errorf("seat of attendee %d = %q, want %q", i, got, want)
		}
	}

	// One label too long: nothing saved, 422, the message beside that field, everything typed kept.
	long := strings.Repeat("座", 21)
	res = c.post(base+"/seats", form("5桌5号", long, "6桌6号", ""))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	d := res.doc(t)
	if got := res.text(t, "error-seat-"+itoa(ids[1])); got != "座位最多 20 个字。" {
		t.Errorf("error beside the field = %q", got)
	}
	if res.doc(t).Find(`[data-testid="error-summary"]`).Length() != 1 {
		t.Error("no error summary")
	}
	for i, want := range []string{"5桌5号", long, "6桌6号", ""} {
		if v, _ := d.Find(`[data-testid="seat-input-` + itoa(ids[i]) + `"]`).Attr("value"); v != want {
			t.Errorf("field %d kept %q, want %q", i, v, want)
		}
	}
	if invalid, _ := d.Find(`[data-testid="seat-input-` + itoa(ids[1]) + `"]`).Attr("aria-invalid"); invalid != "true" {
		t.Error("the bad field is not marked invalid")
	}
	if seatOf(ids[0]) != "1桌1号" || seatOf(ids[2]) != "" {
		t.Error("a form with a bad seat saved the others")
	}
	res = c.post(base+"/seats", form("1桌\n1号", "", "", ""))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	if got := res.text(t, "error-seat-"+itoa(ids[0])); got != "座位不能包含换行等控制字符。" {
		t.Errorf("control character: %q", got)
	}

	// Another meeting's attendee: refused, nothing saved.
	bad := form("7桌7号", "", "", "")
	bad.Add("attendee_id", itoa(otherIDs[0]))
	bad.Add("seat", "偷来的座位")
	wantStatus(t, c.post(base+"/seats", bad), http.StatusConflict)
	if seatOf(otherIDs[0]) != "" || seatOf(ids[0]) != "1桌1号" {
		t.Error("a refused form changed seats")
	}
	_ = other
	// Ids and seats that do not pair up.
	wantStatus(t, c.post(base+"/seats", url.Values{"attendee_id": {itoa(ids[0]), itoa(ids[1])}, "seat": {"x"}}), http.StatusBadRequest)

	// A closed meeting's seats are final.
	if _, err := e.pool.Exec(context.Background(), `UPDATE meetings SET status = 'closed' WHERE id = $1`, meeting); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.post(base+"/seats", form("8桌8号", "", "", "")), http.StatusConflict)
	page := c.get(base)
	if page.doc(t).Find(`[data-testid="save-seats"]`).Length() != 0 || page.text(t, "seats-locked") == "" {
		t.Error("a closed meeting still offers to save seats")
	}
}
