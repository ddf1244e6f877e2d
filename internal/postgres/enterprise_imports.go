package postgres

import (
	"context"
	"errors"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EnterpriseImportStore keeps batch imports of enterprises from spreadsheets: the batch, its
// checked rows, and the confirmation that adds the valid rows to the enterprise list.
type EnterpriseImportStore struct {
	pool *pgxpool.Pool
}

// NewEnterpriseImportStore returns an EnterpriseImportStore on pool.
func NewEnterpriseImportStore(pool *pgxpool.Pool) *EnterpriseImportStore {
	return &EnterpriseImportStore{pool: pool}
}

// ImportStaleAfter is how long an import may go without progress while parsing before it
// counts as interrupted (the server stopped while checking it); it then shows as failed.
const ImportStaleAfter = 10 * time.Minute

// ImportRetention is how long an import's rows are kept after the import, and an import
// that was never confirmed (or failed) at all. The rows copy the spreadsheet, contacts'
// phone numbers included; the registry holds the enterprises themselves.
const ImportRetention = 30 * 24 * time.Hour

// importRowData is a row's data as stored in enterprise_import_rows.data. Its JSON names are
// what Confirm's SQL reads.
type importRowData struct {
	Name         string          `json:"name"`
	USCC         string          `json:"uscc"`
	Scale        string          `json:"scale"`
	AnnualOutput string          `json:"annual_output"`
	IsKey        bool            `json:"is_key"`
	Address      string          `json:"address"`
	Park         string          `json:"park"`
	LegalRep     string          `json:"legal_rep"`
	ChainIDs     []int64         `json:"chain_ids"`
	ChainNames   []string        `json:"chain_names"`
	Contacts     []importContact `json:"contacts"`
}

type importContact struct {
	Name   string `json:"name"`
	Title  string `json:"title"`
	Mobile string `json:"mobile"`
	Email  string `json:"email"`
}

type importProblem struct {
	Field string   `json:"field"`
	Key   string   `json:"key"`
	Args  []string `json:"args,omitempty"`
}

func toRowData(r portal.ImportRow) importRowData {
	in := r.Input
	d := importRowData{Name: in.Name, USCC: in.USCC, Scale: string(in.Scale), AnnualOutput: in.AnnualOutput,
		IsKey: in.IsKey, Address: in.Address, Park: in.Park, LegalRep: in.LegalRep,
		ChainIDs: append([]int64{}, in.ChainIDs...), ChainNames: append([]string{}, r.ChainNames...),
		Contacts: []importContact{}}
	for _, c := range in.Contacts {
		d.Contacts = append(d.Contacts, importContact(c))
	}
	return d
}

func fromRowData(number int, d importRowData, problems []importProblem) portal.ImportRow {
	r := portal.ImportRow{Number: number, ChainNames: d.ChainNames, Input: portal.EnterpriseInput{
		Name: d.Name, USCC: d.USCC, Scale: portal.Scale(d.Scale), AnnualOutput: d.AnnualOutput, IsKey: d.IsKey,
		Address: d.Address, Park: d.Park, LegalRep: d.LegalRep, ChainIDs: d.ChainIDs}}
	for _, c := range d.Contacts {
		r.Input.Contacts = append(r.Input.Contacts, portal.Contact(c))
	}
	for _, p := range problems {
		r.Problems = append(r.Problems, portal.ImportProblem(p))
	}
	return r
}

// Create records a new import of the file filename by the user createdBy, being checked.
func (s *EnterpriseImportStore) Create(ctx context.Context, createdBy int64, filename string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO enterprise_imports (created_by, filename) VALUES ($1, $2) RETURNING id`,
		createdBy, filename).Scan(&id)
	return id, err
}

// SetEstimate records how many rows the file of an import being checked seems to have.
func (s *EnterpriseImportStore) SetEstimate(ctx context.Context, id int64, rows int) error {
	_, err := s.pool.Exec(ctx, `UPDATE enterprise_imports SET total_rows = $2, updated_at = now()
		WHERE id = $1 AND status = 'parsing'`, id, rows)
	return err
}

// AddRows stores a batch of checked rows of an import being checked and counts them as
// processed. A row whose credit code is registered already gets the problem
// import.uscc_registered: that rule needs the database, so it is the store's to check.
func (s *EnterpriseImportStore) AddRows(ctx context.Context, id int64, rows []portal.ImportRow) error {
	codes := make([]string, 0, len(rows))
	for _, r := range rows {
		if r.Input.USCC != "" && portal.USCCProblem(r.Input.USCC) == "" {
			codes = append(codes, r.Input.USCC)
		}
	}
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		registered := map[string]bool{}
		if len(codes) > 0 {
			found, err := tx.Query(ctx, `SELECT uscc FROM enterprises WHERE uscc = ANY($1)`, codes)
			if err != nil {
				return err
			}
			list, err := pgx.CollectRows(found, pgx.RowTo[string])
			if err != nil {
				return err
			}
			for _, c := range list {
				registered[c] = true
			}
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"enterprise_import_rows"},
			[]string{"import_id", "row_number", "data", "problems"},
			pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
				r := rows[i]
				if registered[r.Input.USCC] {
					r.AddProblem("uscc", "import.uscc_registered")
				}
				problems := make([]importProblem, len(r.Problems))
				for j, p := range r.Problems {
					problems[j] = importProblem(p)
				}
				return []any{id, r.Number, toRowData(r), problems}, nil
			}))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE enterprise_imports SET processed_rows = processed_rows + $2, updated_at = now()
			WHERE id = $1`, id, len(rows))
		return err
	})
}

