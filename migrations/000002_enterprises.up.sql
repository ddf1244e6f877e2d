-- Enterprises (企业) with their industry chains, contacts and verification history.
CREATE TABLE enterprises (
    id             bigserial PRIMARY KEY,
    name           text NOT NULL CHECK (name <> ''),
    uscc           text NOT NULL CHECK (uscc ~ '^[0-9A-HJ-NP-RTUW-Y]{18}$'),
    scale          text NOT NULL CHECK (scale IN ('above', 'below')), -- 规上 / 规下
    annual_output  numeric(14, 2) CHECK (annual_output >= 0),         -- 万元, optional
    is_key         boolean NOT NULL DEFAULT false,                    -- 重点企业
    address        text NOT NULL DEFAULT '',
    park           text NOT NULL DEFAULT '',                          -- 园区 / 街道
    legal_rep      text NOT NULL DEFAULT '',
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected')),
    review_note    text NOT NULL DEFAULT '',                          -- the reason of a rejection
    reviewed_at    timestamptz,
    reviewed_by    bigint REFERENCES users (id),
    submitted_at   timestamptz NOT NULL DEFAULT now(),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT enterprises_uscc_key UNIQUE (uscc)
);
CREATE INDEX enterprises_status_idx ON enterprises (status, id);
CREATE INDEX enterprises_created_idx ON enterprises (created_at DESC, id DESC);
CREATE INDEX enterprises_name_zh_idx ON enterprises ((name COLLATE "zh-x-icu"), id);

CREATE TABLE enterprise_chains (
    enterprise_id bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    chain_id      bigint NOT NULL REFERENCES industry_chains (id),
    PRIMARY KEY (enterprise_id, chain_id)
);
CREATE INDEX enterprise_chains_chain_idx ON enterprise_chains (chain_id, enterprise_id);

CREATE TABLE enterprise_contacts (
    id            bigserial PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    position      integer NOT NULL,
    name          text NOT NULL,
    title         text NOT NULL DEFAULT '',
    mobile        text NOT NULL DEFAULT '',
    email         text NOT NULL DEFAULT '',
    UNIQUE (enterprise_id, position)
);

-- Every submission, verification, rejection and re-submission of an enterprise's registration.
CREATE TABLE enterprise_reviews (
    id            bigserial PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprises (id) ON DELETE CASCADE,
    action        text NOT NULL CHECK (action IN ('submitted', 'verified', 'rejected', 'resubmitted', 'created')),
    note          text NOT NULL DEFAULT '',
    actor_id      bigint REFERENCES users (id),
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprise_reviews_enterprise_idx ON enterprise_reviews (enterprise_id, at);

-- An entrepreneur belongs to exactly one enterprise.
ALTER TABLE users ADD COLUMN enterprise_id bigint REFERENCES enterprises (id);
ALTER TABLE users ADD CONSTRAINT entrepreneurs_have_an_enterprise
    CHECK ((role = 'entrepreneur') = (enterprise_id IS NOT NULL));
CREATE INDEX users_enterprise_idx ON users (enterprise_id) WHERE enterprise_id IS NOT NULL;
