package postgres

import (
	"context"
	"iter"
	"strings"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// AuditStore appends to the audit log and reads it back. There is deliberately no method that
// changes or deletes a row, and the database's trigger refuses both.
type AuditStore struct{ pool *pgxpool.Pool }

// NewAuditStore returns an AuditStore on pool.
func NewAuditStore(pool *pgxpool.Pool) *AuditStore { return &AuditStore{pool: pool} }

// Record appends e to the log; e.ID and e.At are set by the database.
func (s *AuditStore) Record(ctx context.Context, e portal.AuditEntry) error {
	detail := e.Detail
	if detail == nil {
		detail = map[string]string{}
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO audit_log
		(user_id, username, role, action, object_type, object_id, status, detail, ip, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.UserID, e.Username, string(e.Role), e.Action, e.ObjectType, e.ObjectID, e.Status, detail, e.IP, e.UserAgent)
	return err
}

// AuditFilter selects log rows. Empty fields do not filter.
type AuditFilter struct {
	Username   string     // exact, case-insensitive
	Action     string     // exact
	ObjectType string     // exact
	ObjectID   string     // exact
	From       *time.Time // at or after
	Until      *time.Time // before
	After      int64      // keyset cursor: rows with a smaller id (the list is newest first)
	Limit      int
}

const auditColumns = `id, at, user_id, username, role, action, object_type, object_id, status, detail, ip, user_agent`

func (f AuditFilter) where() (string, []any) {
	where := []string{"true"}
	var args argList
	arg := args.add
	if u := strings.ToLower(strings.TrimSpace(f.Username)); u != "" {
		where = append(where, "username = "+arg(u))
	}
	if f.Action != "" {
		where = append(where, "action = "+arg(f.Action))
	}
	if f.ObjectType != "" {
		where = append(where, "object_type = "+arg(f.ObjectType))
	}
	if id := strings.TrimSpace(f.ObjectID); id != "" {
		where = append(where, "object_id = "+arg(id))
	}
	if f.From != nil {
		where = append(where, "at >= "+arg(*f.From))
	}
	if f.Until != nil {
		where = append(where, "at < "+arg(*f.Until))
	}
	if f.After > 0 {
		where = append(where, "id < "+arg(f.After))
	}
	return strings.Join(where, " AND "), args
}

func scanAudit(row pgx.CollectableRow) (portal.AuditEntry, error) {
	var e portal.AuditEntry
	var role string
	err := row.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &role, &e.Action, &e.ObjectType, &e.ObjectID,
		&e.Status, &e.Detail, &e.IP, &e.UserAgent)
	e.Role = portal.Role(role)
	return e, err
}

// List returns log rows matching f, newest first, at most f.Limit of them, and whether more
// follow (the next page's cursor is the last row's id).
func (s *AuditStore) List(ctx context.Context, f AuditFilter) ([]portal.AuditEntry, bool, error) {
	limit := clampLimit(f.Limit)
	where, args := f.where()
	rows, err := s.pool.Query(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE `+where+
		` ORDER BY id DESC`+limitSQL(limit+1), args...)
	if err != nil {
		return nil, false, err
	}
	list, err := pgx.CollectRows(rows, scanAudit)
	if err != nil {
		return nil, false, err
	}
	more := len(list) > limit
	if more {
		list = list[:limit]
	}
	return list, more, nil
}

// All yields every row matching f (ignoring f.After and f.Limit), newest first, reading a page
// at a time so an export never holds the whole log.
func (s *AuditStore) All(ctx context.Context, f AuditFilter) iter.Seq2[portal.AuditEntry, error] {
	return func(yield func(portal.AuditEntry, error) bool) {
		f.After, f.Limit = 0, 500
		for {
			page, more, err := s.List(ctx, f)
			if err != nil {
				yield(portal.AuditEntry{}, err)
				return
			}
			for _, e := range page {
				if !yield(e, nil) {
					return
				}
			}
			if !more {
				return
			}
			f.After = page[len(page)-1].ID
		}
	}
}
