package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
)

// An overdue demand is highlighted in every list that shows it: the entrepreneur's, the
// department's inbox, the officials' list, the meeting's demand list and the dashboard's
// overdue list; a demand due later is not.
func TestOverdueHighlightedInEveryList(t *testing.T) {
	e := newEnv(t)
	e.newAccount("official1", portal.RoleOfficial)
	staff := e.newAccount("gxj", portal.RoleDepartment)
	ent := e.newAccount("ent1", portal.RoleEntrepreneur)
	meeting := e.meeting("新能源汽车产业链企业家早餐会", time.Now().AddDate(0, 0, -20), 30)
	late, onTime := e.demand(ent, "扩建用地"), e.demand(ent, "人才公寓")
	for id, deadline := range map[int64]string{late: "current_date - 3", onTime: "current_date + 10"} {
		if _, err := e.pool.Exec(context.Background(), `UPDATE demands SET status = 'in_progress', meeting_id = $2,
			lead_department_id = $3, time_limit_days = 10, assigned_at = now() - interval '20 days', deadline = `+deadline+`,
			version = version + 2 WHERE id = $1`, id, meeting, *staff.DepartmentID); err != nil {
			t.Fatal(err)
		}
	}
	official := e.login("official1")
	lists := []struct {
		name string
		c    *client
		path string
		row  string // data-testid prefix of a demand's row; the id follows
	}{
		{"my demands", e.login("ent1"), "/my/demands", "my-demand-"},
		{"inbox", e.login("gxj"), "/inbox", "demand-row-"},
		{"all demands", official, "/demands", "demand-row-"},
		{"meeting demand list", official, "/meetings/" + itoa(meeting) + "/demands", "demand-row-"},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			doc := l.c.get(l.path).doc(t)
			for id, want := range map[int64]bool{late: true, onTime: false} {
				row := doc.Find(`[data-testid="` + l.row + itoa(id) + `"]`)
				if row.Length() != 1 {
					t.Fatalf("no row for demand %d", id)
				}
				if got := row.HasClass("row-overdue"); got != want {
					t.Errorf("demand %d highlighted %v, want %v", id, got, want)
				}
			}
		})
	}
	t.Run("dashboard overdue list", func(t *testing.T) {
		res := official.get("/dashboard")
		rows := res.doc(t).Find(`[data-testid="overdue-row"]`)
		if rows.Length() != 1 || !rows.HasClass("overdue") || !strings.Contains(rows.Text(), "扩建用地") {
			t.Errorf("%d overdue rows: %q", rows.Length(), rows.Text())
		}
		if href, _ := rows.Find(`a`).First().Attr("href"); href != "/demands/"+itoa(late) {
			t.Errorf("overdue row links to %q", href)
		}
	})
}
