package pages

import (
	"context"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
)

// meetingTabs are the pages of one meeting, in order: name (i18n key meeting.tab_NAME) and
// path below /meetings/{id}.
var meetingTabs = []struct{ name, path string }{
	{"overview", ""},
	{"invitations", "/invitations"},
	{"checkin", "/checkin"},
	{"minutes", "/minutes"},
	{"print", "/print"},
	{"demands", "/demands"},
}

// meetingWhen is the meeting's date and times as offices write them: in Chinese
// 2026年12月18日（星期五）07:30–09:00, in English Fri 18 Dec 2026, 07:30–09:00.
func meetingWhen(ctx context.Context, m *portal.Meeting) string {
	s, e := m.StartsAt.In(portal.CST), m.EndsAt.In(portal.CST)
	if i18n.LangOf(ctx) == portal.LangEN {
		return s.Format("Mon 2 Jan 2006, 15:04") + "–" + e.Format("15:04")
	}
	weekdays := []string{"日", "一", "二", "三", "四", "五", "六"}
	return s.Format("2006年1月2日") + "（星期" + weekdays[s.Weekday()] + "）" + s.Format("15:04") + "–" + e.Format("15:04")
}
