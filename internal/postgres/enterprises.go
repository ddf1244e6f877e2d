package postgres

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// EnterpriseStore keeps enterprises, their chains, contacts and registration reviews.
type EnterpriseStore struct {
	pool *pgxpool.Pool
}

// NewEnterpriseStore returns an EnterpriseStore on pool.
func NewEnterpriseStore(pool *pgxpool.Pool) *EnterpriseStore { return &EnterpriseStore{pool: pool} }

const enterpriseColumns = `e.id, e.name, e.uscc, e.scale, e.annual_output::float8, e.is_key, e.address, e.park,
	e.legal_rep, e.status, e.review_note, e.reviewed_at, e.submitted_at, e.created_at,
	coalesce((SELECT json_agg(json_build_object('ID', c.id, 'Name', c.name) ORDER BY c.name COLLATE "zh-x-icu")
		FROM enterprise_chains ec JOIN industry_chains c ON c.id = ec.chain_id WHERE ec.enterprise_id = e.id), '[]')`

func scanEnterprise(row pgx.Row) (*portal.Enterprise, error) {
	var e portal.Enterprise
	err := row.Scan(&e.ID, &e.Name, &e.USCC, &e.Scale, &e.AnnualOutput, &e.IsKey, &e.Address, &e.Park,
		&e.LegalRep, &e.Status, &e.ReviewNote, &e.ReviewedAt, &e.SubmittedAt, &e.CreatedAt, &e.Chains)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return &e, err
}

// ByID returns the enterprise with its chains and contacts, or ENOTFOUND.
func (s *EnterpriseStore) ByID(ctx context.Context, id int64) (*portal.Enterprise, error) {
	e, err := scanEnterprise(s.pool.QueryRow(ctx, `SELECT `+enterpriseColumns+` FROM enterprises e WHERE e.id = $1`, id))
	if err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT name, title, mobile, email FROM enterprise_contacts
		WHERE enterprise_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	e.Contacts, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Contact, error) {
		var c portal.Contact
		err := row.Scan(&c.Name, &c.Title, &c.Mobile, &c.Email)
		return c, err
	})
	return e, err
}

// IDByUSCC returns the id of the enterprise with the given code, or ENOTFOUND.
func (s *EnterpriseStore) IDByUSCC(ctx context.Context, uscc string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM enterprises WHERE uscc = $1`, portal.NormalizeUSCC(uscc)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return id, err
}

// Register creates an entrepreneur's account together with their enterprise, pending
// verification, in one transaction. A registered USCC or a taken username is EINVALID on its
// field; nothing is saved then.
func (s *EnterpriseStore) Register(ctx context.Context, account portal.UserInput, in portal.EnterpriseInput) (userID, enterpriseID int64, err error) {
	account.Role = portal.RoleEntrepreneur
	// The enterprise gets its id only when inserted below; a stand-in lets the account's other
	// rules be checked first, so every problem of the form shows at once.
	account.EnterpriseID = new(int64)
	account.Normalize()
	in.Normalize()
	in.IsKey = false // only officials mark key enterprises
	problems := portal.Problems{}
	mergeProblems(problems, account.Validate(true))
	mergeProblems(problems, in.Validate())
	if err := problems.Err(); err != nil {
		return 0, 0, err
	}
	err = withTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if enterpriseID, err = insertEnterprise(ctx, tx, in, portal.EnterprisePending); err != nil {
			return err
		}
		account.EnterpriseID = &enterpriseID
		if userID, err = insertUser(ctx, tx, account); err != nil {
			return err
		}
		return addReview(ctx, tx, enterpriseID, "submitted", "", userID)
	})
	return userID, enterpriseID, err
}

// Create adds an enterprise entered by an official; it is verified at once.
func (s *EnterpriseStore) Create(ctx context.Context, in portal.EnterpriseInput, actorID int64) (int64, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if id, err = insertEnterprise(ctx, tx, in, portal.EnterpriseVerified); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE enterprises SET reviewed_at = now(), reviewed_by = $2 WHERE id = $1`, id, actorID); err != nil {
			return err
		}
		return addReview(ctx, tx, id, "created", "", actorID)
	})
	return id, err
}