// Finish marks an import as checked and ready to be confirmed.
func (s *EnterpriseImportStore) Finish(ctx context.Context, id int64) error {
	_, err := s.pool.Exec(ctx, `UPDATE enterprise_imports SET status = 'ready', total_rows = processed_rows,
		updated_at = now() WHERE id = $1 AND status = 'parsing'`, id)
	return err
}

// Fail marks an import as failed for the reason named by the catalog key (with one argument,
// or ""), and drops the rows checked so far.
func (s *EnterpriseImportStore) Fail(ctx context.Context, id int64, key, arg string) error {
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM enterprise_import_rows WHERE import_id = $1`, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE enterprise_imports SET status = 'failed', error_key = $2, error_arg = $3,
			updated_at = now() WHERE id = $1 AND status = 'parsing'`, id, key, arg)
		return err
	})
}

// importColumns reads an import; an import stuck in parsing for longer than ImportStaleAfter
// reads as failed with import.interrupted. $1 is the stale interval.
const importColumns = `i.id, i.created_by, coalesce(u.display_name, ''), i.created_at, i.filename,
	CASE WHEN i.status = 'parsing' AND i.updated_at < now() - $1::interval THEN 'failed' ELSE i.status END,
	i.total_rows, i.processed_rows,
	CASE WHEN i.status = 'parsing' AND i.updated_at < now() - $1::interval THEN 'import.interrupted' ELSE i.error_key END,
	i.error_arg, i.imported_rows, i.imported_at, i.rows_purged_at`

func scanImport(row pgx.Row, counts bool) (*portal.EnterpriseImport, error) {
	var im portal.EnterpriseImport
	dest := []any{&im.ID, &im.CreatedBy, &im.CreatorName, &im.CreatedAt, &im.Filename, &im.Status,
		&im.TotalRows, &im.ProcessedRows, &im.ErrorKey, &im.ErrorArg, &im.ImportedRows, &im.ImportedAt, &im.RowsPurgedAt}
	if counts {
		dest = append(dest, &im.ValidRows, &im.InvalidRows)
	}
	err := row.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	return &im, nil
}

// ByID returns an import with its counts of valid and invalid rows, or ENOTFOUND.
func (s *EnterpriseImportStore) ByID(ctx context.Context, id int64) (*portal.EnterpriseImport, error) {
	return scanImport(s.pool.QueryRow(ctx, `SELECT `+importColumns+`, c.valid, c.invalid
		FROM enterprise_imports i LEFT JOIN users u ON u.id = i.created_by,
		LATERAL (SELECT count(*) FILTER (WHERE r.valid) AS valid, count(*) FILTER (WHERE NOT r.valid) AS invalid
			FROM enterprise_import_rows r WHERE r.import_id = i.id) c
		WHERE i.id = $2`, ImportStaleAfter, id), true)
}

// Recent returns the latest imports, newest first, without their row counts.
func (s *EnterpriseImportStore) Recent(ctx context.Context, limit int) ([]portal.EnterpriseImport, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+importColumns+`
		FROM enterprise_imports i LEFT JOIN users u ON u.id = i.created_by
		ORDER BY i.created_at DESC, i.id DESC LIMIT $2`, ImportStaleAfter, clampLimit(limit))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.EnterpriseImport, error) {
		im, err := scanImport(row, false)
		if err != nil {
			return portal.EnterpriseImport{}, err
		}
		return *im, nil
	})
}

