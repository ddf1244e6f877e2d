package postgres

import (
	"context"
	"errors"
	"slices"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DepartmentStore keeps the responsible departments (责任单位).
type DepartmentStore struct {
	pool *pgxpool.Pool
	all  kept[[]portal.Department]
}

// NewDepartmentStore returns a DepartmentStore on pool.
func NewDepartmentStore(pool *pgxpool.Pool) *DepartmentStore { return &DepartmentStore{pool: pool} }

// All returns every department ordered by name in pinyin order. The list is shared reference
// data (kept): callers must not change it.
func (s *DepartmentStore) All(ctx context.Context) ([]portal.Department, error) {
	return s.all.get(ctx, s.pool, s.loadAll)
}

func (s *DepartmentStore) loadAll(ctx context.Context) ([]portal.Department, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name, short_name, contact_name, contact_phone
		FROM departments ORDER BY name COLLATE "zh-x-icu", id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Department, error) {
		var d portal.Department
		err := row.Scan(&d.ID, &d.Name, &d.ShortName, &d.ContactName, &d.ContactPhone)
		return d, err
	})
}

const departmentColumns = `id, name, short_name, contact_name, contact_phone`

func scanDepartment(row pgx.Row) (*portal.Department, error) {
	var d portal.Department
	err := row.Scan(&d.ID, &d.Name, &d.ShortName, &d.ContactName, &d.ContactPhone)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// ByID returns the department with id, or ENOTFOUND.
func (s *DepartmentStore) ByID(ctx context.Context, id int64) (*portal.Department, error) {
	return scanDepartment(s.pool.QueryRow(ctx, `SELECT `+departmentColumns+` FROM departments WHERE id = $1`, id))
}

// Create adds a department. Invalid input or a taken name gives EINVALID naming the field.
func (s *DepartmentStore) Create(ctx context.Context, in portal.DepartmentInput) (*portal.Department, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	d, err := scanDepartment(s.pool.QueryRow(ctx, `INSERT INTO departments (name, short_name, contact_name, contact_phone)
		VALUES ($1, $2, $3, $4) RETURNING `+departmentColumns, in.Name, in.ShortName, in.ContactName, in.ContactPhone))
	if isUniqueViolation(err, "departments_name_key") {
		return nil, portal.Problems{"name": "departments.name_taken"}.Err()
	}
	return d, err
}

// Update changes a department and returns it as saved. Invalid input or a taken name gives
// EINVALID naming the field; an unknown id ENOTFOUND.
func (s *DepartmentStore) Update(ctx context.Context, id int64, in portal.DepartmentInput) (*portal.Department, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	d, err := scanDepartment(s.pool.QueryRow(ctx, `UPDATE departments
		SET name = $2, short_name = $3, contact_name = $4, contact_phone = $5
		WHERE id = $1 RETURNING `+departmentColumns, id, in.Name, in.ShortName, in.ContactName, in.ContactPhone))
	if isUniqueViolation(err, "departments_name_key") {
		return nil, portal.Problems{"name": "departments.name_taken"}.Err()
	}
	return d, err
}

// DepartmentFilter selects departments for List.
type DepartmentFilter struct {
	After int64 // keyset cursor: list the departments after this one in List's order
	Limit int
}

// List returns departments in pinyin order of the name with the number of enabled staff
// accounts of each, at most f.Limit of them, and whether more follow. The cursor is the id of
// the last department shown; the next page starts after that department's place in the order.
func (s *DepartmentStore) List(ctx context.Context, f DepartmentFilter) ([]portal.DepartmentSummary, bool, error) {
	limit := clampLimit(f.Limit)
	rows, err := s.pool.Query(ctx, `SELECT d.id, d.name, d.short_name, d.contact_name, d.contact_phone,
			(SELECT count(*) FROM users u WHERE u.department_id = d.id AND NOT u.disabled)
		FROM departments d
		WHERE $1::bigint = 0 OR (d.name COLLATE "zh-x-icu", d.id) >
			(SELECT c.name COLLATE "zh-x-icu", c.id FROM departments c WHERE c.id = $1)
		ORDER BY d.name COLLATE "zh-x-icu", d.id`+limitSQL(limit+1), f.After)
	if err != nil {
		return nil, false, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.DepartmentSummary, error) {
		var d portal.DepartmentSummary
		err := row.Scan(&d.ID, &d.Name, &d.ShortName, &d.ContactName, &d.ContactPhone, &d.Staff)
		return d, err
	})
	if err != nil {
		return nil, false, err
	}
	more := len(list) > limit
	if more {
		list = list[:limit]
	}
	return list, more, nil
}

// departmentNamer names demands' co-handling departments from the kept department list, so
// that lists need not join the departments for every demand they show.
type departmentNamer struct{ departments *DepartmentStore }

// nameCo puts the co-handling departments of the n demands at(i) in the departments' pinyin
// order and sets their names (short names, or the name when there is none, when short). A
// department newer than the kept list (created while the request ran) has the list read again.
func (n departmentNamer) nameCo(ctx context.Context, count int, at func(int) *portal.Demand, short bool) error {
	if count == 0 {
		return nil
	}
	all, err := n.departments.All(ctx)
	if err != nil {
		return err
	}
	index := departmentIndex(all)
	unknown := func() bool {
		for i := 0; i < count; i++ {
			for _, id := range at(i).CoDepartmentIDs {
				if _, ok := index[id]; !ok {
					return true
				}
			}
		}
		return false
	}
	if unknown() {
		if all, err = n.departments.loadAll(ctx); err != nil {
			return err
		}
		index = departmentIndex(all)
	}
	for i := 0; i < count; i++ {
		d := at(i)
		slices.SortFunc(d.CoDepartmentIDs, func(a, b int64) int { return index[a] - index[b] })
		d.CoDepartments = make([]string, len(d.CoDepartmentIDs))
		for j, id := range d.CoDepartmentIDs {
			if k, ok := index[id]; ok {
				dep := &all[k]
				d.CoDepartments[j] = dep.Name
				if short && dep.ShortName != "" {
					d.CoDepartments[j] = dep.ShortName
				}
			}
		}
	}
	return nil
}

// departmentIndex maps each department's id to its place in all.
func departmentIndex(all []portal.Department) map[int64]int {
	index := make(map[int64]int, len(all))
	for i := range all {
		index[all[i].ID] = i
	}
	return index
}
