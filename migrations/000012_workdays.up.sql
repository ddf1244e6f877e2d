-- China's working-day calendar (工作日): the exceptions to the Monday-to-Friday week that the
-- State Council publishes each year. Demands' time limits count working days.
-- holiday: a day off (every day of a holiday's range, weekend days included);
-- workday: a weekend day that is worked in exchange (调休上班).
CREATE TABLE work_calendar_days (
    day  date PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name text NOT NULL
);

-- A year whose schedule has been entered. A year without a row is unknown: its weeks are
-- assumed normal and any deadline falling in it is flagged.
CREATE TABLE work_calendar_years (
    year       integer PRIMARY KEY,
    source     text NOT NULL DEFAULT '',
    entered_at timestamptz,                    -- NULL for the schedules seeded here
    entered_by bigint REFERENCES users (id)
);

INSERT INTO work_calendar_years (year, source) VALUES
    (2025, '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）'),
    (2026, '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）');

INSERT INTO work_calendar_days (day, kind, name)
SELECT d::date, r.kind, r.name
FROM (VALUES
    -- 2025
    (date '2025-01-01', date '2025-01-01', 'holiday', '元旦'),
    (date '2025-01-26', date '2025-01-26', 'workday', '春节调休'),
    (date '2025-01-28', date '2025-02-04', 'holiday', '春节'),
    (date '2025-02-08', date '2025-02-08', 'workday', '春节调休'),
    (date '2025-04-04', date '2025-04-06', 'holiday', '清明节'),
    (date '2025-04-27', date '2025-04-27', 'workday', '劳动节调休'),
    (date '2025-05-01', date '2025-05-05', 'holiday', '劳动节'),
    (date '2025-05-31', date '2025-06-02', 'holiday', '端午节'),
    (date '2025-09-28', date '2025-09-28', 'workday', '国庆节、中秋节调休'),
    (date '2025-10-01', date '2025-10-08', 'holiday', '国庆节、中秋节'),
    (date '2025-10-11', date '2025-10-11', 'workday', '国庆节、中秋节调休'),
    -- 2026
    (date '2026-01-01', date '2026-01-03', 'holiday', '元旦'),
    (date '2026-01-04', date '2026-01-04', 'workday', '元旦调休'),
    (date '2026-02-14', date '2026-02-14', 'workday', '春节调休'),
    (date '2026-02-15', date '2026-02-23', 'holiday', '春节'),
    (date '2026-02-28', date '2026-02-28', 'workday', '春节调休'),
    (date '2026-04-04', date '2026-04-06', 'holiday', '清明节'),
    (date '2026-05-01', date '2026-05-05', 'holiday', '劳动节'),
    (date '2026-05-09', date '2026-05-09', 'workday', '劳动节调休'),
    (date '2026-06-19', date '2026-06-21', 'holiday', '端午节'),
    (date '2026-09-20', date '2026-09-20', 'workday', '国庆节调休'),
    (date '2026-09-25', date '2026-09-27', 'holiday', '中秋节'),
    (date '2026-10-01', date '2026-10-07', 'holiday', '国庆节'),
    (date '2026-10-10', date '2026-10-10', 'workday', '国庆节调休')
) AS r (first, last, kind, name),
LATERAL generate_series(r.first, r.last, interval '1 day') AS d;
