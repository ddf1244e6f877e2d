package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
)

func TestAuditLogIsAppendOnly(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	store := postgres.NewAuditStore(pool)
	id := int64(7)
	if err := store.Record(ctx, portal.AuditEntry{UserID: &id, Username: "liuyang", Role: portal.RoleOfficial,
		Action: "POST /demands/{id}/assign", ObjectType: "demands", ObjectID: "12", Status: 303,
		Detail: map[string]string{"department_id": "3"}, IP: "10.0.0.8", UserAgent: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, sql string }{
		{"update", `UPDATE audit_log SET username = 'someone-else'`},
		{"delete", `DELETE FROM audit_log`},
		{"truncate", `TRUNCATE audit_log`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := pool.Exec(ctx, tc.sql)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("%s: err = %v, want the append-only refusal", tc.sql, err)
			}
		})
	}
	rows, _, err := store.List(ctx, postgres.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Username != "liuyang" || rows[0].Detail["department_id"] != "3" || *rows[0].UserID != 7 {
		t.Fatalf("row after the refused changes: %+v", rows)
	}
}

func TestAuditLogFiltersAndPages(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	store := postgres.NewAuditStore(pool)
	for i := range 7 {
		e := portal.AuditEntry{Username: "alice", Action: "POST /meetings/{id}/edit", ObjectType: "meetings", ObjectID: "1"}
		if i%2 == 1 {
			e.Username, e.Action, e.ObjectType, e.ObjectID = "bob", "POST /demands/{id}/assign", "demands", "5"
		}
		if err := store.Record(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	// One old row, for the date range.
	if _, err := pool.Exec(ctx, `INSERT INTO audit_log (username, action, at) VALUES ('carol', 'login', now() - interval '40 days')`); err != nil {
		t.Fatal(err)
	}
	monthAgo := time.Now().AddDate(0, -1, 0)
	cases := []struct {
		name string
		f    postgres.AuditFilter
		want int
	}{
		{"everything", postgres.AuditFilter{}, 8},
		{"user, any case", postgres.AuditFilter{Username: " Bob "}, 3},
		{"action", postgres.AuditFilter{Action: "POST /meetings/{id}/edit"}, 4},
		{"object", postgres.AuditFilter{ObjectType: "demands", ObjectID: "5"}, 3},
		{"object of another id", postgres.AuditFilter{ObjectType: "demands", ObjectID: "6"}, 0},
		{"since a month ago", postgres.AuditFilter{From: &monthAgo}, 7},
		{"until a month ago", postgres.AuditFilter{Until: &monthAgo}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			for _, err := range store.All(ctx, tc.f) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != tc.want {
				t.Errorf("%d rows, want %d", n, tc.want)
			}
		})
	}

	t.Run("keyset pages, newest first, none twice", func(t *testing.T) {
		seen := map[int64]bool{}
		f := postgres.AuditFilter{Limit: 3}
		var last int64 = 1 << 62
		for pages := 0; ; pages++ {
			list, more, err := store.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range list {
				if seen[e.ID] || e.ID >= last {
					t.Fatalf("row %d out of order or repeated", e.ID)
				}
				seen[e.ID], last = true, e.ID
			}
			if !more {
				break
			}
			f.After = list[len(list)-1].ID
		}
		if len(seen) != 8 {
			t.Errorf("paged through %d rows, want 8", len(seen))
		}
	})
}
