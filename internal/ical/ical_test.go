package ical

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// unfold undoes line folding and returns the logical content lines.
func unfold(t *testing.T, doc string) []string {
	t.Helper()
	if !strings.HasSuffix(doc, "\r\n") {
		t.Fatal("document does not end with CRLF")
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(doc, "\r\n"), "\r\n") {
		if len(l) > MaxLineOctets {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line splits a character: %q", l)
		}
		if strings.Contains(l, "\n") {
			t.Errorf("bare LF in %q", l)
		}
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

func TestEncode(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	long := strings.Repeat("新能源汽车产业链，“链长”与企业家面对面；议程\\说明。", 6)
	cal := Calendar{ProdID: "-//Test//Test//ZH", Name: "早餐会", Refresh: time.Hour, Events: []Event{{
		UID: "meeting-7@example.cn", Sequence: 3,
		Stamp: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC),
		Start: time.Date(2026, 12, 1, 7, 30, 0, 0, cst), End: time.Date(2026, 12, 1, 9, 0, 0, 0, cst),
		Summary: "政企早餐会：新能源汽车", Location: "区行政中心 3 楼, 第一会议室",
		Description: long + "\r\n第二行\n第三行", Status: StatusCancelled,
	}}}
	var b strings.Builder
	if err := cal.Encode(&b); err != nil {
		t.Fatal(err)
	}
	lines := unfold(t, b.String())
	want := []string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Test//ZH", "METHOD:PUBLISH", "X-WR-CALNAME:早餐会",
		"REFRESH-INTERVAL;VALUE=DURATION:PT1H", "BEGIN:VEVENT", "UID:meeting-7@example.cn", "SEQUENCE:3",
		"DTSTAMP:20261101T090000Z", "DTSTART:20261130T233000Z", "DTEND:20261201T010000Z",
		"SUMMARY:政企早餐会：新能源汽车", `LOCATION:区行政中心 3 楼\, 第一会议室`, "STATUS:CANCELLED",
		"END:VEVENT", "END:VCALENDAR",
	}
	for _, w := range want {
		if !contains(lines, w) {
			t.Errorf("no line %q in\n%s", w, b.String())
		}
	}
	desc := ""
	for _, l := range lines {
		if strings.HasPrefix(l, "DESCRIPTION:") {
			desc = strings.TrimPrefix(l, "DESCRIPTION:")
		}
	}
	wantDesc := strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`).Replace(long) + `\n第二行\n第三行`
	if desc != wantDesc {
		t.Errorf("description\n got %q\nwant %q", desc, wantDesc)
	}
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Error("not wrapped in VCALENDAR")
	}
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

func TestFoldNeverSplitsACharacter(t *testing.T) {
	// Every offset of a 3-octet character against the 75-octet boundary.
	for pad := 0; pad < 4; pad++ {
		var b strings.Builder
		cal := Calendar{ProdID: "x", Events: []Event{{UID: "u", Summary: strings.Repeat("a", pad) + strings.Repeat("会", 100)}}}
		if err := cal.Encode(&b); err != nil {
			t.Fatal(err)
		}
		for _, l := range unfold(t, b.String()) {
			if strings.HasPrefix(l, "SUMMARY:") && l != "SUMMARY:"+strings.Repeat("a", pad)+strings.Repeat("会", 100) {
				t.Errorf("pad %d: summary came back as %q", pad, l)
			}
		}
	}
}

func TestEscapeText(t *testing.T) {
	for in, want := range map[string]string{
		`a,b;c\d`:   `a\,b\;c\\d`,
		"一\r\n二\n三": `一\n二\n三`,
		"bell\x07":  "bell",
		"tab\there": "tab\there",
	} {
		if got := EscapeText(in); got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
	}
}
