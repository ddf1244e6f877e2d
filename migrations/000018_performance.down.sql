DROP INDEX IF EXISTS demands_merged_into_idx;
DROP INDEX IF EXISTS demands_inbox_idx;
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['demands', 'meetings', 'invitations', 'attendees', 'meeting_departments', 'enterprises',
        'enterprise_chains', 'industry_chains', 'departments', 'demand_categories', 'settings', 'work_calendar_days'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_dashboard_version', t);
    END LOOP;
END
$$;
DROP FUNCTION IF EXISTS bump_dashboard_version();
DROP TABLE IF EXISTS dashboard_version;
DROP FUNCTION IF EXISTS workdays_between(date, date);
ALTER FUNCTION workdays_between_counted(date, date) RENAME TO workdays_between;
DROP TRIGGER IF EXISTS work_calendar_days_numbers ON work_calendar_days;
DROP FUNCTION IF EXISTS refresh_workday_numbers();
DROP TABLE IF EXISTS workday_numbers;
