-- Departments (责任单位) and industry chains (产业链) are referenced by accounts, so they come first.
CREATE TABLE departments (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL UNIQUE,
    short_name    text NOT NULL DEFAULT '',
    contact_name  text NOT NULL DEFAULT '',
    contact_phone text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE industry_chains (
    id           bigserial PRIMARY KEY,
    name         text NOT NULL UNIQUE,
    description  text NOT NULL DEFAULT '',
    leader_name  text NOT NULL DEFAULT '',
    leader_title text NOT NULL DEFAULT '',
    active       boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    username      text NOT NULL,
    display_name  text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'official', 'department', 'entrepreneur')),
    password_hash text NOT NULL,
    department_id bigint REFERENCES departments (id),
    lang          text NOT NULL DEFAULT 'zh' CHECK (lang IN ('zh', 'en')),
    disabled      boolean NOT NULL DEFAULT false,
    -- Bumped when a password changes or an account is disabled: sessions carrying an older
    -- value are no longer accepted.
    auth_version  integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT department_staff_have_a_department CHECK ((role = 'department') = (department_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_role_id_idx ON users (role, id);

-- Session store of alexedwards/scs (pgxstore).
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- Failed logins, counted per account and per client address to throttle guessing.
CREATE TABLE login_failures (
    id        bigserial PRIMARY KEY,
    key       text NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key, failed_at);

-- Which demo data steps have been loaded, so `make run` loads each one exactly once.
CREATE TABLE demo_steps (
    name      text PRIMARY KEY,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
