package postgres

import (
	"context"
	"errors"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ChainStore keeps the industry chains (产业链).
type ChainStore struct {
	pool *pgxpool.Pool
	all  kept[[]portal.Chain]
}

// NewChainStore returns a ChainStore on pool.
func NewChainStore(pool *pgxpool.Pool) *ChainStore { return &ChainStore{pool: pool} }

const chainColumns = `id, name, description, leader_name, leader_title, active, created_at`

func scanChain(row pgx.Row) (*portal.Chain, error) {
	var c portal.Chain
	err := row.Scan(&c.ID, &c.Name, &c.Description, &c.LeaderName, &c.LeaderTitle, &c.Active, &c.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// All returns every chain, active ones first, each group in pinyin order of the name. A
// district has a few dozen chains at most, so the list is not paged. The list is shared
// reference data (kept): callers must not change it.
func (s *ChainStore) All(ctx context.Context) ([]portal.Chain, error) {
	return s.all.get(ctx, s.pool, s.loadAll)
}

func (s *ChainStore) loadAll(ctx context.Context) ([]portal.Chain, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+chainColumns+`
		FROM industry_chains ORDER BY active DESC, name COLLATE "zh-x-icu", id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Chain, error) {
		c, err := scanChain(row)
		if err != nil {
			return portal.Chain{}, err
		}
		return *c, nil
	})
}

// ByID returns the chain with id, or ENOTFOUND.
func (s *ChainStore) ByID(ctx context.Context, id int64) (*portal.Chain, error) {
	return scanChain(s.pool.QueryRow(ctx, `SELECT `+chainColumns+` FROM industry_chains WHERE id = $1`, id))
}

// Create adds an active chain. Invalid input or a taken name gives EINVALID naming the field.
func (s *ChainStore) Create(ctx context.Context, in portal.ChainInput) (*portal.Chain, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	c, err := scanChain(s.pool.QueryRow(ctx, `INSERT INTO industry_chains (name, description, leader_name, leader_title)
		VALUES ($1, $2, $3, $4) RETURNING `+chainColumns, in.Name, in.Description, in.LeaderName, in.LeaderTitle))
	if isUniqueViolation(err, "industry_chains_name_key") {
		return nil, portal.Problems{"name": "chains.name_taken"}.Err()
	}
	return c, err
}

// Update changes a chain's name, description and chain head, and returns the chain as saved.
// Invalid input or a taken name gives EINVALID naming the field; an unknown id ENOTFOUND.
func (s *ChainStore) Update(ctx context.Context, id int64, in portal.ChainInput) (*portal.Chain, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	c, err := scanChain(s.pool.QueryRow(ctx, `UPDATE industry_chains
		SET name = $2, description = $3, leader_name = $4, leader_title = $5
		WHERE id = $1 RETURNING `+chainColumns, id, in.Name, in.Description, in.LeaderName, in.LeaderTitle))
	if isUniqueViolation(err, "industry_chains_name_key") {
		return nil, portal.Problems{"name": "chains.name_taken"}.Err()
	}
	return c, err
}

// SetActive activates or deactivates a chain and returns it as saved; an unknown id gives
// ENOTFOUND. Setting the state it already has is not an error, so a repeated request is harmless.
func (s *ChainStore) SetActive(ctx context.Context, id int64, active bool) (*portal.Chain, error) {
	return scanChain(s.pool.QueryRow(ctx, `UPDATE industry_chains SET active = $2 WHERE id = $1
		RETURNING `+chainColumns, id, active))
}
