package portal

import (
	"testing"
	"time"
)

func TestMeetingTransitions(t *testing.T) {
	start := time.Date(2026, 12, 18, 7, 30, 0, 0, CST)
	before, after := start.Add(-time.Hour), start.Add(time.Hour)
	cases := []struct {
		from    MeetingStatus
		action  MeetingAction
		now     time.Time
		summary string
		reason  string
		want    MeetingStatus // empty: refused
		code    string
	}{
		{MeetingDraft, ActionPublish, before, "", "", MeetingPublished, ""},
		{MeetingDraft, ActionHold, after, "", "", "", ECONFLICT},
		{MeetingDraft, ActionClose, after, "纪要", "", "", ECONFLICT},
		{MeetingDraft, ActionCancel, before, "", "改期", MeetingCancelled, ""},
		{MeetingDraft, ActionCancel, before, "", " ", "", EINVALID},
		{MeetingPublished, ActionPublish, before, "", "", "", ECONFLICT},
		{MeetingPublished, ActionHold, before, "", "", "", ECONFLICT},
		{MeetingPublished, ActionHold, start, "", "", MeetingHeld, ""},
		{MeetingPublished, ActionHold, after, "", "", MeetingHeld, ""},
		{MeetingPublished, ActionCancel, before, "", "领导临时公务", MeetingCancelled, ""},
		{MeetingPublished, ActionClose, after, "纪要", "", "", ECONFLICT},
		{MeetingHeld, ActionClose, after, "", "", "", ECONFLICT},
		{MeetingHeld, ActionClose, after, "  ", "", "", ECONFLICT},
		{MeetingHeld, ActionClose, after, "企业反映用地问题 3 项", "", MeetingClosed, ""},
		{MeetingHeld, ActionCancel, after, "", "晚了", "", ECONFLICT},
		{MeetingHeld, ActionPublish, after, "", "", "", ECONFLICT},
		{MeetingClosed, ActionPublish, after, "纪要", "", "", ECONFLICT},
		{MeetingClosed, ActionCancel, after, "纪要", "x", "", ECONFLICT},
		{MeetingCancelled, ActionPublish, before, "", "", "", ECONFLICT},
		{MeetingCancelled, ActionHold, after, "", "", "", ECONFLICT},
		{MeetingDraft, "delete", before, "", "", "", ECONFLICT},
	}
	for _, tc := range cases {
		t.Run(string(tc.from)+"/"+string(tc.action), func(t *testing.T) {
			m := Meeting{Status: tc.from, StartsAt: start, EndsAt: start.Add(90 * time.Minute), Summary: tc.summary}
			got, err := m.Transition(tc.action, tc.now, tc.reason)
			if got != tc.want || ErrorCode(err) != tc.code {
				t.Errorf("got %q, %v; want %q, %s", got, err, tc.want, tc.code)
			}
		})
	}
}

func TestMeetingRules(t *testing.T) {
	start := time.Date(2026, 12, 18, 7, 30, 0, 0, CST)
	m := Meeting{StartsAt: start}
	for _, tc := range []struct {
		status        MeetingStatus
		now           time.Time
		invite, reply string
		checkIn       string
	}{
		{MeetingDraft, start.Add(-time.Hour), "", ECONFLICT, ECONFLICT},
		{MeetingPublished, start.Add(-time.Hour), "", "", ""},
		{MeetingPublished, start.Add(time.Minute), ECONFLICT, ECONFLICT, ""},
		{MeetingHeld, start.Add(time.Hour), ECONFLICT, ECONFLICT, ""},
		{MeetingClosed, start.Add(time.Hour), ECONFLICT, ECONFLICT, ECONFLICT},
		{MeetingCancelled, start.Add(-time.Hour), ECONFLICT, ECONFLICT, ECONFLICT},
	} {
		m.Status = tc.status
		if got := ErrorCode(m.CheckInvite(tc.now)); got != tc.invite {
			t.Errorf("%s invite: %q", tc.status, got)
		}
		if got := ErrorCode(m.CheckReply(tc.now)); got != tc.reply {
			t.Errorf("%s reply: %q", tc.status, got)
		}
		if got := ErrorCode(m.CheckCheckIn()); got != tc.checkIn {
			t.Errorf("%s check-in: %q", tc.status, got)
		}
	}
	for status, ok := range map[InvitationStatus][2]bool{ // {accept allowed, decline allowed}
		InvitationInvited: {true, true}, InvitationAccepted: {true, true}, InvitationWaitlisted: {false, true},
		InvitationDeclined: {false, false}, InvitationApplied: {false, false}, InvitationRefused: {false, false},
	} {
		if (status.CheckAnswer(true) == nil) != ok[0] || (status.CheckAnswer(false) == nil) != ok[1] {
			t.Errorf("%s: accept/decline allowed should be %v", status, ok)
		}
	}
}

