package printing

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
)

func zh(key string, args ...any) string { return i18n.Text(portal.LangZH, key, args...) }

var header = Header{Title: "签到表", Theme: "新能源汽车产业链企业家早餐会", When: "2026年12月18日（星期五）07:30–09:00",
	Venue: "地点：区行政中心 3 楼会议室", Host: "主持：刘洋（区长）", PrintedAt: "打印时间：2026-12-17 18:05"}

// people returns n attendees with distinct names, enterprises and mobiles.
func people(n int) []Attendee {
	surnames := []rune("安博陈张王李赵钱孙周吴郑冯褚卫蒋沈韩杨朱秦尤许何吕施")
	given := []rune("建华明伟芳娜静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英")
	out := make([]Attendee, n)
	for i := range out {
		out[i] = Attendee{
			ID:         int64(i + 1),
			Name:       string(surnames[i%len(surnames)]) + string(given[(i/len(surnames))%len(given)]) + string(given[(i*7+3)%len(given)]),
			Title:      []string{"总经理", "董事长", "副总经理", "技术总监"}[i%4],
			Mobile:     fmt.Sprintf("139%08d", 10000000+i*1237),
			Seat:       fmt.Sprintf("%d桌%d号", i/10+1, i%10+1),
			Enterprise: fmt.Sprintf("第%03d号新能源汽车零部件科技有限公司", i+1),
		}
	}
	return out
}

// pdfText writes data to a file and returns what pdftotext reads from it, page by page.
func pdfText(t *testing.T, data []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is not installed: `make test` installs poppler-utils")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// pdfPages is the page count pdfinfo reports.
func pdfPages(t *testing.T, data []byte) int {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo: no page count in %s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func render(t *testing.T, r *Renderer, tab Table) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := r.WritePDF(&buf, tab, zh); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", buf.Bytes())
	}
	if os.Getenv("PRINT_PDF_DIR") != "" { // for a person to look at
		_ = os.WriteFile(filepath.Join(os.Getenv("PRINT_PDF_DIR"), strings.ReplaceAll(t.Name(), "/", "_")+".pdf"), buf.Bytes(), 0o644)
	}
	return buf.Bytes()
}

// squash drops the white space pdftotext puts between characters and columns.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func TestPDFTextInOrder(t *testing.T) {
	r := NewRenderer()
	arrived := time.Date(2026, 12, 18, 7, 20, 0, 0, portal.CST)
	list := []Attendee{
		{Name: "安国强", Title: "董事长", Mobile: "13812341234", Enterprise: "安徽江淮零部件有限公司", Seat: "1桌1号", CheckedInAt: &arrived},
		{Name: "博文", Title: "总经理", Mobile: "13900001111", Enterprise: "博世汽车部件（杭州）有限公司", Seat: "A-03"},
		{Name: "陈志远", Title: "技术总监", Mobile: "+8613712345678", Enterprise: "陈氏电池科技", Seat: ""},
		{Name: "张伟", Title: "CEO", Mobile: "13655556666", Enterprise: "张江智能驾驶 Ltd.", Seat: "10桌2号", WalkIn: true},
	}
	for _, doc := range Docs {
		t.Run(string(doc), func(t *testing.T) {
			h := header
			h.Title = zh(doc.TitleKey())
			o := DefaultOptions()
			o.MarkCheckedIn = true
			tab := NewTable(doc, h, list, o, zh)
			data := render(t, r, tab)
			pages := pdfText(t, data)
			all := squash(strings.Join(pages, ""))
			if got := strings.Contains(all, "已签到07:20"); got != (doc == DocSignIn) {
				t.Errorf("check-in marked: %v", got)
			}
			// Every name in the order given; the cards' upside-down halves may read any way,
			// so look at their upright halves: the names' first occurrences.
			last := -1
			for _, a := range list {
				i := strings.Index(all, squash(a.Name))
				if i < 0 {
					t.Fatalf("%s is not in the PDF text:\n%s", a.Name, strings.Join(pages, "\f"))
				}
				if i < last {
					t.Errorf("%s is out of order", a.Name)
				}
				last = i
			}
			if doc == DocCards {
				if len(pages) != len(list) {
					t.Errorf("%d pages for %d cards", len(pages), len(list))
				}
				for i, p := range pages {
					if !strings.Contains(squash(p), squash(list[i].Enterprise)) {
						t.Errorf("card %d lacks the enterprise %s: %q", i+1, list[i].Enterprise, p)
					}
				}
				return
			}
			for _, want := range []string{"新能源汽车产业链企业家早餐会", "区行政中心3楼会议室", "刘洋（区长）", "第1页/共1页",
				"打印时间：2026-12-1718:05", "博世汽车部件（杭州）有限公司", "138****1234", "+86137****5678", "1桌1号", "A-03"} {
				if !strings.Contains(all, want) {
					t.Errorf("the PDF text lacks %q:\n%s", want, pages[0])
				}
			}
			if strings.Contains(all, "13812341234") {
				t.Error("the full mobile number is printed although masked was chosen")
			}
		})
	}
}

