-- Demands (诉求): what enterprises ask for, who answers, by when, and how satisfied they are.
CREATE TABLE demand_categories (
    id       bigserial PRIMARY KEY,
    code     text NOT NULL UNIQUE,
    name_zh  text NOT NULL,
    name_en  text NOT NULL,
    position integer NOT NULL DEFAULT 0,
    active   boolean NOT NULL DEFAULT true
);
INSERT INTO demand_categories (code, name_zh, name_en, position) VALUES
    ('land', '用地', 'Land', 1),
    ('funding', '融资', 'Funding', 2),
    ('approvals', '审批', 'Approvals', 3),
    ('utilities', '水电气', 'Utilities and energy', 4),
    ('talent', '人才', 'Talent', 5),
    ('market', '市场', 'Market support', 6),
    ('policy', '政策', 'Policy', 7),
    ('other', '其他', 'Other', 8);

CREATE TABLE demands (
    id                 bigserial PRIMARY KEY,
    enterprise_id      bigint NOT NULL REFERENCES enterprises (id),
    meeting_id         bigint REFERENCES meetings (id),
    category_id        bigint NOT NULL REFERENCES demand_categories (id),
    title              text NOT NULL CHECK (title <> ''),
    description        text NOT NULL,
    expected_outcome   text NOT NULL DEFAULT '',
    confidential       boolean NOT NULL DEFAULT false,
    status             text NOT NULL DEFAULT 'submitted' CHECK (status IN
                       ('submitted', 'assigned', 'in_progress', 'answered', 'closed', 'rejected', 'returned', 'reopened', 'merged')),
    priority           text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'high', 'urgent')),
    lead_department_id bigint REFERENCES departments (id),
    time_limit_days    integer CHECK (time_limit_days > 0),           -- working days
    assigned_at        timestamptz,
    deadline           date,                                          -- computed from the working-day calendar
    deadline_unsure    boolean NOT NULL DEFAULT false,                -- falls in a year with no holiday schedule
    answer             text NOT NULL DEFAULT '',
    answered_at        timestamptz,
    rating             text CHECK (rating IN ('satisfied', 'basically', 'unsatisfied')),
    rating_comment     text NOT NULL DEFAULT '',
    rated_at           timestamptz,
    closed_at          timestamptz,
    supervised         boolean NOT NULL DEFAULT false,                -- 督办
    supervision_note   text NOT NULL DEFAULT '',
    merged_into        bigint REFERENCES demands (id),
    reject_reason      text NOT NULL DEFAULT '',
    submitted_by       bigint REFERENCES users (id),                  -- entrepreneur, or the official who recorded it
    recorded_by_official boolean NOT NULL DEFAULT false,
    submit_token       text,                                          -- makes a double-clicked submit create one demand
    version            integer NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT demands_submit_token_key UNIQUE (enterprise_id, submit_token)
);
CREATE INDEX demands_list_idx ON demands (created_at DESC, id DESC);
CREATE INDEX demands_status_idx ON demands (status, created_at DESC, id DESC);
CREATE INDEX demands_enterprise_idx ON demands (enterprise_id, created_at DESC, id DESC);
CREATE INDEX demands_lead_department_idx ON demands (lead_department_id, status, deadline);
CREATE INDEX demands_meeting_idx ON demands (meeting_id, id);
CREATE INDEX demands_deadline_open_idx ON demands (deadline) WHERE status IN ('assigned', 'in_progress', 'reopened');

-- Co-handling departments (协办).
CREATE TABLE demand_co_departments (
    demand_id     bigint NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
    department_id bigint NOT NULL REFERENCES departments (id),
    PRIMARY KEY (demand_id, department_id)
);
CREATE INDEX demand_co_departments_department_idx ON demand_co_departments (department_id, demand_id);

-- The timeline: every transition and progress note, who, when, from, to, note.
CREATE TABLE demand_events (
    id          bigserial PRIMARY KEY,
    demand_id   bigint NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES users (id),
    action      text NOT NULL,
    from_status text,
    to_status   text,
    note        text NOT NULL DEFAULT ''
);
CREATE INDEX demand_events_demand_idx ON demand_events (demand_id, at, id);

-- Deadline extensions a department asks for and an official decides.
CREATE TABLE demand_extensions (
    id             bigserial PRIMARY KEY,
    demand_id      bigint NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
    requested_by   bigint REFERENCES users (id),
    requested_at   timestamptz NOT NULL DEFAULT now(),
    extra_days     integer NOT NULL CHECK (extra_days > 0),
    reason         text NOT NULL,
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
    decided_by     bigint REFERENCES users (id),
    decided_at     timestamptz,
    decision_note  text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX demand_extensions_one_pending ON demand_extensions (demand_id) WHERE status = 'pending';

-- Files attached to a demand; kept in the database so a demand and its files are saved together.
CREATE TABLE demand_attachments (
    id           bigserial PRIMARY KEY,
    demand_id    bigint NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
    filename     text NOT NULL,
    content_type text NOT NULL,
    size         integer NOT NULL,
    data         bytea NOT NULL,
    uploaded_by  bigint REFERENCES users (id),
    uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX demand_attachments_demand_idx ON demand_attachments (demand_id);

-- Settings an administrator can change.
CREATE TABLE settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO settings (key, value) VALUES ('rating_window_days', '15');