func insertEnterprise(ctx context.Context, tx pgx.Tx, in portal.EnterpriseInput, status portal.EnterpriseStatus) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO enterprises (name, uscc, scale, annual_output, is_key, address, park, legal_rep, status)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		in.Name, in.USCC, in.Scale, in.Output(), in.IsKey, in.Address, in.Park, in.LegalRep, status).Scan(&id)
	if isUniqueViolation(err, "enterprises_uscc_key") {
		return 0, portal.Problems{"uscc": "enterprise.uscc_taken"}.Err()
	}
	if err != nil {
		return 0, err
	}
	if err := replaceChains(ctx, tx, id, in.ChainIDs); err != nil {
		return 0, err
	}
	return id, replaceContacts(ctx, tx, id, in.Contacts)
}

func replaceChains(ctx context.Context, tx pgx.Tx, id int64, chainIDs []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM enterprise_chains WHERE enterprise_id = $1`, id); err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `INSERT INTO enterprise_chains (enterprise_id, chain_id)
		SELECT $1, c.id FROM industry_chains c WHERE c.id = ANY($2)`, id, chainIDs)
	if err != nil {
		return err
	}
	if int(tag.RowsAffected()) != len(chainIDs) {
		return portal.Problems{"chain_ids": "enterprise.chain_unknown"}.Err()
	}
	return nil
}

func replaceContacts(ctx context.Context, tx pgx.Tx, id int64, contacts []portal.Contact) error {
	if _, err := tx.Exec(ctx, `DELETE FROM enterprise_contacts WHERE enterprise_id = $1`, id); err != nil {
		return err
	}
	for i, c := range contacts {
		if _, err := tx.Exec(ctx, `INSERT INTO enterprise_contacts (enterprise_id, position, name, title, mobile, email)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, i, c.Name, c.Title, c.Mobile, c.Email); err != nil {
			return err
		}
	}
	return nil
}

func addReview(ctx context.Context, tx pgx.Tx, enterpriseID int64, action, note string, actorID int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO enterprise_reviews (enterprise_id, action, note, actor_id) VALUES ($1, $2, $3, $4)`,
		enterpriseID, action, note, actorID)
	return err
}

// Update saves an official's changes to an enterprise, key-enterprise flag included. The
// registration status does not change.
func (s *EnterpriseStore) Update(ctx context.Context, id int64, in portal.EnterpriseInput) error {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		return updateEnterprise(ctx, tx, id, in, "")
	})
}

// UpdateByOwner saves an entrepreneur's changes to their own enterprise. A rejected
// registration goes back to the verification queue, and so does a verified one whose name or
// code changed; the key-enterprise flag is not theirs to change. It returns the new status.
func (s *EnterpriseStore) UpdateByOwner(ctx context.Context, id int64, in portal.EnterpriseInput, actorID int64) (portal.EnterpriseStatus, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return "", err
	}
	var status portal.EnterpriseStatus
	err := withTx(ctx, s.pool, func(tx pgx.Tx) error {
		var name, uscc string
		var isKey bool
		if err := tx.QueryRow(ctx, `SELECT name, uscc, status, is_key FROM enterprises WHERE id = $1 FOR UPDATE`, id).
			Scan(&name, &uscc, &status, &isKey); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return portal.Errorf(portal.ENOTFOUND, "error.not_found")
			}
			return err
		}
		in.IsKey = isKey
		resubmit := status == portal.EnterpriseRejected ||
			status == portal.EnterpriseVerified && (name != in.Name || uscc != in.USCC)
		newStatus := ""
		if resubmit {
			newStatus = string(portal.EnterprisePending)
			status = portal.EnterprisePending
		}
		if err := updateEnterprise(ctx, tx, id, in, newStatus); err != nil {
			return err
		}
		if resubmit {
			return addReview(ctx, tx, id, "resubmitted", "", actorID)
		}
		return nil
	})
	return status, err
}

// updateEnterprise writes every field; a non-empty status also resets the review and puts the
// enterprise back in the queue.
func updateEnterprise(ctx context.Context, tx pgx.Tx, id int64, in portal.EnterpriseInput, status string) error {
	tag, err := tx.Exec(ctx, `UPDATE enterprises SET name = $2, uscc = $3, scale = $4, annual_output = $5, is_key = $6,
		address = $7, park = $8, legal_rep = $9, updated_at = now(),
		status = coalesce(nullif($10, ''), status),
		submitted_at = CASE WHEN $10 = '' THEN submitted_at ELSE now() END,
		review_note = CASE WHEN $10 = '' THEN review_note ELSE '' END
		WHERE id = $1`, id, in.Name, in.USCC, in.Scale, in.Output(), in.IsKey, in.Address, in.Park, in.LegalRep, status)
	if isUniqueViolation(err, "enterprises_uscc_key") {
		return portal.Problems{"uscc": "enterprise.uscc_taken"}.Err()
	}
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	if err := replaceChains(ctx, tx, id, in.ChainIDs); err != nil {
		return err
	}
	return replaceContacts(ctx, tx, id, in.Contacts)
}

// SetContacts replaces an enterprise's contacts; this needs no re-verification.
func (s *EnterpriseStore) SetContacts(ctx context.Context, id int64, contacts []portal.Contact) error {
	in := portal.EnterpriseInput{Contacts: contacts}
	in.Normalize()
	if err := portal.ValidateContacts(in.Contacts); err != nil {
		return err
	}
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE enterprises SET updated_at = now() WHERE id = $1`, id); err != nil {
			return err
		}
		return replaceContacts(ctx, tx, id, in.Contacts)
	})
}