func TestPDFPagesGrowAndRowsStayWhole(t *testing.T) {
	r := NewRenderer()
	counts := map[int]int{}
	for _, n := range []int{10, 100} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			list := people(n)
			o := DefaultOptions()
			o.FullMobile = true
			tab := NewTable(DocSignIn, header, list, o, zh)
			data := render(t, r, tab)
			if len(data) >= 1<<20 {
				t.Errorf("the PDF of %d attendees has %d bytes, want < 1 MB", n, len(data))
			}
			pages := pdfText(t, data)
			counts[n] = pdfPages(t, data)
			if counts[n] != len(pages) {
				t.Fatalf("pdfinfo says %d pages, pdftotext found %d", counts[n], len(pages))
			}
			for i, p := range pages {
				want := fmt.Sprintf("第%d页/共%d页", i+1, len(pages))
				if !strings.Contains(squash(p), want) {
					t.Errorf("page %d lacks its footer %q", i+1, want)
				}
				// The header and the table's header row on every page.
				for _, h := range []string{"新能源汽车产业链企业家早餐会", "企业名称", "签名"} {
					if !strings.Contains(squash(p), h) {
						t.Errorf("page %d lacks %q", i+1, h)
					}
				}
			}
			// A row is never split: each person's name, enterprise and mobile are on one page.
			for _, a := range list {
				found := 0
				for _, p := range pages {
					sp := squash(p)
					if strings.Contains(sp, a.Mobile) {
						found++
						if !strings.Contains(sp, a.Name) || !strings.Contains(sp, squash(a.Enterprise)) {
							t.Errorf("%s's row is split across pages", a.Name)
						}
					}
				}
				if found != 1 {
					t.Errorf("%s's mobile is on %d pages", a.Name, found)
				}
			}
			// The blank rows for walk-ins are numbered on.
			if !strings.Contains(squash(pages[len(pages)-1]), strconv.Itoa(n+DefaultBlankRows)) {
				t.Errorf("the last page lacks blank row %d", n+DefaultBlankRows)
			}
		})
	}
	if counts[100] <= counts[10] {
		t.Errorf("100 attendees take %d pages, 10 take %d", counts[100], counts[10])
	}
	if counts[100] < 5 { // 105 rows of 1.2 cm need 5 pages of 25 cm at the very least
		t.Errorf("100 sign-in rows of 1.2 cm fit on %d pages: rows are too low", counts[100])
	}
}

func TestCardsPDF(t *testing.T) {
	list := people(30)
	list[3].Name = "欧阳Alexandra Christina"
	list[4].Enterprise = strings.Repeat("很长的企业名称", 8)
	data := render(t, NewRenderer(), NewTable(DocCards, header, list, DefaultOptions(), zh))
	if n := pdfPages(t, data); n != len(list) {
		t.Errorf("%d pages for %d cards", n, len(list))
	}
	if len(data) >= 1<<20 {
		t.Errorf("%d bytes", len(data))
	}
	pages := pdfText(t, data)
	if !strings.Contains(squash(pages[3]), "欧阳AlexandraChristina") {
		t.Errorf("card 4 = %q", pages[3])
	}
}

func TestEmptyDocuments(t *testing.T) {
	for _, doc := range Docs {
		data := render(t, NewRenderer(), NewTable(doc, header, nil, DefaultOptions(), zh))
		if got := squash(strings.Join(pdfText(t, data), "")); !strings.Contains(got, "还没有参会人员") && doc != DocSignIn {
			t.Errorf("%s: %q", doc, got)
		}
	}
}

