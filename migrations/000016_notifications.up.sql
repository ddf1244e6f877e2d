-- Notifications: in-app notices (always on) and their delivery by e-mail through a
-- transactional outbox. The change that causes a notice writes it in its own transaction, so a
-- crash can neither lose nor invent one; a worker delivers the outbox afterwards.

-- Where an account's e-mail notices go; empty: no e-mail.
ALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT '';

-- One notice to one account. Title and body are rendered when read (or mailed) from kind and
-- payload, in the reader's language of that moment. dedupe_key makes a notice that may be
-- caused twice (a reminder, a deadline warning, an invitation seen again) exist once per account.
CREATE TABLE notifications (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text NOT NULL,
    payload    jsonb NOT NULL DEFAULT '{}',
    link       text NOT NULL DEFAULT '',
    dedupe_key text,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz
);
CREATE UNIQUE INDEX notifications_dedupe_key ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
-- The bell's unread count: one cheap index-only count per page.
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- The delivery of a notice on a channel other than in-app (e-mail now; SMS or WeChat later).
-- pending rows are due when next_attempt_at is NULL or has come; a worker claims a row by
-- moving next_attempt_at a lease ahead, so no other worker takes it meanwhile. After
-- max attempts a row is parked until an administrator retries it.
CREATE TABLE notification_outbox (
    id              bigserial PRIMARY KEY,
    notification_id bigint NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel         text NOT NULL DEFAULT 'email' CHECK (channel IN ('email')),
    kind            text NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'parked')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text NOT NULL DEFAULT '',
    parked_at       timestamptz,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notification_outbox_once UNIQUE (notification_id, channel)
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at NULLS FIRST, id) WHERE status = 'pending';
CREATE INDEX notification_outbox_trouble_idx ON notification_outbox (id DESC) WHERE status = 'parked' OR (status = 'pending' AND attempts > 0);

-- E-mail switched off per kind of notice; no row means e-mail is on. In-app is always on.
CREATE TABLE notification_preferences (
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          text NOT NULL,
    email_enabled boolean NOT NULL,
    PRIMARY KEY (user_id, kind)
);