// Verify accepts a pending registration. Anything but a pending one is ECONFLICT.
func (s *EnterpriseStore) Verify(ctx context.Context, id, actorID int64) error {
	return s.review(ctx, id, actorID, portal.EnterpriseVerified, "")
}

// Reject refuses a pending registration with a reason the entrepreneur will read.
func (s *EnterpriseStore) Reject(ctx context.Context, id, actorID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return portal.Problems{"reason": "enterprise.reject_reason_required"}.Err()
	}
	if len([]rune(reason)) > 500 {
		return portal.Problems{"reason": "field.too_long"}.Err()
	}
	return s.review(ctx, id, actorID, portal.EnterpriseRejected, reason)
}

func (s *EnterpriseStore) review(ctx context.Context, id, actorID int64, to portal.EnterpriseStatus, note string) error {
	return withTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE enterprises SET status = $2, review_note = $3, reviewed_at = now(), reviewed_by = $4,
			updated_at = now() WHERE id = $1 AND status = 'pending'`, id, to, note, actorID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM enterprises WHERE id = $1)`, id).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return portal.Errorf(portal.ENOTFOUND, "error.not_found")
			}
			return portal.Errorf(portal.ECONFLICT, "enterprise.not_pending")
		}
		if err := addReview(ctx, tx, id, string(to), note, actorID); err != nil {
			return err
		}
		return notifyRegistration(ctx, tx, id, to, note)
	})
}

// Review is one step of an enterprise's registration history.
type Review struct {
	Action string
	Note   string
	Actor  string
	At     time.Time
}

// Reviews returns an enterprise's registration history, oldest first.
func (s *EnterpriseStore) Reviews(ctx context.Context, id int64) ([]Review, error) {
	rows, err := s.pool.Query(ctx, `SELECT r.action, r.note, coalesce(u.display_name, ''), r.at
		FROM enterprise_reviews r LEFT JOIN users u ON u.id = r.actor_id
		WHERE r.enterprise_id = $1 ORDER BY r.at, r.id`, id)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Review, error) {
		var r Review
		err := row.Scan(&r.Action, &r.Note, &r.Actor, &r.At)
		return r, err
	})
}

// EnterpriseSort is an order of the enterprise list.
type EnterpriseSort string

// The orders of the enterprise list.
const (
	SortByName   EnterpriseSort = "name"   // pinyin order
	SortNewest   EnterpriseSort = "newest" // most recently registered first
	SortByUSCC   EnterpriseSort = "uscc"
	SortOldestIn EnterpriseSort = "queue" // longest waiting first (verification queue)
)

// EnterpriseFilter selects enterprises for List. Nil or empty fields do not filter.
type EnterpriseFilter struct {
	Query   string // substring of the name or the USCC
	ChainID *int64
	Scale   *portal.Scale
	IsKey   *bool
	Status  *portal.EnterpriseStatus
	Sort    EnterpriseSort
	After   string // cursor from a previous page's Next
	Limit   int
}

// EnterprisePage is one page of List.
type EnterprisePage struct {
	Enterprises []portal.Enterprise
	Next        string // cursor of the next page, empty on the last
}

