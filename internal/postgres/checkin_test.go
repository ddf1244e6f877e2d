package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
)

func TestNormalizeCheckinCode(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"as printed", "ABC234", "ABC234"},
		{"lower case", "abc234", "ABC234"},
		{"spaces and a hyphen", " abc-2 34 ", "ABC234"},
		{"full-width space from a Chinese keyboard", "ABC\u3000234", "ABC234"},
		{"full-width letters and digits", "ａｂｃ２３４", "ABC234"},
		{"empty", "  ", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := postgres.NormalizeCheckinCode(tc.in); got != tc.want {
				t.Errorf("NormalizeCheckinCode(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestCheckInConcurrentTaps: two staff phones tap the same person at once; exactly one tap
// checks them in and the other is told they already are, with the same time.
func TestCheckInConcurrentTaps(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	user, err := postgres.NewUserStore(pool).Create(ctx, portal.UserInput{Username: "official1", DisplayName: "王芳",
		Role: portal.RoleOfficial, Password: "secret123"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 18, 7, 30, 0, 0, portal.CST)
	var meetingID, attendeeID int64
	if err := pool.QueryRow(ctx, `INSERT INTO meetings (theme, starts_at, ends_at, venue, capacity, status)
		VALUES ('集成电路产业链早餐会', $1, $2, '区行政中心', 30, 'published') RETURNING id`, start, start.Add(time.Hour)).Scan(&meetingID); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `INSERT INTO attendees (meeting_id, enterprise_name, name, checkin_code)
		VALUES ($1, '芯联微电子', '周敏', 'MNP345') RETURNING id`, meetingID).Scan(&attendeeID); err != nil {
		t.Fatal(err)
	}
	store := postgres.NewCheckinStore(pool)
	results := make([]postgres.CheckinResult, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = store.CheckIn(ctx, meetingID, attendeeID, user.ID, start.Add(time.Duration(i)*time.Minute))
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if results[0].Already == results[1].Already {
		t.Fatalf("already = %v and %v, want exactly one first check-in", results[0].Already, results[1].Already)
	}
	if a, b := results[0].Attendee.CheckedInAt, results[1].Attendee.CheckedInAt; a == nil || b == nil || !a.Equal(*b) {
		t.Errorf("the taps report different times %v and %v", a, b)
	}

	// The same attendee by code, typed carelessly, is the same person and already in.
	res, err := store.CheckInByCode(ctx, meetingID, " mnp 345", user.ID, start.Add(time.Hour))
	if err != nil || !res.Already || res.Attendee.ID != attendeeID || res.Attendee.EnterpriseName != "芯联微电子" {
		t.Errorf("by code: %+v, %v", res, err)
	}
	if _, err := store.CheckInByCode(ctx, meetingID, "MNP346", user.ID, start); portal.ErrorCode(err) != portal.EINVALID {
		t.Errorf("unknown code: %v", err)
	}
}
