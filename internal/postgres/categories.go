package postgres

import (
	"context"
	"errors"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
)

// The demand categories (诉求类别) administrators maintain: add, rename, reorder, deactivate.
// A category is never deleted once a demand uses it — deactivated, it is no longer offered on
// the intake form while old demands keep showing it. The methods hang on DemandStore, which
// reads the categories too (Categories in demands.go).

// CategoryUse is a demand category with how many demands use it.
type CategoryUse struct {
	DemandCategory
	Demands int
}

// CategoryUses returns every category in display order with its number of demands.
func (s *DemandStore) CategoryUses(ctx context.Context) ([]CategoryUse, error) {
	rows, err := s.pool.Query(ctx, `SELECT c.id, c.code, c.name_zh, c.name_en, c.active,
			(SELECT count(*) FROM demands d WHERE d.category_id = c.id)
		FROM demand_categories c ORDER BY c.position, c.id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (CategoryUse, error) {
		var c CategoryUse
		err := row.Scan(&c.ID, &c.Code, &c.NameZH, &c.NameEN, &c.Active, &c.Demands)
		return c, err
	})
}

// Category returns one category, or ENOTFOUND.
func (s *DemandStore) Category(ctx context.Context, id int64) (*DemandCategory, error) {
	var c DemandCategory
	err := s.pool.QueryRow(ctx, `SELECT id, code, name_zh, name_en, active FROM demand_categories WHERE id = $1`, id).
		Scan(&c.ID, &c.Code, &c.NameZH, &c.NameEN, &c.Active)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// lockCategories serialises the changes of the category list (names must stay unique,
// positions consecutive); the list is a dozen rows that change a few times a year.
func lockCategories(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `LOCK TABLE demand_categories IN SHARE ROW EXCLUSIVE MODE`)
	return err
}

// checkCategoryNames returns EINVALID on the field whose name another category (not id)
// already has, ignoring case.
func checkCategoryNames(ctx context.Context, tx pgx.Tx, id int64, in portal.CategoryInput) error {
	var zhTaken, enTaken bool
	if err := tx.QueryRow(ctx, `SELECT
			EXISTS (SELECT 1 FROM demand_categories WHERE id <> $1 AND lower(name_zh) = lower($2)),
			EXISTS (SELECT 1 FROM demand_categories WHERE id <> $1 AND lower(name_en) = lower($3))`,
		id, in.NameZH, in.NameEN).Scan(&zhTaken, &enTaken); err != nil {
		return err
	}
	p := portal.Problems{}
	if zhTaken {
		p.Add("name_zh", "categories.name_taken")
	}
	if enTaken {
		p.Add("name_en", "categories.name_taken")
	}
	return p.Err()
}

// CreateCategory adds an active category at the end of the list and returns it. Bad or
// taken names are EINVALID on "name_zh" / "name_en".
func (s *DemandStore) CreateCategory(ctx context.Context, in portal.CategoryInput) (*DemandCategory, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	c := DemandCategory{NameZH: in.NameZH, NameEN: in.NameEN, Active: true}
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockCategories(ctx, tx); err != nil {
			return err
		}
		if err := checkCategoryNames(ctx, tx, 0, in); err != nil {
			return err
		}
		// The code only has to be unique and stable: the seeded ones are words, added ones
		// take their id.
		return tx.QueryRow(ctx, `INSERT INTO demand_categories (id, code, name_zh, name_en, position)
			SELECT n, 'c' || n, $1, $2, (SELECT coalesce(max(position), 0) + 1 FROM demand_categories)
			FROM nextval(pg_get_serial_sequence('demand_categories', 'id')) n
			RETURNING id, code`, in.NameZH, in.NameEN).Scan(&c.ID, &c.Code)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// RenameCategory changes a category's names; demands that use it show the new names. An
// unknown id is ENOTFOUND; bad or taken names EINVALID.
func (s *DemandStore) RenameCategory(ctx context.Context, id int64, in portal.CategoryInput) (*DemandCategory, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var c DemandCategory
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockCategories(ctx, tx); err != nil {
			return err
		}
		if err := checkCategoryNames(ctx, tx, id, in); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `UPDATE demand_categories SET name_zh = $2, name_en = $3 WHERE id = $1
			RETURNING id, code, name_zh, name_en, active`, id, in.NameZH, in.NameEN).
			Scan(&c.ID, &c.Code, &c.NameZH, &c.NameEN, &c.Active)
		if errors.Is(err, pgx.ErrNoRows) {
			return portal.Errorf(portal.ENOTFOUND, "error.not_found")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// MoveCategory moves a category one place up (delta -1) or down (+1) in the list the intake
// form and the filters show. Moving the first one up or the last one down changes nothing;
// an unknown id is ENOTFOUND.
func (s *DemandStore) MoveCategory(ctx context.Context, id int64, delta int) error {
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockCategories(ctx, tx); err != nil {
			return err
		}
		// Number the list 1, 2, 3… in its current order first, so positions are distinct.
		if _, err := tx.Exec(ctx, `UPDATE demand_categories c SET position = o.n
			FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS n FROM demand_categories) o
			WHERE o.id = c.id AND c.position IS DISTINCT FROM o.n`); err != nil {
			return err
		}
		var pos int
		err := tx.QueryRow(ctx, `SELECT position FROM demand_categories WHERE id = $1`, id).Scan(&pos)
		if errors.Is(err, pgx.ErrNoRows) {
			return portal.Errorf(portal.ENOTFOUND, "error.not_found")
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE demand_categories SET position = CASE WHEN id = $1 THEN $3 ELSE $2 END
			WHERE (id = $1 OR position = $3) AND EXISTS (SELECT 1 FROM demand_categories WHERE position = $3)`, id, pos, pos+delta)
		return err
	})
}

// SetCategoryActive activates or deactivates a category and returns it. Deactivated, it is no
// longer offered for new demands; demands that have it keep it. Setting the state it has is
// no error; an unknown id is ENOTFOUND.
func (s *DemandStore) SetCategoryActive(ctx context.Context, id int64, active bool) (*DemandCategory, error) {
	var c DemandCategory
	err := s.pool.QueryRow(ctx, `UPDATE demand_categories SET active = $2 WHERE id = $1
		RETURNING id, code, name_zh, name_en, active`, id, active).Scan(&c.ID, &c.Code, &c.NameZH, &c.NameEN, &c.Active)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}
