package notify

import (
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
)

func TestEveryKindRendersInBothLanguages(t *testing.T) {
	d := Data{MeetingID: 7, Theme: "新能源汽车产业链早餐会", Venue: "区行政中心", StartsAt: time.Date(2026, 11, 16, 7, 30, 0, 0, portal.CST),
		EndsAt: time.Date(2026, 11, 16, 9, 0, 0, 0, portal.CST), DemandID: 3, Title: "用地指标", Enterprise: "星途", Deadline: "2026-10-09",
		Note: "理由", ExtraDays: 3}
	for _, k := range Kinds {
		for _, lang := range []portal.Lang{portal.LangZH, portal.LangEN} {
			for _, approved := range []bool{false, true} {
				d.Approved = approved
				m := Render(k, d, lang)
				if m.Subject == "" || m.Body == "" || strings.Contains(m.Subject+m.Body, "%!") || strings.Contains(m.Subject, "notify.") {
					t.Errorf("%s %s: %+v", k, lang, m)
				}
			}
		}
		if KindLabel(k, portal.LangEN) == "notify.kind_"+string(k) {
			t.Errorf("%s has no label", k)
		}
		if len(recipients[k]) == 0 {
			t.Errorf("%s has no recipients", k)
		}
	}
	if got := Render(ExtensionRequested, d, portal.LangEN).Body; !strings.Contains(got, "3 more working days for the demand \"用地指标\"") {
		t.Errorf("extension request: %q", got)
	}
}

func TestBackoffDoublesUpToAnHour(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := Backoff(20); got != time.Hour {
		t.Errorf("Backoff(20) = %v", got)
	}
}

func TestParseSMTPURL(t *testing.T) {
	for _, c := range []struct {
		url, want, err string
	}{
		{"smtp://mail.example.cn?from=portal@example.cn", "smtp://mail.example.cn:25 (from portal@example.cn)", ""},
		{"smtp://u:secret@mail.example.cn:587?from=portal@example.cn&starttls=required", "smtp://mail.example.cn:587 (from portal@example.cn)", ""},
		{"smtps://u:secret@mail.example.cn?from=portal@example.cn", "smtps://mail.example.cn:465 (from portal@example.cn)", ""},
		{"http://mail.example.cn?from=a@b.cn", "", "scheme"},
		{"smtp://mail.example.cn", "", "from"},
		{"smtp://u:secret@mail.example.cn?from=a@b.cn&starttls=maybe", "", "starttls"},
		{"smtp://u:secret@mail.example.cn:99999?from=a@b.cn", "", "port"},
	} {
		m, err := ParseSMTPURL(c.url)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "secret") {
				t.Errorf("%s: err = %v, want one about %s without the password", c.url, err, c.err)
			}
		case err != nil:
			t.Errorf("%s: %v", c.url, err)
		case m.String() != c.want:
			t.Errorf("%s: %s, want %s", c.url, m.String(), c.want)
		}
	}
}

func TestInvitationMailCarriesTheMeetingAsICS(t *testing.T) {
	d := Delivery{ID: 1, Kind: MeetingCancelled, Lang: portal.LangEN, Email: "a@b.cn", Link: "/my/meetings/7",
		Data: Data{MeetingID: 7, Theme: "早餐会", StartsAt: time.Date(2026, 11, 16, 7, 30, 0, 0, portal.CST),
			EndsAt: time.Date(2026, 11, 16, 9, 0, 0, 0, portal.CST), Version: 4, Note: "台风"}}
	m := compose(d, "https://zq.example.cn:8443/")
	if len(m.Attachments) != 1 {
		t.Fatalf("attachments: %d", len(m.Attachments))
	}
	ics := string(m.Attachments[0].Data)
	for _, want := range []string{"UID:meeting-7@zq.example.cn", "SEQUENCE:4", "STATUS:CANCELLED", "This meeting was cancelled: 台风"} {
		if !strings.Contains(ics, want) {
			t.Errorf("ics lacks %q:\n%s", want, ics)
		}
	}
	if !strings.Contains(m.Body, "https://zq.example.cn:8443/my/meetings/7") {
		t.Errorf("body: %s", m.Body)
	}
	d.Kind = DemandAnswered
	if len(compose(d, "").Attachments) != 0 {
		t.Error("a demand notice carries a calendar file")
	}
}