func TestRenderConcurrently(t *testing.T) {
	r := NewRenderer()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			errs <- r.WritePDF(&buf, NewTable(DocList, header, people(20+i), DefaultOptions(), zh), zh)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestNewTable(t *testing.T) {
	at := time.Date(2026, 12, 18, 7, 32, 0, 0, portal.CST)
	list := []Attendee{
		{Name: "王建华", Title: "总经理", Mobile: "13812341234", Seat: "1桌3号", Enterprise: "星途新能源汽车", CheckedInAt: &at},
		{Name: "李明", Mobile: "13998765432", Enterprise: "华电储能科技"},
	}
	o := Options{Order: OrderSeat, BlankRows: 3, MarkCheckedIn: true}
	tab := NewTable(DocSignIn, header, list, o, zh)
	var heads []string
	for _, c := range tab.Columns {
		heads = append(heads, c.Header)
	}
	if got := strings.Join(heads, "|"); got != "序号|企业名称|姓名|职务|手机|座位|签名" {
		t.Errorf("columns %s", got)
	}
	if len(tab.Rows) != 5 || !tab.Rows[4].Blank || tab.Rows[4].Cells[0] != "5" || tab.Rows[4].Cells[2] != "" {
		t.Fatalf("rows %+v", tab.Rows)
	}
	if got := strings.Join(tab.Rows[0].Cells, "|"); got != "1|星途新能源汽车|王建华|总经理|138****1234|1桌3号|已签到 07:32" {
		t.Errorf("row 1 = %s", got)
	}
	if !tab.Rows[0].CheckedIn || tab.Rows[1].CheckedIn {
		t.Error("checked-in flags")
	}
	if got := tab.Value(tab.Rows[1], "signature"); got != "" {
		t.Errorf("李明 is not checked in, signature cell %q", got)
	}
	width := 0.0
	for _, doc := range Docs {
		width = 0
		for _, c := range NewTable(doc, header, nil, o, zh).Columns {
			width += c.Width
		}
		if doc != DocCards && width != 186 {
			t.Errorf("%s: columns are %v mm wide, the page 186", doc, width)
		}
	}
	list2 := NewTable(DocList, header, list, Options{FullMobile: true}, zh)
	if got := list2.Value(list2.Rows[0], "mobile"); got != "13812341234" {
		t.Errorf("full mobile = %q", got)
	}
}

func TestOptionsRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  Options
	}{
		{"", DefaultOptions()},
		{"order=seat&mobile=full&blank=8&checked=1", Options{Order: OrderSeat, FullMobile: true, BlankRows: 8, MarkCheckedIn: true}},
		{"order=reply&blank=999", Options{Order: OrderReply, BlankRows: MaxBlankRows}},
		{"order=drop+table&blank=-3&mobile=x", Options{Order: OrderEnterprise, BlankRows: 0}},
		{"blank=abc", DefaultOptions()},
	} {
		q, _ := url.ParseQuery(tc.query)
		got := ParseOptions(q)
		if got != tc.want {
			t.Errorf("%q: %+v, want %+v", tc.query, got, tc.want)
		}
		back, _ := url.ParseQuery(got.Query(DocSignIn))
		if again := ParseOptions(back); again != got {
			t.Errorf("%q: round trip %+v, want %+v", tc.query, again, got)
		}
	}
}

func TestMaskMobile(t *testing.T) {
	for in, want := range map[string]string{
		"13812341234":    "138****1234",
		"+8613812341234": "+86138****1234",
		"86-13812341234": "86-138****1234",
		"057187654321":   "057*****4321",
		"12345":          "12345",
		"":               "",
	} {
		if got := MaskMobile(in); got != want {
			t.Errorf("MaskMobile(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckSeat(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "",
		"1桌3号":                    "",
		"A-03":                    "",
		"主桌（左）":                   "",
		strings.Repeat("座", 20):   "",
		strings.Repeat("座", 21):   "print.seat_too_long",
		"1桌\n3号":                  "print.seat_invalid",
		"\x00":                    "print.seat_invalid",
		string([]byte{0xff, 'a'}): "print.seat_invalid",
	} {
		if got := CheckSeat(NormalizeSeat(in)); got != want {
			t.Errorf("CheckSeat(%q) = %q, want %q", in, got, want)
		}
	}
	if got := NormalizeSeat("\u3000 A-03 \t"); got != "A-03" {
		t.Errorf("NormalizeSeat = %q", got)
	}
}
