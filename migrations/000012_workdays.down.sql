DROP TABLE IF EXISTS work_calendar_years;
DROP TABLE IF EXISTS work_calendar_days;