func TestMeetingInput(t *testing.T) {
	valid := MeetingInput{Theme: "新能源汽车产业链企业家早餐会", Date: "2026-12-18", StartTime: "07:30", EndTime: "09:00",
		Venue: "区政府 3 号会议室", Capacity: 30, PerEnterpriseLimit: 2}
	if err := valid.Validate(0); err != nil {
		t.Fatal(err)
	}
	start, end := valid.Times()
	if start.UTC().Format(time.RFC3339) != "2026-12-17T23:30:00Z" || end.Sub(start) != 90*time.Minute {
		t.Errorf("times %v %v", start, end)
	}
	for name, tc := range map[string]struct {
		edit       func(*MeetingInput)
		seats      int
		field, key string
	}{
		"end before start": {func(in *MeetingInput) { in.EndTime = "07:00" }, 0, "end_time", "meeting.end_before_start"},
		"end equals start": {func(in *MeetingInput) { in.EndTime = "07:30" }, 0, "end_time", "meeting.end_before_start"},
		"bad date":         {func(in *MeetingInput) { in.Date = "2026-02-30" }, 0, "date", "meeting.date_invalid"},
		"bad time":         {func(in *MeetingInput) { in.StartTime = "25:00" }, 0, "start_time", "meeting.time_invalid"},
		"no theme":         {func(in *MeetingInput) { in.Theme = "" }, 0, "theme", "field.required"},
		"no venue":         {func(in *MeetingInput) { in.Venue = "" }, 0, "venue", "field.required"},
		"zero capacity":    {func(in *MeetingInput) { in.Capacity = 0 }, 0, "capacity", "meeting.capacity_invalid"},
		"below taken":      {func(in *MeetingInput) { in.Capacity = 10 }, 12, "capacity", "meeting.capacity_below_taken"},
		"limit 0":          {func(in *MeetingInput) { in.PerEnterpriseLimit = 0 }, 0, "per_enterprise_limit", "meeting.limit_invalid"},
	} {
		t.Run(name, func(t *testing.T) {
			in := valid
			tc.edit(&in)
			err, _ := in.Validate(tc.seats).(*Error)
			if err == nil || err.Fields[tc.field] != tc.key {
				t.Errorf("got %v, want %s: %s", err, tc.field, tc.key)
			}
		})
	}
}

func TestNextMonth(t *testing.T) {
	for in, want := range map[string]string{
		"2026-01-15 07:30": "2026-02-15 07:30",
		"2026-01-31 07:30": "2026-02-28 07:30",
		"2028-01-31 07:30": "2028-02-29 07:30",
		"2026-12-18 07:30": "2027-01-18 07:30",
		"2026-03-31 08:00": "2026-04-30 08:00",
	} {
		t0, _ := time.ParseInLocation("2006-01-02 15:04", in, CST)
		if got := NextMonth(t0).Format("2006-01-02 15:04"); got != want {
			t.Errorf("NextMonth(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestValidateRepresentatives(t *testing.T) {
	reps, err := ValidateRepresentatives([]Representative{{}, {Name: " 王建华 ", Title: "总经理", Mobile: "138 1234 5678"}}, 2)
	if err != nil || len(reps) != 1 || reps[0].Mobile != "13812345678" || reps[0].Name != "王建华" {
		t.Fatalf("%v %v", reps, err)
	}
	_, err = ValidateRepresentatives([]Representative{{Name: "a", Mobile: "13812345678"}, {Name: "b", Mobile: "13812345679"}, {Name: "c", Mobile: "13812345670"}}, 2)
	if e, _ := err.(*Error); e == nil || e.Fields["reps"] != "invitation.too_many_reps" {
		t.Errorf("over the limit: %v", err)
	}
	_, err = ValidateRepresentatives(nil, 2)
	if e, _ := err.(*Error); e == nil || e.Fields["rep_name_0"] != "invitation.rep_required" {
		t.Errorf("none: %v", err)
	}
	_, err = ValidateRepresentatives([]Representative{{Name: "王建华", Mobile: "1381234"}}, 2)
	if e, _ := err.(*Error); e == nil || e.Fields["rep_mobile_0"] != "contact.mobile_invalid" {
		t.Errorf("bad mobile: %v", err)
	}
}
