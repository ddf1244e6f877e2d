-- Breakfast meetings (早餐会): monthly series, invitations with a waitlist, attendees with
-- check-in codes, and minutes.
CREATE TABLE meeting_series (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meetings (
    id                   bigserial PRIMARY KEY,
    series_id            bigint REFERENCES meeting_series (id),
    theme                text NOT NULL CHECK (theme <> ''),
    starts_at            timestamptz NOT NULL,
    ends_at              timestamptz NOT NULL,
    venue                text NOT NULL,
    chain_id             bigint REFERENCES industry_chains (id),
    host_name            text NOT NULL DEFAULT '',
    host_title           text NOT NULL DEFAULT '',
    capacity             integer NOT NULL CHECK (capacity > 0),            -- enterprises at the table
    per_enterprise_limit integer NOT NULL DEFAULT 2 CHECK (per_enterprise_limit > 0),
    agenda               text NOT NULL DEFAULT '',
    status               text NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'published', 'held', 'closed', 'cancelled')),
    cancel_reason        text NOT NULL DEFAULT '',
    summary              text NOT NULL DEFAULT '',                         -- minutes
    attending_leaders    text NOT NULL DEFAULT '',                         -- minutes: leaders present
    minutes_at           timestamptz,
    version              integer NOT NULL DEFAULT 1,                       -- optimistic locking
    created_by           bigint REFERENCES users (id),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meetings_end_after_start CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_starts_idx ON meetings (starts_at, id);
CREATE INDEX meetings_series_idx ON meetings (series_id, starts_at);
CREATE INDEX meetings_status_idx ON meetings (status, starts_at);

-- Departments invited to sit at the meeting, and (minutes) whether they attended.
CREATE TABLE meeting_departments (
    meeting_id    bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    department_id bigint NOT NULL REFERENCES departments (id),
    attended      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (meeting_id, department_id)
);

-- One row per enterprise and meeting: an official's invitation or the enterprise's application.
-- Seats (capacity) are taken by invited and accepted rows; waitlisted rows move up in order.
CREATE TABLE invitations (
    id            bigserial PRIMARY KEY,
    meeting_id    bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    enterprise_id bigint NOT NULL REFERENCES enterprises (id),
    status        text NOT NULL CHECK (status IN ('invited', 'accepted', 'declined', 'waitlisted', 'applied', 'refused')),
    source        text NOT NULL CHECK (source IN ('official', 'application')),
    queued_at     timestamptz NOT NULL DEFAULT now(),                    -- waitlist order
    replied_at    timestamptz,
    reply_note    text NOT NULL DEFAULT '',
    created_by    bigint REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT invitations_meeting_enterprise_key UNIQUE (meeting_id, enterprise_id)
);
CREATE INDEX invitations_meeting_status_idx ON invitations (meeting_id, status, queued_at, id);
CREATE INDEX invitations_enterprise_idx ON invitations (enterprise_id, meeting_id);

-- People at the meeting: representatives named by an enterprise, or walk-ins added on the day.
CREATE TABLE attendees (
    id              bigserial PRIMARY KEY,
    meeting_id      bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    invitation_id   bigint REFERENCES invitations (id) ON DELETE CASCADE,
    enterprise_id   bigint REFERENCES enterprises (id),
    enterprise_name text NOT NULL DEFAULT '',                           -- walk-ins from outside the registry
    name            text NOT NULL,
    title           text NOT NULL DEFAULT '',
    mobile          text NOT NULL DEFAULT '',
    seat            text NOT NULL DEFAULT '',
    checkin_code    text NOT NULL,
    walk_in         boolean NOT NULL DEFAULT false,
    checked_in_at   timestamptz,
    checked_in_by   bigint REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT attendees_code_key UNIQUE (meeting_id, checkin_code)
);
CREATE INDEX attendees_meeting_idx ON attendees (meeting_id, id);
CREATE INDEX attendees_invitation_idx ON attendees (invitation_id);

-- A private calendar feed per official: the token in the feed URL is the only credential.
ALTER TABLE users ADD COLUMN calendar_token text UNIQUE;
