package postgres

import (
	"context"
	"errors"

	"breakfast/internal/portal"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// UserStore keeps accounts.
type UserStore struct {
	pool *pgxpool.Pool
}

// NewUserStore returns a UserStore on pool.
func NewUserStore(pool *pgxpool.Pool) *UserStore { return &UserStore{pool: pool} }

const userColumns = `u.id, u.username, u.display_name, u.role, u.department_id,
	coalesce(d.name, ''), u.enterprise_id, u.lang, u.disabled, u.auth_version, u.created_at`

// scanUser scans userColumns, and then any columns into extra.
func scanUser(row pgx.Row, extra ...any) (*portal.User, error) {
	var u portal.User
	err := row.Scan(append([]any{&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.DepartmentID,
		&u.Department, &u.EnterpriseID, &u.Lang, &u.Disabled, &u.AuthVersion, &u.CreatedAt}, extra...)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return &u, err
}

// ByID returns the account with id, or ENOTFOUND.
func (s *UserStore) ByID(ctx context.Context, id int64) (*portal.User, error) {
	return scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+`
		FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = $1`, id))
}

// SignedIn returns what each request of a session needs of the account with id, in one round
// trip: the account (ENOTFOUND when it is gone), its number of unread notices for the bell
// (up to UnreadCap) and the data versions (for WithVersions).
func (s *UserStore) SignedIn(ctx context.Context, id int64) (u *portal.User, unread int, versions Versions, err error) {
	u, err = scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+`, (`+unreadCountSQL+`), `+versionsColumns+`
		FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = $1`, id, UnreadCap),
		&unread, &versions.Reference, &versions.Dashboard)
	return u, unread, versions, err
}

// Authenticate returns the enabled account whose username and password match, or EUNAUTH.
// The password is checked even for unknown usernames so timing does not reveal which exist.
func (s *UserStore) Authenticate(ctx context.Context, username, password string) (*portal.User, error) {
	var hash string
	var id int64
	var disabled bool
	err := s.pool.QueryRow(ctx, `SELECT id, password_hash, disabled FROM users WHERE lower(username) = lower($1)`,
		username).Scan(&id, &hash, &disabled)
	if errors.Is(err, pgx.ErrNoRows) {
		portal.PasswordMatches(dummyHash, password)
		return nil, portal.Errorf(portal.EUNAUTH, "login.failed")
	}
	if err != nil {
		return nil, err
	}
	if !portal.PasswordMatches(hash, password) {
		return nil, portal.Errorf(portal.EUNAUTH, "login.failed")
	}
	if disabled {
		return nil, portal.Errorf(portal.EUNAUTH, "login.disabled")
	}
	return s.ByID(ctx, id)
}

// dummyHash is a bcrypt hash of a random string at portal.PasswordCost.
const dummyHash = "$2a$10$2jZLUgjbzo7bevo7z12gGOhOjiONYVNDqE.oBRA8JXHVHGelrjX1u"

// Create adds an account; a taken username gives EINVALID on the username field.
func (s *UserStore) Create(ctx context.Context, in portal.UserInput) (*portal.User, error) {
	in.Normalize()
	if err := in.Validate(true); err != nil {
		return nil, err
	}
	id, err := insertUser(ctx, s.pool, in)
	if err != nil {
		return nil, err
	}
	return s.ByID(ctx, id)
}

