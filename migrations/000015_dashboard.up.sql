-- The supervision dashboard (督办看板) and the monthly bulletin (月度通报) compute their figures
-- with SQL aggregates over demands; these are what they need besides the demands' own indexes.

CREATE FUNCTION weekdays_up_to(d date) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- Mondays to Fridays from Monday 1970-01-05 up to and including d; only differences mean anything.
    SELECT (floor((d - date '1970-01-05' + 1) / 7.0) * 5
        + least((d - date '1970-01-05' + 1) - floor((d - date '1970-01-05' + 1) / 7.0) * 7, 5))::bigint
$$;

-- Working days from one day to another, the same count as workdays.Calendar.WorkdaysBetween:
-- the working days after from_day up to and including to_day (0 on the same day, negative
-- when to_day is earlier). Mondays to Fridays count, except the holidays of
-- work_calendar_days, and its make-up working days count too.
CREATE FUNCTION workdays_between(from_day date, to_day date) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (sign(to_day - from_day) * (
        weekdays_up_to(greatest(from_day, to_day)) - weekdays_up_to(least(from_day, to_day))
        -- A holiday on a weekday takes a day away, a make-up working day on a weekend adds one.
        - (SELECT count(*) FROM work_calendar_days c
           WHERE c.day > least(from_day, to_day) AND c.day <= greatest(from_day, to_day)
             AND c.kind = 'holiday' AND extract(isodow FROM c.day) < 6)
        + (SELECT count(*) FROM work_calendar_days c
           WHERE c.day > least(from_day, to_day) AND c.day <= greatest(from_day, to_day)
             AND c.kind = 'workday' AND extract(isodow FROM c.day) >= 6)))::integer
$$;

-- A department's demands in a period (the ranking, and a department's own dashboard).
CREATE INDEX demands_lead_created_idx ON demands (lead_department_id, created_at);
-- Demands closed per month (the trend and the bulletin).
CREATE INDEX demands_closed_at_idx ON demands (closed_at) WHERE closed_at IS NOT NULL;
-- Demands answered per month (the bulletin).
CREATE INDEX demands_answered_at_idx ON demands (answered_at) WHERE answered_at IS NOT NULL;
-- The supervised list.
CREATE INDEX demands_supervised_idx ON demands (created_at) WHERE supervised;
-- Meetings of a chain (the chain filter on the meeting figures).
CREATE INDEX meetings_chain_starts_idx ON meetings (chain_id, starts_at);
-- Demands assigned and rated per month (the bulletin).
CREATE INDEX demands_assigned_at_idx ON demands (assigned_at) WHERE assigned_at IS NOT NULL;
CREATE INDEX demands_rated_at_idx ON demands (rated_at) WHERE rated_at IS NOT NULL;
