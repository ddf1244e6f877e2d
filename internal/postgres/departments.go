package postgres

import (
	"context"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DepartmentStore keeps the responsible departments (责任单位).
type DepartmentStore struct {
	pool *pgxpool.Pool
}

// NewDepartmentStore returns a DepartmentStore on pool.
func NewDepartmentStore(pool *pgxpool.Pool) *DepartmentStore { return &DepartmentStore{pool: pool} }

// All returns every department ordered by name in pinyin order.
func (s *DepartmentStore) All(ctx context.Context) ([]portal.Department, error) {
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