// Purge deletes what imports keep of their spreadsheets once ImportRetention has
// passed (before is now minus ImportRetention): the rows of imports confirmed before it, and
// whole imports that were never confirmed (ready, failed or interrupted) and untouched since.
// It returns how many imports it purged or deleted.
func (s *EnterpriseImportStore) Purge(ctx context.Context, before time.Time) (int64, error) {
	var purged int64
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `WITH purged AS (
				UPDATE enterprise_imports SET rows_purged_at = now()
				WHERE status = 'imported' AND imported_at < $1 AND rows_purged_at IS NULL RETURNING id),
			gone AS (DELETE FROM enterprise_import_rows r USING purged p WHERE r.import_id = p.id)
			SELECT count(*) FROM purged`, before).Scan(&purged); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM enterprise_imports WHERE status <> 'imported' AND updated_at < $1`, before)
		purged += tag.RowsAffected()
		return err
	})
	return purged, err
}

// ImportRowFilter selects rows of an import for Rows.
type ImportRowFilter struct {
	OnlyInvalid bool
	After       int // row number of the previous page's last row
	Limit       int
}

// Rows returns one page of an import's rows in spreadsheet order, and whether more follow.
func (s *EnterpriseImportStore) Rows(ctx context.Context, id int64, f ImportRowFilter) ([]portal.ImportRow, bool, error) {
	limit := clampLimit(f.Limit)
	rows, err := s.pool.Query(ctx, `SELECT row_number, data, problems FROM enterprise_import_rows
		WHERE import_id = $1 AND row_number > $2::bigint AND (NOT $3 OR NOT valid)
		ORDER BY row_number`+limitSQL(limit+1), id, f.After, f.OnlyInvalid)
	if err != nil {
		return nil, false, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.ImportRow, error) {
		var number int
		var data importRowData
		var problems []importProblem
		if err := row.Scan(&number, &data, &problems); err != nil {
			return portal.ImportRow{}, err
		}
		return fromRowData(number, data, problems), nil
	})
	if err != nil {
		return nil, false, err
	}
	if len(list) > limit {
		return list[:limit], true, nil
	}
	return list, false, nil
}

// Confirm adds the valid rows of a checked import to the enterprise list as verified
// enterprises created by actorID, all in one transaction, and returns how many it added. An
// import can be confirmed once: an import already imported, still being checked or failed is
// ECONFLICT, one without valid rows too. Credit codes are checked again: when codes were
// registered since the check, their rows are marked (import.uscc_registered), nothing is
// imported, and the answer is ECONFLICT import.confirm_stale so the official can look again.
func (s *EnterpriseImportStore) Confirm(ctx context.Context, id, actorID int64) (int, error) {
	var imported, stale int
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		var status string
		err := tx.QueryRow(ctx, `SELECT status FROM enterprise_imports WHERE id = $1 FOR UPDATE`, id).Scan(&status)
		if errors.Is(err, pgx.ErrNoRows) {
			return portal.Errorf(portal.ENOTFOUND, "error.not_found")
		}
		if err != nil {
			return err
		}
		switch portal.ImportStatus(status) {
		case portal.ImportImported:
			return portal.Errorf(portal.ECONFLICT, "import.already_imported")
		case portal.ImportReady:
		default:
			return portal.Errorf(portal.ECONFLICT, "import.not_ready")
		}
		tag, err := tx.Exec(ctx, `UPDATE enterprise_import_rows r
			SET problems = r.problems || '[{"field": "uscc", "key": "import.uscc_registered"}]'::jsonb
			FROM enterprises e
			WHERE r.import_id = $1 AND r.valid AND e.uscc = r.data->>'uscc'`, id)
		if err != nil {
			return err
		}
		if stale = int(tag.RowsAffected()); stale > 0 {
			return nil // commit the marks, import nothing
		}
		err = tx.QueryRow(ctx, `WITH src AS (
				SELECT r.row_number, r.data AS d FROM enterprise_import_rows r WHERE r.import_id = $1 AND r.valid
			), ins AS (
				INSERT INTO enterprises (name, uscc, scale, annual_output, is_key, address, park, legal_rep,
					status, reviewed_at, reviewed_by)
				SELECT d->>'name', d->>'uscc', d->>'scale', nullif(d->>'annual_output', '')::numeric,
					(d->>'is_key')::boolean, d->>'address', d->>'park', d->>'legal_rep', 'verified', now(), $2
				FROM src ORDER BY row_number
				RETURNING id, uscc
			), chains AS (
				INSERT INTO enterprise_chains (enterprise_id, chain_id)
				SELECT DISTINCT ins.id, c.chain_id::bigint
				FROM ins JOIN src ON src.d->>'uscc' = ins.uscc,
					jsonb_array_elements_text(src.d->'chain_ids') AS c(chain_id)
			), contacts AS (
				INSERT INTO enterprise_contacts (enterprise_id, position, name, title, mobile, email)
				SELECT ins.id, c.ord - 1, c.v->>'name', c.v->>'title', c.v->>'mobile', c.v->>'email'
				FROM ins JOIN src ON src.d->>'uscc' = ins.uscc,
					jsonb_array_elements(src.d->'contacts') WITH ORDINALITY AS c(v, ord)
			), reviews AS (
				INSERT INTO enterprise_reviews (enterprise_id, action, actor_id) SELECT id, 'created', $2 FROM ins
			)
			SELECT count(*) FROM ins`, id, actorID).Scan(&imported)
		if isUniqueViolation(err, "enterprises_uscc_key") {
			return portal.Errorf(portal.ECONFLICT, "import.confirm_conflict")
		}
		if err != nil {
			return err
		}
		if imported == 0 {
			return portal.Errorf(portal.ECONFLICT, "import.nothing_valid")
		}
		_, err = tx.Exec(ctx, `UPDATE enterprise_imports SET status = 'imported', imported_rows = $2,
			imported_by = $3, imported_at = now(), updated_at = now() WHERE id = $1`, id, imported, actorID)
		return err
	})
	if err != nil {
		return 0, err
	}
	if stale > 0 {
		return 0, portal.Errorf(portal.ECONFLICT, "import.confirm_stale", stale)
	}
	return imported, nil
}