// insertUser adds a validated account; a taken username gives EINVALID on the username field.
func insertUser(ctx context.Context, q querier, in portal.UserInput) (int64, error) {
	hash, err := portal.HashPassword(in.Password)
	if err != nil {
		return 0, err
	}
	var id int64
	err = q.QueryRow(ctx, `INSERT INTO users (username, display_name, role, department_id, enterprise_id, password_hash)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		in.Username, in.DisplayName, in.Role, departmentFor(in), enterpriseFor(in), hash).Scan(&id)
	if isUniqueViolation(err, "users_username_key") {
		return 0, portal.Problems{"username": "user.username_taken"}.Err()
	}
	return id, err
}

// Update changes an account's name, role and department. Changing the role ends the
// account's sessions, because what it may do has changed.
func (s *UserStore) Update(ctx context.Context, id int64, in portal.UserInput) error {
	in.Normalize()
	if err := in.Validate(false); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `UPDATE users SET display_name = $2, role = $3, department_id = $4, enterprise_id = $5,
		auth_version = auth_version + CASE WHEN role <> $3 OR enterprise_id IS DISTINCT FROM $5 THEN 1 ELSE 0 END,
		updated_at = now() WHERE id = $1`, id, in.DisplayName, in.Role, departmentFor(in), enterpriseFor(in))
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return nil
}

func enterpriseFor(in portal.UserInput) *int64 {
	if in.Role != portal.RoleEntrepreneur {
		return nil
	}
	return in.EnterpriseID
}

func departmentFor(in portal.UserInput) *int64 {
	if in.Role != portal.RoleDepartment {
		return nil
	}
	return in.DepartmentID
}

// SetDisabled enables or disables an account. Disabling ends its sessions.
func (s *UserStore) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	tag, err := s.pool.Exec(ctx, `UPDATE users SET disabled = $2,
		auth_version = auth_version + CASE WHEN $2 THEN 1 ELSE 0 END, updated_at = now() WHERE id = $1`, id, disabled)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return portal.Errorf(portal.ENOTFOUND, "error.not_found")
	}
	return nil
}

// ChangePassword replaces the password when old matches, and ends the account's other sessions.
// It returns the new auth version for the caller's own session.
func (s *UserStore) ChangePassword(ctx context.Context, id int64, old, new string) (int, error) {
	var hash string
	if err := s.pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, id).Scan(&hash); err != nil {
		return 0, err
	}
	p := portal.Problems{}
	if !portal.PasswordMatches(hash, old) {
		p.Add("old_password", "password.old_wrong")
	}
	if key := portal.PasswordProblem(new); key != "" {
		p.Add("new_password", key)
	}
	if err := p.Err(); err != nil {
		return 0, err
	}
	newHash, err := portal.HashPassword(new)
	if err != nil {
		return 0, err
	}
	var version int
	err = s.pool.QueryRow(ctx, `UPDATE users SET password_hash = $2, auth_version = auth_version + 1,
		updated_at = now() WHERE id = $1 RETURNING auth_version`, id, newHash).Scan(&version)
	return version, err
}

// SetLang remembers the account's interface language.
func (s *UserStore) SetLang(ctx context.Context, id int64, lang portal.Lang) error {
	_, err := s.pool.Exec(ctx, `UPDATE users SET lang = $2 WHERE id = $1`, id, lang)
	return err
}

// UserFilter selects accounts for List. Nil fields do not filter.
type UserFilter struct {
	Role  *portal.Role
	Query string // substring of username or display name
	After int64  // keyset cursor: list ids greater than this
	Limit int
}

// List returns accounts ordered by id, at most f.Limit of them, and whether more follow.
func (s *UserStore) List(ctx context.Context, f UserFilter) ([]portal.User, bool, error) {
	limit := clampLimit(f.Limit)
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+`
		FROM users u LEFT JOIN departments d ON d.id = u.department_id
		WHERE u.id > $1
		  AND ($2::text IS NULL OR u.role = $2)
		  AND ($3 = '' OR u.username ILIKE '%' || $3 || '%' OR u.display_name ILIKE '%' || $3 || '%')
		ORDER BY u.id`+limitSQL(limit+1), f.After, f.Role, escapeLike(f.Query))
	if err != nil {
		return nil, false, err
	}
	users, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (portal.User, error) {
		u, err := scanUser(row)
		if err != nil {
			return portal.User{}, err
		}
		return *u, nil
	})
	if err != nil {
		return nil, false, err
	}
	more := len(users) > limit
	if more {
		users = users[:limit]
	}
	return users, more, nil
}
