package printing

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestReportPDF(t *testing.T) {
	long := Section{Key: "overdue", Heading: "四、仍超期的诉求", Empty: "没有超期的诉求。",
		Columns: []Column{{"no", "序号", 12}, {"enterprise", "企业", 60}, {"demand", "诉求", 84}, {"days", "超期（工作日）", 30}},
		Notes:   []string{"超期按工作日计。"}}
	for i := 1; i <= 80; i++ {
		long.Rows = append(long.Rows, []string{fmt.Sprint(i), fmt.Sprintf("第%03d号科技有限公司", i),
			fmt.Sprintf("诉求%03d 厂房扩建用地指标迟迟未落实需要协调", i), fmt.Sprint(i % 9)})
	}
	rep := Report{Title: "2026年11月 政企早餐会月度通报", Subtitle: []string{"通报期间：2026-11-01 至 2026-11-30"},
		PrintedAt: "打印时间：2026-12-01 09:00",
		Sections: []Section{
			{Key: "figures", Heading: "一、本月主要指标", Columns: []Column{{"figure", "指标", 60}, {"value", "数值", 126}},
				Rows: [][]string{{"收到诉求", "6"}, {"按时答复率", "—"}}},
			{Key: "closed", Heading: "三、本月办结的诉求", Empty: "本月没有办结的诉求。", Columns: []Column{{"no", "序号", 12}, {"demand", "诉求", 174}}},
			long,
		}}
	var buf bytes.Buffer
	if err := NewRenderer().WriteReportPDF(&buf, rep, zh); err != nil {
		t.Fatal(err)
	}
	pages := pdfText(t, buf.Bytes())
	if len(pages) < 3 {
		t.Fatalf("80 rows on %d pages", len(pages))
	}
	if n := pdfPages(t, buf.Bytes()); n != len(pages) {
		t.Fatalf("pdfinfo says %d pages, pdftotext %d", n, len(pages))
	}
	first := squash(pages[0])
	for _, want := range []string{"2026年11月政企早餐会月度通报", "通报期间：2026-11-01至2026-11-30", "一、本月主要指标", "收到诉求6",
		"按时答复率—", "三、本月办结的诉求", "本月没有办结的诉求。", "四、仍超期的诉求"} {
		if !strings.Contains(first, want) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	for i, page := range pages {
		p := squash(page)
		if !strings.Contains(p, fmt.Sprintf("第%d页/共%d页", i+1, len(pages))) || !strings.Contains(p, "打印时间：2026-12-0109:00") {
			t.Errorf("page %d lacks its footer", i+1)
		}
		if i > 0 && (!strings.Contains(p, "四、仍超期的诉求（续）") || !strings.Contains(p, "超期（工作日）")) {
			t.Errorf("page %d does not repeat the heading and the header row", i+1)
		}
	}
	// Every row once, whole on one page.
	for i := 1; i <= 80; i++ {
		found := 0
		for _, page := range pages {
			p := squash(page)
			if strings.Contains(p, fmt.Sprintf("诉求%03d厂房", i)) {
				found++
				if !strings.Contains(p, fmt.Sprintf("第%03d号科技有限公司", i)) {
					t.Errorf("row %d is split across pages", i)
				}
			}
		}
		if found != 1 {
			t.Errorf("row %d is on %d pages", i, found)
		}
	}
	if !strings.Contains(squash(pages[len(pages)-1]), "超期按工作日计。") {
		t.Error("the notes are not after the table")
	}
}
