package notify

import (
	"strings"
	"time"

	"breakfast/internal/i18n"
	"breakfast/internal/portal"
)

// Message is a notice rendered for one reader: a subject line (the in-app title) and a plain
// text body.
type Message struct {
	Subject string
	Body    string
}

// Render returns the notice of kind k with data d in lang. An unknown kind renders its name,
// so a notice of a kind removed later still shows something.
func Render(k Kind, d Data, lang portal.Lang) Message {
	t := func(key string, args ...any) string { return i18n.Text(lang, "notify."+key, args...) }
	when := meetingTime(d.StartsAt, d.EndsAt)
	note := orNone(lang, d.Note)
	switch k {
	case MeetingInvited:
		return Message{t("meeting_invited_subject", d.Theme), t("meeting_invited_body", d.Theme, when, d.Venue)}
	case MeetingChanged:
		return Message{t("meeting_changed_subject", d.Theme), t("meeting_changed_body", d.Theme, when, d.Venue)}
	case MeetingCancelled:
		return Message{t("meeting_cancelled_subject", d.Theme), t("meeting_cancelled_body", d.Theme, when, note)}
	case MeetingReminder:
		return Message{t("meeting_reminder_subject", d.Theme), t("meeting_reminder_body", d.Theme, when, d.Venue)}
	case DemandAssigned:
		return Message{t("demand_assigned_subject", d.Title), t("demand_assigned_body", d.Title, d.Enterprise, orNone(lang, d.Deadline))}
	case DemandReturned:
		return Message{t("demand_returned_subject", d.Title), t("demand_returned_body", d.Title, d.Enterprise, note)}
	case ExtensionRequested:
		return Message{t("extension_requested_subject", d.Title), t("extension_requested_body", d.Title, d.ExtraDays, note)}
	case ExtensionDecided:
		if d.Approved {
			return Message{t("extension_approved_subject", d.Title), t("extension_approved_body", d.Title, orNone(lang, d.Deadline))}
		}
		return Message{t("extension_refused_subject", d.Title), t("extension_refused_body", d.Title, orNone(lang, d.Deadline), note)}
	case DemandAnswered:
		return Message{t("demand_answered_subject", d.Title), t("demand_answered_body", d.Title, note)}
	case DeadlineSoon:
		return Message{t("deadline_soon_subject", d.Title), t("deadline_soon_body", d.Title, d.Enterprise, d.Deadline)}
	case DemandOverdue:
		return Message{t("demand_overdue_subject", d.Title), t("demand_overdue_body", d.Title, d.Enterprise, d.Deadline)}
	case DemandReopened:
		return Message{t("demand_reopened_subject", d.Title), t("demand_reopened_body", d.Title, d.Enterprise, note)}
	case RegistrationVerified:
		return Message{t("registration_verified_subject"), t("registration_verified_body", d.Enterprise)}
	case RegistrationRejected:
		return Message{t("registration_rejected_subject"), t("registration_rejected_body", d.Enterprise, note)}
	}
	return Message{Subject: string(k)}
}

// KindLabel returns the name of kind k in lang, for the preferences page.
func KindLabel(k Kind, lang portal.Lang) string { return i18n.Text(lang, "notify.kind_"+string(k)) }

// meetingTime writes a meeting's time in China time: 2026-03-10 07:30–09:00.
func meetingTime(start, end time.Time) string {
	if start.IsZero() {
		return ""
	}
	s := start.In(portal.CST).Format("2006-01-02 15:04")
	if !end.IsZero() {
		s += "–" + end.In(portal.CST).Format("15:04")
	}
	return s
}

func orNone(lang portal.Lang, s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return i18n.Text(lang, "notify.none")
	}
	return s
}