// List returns one page of enterprises matching f in f.Sort order, using keyset pagination.
// A malformed cursor is EINVALID.
func (s *EnterpriseStore) List(ctx context.Context, f EnterpriseFilter) (EnterprisePage, error) {
	limit := clampLimit(f.Limit)
	where := []string{"true"}
	args := argList{}
	arg := args.add
	if q := escapeLike(f.Query); q != "" {
		p := arg(q)
		where = append(where, fmt.Sprintf("(e.name ILIKE '%%' || %s || '%%' OR e.uscc ILIKE '%%' || %s || '%%')", p, p))
	}
	if f.ChainID != nil {
		where = append(where, "EXISTS (SELECT 1 FROM enterprise_chains ec WHERE ec.enterprise_id = e.id AND ec.chain_id = "+arg(*f.ChainID)+")")
	}
	if f.Scale != nil {
		where = append(where, "e.scale = "+arg(string(*f.Scale)))
	}
	if f.IsKey != nil {
		where = append(where, "e.is_key = "+arg(*f.IsKey))
	}
	if f.Status != nil {
		where = append(where, "e.status = "+arg(string(*f.Status)))
	}
	var order string
	var key func(e portal.Enterprise) string
	cursorKey, cursorID, err := decodeCursor(f.After)
	if err != nil {
		return EnterprisePage{}, err
	}
	switch f.Sort {
	case SortNewest:
		order = "e.created_at DESC, e.id DESC"
		key = func(e portal.Enterprise) string { return e.CreatedAt.Format(time.RFC3339Nano) }
		if f.After != "" {
			t, err := time.Parse(time.RFC3339Nano, cursorKey)
			if err != nil {
				return EnterprisePage{}, badCursor()
			}
			where = append(where, fmt.Sprintf("(e.created_at, e.id) < (%s, %s)", arg(t), arg(cursorID)))
		}
	case SortOldestIn:
		order = "e.submitted_at, e.id"
		key = func(e portal.Enterprise) string { return e.SubmittedAt.Format(time.RFC3339Nano) }
		if f.After != "" {
			t, err := time.Parse(time.RFC3339Nano, cursorKey)
			if err != nil {
				return EnterprisePage{}, badCursor()
			}
			where = append(where, fmt.Sprintf("(e.submitted_at, e.id) > (%s, %s)", arg(t), arg(cursorID)))
		}
	case SortByUSCC:
		order = "e.uscc, e.id"
		key = func(e portal.Enterprise) string { return e.USCC }
		if f.After != "" {
			where = append(where, fmt.Sprintf("(e.uscc, e.id) > (%s, %s)", arg(cursorKey), arg(cursorID)))
		}
	default:
		order = `e.name COLLATE "zh-x-icu", e.id`
		key = func(e portal.Enterprise) string { return e.Name }
		if f.After != "" {
			where = append(where, fmt.Sprintf(`(e.name COLLATE "zh-x-icu", e.id) > (%s COLLATE "zh-x-icu", %s)`, arg(cursorKey), arg(cursorID)))
		}
	}
	sql := `SELECT ` + enterpriseColumns + ` FROM enterprises e WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY ` + order + limitSQL(limit+1)
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return EnterprisePage{}, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.Enterprise, error) {
		e, err := scanEnterprise(row)
		if err != nil {
			return portal.Enterprise{}, err
		}
		return *e, nil
	})
	if err != nil {
		return EnterprisePage{}, err
	}
	page := EnterprisePage{Enterprises: list}
	if len(list) > limit {
		page.Enterprises = list[:limit]
		last := page.Enterprises[limit-1]
		page.Next = encodeCursor(key(last), last.ID)
	}
	return page, nil
}

// encodeCursor packs a sort key and an id into an opaque URL-safe cursor.
func encodeCursor(key string, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(id, 10) + ":" + key))
}

func decodeCursor(c string) (string, int64, error) {
	if c == "" {
		return "", 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", 0, badCursor()
	}
	idText, key, ok := strings.Cut(string(raw), ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil {
		return "", 0, badCursor()
	}
	return key, id, nil
}

func badCursor() error { return portal.Errorf(portal.EINVALID, "error.bad_request", "cursor") }

// mergeProblems adds the field problems of an EINVALID error to p.
func mergeProblems(p portal.Problems, err error) {
	var appErr *portal.Error
	if errors.As(err, &appErr) {
		for k, v := range appErr.Fields {
			p.Add(k, v)
		}
	}
}

// PendingCount returns how many registrations wait for verification.
func (s *EnterpriseStore) PendingCount(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM enterprises WHERE status = 'pending'`).Scan(&n)
	return n, err
}
