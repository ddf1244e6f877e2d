-- The audit log: one row per change of state, login, logout, failed login, export, print and
-- download, written by the application and never changed afterwards.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    -- No foreign key: a row must outlive its account, and a cascade would be an UPDATE or
    -- DELETE, which the trigger below refuses.
    user_id     bigint,
    username    text NOT NULL DEFAULT '',   -- snapshot at the time, or the name typed at a failed login
    role        text NOT NULL DEFAULT '',
    action      text NOT NULL,              -- "METHOD /route/{pattern}", or login, login_failed, logout
    object_type text NOT NULL DEFAULT '',   -- e.g. demands, meetings, users
    object_id   text NOT NULL DEFAULT '',
    status      integer NOT NULL DEFAULT 0, -- HTTP status of the answer
    detail      jsonb NOT NULL DEFAULT '{}', -- form fields (never secrets), further URL parameters
    ip          text NOT NULL DEFAULT '',
    user_agent  text NOT NULL DEFAULT ''
);

-- The admin page lists newest first (id DESC) under any combination of these filters.
CREATE INDEX audit_log_user_idx ON audit_log (user_id, id);
CREATE INDEX audit_log_username_idx ON audit_log (username, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, id);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- Append-only: the application may insert, nothing may change or remove a row.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
