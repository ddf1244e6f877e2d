-- Batch imports of enterprises from a spreadsheet: the uploaded file is checked row by row in
-- the background, an official reviews the result and confirms it, and only then are the valid
-- rows added to the enterprise list, all in one transaction.
CREATE TABLE enterprise_imports (
    id             bigserial PRIMARY KEY,
    created_by     bigint NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),  -- last progress; a stale 'parsing' was interrupted
    filename       text NOT NULL DEFAULT '',
    status         text NOT NULL DEFAULT 'parsing' CHECK (status IN ('parsing', 'ready', 'failed', 'imported')),
    total_rows     integer NOT NULL DEFAULT 0 CHECK (total_rows >= 0),      -- an estimate while parsing
    processed_rows integer NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
    error_key      text NOT NULL DEFAULT '',                                -- catalog key of why it failed
    error_arg      text NOT NULL DEFAULT '',
    imported_rows  integer NOT NULL DEFAULT 0,
    imported_by    bigint REFERENCES users (id),
    imported_at    timestamptz,
    CHECK ((status = 'imported') = (imported_at IS NOT NULL))
);
CREATE INDEX enterprise_imports_created_idx ON enterprise_imports (created_at DESC, id DESC);

-- One data row of an import: what the spreadsheet says (data) and what is wrong with it
-- (problems: [{field, key, args}], empty when the row can be imported).
CREATE TABLE enterprise_import_rows (
    import_id  bigint NOT NULL REFERENCES enterprise_imports (id) ON DELETE CASCADE,
    row_number integer NOT NULL,
    data       jsonb NOT NULL,
    problems   jsonb NOT NULL DEFAULT '[]',
    valid      boolean GENERATED ALWAYS AS (problems = '[]'::jsonb) STORED,
    PRIMARY KEY (import_id, row_number)
);
CREATE INDEX enterprise_import_rows_invalid_idx ON enterprise_import_rows (import_id, row_number) WHERE NOT valid;
