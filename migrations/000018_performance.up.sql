-- Performance at a province's scale (issue #9, measured by cmd/bench at a million demands).

-- The supervision dashboard's figures are aggregates over every demand of the period; at a
-- million demands one computation takes seconds. The application keeps the figures it has
-- computed (postgres.DashboardStore) and uses them as long as this version has not moved:
-- every committed change to a table the dashboard reads moves it once per transaction. The
-- triggers are deferred to the commit, so the version row is locked last and only for the
-- moment of the commit: writers never wait on it while holding other rows (no deadlocks).
CREATE TABLE dashboard_version (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),  -- a single row
    version   bigint NOT NULL,
    last_xact xid8                                          -- the transaction that moved it last
);
INSERT INTO dashboard_version (version) VALUES (1);

CREATE FUNCTION bump_dashboard_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dashboard_version SET version = version + 1, last_xact = pg_current_xact_id()
    WHERE last_xact IS DISTINCT FROM pg_current_xact_id();
    RETURN NULL;
END
$$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['demands', 'meetings', 'invitations', 'attendees', 'meeting_departments', 'enterprises',
        'enterprise_chains', 'industry_chains', 'departments', 'demand_categories', 'settings', 'work_calendar_days'] LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_dashboard_version()', t || '_dashboard_version', t);
    END LOOP;
END
$$;

-- workdays_between (migration 000015) counted the holidays between two days with two
-- subqueries on every call: 37 µs a call, 10 s for the answer times of a year's 270,000
-- demands. Now each day has its working-day number (the working days from 1990-01-01 up to
-- and including it), so the working days between two days are a difference of two numbers.
-- The numbers are recomputed whenever the holiday calendar changes (a few milliseconds, and
-- the calendar changes a few times a year); days outside the table are counted as before.
CREATE TABLE workday_numbers (
    day date PRIMARY KEY,
    n   integer NOT NULL
);

CREATE FUNCTION refresh_workday_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM workday_numbers;
    INSERT INTO workday_numbers (day, n)
    SELECT d::date, sum(CASE WHEN extract(isodow FROM d) < 6 AND c.kind IS DISTINCT FROM 'holiday'
                               OR extract(isodow FROM d) >= 6 AND c.kind = 'workday' THEN 1 ELSE 0 END)
                    OVER (ORDER BY d)
    FROM generate_series(date '1990-01-01', date '2100-12-31', interval '1 day') AS d
    LEFT JOIN work_calendar_days c ON c.day = d::date;
    RETURN NULL;
END
$$;

CREATE TRIGGER work_calendar_days_numbers AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON work_calendar_days
    FOR EACH STATEMENT EXECUTE FUNCTION refresh_workday_numbers();

-- The count of migration 000015, for days outside the table.
ALTER FUNCTION workdays_between(date, date) RENAME TO workdays_between_counted;

CREATE FUNCTION workdays_between(from_day date, to_day date) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce((SELECT t.n FROM workday_numbers t WHERE t.day = to_day)
                  - (SELECT f.n FROM workday_numbers f WHERE f.day = from_day),
                    workdays_between_counted(from_day, to_day))
$$;

-- Fill the table now: an empty statement on the calendar fires the trigger.
UPDATE work_calendar_days SET day = day WHERE false;

-- The demands being worked on or waiting for a rating: a few percent of all. The department
-- inbox's counts reach the demands a department co-handles through this small index instead
-- of the whole table.
CREATE INDEX demands_inbox_idx ON demands (id) INCLUDE (status, deadline, lead_department_id)
    WHERE status IN ('assigned', 'in_progress', 'reopened', 'answered');

-- Deleting a demand checks that no demand was merged into it: without this index, a full scan
-- of the demands for every row deleted (the benchmark's clean-up of its submissions).
CREATE INDEX demands_merged_into_idx ON demands (merged_into) WHERE merged_into IS NOT NULL;
