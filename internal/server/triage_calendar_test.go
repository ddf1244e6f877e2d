package server

import (
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
)

// The triage panel warns, before a deadline is set, when a usual time limit would reach a
// year whose holiday schedule is not entered (the calendar is seeded with 2025 and 2026).
func TestTriageWarnsOfAYearWithoutSchedule(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	ent := e.newAccount("ent1", portal.RoleEntrepreneur)
	id := e.demand(ent, "扩建用地")
	c := e.login("official1")
	tests := []struct {
		name string
		now  time.Time
		want string // the year named, "" for no warning
	}{
		{"June: 30 working days stay in 2026", time.Date(2026, 6, 1, 10, 0, 0, 0, portal.CST), ""},
		{"late November: they reach 2027", time.Date(2026, 11, 23, 10, 0, 0, 0, portal.CST), "2027"},
		{"a year with no schedule at all", time.Date(2028, 3, 1, 10, 0, 0, 0, portal.CST), "2028"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.srv.now = func() time.Time { return tt.now }
			res := c.get("/demands/" + itoa(id))
			wantStatus(t, res, 200)
			if res.doc(t).Find(`[data-testid="assign-submit"]`).Length() != 1 {
				t.Fatal("no triage panel")
			}
			got := res.text(t, "assign-calendar-missing")
			if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("warning = %q, want the year %q", got, tt.want)
			}
		})
	}
}
