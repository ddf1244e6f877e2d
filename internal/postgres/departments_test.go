package postgres_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"breakfast/internal/portal"
	"breakfast/internal/postgres"
	"breakfast/internal/postgres/pgtest"
)

// TestDepartmentListPagesInPinyinOrder walks the list two at a time: the keyset cursor is a
// department id, yet the pages follow the pinyin order of the names without gaps or repeats.
func TestDepartmentListPagesInPinyinOrder(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	store := postgres.NewDepartmentStore(pool)
	// Inserted out of order, so id order and name order differ.
	for _, name := range []string{"税务局", "商务局", "安全生产监督管理局", "住房和城乡建设局", "发展和改革委员会"} {
		if _, err := store.Create(ctx, portal.DepartmentInput{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	filter := postgres.DepartmentFilter{Limit: 2}
	for pages := 0; ; pages++ {
		list, more, err := store.List(ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		if pages > 3 || len(list) == 0 {
			t.Fatalf("page %d has %d rows", pages+1, len(list))
		}
		for _, d := range list {
			got = append(got, d.Name)
		}
		if !more {
			break
		}
		filter.After = list[len(list)-1].ID
	}
	want := []string{"安全生产监督管理局", "发展和改革委员会", "商务局", "税务局", "住房和城乡建设局"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestDepartmentNameIsUnique(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	store := postgres.NewDepartmentStore(pool)
	first, err := store.Create(ctx, portal.DepartmentInput{Name: "商务局"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := store.Create(ctx, portal.DepartmentInput{Name: "税务局"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.Create(ctx, portal.DepartmentInput{Name: " 商务局 "})
	wantRegistryProblem(t, err, "name", "departments.name_taken")
	_, err = store.Update(ctx, other.ID, portal.DepartmentInput{Name: "商务局"})
	wantRegistryProblem(t, err, "name", "departments.name_taken")
	if _, err := store.Update(ctx, first.ID, portal.DepartmentInput{Name: "商务局", ShortName: "商务"}); err != nil {
		t.Errorf("saving a department under its own name: %v", err)
	}
	if _, err := store.Update(ctx, 424242, portal.DepartmentInput{Name: "新单位"}); portal.ErrorCode(err) != portal.ENOTFOUND {
		t.Errorf("updating an unknown department: %v", err)
	}
}

func TestChainStore(t *testing.T) {
	pool, _ := pgtest.New(t)
	ctx := context.Background()
	store := postgres.NewChainStore(pool)
	var ids []int64
	for _, name := range []string{"新材料", "集成电路", "生物医药"} {
		c, err := store.Create(ctx, portal.ChainInput{Name: name, LeaderName: "某区长"})
		if err != nil {
			t.Fatal(err)
		}
		if !c.Active {
			t.Errorf("%s created inactive", name)
		}
		ids = append(ids, c.ID)
	}
	_, err := store.Create(ctx, portal.ChainInput{Name: "新材料", LeaderName: "另一人"})
	wantRegistryProblem(t, err, "name", "chains.name_taken")
	_, err = store.Update(ctx, ids[1], portal.ChainInput{Name: "生物医药", LeaderName: "某区长"})
	wantRegistryProblem(t, err, "name", "chains.name_taken")

	if _, err := store.SetActive(ctx, ids[1], false); err != nil { // 集成电路
		t.Fatal(err)
	}
	all, err := store.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range all {
		names = append(names, c.Name)
	}
	// Active chains first, each group in pinyin order.
	if want := []string{"生物医药", "新材料", "集成电路"}; !reflect.DeepEqual(names, want) {
		t.Errorf("order = %v, want %v", names, want)
	}
	if _, err := store.SetActive(ctx, 424242, true); portal.ErrorCode(err) != portal.ENOTFOUND {
		t.Errorf("SetActive on an unknown chain: %v", err)
	}
}

// wantRegistryProblem fails unless err is EINVALID with key on field.
func wantRegistryProblem(t *testing.T, err error, field, key string) {
	t.Helper()
	var e *portal.Error
	if !errors.As(err, &e) || e.Code != portal.EINVALID || e.Fields[field] != key {
		t.Errorf("error = %v, want %s on %s", err, key, field)
	}
}
