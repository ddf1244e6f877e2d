package postgres

import (
	"context"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
)

// FirstContacts returns the first contact of each of the enterprises ids that has one, by
// enterprise id. List does not load contacts; the export adds them a page at a time.
func (s *EnterpriseStore) FirstContacts(ctx context.Context, ids []int64) (map[int64]portal.Contact, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT ON (enterprise_id) enterprise_id, name, title, mobile, email
		FROM enterprise_contacts WHERE enterprise_id = ANY($1) ORDER BY enterprise_id, position`, ids)
	if err != nil {
		return nil, err
	}
	contacts := map[int64]portal.Contact{}
	var id int64
	var c portal.Contact
	_, err = pgx.ForEachRow(rows, []any{&id, &c.Name, &c.Title, &c.Mobile, &c.Email}, func() error {
		contacts[id] = c
		return nil
	})
	return contacts, err
}
