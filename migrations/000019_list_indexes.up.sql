-- Pages whose cost grew with the size of the database (issue #9, measured on breakfast_10k and
-- breakfast_large: 10,000 and 1,000,000 demands). Each index says which page's query it serves
-- and what EXPLAIN (ANALYZE, BUFFERS) showed before it.

-- Department inbox (/inbox): the demands a department co-handles. Its counts reached them
-- through every co-handling row of the department, closed ones included (9,470 rows for the
-- benchmark's department, 576 of them still being worked on), merge-joined with every open
-- demand of the district (42,682 entries of demands_inbox_idx): 11 ms of the counts' 13 ms at a
-- million demands, 0.5 ms at ten thousand. The co-handling row now carries its demand's state,
-- kept by the triggers below, so a partial index holds only the rows of demands being worked
-- on or answered and the counts (and the inbox list's co-handling condition) read those alone.
ALTER TABLE demand_co_departments ADD COLUMN demand_status text;
UPDATE demand_co_departments cd SET demand_status = d.status FROM demands d WHERE d.id = cd.demand_id;
ALTER TABLE demand_co_departments ALTER COLUMN demand_status SET NOT NULL;

-- A new co-handling row takes its demand's state (the statements inserting them name only the
-- demand and the department). For an unknown demand, '' lets the foreign key report it.
CREATE FUNCTION co_department_demand_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.demand_status := coalesce((SELECT d.status FROM demands d WHERE d.id = NEW.demand_id), '');
    RETURN NEW;
END
$$;
CREATE TRIGGER demand_co_departments_status BEFORE INSERT OR UPDATE OF demand_id ON demand_co_departments
    FOR EACH ROW EXECUTE FUNCTION co_department_demand_status();

-- A demand's change of state reaches its co-handling rows in the same transaction. The demand
-- row is locked first (it is being updated), so the lock order is always demand, then its rows.
CREATE FUNCTION demand_status_to_co_departments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE demand_co_departments SET demand_status = NEW.status
    WHERE demand_id = NEW.id AND demand_status IS DISTINCT FROM NEW.status;
    RETURN NULL;
END
$$;
CREATE TRIGGER demands_status_to_co_departments AFTER UPDATE OF status ON demands
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION demand_status_to_co_departments();

CREATE INDEX demand_co_departments_inbox_idx ON demand_co_departments (department_id, demand_id)
    WHERE demand_status IN ('assigned', 'in_progress', 'reopened', 'answered');

-- Demand list filtered by category and state (/demands?status=…&category=…): walked
-- demands_status_idx newest first and threw away the other categories' rows (238 of 289 rows
-- read at a million demands for a page of 51). With the category first, the page is read
-- directly, whatever the mix of categories.
CREATE INDEX demands_category_status_idx ON demands (category_id, status, created_at DESC, id DESC);

-- Meeting page (/meetings/{id}): the open demands of the earlier meetings of its series
-- (DemandReportStore.SeriesOpenDemands) read every demand of those meetings through
-- demands_meeting_idx and kept the open ones: 2,673 rows (33 meetings × ~81 demands) read for
-- 18 kept at a million demands. With the state second, each meeting's open demands are read
-- alone. Not a partial index on the open states: tried first, the planner then used it as a
-- "demand is open" bitmap for unrelated queries (the inbox list went from 6 ms to 3 s by
-- AND-ing it with demands_inbox_idx over 57,000 entries).
CREATE INDEX demands_meeting_status_idx ON demands (meeting_id, status, created_at, id);

-- The visibility map of these two tables: the inbox's counts are index-only scans, and an
-- index-only scan visits the table for every row on a page changed since the last VACUUM. At
-- the default scale factor (20 %) a million demands take 200,000 changes before autovacuum
-- comes: after the benchmark's 9,282 submissions and clean-ups the counts' index-only scan
-- still made 5,888 table visits for 8,563 rows, and the planner, knowing a fifth of the pages
-- were not all-visible, left demands_lead_department_idx for a filter over every open demand.
-- Half a percent keeps the map current at any size (5,000 changes at a million demands).
ALTER TABLE demands SET (autovacuum_vacuum_scale_factor = 0.005, autovacuum_vacuum_insert_scale_factor = 0.005);
ALTER TABLE demand_co_departments SET (autovacuum_vacuum_scale_factor = 0.005, autovacuum_vacuum_insert_scale_factor = 0.005);

-- The column is new and every row was rewritten: give the planner its statistics now.
ANALYZE demand_co_departments;
