-- Reference data (departments, industry chains, demand categories, settings and the
-- working-day calendar) is read by most pages and changes a few times a year. Each server keeps
-- it in memory (postgres.kept) and reads it again only when this version has moved; the version
-- is read with the signed-in user (UserStore.SignedIn), so a page pays no round trip for it.
-- Every committed change to these tables moves it once per transaction, with the deferred
-- triggers of dashboard_version (migration 000018) and for the same reasons.
CREATE TABLE reference_version (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),  -- a single row
    version   bigint NOT NULL,
    last_xact xid8                                          -- the transaction that moved it last
);
INSERT INTO reference_version (version) VALUES (1);

CREATE FUNCTION bump_reference_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reference_version SET version = version + 1, last_xact = pg_current_xact_id()
    WHERE last_xact IS DISTINCT FROM pg_current_xact_id();
    RETURN NULL;
END
$$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['departments', 'industry_chains', 'demand_categories', 'settings',
        'work_calendar_days', 'work_calendar_years'] LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_reference_version()', t || '_reference_version', t);
    END LOOP;
END
$$;
