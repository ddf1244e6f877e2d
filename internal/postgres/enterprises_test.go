package postgres_test

import (
	"context"
	"testing"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
)

// TestEnterpriseListPages walks every sort order page by page over the demo registry: each
// enterprise exactly once, filters applied in SQL.
func TestEnterpriseListPages(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	if err := postgres.LoadDemo(ctx, pool); err != nil {
		t.Fatal(err)
	}
	store := postgres.NewEnterpriseStore(pool)
	var total int
	pool.QueryRow(ctx, `SELECT count(*) FROM enterprises`).Scan(&total)
	for _, sort := range []postgres.EnterpriseSort{postgres.SortByName, postgres.SortNewest, postgres.SortByUSCC, postgres.SortOldestIn} {
		t.Run(string(sort), func(t *testing.T) {
			seen := map[int64]bool{}
			f := postgres.EnterpriseFilter{Sort: sort, Limit: 7}
			for pages := 0; ; pages++ {
				if pages > total {
					t.Fatal("pages never end")
				}
				page, err := store.List(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range page.Enterprises {
					if seen[e.ID] {
						t.Fatalf("%s listed twice", e.Name)
					}
					seen[e.ID] = true
				}
				if page.Next == "" {
					break
				}
				f.After = page.Next
			}
			if len(seen) != total {
				t.Errorf("listed %d of %d", len(seen), total)
			}
		})
	}

	key, pending := true, portal.EnterprisePending
	page, err := store.List(ctx, postgres.EnterpriseFilter{Query: "汽车", IsKey: &key, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var want int
	pool.QueryRow(ctx, `SELECT count(*) FROM enterprises WHERE name LIKE '%汽车%' AND is_key`).Scan(&want)
	if len(page.Enterprises) != want || want == 0 {
		t.Errorf("汽车 + key: %d, want %d", len(page.Enterprises), want)
	}
	page, _ = store.List(ctx, postgres.EnterpriseFilter{Status: &pending, Query: "100%_", Limit: 500})
	if len(page.Enterprises) != 0 {
		t.Errorf("LIKE wildcards in the query matched %d", len(page.Enterprises))
	}
	if _, err := store.List(ctx, postgres.EnterpriseFilter{After: "!!not-base64"}); portal.ErrorCode(err) != portal.EINVALID {
		t.Errorf("bad cursor: %v", err)
	}
}
